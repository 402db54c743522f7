"""Signal state kept on write: each contract's latest logged moment, spend per contract and year

Filled from the history here; afterwards the services keep it (app/contracts/signal_state.py)
and `flask signals rebuild` recomputes it.

Revision ID: d38636326281
Revises: 912566fdd31a
Create Date: 2026-12-01 08:05:31.151637

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd38636326281'
down_revision = '912566fdd31a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('contract_year_spend',
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['framework_contracts.id'], name=op.f('fk_contract_year_spend_contract_id_framework_contracts')),
    sa.PrimaryKeyConstraint('contract_id', 'year', name=op.f('pk_contract_year_spend'))
    )
    with op.batch_alter_table('framework_contracts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('latest_logged_sequence', sa.Integer(), nullable=True))
    op.execute(
        "UPDATE framework_contracts SET latest_logged_sequence = (SELECT MAX(sequence) "
        "FROM steering_moments WHERE steering_moments.contract_id = framework_contracts.id "
        "AND steering_moments.status <> 'scheduled')"
    )
    year = (
        "CAST(strftime('%Y', period_start_on) AS INTEGER)"
        if op.get_bind().dialect.name == "sqlite"
        else "CAST(EXTRACT(YEAR FROM period_start_on) AS INTEGER)"
    )
    op.execute(
        f"INSERT INTO contract_year_spend (contract_id, year, amount) SELECT contract_id, "
        f"{year}, SUM(amount) FROM spend GROUP BY contract_id, {year}"
    )



def downgrade():
    with op.batch_alter_table('framework_contracts', schema=None) as batch_op:
        batch_op.drop_column('latest_logged_sequence')

    op.drop_table('contract_year_spend')

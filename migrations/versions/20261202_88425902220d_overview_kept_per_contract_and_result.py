"""The overview's traffic lights kept on write: each contract's number of amber KPIs at its
latest logged moment (beside the red ones), and on each KPI result whether it belongs to its
running contract's latest logged moment. The overview counts colours over those results by
their index and orders contracts by the counts kept on them, instead of joining every result
ever logged to its moment and contract.

Revision ID: 88425902220d
Revises: 1632c6569f7b
Create Date: 2026-12-02 02:52:41.040544

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '88425902220d'
down_revision = '1632c6569f7b'
branch_labels = None
depends_on = None

LATEST = (
    "m.contract_id = framework_contracts.id "
    "AND m.sequence = framework_contracts.latest_logged_sequence"
)


def upgrade():
    with op.batch_alter_table('framework_contracts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('amber_kpi_count', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_index('ix_framework_contracts_kpi_colours', ['red_kpi_count', 'amber_kpi_count'], unique=False)
    with op.batch_alter_table('kpi_results', schema=None) as batch_op:
        batch_op.add_column(sa.Column('latest', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_index('ix_kpi_results_latest_kpi_rating', ['latest', 'kpi_definition_id', 'rating'], unique=False)
    op.execute(
        "UPDATE framework_contracts SET amber_kpi_count = (SELECT count(*) FROM kpi_results r "
        f"JOIN steering_moments m ON m.id = r.steering_moment_id WHERE {LATEST} "
        "AND r.rating = 'amber')"
    )
    op.execute(
        "UPDATE kpi_results SET latest = true WHERE steering_moment_id IN (SELECT m.id FROM "
        f"steering_moments m JOIN framework_contracts ON {LATEST} "
        "WHERE framework_contracts.status IN ('active', 'extended'))"
    )


def downgrade():
    with op.batch_alter_table('kpi_results', schema=None) as batch_op:
        batch_op.drop_index('ix_kpi_results_latest_kpi_rating')
        batch_op.drop_column('latest')
    with op.batch_alter_table('framework_contracts', schema=None) as batch_op:
        batch_op.drop_index('ix_framework_contracts_kpi_colours')
        batch_op.drop_column('amber_kpi_count')

"""Spend kept per municipality, target group and year (beside per contract and year): the
overview adds up a row per target group instead of every running contract's year.

Revision ID: 654166821b32
Revises: 88425902220d
Create Date: 2026-12-02 02:50:01.971250

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '654166821b32'
down_revision = '88425902220d'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('target_group_year_spend',
    sa.Column('municipality', sa.String(length=100), nullable=False),
    sa.Column('target_group_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.ForeignKeyConstraint(['target_group_id'], ['target_groups.id'], name=op.f('fk_target_group_year_spend_target_group_id_target_groups')),
    sa.PrimaryKeyConstraint('municipality', 'target_group_id', 'year', name=op.f('pk_target_group_year_spend'))
    )
    with op.batch_alter_table('target_group_year_spend', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_target_group_year_spend_target_group_id'), ['target_group_id'], unique=False)
    op.execute(
        "INSERT INTO target_group_year_spend (municipality, target_group_id, year, amount) "
        "SELECT t.municipality, l.target_group_id, s.year, sum(s.amount) "
        "FROM contract_year_spend s JOIN framework_contracts c ON c.id = s.contract_id "
        "JOIN lots l ON l.id = c.lot_id JOIN tenders t ON t.id = l.tender_id "
        "GROUP BY t.municipality, l.target_group_id, s.year"
    )


def downgrade():
    with op.batch_alter_table('target_group_year_spend', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_target_group_year_spend_target_group_id'))

    op.drop_table('target_group_year_spend')

"""Relative norms: a norm's basis and baselines per year, and how a result's norm was derived

Revision ID: c41f7d2a9e06
Revises: 8d3a6c1e5f27
Create Date: 2026-12-01 05:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c41f7d2a9e06'
down_revision = '8d3a6c1e5f27'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('kpi_targets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('basis', sa.Enum('absolute', 'relative', name='norm_basis', native_enum=False, create_constraint=True, length=32), server_default='absolute', nullable=False))
        batch_op.add_column(sa.Column('baselines', sa.JSON(), server_default='{}', nullable=False))
    with op.batch_alter_table('kpi_results', schema=None) as batch_op:
        batch_op.add_column(sa.Column('target_note', sa.String(length=300), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('kpi_results', schema=None) as batch_op:
        batch_op.drop_column('target_note')
    with op.batch_alter_table('kpi_targets', schema=None) as batch_op:
        batch_op.drop_column('baselines')
        batch_op.drop_constraint('norm_basis', type_='check')
        batch_op.drop_column('basis')

"""Target groups carry a version, now that an administrator edits them

Revision ID: 8d3a6c1e5f27
Revises: 5b8e2f0c7a13
Create Date: 2026-12-01 04:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '8d3a6c1e5f27'
down_revision = '5b8e2f0c7a13'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('target_groups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))


def downgrade():
    with op.batch_alter_table('target_groups', schema=None) as batch_op:
        batch_op.drop_column('version')

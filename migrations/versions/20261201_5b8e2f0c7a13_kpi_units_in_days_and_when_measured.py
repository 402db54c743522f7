"""KPI definitions: the unit days, and when a KPI is measured

Revision ID: 5b8e2f0c7a13
Revises: 26e73a25003b
Create Date: 2026-12-01 04:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '5b8e2f0c7a13'
down_revision = '26e73a25003b'
branch_labels = None
depends_on = None

UNITS_BEFORE = "unit IN ('count', 'eur', 'percent')"
UNITS_AFTER = "unit IN ('count', 'percent', 'eur', 'days')"


def upgrade():
    with op.batch_alter_table('kpi_definitions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('measured_when', sa.String(length=500), server_default='', nullable=False))
        batch_op.drop_constraint('kpi_unit', type_='check')
        batch_op.create_check_constraint('kpi_unit', UNITS_AFTER)


def downgrade():
    op.execute("UPDATE kpi_definitions SET unit = 'count' WHERE unit = 'days'")
    with op.batch_alter_table('kpi_definitions', schema=None) as batch_op:
        batch_op.drop_constraint('kpi_unit', type_='check')
        batch_op.create_check_constraint('kpi_unit', UNITS_BEFORE)
        batch_op.drop_column('measured_when')

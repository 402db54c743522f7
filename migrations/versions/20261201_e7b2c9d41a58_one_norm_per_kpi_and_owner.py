"""One norm per KPI and owner (lot or contract)

Two people setting a norm for the first time at once could each add one. Where that happened,
the newest row is the one pages showed and rated with (a later norm replaced the earlier in
the lookup); the older duplicates go.

Revision ID: e7b2c9d41a58
Revises: c41f7d2a9e06
Create Date: 2026-12-01 05:05:00

"""
from alembic import op


revision = 'e7b2c9d41a58'
down_revision = 'c41f7d2a9e06'
branch_labels = None
depends_on = None


def upgrade():
    for owner in ("lot_id", "contract_id"):
        op.execute(
            f"DELETE FROM kpi_targets WHERE {owner} IS NOT NULL AND id < "
            f"(SELECT MAX(newer.id) FROM kpi_targets AS newer WHERE newer.{owner} = "
            f"kpi_targets.{owner} AND newer.kpi_definition_id = kpi_targets.kpi_definition_id)"
        )
    with op.batch_alter_table('kpi_targets', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_kpi_targets_lot_kpi', ['lot_id', 'kpi_definition_id'])
        batch_op.create_unique_constraint('uq_kpi_targets_contract_kpi', ['contract_id', 'kpi_definition_id'])


def downgrade():
    with op.batch_alter_table('kpi_targets', schema=None) as batch_op:
        batch_op.drop_constraint('uq_kpi_targets_contract_kpi', type_='unique')
        batch_op.drop_constraint('uq_kpi_targets_lot_kpi', type_='unique')

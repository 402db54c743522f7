"""Signal state for reads that do not grow with history; indexes the planner can use

- whether the contract runs, kept on its steering moments and actions: the overdue signals
  walk the open rows of running contracts only (contract_running, status, due_on), not every
  open row an ended contract left behind;
- the day the latest logged moment was held and its number of red KPIs, kept on the contract:
  red KPIs are counted without reading moments and listed latest first by walking an index
  instead of sorting them all;
- spend per contract and year indexed by year: the over-budget signal reads recent years first;
- foreign keys that are nearly always empty indexed over the rows that have one: with a full
  index SQLite's statistics promise every row for any value and it scans the table instead.

Revision ID: e703ed3f115b
Revises: 0b9451bf36ce
Create Date: 2026-12-01 20:10:29.911839

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e703ed3f115b'
down_revision = '0b9451bf36ce'
branch_labels = None
depends_on = None

OPEN_ROWS = {"actions": "ix_actions", "steering_moments": "ix_steering_moments"}
MOSTLY_EMPTY = {
    "kpi_targets": "contract_id",
    "steering_moments": "logged_by_id",
    "extension_options": "decided_by_id",
    "tenders": "reviewer_id",
}


def _index(table, column, **where):
    op.create_index(f"ix_{table}_{column}", table, [column], **where)


def upgrade():
    for table, prefix in OPEN_ROWS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column('contract_running', sa.Boolean(), server_default=sa.true(), nullable=False)
            )
            batch_op.drop_index(f'{prefix}_status_due_on')
            batch_op.create_index(
                f'{prefix}_running_status_due_on', ['contract_running', 'status', 'due_on']
            )
        op.execute(
            f"UPDATE {table} SET contract_running = false WHERE NOT EXISTS (SELECT 1 FROM "
            f"framework_contracts c WHERE c.id = {table}.contract_id "
            "AND c.status IN ('active', 'extended'))"
        )
    with op.batch_alter_table('framework_contracts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('latest_held_on', sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column('red_kpi_count', sa.Integer(), server_default='0', nullable=False)
        )
        batch_op.create_index('ix_framework_contracts_latest_held_on', ['latest_held_on', 'id'])
    latest = (
        "m.contract_id = framework_contracts.id "
        "AND m.sequence = framework_contracts.latest_logged_sequence"
    )
    op.execute(
        f"UPDATE framework_contracts SET "
        f"latest_held_on = (SELECT held_on FROM steering_moments m WHERE {latest}), "
        "red_kpi_count = (SELECT count(*) FROM kpi_results r JOIN steering_moments m "
        f"ON m.id = r.steering_moment_id WHERE {latest} AND r.rating = 'red')"
    )
    op.create_index('ix_contract_year_spend_year_contract_id', 'contract_year_spend', ['year', 'contract_id'])
    for table, column in MOSTLY_EMPTY.items():
        op.drop_index(f"ix_{table}_{column}", table_name=table)
        where = sa.text(f"{column} IS NOT NULL")
        _index(table, column, sqlite_where=where, postgresql_where=where)


def downgrade():
    for table, column in MOSTLY_EMPTY.items():
        op.drop_index(f"ix_{table}_{column}", table_name=table)
        _index(table, column)
    op.drop_index('ix_contract_year_spend_year_contract_id', table_name='contract_year_spend')
    with op.batch_alter_table('framework_contracts', schema=None) as batch_op:
        batch_op.drop_index('ix_framework_contracts_latest_held_on')
        batch_op.drop_column('red_kpi_count')
        batch_op.drop_column('latest_held_on')
    for table, prefix in OPEN_ROWS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f'{prefix}_running_status_due_on')
            batch_op.create_index(f'{prefix}_status_due_on', ['status', 'due_on'])
            batch_op.drop_column('contract_running')

"""Counts read from an index alone: the running contracts with a logged moment (the
overview's total) and the number and ceilings of contracts (the contract list's totals);
at 50,000 contracts they read every contract row (11 and 5 ms on SQLite).

Revision ID: 5d2a9e7c41b8
Revises: b7e41c9a2d30
Create Date: 2026-12-08 02:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5d2a9e7c41b8'
down_revision = 'b7e41c9a2d30'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('framework_contracts', schema=None) as batch_op:
        batch_op.create_index(
            'ix_framework_contracts_status_latest_held_on', ['status', 'latest_held_on'], unique=False
        )
        batch_op.create_index(
            'ix_framework_contracts_status_ceiling', ['status', 'ceiling'], unique=False
        )


def downgrade():
    with op.batch_alter_table('framework_contracts', schema=None) as batch_op:
        batch_op.drop_index('ix_framework_contracts_status_ceiling')
        batch_op.drop_index('ix_framework_contracts_status_latest_held_on')

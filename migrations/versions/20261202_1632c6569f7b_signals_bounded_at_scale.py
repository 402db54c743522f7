"""Signals that read no more at 50,000 contracts than at 5,000

- whether a contract's spend in a year is over its lot's budget, kept with the amount: the
  over-budget signal (and the menu's count of signals, on every page) walks only those rows
  by an index, instead of comparing every running contract's years with its lot's budget;
- open options indexed by (status, deadline, id): the options in their window are read in
  the order shown, up to the first rows, instead of all of them sorted;
- lots indexed by their initial term: the longest term (which bounds the lots a budget year
  looks at) is read from the index, not from every lot.

Revision ID: 1632c6569f7b
Revises: 4c3add743458
Create Date: 2026-12-02 02:37:17.687550

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1632c6569f7b'
down_revision = '4c3add743458'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('contract_year_spend', schema=None) as batch_op:
        batch_op.add_column(sa.Column('over_budget', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_index('ix_contract_year_spend_over_budget', ['over_budget', 'year', 'contract_id'], unique=False)
    with op.batch_alter_table('extension_options', schema=None) as batch_op:
        batch_op.drop_index('ix_extension_options_notice_deadline_on')
        batch_op.create_index(
            'ix_extension_options_status_notice_deadline_on', ['status', 'notice_deadline_on', 'id']
        )
    op.create_index('ix_lots_initial_months', 'lots', ['initial_months'])
    op.execute(
        "UPDATE contract_year_spend SET over_budget = true WHERE amount > (SELECT "
        "l.budget_per_year FROM framework_contracts c JOIN lots l ON l.id = c.lot_id "
        "WHERE c.id = contract_year_spend.contract_id)"
    )


def downgrade():
    op.drop_index('ix_lots_initial_months', table_name='lots')
    with op.batch_alter_table('extension_options', schema=None) as batch_op:
        batch_op.drop_index('ix_extension_options_status_notice_deadline_on')
        batch_op.create_index('ix_extension_options_notice_deadline_on', ['notice_deadline_on'])
    with op.batch_alter_table('contract_year_spend', schema=None) as batch_op:
        batch_op.drop_index('ix_contract_year_spend_over_budget')
        batch_op.drop_column('over_budget')

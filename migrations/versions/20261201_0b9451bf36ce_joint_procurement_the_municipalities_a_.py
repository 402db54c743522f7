"""Joint procurement: the municipalities a tender is bought on behalf of, and budgets per lot, municipality and year

Revision ID: 0b9451bf36ce
Revises: 01c26050564b
Create Date: 2026-12-01 17:15:46.868577

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0b9451bf36ce'
down_revision = '01c26050564b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('tender_participants',
    sa.Column('tender_id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_tender_participants_municipality_id_municipalities')),
    sa.ForeignKeyConstraint(['tender_id'], ['tenders.id'], name=op.f('fk_tender_participants_tender_id_tenders')),
    sa.PrimaryKeyConstraint('tender_id', 'municipality_id', name=op.f('pk_tender_participants'))
    )
    with op.batch_alter_table('tender_participants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tender_participants_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('lot_budgets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lot_id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_lot_budgets_amount')),
    sa.ForeignKeyConstraint(['lot_id'], ['lots.id'], name=op.f('fk_lot_budgets_lot_id_lots')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_lot_budgets_municipality_id_municipalities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lot_budgets')),
    sa.UniqueConstraint('lot_id', 'municipality_id', 'year', name='uq_lot_budgets_lot_year')
    )
    with op.batch_alter_table('lot_budgets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lot_budgets_lot_id'), ['lot_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lot_budgets_municipality_id'), ['municipality_id'], unique=False)



def downgrade():
    with op.batch_alter_table('lot_budgets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lot_budgets_municipality_id'))
        batch_op.drop_index(batch_op.f('ix_lot_budgets_lot_id'))

    op.drop_table('lot_budgets')
    with op.batch_alter_table('tender_participants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tender_participants_municipality_id'))

    op.drop_table('tender_participants')

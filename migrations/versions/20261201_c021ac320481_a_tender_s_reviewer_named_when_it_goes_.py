"""A tender's reviewer, named when it goes to review

Tenders already in review keep none; they get one when they are offered for review again.

Revision ID: c021ac320481
Revises: d38636326281
Create Date: 2026-12-01 14:06:43.046707

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c021ac320481'
down_revision = 'd38636326281'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('tenders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reviewer_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_tenders_reviewer_id'), ['reviewer_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_tenders_reviewer_id_users'), 'users', ['reviewer_id'], ['id'])


def downgrade():
    with op.batch_alter_table('tenders', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_tenders_reviewer_id_users'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_tenders_reviewer_id'))
        batch_op.drop_column('reviewer_id')

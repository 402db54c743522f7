"""The data version in sixteen stripes: a committing writer stamps one of them, chosen at
random, so writers no longer wait for each other's commit on one row; the version is the sum.

Revision ID: 4c3add743458
Revises: e703ed3f115b
Create Date: 2026-12-02 00:10:00.000000

"""
import secrets
import uuid

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4c3add743458'
down_revision = 'e703ed3f115b'
branch_labels = None
depends_on = None

STRIPES = 16


def upgrade():
    op.drop_table('data_version')
    stripes = op.create_table('data_version',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('stamp', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_version'))
    )
    op.bulk_insert(
        stripes, [{'id': n, 'stamp': secrets.randbits(52)} for n in range(1, STRIPES + 1)]
    )


def downgrade():
    op.drop_table('data_version')
    single = op.create_table('data_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_version'))
    )
    op.bulk_insert(single, [{'id': 1, 'token': uuid.uuid4().hex}])

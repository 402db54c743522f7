"""The page cache goes, and with it the data version every committing writer stamped: every
page is read afresh, so nothing shown can be stale and no commit waits on another's stamp.

Revision ID: b7e41c9a2d30
Revises: 654166821b32
Create Date: 2026-12-08 01:45:00.000000

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e41c9a2d30'
down_revision = '654166821b32'
branch_labels = None
depends_on = None

STRIPES = 16


def upgrade():
    op.drop_table('data_version')


def downgrade():
    stripes = op.create_table('data_version',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('stamp', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_version'))
    )
    op.bulk_insert(
        stripes, [{'id': n, 'stamp': secrets.randbits(52)} for n in range(1, STRIPES + 1)]
    )

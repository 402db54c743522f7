"""drop the extension option's request link; requests are found by their object

Revision ID: 97af7b77ab06
Revises: 567530bfddb4
Create Date: 2026-11-23 14:28:11.198057

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '97af7b77ab06'
down_revision = '567530bfddb4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('extension_options', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_extension_options_approval_request_id_approval_requests'), type_='foreignkey')
        batch_op.drop_column('approval_request_id')



def downgrade():
    with op.batch_alter_table('extension_options', schema=None) as batch_op:
        batch_op.add_column(sa.Column('approval_request_id', sa.INTEGER(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_extension_options_approval_request_id_approval_requests'), 'approval_requests', ['approval_request_id'], ['id'])


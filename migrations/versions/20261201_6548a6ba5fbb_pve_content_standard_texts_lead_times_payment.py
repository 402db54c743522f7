"""What a published PvE holds: standard texts, lead times, payment models, planning

Standard clauses (kept by the functional administrator) and their copies per tender; the
earlier decisions a tender cites; per lot the target group profile, the process chain's lead
times, the payment model and an internal note that is never printed; per tender the planning
between publication and award, social return, data-breach notification and retention.

Revision ID: 6548a6ba5fbb
Revises: e7b2c9d41a58
Create Date: 2026-12-01 06:52:19.654807

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6548a6ba5fbb'
down_revision = 'e7b2c9d41a58'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('standard_clauses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('chapter', sa.Enum('results', 'quality', 'privacy', 'reporting', 'invoicing', 'conditions', 'glossary', name='clause_chapter', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_standard_clauses')),
    sa.UniqueConstraint('code', name=op.f('uq_standard_clauses_code'))
    )
    op.create_table('tender_clauses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tender_id', sa.Integer(), nullable=False),
    sa.Column('standard_clause_id', sa.Integer(), nullable=True),
    sa.Column('chapter', sa.Enum('results', 'quality', 'privacy', 'reporting', 'invoicing', 'conditions', 'glossary', name='tender_clause_chapter', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['standard_clause_id'], ['standard_clauses.id'], name=op.f('fk_tender_clauses_standard_clause_id_standard_clauses')),
    sa.ForeignKeyConstraint(['tender_id'], ['tenders.id'], name=op.f('fk_tender_clauses_tender_id_tenders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tender_clauses'))
    )
    with op.batch_alter_table('tender_clauses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tender_clauses_standard_clause_id'), ['standard_clause_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tender_clauses_tender_id'), ['tender_id'], unique=False)

    op.create_table('tender_decisions',
    sa.Column('tender_id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_tender_decisions_decision_id_decisions')),
    sa.ForeignKeyConstraint(['tender_id'], ['tenders.id'], name=op.f('fk_tender_decisions_tender_id_tenders')),
    sa.PrimaryKeyConstraint('tender_id', 'decision_id', name=op.f('pk_tender_decisions'))
    )
    with op.batch_alter_table('tender_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tender_decisions_decision_id'), ['decision_id'], unique=False)

    with op.batch_alter_table('lots', schema=None) as batch_op:
        batch_op.add_column(sa.Column('internal_note', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('target_group_profile', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('intake_days', sa.Integer(), server_default='10', nullable=False))
        batch_op.add_column(sa.Column('plan_weeks', sa.Integer(), server_default='4', nullable=False))
        batch_op.add_column(sa.Column('aftercare_months', sa.Integer(), server_default='6', nullable=False))
        batch_op.add_column(sa.Column('report_back_days', sa.Integer(), server_default='2', nullable=False))
        batch_op.add_column(sa.Column('lasting_outflow_months', sa.Integer(), server_default='6', nullable=False))
        batch_op.add_column(sa.Column('payment_model', sa.Enum('trajectory', 'start_and_result', 'placement', 'lump_sum', 'mixed', name='payment_model', native_enum=False, create_constraint=True, length=32), server_default='trajectory', nullable=False))
        batch_op.add_column(sa.Column('start_fee', sa.Numeric(precision=14, scale=2), nullable=True))
        batch_op.add_column(sa.Column('result_fee', sa.Numeric(precision=14, scale=2), nullable=True))
        batch_op.add_column(sa.Column('result_share_percent', sa.Numeric(precision=5, scale=2), nullable=True))
        batch_op.create_check_constraint('lead_times', 'intake_days > 0 AND plan_weeks > 0 AND aftercare_months > 0 AND report_back_days > 0 AND lasting_outflow_months > 0')
        batch_op.create_check_constraint('start_fee', 'start_fee IS NULL OR start_fee >= 0')
        batch_op.create_check_constraint('result_fee', 'result_fee IS NULL OR result_fee >= 0')
        batch_op.create_check_constraint('result_share_percent', 'result_share_percent IS NULL OR (result_share_percent >= 0 AND result_share_percent <= 100)')

    with op.batch_alter_table('tenders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('questions_until', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('answers_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('award_decision_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('social_return_percent', sa.Numeric(precision=5, scale=2), nullable=True))
        batch_op.add_column(sa.Column('breach_notification_hours', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('retention_years', sa.Integer(), nullable=True))
        batch_op.create_check_constraint('social_return_percent', 'social_return_percent IS NULL OR (social_return_percent >= 0 AND social_return_percent <= 100)')
        batch_op.create_check_constraint('breach_notification_hours', 'breach_notification_hours IS NULL OR breach_notification_hours > 0')
        batch_op.create_check_constraint('retention', 'retention_years IS NULL OR retention_years > 0')



def downgrade():
    with op.batch_alter_table('tenders', schema=None) as batch_op:
        for name in ('retention', 'breach_notification_hours', 'social_return_percent'):
            batch_op.drop_constraint(name, type_='check')
        batch_op.drop_column('retention_years')
        batch_op.drop_column('breach_notification_hours')
        batch_op.drop_column('social_return_percent')
        batch_op.drop_column('award_decision_on')
        batch_op.drop_column('answers_on')
        batch_op.drop_column('questions_until')

    with op.batch_alter_table('lots', schema=None) as batch_op:
        for name in ('result_share_percent', 'result_fee', 'start_fee', 'lead_times', 'payment_model'):
            batch_op.drop_constraint(name, type_='check')
        batch_op.drop_column('result_share_percent')
        batch_op.drop_column('result_fee')
        batch_op.drop_column('start_fee')
        batch_op.drop_column('payment_model')
        batch_op.drop_column('lasting_outflow_months')
        batch_op.drop_column('report_back_days')
        batch_op.drop_column('aftercare_months')
        batch_op.drop_column('plan_weeks')
        batch_op.drop_column('intake_days')
        batch_op.drop_column('target_group_profile')
        batch_op.drop_column('internal_note')

    with op.batch_alter_table('tender_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tender_decisions_decision_id'))

    op.drop_table('tender_decisions')
    with op.batch_alter_table('tender_clauses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tender_clauses_tender_id'))
        batch_op.drop_index(batch_op.f('ix_tender_clauses_standard_clause_id'))

    op.drop_table('tender_clauses')
    op.drop_table('standard_clauses')

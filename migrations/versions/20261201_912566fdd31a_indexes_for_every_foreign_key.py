"""An index for every foreign key

Without one, every read of a row's children (a moment's actions, a bid's scores) and every
delete of a parent scans the child table.

Revision ID: 912566fdd31a
Revises: 6ef2e6ab7774
Create Date: 2026-12-01 08:00:38.180918

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '912566fdd31a'
down_revision = '6ef2e6ab7774'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_actions_steering_moment_id'), ['steering_moment_id'], unique=False)

    with op.batch_alter_table('approval_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_approval_requests_decided_by_id'), ['decided_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_approval_requests_requester_id'), ['requester_id'], unique=False)

    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_actor_id'), ['actor_id'], unique=False)

    with op.batch_alter_table('bid_scores', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bid_scores_criterion_id'), ['criterion_id'], unique=False)

    with op.batch_alter_table('bids', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bids_supplier_id'), ['supplier_id'], unique=False)

    with op.batch_alter_table('contract_subcontractors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contract_subcontractors_supplier_id'), ['supplier_id'], unique=False)

    with op.batch_alter_table('document_templates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_templates_uploaded_by_id'), ['uploaded_by_id'], unique=False)

    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_approval_request_id'), ['approval_request_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_created_by_id'), ['created_by_id'], unique=False)

    with op.batch_alter_table('extension_options', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_extension_options_decided_by_id'), ['decided_by_id'], unique=False)

    with op.batch_alter_table('kpi_results', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kpi_results_kpi_definition_id'), ['kpi_definition_id'], unique=False)

    with op.batch_alter_table('kpi_targets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kpi_targets_kpi_definition_id'), ['kpi_definition_id'], unique=False)

    with op.batch_alter_table('lot_requirements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lot_requirements_library_requirement_id'), ['library_requirement_id'], unique=False)

    with op.batch_alter_table('lots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lots_target_group_id'), ['target_group_id'], unique=False)

    with op.batch_alter_table('requirement_target_groups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_requirement_target_groups_target_group_id'), ['target_group_id'], unique=False)

    with op.batch_alter_table('steering_moments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_steering_moments_logged_by_id'), ['logged_by_id'], unique=False)

    with op.batch_alter_table('suppliers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suppliers_main_contractor_id'), ['main_contractor_id'], unique=False)

    with op.batch_alter_table('tender_notices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tender_notices_created_by_id'), ['created_by_id'], unique=False)



def downgrade():
    with op.batch_alter_table('tender_notices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tender_notices_created_by_id'))

    with op.batch_alter_table('suppliers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_suppliers_main_contractor_id'))

    with op.batch_alter_table('steering_moments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_steering_moments_logged_by_id'))

    with op.batch_alter_table('requirement_target_groups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_requirement_target_groups_target_group_id'))

    with op.batch_alter_table('lots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lots_target_group_id'))

    with op.batch_alter_table('lot_requirements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lot_requirements_library_requirement_id'))

    with op.batch_alter_table('kpi_targets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kpi_targets_kpi_definition_id'))

    with op.batch_alter_table('kpi_results', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kpi_results_kpi_definition_id'))

    with op.batch_alter_table('extension_options', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_extension_options_decided_by_id'))

    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_created_by_id'))
        batch_op.drop_index(batch_op.f('ix_documents_approval_request_id'))

    with op.batch_alter_table('document_templates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_templates_uploaded_by_id'))

    with op.batch_alter_table('contract_subcontractors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contract_subcontractors_supplier_id'))

    with op.batch_alter_table('bids', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bids_supplier_id'))

    with op.batch_alter_table('bid_scores', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bid_scores_criterion_id'))

    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_events_actor_id'))

    with op.batch_alter_table('approval_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_approval_requests_requester_id'))
        batch_op.drop_index(batch_op.f('ix_approval_requests_decided_by_id'))

    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_actions_steering_moment_id'))


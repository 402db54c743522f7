"""Programmes: objectives, norms, realisations and reporting moments

Revision ID: 01c26050564b
Revises: 8df3fe801655
Create Date: 2026-12-01 17:02:22.499736

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '01c26050564b'
down_revision = '8df3fe801655'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('programmes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('main_objective', sa.Text(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('first_year', sa.Integer(), nullable=False),
    sa.Column('last_year', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('last_year >= first_year', name=op.f('ck_programmes_years')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_programmes_municipality_id_municipalities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programmes'))
    )
    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programmes_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('objectives',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('intended_results', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_objectives_programme_id_programmes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_objectives'))
    )
    with op.batch_alter_table('objectives', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_objectives_programme_id'), ['programme_id'], unique=False)

    op.create_table('reporting_moments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('annual_report', 'progress_report', 'evaluation', 'council_decision', name='report_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('delivered_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_reporting_moments_programme_id_programmes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reporting_moments'))
    )
    with op.batch_alter_table('reporting_moments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reporting_moments_programme_id'), ['programme_id'], unique=False)

    op.create_table('programme_norms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('objective_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('measure', sa.Enum('figure', 'described', name='norm_measure', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('basis', sa.Enum('absolute', 'relative', name='programme_norm_basis', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('unit', sa.Enum('count', 'percent', 'eur', 'days', name='programme_norm_unit', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('target_value', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('tolerance_percent', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('baselines', sa.JSON(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("measure = 'described' OR (basis IS NOT NULL AND unit IS NOT NULL AND target_value IS NOT NULL)", name=op.f('ck_programme_norms_figure_norm')),
    sa.CheckConstraint('tolerance_percent >= 0', name=op.f('ck_programme_norms_tolerance')),
    sa.ForeignKeyConstraint(['objective_id'], ['objectives.id'], name=op.f('fk_programme_norms_objective_id_objectives')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_norms'))
    )
    with op.batch_alter_table('programme_norms', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_norms_objective_id'), ['objective_id'], unique=False)

    op.create_table('realisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('norm_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('value', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('norm_value', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('rating', sa.Enum('green', 'amber', 'red', name='realisation_rating', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['norm_id'], ['programme_norms.id'], name=op.f('fk_realisations_norm_id_programme_norms')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_realisations')),
    sa.UniqueConstraint('norm_id', 'year', name='uq_realisations_norm_year')
    )
    with op.batch_alter_table('realisations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_realisations_norm_id'), ['norm_id'], unique=False)



def downgrade():
    with op.batch_alter_table('realisations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_realisations_norm_id'))

    op.drop_table('realisations')
    with op.batch_alter_table('programme_norms', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_norms_objective_id'))

    op.drop_table('programme_norms')
    with op.batch_alter_table('reporting_moments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reporting_moments_programme_id'))

    op.drop_table('reporting_moments')
    with op.batch_alter_table('objectives', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_objectives_programme_id'))

    op.drop_table('objectives')
    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programmes_municipality_id'))

    op.drop_table('programmes')

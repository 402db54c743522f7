"""Municipalities, segmentation schemes, target group sizes, budget plans, routes and payment models beyond Haarlem

Revision ID: 8df3fe801655
Revises: 58bd7072ac6a
Create Date: 2026-12-01 16:54:08.005577

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8df3fe801655'
down_revision = '58bd7072ac6a'
branch_labels = None
depends_on = None

SOL_SEGMENTS = (  # (code, name, the distance it replaces)
    ("1", "Geen afstand tot de arbeidsmarkt", "none"),
    ("2.1", "Overbrugbare afstand, werknemersvaardigheden leren", "bridgeable"),
    ("2.2", "Overbrugbare afstand, productiviteit compenseren", "-"),
    ("2.3", "Onoverbrugbare afstand", "unbridgeable"),
)
ROUTES_BEFORE = "route IN ('tender', 'in_house', 'referral')"
ROUTES_AFTER = (
    "route IN ('tender', 'in_house', 'referral', 'joint_arrangement', 'subsidy', "
    "'cooperation', 'municipal_purchase')"
)
PAYMENTS = "'trajectory', 'start_and_result', 'placement', 'lump_sum', 'mixed'"
PAYMENT_BEFORE = f"payment_model IN ({PAYMENTS})"
PAYMENT_AFTER = f"payment_model IN ({PAYMENTS}, 'margin_and_fee')"


def upgrade():
    op.create_table('segmentation_schemes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_segmentation_schemes')),
    sa.UniqueConstraint('code', name=op.f('uq_segmentation_schemes_code'))
    )
    op.create_table('municipalities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('scheme_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['scheme_id'], ['segmentation_schemes.id'], name=op.f('fk_municipalities_scheme_id_segmentation_schemes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_municipalities')),
    sa.UniqueConstraint('code', name=op.f('uq_municipalities_code')),
    sa.UniqueConstraint('name', name=op.f('uq_municipalities_name'))
    )
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_municipalities_scheme_id'), ['scheme_id'], unique=False)

    op.create_table('segments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scheme_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['scheme_id'], ['segmentation_schemes.id'], name=op.f('fk_segments_scheme_id_segmentation_schemes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_segments')),
    sa.UniqueConstraint('scheme_id', 'code', name='uq_segments_scheme_code')
    )
    with op.batch_alter_table('segments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_segments_scheme_id'), ['scheme_id'], unique=False)

    op.create_table('budget_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('printed_balance', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('adopted_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_budget_plans_municipality_id_municipalities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_plans')),
    sa.UniqueConstraint('municipality_id', 'year', name='uq_budget_plans_municipality_year')
    )
    with op.batch_alter_table('budget_plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_plans_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('budget_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('side', sa.Enum('income', 'spending', name='budget_side', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('printed_total', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('segment_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['budget_plans.id'], name=op.f('fk_budget_groups_plan_id_budget_plans')),
    sa.ForeignKeyConstraint(['segment_id'], ['segments.id'], name=op.f('fk_budget_groups_segment_id_segments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_groups'))
    )
    with op.batch_alter_table('budget_groups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_groups_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_budget_groups_segment_id'), ['segment_id'], unique=False)

    op.create_table('target_group_sizes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('target_group_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('low', sa.Integer(), nullable=False),
    sa.Column('high', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('low >= 0 AND high >= low', name=op.f('ck_target_group_sizes_size_range')),
    sa.ForeignKeyConstraint(['target_group_id'], ['target_groups.id'], name=op.f('fk_target_group_sizes_target_group_id_target_groups')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_target_group_sizes')),
    sa.UniqueConstraint('target_group_id', 'year', name='uq_target_group_sizes_group_year')
    )
    with op.batch_alter_table('target_group_sizes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_target_group_sizes_target_group_id'), ['target_group_id'], unique=False)

    op.create_table('budget_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.Enum('income', 'lot', 'contract', 'staff', 'research', 'contribution', 'instruments', 'other', name='budget_line_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('lot_id', sa.Integer(), nullable=True),
    sa.Column('contract_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("(kind = 'contract') = (contract_id IS NOT NULL)", name=op.f('ck_budget_lines_contract_line')),
    sa.CheckConstraint("(kind = 'lot') = (lot_id IS NOT NULL)", name=op.f('ck_budget_lines_lot_line')),
    sa.CheckConstraint('amount IS NULL OR amount >= 0', name=op.f('ck_budget_lines_amount')),
    sa.ForeignKeyConstraint(['contract_id'], ['framework_contracts.id'], name=op.f('fk_budget_lines_contract_id_framework_contracts')),
    sa.ForeignKeyConstraint(['group_id'], ['budget_groups.id'], name=op.f('fk_budget_lines_group_id_budget_groups')),
    sa.ForeignKeyConstraint(['lot_id'], ['lots.id'], name=op.f('fk_budget_lines_lot_id_lots')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_lines'))
    )
    with op.batch_alter_table('budget_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_lines_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_budget_lines_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_budget_lines_lot_id'), ['lot_id'], unique=False)

    # Existing target groups were one municipality's, sorted by Sol's three distances: they
    # move to that municipality (the one their tenders name) and to Sol's scheme.
    with op.batch_alter_table('target_groups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('municipality_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('segment_id', sa.Integer(), nullable=True))
    connection = op.get_bind()
    if connection.execute(sa.text("SELECT count(*) FROM target_groups")).scalar():
        name = connection.execute(sa.text(
            "SELECT municipality FROM tenders GROUP BY municipality ORDER BY count(*) DESC"
        )).scalar() or "Haarlem"
        connection.execute(sa.text(
            "INSERT INTO segmentation_schemes (code, name, source, version) "
            "VALUES ('sol_fit_or_unfit', 'Fit or Unfit (Sol e.a.)', "
            "'Sol e.a., Fit or Unfit, naar expliciete re-integratie theorieën (UvA, 2011)', 1)"
        ))
        scheme = connection.execute(sa.text("SELECT id FROM segmentation_schemes")).scalar()
        for position, (code, label, old) in enumerate(SOL_SEGMENTS, start=1):
            connection.execute(sa.text(
                "INSERT INTO segments (scheme_id, code, name, description, position, version) "
                "VALUES (:scheme, :code, :name, '', :position, 1)"
            ), {"scheme": scheme, "code": code, "name": label, "position": position})
            connection.execute(sa.text(
                "UPDATE target_groups SET segment_id = "
                "(SELECT id FROM segments WHERE code = :code) WHERE segment = :old"
            ), {"code": code, "old": old})
        connection.execute(sa.text(
            "INSERT INTO municipalities (code, name, scheme_id, version) "
            "VALUES (:code, :name, :scheme, 1)"
        ), {"code": name.lower().replace("-", "_").replace(" ", "_"), "name": name, "scheme": scheme})
        connection.execute(sa.text(
            "UPDATE target_groups SET municipality_id = (SELECT id FROM municipalities)"
        ))
    with op.batch_alter_table('target_groups', schema=None) as batch_op:
        batch_op.alter_column('municipality_id', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('segment_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f('ix_target_groups_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_target_groups_segment_id'), ['segment_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_target_groups_municipality_id_municipalities'), 'municipalities', ['municipality_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_target_groups_segment_id_segments'), 'segments', ['segment_id'], ['id'])
        batch_op.drop_constraint('segment', type_='check')
        batch_op.drop_column('segment')
    with op.batch_alter_table('tenders', schema=None) as batch_op:
        batch_op.drop_constraint('route', type_='check')
        batch_op.create_check_constraint('route', ROUTES_AFTER)
    with op.batch_alter_table('lots', schema=None) as batch_op:
        batch_op.drop_constraint('payment_model', type_='check')
        batch_op.create_check_constraint('payment_model', PAYMENT_AFTER)



def downgrade():
    op.execute("UPDATE tenders SET route = 'in_house' WHERE route NOT IN ('tender', 'in_house', 'referral')")
    op.execute("UPDATE lots SET payment_model = 'placement' WHERE payment_model = 'margin_and_fee'")
    with op.batch_alter_table('lots', schema=None) as batch_op:
        batch_op.drop_constraint('payment_model', type_='check')
        batch_op.create_check_constraint('payment_model', PAYMENT_BEFORE)
    with op.batch_alter_table('tenders', schema=None) as batch_op:
        batch_op.drop_constraint('route', type_='check')
        batch_op.create_check_constraint('route', ROUTES_BEFORE)
    # Back to Sol's three distances; a segment of another scheme counts as bridgeable.
    with op.batch_alter_table('target_groups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('segment', sa.VARCHAR(length=32), nullable=True))
    op.execute("UPDATE target_groups SET segment = 'bridgeable'")
    for code, _, old in SOL_SEGMENTS:
        if old == "-":
            continue  # 2.2 is bridgeable, as every segment of another scheme
        op.execute(sa.text(
            "UPDATE target_groups SET segment = :old WHERE segment_id IN "
            "(SELECT id FROM segments WHERE code = :code)"
        ).bindparams(old=old, code=code))
    with op.batch_alter_table('target_groups', schema=None) as batch_op:
        batch_op.alter_column('segment', existing_type=sa.VARCHAR(length=32), nullable=False)
        batch_op.create_check_constraint('segment', "segment IN ('none', 'bridgeable', 'unbridgeable')")
        batch_op.drop_constraint(batch_op.f('fk_target_groups_segment_id_segments'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_target_groups_municipality_id_municipalities'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_target_groups_segment_id'))
        batch_op.drop_index(batch_op.f('ix_target_groups_municipality_id'))
        batch_op.drop_column('segment_id')
        batch_op.drop_column('municipality_id')

    with op.batch_alter_table('budget_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_lines_lot_id'))
        batch_op.drop_index(batch_op.f('ix_budget_lines_group_id'))
        batch_op.drop_index(batch_op.f('ix_budget_lines_contract_id'))

    op.drop_table('budget_lines')
    with op.batch_alter_table('target_group_sizes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_target_group_sizes_target_group_id'))

    op.drop_table('target_group_sizes')
    with op.batch_alter_table('budget_groups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_groups_segment_id'))
        batch_op.drop_index(batch_op.f('ix_budget_groups_plan_id'))

    op.drop_table('budget_groups')
    with op.batch_alter_table('budget_plans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_plans_municipality_id'))

    op.drop_table('budget_plans')
    with op.batch_alter_table('segments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_segments_scheme_id'))

    op.drop_table('segments')
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_municipalities_scheme_id'))

    op.drop_table('municipalities')
    op.drop_table('segmentation_schemes')

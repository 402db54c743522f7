"""store the contract's current end and each option's notice deadline

Revision ID: 7a1e0c2d9b41
Revises: d38cfb30af80
Create Date: 2026-11-23 14:05:00

"""

from datetime import date

import sqlalchemy as sa
from alembic import op

from app.core.dates import add_months, term_end

revision = "7a1e0c2d9b41"
down_revision = "d38cfb30af80"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("framework_contracts") as batch_op:
        batch_op.add_column(sa.Column("current_end_on", sa.Date(), nullable=True))
    with op.batch_alter_table("extension_options") as batch_op:
        batch_op.add_column(sa.Column("notice_deadline_on", sa.Date(), nullable=True))

    connection = op.get_bind()
    contracts = connection.execute(
        sa.text("SELECT id, start_on, initial_months FROM framework_contracts")
    ).all()
    for contract_id, start_on, initial_months in contracts:
        if isinstance(start_on, str):  # SQLite returns dates as text through plain SQL
            start_on = date.fromisoformat(start_on)
        options = connection.execute(
            sa.text(
                "SELECT id, months, notice_months, status FROM extension_options "
                "WHERE contract_id = :id ORDER BY number"
            ),
            {"id": contract_id},
        ).all()
        months, exercised = initial_months, initial_months
        for option_id, option_months, notice_months, status in options:
            deadline = add_months(term_end(start_on, months), -notice_months)
            connection.execute(
                sa.text("UPDATE extension_options SET notice_deadline_on = :d WHERE id = :id"),
                {"d": deadline, "id": option_id},
            )
            months += option_months
            if status == "exercised":
                exercised += option_months
        connection.execute(
            sa.text("UPDATE framework_contracts SET current_end_on = :d WHERE id = :id"),
            {"d": term_end(start_on, exercised), "id": contract_id},
        )

    with op.batch_alter_table("framework_contracts") as batch_op:
        batch_op.alter_column("current_end_on", nullable=False)
        batch_op.create_index(
            batch_op.f("ix_framework_contracts_current_end_on"), ["current_end_on"]
        )
    with op.batch_alter_table("extension_options") as batch_op:
        batch_op.alter_column("notice_deadline_on", nullable=False)
        batch_op.create_index(
            batch_op.f("ix_extension_options_notice_deadline_on"), ["notice_deadline_on"]
        )


def downgrade():
    with op.batch_alter_table("extension_options") as batch_op:
        batch_op.drop_index(batch_op.f("ix_extension_options_notice_deadline_on"))
        batch_op.drop_column("notice_deadline_on")
    with op.batch_alter_table("framework_contracts") as batch_op:
        batch_op.drop_index(batch_op.f("ix_framework_contracts_current_end_on"))
        batch_op.drop_column("current_end_on")

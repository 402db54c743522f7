"""A municipality's budget plan for a year: what is available (income) and where it goes
(spending), in groups as the source document prints them, with the totals it prints."""

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import Money, Timestamped, Versioned
from app.core.statuses import LabeledEnum, enum_column
from app.extensions import db
from app.tenders.joint_models import budget_of

if TYPE_CHECKING:
    from app.contracts.models import FrameworkContract
    from app.reference.models import Municipality, Segment
    from app.tenders.models import Lot


class BudgetSide(LabeledEnum):
    INCOME = "income", "Beschikbaar budget"
    SPENDING = "spending", "Uitgaven"


class LineKind(LabeledEnum):
    INCOME = "income", "Inkomsten"
    LOT = "lot", "Perceel van een inkooptraject"
    CONTRACT = "contract", "Contract"
    STAFF = "staff", "Personeel"
    RESEARCH = "research", "Onderzoek"
    CONTRIBUTION = "contribution", "Bijdrage"
    INSTRUMENTS = "instruments", "Instrumenten"
    OTHER = "other", "Overig"


class BudgetPlan(Timestamped, Versioned, db.Model):
    __tablename__ = "budget_plans"
    __label__ = "Begroting"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipalities.id"), index=True, info={"label": "gemeente"}
    )
    year: Mapped[int] = mapped_column(info={"label": "jaar"})
    title: Mapped[str] = mapped_column(sa.String(300), info={"label": "titel"})
    source: Mapped[str] = mapped_column(sa.Text, default="", info={"label": "bron"})
    # The balance as the source prints it ("Totaal € 0"); None when it prints none.
    printed_balance: Mapped[Decimal | None] = mapped_column(
        Money, info={"label": "saldo volgens de bron", "money": True}
    )
    adopted_on: Mapped[date | None] = mapped_column(info={"label": "vastgesteld op"})

    municipality: Mapped["Municipality"] = relationship()
    groups: Mapped[list["BudgetGroup"]] = relationship(
        back_populates="plan",
        order_by="(BudgetGroup.side, BudgetGroup.position, BudgetGroup.id)",
        cascade="all, delete-orphan",
    )

    __table_args__ = (
        sa.UniqueConstraint("municipality_id", "year", name="uq_budget_plans_municipality_year"),
    )


class BudgetGroup(Versioned, db.Model):
    """A heading of the plan (a perspective, a target group, a programme part) and the total
    the source prints under it."""

    __tablename__ = "budget_groups"
    __label__ = "Begrotingsgroep"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        sa.ForeignKey("budget_plans.id"), index=True, info={"label": "begroting"}
    )
    side: Mapped[BudgetSide] = enum_column(BudgetSide, "budget_side", info={"label": "kant"})
    name: Mapped[str] = mapped_column(sa.String(200), info={"label": "naam"})
    position: Mapped[int] = mapped_column(default=0, info={"label": "volgorde"})
    printed_total: Mapped[Decimal | None] = mapped_column(
        Money, info={"label": "totaal volgens de bron", "money": True}
    )
    # What the group stands for in the municipality's own scheme, when it is a segment.
    segment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("segments.id"), index=True, info={"label": "segment"}
    )

    plan: Mapped[BudgetPlan] = relationship(back_populates="groups")
    segment: Mapped["Segment | None"] = relationship()
    lines: Mapped[list["BudgetLine"]] = relationship(
        back_populates="group",
        order_by="(BudgetLine.position, BudgetLine.id)",
        cascade="all, delete-orphan",
    )


class BudgetLine(Versioned, db.Model):
    __tablename__ = "budget_lines"
    __label__ = "Begrotingsregel"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        sa.ForeignKey("budget_groups.id"), index=True, info={"label": "groep"}
    )
    name: Mapped[str] = mapped_column(sa.String(300), info={"label": "omschrijving"})
    kind: Mapped[LineKind] = enum_column(LineKind, "budget_line_kind", info={"label": "soort"})
    # None means "ntb": no amount yet. A lot's line takes the lot's budget instead.
    amount: Mapped[Decimal | None] = mapped_column(Money, info={"label": "bedrag", "money": True})
    lot_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("lots.id"), index=True, info={"label": "perceel"}
    )
    contract_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("framework_contracts.id"), index=True, info={"label": "contract"}
    )
    position: Mapped[int] = mapped_column(default=0, info={"label": "volgorde"})

    group: Mapped[BudgetGroup] = relationship(back_populates="lines")
    lot: Mapped["Lot | None"] = relationship()
    contract: Mapped["FrameworkContract | None"] = relationship()

    @property
    def planned_amount(self) -> Decimal | None:
        """What the line plans for the year; a lot's line follows the lot's budget of the
        plan's municipality and year."""
        if self.kind == LineKind.LOT and self.lot is not None:
            plan = self.group.plan
            return budget_of(self.lot, plan.municipality.name, plan.year)
        return self.amount

    __table_args__ = (
        sa.CheckConstraint("(kind = 'lot') = (lot_id IS NOT NULL)", name="lot_line"),
        sa.CheckConstraint("(kind = 'contract') = (contract_id IS NOT NULL)", name="contract_line"),
        sa.CheckConstraint("amount IS NULL OR amount >= 0", name="amount"),
    )

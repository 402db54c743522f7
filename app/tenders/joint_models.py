"""Joint procurement and budgets per year: the municipalities a lead municipality buys on
behalf of, and each one's budget per lot and year."""

from decimal import Decimal
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import Money, Versioned
from app.extensions import db

if TYPE_CHECKING:
    from app.reference.models import Municipality


tender_participants = sa.Table(
    "tender_participants",
    db.metadata,
    sa.Column("tender_id", sa.ForeignKey("tenders.id"), primary_key=True),
    sa.Column("municipality_id", sa.ForeignKey("municipalities.id"), primary_key=True, index=True),
)


class LotBudget(Versioned, db.Model):
    """A municipality's budget for a lot in one year: a lot's budget per year, and in a joint
    tender each participant's own share."""

    __tablename__ = "lot_budgets"
    __label__ = "Budget per jaar"

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_id: Mapped[int] = mapped_column(
        sa.ForeignKey("lots.id"), index=True, info={"label": "perceel"}
    )
    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipalities.id"), index=True, info={"label": "gemeente"}
    )
    year: Mapped[int] = mapped_column(info={"label": "jaar"})
    amount: Mapped[Decimal] = mapped_column(Money, info={"label": "budget", "money": True})

    municipality: Mapped["Municipality"] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("lot_id", "municipality_id", "year", name="uq_lot_budgets_lot_year"),
        sa.CheckConstraint("amount >= 0", name="amount"),
    )


def budget_of(lot, municipality: str, year: int) -> Decimal | None:
    """What `municipality` budgets for `lot` in `year`: its own row where the lot has budgets
    per year; otherwise the lot's one figure, the lead's alone. None: nothing (yet) known."""
    if lot.year_budgets:
        amounts = [
            budget.amount
            for budget in lot.year_budgets
            if budget.year == year and budget.municipality.name == municipality
        ]
        return sum(amounts, Decimal(0)) if amounts else None
    return lot.budget_per_year if lot.tender.municipality == municipality else None

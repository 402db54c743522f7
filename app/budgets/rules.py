"""The arithmetic of a budget plan: totals per group and side, the balance, and where the
source's printed totals differ from the sum of their parts (shown, never corrected)."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class LineFigure:
    name: str
    kind: str  # LineKind value
    amount: Decimal | None  # None: ntb


@dataclass(frozen=True)
class GroupFigures:
    name: str
    side: str  # BudgetSide value
    lines: list[LineFigure]
    printed_total: Decimal | None

    @property
    def total(self) -> Decimal:
        """The sum of the amounts known; an ntb line adds nothing (and `open_lines` says so)."""
        return sum((line.amount for line in self.lines if line.amount is not None), Decimal(0))

    @property
    def open_lines(self) -> int:
        return sum(1 for line in self.lines if line.amount is None)


@dataclass(frozen=True)
class Discrepancy:
    line: str
    printed: Decimal
    computed: Decimal

    @property
    def difference(self) -> Decimal:
        return self.computed - self.printed


@dataclass(frozen=True)
class PlanFigures:
    groups: list[GroupFigures]
    printed_balance: Decimal | None

    def side_total(self, side: str) -> Decimal:
        return sum((group.total for group in self.groups if group.side == side), Decimal(0))

    @property
    def income(self) -> Decimal:
        return self.side_total("income")

    @property
    def spending(self) -> Decimal:
        return self.side_total("spending")

    @property
    def balance(self) -> Decimal:
        return self.income - self.spending

    @property
    def discrepancies(self) -> list[Discrepancy]:
        found = [
            Discrepancy(f"{group.name}: totaal", group.printed_total, group.total)
            for group in self.groups
            if group.printed_total is not None and group.printed_total != group.total
        ]
        if self.printed_balance is not None and self.printed_balance != self.balance:
            found.append(Discrepancy("Saldo", self.printed_balance, self.balance))
        return found

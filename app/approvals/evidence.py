"""What the alderman needs to decide on an extension: how the contract performs and what the
extension costs, as plain text frozen into the request's snapshot (reads only)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from app.contracts.models import ExtensionOption, FrameworkContract
from app.core.formatting import date_nl, eur
from app.extensions import db
from app.steering.models import (
    Action,
    ActionStatus,
    KpiDirection,
    KpiResult,
    MomentStatus,
    SteeringMoment,
)
from app.steering.rules import kpi_value


@dataclass(frozen=True)
class ExtensionMoney:
    """The money of an extension decision; None where an amount is not known (ntb)."""

    budget: Decimal | None  # the lot's budget per year
    cost: Decimal | None  # budget per year over the option's months
    ceiling: Decimal | None
    spent: Decimal

    @property
    def remaining(self) -> Decimal | None:
        return None if self.ceiling is None else self.ceiling - self.spent

    @property
    def after(self) -> Decimal | None:
        """What remains under the ceiling once this extension is paid for."""
        return None if self.remaining is None or self.cost is None else self.remaining - self.cost


def extension_money(contract: FrameworkContract, option: ExtensionOption) -> ExtensionMoney:
    budget = contract.lot.budget_per_year
    cost = None if budget is None else (budget * option.months / 12).quantize(Decimal("0.01"))
    spent = sum((spend.amount for spend in contract.spend), Decimal("0.00"))
    return ExtensionMoney(budget, cost, contract.ceiling, spent)


def missed_moments(contract: FrameworkContract, today: date) -> list[SteeringMoment]:
    """Steering moments that were due before today and were never logged."""
    return [
        moment
        for moment in contract.steering_moments
        if moment.status == MomentStatus.SCHEDULED and moment.due_on < today
    ]


def _trend(previous: KpiResult | None, latest: KpiResult) -> str:
    if previous is None:
        return "eerste meting"
    if latest.value == previous.value:
        return "gelijk"
    higher = latest.value > previous.value
    better = higher == (latest.kpi_definition.direction == KpiDirection.HIGHER_IS_BETTER)
    return "beter" if better else "slechter"


def _kpi_rows(contract: FrameworkContract) -> list[dict[str, str]]:
    """Per KPI: the result at the latest moment that logged it, its norm and rating, and
    whether it moved the right way since the moment before."""
    logged = [m for m in contract.steering_moments if m.status != MomentStatus.SCHEDULED]
    history: dict[int, list[tuple[SteeringMoment, KpiResult]]] = {}
    for moment in logged:
        for result in moment.results:
            history.setdefault(result.kpi_definition_id, []).append((moment, result))
    rows = []
    for pairs in sorted(history.values(), key=lambda p: p[-1][1].kpi_definition.position):
        moment, latest = pairs[-1]
        previous = pairs[-2][1] if len(pairs) > 1 else None
        unit = latest.kpi_definition.unit
        rows.append(
            {
                "name": latest.kpi_definition.name,
                "moment": f"moment {moment.sequence}",
                "period_end": date_nl(moment.period_end_on),
                "value": kpi_value(latest.value, unit),
                "norm": kpi_value(latest.target_value, unit) or "geen norm",
                "rating": latest.rating.label if latest.rating else "niet beoordeeld",
                "rating_code": latest.rating.value if latest.rating else "",
                "previous": kpi_value(previous.value, unit) if previous else "—",
                "trend": _trend(previous, latest),
            }
        )
    return rows


def extension_evidence(
    contract: FrameworkContract, option: ExtensionOption, money: ExtensionMoney, today: date
) -> dict[str, Any]:
    """The contract's performance and money for the extension request and collegevoorstel,
    with the warning and summary sentence as they are frozen with the request."""
    open_actions = db.session.scalars(
        db.select(Action)
        .filter_by(contract_id=contract.id, status=ActionStatus.OPEN)
        .order_by(Action.due_on, Action.id)
    ).all()
    kpis = _kpi_rows(contract)
    logged = sum(1 for m in contract.steering_moments if m.status != MomentStatus.SCHEDULED)
    overdue = sum(1 for action in open_actions if action.due_on < today)
    red = sum(1 for row in kpis if row["rating_code"] == "red")
    return {
        "kpis": kpis,
        "open_actions": [
            {
                "text": action.text,
                "owner": action.owner,
                "due_on": date_nl(action.due_on),
                "overdue": action.due_on < today,
            }
            for action in open_actions
        ],
        "money": [
            ("Budget per jaar (perceel)", eur(money.budget)),
            (f"Kosten van deze verlenging ({option.months} maanden)", eur(money.cost)),
            ("Plafond van de raamovereenkomst", eur(money.ceiling)),
            ("Besteed tot nu toe", eur(money.spent)),
            ("Resterend onder het plafond", eur(money.remaining)),
            ("Resterend na deze verlenging", eur(money.after)),
        ],
        "over_ceiling": money.after is not None and money.after < 0,
        "warning": _missed_warning(missed_moments(contract, today)),
        "summary": (
            f"{counted(logged, 'bijsturingsmoment', 'bijsturingsmomenten')} vastgelegd; bij "
            f"het laatste moment {counted(red, 'indicator', 'indicatoren')} rood; "
            f"{counted(len(open_actions), 'open afspraak', 'open afspraken')}, waarvan "
            f"{overdue} over de termijn."
        ),
    }


def _missed_warning(missed: list[SteeringMoment]) -> str:
    """Steering moments due before the request and never logged, or "" when there are none."""
    if not missed:
        return ""
    listed = ", ".join(f"{m.sequence} (uiterlijk {date_nl(m.due_on)})" for m in missed)
    if len(missed) == 1:
        return (
            f"Let op: bijsturingsmoment {listed} was vóór dit verzoek al aan de beurt en is "
            "niet vastgelegd. De prestaties hieronder zijn daardoor onvolledig."
        )
    return (
        f"Let op: de bijsturingsmomenten {listed} waren vóór dit verzoek al aan de beurt en "
        "zijn niet vastgelegd. De prestaties hieronder zijn daardoor onvolledig."
    )


def counted(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"

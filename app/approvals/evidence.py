"""What the alderman needs to decide on an extension: how the contract performs and what the
extension costs, as plain text frozen into the request's snapshot (reads only)."""

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


def extension_cost(contract: FrameworkContract, option: ExtensionOption) -> Decimal | None:
    """The lot's budget per year over the option's months; None while the budget is ntb."""
    budget = contract.lot.budget_per_year
    if budget is None:
        return None
    return (budget * option.months / 12).quantize(Decimal("0.01"))


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
    contract: FrameworkContract, option: ExtensionOption, today: date
) -> dict[str, Any]:
    """The contract's performance and money for the extension request and collegevoorstel."""
    spent = sum((spend.amount for spend in contract.spend), Decimal("0.00"))
    cost = extension_cost(contract, option)
    ceiling = contract.ceiling
    remaining = None if ceiling is None else ceiling - spent
    after = None if remaining is None or cost is None else remaining - cost
    open_actions = db.session.scalars(
        db.select(Action)
        .filter_by(contract_id=contract.id, status=ActionStatus.OPEN)
        .order_by(Action.due_on, Action.id)
    ).all()
    missed = missed_moments(contract, today)
    kpis = _kpi_rows(contract)
    return {
        "kpis": kpis,
        "red_count": sum(1 for row in kpis if row["rating_code"] == "red"),
        "logged_count": sum(
            1 for m in contract.steering_moments if m.status != MomentStatus.SCHEDULED
        ),
        "open_actions": [
            {
                "text": action.text,
                "owner": action.owner,
                "due_on": date_nl(action.due_on),
                "overdue": action.due_on < today,
            }
            for action in open_actions
        ],
        "overdue_count": sum(1 for action in open_actions if action.due_on < today),
        "missed_moments": [
            {"sequence": moment.sequence, "due_on": date_nl(moment.due_on)} for moment in missed
        ],
        "money": [
            ("Budget per jaar (perceel)", eur(contract.lot.budget_per_year)),
            (f"Kosten van deze verlenging ({option.months} maanden)", eur(cost)),
            ("Plafond van de raamovereenkomst", eur(ceiling)),
            ("Besteed tot nu toe", eur(spent)),
            ("Resterend onder het plafond", eur(remaining)),
            ("Resterend na deze verlenging", eur(after)),
        ],
        "cost": eur(cost),
        "over_ceiling": after is not None and after < 0,
    }


def missed_warning(evidence: dict[str, Any]) -> str | None:
    """The warning shown on the request, in the collegevoorstel and before submitting."""
    missed = evidence.get("missed_moments") or []
    if not missed:
        return None
    listed = ", ".join(f"{m['sequence']} (uiterlijk {m['due_on']})" for m in missed)
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


def evidence_summary(evidence: dict[str, Any]) -> str:
    """One sentence: what was logged, what is red and what is still open."""
    return (
        f"{counted(evidence['logged_count'], 'bijsturingsmoment', 'bijsturingsmomenten')} "
        f"vastgelegd; bij het laatste moment "
        f"{counted(evidence['red_count'], 'indicator', 'indicatoren')} rood; "
        f"{counted(len(evidence['open_actions']), 'open afspraak', 'open afspraken')}, waarvan "
        f"{evidence['overdue_count']} over de termijn."
    )

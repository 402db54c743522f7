from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.contracts.models import FrameworkContract
from app.extensions import db
from app.steering.models import KpiDefinition, KpiResult, Rating, SteeringMoment
from app.steering.rules import chart_points


def list_kpi_definitions() -> list[KpiDefinition]:
    return list(db.session.scalars(db.select(KpiDefinition).order_by(KpiDefinition.position)))


@dataclass(frozen=True)
class KpiTrend:
    kpi: KpiDefinition
    rows: list[tuple[str, date, Decimal, Rating | None]]  # moment, period end, value, rating
    target: Decimal | None
    chart: dict


def _trends(
    results: list[tuple[int, str, date, Decimal, Rating | None]], norms: dict
) -> list[KpiTrend]:
    """Per KPI with results, in the order given: the rows, the norm and a chart."""
    trends = []
    for kpi in list_kpi_definitions():
        rows = [row[1:] for row in results if row[0] == kpi.id]
        if rows:
            target = norms[kpi.id].target_value if kpi.id in norms else None
            chart = chart_points([value for _, _, value, _ in rows], target)
            trends.append(KpiTrend(kpi, rows, target, chart))
    return trends


def kpi_trends(contract) -> list[KpiTrend]:
    """Per KPI, the results of the contract's logged moments in order, with the norm."""
    results = [
        (
            result.kpi_definition_id,
            str(moment.sequence),
            moment.period_end_on,
            result.value,
            result.rating,
        )
        for moment in contract.steering_moments
        for result in moment.results
    ]
    return _trends(results, contract.effective_kpi_targets)


def lot_kpi_trends(lot) -> list[KpiTrend]:
    """Per KPI, the results of every contract on the lot (a lot may be contracted again)
    by period, against the lot's norm."""
    query = (
        db.select(
            KpiResult.kpi_definition_id,
            FrameworkContract.reference,
            SteeringMoment.sequence,
            SteeringMoment.period_end_on,
            KpiResult.value,
            KpiResult.rating,
        )
        .join(KpiResult.steering_moment)
        .join(FrameworkContract, FrameworkContract.id == SteeringMoment.contract_id)
        .where(FrameworkContract.lot_id == lot.id)
        .order_by(SteeringMoment.period_end_on, FrameworkContract.reference)
    )
    results = [
        (kpi_id, f"{reference} · {sequence}", period_end, value, rating)
        for kpi_id, reference, sequence, period_end, value, rating in db.session.execute(query)
    ]
    norms = {target.kpi_definition_id: target for target in lot.kpi_targets}
    return _trends(results, norms)

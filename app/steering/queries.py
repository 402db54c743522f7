from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.extensions import db
from app.steering.models import KpiDefinition, Rating
from app.steering.rules import chart_points


def list_kpi_definitions() -> list[KpiDefinition]:
    return list(db.session.scalars(db.select(KpiDefinition).order_by(KpiDefinition.position)))


@dataclass(frozen=True)
class KpiTrend:
    kpi: KpiDefinition
    rows: list[tuple[int, date, Decimal, Rating | None]]  # sequence, period end, value, rating
    target: Decimal | None
    chart: dict


def kpi_trends(contract) -> list[KpiTrend]:
    """Per KPI, the results of the logged moments in order, with the norm and a chart."""
    norms = contract.effective_kpi_targets
    trends = []
    for kpi in list_kpi_definitions():
        rows = [
            (moment.sequence, moment.period_end_on, result.value, result.rating)
            for moment in contract.steering_moments
            for result in moment.results
            if result.kpi_definition_id == kpi.id
        ]
        if rows:
            target = norms[kpi.id].target_value if kpi.id in norms else None
            chart = chart_points([value for _, _, value, _ in rows], target)
            trends.append(KpiTrend(kpi, rows, target, chart))
    return trends

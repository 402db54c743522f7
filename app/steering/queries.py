from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.contracts.models import FrameworkContract
from app.extensions import db
from app.steering.models import KpiDefinition, KpiResult, Rating, SteeringMoment
from app.tenders.models import Lot, TargetGroup


def list_kpi_definitions() -> list[KpiDefinition]:
    return list(db.session.scalars(db.select(KpiDefinition).order_by(KpiDefinition.position)))


@dataclass(frozen=True)
class TrendPoint:
    series: str  # the contract, one line in the chart
    label: str  # what the table names the moment by
    period_end: date
    value: Decimal
    rating: Rating | None


@dataclass(frozen=True)
class KpiTrend:
    kpi: KpiDefinition
    points: list[TrendPoint]
    target: Decimal | None  # None: no norm, or contracts with different norms


def _trends(points: list[tuple[int, TrendPoint]], norms: dict) -> list[KpiTrend]:
    """Per KPI with results, in the order given: the points and the norm."""
    return [
        KpiTrend(
            kpi,
            [point for kpi_id, point in points if kpi_id == kpi.id],
            norms[kpi.id].target_value
            if kpi.id in norms and not norms[kpi.id].is_relative
            else None,  # a relative norm differs per year: the table gives each
        )
        for kpi in list_kpi_definitions()
        if any(kpi_id == kpi.id for kpi_id, _ in points)
    ]


def kpi_trends(contract) -> list[KpiTrend]:
    """Per KPI, the results of the contract's logged moments in order, with the norm."""
    points = [
        (
            result.kpi_definition_id,
            TrendPoint(
                contract.reference,
                f"moment {moment.sequence}",
                moment.period_end_on,
                result.value,
                result.rating,
            ),
        )
        for moment in contract.steering_moments
        for result in moment.results
    ]
    return _trends(points, contract.effective_kpi_targets)


def _contract_points(where) -> list[tuple[int, TrendPoint]]:
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
        .join(Lot, Lot.id == FrameworkContract.lot_id)
        .where(where)
        .order_by(SteeringMoment.period_end_on, FrameworkContract.reference)
    )
    return [
        (kpi_id, TrendPoint(reference, f"{reference} · {sequence}", period_end, value, rating))
        for kpi_id, reference, sequence, period_end, value, rating in db.session.execute(query)
    ]


def lot_kpi_trends(lot) -> list[KpiTrend]:
    """Per KPI, the results of every contract on the lot (a lot may be contracted again)
    by period, against the lot's norm."""
    norms = {target.kpi_definition_id: target for target in lot.kpi_targets}
    return _trends(_contract_points(Lot.id == lot.id), norms)


def target_group_kpi_trends(group: TargetGroup) -> list[KpiTrend]:
    """Per KPI, the results of every contract for this target group, across tenders and
    lots; the norm is drawn only where all those lots share it."""
    lots = db.session.scalars(db.select(Lot).filter_by(target_group_id=group.id)).all()
    per_lot = [{t.kpi_definition_id: t for t in lot.kpi_targets} for lot in lots]
    shared = {}
    for kpi in list_kpi_definitions():
        norms = [lot_norms.get(kpi.id) for lot_norms in per_lot]
        if norms and None not in norms and len({(n.basis, n.target_value) for n in norms}) == 1:
            shared[kpi.id] = norms[0]
    return _trends(_contract_points(Lot.target_group_id == group.id), shared)

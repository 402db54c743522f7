from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa

from app.contracts.models import FrameworkContract
from app.core.dates import add_months
from app.extensions import db
from app.steering.models import (
    KpiDefinition,
    KpiResult,
    KpiTarget,
    KpiUnit,
    NormBasis,
    Rating,
    SteeringMoment,
)
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
    # Where a point stands for many contracts (a target group, per quarter): how many reports
    # it adds up, and how many of them were rated green, amber and red.
    reports: int | None = None
    colours: tuple[int, int, int] | None = None


@dataclass(frozen=True)
class KpiTrend:
    kpi: KpiDefinition
    points: list[TrendPoint]
    target: Decimal | None  # None: no norm, or contracts with different norms


def _trends(points: list[tuple[int, TrendPoint]], norms: dict) -> list[KpiTrend]:
    """Per KPI with results, in the order given: the points and the norm (a KpiTarget)."""
    fixed = {kpi_id: norm.target_value for kpi_id, norm in norms.items() if not norm.is_relative}
    return _drawn(points, fixed)  # a relative norm differs per year: the table gives each


def _drawn(points: list[tuple[int, TrendPoint]], targets: dict[int, Decimal]) -> list[KpiTrend]:
    """Per KPI with results, in the order given: the points and the norm line, if any."""
    return [
        KpiTrend(kpi, [point for kpi_id, point in points if kpi_id == kpi.id], targets.get(kpi.id))
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


def target_group_kpi_trends(group: TargetGroup, kpi_id: int | None = None) -> list[KpiTrend]:
    """Per KPI and quarter, all contracts for this target group together (across tenders and
    lots): how many reports came in, their total (counts, amounts) or average (percentages,
    days), and how many were rated each colour; the point takes the colour most of them got.
    Added up by the database per period end and here per quarter: a target group may have
    thousands of contracts, whose results one by one no page can show. The norm is drawn
    only where all those lots share it. With `kpi_id` that KPI alone, for its chart: its
    results are found by moment and KPI, not read for all seven."""
    rated = [sa.func.count(sa.case((KpiResult.rating == rating, 1))) for rating in COLOUR_ORDER]
    query = (
        db.select(
            KpiResult.kpi_definition_id,
            SteeringMoment.period_end_on,
            sa.func.count(),
            sa.func.sum(KpiResult.value),
            *rated,
        )
        .join(KpiResult.steering_moment)
        .join(FrameworkContract, FrameworkContract.id == SteeringMoment.contract_id)
        .join(Lot, Lot.id == FrameworkContract.lot_id)
        .where(Lot.target_group_id == group.id)
        .group_by(KpiResult.kpi_definition_id, SteeringMoment.period_end_on)
        .order_by(SteeringMoment.period_end_on)
    )
    if kpi_id is not None:
        query = query.where(KpiResult.kpi_definition_id == kpi_id)
    quarters: dict[tuple[int, date], list] = {}
    for kpi_id, period_end, reports, total, *colours in db.session.execute(query):
        ends = quarter_end(period_end)
        tally = quarters.setdefault((kpi_id, ends), [0, Decimal(0), 0, 0, 0])
        for index, count in enumerate((reports, total, *colours)):
            tally[index] += count
    units = {kpi.id: kpi.unit for kpi in list_kpi_definitions()}
    points = []
    for (kpi_id, ends), (reports, total, *colours) in quarters.items():
        added_up = units[kpi_id] in ADDED_UP
        value = Decimal(total) if added_up else Decimal(total) / reports
        series = "totaal van de contracten" if added_up else "gemiddelde van de contracten"
        most = max(range(3), key=lambda i: (colours[i], i)) if any(colours) else None
        point = TrendPoint(
            series,
            f"{(ends.month + 2) // 3}e kwartaal {ends.year}",
            ends,
            value.quantize(CENT if added_up else TENTH),
            None if most is None else COLOUR_ORDER[most],
            reports,
            tuple(colours),
        )
        points.append((kpi_id, point))
    return _drawn(points, _shared_fixed_norms(group))


def quarter_end(day: date) -> date:
    """The last day of the quarter `day` falls in."""
    return add_months(date(day.year, (day.month - 1) // 3 * 3 + 1, 1), 3) - timedelta(days=1)


def _shared_fixed_norms(group: TargetGroup) -> dict[int, Decimal]:
    """Per KPI, the fixed norm every lot for the target group has, where they all have the
    same one."""
    lots = db.select(sa.func.count()).where(Lot.target_group_id == group.id).scalar_subquery()
    query = (
        db.select(
            KpiTarget.kpi_definition_id,
            sa.func.min(KpiTarget.target_value),
            sa.func.max(KpiTarget.target_value),
        )
        .join(Lot, Lot.id == KpiTarget.lot_id)
        .where(Lot.target_group_id == group.id, KpiTarget.basis == NormBasis.ABSOLUTE)
        .group_by(KpiTarget.kpi_definition_id)
        .having(sa.func.count() == lots)
    )
    return {kpi_id: low for kpi_id, low, high in db.session.execute(query) if low == high}


# Counts and amounts of many contracts add up; percentages and days are averaged.
ADDED_UP = {KpiUnit.COUNT, KpiUnit.EUR}
CENT, TENTH = Decimal("0.01"), Decimal("0.1")
COLOUR_ORDER = (Rating.GREEN, Rating.AMBER, Rating.RED)  # a tie goes to the worse colour

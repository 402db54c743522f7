"""A large, realistic data set for benchmarks: `flask seed scale --contracts N`.

Tenders with five lots (one per target group), one framework contract per lot with two
options, a steering moment every four months (about twelve over a contract's life) with KPI
results rated against the lot's norms, agreed actions and half-yearly spend. Dates run up to
`today`, so every kind of signal occurs. Rows go in with plain multi-row INSERTs and explicit
ids: through the ORM, 5,000 contracts would take many minutes. The data set is generated, not
entered by anyone, so it writes no audit events.
"""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa

from app.contracts.models import (
    ContractStatus,
    ExtensionOption,
    FrameworkContract,
    OptionStatus,
    Spend,
    Supplier,
)
from app.contracts.rules import OptionTerm, contract_timeline
from app.contracts.signal_state import rebuild_signal_state
from app.core.dates import add_months, term_end
from app.extensions import db
from app.seeding import SeedReport, seed_reference_data
from app.steering.models import (
    Action,
    ActionStatus,
    KpiDefinition,
    KpiDirection,
    KpiResult,
    KpiTarget,
    MomentStatus,
    SteeringDecision,
    SteeringMoment,
)
from app.steering.rules import outcome, rate, steering_schedule
from app.tenders.models import Lot, Route, TargetGroup, Tender, TenderStatus

LOTS_PER_TENDER = 5
INTERVAL_MONTHS = 4
OPTIONS = (OptionTerm(12, 3), OptionTerm(12, 3))
SUPPLIER_WORDS = (
    "Werkkracht", "Perspectief", "Talentgroep", "Stap Verder", "Kansrijk", "Baanbrekers",
    "Participatiepartners", "Werkpad", "Nieuwe Start", "Sterk in Werk", "Loopbaanhuis",
    "Re-integratiebureau", "Arbeidskompas", "Jobcoach Collectief", "Ondernemershuis",
)  # fmt: skip
PLACES = ("Haarlem", "Heemstede", "Zandvoort", "Bloemendaal", "Velsen", "Zaanstad", "Leiden")
DECISIONS = list(SteeringDecision)
BATCH = 5_000


@dataclass
class _Rows:
    """Rows per table in insertion order, with the next free id of each table."""

    next_ids: dict[type, int]
    rows: dict[type, list[dict]]

    def add(self, model: type, **values) -> int:
        row_id = self.next_ids[model]
        self.next_ids[model] += 1
        self.rows.setdefault(model, []).append({"id": row_id, **values})
        return row_id


def _next_ids(models: list[type]) -> dict[type, int]:
    return {
        model: (db.session.scalar(sa.select(sa.func.max(model.id))) or 0) + 1 for model in models
    }


def analyze() -> None:
    """Fresh planner statistics after a bulk load (PostgreSQL and SQLite alike): without
    them the planner still sees the empty tables it started with. PostgreSQL vacuums as well:
    until its freshly written pages are marked all-visible, a count read from an index alone
    (the contract list's totals) still visits every row, as it would until autovacuum came by
    (at 50,000 contracts the contract list took 37 ms per view right after the load)."""
    db.session.commit()
    if db.engine.dialect.name != "postgresql":
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()
        return
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE")  # not allowed inside a transaction


def seed_scale(contracts: int, *, today: date, seed: int = 2018) -> SeedReport:
    """Add `contracts` framework contracts with their tenders, lots and history. Long because it
    builds every table of the data set in one pass of bulk inserts, in dependency order."""
    report = SeedReport()
    seed_reference_data(None, report)
    db.session.flush()
    rng = random.Random(seed)
    now = datetime.now(UTC)
    stamps = {"created_at": now, "updated_at": now, "version": 1}
    groups = list(db.session.scalars(sa.select(TargetGroup).order_by(TargetGroup.id)))
    kpis = list(db.session.scalars(sa.select(KpiDefinition).order_by(KpiDefinition.position)))
    models = [
        Supplier, Tender, Lot, KpiTarget, FrameworkContract, ExtensionOption,
        SteeringMoment, KpiResult, Action, Spend,
    ]  # fmt: skip
    data = _Rows(_next_ids(models), {})
    batch = data.next_ids[Tender]  # makes names unique when the command runs again

    suppliers = [
        data.add(
            Supplier,
            name=f"{rng.choice(SUPPLIER_WORDS)} {rng.choice(PLACES)} {batch}-{number:04d} B.V.",
            kvk_number=f"{rng.randrange(10_000_000, 99_999_999)}",
            contact_name="",
            contact_email="",
            contact_phone="",
            description="",
            is_placeholder=False,
            **stamps,
        )
        for number in range(1, min(max(contracts // 50, 5), 100) + 1)  # a regional market
    ]
    for index in range(contracts):
        if index % LOTS_PER_TENDER == 0:
            # The last eight years, whatever year it is: running, extended and ended contracts.
            start_on = date(rng.randrange(today.year - 7, today.year + 1), rng.randrange(1, 13), 1)
            tender_id = data.add(
                Tender,
                reference=f"S{batch % 1000:03d}/{index // LOTS_PER_TENDER:06d}",
                title=f"Re-integratiediensten {rng.choice(PLACES)} {start_on.year}",
                route=Route.TENDER.value,
                status=TenderStatus.AWARDED.value,
                municipality=rng.choice(PLACES),
                description="",
                contract_start_on=start_on,
                procedure="social_services_open",
                procedure_motivation={},
                **stamps,
            )
        group = groups[index % len(groups)]
        budget = Decimal(rng.randrange(100, 900) * 1000)
        unit_price = Decimal(rng.randrange(20, 60) * 100)
        lot_id = data.add(
            Lot,
            tender_id=tender_id,
            number=index % LOTS_PER_TENDER + 1,
            title=f"Perceel {index % LOTS_PER_TENDER + 1}: {group.name}",
            target_group_id=group.id,
            scope="",
            budget_per_year=budget,
            planned_count=int(budget / unit_price),
            unit_price=unit_price,
            cpv="79611000",
            initial_months=24,
            option_months=[term.months for term in OPTIONS],
            notice_months=OPTIONS[0].notice_months,
            price_method="relative",
            lowest_price_motivation="",
            **stamps,
        )
        norms = {}
        for kpi in kpis:
            norm = _norm(kpi, budget, rng)
            norms[kpi.id] = norm
            data.add(
                KpiTarget,
                kpi_definition_id=kpi.id,
                lot_id=lot_id,
                contract_id=None,
                target_value=norm,
                tolerance_percent=Decimal(10),
                **stamps,
            )
        contract = _add_contract(
            data, rng, stamps, today, lot_id, rng.choice(suppliers), start_on, budget
        )
        _add_history(data, rng, stamps, today, contract, kpis, norms, budget)

    for model in models:
        rows = data.rows.get(model, [])
        for start in range(0, len(rows), BATCH):
            db.session.execute(sa.insert(model.__table__), rows[start : start + BATCH])
        report.add(model.__label__, len(rows))
        if db.engine.dialect.name == "postgresql":  # explicit ids leave the sequence behind
            db.session.execute(
                sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{model.__tablename__}', 'id'), "
                    f"(SELECT max(id) FROM {model.__tablename__}))"
                )
            )
    # Statistics first (the transaction's own rows count): planned for the empty tables the
    # load started from, the rebuild's correlated updates ran for over a quarter of an hour
    # at 50,000 contracts on PostgreSQL.
    db.session.execute(sa.text("ANALYZE"))
    rebuild_signal_state()  # the rows went in past the services that keep it
    return report


def _norm(kpi: KpiDefinition, budget: Decimal, rng: random.Random) -> Decimal:
    """A norm per four-month period, in proportion to the lot's budget."""
    if kpi.code == "spend":
        return (budget / 3).quantize(Decimal("1"))
    scale = budget / 100_000
    per_period = {"started": 8, "dropout": 1.5, "referred_back": 1}.get(kpi.code, 2)
    return Decimal(round(float(scale) * per_period * rng.uniform(0.8, 1.2)))


def _add_contract(
    data: _Rows,
    rng: random.Random,
    stamps: dict,
    today: date,
    lot_id: int,
    supplier_id: int,
    start_on: date,
    budget: Decimal,
) -> tuple[int, date, date]:
    """A contract row and its options; returns its id, start and current end."""
    timeline = contract_timeline(start_on, 24, list(OPTIONS), timedelta(0))
    months, statuses = 24, []
    for dates in timeline.options:
        if any(status != OptionStatus.EXERCISED for status in statuses):
            statuses.append(OptionStatus.LAPSED)
        elif dates.notice_deadline_on >= today:
            statuses.append(OptionStatus.OPEN)
        else:
            statuses.append(OptionStatus.EXERCISED if rng.random() < 0.8 else OptionStatus.DECLINED)
        months += dates.months if statuses[-1] == OptionStatus.EXERCISED else 0
    current_end = term_end(start_on, months)
    if current_end < today:
        status = ContractStatus.EXPIRED
    elif OptionStatus.EXERCISED in statuses:
        status = ContractStatus.EXTENDED
    else:
        status = ContractStatus.ACTIVE
    contract_id = data.add(
        FrameworkContract,
        reference=f"RC-{data.next_ids[FrameworkContract]:06d}",
        lot_id=lot_id,
        supplier_id=supplier_id,
        status=status.value,
        start_on=start_on,
        initial_months=24,
        signed_on=add_months(start_on, -1),
        ceiling=budget * 4,
        steering_interval_months=INTERVAL_MONTHS,
        ended_on=None,
        current_end_on=current_end,
        description="",
        **stamps,
    )
    for dates, option_status in zip(timeline.options, statuses, strict=True):
        decided = option_status in (OptionStatus.EXERCISED, OptionStatus.DECLINED)
        data.add(
            ExtensionOption,
            contract_id=contract_id,
            number=dates.number,
            months=dates.months,
            notice_months=OPTIONS[dates.number - 1].notice_months,
            notice_deadline_on=dates.notice_deadline_on,
            status=option_status.value,
            decided_on=add_months(dates.notice_deadline_on, -1) if decided else None,
            rationale="Besluit na het bijsturingsmoment." if decided else "",
            decided_by_id=None,
            **stamps,
        )
    return contract_id, start_on, current_end


def _add_history(
    data: _Rows,
    rng: random.Random,
    stamps: dict,
    today: date,
    contract: tuple[int, date, date],
    kpis: list[KpiDefinition],
    norms: dict[int, Decimal],
    budget: Decimal,
) -> None:
    """Steering moments up to the current end; those due before today are mostly logged. Long
    because it is one pass over a contract's history (moments, results, actions, spend) in bulk."""
    contract_id, start_on, current_end = contract
    for period in steering_schedule(start_on, current_end, INTERVAL_MONTHS):
        logged = period.due_on < today and rng.random() < 0.97
        moment_id = data.next_ids[SteeringMoment]
        ratings = []
        for kpi in kpis:
            if not logged:
                break
            norm = norms[kpi.id]
            value = Decimal(round(float(norm) * rng.uniform(0.6, 1.3)))
            higher = kpi.direction == KpiDirection.HIGHER_IS_BETTER
            rating = rate(value, norm, Decimal(10), higher) if norm else None
            if rating:
                ratings.append(rating)
            data.add(
                KpiResult,
                steering_moment_id=moment_id,
                kpi_definition_id=kpi.id,
                value=value,
                target_value=norm,
                rating=rating,
                note="",
                **stamps,
            )
        status = outcome(ratings) if logged else None
        data.add(
            SteeringMoment,
            contract_id=contract_id,
            sequence=period.sequence,
            period_start_on=period.period_start_on,
            period_end_on=period.period_end_on,
            due_on=period.due_on,
            status=status or MomentStatus.SCHEDULED.value,
            held_on=period.due_on if logged else None,
            findings="Resultaten besproken met de opdrachtnemer." if logged else "",
            decision=rng.choice(DECISIONS).value if logged else None,
            significant=False,
            logged_by_id=None,
            logged_at=None,
            **stamps,
        )
        if status in ("not_met", "partially_met"):
            due = add_months(period.due_on, 2)
            data.add(
                Action,
                contract_id=contract_id,
                steering_moment_id=moment_id,
                text="Plan van aanpak voor de uitstroom naar werk opstellen.",
                owner="Contractmanager en accounthouder",
                due_on=due,
                status=(
                    ActionStatus.DONE if due < today and rng.random() < 0.9 else ActionStatus.OPEN
                ).value,
                **stamps,
            )
    period_start = start_on
    while period_start < min(today, current_end):
        period_end = min(term_end(period_start, 6), current_end)
        data.add(
            Spend,
            contract_id=contract_id,
            period_start_on=period_start,
            period_end_on=period_end,
            amount=(budget / 2 * Decimal(rng.uniform(0.8, 1.15))).quantize(Decimal("0.01")),
            trajectories_started=rng.randrange(5, 40),
            **stamps,
        )
        period_start = add_months(period_start, 6)

"""The living demo (seeds/living-demo.yaml, illustrative throughout): Haarlem 2018 held as
history — its moments logged, its options declined — and a follow-up purchase dated relative
to `today`, so that the start page shows an ordinary day's signals. Run after the Haarlem 2018
seed and before `flask contracts update-statuses`; running it again changes nothing."""

from datetime import date, timedelta
from decimal import Decimal

from app.auth.models import User
from app.contracts.models import ContractStatus, FrameworkContract, Supplier
from app.contracts.option_services import decline_option
from app.contracts.rules import OptionTerm
from app.contracts.services import create_contract, record_spend
from app.contracts.statuses import RUNNING, OptionStatus
from app.core.audit import apply_changes
from app.core.dates import add_months
from app.core.settings import Settings
from app.extensions import db
from app.seeding import SeedReport, find_one, furnish_lot, read_seed
from app.steering.models import KpiDirection, KpiUnit, MomentStatus, SteeringMoment
from app.steering.services import NormInput, log_steering_moment, sync_kpi_targets
from app.tenders.lot_services import LOT_FIELDS, add_lot
from app.tenders.models import Lot, Tender, TenderStatus
from app.tenders.rules import lot_value
from app.tenders.services import change_tender_status, create_tender

HAARLEM_2018 = "2017/532748-"


def seed_living_demo(actor: User | None, *, today: date, settings: Settings) -> SeedReport:
    scenario = read_seed("living-demo.yaml")
    report = SeedReport()
    hold_haarlem_history(actor, scenario["history"], today=today, report=report)
    seed_follow_up(actor, scenario, today=today, settings=settings, report=report)
    seed_review(scenario, today=today, settings=settings, report=report)
    return report


def seed_review(scenario: dict, *, today: date, settings: Settings, report: SeedReport) -> None:
    """A draft a colleague offers for review, for the demo adviser's Mijn taken; only when
    both demo advisers exist, and once."""
    plan = scenario["review"]
    author = find_one(User, email=plan["author"])
    reviewer = find_one(User, email=plan["reviewer"])
    if author is None or reviewer is None or find_one(Tender, title=plan["tender"]["title"]):
        return
    start_on = add_months(today.replace(day=1), plan["tender"]["starts_in_months"])
    tender = create_tender(
        author,
        municipality=settings.municipality,
        values={
            "reference": f"{today.year}/{plan['tender']['reference_number']}",
            "title": plan["tender"]["title"],
            "route": "tender",
            "description": plan["tender"]["description"],
            "contract_start_on": start_on,
        },
    )
    earlier = find_one(Tender, title=scenario["current"]["tender"]["from_tender"])
    source = next(lot for lot in earlier.lots if lot.number == plan["from_lot"])
    add_lot(author, tender, values={name: getattr(source, name) for name in LOT_FIELDS} | {
        "number": 1})  # fmt: skip
    db.session.flush()
    change_tender_status(
        author,
        tender,
        TenderStatus.IN_REVIEW,
        expected_version=tender.version,
        today=today,
        reviewer=reviewer,
    )
    report.add("inkooptrajecten ter beoordeling")


def hold_haarlem_history(
    actor: User | None, history: dict, *, today: date, report: SeedReport
) -> None:
    """Log every moment of the running Haarlem 2018 contracts that fell due before today,
    and decline the options whose notice deadline has passed."""
    contracts = db.session.scalars(
        db.select(FrameworkContract)
        .where(FrameworkContract.reference.startswith(HAARLEM_2018))
        .where(FrameworkContract.status.in_(RUNNING))
        .order_by(FrameworkContract.reference)
    )
    performance = [Decimal(share) for share in history["performance"]]
    for contract in contracts:
        for moment in contract.steering_moments:
            if moment.status == MomentStatus.SCHEDULED and moment.due_on < today:
                share = performance[(moment.sequence - 1) % len(performance)]
                log_moment(actor, moment, share, history, today=today)
                report.add("bijsturingsmomenten vastgelegd")
        weeks = timedelta(weeks=history["option_declined_weeks_before_deadline"])
        first = contract.options[0] if contract.options else None
        if first and first.status == OptionStatus.OPEN and first.notice_deadline_on < today:
            decline_option(
                actor,
                contract,
                first.number,
                decided_on=first.notice_deadline_on - weeks,
                rationale=history["option_rationale"],
                expected_version=contract.version,
                today=today,
            )
            report.add("opties afgezien")


def log_moment(
    actor: User | None,
    moment: SteeringMoment,
    share: Decimal,
    history: dict,
    *,
    today: date,
    findings: str | None = None,
    decision: str | None = None,
    actions: list[dict] = (),
    below_norm: dict[str, Decimal] | None = None,
) -> None:
    """Log `moment` with each normed KPI at `share` of its norm (inverted where lower is
    better), those in `below_norm` at their own share; the findings fit the outcome unless
    given."""
    held_on = min(moment.period_end_on + timedelta(days=history["held_days_after_period"]), today)
    results = {
        target.kpi_definition_id: (
            figure(target, (below_norm or {}).get(target.kpi_definition.code, share)),
            "",
        )
        for target in moment.contract.lot.kpi_targets
        if not target.is_relative
    }
    log_steering_moment(
        actor,
        moment,
        held_on=held_on,
        results=results,
        findings=findings or "",
        decision=decision,
        significant=False,
        chosen_outcome=None,
        actions=list(actions),
        expected_version=moment.version,
        today=today,
    )
    if not findings:
        apply_changes(actor, moment, {"findings": history["findings"][moment.status.value]})


def figure(target, share: Decimal) -> Decimal:
    kpi = target.kpi_definition
    lower_is_better = kpi.direction != KpiDirection.HIGHER_IS_BETTER
    value = target.target_value / share if lower_is_better else target.target_value * share
    if kpi.unit == KpiUnit.PERCENT:
        return min(value, Decimal(100)).quantize(Decimal("0.1"))
    return value.quantize(Decimal(1))


def seed_follow_up(
    actor: User | None, scenario: dict, *, today: date, settings: Settings, report: SeedReport
) -> None:
    """The follow-up purchase: an awarded tender whose contracts started some months ago,
    with the moments the scenario logs."""
    plan = scenario["current"]
    earlier = db.session.scalar(db.select(Tender).filter_by(title=plan["tender"]["from_tender"]))
    sources = [
        next(lot for lot in earlier.lots if lot.number == row["from_lot"]) for row in plan["lots"]
    ]
    starts = [
        start_for(row, source, today) for row, source in zip(plan["lots"], sources, strict=True)
    ]
    tender = db.session.scalar(db.select(Tender).filter_by(title=plan["tender"]["title"]))
    if tender is None:
        tender = _follow_up_tender(actor, plan, sources, min(starts), settings.municipality, report)
    for number, (row, start_on) in enumerate(zip(plan["lots"], starts, strict=True), start=1):
        lot = next(lot for lot in tender.lots if lot.number == number)
        reference = f"{tender.reference}-{number}"
        contract = db.session.scalar(db.select(FrameworkContract).filter_by(reference=reference))
        if contract is None:
            contract = _follow_up_contract(actor, lot, reference, row, start_on, settings)
            report.add("raamcontracten")
            _book_quarters(actor, contract, Decimal(row["spend_share"]), today, report)
        for entry in row["logged"]:
            moment = next(m for m in contract.steering_moments if m.sequence == entry["moment"])
            if moment.status != MomentStatus.SCHEDULED or not contract.is_running:
                continue
            action = entry.get("action")
            log_moment(
                actor,
                moment,
                Decimal(entry["performance"]),
                scenario["history"],
                today=today,
                findings=entry.get("findings"),
                decision=entry.get("decision"),
                below_norm={
                    code: Decimal(part) for code, part in entry.get("below_norm", {}).items()
                },
                actions=[
                    {
                        "text": action["text"],
                        "owner": action["owner"],
                        "due_on": today - timedelta(days=action["due_days_ago"]),
                    }
                ]
                if action
                else [],
            )
            report.add("bijsturingsmomenten vastgelegd")


def start_for(row: dict, source: Lot, today: date) -> date:
    """The first of the month the scenario's contract started: so many months ago, or so
    that its first option's notice deadline (the end of the initial term less the notice
    period) falls in the month a few weeks from now, whatever day today is."""
    if "started_months_ago" in row:
        return add_months(today.replace(day=1), -row["started_months_ago"])
    deadline_month = (today + timedelta(weeks=row["first_option_deadline_in_weeks"])).replace(day=1)
    return add_months(deadline_month, -(source.initial_months - source.notice_months - 1))


def _follow_up_tender(
    actor: User | None,
    plan: dict,
    sources: list[Lot],
    start_on: date,
    municipality: str,
    report: SeedReport,
) -> Tender:
    """The tender, awarded two months before its first contract starts, with copies of the
    2018 lots it buys again (every field of the lot, its norms, requirements and award
    criteria)."""
    awarded_on = add_months(start_on, -2)
    tender = create_tender(
        actor,
        municipality=municipality,
        values={
            "reference": f"{awarded_on.year}/{plan['tender']['reference_number']}",
            "title": plan["tender"]["title"],
            "route": "tender",
            "description": plan["tender"]["description"],
            "publication_on": add_months(start_on, -6),
            "closing_on": add_months(start_on, -4),
            "award_decision_on": awarded_on,
            "contract_start_on": start_on,
        },
    )
    report.add("inkooptrajecten")
    haarlem = read_seed("haarlem-2018.yaml")
    for number, source in enumerate(sources, start=1):
        values = {name: getattr(source, name) for name in LOT_FIELDS} | {"number": number}
        lot = add_lot(actor, tender, values=values)
        furnish_lot(actor, lot, haarlem, tendered=True, report=report)
        norms = {
            target.kpi_definition_id: NormInput(target.target_value, target.tolerance_percent)
            for target in source.kpi_targets
        }
        sync_kpi_targets(actor, lot.kpi_targets, norms)
        report.add("percelen")
    apply_changes(actor, tender, {"status": TenderStatus.AWARDED})
    return tender


def _book_quarters(
    actor: User | None, contract: FrameworkContract, share: Decimal, today: date, report: SeedReport
) -> None:
    """An invoice for every quarter of the contract that has ended: a quarter of the lot's
    yearly budget times `share`, so that the overview shows spend against budget."""
    amount = (contract.lot.budget_per_year * share / 4).quantize(Decimal("0.01"))
    db.session.flush()  # the new contract gets its version
    quarter_start = contract.start_on
    while (quarter_end := add_months(quarter_start, 3) - timedelta(days=1)) < today:
        record_spend(
            actor,
            contract,
            period_start_on=quarter_start,
            period_end_on=quarter_end,
            amount=amount,
            trajectories_started=None,
            expected_version=contract.version,
        )
        report.add("bestedingen")
        quarter_start = quarter_end + timedelta(days=1)


def _follow_up_contract(
    actor: User | None, lot: Lot, reference: str, row: dict, start_on: date, settings: Settings
) -> FrameworkContract:
    options = list(lot.option_months)
    return create_contract(
        actor,
        reference=reference,
        lot=lot,
        supplier=find_one(Supplier, name=row["supplier"]),
        subcontractors=[find_one(Supplier, name=name) for name in row.get("subcontractors", [])],
        start_on=start_on,
        initial_months=lot.initial_months,
        options=[OptionTerm(months, lot.notice_months) for months in options],
        ceiling=lot_value(lot.budget_per_year, lot.initial_months, options),
        status=ContractStatus.ACTIVE,
        signed_on=add_months(start_on, -1),
        steering_interval_months=settings.steering_interval_months,
        due_after_months=settings.steering_due_after_months,
    )

"""Use cases for joint procurement and budgets per year: the municipalities a tender is bought
on behalf of, and each one's budget per lot and year. The lot keeps one figure, all of them
over its term taken to twelve months, so that the procedure advice counts the joint value."""

from decimal import Decimal

from app.auth.models import User
from app.core.audit import apply_changes, record_create, record_delete
from app.core.dates import term_end
from app.core.errors import DomainError, ValidationFailed
from app.core.models import check_version_locked, touch
from app.core.money import to_money
from app.extensions import db
from app.reference.models import Municipality
from app.reference.queries import find_municipality
from app.tenders.editing import ensure_editable
from app.tenders.joint_models import LotBudget
from app.tenders.models import Lot, Tender


def lead_of(tender: Tender) -> Municipality:
    """The municipality that buys: it must be one Regie knows to share a tender."""
    lead = find_municipality(tender.municipality)
    if lead is None:
        raise DomainError(
            f"Leg eerst de gemeente {tender.municipality} vast onder Beheer › Gemeenten: zij "
            "koopt dit traject in."
        )
    return lead


def set_participants(
    actor: User,
    tender: Tender,
    *,
    municipalities: list[Municipality],
    expected_version: int | None,
) -> Tender:
    """The municipalities the lead buys on behalf of. One that leaves takes its budgets with
    it; the lots' figures follow the budgets that remain."""
    check_version_locked(tender, expected_version)
    ensure_editable(tender)
    lead = lead_of(tender)
    if lead in municipalities:
        raise ValidationFailed.on(
            "participant_ids",
            f"{lead.name} koopt zelf in; kies de gemeenten namens wie zij dat doet.",
        )
    before = [municipality.name for municipality in tender.participants]
    after = sorted(municipality.name for municipality in municipalities)
    if before == after:
        return tender
    leaving = {m.id for m in tender.participants} - {m.id for m in municipalities}
    for lot in tender.lots:
        for budget in [b for b in lot.year_budgets if b.municipality_id in leaving]:
            record_delete(actor, budget)
            lot.year_budgets.remove(budget)
        _follow_year_budgets(actor, lot)
    tender.participants = sorted(municipalities, key=lambda municipality: municipality.name)
    touch(tender)
    apply_changes(actor, tender, {}, related={"participants": (before, after)})
    return tender


def budget_years(tender: Tender, lot: Lot) -> list[int]:
    """The calendar years the lot's initial term runs in."""
    if tender.contract_start_on is None:
        raise DomainError(
            "Vul eerst de beoogde ingangsdatum van het inkooptraject in; daaruit volgen de "
            "jaren van het budget."
        )
    last_day = term_end(tender.contract_start_on, lot.initial_months)
    return list(range(tender.contract_start_on.year, last_day.year + 1))


def set_lot_budgets(
    actor: User,
    lot: Lot,
    *,
    amounts: dict[tuple[int, int], Decimal | None],
    expected_version: int | None,
) -> Lot:
    """The lot's budget per (municipality id, year). Every municipality of a joint tender
    gives every year (0 where it buys nothing that year); a lot of one municipality gives
    every year, or none to go back to one figure for all years."""
    check_version_locked(lot, expected_version)
    tender = lot.tender
    ensure_editable(tender)
    municipalities = [lead_of(tender), *tender.participants]
    years = budget_years(tender, lot)
    missing = {
        f"b_{municipality.id}_{year}": [f"Vul het budget van {municipality.name} voor {year} in."]
        for municipality in municipalities
        for year in years
        if amounts.get((municipality.id, year)) is None
    }
    everything_empty = len(missing) == len(municipalities) * len(years)
    if missing and (tender.participants or not everything_empty):
        raise ValidationFailed("Het budget per jaar is niet opgeslagen.", missing)
    existing = {(budget.municipality_id, budget.year): budget for budget in lot.year_budgets}
    wanted = {
        (municipality.id, year): amounts[(municipality.id, year)]
        for municipality in municipalities
        for year in years
        if amounts.get((municipality.id, year)) is not None
    }
    for key, budget in existing.items():
        if key not in wanted:
            record_delete(actor, budget)
            lot.year_budgets.remove(budget)
    for (municipality_id, year), amount in wanted.items():
        budget = existing.get((municipality_id, year))
        if budget is None:
            budget = LotBudget(municipality_id=municipality_id, year=year, amount=amount)
            lot.year_budgets.append(budget)
            record_create(actor, budget)
        else:
            apply_changes(actor, budget, {"amount": amount})
    _follow_year_budgets(actor, lot)
    return lot


def _follow_year_budgets(actor: User, lot: Lot) -> None:
    """The lot's one figure is what its budgets per year add up to over the initial term,
    taken to twelve months (calendar years at either end of the term are partial)."""
    if not lot.year_budgets:
        return
    total = sum((budget.amount for budget in lot.year_budgets), Decimal(0))
    annual = to_money(total * 12 / lot.initial_months)
    if apply_changes(actor, lot, {"budget_per_year": annual}):
        touch(lot.tender)
    db.session.flush()

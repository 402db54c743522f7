"""Read helpers for tenders, lots and the yearly budget overview."""

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.core.errors import DomainError
from app.core.models import like_pattern
from app.core.settings import Settings
from app.extensions import db
from app.pagination import page_bounds, sort_order
from app.reference.models import Municipality
from app.tenders.clause_models import ClauseChapter, StandardClause
from app.tenders.models import (
    NO_PROCEDURE_BECAUSE,
    Bid,
    Lot,
    TargetGroup,
    Tender,
)
from app.tenders.procedure import Advice, LotInput, Warning, advise
from app.tenders.requirement_models import Requirement
from app.tenders.rules import price_fraction, weighted_total
from app.tenders.year_budgets import BudgetOverview, lot_budget_overview


def list_tenders(offset: int = 0, limit: int | None = None) -> list[Tender]:
    query = (
        db.select(Tender)
        .options(selectinload(Tender.lots).joinedload(Lot.target_group))
        .order_by(Tender.reference.desc(), Tender.id)
        .offset(offset)
        .limit(limit)
    )
    return list(db.session.scalars(query))


def count_tenders() -> int:
    return db.session.scalar(db.select(db.func.count(Tender.id)))


TENDERS_PER_PAGE = 50
# Sortable columns of the tender list (?sorteer=titel, -titel); newest reference first.
TENDER_SORTS = {"kenmerk": Tender.reference, "titel": Tender.title, "status": Tender.status}


@dataclass(frozen=True)
class TenderPage:
    rows: list[tuple[Tender, BudgetOverview]]
    total: int
    page: int
    pages: int


def page_tenders(
    page: int = 1,
    *,
    search: str = "",
    sort: str = "-kenmerk",
    per_page: int | None = TENDERS_PER_PAGE,
) -> TenderPage:
    """One page of the tenders matching `search` (reference or title), with their budgets;
    with `per_page` None, all of them (for an export)."""
    query = db.select(Tender)
    if search.strip():
        pattern = like_pattern(search)
        query = query.where(
            sa.or_(
                Tender.reference.ilike(pattern, escape="\\"),
                Tender.title.ilike(pattern, escape="\\"),
            )
        )
    total = db.session.scalar(db.select(db.func.count()).select_from(query.subquery()))
    page, pages = page_bounds(page, total, per_page or max(total, 1))
    tenders = db.session.scalars(
        query.options(
            selectinload(Tender.lots).joinedload(Lot.target_group),
            selectinload(Tender.participants),
        )
        .order_by(sort_order(sort, TENDER_SORTS, "kenmerk"), Tender.id)
        .offset((page - 1) * (per_page or 0))
        .limit(per_page)
    )
    rows = [(tender, lot_budget_overview(tender.lots)) for tender in tenders]
    return TenderPage(rows, total, page, pages)


def get_tender(tender_id: int) -> Tender:
    return db.first_or_404(
        db.select(Tender)
        .filter_by(id=tender_id)
        .options(
            selectinload(Tender.lots).joinedload(Lot.target_group),
            # what the PvE readiness check reads
            selectinload(Tender.lots).selectinload(Lot.kpi_targets),
            selectinload(Tender.lots).selectinload(Lot.requirements),
            selectinload(Tender.lots).selectinload(Lot.award_criteria),
            selectinload(Tender.lots).selectinload(Lot.year_budgets),
            selectinload(Tender.clauses),
            selectinload(Tender.decisions),
            selectinload(Tender.participants),
        )
    )


def list_standard_clauses(*, active_only: bool = False) -> list[StandardClause]:
    """In the order of the document: by chapter, then position, then code."""
    query = db.select(StandardClause)
    if active_only:
        query = query.where(StandardClause.active)
    chapters = list(ClauseChapter)
    return sorted(
        db.session.scalars(query),
        key=lambda clause: (chapters.index(clause.chapter), clause.position, clause.code),
    )


def list_target_groups(municipality: str | None = None) -> list[TargetGroup]:
    """Every target group, by municipality; or those of one municipality (by name)."""
    query = (
        db.select(TargetGroup)
        .join(TargetGroup.municipality)
        .options(
            selectinload(TargetGroup.municipality),
            selectinload(TargetGroup.segment),
            selectinload(TargetGroup.sizes),
        )
        .order_by(Municipality.name, TargetGroup.name)
    )
    if municipality is not None:
        query = query.where(Municipality.name == municipality)
    return list(db.session.scalars(query))


def target_group_choices() -> list[tuple[int, str]]:
    """(id, name) of every target group, by municipality, for a select."""
    query = (
        db.select(TargetGroup.id, TargetGroup.name)
        .join(TargetGroup.municipality)
        .order_by(Municipality.name, TargetGroup.name)
    )
    return [(row.id, row.name) for row in db.session.execute(query)]


def procedure_advice(
    tender: Tender, *, authority: str, single_quote_below: Decimal, today: date
) -> Advice:
    """The advice for a stored tender: its lots with a budget, at its planned publication date."""
    priced = [lot for lot in tender.lots if lot.budget_per_year is not None]
    if not priced:
        raise DomainError("Geef eerst minstens één perceel een budget; dan volgt het advies.")
    longest = max(priced, key=lambda lot: lot.initial_months + sum(lot.option_months))
    advice = advise(
        lots=[LotInput(lot.budget_per_year, lot.cpv or "", lot.title) for lot in priced],
        initial_months=longest.initial_months,
        option_months=list(longest.option_months),
        publication_on=tender.publication_on or today,
        authority=authority,
        single_quote_below=single_quote_below,
    )
    notes = [
        Warning(
            "undetermined_budget",
            f"{lot.title}: budget nog te bepalen (ntb); de raming "
            "telt dit perceel niet mee en valt dus te laag uit.",
        )
        for lot in tender.lots
        if lot.budget_per_year is None
    ]
    notes += [
        Warning("missing_cpv", f"{lot.title}: geen CPV-code; het regime is daardoor onzeker.")
        for lot in priced
        if not lot.cpv
    ]
    if tender.participants:
        names = ", ".join(municipality.name for municipality in tender.participants)
        notes.append(
            Warning(
                "joint",
                f"Gezamenlijke inkoop: de raming telt de budgetten van {tender.municipality} "
                f"en {names} samen.",
            )
        )
    if len({(lot.initial_months, tuple(lot.option_months)) for lot in priced}) > 1:
        notes.append(
            Warning(
                "different_terms",
                "De percelen hebben verschillende looptijden; "
                f"de raming gebruikt de langste ({longest.title}).",
            )
        )
    return replace(advice, warnings=[*notes, *advice.warnings])


def advise_procedure(tender: Tender, settings: Settings, today: date) -> Advice:
    """The procedure advice a person asks for; a route that buys nothing on the market has
    none, and the DomainError says why."""
    if tender.route in NO_PROCEDURE_BECAUSE:
        raise DomainError(NO_PROCEDURE_BECAUSE[tender.route])
    return current_procedure_advice(tender, settings, today)


def current_procedure_advice(tender: Tender, settings: Settings, today: date) -> Advice:
    """The advice under the configured authority type and national bands, as of today (its
    estimated value counts for every route)."""
    return procedure_advice(
        tender,
        authority=settings.procurement_authority,
        single_quote_below=settings.single_quote_below_eur,
        today=today,
    )


def get_lot(tender_id: int, lot_id: int) -> Lot:
    return db.first_or_404(
        db.select(Lot)
        .filter_by(id=lot_id, tender_id=tender_id)
        .options(
            selectinload(Lot.award_criteria),
            selectinload(Lot.requirements),
            selectinload(Lot.kpi_targets),
            selectinload(Lot.bids).selectinload(Bid.scores),
        )
    )


def list_library(*, include_inactive: bool = False) -> list[Requirement]:
    query = db.select(Requirement).options(selectinload(Requirement.target_groups))
    if not include_inactive:
        query = query.where(Requirement.active)
    return list(db.session.scalars(query.order_by(Requirement.code)))


def library_for_lot(lot: Lot) -> list[Requirement]:
    """Active library requirements for the lot's target group or for every lot, not yet copied."""
    copied = {copy.library_requirement_id for copy in lot.requirements}
    return [
        requirement
        for requirement in list_library()
        if requirement.id not in copied
        and (
            not requirement.target_groups
            or any(group.id == lot.target_group_id for group in requirement.target_groups)
        )
    ]


@dataclass(frozen=True)
class RankedBid:
    bid: Bid
    rank: int | None  # None: excluded
    price_fraction: Decimal | None
    total: Decimal | None


def lot_ranking(lot: Lot) -> list[RankedBid]:
    """Valid bids by weighted total (ties: lower price first), then the excluded ones."""
    valid = [bid for bid in lot.bids if not bid.excluded_reason]
    prices = [bid.price for bid in valid]
    criteria = [(c.kind.value, c.weight_percent) for c in lot.award_criteria]
    positions = {c.id: position for position, c in enumerate(lot.award_criteria)}
    scored = []
    for bid in valid:
        scores = {
            positions[s.criterion_id]: s.score for s in bid.scores if s.criterion_id in positions
        }
        total = weighted_total(bid.price, prices, lot.price_method.value, criteria, scores)
        scored.append((bid, price_fraction(bid.price, prices, lot.price_method.value), total))
    scored.sort(key=lambda row: (-row[2], row[0].price))
    ranked = [
        RankedBid(bid, rank, fraction, total)
        for rank, (bid, fraction, total) in enumerate(scored, start=1)
    ]
    excluded = [RankedBid(bid, None, None, None) for bid in lot.bids if bid.excluded_reason]
    return ranked + excluded

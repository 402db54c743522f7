"""The PvE's readiness check: per chapter and lot, what is still missing before the tender can
be adopted, each with the page where it is filled in. Reads the tender and its relations."""

from dataclasses import dataclass, field
from datetime import date

from app.core.rules import Problem
from app.tenders.clause_models import ClauseChapter
from app.tenders.models import CriterionKind, Lot, Route, Tender, TenderStatus
from app.tenders.payment import PAYMENT_TERMS
from app.tenders.rules import PLANNING, weights_total


@dataclass(frozen=True)
class Gap:
    where: str  # the chapter, or the lot and its part: "Perceel 2 · Bekostiging"
    what: str
    endpoint: str
    params: dict = field(default_factory=dict)
    anchor: str = ""

    @property
    def sentence(self) -> str:
        return f"{self.where}: {self.what}"


def pve_gaps(tender: Tender) -> list[Gap]:
    """Everything a publishable PvE still lacks; empty when the tender is ready."""
    tendered = tender.route == Route.TENDER
    edit = ("tenders.edit", {"tender_id": tender.id})
    gaps = []
    if not tender.description.strip():
        gaps.append(Gap("Inleiding", "de aanleiding ontbreekt", *edit))
    if not tender.lots:
        gaps.append(Gap("Percelen", "er is nog geen perceel", "lots.create", edit[1]))
    if tendered and not tender.procedure:
        gaps.append(
            Gap("Procedure", "de procedure is nog niet gekozen", "tenders.procedure", edit[1])
        )
    dates = PLANNING if tendered else PLANNING[-1:]  # other routes publish no procedure
    gaps += [
        Gap("Planning", f"{label} ontbreekt", *edit)
        for name, label in dates
        if not getattr(tender, name)
    ]
    if tender.social_return_percent is None:
        gaps.append(Gap("Social return", "het percentage ontbreekt", *edit))
    if tender.breach_notification_hours is None:
        gaps.append(Gap("Privacy", "de termijn voor het melden van een datalek ontbreekt", *edit))
    if tender.retention_years is None:
        gaps.append(Gap("Privacy", "de bewaartermijn ontbreekt", *edit))
    present = {clause.chapter for clause in tender.clauses}
    gaps += [
        Gap(
            chapter.label,
            "dit hoofdstuk heeft nog geen tekst",
            "tender_texts.index",
            edit[1],
            f"hoofdstuk-{chapter.value}",
        )
        for chapter in ClauseChapter
        if chapter not in present
    ]
    for lot in tender.lots:
        gaps += lot_gaps(lot)
    return gaps


def lot_gaps(lot: Lot) -> list[Gap]:
    """What one lot's part of the PvE still lacks."""
    tendered = lot.tender.route == Route.TENDER
    ids = {"tender_id": lot.tender_id, "lot_id": lot.id}
    name = f"Perceel {lot.number}"

    def gap(part: str, what: str, endpoint: str = "lots.edit") -> Gap:
        return Gap(f"{name} · {part}", what, endpoint, ids)

    gaps = []
    if not lot.target_group_profile.strip():
        gaps.append(gap("Doelgroep", "de kenmerken van de doelgroep ontbreken"))
    if lot.planned_count is None:
        gaps.append(gap("Doelgroep", "het verwachte aantal trajecten per jaar ontbreekt"))
    if not lot.scope.strip():
        gaps.append(gap("Dienstverlening", "de gevraagde dienstverlening ontbreekt"))
    gaps += [
        gap("Bekostiging", f"{label} ontbreekt")
        for attribute, _, label in PAYMENT_TERMS[lot.payment_model]
        if getattr(lot, attribute) is None
    ]
    if not lot.kpi_targets:
        gaps.append(gap("Prestatie-indicatoren", "er zijn nog geen normen", "lots.kpi_targets"))
    if not lot.requirements:
        gaps.append(gap("Eisen", "er zijn nog geen eisen", "lots.copy_requirements"))
    if tendered:
        if not lot.cpv:
            gaps.append(gap("Opdracht", "de CPV-code ontbreekt"))
        if weights_total(c.weight_percent for c in lot.award_criteria) != 100:
            gaps.append(
                gap(
                    "Gunning",
                    "de gunningscriteria tellen niet op tot 100%",
                    "lots.award_criteria",
                )
            )
        if any(
            c.kind == CriterionKind.QUALITY and not c.description.strip()
            for c in lot.award_criteria
        ):
            gaps.append(
                gap(
                    "Gunning",
                    "een kwaliteitscriterium heeft nog geen omschrijving",
                    "lots.award_criteria",
                )
            )
    return gaps


def status_problems(tender: Tender, status: TenderStatus, today: date) -> list[Problem]:
    """What still stops the tender from moving to `status`: to review it needs a lot, to be
    adopted every gap of the PvE filled, to be published a closing date after today."""
    problems = []
    if status == TenderStatus.PUBLISHED and tender.closing_on and tender.closing_on <= today:
        problems.append(Problem("closing_passed", "de sluitingsdatum ligt niet na vandaag"))
    if status == TenderStatus.IN_REVIEW and not tender.lots:
        problems.append(Problem("no_lots", "het inkooptraject heeft nog geen percelen"))
    if status == TenderStatus.ADOPTED:
        problems += [Problem("pve_gap", gap.sentence) for gap in pve_gaps(tender)]
    return problems

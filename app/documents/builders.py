"""Context builders: domain objects → plain dicts of strings, numbers and lists for templates."""

from datetime import date, timedelta

from app.contracts.rules import OptionTerm, contract_timeline
from app.core.dates import add_months
from app.core.formatting import date_nl, eur, number_nl
from app.steering.models import KpiDefinition, KpiDirection
from app.steering.rules import norm_text
from app.tenders.clause_models import ClauseChapter
from app.tenders.models import CriterionKind, Lot, PriceMethod, Tender
from app.tenders.payment import PAYMENT_TERMS
from app.tenders.procedure import PROCEDURE_LABELS, Advice
from app.tenders.requirement_models import RequirementCategory, RequirementKind
from app.tenders.rules import PRICE_FORMULAS, QUALITY_SCALE

# Requirements of these categories are stated once, numbered in their own chapter.
GENERAL_CATEGORIES = {
    RequirementCategory.PRIVACY: "8",
    RequirementCategory.REPORTING: "9",
    RequirementCategory.SOCIAL_RETURN: "10",
}
LOTS_CHAPTER = 5
KIND_HEADINGS = {
    RequirementKind.KNOCKOUT: "Minimumeisen (knock-out)",
    RequirementKind.AWARD: "Eisen die bij de gunning worden beoordeeld",
    RequirementKind.WISH: "Wensen",
}
DIRECTION_WORDS = {
    KpiDirection.HIGHER_IS_BETTER: ("Minimum", "minimaal"),
    KpiDirection.LOWER_IS_BETTER: ("Maximum", "maximaal"),
}
STANDSTILL_DAYS = 20  # art. 2.127 Aanbestedingswet 2012
CONCEPT_MARK = "CONCEPT – niet voor publicatie"
# What a concept shows where a value is still missing (the readiness check names it).
MISSING = "…"


def paragraphs(text: str) -> list[str]:
    """The requester's text as Word paragraphs: one per non-empty line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _months(months: int) -> str:
    return "1 maand" if months == 1 else f"{months} maanden"


def _period(start: date, end: date) -> str:
    return f"{date_nl(start)} t/m {date_nl(end)}"


def _numbered(prefix: str, texts: list[str]) -> list[dict]:
    return [{"number": f"{prefix}.{n}", "text": text} for n, text in enumerate(texts, start=1)]


def _clauses(tender: Tender, chapter: ClauseChapter) -> list[dict]:
    return [
        {"title": clause.title, "paragraphs": paragraphs(clause.text)}
        for clause in tender.clauses
        if clause.chapter == chapter
    ]


def _terms(lots: list[Lot], start: date | None) -> list[dict]:
    """Each distinct set of periods once, dated when the contract start is known, with the
    lots it applies to ("Percelen 1, 2 en 3" instead of three equal tables)."""
    groups: dict[tuple, list[Lot]] = {}
    for lot in lots:
        key = (lot.initial_months, tuple(lot.option_months), lot.notice_months)
        groups.setdefault(key, []).append(lot)
    return [
        {"lots": _lot_names(grouped), "rows": _term_rows(grouped[0], start)}
        for grouped in groups.values()
    ]


def _lot_names(lots: list[Lot]) -> str:
    if len(lots) == 1:
        return f"Perceel {lots[0].number}: {lots[0].title}"
    numbers = [str(lot.number) for lot in lots]
    return f"Percelen {', '.join(numbers[:-1])} en {numbers[-1]}"


def _term_rows(lot: Lot, start: date | None) -> list[dict]:
    options = [OptionTerm(months, lot.notice_months) for months in lot.option_months]
    timeline = (
        contract_timeline(start, lot.initial_months, options, timedelta(0)) if start else None
    )
    rows = [
        {
            "period": "Eerste contractperiode",
            "months": _months(lot.initial_months),
            "dates": _period(start, timeline.initial_end_on) if timeline else "",
            "notice": "—",
        }
    ]
    for number, months in enumerate(lot.option_months, start=1):
        dated = timeline.options[number - 1] if timeline else None
        rows.append(
            {
                "period": f"Optie {number}",
                "months": _months(months),
                "dates": _period(dated.starts_on, dated.ends_on) if dated else "",
                "notice": (
                    f"{_months(lot.notice_months)}: uiterlijk {date_nl(dated.notice_deadline_on)}"
                    if dated
                    else _months(lot.notice_months)
                ),
            }
        )
    return rows


def _kpi_rows(lot: Lot, kpis: dict[int, KpiDefinition]) -> list[dict]:
    rows = []
    for target in sorted(lot.kpi_targets, key=lambda t: kpis[t.kpi_definition_id].position):
        kpi = kpis[target.kpi_definition_id]
        label, word = DIRECTION_WORDS[kpi.direction]
        rows.append(
            {
                "name": kpi.name,
                "definition": kpi.description or "—",
                "unit": kpi.unit.label,
                "norm": f"{word} {norm_text(target, kpi.unit.value)}",
                "direction": label,
                "tolerance": f"{number_nl(target.tolerance_percent)}\xa0%",
                "measured_when": kpi.measured_when or "Per bijsturingsmoment",
            }
        )
    return rows


def _payment(lot: Lot) -> list[dict]:
    """The lot's payment model as label → value rows; amounts are maxima excl. btw."""
    rows = [{"label": "Bekostigingsmodel", "value": lot.payment_model.label}]
    if lot.budget_per_year is not None:
        rows.append({"label": "Budget per jaar (maximum)", "value": eur(lot.budget_per_year)})
    if lot.planned_count is not None:
        rows.append(
            {"label": "Verwacht aantal trajecten per jaar", "value": str(lot.planned_count)}
        )
    for field, label, _ in PAYMENT_TERMS[lot.payment_model]:
        value = getattr(lot, field)
        if value is None or field == "budget_per_year":  # the budget has its row above
            continue
        if field == "result_share_percent":
            text = f"{number_nl(100 - value)}\xa0% vast, {number_nl(value)}\xa0% bij resultaat"
        else:
            text = eur(value)
        rows.append({"label": label, "value": text})
    return rows


def _award_basis(lot: Lot) -> str:
    if not lot.tender.needs_procedure:  # nothing is awarded outside a tender
        return f"Niet van toepassing: {lot.tender.route.label.lower()}, er wordt niet gegund."
    if lot.is_lowest_price:
        return f"Gunning op laagste prijs. Motivering: {lot.lowest_price_motivation}"
    return "Gunning op beste prijs-kwaliteitverhouding (BPKV)."


def _lot_context(lot: Lot, chapter: int, kpis: dict[int, KpiDefinition]) -> dict:
    """A lot's chapter of the PvE as plain values. Long because it is one literal of the chapter's
    structure, in the order the template prints it."""
    prefix = f"{chapter}.{lot.number}"
    groups, counter = [], 0
    own = [r for r in lot.requirements if r.category not in GENERAL_CATEGORIES]
    for kind, heading in KIND_HEADINGS.items():
        numbered = []
        for requirement in (r for r in own if r.kind == kind):
            counter += 1  # one sequence per lot, so "5.2.7" names one requirement only
            numbered.append({"number": f"{prefix}.{counter}", "text": requirement.text})
        if numbered:
            groups.append({"label": heading, "requirements": numbered})
    return {
        "number": prefix,
        "title": f"Perceel {lot.number}: {lot.title}",
        "target_group": lot.target_group.name,
        "profile": paragraphs(lot.target_group_profile) or [MISSING],
        "expected": (
            f"De gemeente verwacht circa {lot.planned_count} trajecten per jaar. Dit aantal is "
            "een verwachting, geen afnamegarantie."
            if lot.planned_count is not None
            else ""
        ),
        "service": paragraphs(lot.scope) or [MISSING],
        "cpv": lot.cpv or "",
        "process": [
            {"step": "Aanmelding", "term": "Door de klantmanager, met het plan van aanpak."},
            {"step": "Intake", "term": f"Binnen {lot.intake_days} werkdagen na aanmelding."},
            {
                "step": "Trajectplan",
                "term": f"Binnen {lot.plan_weeks} weken na de intake, ter "
                "instemming aan de klantmanager.",
            },
            {
                "step": "Uitvoering",
                "term": "Volgens het trajectplan; voortgang per bijsturingsmoment gerapporteerd.",
            },
            {"step": "Plaatsing", "term": "Gemeld binnen 5 werkdagen, met bewijs."},
            {"step": "Nazorg", "term": f"{_months(lot.aftercare_months)} na de plaatsing."},
            {
                "step": "Terugmelding",
                "term": f"Binnen {lot.report_back_days} werkdagen aan de "
                "klantmanager wanneer een deelnemer niet meewerkt of niet verschijnt.",
            },
        ],
        "lasting_outflow": (
            f"Duurzame uitstroom: een plaatsing waarbij de deelnemer ten minste "
            f"{_months(lot.lasting_outflow_months)} aaneengesloten aan het werk is."
        ),
        "kpis": _kpi_rows(lot, kpis),
        "payment": _payment(lot),
        "requirement_groups": groups,
        "award_basis": _award_basis(lot),
        "criteria": [
            {
                "name": c.name,
                "kind": CriterionKind(c.kind).label,
                "description": c.description or "—",
                "weight": f"{number_nl(c.weight_percent)}\xa0%",
            }
            for c in lot.award_criteria
        ],
        "weights_total": f"{number_nl(sum(c.weight_percent for c in lot.award_criteria))}\xa0%",
        "price_formula": f"Prijs ({PriceMethod(lot.price_method).label.split(':')[0].lower()}): "
        f"{PRICE_FORMULAS[PriceMethod(lot.price_method).value]}.",
    }


def _general_requirements(tender: Tender, category: RequirementCategory, prefix: str) -> list:
    """Requirements of a general category, once each across all lots, numbered in their
    chapter."""
    texts: list[str] = []
    for lot in tender.lots:
        for requirement in lot.requirements:
            if requirement.category == category and requirement.text not in texts:
                texts.append(requirement.text)
    return _numbered(prefix, texts)


def _planning(tender: Tender) -> list[dict]:
    steps = [
        ("Publicatie", tender.publication_on),
        ("Uiterste datum voor het stellen van vragen", tender.questions_until),
        ("Nota van inlichtingen", tender.answers_on),
        ("Sluiting van de inschrijving", tender.closing_on),
        ("Gunningsbeslissing", tender.award_decision_on),
    ]
    if tender.award_decision_on and (tender.procedure or "").startswith("europees"):
        steps.append(
            (
                f"Einde opschortende termijn ({STANDSTILL_DAYS} kalenderdagen)",
                tender.award_decision_on + timedelta(days=STANDSTILL_DAYS),
            )
        )
    steps.append(("Ingangsdatum van de overeenkomsten", tender.contract_start_on))
    return [{"label": label, "date": date_nl(day)} for label, day in steps if day]


def _steering_dates(tender: Tender, interval: int) -> str:
    """The steering moments over the longest initial period, as a sentence's tail."""
    if not tender.contract_start_on or not tender.lots:
        return ""
    months = max(lot.initial_months for lot in tender.lots)
    days = [add_months(tender.contract_start_on, m) for m in range(interval, months + 1, interval)]
    return ", ".join(date_nl(day) for day in days)


def build_pve_context(
    tender: Tender,
    *,
    advice: Advice | None,
    kpis: dict[int, KpiDefinition],
    version: int,
    generated_on: date,
    steering_interval_months: int,
    max_framework_months: int,
    concept: bool,
) -> dict:
    """Everything the PvE template shows, as plain values: only what may be published, so no
    internal notes, no suppliers, no unmotivated or undetermined fields. Long because it is one
    literal of the document's structure, in the order the template prints it."""
    general = {
        category: _general_requirements(tender, category, chapter)
        for category, chapter in GENERAL_CATEGORIES.items()
    }
    return {
        "concept_mark": CONCEPT_MARK if concept else "",
        "municipality": tender.municipality,
        "tender_title": tender.title,
        "reference": tender.reference,
        "version": version,
        "generated_on": date_nl(generated_on),
        "introduction": paragraphs(tender.description) or [MISSING],
        "decisions": [decision.citation() for decision in tender.decisions],
        "lot_titles": [f"Perceel {lot.number}: {lot.title}" for lot in tender.lots],
        "procedure": PROCEDURE_LABELS.get(tender.procedure or "", ""),
        "estimated_value": eur(advice.estimated_value) if advice else "",
        "planning": _planning(tender),
        "terms": _terms(tender.lots, tender.contract_start_on),
        "max_months": _months(max_framework_months),
        "results": _clauses(tender, ClauseChapter.RESULTS),
        "lots": [_lot_context(lot, LOTS_CHAPTER, kpis) for lot in tender.lots],
        "quality_scale": [
            {"score": str(score), "label": label, "meaning": meaning}
            for score, label, meaning in QUALITY_SCALE
        ],
        "quality": _clauses(tender, ClauseChapter.QUALITY),
        "privacy": _clauses(tender, ClauseChapter.PRIVACY),
        "privacy_requirements": general[RequirementCategory.PRIVACY],
        "breach_hours": str(tender.breach_notification_hours or MISSING),
        "retention_years": str(tender.retention_years or MISSING),
        "steering_interval": _months(steering_interval_months),
        "steering_dates": _steering_dates(tender, steering_interval_months),
        "reporting": _clauses(tender, ClauseChapter.REPORTING),
        "reporting_requirements": general[RequirementCategory.REPORTING],
        "social_return_percent": (
            f"{number_nl(tender.social_return_percent)}\xa0%"
            if tender.social_return_percent is not None
            else f"{MISSING}\xa0%"
        ),
        "social_return_requirements": general[RequirementCategory.SOCIAL_RETURN],
        "invoicing": _clauses(tender, ClauseChapter.INVOICING),
        "conditions": _clauses(tender, ClauseChapter.CONDITIONS),
        "glossary": sorted(
            (
                {"term": clause.title, "definition": clause.text}
                for clause in tender.clauses
                if clause.chapter == ClauseChapter.GLOSSARY
            ),
            key=lambda entry: entry["term"].lower(),
        ),
        "notices": [
            {
                "number": notice.number,
                "issued_on": date_nl(notice.issued_on),
                "summary": notice.summary,
                "changes": notice.changes,
            }
            for notice in tender.notices
        ],
    }

"""Context builders: domain objects → plain dicts of strings, numbers and lists for templates."""

import re
from datetime import date

from app.approvals.finance import BUDGET_COLUMNS
from app.core.formatting import date_nl, eur, number_nl
from app.steering.rules import norm_text
from app.tenders.models import CriterionKind, Lot, RequirementCategory, RequirementKind, Tender
from app.tenders.procedure import PROCEDURE_LABELS, PROPORTIONALITY_FACTORS, Advice

GENERAL_CATEGORIES = (
    RequirementCategory.PRIVACY,
    RequirementCategory.REPORTING,
    RequirementCategory.SOCIAL_RETURN,
)
KIND_HEADINGS = {
    RequirementKind.KNOCKOUT: "Minimumeisen (knock-out)",
    RequirementKind.AWARD: "Eisen die bij de gunning worden beoordeeld",
    RequirementKind.WISH: "Wensen",
}
NOT_YET = "nog te bepalen"


def _months(months: int) -> str:
    return f"{months} maanden"


def _duration(lot: Lot) -> str:
    options = ", ".join(_months(m) for m in lot.option_months) or "geen"
    return f"{_months(lot.initial_months)}, verlengingsopties: {options}"


def _lot_context(lot: Lot, kpi_names: dict[int, tuple[str, str]]) -> dict:
    groups, counter = [], 0
    own = [r for r in lot.requirements if r.category not in GENERAL_CATEGORIES]
    for kind, heading in KIND_HEADINGS.items():
        numbered = []
        for requirement in (r for r in own if r.kind == kind):
            counter += 1  # one sequence per lot, so "2.7" names one requirement only
            numbered.append({"number": f"{lot.number}.{counter}", "text": requirement.text})
        if numbered:
            groups.append({"label": heading, "requirements": numbered})
    kpis = []
    for target in sorted(lot.kpi_targets, key=lambda t: kpi_names[t.kpi_definition_id][0]):
        name, unit = kpi_names[target.kpi_definition_id]
        value = norm_text(target, unit)
        kpis.append(
            {"name": name, "target": value, "tolerance": f"{number_nl(target.tolerance_percent)}%"}
        )
    price_only = lot.is_lowest_price
    return {
        "number": lot.number,
        "title": lot.title,
        "target_group": lot.target_group.name,
        "scope": lot.scope,
        "budget": eur(lot.budget_per_year) if lot.budget_per_year is not None else NOT_YET,
        "planned_count": str(lot.planned_count) if lot.planned_count is not None else NOT_YET,
        "unit_price": eur(lot.unit_price) if lot.unit_price is not None else NOT_YET,
        "cpv": lot.cpv or "—",
        "duration": _duration(lot),
        "requirement_groups": groups,
        "kpis": kpis,
        "award_basis": (
            f"Gunning op laagste prijs. Motivering: {lot.lowest_price_motivation}"
            if price_only
            else "Gunning op beste prijs-kwaliteitverhouding (BPKV)."
        ),
        "criteria": [
            {
                "name": c.name,
                "kind": CriterionKind(c.kind).label,
                "weight": f"{number_nl(c.weight_percent)}%",
            }
            for c in lot.award_criteria
        ],
        "weights_total": f"{number_nl(sum(c.weight_percent for c in lot.award_criteria))}%",
    }


def _general_requirements(tender: Tender) -> list[dict]:
    """Requirements on privacy, reporting and social return, once each across all lots."""
    groups = []
    for category in GENERAL_CATEGORIES:
        texts = []
        for lot in tender.lots:
            for requirement in lot.requirements:
                if requirement.category == category and requirement.text not in texts:
                    texts.append(requirement.text)
        if texts:
            groups.append({"label": category.label, "requirements": [{"text": t} for t in texts]})
    return groups


def build_pve_context(
    tender: Tender,
    *,
    advice: Advice | None,
    kpi_names: dict[int, tuple[str, str]],
    version: int,
    author: str,
    generated_on: date,
    steering_interval_months: int,
) -> dict:
    """Everything the PvE template shows, as plain values."""
    motivation = tender.procedure_motivation or {}
    lots = [lot for lot in tender.lots]
    return {
        "municipality": tender.municipality,
        "tender_title": tender.title,
        "reference": tender.reference,
        "version": version,
        "generated_on": date_nl(generated_on),
        "author": author,
        "introduction": tender.description
        or f"Dit Programma van Eisen beschrijft de opdracht '{tender.title}'.",
        "policy_context": (
            f"De gemeente {tender.municipality} koopt ondersteuning voor specifieke doelgroepen "
            "onder de Participatiewet in afzonderlijke percelen, elk onder een raamovereenkomst "
            "met tussentijdse bijsturingsmomenten. De gemeente voert de regie."
        ),
        "estimated_value": eur(advice.estimated_value) if advice else NOT_YET,
        "procedure": PROCEDURE_LABELS.get(tender.procedure or "", "nog niet gekozen"),
        "procedure_advice": (
            f"Advies: {advice.procedure_label} (drempel {eur(advice.threshold)}, "
            f"geldig vanaf {date_nl(advice.thresholds_valid_from)})."
            if advice
            else "Nog geen advies: geen percelen met een budget."
        ),
        "motivation": [
            {"label": label, "text": motivation.get(factor, "nog niet gemotiveerd")}
            for factor, label in PROPORTIONALITY_FACTORS.items()
        ],
        "timeline": [
            {"label": "Publicatie", "date": date_nl(tender.publication_on) or NOT_YET},
            {"label": "Sluiting inschrijving", "date": date_nl(tender.closing_on) or NOT_YET},
            {
                "label": "Ingangsdatum contracten",
                "date": date_nl(tender.contract_start_on) or NOT_YET,
            },
        ],
        "duration": (
            "Per perceel wordt een raamovereenkomst gesloten. "
            + " ".join(f"Perceel {lot.number}: {_duration(lot)}." for lot in lots)
            + " Een optie wordt uiterlijk de opzegtermijn vóór het einde van de lopende periode "
            "gelicht; inclusief opties duurt een raamovereenkomst ten hoogste 48 maanden."
        ),
        "steering_clause": (
            f"Elke {steering_interval_months} maanden is er een tussentijds bijsturingsmoment. "
            "De opdrachtnemer rapporteert dan per prestatie-indicator de realisatie tegenover de "
            "norm; bij afwijking maken gemeente en opdrachtnemer bijsturingsafspraken met een "
            "eigenaar en een termijn. Bijsturingsmomenten zijn onderdeel van de overeenkomst."
        ),
        "lots": [_lot_context(lot, kpi_names) for lot in lots],
        "notices": [
            {
                "number": notice.number,
                "issued_on": date_nl(notice.issued_on),
                "summary": notice.summary,
                "changes": notice.changes,
            }
            for notice in tender.notices
        ],
        "general_requirements": _general_requirements(tender),
    }


def paragraphs(text: str) -> list[str]:
    """The requester's text as Word paragraphs: one per non-empty line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def build_collegevoorstel_context(
    snapshot: dict,
    *,
    title: str,
    subject: str,
    municipality: str,
    requester: str,
    submitted_on: date,
    decided_on: date | None = None,
) -> dict:
    """The collegevoorstel in the municipality's structure (domain.md §7), from the frozen
    snapshot of an approval request: the texts as written, figures and tables from the data."""
    proposal = snapshot["proposal"]
    finance = snapshot["finance"]

    def text(name: str) -> list[str]:
        return paragraphs(proposal[name]) or ["—"]

    return {
        "municipality": municipality,
        "registration_number": proposal["registration_number"],
        "short_title": proposal["short_title"],
        "title": title,
        "subject": subject,
        "requester": requester,
        "submitted_on": date_nl(submitted_on),
        "decision_date": date_nl(decided_on) if decided_on else "……",
        "key_message": text("key_message"),
        "committee_proposal": paragraphs(proposal["committee_proposal"]) or ["N.v.t."],
        "earlier_decisions": proposal["earlier_decisions"],
        "decision_urls": [d["url"] for d in proposal["earlier_decisions"] if d["url"]],
        "decision_points": proposal["decision_points"],
        "introduction": text("introduction"),
        "subject_rows": [{"label": label, "value": value} for label, value in snapshot["rows"]],
        "intended_result": text("intended_result"),
        "arguments": text("arguments"),
        "finance_columns": finance.get("columns", BUDGET_COLUMNS),
        "finance": finance["lines"],
        "finance_total_label": finance.get("total_label", "Totaal"),
        "finance_total": finance["total"],
        "finance_note": finance["note"],
        "evidence": _evidence_context(snapshot.get("evidence")),
        "communication": text("communication"),
        "risks": text("risks"),
        "implementation": text("implementation"),
        "annexes": [ANNEX_NUMBER.sub("", annex) for annex in proposal["annexes"]],
    }


# The document numbers the annexes itself; a requester who typed "Bijlage 1: …" is not
# printed as "Bijlage 1: Bijlage 1: …".
ANNEX_NUMBER = re.compile(r"^\s*bijlage\s+\d+\s*[:.\-–]?\s*", re.IGNORECASE)


def _evidence_context(evidence: dict | None) -> dict:
    """The contract's performance for an extension; empty (and not printed) otherwise."""
    if not evidence:
        return {"shown": False, "kpis": [], "actions": [], "warning": "", "summary": ""}
    return {
        "shown": True,
        "kpis": evidence["kpis"],
        "actions": evidence["open_actions"],
        "warning": evidence["warning"],
        "summary": evidence["summary"],
    }

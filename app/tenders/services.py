"""Use cases for tenders and lots. Services take the actor, flush, and never commit."""

from datetime import date
from typing import Any

from app.approvals.models import Decision
from app.auth.models import User
from app.core.audit import (
    apply_changes,
    change_status,
    readable_changes,
    record_create,
)
from app.core.errors import DomainError, ValidationFailed
from app.core.models import check_version, known_fields, touch
from app.core.rules import refuse
from app.extensions import db
from app.permissions import can
from app.tenders.clauses import copy_standard_clauses
from app.tenders.editing import ensure_editable
from app.tenders.lot_services import change_lot
from app.tenders.models import (
    NO_PROCEDURE_BECAUSE,
    Lot,
    Route,
    Tender,
    TenderNotice,
    TenderStatus,
)
from app.tenders.procedure import PROCEDURE_LABELS, PROPORTIONALITY_FACTORS
from app.tenders.readiness import status_problems
from app.tenders.rules import PLANNING, tender_problems

TENDER_FIELDS = (
    "reference",
    "title",
    "route",
    "description",
    "publication_on",
    "closing_on",
    "contract_start_on",
    "questions_until",
    "answers_on",
    "award_decision_on",
    "social_return_percent",
    "breach_notification_hours",
    "retention_years",
)


def _validate_tender(values: dict[str, Any]) -> None:
    problems = tender_problems(values)
    refuse(
        problems, "Het inkooptraject is niet opgeslagen: " + " ".join(p.message for p in problems)
    )


def _set_decisions(tender: Tender, decisions: list[Decision] | None) -> dict:
    """Replace the decisions the aanleiding cites; the change for the history, if any."""
    if decisions is None:
        return {}
    before = [decision.reference for decision in tender.decisions]
    after = [decision.reference for decision in decisions]
    if before == after:
        return {}
    tender.decisions = list(decisions)
    touch(tender)
    return {"decisions": (before, after)}


def create_tender(
    actor: User | None,
    *,
    municipality: str,
    values: dict[str, Any],
    decisions: list[Decision] | None = None,
) -> Tender:
    """A new tender, starting with a copy of every active standard PvE text."""
    values = known_fields(values, TENDER_FIELDS)
    _validate_tender(values)
    tender = Tender(
        municipality=municipality,
        **{**values, "route": Route(values["route"])},
        decisions=list(decisions or []),
    )
    db.session.add(tender)
    record_create(actor, tender)
    copy_standard_clauses(actor, tender)
    return tender


def update_tender(
    actor: User,
    tender: Tender,
    *,
    values: dict[str, Any],
    expected_version: int | None,
    decisions: list[Decision] | None = None,
) -> Tender:
    """Change the tender's own fields and, when given, the decisions it cites."""
    check_version(tender, expected_version)
    ensure_editable(tender)
    values = known_fields(values, TENDER_FIELDS)
    _validate_tender({**_planning(tender), **values})
    related = _set_decisions(tender, decisions)
    apply_changes(actor, tender, {**values, "route": Route(values["route"])}, related=related)
    return tender


def _planning(tender: Tender) -> dict[str, Any]:
    """The stored dates, so that a partial update is checked against the ones it leaves."""
    return {field: getattr(tender, field) for field, _ in PLANNING}


FROZEN_BUT_CLARIFIABLE = (TenderStatus.ADOPTED, TenderStatus.PUBLISHED)


def _record_notice(
    actor: User,
    tender: Tender,
    *,
    subject: str,
    model: type,
    changes: dict,
    summary: str,
    today: date,
) -> TenderNotice:
    if not changes:
        raise DomainError("Er is niets gewijzigd; een nota van inlichtingen is niet nodig.")
    notice = TenderNotice(
        tender_id=tender.id,
        number=len(tender.notices) + 1,
        issued_on=today,
        summary=summary.strip(),
        changes=[
            {"subject": subject, "field": field, "before": before, "after": after}
            for field, before, after in readable_changes(model, changes)
        ],
        created_by_id=actor.id,
    )
    tender.notices.append(notice)
    record_create(actor, notice)
    return notice


def _ensure_clarifiable(tender: Tender, summary: str) -> None:
    if tender.status not in FROZEN_BUT_CLARIFIABLE:
        raise DomainError(
            "Alleen een vastgesteld of gepubliceerd inkooptraject wijzigt via een nota van "
            "inlichtingen."
        )
    if not summary.strip():
        message = "Beschrijf de vraag of de reden van de wijziging."
        raise ValidationFailed(message, {"summary": [message]})


def clarify_lot(
    actor: User,
    lot: Lot,
    *,
    values: dict[str, Any],
    summary: str,
    expected_version: int | None,
    today: date,
) -> TenderNotice:
    """Change a lot of a frozen tender through a numbered nota van inlichtingen."""
    check_version(lot, expected_version)
    _ensure_clarifiable(lot.tender, summary)
    changes = change_lot(actor, lot, values)
    return _record_notice(
        actor,
        lot.tender,
        subject=f"Perceel {lot.number}: {lot.title}",
        model=Lot,
        changes=changes,
        summary=summary,
        today=today,
    )


def clarify_tender(
    actor: User,
    tender: Tender,
    *,
    values: dict[str, Any],
    summary: str,
    expected_version: int | None,
    today: date,
) -> TenderNotice:
    """Change a frozen tender (e.g. postpone the closing date) through a nota van inlichtingen."""
    check_version(tender, expected_version)
    _ensure_clarifiable(tender, summary)
    values = known_fields(values, TENDER_FIELDS)
    _validate_tender(values)
    changes = apply_changes(actor, tender, {**values, "route": Route(values["route"])})
    return _record_notice(
        actor,
        tender,
        subject="Inkooptraject",
        model=Tender,
        changes=changes,
        summary=summary,
        today=today,
    )


STATUS_ACTIONS = {
    TenderStatus.IN_REVIEW: "Ter beoordeling aanbieden",
    TenderStatus.DRAFT: "Terug naar concept",
    TenderStatus.PUBLISHED: "Publiceren",
    TenderStatus.WITHDRAWN: "Intrekken",
}


def check_ready(tender: Tender, status: TenderStatus, today: date) -> None:
    problems = status_problems(tender, status, today)
    if problems:
        raise DomainError(f"Dit kan nog niet: {'; '.join(p.message for p in problems)}.")


def change_tender_status(
    actor: User,
    tender: Tender,
    new_status: TenderStatus,
    *,
    expected_version: int | None,
    today: date,
    approved: bool = False,
    reviewer: User | None = None,
) -> Tender:
    """Move the tender on; adoption only as the effect of the alderman's approval, review
    only with a named reviewer."""
    check_version(tender, expected_version)
    if new_status == TenderStatus.ADOPTED and not approved:
        raise DomainError(
            "Het PvE stelt de wethouder vast: leg het inkooptraject ter vaststelling voor."
        )
    if new_status == TenderStatus.AWARDED:
        raise DomainError("Een inkooptraject wordt gegund door de gunning van zijn percelen.")
    check_ready(tender, new_status, today)
    # Publishing records the actual date; a planned one stays readable in the history.
    extra = {"publication_on": today} if new_status == TenderStatus.PUBLISHED else {}
    if new_status == TenderStatus.IN_REVIEW:
        _check_reviewer(actor, reviewer)
        extra["reviewer_id"] = reviewer.id
    change_status(actor, tender, new_status, extra)
    return tender


def _check_reviewer(actor: User, reviewer: User | None) -> None:
    """A review is a second pair of eyes: another active procurement adviser."""
    if reviewer is None:
        message = "Kies wie het inkooptraject beoordeelt."
    elif reviewer.id == getattr(actor, "id", None):
        message = "Kies een collega: u kunt uw eigen inkooptraject niet beoordelen."
    elif not can(reviewer, "tender.edit"):
        message = "Kies een inkoopadviseur als beoordelaar."
    else:
        return
    raise ValidationFailed(message, {"reviewer_id": [message]})


def record_procedure_choice(
    actor: User,
    tender: Tender,
    *,
    procedure: str,
    motivation: dict[str, str],
    expected_version: int | None,
) -> Tender:
    """Record the chosen procedure with the six factors of the Gids Proportionaliteit (3.4A)."""
    check_version(tender, expected_version)
    ensure_editable(tender)
    if not tender.needs_procedure:
        raise DomainError(NO_PROCEDURE_BECAUSE[tender.route])
    errors = {
        factor: ["Licht deze factor toe."]
        for factor in PROPORTIONALITY_FACTORS
        if not (motivation.get(factor) or "").strip()
    }
    if procedure not in PROCEDURE_LABELS:
        errors["procedure"] = ["Kies een procedure."]
    if errors:
        raise ValidationFailed("De motivering is niet volledig.", errors)
    factors = {factor: motivation[factor].strip() for factor in PROPORTIONALITY_FACTORS}
    apply_changes(actor, tender, {"procedure": procedure, "procedure_motivation": factors})
    return tender

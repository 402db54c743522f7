"""Use cases for approval requests: submit, approve or reject, withdraw.

Submitting freezes a snapshot of exactly what is to be approved, with the collegevoorstel's
text parts as the requester wrote them, and attaches the exports made from it. The change
itself (the tender adopted, the lot awarded, the option exercised, the amendment recorded)
takes effect only when the alderman approves, on the decision date given.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from app.approvals.finance import finance_table
from app.approvals.models import ApprovalRequest, ApprovalStatus, ApprovalSubject, Decision
from app.approvals.queries import open_request
from app.approvals.rules import PROPOSAL_LISTS, PROPOSAL_TEXTS, REGISTRATION_NUMBER
from app.approvals.subjects import SUBJECTS, subject_object
from app.auth.models import Role, User
from app.auth.queries import emails_of
from app.core.audit import change_status, record_create
from app.core.dates import local_date, utcnow
from app.core.errors import DomainError, ValidationFailed
from app.core.formatting import date_nl
from app.core.mail import link, queue_mail
from app.core.models import check_version
from app.core.settings import Settings
from app.documents.services import attach_exports
from app.extensions import db
from app.permissions import can
from app.tenders.year_budgets import lot_budget_overview


@dataclass(frozen=True)
class Outlook:
    """Before submitting: why it cannot be put to the alderman now (apart from fields still to
    fill in), the rows that will be frozen and suggested texts for the collegevoorstel."""

    blocked: str | None
    rows: list[tuple[str, str]]
    draft: dict[str, Any]
    evidence: dict[str, Any] | None = None  # with its warning of moments due, not logged


def _check_none_open(subject: ApprovalSubject, obj) -> None:
    if open_request(subject, obj) is not None:
        raise DomainError(
            f"Hierover ligt al een verzoek ({subject.label.lower()}) bij de wethouder."
        )


def outlook(
    subject: ApprovalSubject, obj, details: dict[str, Any], today: date, settings: Settings
) -> Outlook:
    # The rationale is only quoted, so a stand-in lets the other checks speak before it is typed.
    details = details | {"rationale": details.get("rationale") or "(nog in te vullen)"}
    try:
        _check_none_open(subject, obj)
        prepared = SUBJECTS[subject].prepare(obj, details, today, settings)
    except DomainError as error:
        return Outlook(None if error.fields else error.message, [], {})
    return Outlook(None, prepared.rows, prepared.draft, prepared.evidence)


def _check_proposal(proposal: dict[str, Any], decisions: list[Decision]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    number = (proposal.get("registration_number") or "").strip()
    if not REGISTRATION_NUMBER.match(number):
        errors["registration_number"] = [
            "Gebruik het registratienummer als JJJJ/NNNNNN, bijv. 2017/532748."
        ]
    if not (proposal.get("short_title") or "").strip():
        errors["short_title"] = ["Geef een korte titel; die staat onder aan elke pagina."]
    if not (proposal.get("key_message") or "").strip():
        errors["key_message"] = ["Schrijf de kernboodschap."]
    lists = {
        name: [line.strip() for line in proposal.get(name, []) if line.strip()]
        for name in PROPOSAL_LISTS
    }
    if not lists["decision_points"]:
        errors["decision_points"] = ["Geef minstens één besluitpunt."]
    if errors:
        raise ValidationFailed("Het verzoek is niet ingediend.", errors)
    texts = {name: (proposal.get(name) or "").strip() for name in PROPOSAL_TEXTS}
    return {
        "registration_number": number,
        "short_title": proposal["short_title"].strip(),
        **texts,
        **lists,
        "earlier_decisions": [
            {"citation": d.citation(), "reference": d.reference, "url": d.url} for d in decisions
        ],
    }


def submit_request(
    actor: User,
    subject: ApprovalSubject,
    obj,
    *,
    details: dict[str, Any],
    proposal: dict[str, Any],
    earlier_decisions: list[Decision],
    today: date,
    settings: Settings,
) -> ApprovalRequest:
    """Freeze what is to be approved and the collegevoorstel's texts, and attach the
    collegevoorstel and the Excel overview made from them; one open request per object and
    subject."""
    _check_none_open(subject, obj)
    prepared = SUBJECTS[subject].prepare(obj, details, today, settings)
    frozen_proposal = _check_proposal(proposal, earlier_decisions)
    request = ApprovalRequest(
        subject=subject,
        title=prepared.title,
        object_type=type(obj).__name__,
        object_id=obj.id,
        snapshot={
            "rows": [list(row) for row in prepared.rows],
            "data": prepared.data,
            "tender_id": prepared.tender.id,
            "finance": prepared.finance or finance_table(lot_budget_overview(prepared.tender.lots)),
            "evidence": prepared.evidence,
            "proposal": frozen_proposal,
        },
        requester_id=actor.id,
    )
    db.session.add(request)
    db.session.flush()
    record_create(actor, request)
    attach_exports(actor, request, today=today, settings=settings)
    queue_mail(
        emails_of(Role.ALDERMAN),
        f"Ter goedkeuring: {request.title}",
        f"{actor.name} legt u ter goedkeuring voor: {request.title}.\n\n"
        f"Bekijken en besluiten: {link('approvals.detail', request_id=request.id)}\n",
    )
    return request


def describe(request: ApprovalRequest) -> list[tuple[str, str]]:
    """The snapshot as label → value, for the alderman's page."""
    return [(label, value) for label, value in request.snapshot["rows"]]


REFUSALS = {
    "approval.decide": "Dit mag alleen de wethouder.",
    "approval.withdraw": "Alleen wie het verzoek indiende, kan het intrekken.",
}


def _check_open(actor: User, request: ApprovalRequest, action: str, expected_version) -> None:
    check_version(request, expected_version)
    if request.status != ApprovalStatus.SUBMITTED:
        raise DomainError(
            f"Over dit verzoek is al besloten: het is {request.status.label.lower()}."
        )
    if action == "approval.decide" and request.requester_id == actor.id:
        raise DomainError("U kunt niet over uw eigen verzoek besluiten.")
    if not can(actor, action, request):
        raise DomainError(REFUSALS[action])


def decide_request(
    actor: User,
    request: ApprovalRequest,
    *,
    approve: bool,
    decided_on: date | None,
    remark: str,
    expected_version: int | None,
    today: date,
    settings: Settings,
) -> ApprovalRequest:
    """Approve (the change takes effect, on the decision date) or reject (with a remark)."""
    _check_open(actor, request, "approval.decide", expected_version)
    errors = {}
    submitted_on = local_date(request.submitted_at)
    if decided_on is None or decided_on > today:
        errors["decided_on"] = ["Vul de besluitdatum in; die ligt niet in de toekomst."]
    elif decided_on < submitted_on:
        errors["decided_on"] = [
            f"Het besluit ligt niet vóór de indiening van het verzoek ({date_nl(submitted_on)})."
        ]
    if not approve and not remark.strip():
        errors["remark"] = ["Licht de afwijzing toe; de indiener krijgt die opmerking te zien."]
    if errors:
        raise ValidationFailed("Het besluit is niet vastgelegd.", errors)
    if approve:
        obj = subject_object(request.subject, request.object_id)
        if obj is None:
            raise DomainError("Waar dit verzoek over gaat, bestaat niet meer.")
        apply = SUBJECTS[request.subject].apply
        apply(actor, obj, request.snapshot["data"], decided_on, today, settings)
        _register_decision(actor, request, decided_on)
    change_status(
        actor,
        request,
        ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED,
        {"decided_by_id": actor.id, "decided_at": utcnow(), "remark": remark.strip()},
    )
    outcome = "goedgekeurd" if approve else "afgewezen"
    queue_mail(
        [request.requester.email],
        f"{outcome.capitalize()}: {request.title}",
        f"{actor.name} heeft uw verzoek {outcome}: {request.title}.\n"
        + (f"\nOpmerking: {remark.strip()}\n" if remark.strip() else "")
        + f"\nBekijken: {link('approvals.detail', request_id=request.id)}\n",
    )
    return request


def _register_decision(actor: User, request: ApprovalRequest, decided_on: date) -> None:
    """An approved proposal becomes an earlier decision that later proposals can cite."""
    proposal = request.snapshot["proposal"]
    decision = Decision(
        reference=proposal["registration_number"],
        title=proposal["short_title"],
        body="het college van burgemeester en wethouders",
        decided_on=decided_on,
        approval_request_id=request.id,
    )
    db.session.add(decision)
    record_create(actor, decision)


def withdraw_request(
    actor: User, request: ApprovalRequest, *, expected_version: int | None
) -> ApprovalRequest:
    _check_open(actor, request, "approval.withdraw", expected_version)
    change_status(actor, request, ApprovalStatus.WITHDRAWN)
    return request


def freeze_snapshots(session: Session, _context, _instances) -> None:
    """What was put to the alderman never changes, whatever code tries."""
    for obj in session.dirty:
        if (
            isinstance(obj, ApprovalRequest)
            and db.inspect(obj).attrs.snapshot.history.has_changes()
        ):
            raise DomainError("Een voorgelegd verzoek kan niet worden gewijzigd.")

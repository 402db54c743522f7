"""Use cases for approval requests: submit, approve or reject, withdraw.

A request freezes a snapshot of exactly what is to be approved; the change itself (here: the
option exercised) takes effect only when the alderman approves, on the decision date given.
"""

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.approvals.models import ApprovalRequest, ApprovalStatus, ApprovalSubject
from app.auth.models import User
from app.contracts.models import ExtensionOption, FrameworkContract
from app.contracts.services import (
    check_notice_deadline,
    check_option_decision,
    exercise_option,
)
from app.core.audit import change_status, record_create
from app.core.dates import utcnow
from app.core.errors import DomainError, ValidationFailed
from app.core.formatting import date_nl, eur
from app.core.models import check_version
from app.extensions import db
from app.permissions import can


def open_request_for(option: ExtensionOption) -> ApprovalRequest | None:
    return db.session.scalar(
        db.select(ApprovalRequest).filter_by(
            object_type="ExtensionOption", object_id=option.id, status=ApprovalStatus.SUBMITTED
        )
    )


def request_extension(
    actor: User,
    contract: FrameworkContract,
    number: int,
    *,
    rationale: str,
    expected_version: int | None,
    today: date,
) -> ApprovalRequest:
    """Put exercising option `number` to the alderman, before its notice deadline."""
    check_version(contract, expected_version)
    option = check_option_decision(contract, number, rationale)
    if open_request_for(option) is not None:
        raise DomainError(f"Optie {number} ligt al ter goedkeuring bij de wethouder.")
    deadline = check_notice_deadline(option, today, "rationale")
    # Options go in order, so the planned end of this one is the end after exercising it.
    new_end = contract.timeline(timedelta(0)).options[number - 1].ends_on
    snapshot = {
        "contract": contract.reference,
        "lot": contract.lot.title,
        "supplier": contract.supplier.name,
        "option": number,
        "months": option.months,
        "current_end_on": contract.current_end_on.isoformat(),
        "new_end_on": new_end.isoformat(),
        "notice_deadline_on": deadline.isoformat(),
        "ceiling": None if contract.ceiling is None else str(contract.ceiling),
        "rationale": rationale.strip(),
    }
    request = ApprovalRequest(
        subject=ApprovalSubject.EXTENSION,
        title=f"Verlenging {contract.reference} met {option.months} maanden (optie {number})",
        object_type="ExtensionOption",
        object_id=option.id,
        snapshot=snapshot,
        requester_id=actor.id,
    )
    db.session.add(request)
    db.session.flush()
    option.approval_request_id = request.id
    record_create(actor, request)
    return request


def describe(request: ApprovalRequest) -> list[tuple[str, str]]:
    """The snapshot as label → value, for the alderman's page."""
    s = request.snapshot
    return [
        ("Contract", f"{s['contract']} · {s['lot']}"),
        ("Opdrachtnemer", s["supplier"]),
        ("Verlenging", f"optie {s['option']}: {s['months']} maanden"),
        ("Huidige einddatum", date_nl(date.fromisoformat(s["current_end_on"]))),
        ("Nieuwe einddatum", date_nl(date.fromisoformat(s["new_end_on"]))),
        ("Uiterlijk besluiten op", date_nl(date.fromisoformat(s["notice_deadline_on"]))),
        ("Plafond", "—" if s["ceiling"] is None else eur(s["ceiling"])),
        ("Motivering", s["rationale"]),
    ]


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
) -> ApprovalRequest:
    """Approve (the change takes effect, on the decision date) or reject (with a remark)."""
    _check_open(actor, request, "approval.decide", expected_version)
    errors = {}
    if decided_on is None or decided_on > today:
        errors["decided_on"] = ["Vul de besluitdatum in; die ligt niet in de toekomst."]
    if not approve and not remark.strip():
        errors["remark"] = ["Licht de afwijzing toe; de indiener krijgt die opmerking te zien."]
    if errors:
        raise ValidationFailed("Het besluit is niet vastgelegd.", errors)
    status = ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED
    if approve:
        option = db.session.get(ExtensionOption, request.object_id)
        if option is None:
            raise DomainError("De verlengingsoptie van dit verzoek bestaat niet meer.")
        exercise_option(
            actor,
            option.contract,
            option.number,
            decided_on=decided_on,
            rationale=request.snapshot["rationale"],
            expected_version=option.contract.version,
            today=today,
            due_after_months=current_app.config["STEERING_DUE_AFTER_MONTHS"],
        )
    change_status(
        actor,
        request,
        status,
        {"decided_by_id": actor.id, "decided_at": utcnow(), "remark": remark.strip()},
    )
    return request


def withdraw_request(
    actor: User, request: ApprovalRequest, *, expected_version: int | None
) -> ApprovalRequest:
    _check_open(actor, request, "approval.withdraw", expected_version)
    change_status(actor, request, ApprovalStatus.WITHDRAWN)
    return request


@event.listens_for(Session, "before_flush")
def _freeze_snapshots(session: Session, _context, _instances) -> None:
    """What was put to the alderman never changes, whatever code tries."""
    for obj in session.dirty:
        if (
            isinstance(obj, ApprovalRequest)
            and db.inspect(obj).attrs.snapshot.history.has_changes()
        ):
            raise DomainError("Een voorgelegd verzoek kan niet worden gewijzigd.")

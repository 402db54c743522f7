"""Use cases for approval requests: submit, approve or reject, withdraw.

Submitting freezes a snapshot of exactly what is to be approved, with the collegevoorstel's
text parts as the requester wrote them, and attaches the exports made from it. The change
itself (the tender adopted, the lot awarded, the option exercised, the amendment recorded)
takes effect only when the alderman approves, on the decision date given.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from app.approvals.evidence import extension_evidence, extension_money
from app.approvals.finance import extension_finance, finance_table, year_finance
from app.approvals.models import ApprovalRequest, ApprovalStatus, ApprovalSubject, Decision
from app.approvals.queries import open_request
from app.approvals.rules import PROPOSAL_LISTS, PROPOSAL_TEXTS, REGISTRATION_NUMBER
from app.auth.models import Role, User
from app.auth.queries import emails_of
from app.contracts.models import ExtensionOption, FrameworkContract
from app.contracts.rules import cumulative_change_percent
from app.contracts.services import (
    add_amendment,
    check_amendment,
    check_exercise,
    check_option_decision,
    exercise_option,
)
from app.core.audit import change_status, record_create
from app.core.dates import local_date, utcnow
from app.core.errors import DomainError, ValidationFailed
from app.core.formatting import date_nl, eur, number_nl
from app.core.mail import link, queue_mail
from app.core.models import check_version
from app.core.settings import Settings
from app.documents.models import DocumentKind
from app.documents.services import attach_exports, next_version
from app.extensions import db
from app.permissions import can
from app.steering.models import Rating, SteeringMoment
from app.tenders.award_services import award_lot, check_award, lot_ceiling
from app.tenders.models import Bid, Tender, TenderStatus
from app.tenders.procedure import PROCEDURE_LABELS
from app.tenders.queries import current_procedure_advice, lot_budget_overview
from app.tenders.services import change_tender_status, check_ready


@dataclass(frozen=True)
class Prepared:
    """What a subject puts in the snapshot: a title, rows for the alderman's page, the plain
    values its approval needs, and the tender whose lots and contracts the exports cover."""

    title: str
    rows: list[tuple[str, str]]
    data: dict[str, Any]
    tender: Tender
    draft: dict[str, Any]  # suggested text parts for the collegevoorstel
    finance: dict[str, Any] | None = None  # Financiën; default: the tender's lots per year
    evidence: dict[str, Any] | None = None  # an extension: the contract's performance


@dataclass(frozen=True)
class Subject:
    model: type
    prepare: Callable[[Any, dict[str, Any], date, Settings], Prepared]
    apply: Callable[[User, Any, dict[str, Any], date, date, Settings], None]


# --- per subject: what is checked and frozen at submission, what happens on approval ------


def _prepare_pve(
    tender: Tender, details: dict[str, Any], today: date, settings: Settings
) -> Prepared:
    if not tender.can_become(TenderStatus.ADOPTED):
        raise DomainError(
            f"Dit inkooptraject is {tender.status.label.lower()}; het kan niet (meer) worden "
            "vastgesteld."
        )
    check_ready(tender, TenderStatus.ADOPTED, today)
    try:
        value = current_procedure_advice(tender, settings, today).estimated_value
    except DomainError:
        value = None
    budget = sum((lot.budget_per_year or Decimal(0) for lot in tender.lots), Decimal(0))
    procedure = PROCEDURE_LABELS.get(tender.procedure or "", "—")
    # The version made and attached at submission: the exact text the college adopts.
    pve_version = next_version(DocumentKind.PVE, tender)
    return Prepared(
        title=f"Programma van Eisen {tender.reference} {tender.title} vaststellen",
        rows=[
            ("Inkooptraject", f"{tender.reference} · {tender.title}"),
            ("Route", tender.route.label),
            ("Procedure", procedure),
            ("Percelen", ", ".join(f"{lot.number}. {lot.title}" for lot in tender.lots)),
            ("Budget per jaar", eur(budget)),
            ("Geraamde waarde (alle percelen en opties)", eur(value)),
            ("Programma van Eisen", f"versie {pve_version}, bijgevoegd"),
        ],
        data={"tender_id": tender.id, "tender_version": tender.version, "pve_version": pve_version},
        tender=tender,
        finance=year_finance(tender, today),
        draft={
            "key_message": (
                f"Het college stelt het Programma van Eisen voor {tender.title} vast. De "
                f"opdracht wordt in {len(tender.lots)} percelen verworven volgens de procedure "
                f"{procedure.lower()}."
            ),
            "decision_points": [
                f"Het Programma van Eisen {tender.reference} {tender.title} vast te stellen.",
                "De aanbesteding volgens de gekozen procedure te starten.",
            ],
        },
    )


def _apply_pve(
    actor: User, tender: Tender, data: dict, decided_on: date, today: date, settings: Settings
) -> None:
    if tender.version != data["tender_version"]:
        raise DomainError("Het inkooptraject is na het indienen gewijzigd; dien opnieuw in.")
    change_tender_status(
        actor,
        tender,
        TenderStatus.ADOPTED,
        expected_version=tender.version,
        today=today,
        approved=True,
    )


def _prepare_award(bid: Bid, details: dict[str, Any], today: date, settings: Settings) -> Prepared:
    lot = bid.lot
    check_award(lot, bid.id)
    ceiling = lot_ceiling(lot)
    return Prepared(
        title=f"Gunning perceel {lot.number} {lot.title} aan {bid.supplier.name}",
        rows=[
            ("Inkooptraject", f"{lot.tender.reference} · {lot.tender.title}"),
            ("Perceel", f"{lot.number}. {lot.title}"),
            ("Inschrijver", bid.supplier.name),
            ("Prijs per traject", eur(bid.price)),
            ("Geldige inschrijvingen", str(len([b for b in lot.bids if not b.excluded_reason]))),
            ("Plafond (looptijd met opties)", eur(ceiling)),
        ],
        data={"bid_id": bid.id, "lot_id": lot.id},
        tender=lot.tender,
        draft={
            "key_message": (
                f"Het college gunt perceel {lot.number} ({lot.title}) van {lot.tender.title} "
                f"aan {bid.supplier.name}, de inschrijver met de beste prijs-kwaliteitverhouding."
            ),
            "decision_points": [
                f"Perceel {lot.number} {lot.title} te gunnen aan {bid.supplier.name}.",
                f"Een raamovereenkomst te sluiten met een plafond van {eur(ceiling)}.",
            ],
        },
    )


def _apply_award(
    actor: User, bid: Bid, data: dict, decided_on: date, today: date, settings: Settings
) -> None:
    award_lot(
        actor,
        bid.lot,
        bid_id=bid.id,
        today=today,
        steering_interval_months=settings.steering_interval_months,
    )


def _prepare_extension(
    option: ExtensionOption, details: dict[str, Any], today: date, settings: Settings
) -> Prepared:
    contract = option.contract
    rationale = details.get("rationale", "")
    check_option_decision(contract, option.number, rationale)
    check_exercise(option, today, None)
    deadline = option.notice_deadline_on
    # Options go in order, so the planned end of this one is the end after exercising it.
    new_end = contract.timeline(timedelta(0)).options[option.number - 1].ends_on
    money = extension_money(contract, option)
    evidence = extension_evidence(contract, option, money, today)
    return Prepared(
        title=(
            f"Verlenging {contract.reference} met {option.months} maanden (optie {option.number})"
        ),
        rows=[
            ("Contract", f"{contract.reference} · {contract.lot.title}"),
            ("Opdrachtnemer", contract.supplier.name),
            ("Verlenging", f"optie {option.number}: {option.months} maanden"),
            ("Huidige einddatum", date_nl(contract.current_end_on)),
            ("Nieuwe einddatum", date_nl(new_end)),
            ("Uiterlijk besluiten op", date_nl(deadline)),
            ("Plafond", "—" if contract.ceiling is None else eur(contract.ceiling)),
            ("Kosten van deze verlenging", eur(money.cost)),
            ("Motivering", rationale.strip()),
        ],
        data={
            "option_id": option.id,
            "number": option.number,
            "months": option.months,
            "current_end_on": contract.current_end_on.isoformat(),
            "new_end_on": new_end.isoformat(),
            "notice_deadline_on": deadline.isoformat(),
            "rationale": rationale.strip(),
        },
        tender=contract.lot.tender,
        finance=extension_finance(option, money),
        evidence=evidence,
        draft={
            "key_message": (
                f"Het college licht optie {option.number} van raamovereenkomst "
                f"{contract.reference} ({contract.lot.title}) met {contract.supplier.name}: de "
                f"overeenkomst loopt daarmee tot en met {date_nl(new_end)}."
            ),
            "decision_points": [
                f"Optie {option.number} van raamovereenkomst {contract.reference} te lichten en "
                f"de overeenkomst met {option.months} maanden te verlengen tot en met "
                f"{date_nl(new_end)}."
            ],
        },
    )


def _apply_extension(
    actor: User,
    option: ExtensionOption,
    data: dict,
    decided_on: date,
    today: date,
    settings: Settings,
) -> None:
    exercise_option(
        actor,
        option.contract,
        option.number,
        decided_on=decided_on,
        rationale=data["rationale"],
        expected_version=option.contract.version,
        today=today,
        due_after_months=settings.steering_due_after_months,
    )


def _prepare_steering(
    moment: SteeringMoment, details: dict[str, Any], today: date, settings: Settings
) -> Prepared:
    contract = moment.contract
    if moment.status not in SteeringMoment.LOGGED or moment.decision is None:
        raise DomainError("Leg eerst het bijsturingsmoment en zijn besluit vast.")
    if not moment.significant:
        raise DomainError(
            "Alleen een besluit dat als ingrijpend is gemarkeerd, gaat naar de wethouder."
        )
    red = sum(1 for result in moment.results if result.rating == Rating.RED)
    return Prepared(
        title=f"Bijsturingsbesluit {contract.reference}: {moment.decision.label.lower()}",
        rows=[
            ("Contract", f"{contract.reference} · {contract.lot.title}"),
            ("Opdrachtnemer", contract.supplier.name),
            (
                "Periode",
                f"{date_nl(moment.period_start_on)} t/m {date_nl(moment.period_end_on)}",
            ),
            ("Uitkomst", moment.status.label),
            ("Rode prestatie-indicatoren", str(red)),
            ("Besluit", moment.decision.label),
            ("Bevindingen", moment.findings),
            ("Afgesproken acties", str(len(moment.actions))),
        ],
        data={"moment_id": moment.id, "decision": moment.decision.value},
        tender=contract.lot.tender,
        draft={
            "key_message": (
                f"Bij het bijsturingsmoment van {date_nl(moment.held_on)} is besloten: "
                f"{moment.decision.label.lower()}. Het college stemt daarmee in."
            ),
            "decision_points": [
                f"In te stemmen met het besluit '{moment.decision.label.lower()}' voor "
                f"raamovereenkomst {contract.reference}."
            ],
        },
    )


def _apply_steering(
    actor: User,
    moment: SteeringMoment,
    data: dict,
    decided_on: date,
    today: date,
    settings: Settings,
) -> None:
    """The steering decision was already taken at the moment; approval records consent."""


def _prepare_amendment(
    contract: FrameworkContract, details: dict[str, Any], today: date, settings: Settings
) -> Prepared:
    amended_on, value_change = details.get("amended_on"), details.get("value_change")
    rationale = details.get("rationale", "")
    check_amendment(contract, amended_on=amended_on, rationale=rationale, value_change=value_change)
    changes = [a.value_change for a in contract.amendments] + [value_change]
    percent = cumulative_change_percent(contract.ceiling, changes)
    return Prepared(
        title=f"Wijziging {contract.reference}: {eur(value_change)}",
        rows=[
            ("Contract", f"{contract.reference} · {contract.lot.title}"),
            ("Opdrachtnemer", contract.supplier.name),
            ("Datum wijziging", date_nl(amended_on)),
            ("Waardeverandering", eur(value_change)),
            (
                "Cumulatief t.o.v. oorspronkelijke waarde",
                "—" if percent is None else f"{number_nl(percent)} %",
            ),
            ("Motivering", rationale.strip()),
        ],
        data={
            "contract_id": contract.id,
            "amended_on": amended_on.isoformat(),
            "value_change": str(value_change),
            "rationale": rationale.strip(),
        },
        tender=contract.lot.tender,
        draft={
            "key_message": (
                f"Het college stemt in met een wijziging van raamovereenkomst "
                f"{contract.reference} met {contract.supplier.name} van {eur(value_change)}."
            ),
            "decision_points": [
                f"In te stemmen met de wijziging van raamovereenkomst {contract.reference} "
                f"met {eur(value_change)}."
            ],
        },
    )


def _apply_amendment(
    actor: User,
    contract: FrameworkContract,
    data: dict,
    decided_on: date,
    today: date,
    settings: Settings,
) -> None:
    add_amendment(
        actor,
        contract,
        amended_on=date.fromisoformat(data["amended_on"]),
        rationale=data["rationale"],
        value_change=Decimal(data["value_change"]),
        expected_version=contract.version,
        approval_threshold=None,
    )


SUBJECTS: dict[ApprovalSubject, Subject] = {
    ApprovalSubject.PVE: Subject(Tender, _prepare_pve, _apply_pve),
    ApprovalSubject.AWARD: Subject(Bid, _prepare_award, _apply_award),
    ApprovalSubject.EXTENSION: Subject(ExtensionOption, _prepare_extension, _apply_extension),
    ApprovalSubject.STEERING_DECISION: Subject(SteeringMoment, _prepare_steering, _apply_steering),
    ApprovalSubject.AMENDMENT: Subject(FrameworkContract, _prepare_amendment, _apply_amendment),
}


def subject_object(subject: ApprovalSubject, object_id: int):
    """The object a request of this subject is about, or None."""
    return db.session.get(SUBJECTS[subject].model, object_id)


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


# --- submitting, deciding, withdrawing ------------------------------------------------


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

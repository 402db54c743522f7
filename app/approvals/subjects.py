"""What can be put to the alderman, per subject: what is checked and frozen at submission
(`prepare`), and what happens on approval (`apply`)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from app.approvals.evidence import extension_evidence, extension_money
from app.approvals.finance import extension_finance, year_finance
from app.approvals.models import ApprovalSubject
from app.auth.models import User
from app.contracts.models import ExtensionOption, FrameworkContract
from app.contracts.option_services import check_exercise, check_option_decision, exercise_option
from app.contracts.rules import cumulative_change_percent
from app.contracts.services import add_amendment, check_amendment
from app.core.errors import DomainError
from app.core.formatting import date_nl, eur, number_nl
from app.core.settings import Settings
from app.documents.models import DocumentKind
from app.documents.services import next_version
from app.extensions import db
from app.steering.models import Rating, SteeringMoment
from app.tenders.award_services import award_lot, check_award, lot_ceiling
from app.tenders.models import Bid, Tender, TenderStatus
from app.tenders.procedure import PROCEDURE_LABELS
from app.tenders.queries import current_procedure_advice
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

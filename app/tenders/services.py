"""Use cases for tenders and lots. Services take the actor, flush, and never commit."""

from datetime import date
from decimal import Decimal
from itertools import zip_longest
from typing import Any

from app.approvals.models import Decision
from app.auth.models import User
from app.contracts.models import FrameworkContract, Supplier
from app.contracts.rules import OptionTerm
from app.contracts.services import create_contract, create_supplier
from app.core.audit import (
    apply_changes,
    change_status,
    readable_changes,
    record_create,
    record_delete,
)
from app.core.errors import DomainError, ValidationFailed
from app.core.formatting import date_nl, number_nl
from app.core.models import check_version, check_version_locked, touch
from app.extensions import db
from app.steering.services import NormInput, sync_kpi_targets
from app.tenders.clauses import copy_standard_clauses
from app.tenders.cpv import normalise_cpv
from app.tenders.editing import ensure_editable
from app.tenders.models import (
    AwardCriterion,
    Bid,
    BidScore,
    CriterionKind,
    Lot,
    LotRequirement,
    PaymentModel,
    Requirement,
    RequirementCategory,
    RequirementKind,
    Route,
    TargetGroup,
    Tender,
    TenderNotice,
    TenderStatus,
)
from app.tenders.procedure import PROCEDURE_LABELS, PROPORTIONALITY_FACTORS
from app.tenders.readiness import pve_gaps
from app.tenders.rules import MAX_QUALITY_SCORE, PLANNING, lot_value, weights_total

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
LOT_FIELDS = (
    "number",
    "title",
    "target_group_id",
    "scope",
    "budget_per_year",
    "planned_count",
    "unit_price",
    "cpv",
    "initial_months",
    "option_months",
    "notice_months",
    "price_method",
    "internal_note",
    "target_group_profile",
    "intake_days",
    "plan_weeks",
    "aftercare_months",
    "report_back_days",
    "lasting_outflow_months",
    "payment_model",
    "start_fee",
    "result_fee",
    "result_share_percent",
)
PAYMENT_FIELDS = ("unit_price", "start_fee", "result_fee", "result_share_percent")
LEAD_TIMES = (
    "intake_days",
    "plan_weeks",
    "aftercare_months",
    "report_back_days",
    "lasting_outflow_months",
)


def _only(values: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    unknown = set(values) - set(fields)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")  # a programming error, not input
    return values


def _validate_tender(values: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    earlier: tuple[str, date] | None = None
    for field, label in PLANNING:
        day = values.get(field)
        if day is None:
            continue
        if earlier and day <= earlier[1]:
            errors[field] = [
                f"{label[0].upper()}{label[1:]} moet na {earlier[0]} liggen "
                f"({date_nl(earlier[1])})."
            ]
        earlier = (label, day)
    percent = values.get("social_return_percent")
    if percent is not None and not 0 <= percent <= 100:
        errors["social_return_percent"] = ["Een percentage ligt tussen 0 en 100."]
    for field in ("breach_notification_hours", "retention_years"):
        if values.get(field) is not None and values[field] <= 0:
            errors[field] = ["Vul een getal groter dan 0 in."]
    if errors:
        message = "Het inkooptraject is niet opgeslagen: " + " ".join(
            message for messages in errors.values() for message in messages
        )
        raise ValidationFailed(message, errors)


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
    values = _only(values, TENDER_FIELDS)
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
    values = _only(values, TENDER_FIELDS)
    _validate_tender({**_planning(tender), **values})
    related = _set_decisions(tender, decisions)
    apply_changes(actor, tender, {**values, "route": Route(values["route"])}, related=related)
    return tender


def _planning(tender: Tender) -> dict[str, Any]:
    """The stored dates, so that a partial update is checked against the ones it leaves."""
    return {field: getattr(tender, field) for field, _ in PLANNING}


def _validate_lot(tender: Tender, values: dict[str, Any], lot: Lot | None = None) -> None:
    errors: dict[str, list[str]] = {}
    if any(other.number == values["number"] and other is not lot for other in tender.lots):
        errors["number"] = [f"Perceel {values['number']} bestaat al in dit inkooptraject."]
    if db.session.get(TargetGroup, values["target_group_id"]) is None:
        errors["target_group_id"] = ["Kies een bestaande doelgroep."]
    for field in ("budget_per_year", "unit_price", "start_fee", "result_fee"):
        if values.get(field) is not None and values[field] < 0:
            errors[field] = ["Een bedrag kan niet negatief zijn."]
    for field in LEAD_TIMES:
        if field in values and (values[field] is None or values[field] <= 0):
            errors[field] = ["Een termijn is minstens 1."]
    stored = {name: getattr(lot, name) for name in PAYMENT_FIELDS} if lot else {}
    errors.update(_payment_problems({**stored, **values}))
    if "payment_model" in values:
        values["payment_model"] = PaymentModel(values["payment_model"])
    if values.get("cpv"):
        try:
            values["cpv"] = normalise_cpv(values["cpv"])
        except ValueError as error:
            errors["cpv"] = [str(error)]
    if any(months <= 0 for months in values.get("option_months", [])):
        errors["option_months"] = ["Een verlengingsoptie duurt minstens één maand."]
    if errors:
        raise ValidationFailed("Het perceel is niet opgeslagen.", errors)


def _payment_problems(values: dict[str, Any]) -> dict[str, list[str]]:
    """Fees that cannot add up: a result fee, or start and result fee together, above the
    price of a whole trajectory; a share that is no percentage."""
    problems: dict[str, list[str]] = {}
    price, start, result = (values.get(k) for k in ("unit_price", "start_fee", "result_fee"))
    if price is not None and result is not None and result > price:
        problems["result_fee"] = ["Het resultaatbedrag is hoger dan de prijs per traject."]
    elif price is not None and start is not None and result is not None and start + result > price:
        problems["result_fee"] = [
            "Startbedrag en resultaatbedrag samen zijn hoger dan de prijs per traject."
        ]
    share = values.get("result_share_percent")
    if share is not None and not 0 <= share <= 100:
        problems["result_share_percent"] = ["Een percentage ligt tussen 0 en 100."]
    return problems


def add_lot(actor: User | None, tender: Tender, *, values: dict[str, Any]) -> Lot:
    ensure_editable(tender)
    values = _only(values, LOT_FIELDS)
    _validate_lot(tender, values)
    lot = Lot(tender=tender, **values)
    db.session.add(lot)
    record_create(actor, lot)
    return lot


def update_lot(
    actor: User, lot: Lot, *, values: dict[str, Any], expected_version: int | None
) -> Lot:
    check_version(lot, expected_version)
    ensure_editable(lot.tender)
    _change_lot(actor, lot, values)
    return lot


def _change_lot(actor: User, lot: Lot, values: dict[str, Any]) -> dict:
    values = _only(values, LOT_FIELDS)
    _validate_lot(lot.tender, values, lot)
    return apply_changes(actor, lot, values)


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
    changes = _change_lot(actor, lot, values)
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
    values = _only(values, TENDER_FIELDS)
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
    TenderStatus.IN_REVIEW: "Ter review aanbieden",
    TenderStatus.DRAFT: "Terug naar concept",
    TenderStatus.PUBLISHED: "Publiceren",
    TenderStatus.WITHDRAWN: "Intrekken",
}


def _not_ready_for(tender: Tender, status: TenderStatus, today: date) -> list[str]:
    """What still stops the tender from moving to `status`."""
    problems = []
    if status == TenderStatus.PUBLISHED and tender.closing_on and tender.closing_on <= today:
        problems.append("de sluitingsdatum ligt niet na vandaag")
    if status == TenderStatus.IN_REVIEW and not tender.lots:
        problems.append("het inkooptraject heeft nog geen percelen")
    if status == TenderStatus.ADOPTED:
        problems += [gap.sentence for gap in pve_gaps(tender)]
    return problems


def check_ready(tender: Tender, status: TenderStatus, today: date) -> None:
    problems = _not_ready_for(tender, status, today)
    if problems:
        raise DomainError(f"Dit kan nog niet: {'; '.join(problems)}.")


def change_tender_status(
    actor: User,
    tender: Tender,
    new_status: TenderStatus,
    *,
    expected_version: int | None,
    today: date,
    approved: bool = False,
) -> Tender:
    """Move the tender on; adoption only as the effect of the alderman's approval."""
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
    change_status(actor, tender, new_status, extra)
    return tender


def remove_lot(actor: User, lot: Lot, *, expected_version: int | None) -> None:
    check_version(lot, expected_version)
    ensure_editable(lot.tender)
    if lot_is_awarded(lot):
        raise DomainError("Aan dit perceel hangt een raamcontract; het kan niet worden verwijderd.")
    record_delete(actor, lot)
    lot.tender.lots.remove(lot)
    db.session.flush()


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


def set_award_criteria(
    actor: User,
    lot: Lot,
    *,
    criteria: list[dict[str, Any]],
    lowest_price_motivation: str,
    expected_version: int | None,
) -> Lot:
    """Replace the lot's award criteria; weights sum to exactly 100 (best price-quality ratio).

    Awarding on price alone (no quality criterion) needs a recorded motivation (art. 2.114 Aw).
    """
    check_version(lot, expected_version)
    ensure_editable(lot.tender)
    errors: dict[str, list[str]] = {}
    if not criteria:
        errors["criteria"] = ["Geef minstens één gunningscriterium."]
    elif any(not row["name"].strip() or not 0 < row["weight_percent"] <= 100 for row in criteria):
        errors["criteria"] = ["Elk criterium heeft een naam en een weging tussen 0 en 100%."]
    else:
        total = weights_total(row["weight_percent"] for row in criteria)
        if total != 100:
            errors["criteria"] = [
                f"De wegingen tellen op tot {number_nl(total)}%; dat moet precies 100% zijn."
            ]
    price_only = bool(criteria) and all(row["kind"] == CriterionKind.PRICE for row in criteria)
    if price_only and not lowest_price_motivation.strip():
        errors["lowest_price_motivation"] = [
            "Gunnen op laagste prijs mag alleen met een motivering (art. 2.114 Aanbestedingswet)."
        ]
    if errors:
        raise ValidationFailed("De gunningscriteria zijn niet opgeslagen.", errors)
    # Row by row in the order shown, so a criterion saved again unchanged stays as it is.
    existing = list(lot.award_criteria)
    changed = False
    for criterion in existing[len(criteria) :]:
        record_delete(actor, criterion)
        lot.award_criteria.remove(criterion)
        changed = True
    for criterion, row in zip_longest(existing[: len(criteria)], criteria):
        values = {
            "name": row["name"].strip(),
            "kind": CriterionKind(row["kind"]),
            "weight_percent": row["weight_percent"],
            "description": row.get("description", "").strip(),
        }
        if criterion is None:
            criterion = AwardCriterion(**values)
            lot.award_criteria.append(criterion)
            record_create(actor, criterion)
            changed = True
        else:
            changed |= bool(apply_changes(actor, criterion, values))
    motivation = lowest_price_motivation.strip() if price_only else ""
    changed |= bool(apply_changes(actor, lot, {"lowest_price_motivation": motivation}))
    if changed:
        touch(lot)
    db.session.flush()
    return lot


def set_kpi_targets(
    actor: User,
    lot: Lot,
    *,
    targets: dict[int, NormInput],
    expected_version: int | None,
) -> Lot:
    """Set the norm per KPI definition; a relative norm needs the baselines of the three
    years before the contracts start."""
    check_version_locked(lot, expected_version)
    ensure_editable(lot.tender)
    start = lot.tender.contract_start_on
    if sync_kpi_targets(actor, lot.kpi_targets, targets, start.year if start else None):
        touch(lot)
    db.session.flush()
    return lot


# The requirement library and the copies in a lot. A lot holds copies, so a later edit of the
# library never changes a lot or an issued PvE.

MAX_REQUIREMENT_TEXT = 5000
CODE_PREFIXES = {
    RequirementKind.KNOCKOUT: "EIS",
    RequirementKind.AWARD: "GUN",
    RequirementKind.WISH: "WEN",
}


def _requirement_text(text: str) -> str:
    text = (text or "").strip()
    problem = None
    if not text:
        problem = "Vul de tekst van de eis in."
    elif len(text) > MAX_REQUIREMENT_TEXT:
        problem = f"Een eis is hoogstens {MAX_REQUIREMENT_TEXT} tekens."
    if problem:
        raise ValidationFailed(problem, {"text": [problem]})
    return text


def _target_groups(ids: list[int]) -> list[TargetGroup]:
    groups = list(db.session.scalars(db.select(TargetGroup).where(TargetGroup.id.in_(ids))))
    if len(groups) != len(set(ids)):
        message = "Kies alleen bestaande doelgroepen."
        raise ValidationFailed(message, {"target_group_ids": [message]})
    return groups


def create_requirement(actor: User, *, values: dict[str, Any]) -> Requirement:
    kind = RequirementKind(values["kind"])
    count = db.session.scalar(db.select(db.func.count()).select_from(Requirement))
    code = (values.get("code") or "").strip() or f"{CODE_PREFIXES[kind]}-{count + 1:03d}"
    if db.session.scalar(db.select(Requirement).filter_by(code=code)):
        message = f"Er bestaat al een eis met code {code}."
        raise ValidationFailed(message, {"code": [message]})
    requirement = Requirement(
        code=code,
        text=_requirement_text(values["text"]),
        kind=kind,
        category=RequirementCategory(values["category"]),
        source=(values.get("source") or "").strip(),
        target_groups=_target_groups(values.get("target_group_ids", [])),
    )
    db.session.add(requirement)
    record_create(actor, requirement)
    return requirement


def update_requirement(
    actor: User, requirement: Requirement, *, values: dict[str, Any], expected_version: int | None
) -> Requirement:
    check_version(requirement, expected_version)
    groups = _target_groups(values.get("target_group_ids", []))
    before = sorted(group.name for group in requirement.target_groups)
    requirement.target_groups = groups
    changes = apply_changes(
        actor,
        requirement,
        {
            "text": _requirement_text(values["text"]),
            "kind": RequirementKind(values["kind"]),
            "category": RequirementCategory(values["category"]),
            "source": (values.get("source") or "").strip(),
            "active": bool(values.get("active", True)),
        },
        related={"target_groups": (before, sorted(group.name for group in groups))},
    )
    if changes:
        touch(requirement)
    return requirement


def copy_requirements(actor: User, lot: Lot, requirement_ids: list[int]) -> list[LotRequirement]:
    """Copy library requirements into a lot, after the ones it already has."""
    ensure_editable(lot.tender)
    chosen = list(
        db.session.scalars(
            db.select(Requirement).where(Requirement.id.in_(requirement_ids), Requirement.active)
        )
    )
    if not chosen:
        message = "Kies minstens één eis."
        raise ValidationFailed(message, {"requirement_ids": [message]})
    position = max((copy.position for copy in lot.requirements), default=0)
    copies = []
    for requirement in sorted(chosen, key=lambda r: r.code):
        position += 1
        copy = LotRequirement(
            library_requirement_id=requirement.id,
            position=position,
            text=requirement.text,
            kind=requirement.kind,
            category=requirement.category,
        )
        lot.requirements.append(copy)
        record_create(actor, copy)
        copies.append(copy)
    touch(lot)
    return copies


def update_lot_requirement(
    actor: User, copy: LotRequirement, *, values: dict[str, Any], expected_version: int | None
) -> LotRequirement:
    check_version(copy, expected_version)
    ensure_editable(copy.lot.tender)
    apply_changes(
        actor,
        copy,
        {
            "text": _requirement_text(values["text"]),
            "kind": RequirementKind(values["kind"]),
            "category": RequirementCategory(values["category"]),
        },
    )
    return copy


def remove_lot_requirement(actor: User, copy: LotRequirement) -> None:
    ensure_editable(copy.lot.tender)
    lot = copy.lot
    record_delete(actor, copy)
    lot.requirements.remove(copy)
    touch(lot)
    db.session.flush()


# Bids and award.


def register_bid(
    actor: User,
    lot: Lot,
    *,
    supplier_id: int | None,
    new_supplier_name: str,
    price: Decimal | None,
    received_on: date,
    scores: dict[int, Decimal | None],
    excluded_reason: str = "",
) -> Bid:
    """Record a bid with a score (0–10) for every quality criterion of the lot."""
    if lot.tender.status != TenderStatus.PUBLISHED:
        raise DomainError(
            "Inschrijvingen worden geregistreerd zodra het inkooptraject is gepubliceerd."
        )
    errors: dict[str, list[str]] = {}
    name = new_supplier_name.strip()
    supplier = db.session.get(Supplier, supplier_id) if supplier_id else None
    if supplier is None and name:  # a "new" name that already exists is that supplier
        supplier = db.session.scalar(db.select(Supplier).filter_by(name=name))
    if supplier is None and not name:
        errors["supplier_id"] = ["Kies een inschrijver of vul de naam van een nieuwe in."]
    elif supplier is not None and any(bid.supplier_id == supplier.id for bid in lot.bids):
        errors["supplier_id"] = [f"{supplier.name} heeft al ingeschreven op dit perceel."]
    if price is None or price <= 0:
        errors["price"] = ["Vul de inschrijvingsprijs in (meer dan € 0)."]
    quality = [c for c in lot.award_criteria if c.kind == CriterionKind.QUALITY]
    for criterion in quality:
        score = scores.get(criterion.id)
        if score is None or not 0 <= score <= MAX_QUALITY_SCORE:
            errors[f"score_{criterion.id}"] = [
                f"Geef voor '{criterion.name}' een score van 0 tot 10."
            ]
    if errors:
        raise ValidationFailed("De inschrijving is niet opgeslagen.", errors)
    if supplier is None:
        supplier = create_supplier(actor, name=name)
    bid = Bid(
        supplier=supplier,
        price=price,
        received_on=received_on,
        excluded_reason=excluded_reason.strip(),
        scores=[BidScore(criterion_id=c.id, score=scores[c.id]) for c in quality],
    )
    lot.bids.append(bid)
    record_create(actor, bid)
    touch(lot)
    return bid


def award_lot(
    actor: User,
    lot: Lot,
    *,
    bid_id: int | None,
    today: date,
    steering_interval_months: int,
) -> FrameworkContract:
    """Award the lot to a bid: a framework contract in concept, ceiling = value over the full
    term including options, steering moments every `steering_interval_months` (the interval
    the PvE promised). When every lot is awarded, so is the tender."""
    bid = check_award(lot, bid_id)
    tender = lot.tender
    contract = create_contract(
        actor,
        reference=f"{tender.reference}-{lot.number}",
        lot=lot,
        supplier=bid.supplier,
        start_on=tender.contract_start_on or today,
        initial_months=lot.initial_months,
        options=[OptionTerm(months, lot.notice_months) for months in lot.option_months],
        ceiling=lot_ceiling(lot),
        steering_interval_months=steering_interval_months,
    )
    if all(lot_is_awarded(other) for other in tender.lots):
        change_status(actor, tender, TenderStatus.AWARDED)
    return contract


def lot_ceiling(lot: Lot) -> Decimal:
    """The lot's value over the full term including options: the contract's ceiling."""
    return lot_value(lot.budget_per_year, lot.initial_months, lot.option_months)


def check_award(lot: Lot, bid_id: int | None) -> Bid:
    """The valid bid to award the lot to, or the reason it cannot be awarded (yet)."""
    tender = lot.tender
    if tender.status != TenderStatus.PUBLISHED:
        raise DomainError("Alleen een gepubliceerd inkooptraject kan worden gegund.")
    valid = [bid for bid in lot.bids if not bid.excluded_reason]
    bid = next((b for b in valid if b.id == bid_id), None)
    if not valid:
        message = "Dit perceel heeft nog geen geldige inschrijvingen; gunnen kan nog niet."
        raise ValidationFailed(message, {"bid_id": [message]})
    if bid is None:
        message = "Kies een geldige inschrijving op dit perceel."
        raise ValidationFailed(message, {"bid_id": [message]})
    if lot_is_awarded(lot):
        raise DomainError(f"Perceel {lot.number} is al gegund.")
    if lot.budget_per_year is None:
        raise DomainError("Stel eerst het budget van dit perceel vast: het plafond volgt eruit.")
    return bid


def lot_is_awarded(lot: Lot) -> bool:
    return (
        db.session.scalar(db.select(db.func.count()).where(FrameworkContract.lot_id == lot.id)) > 0
    )

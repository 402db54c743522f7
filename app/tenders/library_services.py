"""Use cases for the requirement library and the copies in a lot. A lot holds copies, so a
later edit of the library never changes a lot or an issued PvE."""

from typing import Any

from app.auth.models import User
from app.core.audit import (
    apply_changes,
    record_create,
    record_delete,
)
from app.core.errors import ValidationFailed
from app.core.models import check_version, touch
from app.extensions import db
from app.tenders.editing import ensure_editable
from app.tenders.models import Lot, TargetGroup
from app.tenders.requirement_models import (
    LotRequirement,
    Requirement,
    RequirementCategory,
    RequirementKind,
)

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

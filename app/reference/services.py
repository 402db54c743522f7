"""Use cases for reference data: KPI definitions, target groups and the PvE's standard texts,
added and corrected by the functional administrator. Codes are what seeds, the API and exports
name them by: unique."""

from typing import Any

from app.auth.models import User
from app.core.audit import apply_changes, record_create
from app.core.errors import ValidationFailed
from app.core.models import check_version
from app.extensions import db
from app.steering.models import KpiDefinition, KpiDirection, KpiUnit
from app.tenders.clause_models import ClauseChapter, StandardClause
from app.tenders.models import LabourMarketSegment, TargetGroup


def _check_code_free(model, code: str, obj=None) -> None:
    other = db.session.scalar(db.select(model).filter_by(code=code))
    if other is not None and other is not obj:
        message = f"De code {code} is al in gebruik."
        raise ValidationFailed(message, {"code": [message]})


def _kpi_values(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": values["code"].strip(),
        "name": values["name"].strip(),
        "unit": KpiUnit(values["unit"]),
        "direction": KpiDirection(values["direction"]),
        "description": (values.get("description") or "").strip(),
        "measured_when": (values.get("measured_when") or "").strip(),
    }


def _group_values(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": values["code"].strip(),
        "name": values["name"].strip(),
        "segment": LabourMarketSegment(values["segment"]),
        "description": (values.get("description") or "").strip(),
    }


def _clause_values(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": values["code"].strip(),
        "chapter": ClauseChapter(values["chapter"]),
        "title": values["title"].strip(),
        "text": values["text"].strip(),
        "position": values.get("position") or 0,
        "active": bool(values.get("active", True)),
    }


NORMALISED = {
    KpiDefinition: _kpi_values,
    TargetGroup: _group_values,
    StandardClause: _clause_values,
}
ReferenceItem = KpiDefinition | TargetGroup | StandardClause


def add_reference_item(actor: User, model: type, *, values: dict[str, Any]) -> ReferenceItem:
    """A new KPI definition, target group or standard text. A new KPI is asked at every
    steering moment from then on, after the existing ones."""
    values = NORMALISED[model](values)
    _check_code_free(model, values["code"])
    item = model(**values)
    if model is KpiDefinition:
        item.position = (db.session.scalar(db.select(db.func.max(KpiDefinition.position))) or 0) + 1
    db.session.add(item)
    record_create(actor, item)
    return item


def update_reference_item(
    actor: User, item: ReferenceItem, *, values: dict[str, Any], expected_version: int | None
) -> ReferenceItem:
    check_version(item, expected_version)
    values = NORMALISED[type(item)](values)
    _check_code_free(type(item), values["code"], item)
    apply_changes(actor, item, values)
    return item

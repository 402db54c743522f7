"""Use cases for reference data: KPI definitions and target groups, added and corrected by the
functional administrator. Codes are what seeds, the API and exports name them by: unique."""

from typing import Any

from app.auth.models import User
from app.core.audit import apply_changes, record_create
from app.core.errors import ValidationFailed
from app.core.models import check_version
from app.extensions import db
from app.steering.models import KpiDefinition, KpiDirection, KpiUnit
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


def create_kpi_definition(actor: User, *, values: dict[str, Any]) -> KpiDefinition:
    """A new KPI, reported from then on at every steering moment, after the existing ones."""
    values = _kpi_values(values)
    _check_code_free(KpiDefinition, values["code"])
    last = db.session.scalar(db.select(db.func.max(KpiDefinition.position))) or 0
    kpi = KpiDefinition(**values, position=last + 1)
    db.session.add(kpi)
    record_create(actor, kpi)
    return kpi


def update_kpi_definition(
    actor: User, kpi: KpiDefinition, *, values: dict[str, Any], expected_version: int | None
) -> KpiDefinition:
    check_version(kpi, expected_version)
    values = _kpi_values(values)
    _check_code_free(KpiDefinition, values["code"], kpi)
    apply_changes(actor, kpi, values)
    return kpi


def _group_values(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": values["code"].strip(),
        "name": values["name"].strip(),
        "segment": LabourMarketSegment(values["segment"]),
        "description": (values.get("description") or "").strip(),
    }


def create_target_group(actor: User, *, values: dict[str, Any]) -> TargetGroup:
    values = _group_values(values)
    _check_code_free(TargetGroup, values["code"])
    group = TargetGroup(**values)
    db.session.add(group)
    record_create(actor, group)
    return group


def update_target_group(
    actor: User, group: TargetGroup, *, values: dict[str, Any], expected_version: int | None
) -> TargetGroup:
    check_version(group, expected_version)
    values = _group_values(values)
    _check_code_free(TargetGroup, values["code"], group)
    apply_changes(actor, group, values)
    return group

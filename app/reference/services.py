"""Use cases for reference data: KPI definitions, target groups, the PvE's standard texts,
municipalities and their segmentation schemes, added and corrected by the functional
administrator. Codes are what seeds, the API and exports name them by: unique."""

from dataclasses import dataclass
from typing import Any

from app.auth.models import User
from app.core.audit import apply_changes, record_create
from app.core.errors import ValidationFailed
from app.core.models import check_version, flush_or_refuse, lock
from app.extensions import db
from app.reference.models import Municipality, Segment, SegmentationScheme, TargetGroupSize
from app.steering.models import KpiDefinition, KpiDirection, KpiUnit
from app.tenders.clause_models import ClauseChapter, StandardClause
from app.tenders.models import TargetGroup, Tender


def _text(values: dict[str, Any], name: str) -> str:
    return (values.get(name) or "").strip()


def _kpi_values(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": _text(values, "code"),
        "name": _text(values, "name"),
        "unit": KpiUnit(values["unit"]),
        "direction": KpiDirection(values["direction"]),
        "description": _text(values, "description"),
        "measured_when": _text(values, "measured_when"),
    }


def _group_values(values: dict[str, Any]) -> dict[str, Any]:
    municipality = db.session.get(Municipality, int(values["municipality_id"]))
    segment = db.session.get(Segment, int(values["segment_id"]))
    if municipality is None or segment is None:
        raise ValidationFailed("Kies een gemeente en een segment.")
    if segment.scheme_id != municipality.scheme_id:
        message = (
            f"Kies een segment uit de indeling van {municipality.name} "
            f"({municipality.scheme.name}); “{segment.name}” hoort bij {segment.scheme.name}."
        )
        raise ValidationFailed.on("segment_id", message)
    return {
        "code": _text(values, "code"),
        "name": _text(values, "name"),
        "municipality_id": municipality.id,
        "segment_id": segment.id,
        "description": _text(values, "description"),
    }


def _clause_values(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": _text(values, "code"),
        "chapter": ClauseChapter(values["chapter"]),
        "title": _text(values, "title"),
        "text": _text(values, "text"),
        "position": values.get("position") or 0,
        "active": bool(values.get("active", True)),
    }


def _municipality_values(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": _text(values, "code"),
        "name": _text(values, "name"),
        "scheme_id": int(values["scheme_id"]),
    }


def _scheme_values(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": _text(values, "code"),
        "name": _text(values, "name"),
        "source": _text(values, "source"),
    }


def _segment_values(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "scheme_id": int(values["scheme_id"]),
        "code": _text(values, "code"),
        "name": _text(values, "name"),
        "description": _text(values, "description"),
        "position": values.get("position") or 0,
    }


@dataclass(frozen=True)
class Unique:
    """A key no two items of a register share, and the field the message belongs to."""

    fields: tuple[str, ...]
    message: str  # formatted with the item's values


CODE_TAKEN = Unique(("code",), "De code {code} is al in gebruik.")
REGISTERS: dict[type, tuple[Any, tuple[Unique, ...]]] = {
    KpiDefinition: (_kpi_values, (CODE_TAKEN,)),
    TargetGroup: (_group_values, (CODE_TAKEN,)),
    StandardClause: (_clause_values, (CODE_TAKEN,)),
    Municipality: (
        _municipality_values,
        (CODE_TAKEN, Unique(("name",), "Er is al een gemeente {name}.")),
    ),
    SegmentationScheme: (_scheme_values, (CODE_TAKEN,)),
    Segment: (
        _segment_values,
        (Unique(("scheme_id", "code"), "Deze indeling heeft al een segment met code {code}."),),
    ),
}
ReferenceItem = (
    KpiDefinition | TargetGroup | StandardClause | Municipality | SegmentationScheme | Segment
)


def _check_unique(model: type, values: dict[str, Any], item=None) -> None:
    for unique in REGISTERS[model][1]:
        key = {name: values[name] for name in unique.fields}
        other = db.session.scalar(db.select(model).filter_by(**key))
        if other is not None and other is not item:
            message = unique.message.format(**values)
            raise ValidationFailed.on(unique.fields[-1], message)


def _check_still_fits(item: ReferenceItem, values: dict[str, Any]) -> None:
    """A municipality keeps its name while tenders name it, and its scheme while its target
    groups sit in it; a segment stays in its scheme while target groups use it."""
    if isinstance(item, Municipality):
        if values["name"] != item.name and db.session.scalar(
            db.select(Tender.id).filter_by(municipality=item.name).limit(1)
        ):
            raise ValidationFailed.on(
                "name", f"Er zijn inkooptrajecten van {item.name}; de naam blijft zoals hij is."
            )
        if values["scheme_id"] != item.scheme_id and db.session.scalar(
            db.select(TargetGroup.id).filter_by(municipality_id=item.id).limit(1)
        ):
            raise ValidationFailed.on(
                "scheme_id",
                f"De doelgroepen van {item.name} hebben een segment uit {item.scheme.name}; "
                "deel die eerst anders in.",
            )
    in_use = isinstance(item, Segment) and db.session.scalar(
        db.select(TargetGroup.id).filter_by(segment_id=item.id).limit(1)
    )
    if in_use and values["scheme_id"] != item.scheme_id:
        raise ValidationFailed.on(
            "scheme_id", "Doelgroepen hebben dit segment; het blijft in zijn indeling."
        )


def add_reference_item(actor: User | None, model: type, *, values: dict[str, Any]) -> ReferenceItem:
    """A new reference item. A new KPI is asked at every steering moment from then on, after
    the existing ones."""
    values = REGISTERS[model][0](values)
    _check_unique(model, values)
    item = model(**values)
    if model is KpiDefinition:
        item.position = (db.session.scalar(db.select(db.func.max(KpiDefinition.position))) or 0) + 1
    db.session.add(item)
    # Two administrators adding the same at once: the unique key decides, same message.
    flush_or_refuse(lambda: _check_unique(model, values))
    record_create(actor, item)
    return item


def update_reference_item(
    actor: User, item: ReferenceItem, *, values: dict[str, Any], expected_version: int | None
) -> ReferenceItem:
    check_version(item, expected_version)
    values = REGISTERS[type(item)][0](values)
    _check_unique(type(item), values, item)
    _check_still_fits(item, values)
    apply_changes(actor, item, values)
    flush_or_refuse(lambda: _check_unique(type(item), values, item))
    return item


def set_target_group_size(
    actor: User | None, group: TargetGroup, *, year: int, low: int, high: int, note: str = ""
) -> TargetGroupSize:
    """The expected size of a group in a year (a range, or low = high); the year's earlier
    figure is corrected, not doubled."""
    if high < low:
        raise ValidationFailed.on("high", "Het hoogste aantal is lager dan het laagste.")
    lock(group)
    values = {"low": low, "high": high, "note": note.strip()}
    size = next((size for size in group.sizes if size.year == year), None)
    if size is None:
        size = TargetGroupSize(target_group=group, year=year, **values)
        db.session.add(size)
        record_create(actor, size)
    else:
        apply_changes(actor, size, values)
    return size

"""The append-only audit log: who changed what, when, from what to what."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any

import sqlalchemy as sa
from flask import g, has_app_context
from sqlalchemy import inspect
from sqlalchemy.orm import Mapped, mapped_column

from app.core.dates import utcnow
from app.core.formatting import COUNTED_UP_TO, date_nl, eur, number_nl
from app.core.models import Timestamp
from app.extensions import db

# Secrets and bulky payloads (a file, its data snapshot) stay out of the log.
SKIPPED_FIELDS = {
    "id",
    "version",
    "created_at",
    "updated_at",
    "password_hash",
    "token_hash",
    "calendar_token_hash",
    "content",
    "data_snapshot",
}

# A column's Dutch name in the history is its `info["label"]` ("money": shown in euros); a
# column marked `info["bookkeeping"]` (what an object points at, frozen snapshots, times) is
# logged but not shown. These are the names of what is logged but is no column.
LOGGED_BEYOND_COLUMNS = {
    "decisions": "eerdere besluiten",
    "outcome": "uitkomst",
    "sessies": "open sessies",
}


ACTION_LABELS = {
    "create": "aangemaakt",
    "update": "gewijzigd",
    "delete": "verwijderd",
    "password_change": "wachtwoord gewijzigd",
    "calendar_token": "nieuwe agenda-link",
}


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    __label__ = "Logboekregel"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    actor_name: Mapped[str] = mapped_column(sa.String(200))
    object_type: Mapped[str] = mapped_column(sa.String(60))
    object_id: Mapped[int] = mapped_column()
    action: Mapped[str] = mapped_column(sa.String(40))
    changes: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    __table_args__ = (sa.Index("ix_audit_events_object", "object_type", "object_id"),)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def object_label(self) -> str:
        return getattr(_model_named(self.object_type), "__label__", self.object_type)

    @property
    def lines(self) -> list[tuple[str, str, str]]:
        """The changes as a person reads them: (field, before, after), in Dutch."""
        return readable_changes(_model_named(self.object_type), self.changes)


@dataclass(frozen=True)
class _Field:
    """How a logged field is shown: worked out once per model and field, since a log shows
    the same fields thousands of times."""

    label: str | None
    enum: type[Enum] | None
    points_at: str | None  # the table a foreign key points at
    money: bool
    numeric: bool
    is_date: bool


@cache
def _field(model, name: str) -> _Field:
    column = getattr(getattr(model, "__table__", None), "c", {}).get(name)
    column_type = getattr(column, "type", None)
    # The column's info, or that of a column of the same name elsewhere.
    info = column.info if column is not None else _info_elsewhere(name)
    return _Field(
        label=LOGGED_BEYOND_COLUMNS.get(name) or info.get("label"),
        enum=column_type.enum_class if isinstance(column_type, sa.Enum) else None,
        points_at=_pointed_at(column),
        money=bool(info.get("money")),
        numeric=isinstance(column_type, sa.Numeric),
        is_date=isinstance(column_type, sa.Date),
    )


def field_label(model, field: str) -> str | None:
    """The Dutch name of a logged field, or None for one that is not shown. A value logged
    with an event (the reason a contract ended) is named as the column it is elsewhere."""
    return _field(model, field).label


@cache
def _info_elsewhere(field: str) -> dict:
    return next(
        (
            column.info
            for mapper in db.Model.registry.mappers
            for column in mapper.local_table.columns
            if column.name == field and "label" in column.info
        ),
        {},
    )


def readable_changes(model, changes: dict[str, list]) -> list[tuple[str, str, str]]:
    """Logged changes in Dutch: field label, value before, value after."""
    shown = []
    for name, (old, new) in changes.items():
        field = _field(model, name)
        if field.label:
            shown.append((field.label, _shown(field, old), _shown(field, new)))
    return shown


def _model_named(name: str):
    return db.Model.registry._class_registry.get(name)


def _shown(field: _Field, value: Any) -> str:
    """A stored value in Dutch: enum labels, euro amounts, Dutch dates, ja/nee."""
    if value in EMPTY_VALUES:
        return "—"
    if field.enum is not None:
        return field.enum(value).label
    if field.points_at and isinstance(value, int):
        return _name_of(field.points_at, value)
    if field.money:
        return eur(Decimal(value))
    if field.numeric:
        return number_nl(Decimal(value))
    if field.is_date:
        return date_nl(date.fromisoformat(value))
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {item}" for key, item in value.items())
    return str(value)


@cache
def _model_for_table(table: str):
    return next(m.class_ for m in db.Model.registry.mappers if m.local_table.name == table)


def _pointed_at(column: sa.Column | None) -> str | None:
    """The table a foreign key column points at."""
    if column is None or not column.foreign_keys:
        return None
    return next(iter(column.foreign_keys)).column.table.name


def _names() -> dict[tuple[str, int], str]:
    """Names looked up once per request or job: a log names the same rows again and again,
    and the session forgets rows nothing holds on to."""
    return g.setdefault("audit_names", {}) if has_app_context() else {}


def _called(row, key: int) -> str:
    """What a person calls a row: its name, reference, title or e-mail address."""
    return next(
        (
            str(getattr(row, attribute))
            for attribute in ("name", "reference", "title", "email")
            if row is not None and getattr(row, attribute, None)
        ),
        f"nr. {key}",
    )


def _name_of(table: str, key: int) -> str:
    """What a person calls the row a foreign key points at."""
    names = _names()
    if (table, key) not in names:
        names[table, key] = _called(db.session.get(_model_for_table(table), key), key)
    return names[table, key]


def name_rows_of(events: list["AuditEvent"]) -> None:
    """Look up what the events' shown foreign keys point at, one statement per table, so
    that their lines name those rows without a statement each."""
    wanted: dict[str, set[int]] = {}
    for event in events:
        model = _model_named(event.object_type)
        for name, values in event.changes.items():
            field = _field(model, name)
            if field.points_at and field.label:
                wanted.setdefault(field.points_at, set()).update(
                    v for v in values if type(v) is int
                )
    names = _names()
    for table, keys in wanted.items():
        missing = {key for key in keys if (table, key) not in names}
        if not missing:
            continue
        model = _model_for_table(table)
        rows = db.session.scalars(sa.select(model).where(model.id.in_(missing)))
        found = {row.id: row for row in rows}
        for key in missing:
            names[table, key] = _called(found.get(key), key)


def refuse_rewriting_history(mapper, connection, target) -> None:
    raise RuntimeError("Het logboek kan niet worden gewijzigd of verwijderd.")


EMPTY_VALUES = (None, "", [], {})


def plain(value: Any) -> Any:
    """A value as it is stored in the log: JSON-safe and readable."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def field_values(obj: db.Model) -> dict[str, Any]:
    return {
        attr.key: plain(getattr(obj, attr.key))
        for attr in inspect(obj).mapper.column_attrs
        if attr.key not in SKIPPED_FIELDS
    }


def record_event(actor, obj: db.Model, action: str, changes: dict) -> AuditEvent:
    db.session.flush()  # the object needs its id before the event can point at it
    audit_event = AuditEvent(
        actor_id=getattr(actor, "id", None),
        actor_name=getattr(actor, "name", None) or "Systeem",
        object_type=type(obj).__name__,
        object_id=obj.id,
        action=action,
        changes=changes,
    )
    db.session.add(audit_event)
    return audit_event


def record_create(actor, obj: db.Model) -> AuditEvent:
    db.session.flush()
    values = field_values(obj).items()
    filled = {key: [None, value] for key, value in values if value not in EMPTY_VALUES}
    return record_event(actor, obj, "create", filled)


def record_delete(actor, obj: db.Model) -> AuditEvent:
    values = field_values(obj).items()
    filled = {key: [value, None] for key, value in values if value not in EMPTY_VALUES}
    return record_event(actor, obj, "delete", filled)


def apply_changes(
    actor,
    obj: db.Model,
    values: dict[str, Any],
    action: str = "update",
    related: dict[str, tuple[Any, Any]] | None = None,
) -> dict:
    """Set `values` on `obj` and log the fields that really changed, before → after.

    `related` carries changes the caller made to relations (name: (before, after)), so that one
    event holds everything a single edit changed.
    """
    changes = {
        name: [plain(before), plain(after)]
        for name, (before, after) in (related or {}).items()
        if before != after
    }
    for key, new in values.items():
        old = getattr(obj, key)
        if old != new:  # value equality: Decimal("1.0") == Decimal("1.00") is no change
            changes[key] = [plain(old), plain(new)]
            setattr(obj, key, new)
    if changes:
        record_event(actor, obj, action, changes)
    return changes


def change_status(
    actor,
    obj: db.Model,
    status,
    values: dict[str, Any] | None = None,
    related: dict[str, tuple[Any, Any]] | None = None,
) -> dict:
    """Move `obj` through its state machine (which refuses a transition it does not allow) and
    log the transition together with `values` and `related`, as one event."""
    before = obj.status
    obj.set_status(status)
    return apply_changes(
        actor, obj, values or {}, related={"status": (before, status), **(related or {})}
    )


HISTORY_SHOWN = 10  # on the object's page; older changes a page further, when asked for


@dataclass(frozen=True)
class History:
    """One page of the history of an object, newest first."""

    events: list[AuditEvent]
    page: int
    count: int  # counted up to COUNTED_UP_TO and one more ("meer dan 100")
    has_older: bool

    @property
    def first_shown(self) -> int:
        return (self.page - 1) * HISTORY_SHOWN + 1


def events_about(subjects: dict[str, Any]) -> sa.ColumnElement[bool]:
    """The events about objects, given as {model name: their ids (a list or a select)}.
    One lookup per kind of object by the (object_type, object_id) index: as one OR of them,
    PostgreSQL walks the whole log testing each event (2.4 s at 50,000 contracts)."""
    return AuditEvent.id.in_(
        sa.union_all(
            *(
                sa.select(AuditEvent.id).where(
                    AuditEvent.object_type == name, AuditEvent.object_id.in_(ids)
                )
                for name, ids in subjects.items()
            )
        )
    )


def list_history(*objects: db.Model, page: int = 1) -> History:
    """Page `page` of the history of one or more objects (a tender and its lots): what a page
    reads stays the same however long the history grows."""
    ids_by_type: dict[str, list[int]] = {}
    for obj in objects:
        ids_by_type.setdefault(type(obj).__name__, []).append(obj.id)
    about = events_about(ids_by_type)
    page = max(page, 1)
    events = list(
        db.session.scalars(
            db.select(AuditEvent)
            .where(about)
            .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
            .offset((page - 1) * HISTORY_SHOWN)
            .limit(HISTORY_SHOWN + 1)
        )
    )
    name_rows_of(events[:HISTORY_SHOWN])
    counted_rows = db.select(AuditEvent.id).where(about).limit(COUNTED_UP_TO + 1).subquery()
    count = db.session.scalar(db.select(sa.func.count()).select_from(counted_rows))
    return History(events[:HISTORY_SHOWN], page, count, len(events) > HISTORY_SHOWN)

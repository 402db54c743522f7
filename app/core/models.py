"""Column types and mixins shared by the domain models."""

from collections.abc import Callable
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column

from app.core.dates import utcnow
from app.core.errors import StaleObject
from app.extensions import db

Money = sa.Numeric(14, 2, asdecimal=True)
Timestamp = sa.DateTime(timezone=True)


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, onupdate=utcnow)


class Versioned:
    """Optimistic locking: SQLAlchemy adds `WHERE version = ?` to every UPDATE."""

    version: Mapped[int] = mapped_column(default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.version}


def check_version(obj, expected_version: int | None) -> None:
    """Refuse a write based on an older version than the one stored (a lost update)."""
    if expected_version is None or expected_version != obj.version:
        raise StaleObject()


def check_version_locked(obj, expected_version: int | None) -> None:
    """check_version against the stored row, locked until commit (on PostgreSQL).

    Two first saves of the same object at once then queue on the row instead of colliding on
    a unique key of its children: the later one finds the version moved on and is refused as
    stale (409, with what was typed kept in the form), never a server error.
    """
    check_version(obj, expected_version)
    table = type(obj).__table__
    stored = db.session.scalar(
        sa.select(table.c.version).where(table.c.id == obj.id).with_for_update()
    )
    if stored != expected_version:
        raise StaleObject()


def flush_or_refuse(refuse: Callable[[], None]) -> None:
    """Flush; when a unique key refuses it because someone saved the same at that moment,
    undo the request and let `refuse` raise the Dutch message the earlier check gives (an
    integrity error it does not recognise goes on as it was)."""
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        refuse()
        raise


def lock(obj, *read_afresh) -> None:
    """Hold the object's row until commit (on PostgreSQL) and read it and `read_afresh`
    again: two first saves of the same child at once (a year's figure) queue on the row
    instead of colliding on the child's unique key; the later one finds the earlier's child
    and corrects it."""
    table = type(obj).__table__
    db.session.execute(sa.select(table.c.id).where(table.c.id == obj.id).with_for_update())
    for stale in (obj, *read_afresh):
        db.session.expire(stale)


def touch(aggregate) -> None:
    """Mark an aggregate changed when only its children or relations changed, so its version
    moves on and a form opened before the change is refused as stale."""
    aggregate.updated_at = utcnow()


def dialect_insert(session: Session, model) -> postgresql.Insert | sqlite.Insert:
    """An INSERT in the session's dialect, which can say what to do on a conflict (upsert)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(model)


def index_where_set(table: str, column: str) -> sa.Index:
    """An index over the rows where a mostly empty column is set. The planner's statistics for
    a full index on a column that is nearly all NULL promise every row for any value, so it
    would scan the table instead of looking the few up."""
    where = sa.text(f"{column} IS NOT NULL")
    return sa.Index(f"ix_{table}_{column}", column, sqlite_where=where, postgresql_where=where)


def like_pattern(text: str) -> str:
    """A LIKE pattern (escape character backslash) matching `text` anywhere, with % and _
    taken literally."""
    escaped = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def known_fields(values: dict, fields: tuple[str, ...]) -> dict:
    """`values`, refusing a key a service does not take: a programming error, not input."""
    unknown = set(values) - set(fields)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    return values

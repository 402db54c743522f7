"""A token that changes with every committed write, and a cache of results keyed by it.

Some parts of pages are read far more often than the data changes: the signals and the
contract list, which summarise all contracts, and each user's menu with its signal count.
They are computed once per state of the data and reused until the next write, so nothing
shown is ever stale.

Every transaction that wrote anything through the session sets a new random token, as its
last statement before commit. On PostgreSQL the row lock makes concurrent writers set it in
commit order; taking that lock last means it cannot take part in a deadlock. A random token
rather than a counter: a restored backup brings back the token of exactly the data it holds.
"""

import threading
import uuid
from collections.abc import Callable, Hashable
from typing import TypeVar

import sqlalchemy as sa
from flask import g, has_app_context
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column

from app.core.settings import current_settings
from app.extensions import db

T = TypeVar("T")

WROTE = "regie_wrote"


class DataVersion(db.Model):
    """One row: the token of the data as last committed."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(32))


# Read on nearly every page: built once, and as a plain query rather than through the ORM.
TOKEN = sa.select(DataVersion.__table__.c.token).where(DataVersion.__table__.c.id == 1)


def with_data_version(query: sa.Select) -> sa.Select:
    """`query` with the data version as its last column: where a page reads a row anyway (the
    logged-in user, on every page), the version comes in the same round trip."""
    return query.add_columns(TOKEN.scalar_subquery())


def first_with_data_version(query: sa.Select, parameters: dict) -> sa.Row | None:
    """The first row of a query made by with_data_version; its version is this request's."""
    row = db.session.execute(query, parameters).first()
    if row is not None:
        g.data_version = row[-1]
    return row


def current_data_version() -> str | None:
    """The token of the committed data; once per request. None when no write set one yet."""
    if "data_version" not in g:
        g.data_version = db.session.connection().scalar(TOKEN)
    return g.data_version


# Results of the current token only; bounded, because some keys carry what a user typed.
CACHE_SIZE = 256
_cache: dict[Hashable, object] = {}
_cached_token: list[str | None] = [None]
_lock = threading.Lock()  # the development server answers in threads


def cached(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, reused while the data stays as it is. The result must not change after
    it is returned (a string, a number, a frozen record) and must not depend on who asks
    or on anything else the key does not name."""
    if not current_settings().cache_pages:
        return compute()
    token = current_data_version()
    if token is None:
        return compute()
    with _lock:
        if _cached_token[0] == token and key in _cache:
            return _cache[key]  # type: ignore[return-value]
    value = compute()
    with _lock:
        if _cached_token[0] != token:
            _cache.clear()
            _cached_token[0] = token
        if len(_cache) >= CACHE_SIZE:
            del _cache[next(iter(_cache))]
        _cache[key] = value
    return value


# Bookkeeping changes nothing a page shows (logins, failed logins, sessions, when a token was
# last used): it does not set a new token, so it does not empty the caches. A model says so
# with `__bookkeeping__ = True`; a statement with the execution option `bookkeeping=True`.
BOOKKEEPING = "bookkeeping"


def _caching() -> bool:
    """Without the page cache there is no data version to keep (outside an application, as
    in a bare script, it is kept)."""
    return not has_app_context() or current_settings().cache_pages


def _shows(obj) -> bool:
    return not getattr(obj, "__bookkeeping__", False)


def note_flush(session: Session, context) -> None:
    if any(_shows(obj) for obj in (*session.new, *session.dirty, *session.deleted)):
        session.info[WROTE] = True


def note_statement(state: ORMExecuteState) -> None:
    writes = state.is_insert or state.is_update or state.is_delete
    if writes and not state.execution_options.get(BOOKKEEPING):
        state.session.info[WROTE] = True


def set_new_token(session: Session) -> None:
    session.flush()
    if not session.info.get(WROTE) or not _caching():
        return
    token = uuid.uuid4().hex
    changed = session.execute(
        sa.update(DataVersion).where(DataVersion.id == 1).values(token=token)
    ).rowcount
    if not changed:  # a database emptied outside the migrations (the test suite does)
        session.execute(sa.insert(DataVersion).values(id=1, token=token))
    if has_app_context():  # later reads in this request see the new token
        g.pop("data_version", None)


def forget_writes(session: Session) -> None:
    session.info.pop(WROTE, None)

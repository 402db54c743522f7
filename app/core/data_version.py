"""A version that changes with every committed write, and a cache of results keyed by it.

Some parts of pages are read far more often than the data changes: the signals and the
contract list, which summarise all contracts, and each user's menu with its signal count.
They are computed once per state of the data and reused until the next write, so nothing
shown is ever stale.

Every transaction that wrote anything through the session sets a new random stamp on one of
STRIPES rows, chosen at random, as its last statement before commit; the version is the sum
of the stamps. One row for all would make every writer wait for the one before it to commit
(its row lock is held until then); spread over sixteen, two writers at once rarely meet.
Taking the lock last means it cannot take part in a deadlock. Random stamps rather than a
counter: a restored backup brings back the version of exactly the data it holds.
"""

import secrets
import threading
from collections.abc import Callable, Hashable
from typing import TypeVar

import sqlalchemy as sa
from flask import g, has_app_context
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column

from app.core.models import dialect_insert
from app.core.settings import current_settings
from app.extensions import db

T = TypeVar("T")

WROTE = "regie_wrote"


class DataVersion(db.Model):
    """One stripe of the data version: the stamp of the last write that chose it."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)  # 1 … STRIPES
    stamp: Mapped[int] = mapped_column(sa.BigInteger)


STRIPES = 16
STAMP_BITS = 52  # sixteen of them add up within a signed 64-bit integer

# Read on nearly every page: built once, and as a plain query rather than through the ORM.
VERSION = sa.select(sa.func.sum(DataVersion.__table__.c.stamp))


def with_data_version(query: sa.Select) -> sa.Select:
    """`query` with the data version as its last column: where a page reads a row anyway (the
    logged-in user, on every page), the version comes in the same round trip."""
    return query.add_columns(VERSION.scalar_subquery())


def first_with_data_version(query: sa.Select, parameters: dict) -> sa.Row | None:
    """The first row of a query made by with_data_version; its version is this request's."""
    row = db.session.execute(query, parameters).first()
    if row is not None:
        g.data_version = row[-1]
    return row


def current_data_version() -> int | None:
    """The version of the committed data; once per request. None when no write set one yet."""
    if "data_version" not in g:
        g.data_version = db.session.connection().scalar(VERSION)
    return g.data_version


# Results of the current version only; bounded, because some keys carry what a user typed.
CACHE_SIZE = 256
_cache: dict[Hashable, object] = {}
_cached_version: list[int | None] = [None]
_lock = threading.Lock()  # the development server answers in threads


def cached(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, reused while the data stays as it is. The result must not change after
    it is returned (a string, a number, a frozen record) and must not depend on who asks
    or on anything else the key does not name."""
    if not current_settings().cache_pages:
        return compute()
    version = current_data_version()
    if version is None:
        return compute()
    with _lock:
        if _cached_version[0] == version and key in _cache:
            return _cache[key]  # type: ignore[return-value]
    value = compute()
    with _lock:
        if _cached_version[0] != version:
            _cache.clear()
            _cached_version[0] = version
        if len(_cache) >= CACHE_SIZE:
            del _cache[next(iter(_cache))]
        _cache[key] = value
    return value


# Bookkeeping changes nothing a page shows (logins, failed logins, sessions, when a token was
# last used): it does not set a new stamp, so it does not empty the caches. A model says so
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


def set_new_stamp(session: Session) -> None:
    session.flush()
    if not session.info.get(WROTE) or not _caching():
        return
    stripe, stamp = secrets.randbelow(STRIPES) + 1, secrets.randbits(STAMP_BITS)
    # An upsert: a database emptied outside the migrations (the test suite does) has no rows.
    session.execute(
        dialect_insert(session, DataVersion)
        .values(id=stripe, stamp=stamp)
        .on_conflict_do_update(index_elements=[DataVersion.id], set_={"stamp": stamp})
    )
    if has_app_context():  # later reads in this request see the new version
        g.pop("data_version", None)


def forget_writes(session: Session) -> None:
    session.info.pop(WROTE, None)

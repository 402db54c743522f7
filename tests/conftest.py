"""Fixtures: one migrated database per session, emptied after each test."""

import contextvars
import html
import os
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, timedelta
from io import BytesIO

import pytest
import sqlalchemy as sa
from docx import Document as WordDocument
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import event
from sqlalchemy.orm import Session

from app import create_app
from app.auth.models import Role, User
from app.auth.services import create_user
from app.auth.sessions import start_session
from app.contracts.models import FrameworkContract
from app.core.dates import add_months, local_today, utcnow
from app.core.settings import Settings
from app.extensions import db
from app.seeding import seed_haarlem_2018, seed_scenario
from config import TestConfig

CSRF_INPUT = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|'
    r'name="csrf_token" value="([^"]+)"'
)
PASSWORD = "een-lang-wachtwoord"

# Scenario fixtures shared by the packages (a tender ready for adoption, a running contract…).
pytest_plugins = ["tests.fixtures"]


def drop_everything() -> None:
    db.drop_all()
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")


class IsolatedClient(FlaskClient):
    """Runs each request in its own app context, as a server does.

    Without this, Flask reuses the test's app context: `g` (with the logged-in user) and the
    database session would carry over from one request to the next.
    """

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture(scope="session")
def app():
    app = create_app(TestConfig)
    app.test_client_class = IsolatedClient
    with app.app_context():
        drop_everything()
        upgrade()  # the suite runs on the schema the migrations build, not on create_all
    yield app
    with app.app_context():
        drop_everything()


@pytest.fixture(autouse=True)
def _clean_database(app):
    with app.app_context():
        yield
        db.session.remove()
        empty_database()


def empty_database() -> None:
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())


def database_is_empty() -> bool:
    """One round trip: is there a row in any table?"""
    any_row = sa.union_all(
        *(sa.select(sa.literal(1)).select_from(table) for table in db.metadata.sorted_tables)
    )
    with db.engine.connect() as connection:
        return connection.execute(any_row.limit(1)).first() is None


@pytest.fixture
def settings(app) -> Settings:
    """The settings the application runs with (the REGIE_* variables; defaults in tests)."""
    return app.extensions["regie_settings"]


@pytest.fixture
def configure(app):
    """Run one test as if REGIE_* variables were set: `configure(idle_minutes=5)`."""
    original = app.extensions["regie_settings"]

    def change(**values) -> Settings:
        app.extensions["regie_settings"] = replace(app.extensions["regie_settings"], **values)
        return app.extensions["regie_settings"]

    yield change
    app.extensions["regie_settings"] = original


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def openapi(client):
    return client.get("/api/v1/openapi.json").get_json()


@pytest.fixture
def today() -> date:
    """The day the application takes as today. Tests date what they make relative to it, so
    the suite passes on any day (CI runs the date-heavy part again two years ahead)."""
    return local_today()


@pytest.fixture
def tender_form(today) -> dict[str, str]:
    """A new tender as the adviser fills it in: published now, questions for two weeks, the
    nota van inlichtingen a week later, closing in six weeks, the award decision in eight, the
    contract starting on the first of the month four months from now."""
    start = add_months(today.replace(day=1), 4)
    return {
        "reference": "2026/000123",
        "title": f"Re-integratie statushouders {start.year}–{start.year + 1}",
        "route": "tender",
        "description": "Taal en werk",
        "publication_on": today.isoformat(),
        "questions_until": (today + timedelta(weeks=2)).isoformat(),
        "answers_on": (today + timedelta(weeks=3)).isoformat(),
        "closing_on": (today + timedelta(weeks=6)).isoformat(),
        "award_decision_on": (today + timedelta(weeks=8)).isoformat(),
        "contract_start_on": start.isoformat(),
        "social_return_percent": "5",
        "breach_notification_hours": "24",
        "retention_years": "7",
    }


def rows_seeded_by(*seeds) -> dict[str, list[dict]]:
    """Every row the seeds write into an empty database, which is emptied again after. Its
    sequences stay past the rows' ids, so inserting the rows later collides with nothing."""
    for seed in seeds:
        seed()
    db.session.commit()
    rows = {
        table.name: [row._asdict() for row in db.session.execute(table.select())]
        for table in db.metadata.sorted_tables
    }
    db.session.remove()
    empty_database()
    return rows


def load_rows(rows: dict[str, list[dict]]) -> None:
    with db.engine.begin() as connection:
        for table in db.metadata.sorted_tables:
            if rows.get(table.name):
                connection.execute(table.insert(), rows[table.name])


@pytest.fixture(scope="session")
def haarlem_rows(app) -> dict[str, list[dict]]:
    """The Haarlem 2018 seed's rows, seeded once per run. The database is empty here: pytest
    sets up a session fixture before the function-scoped fixtures of the test that first asks
    for it."""
    with app.app_context():
        return rows_seeded_by(seed_haarlem_2018)


@pytest.fixture
def haarlem(haarlem_rows):
    """The Haarlem 2018 scenario as seeded. Seeding costs hundreds of flushes, so an empty
    database gets the rows the seed wrote once; one that already holds rows is seeded (the
    seed takes what is there into account)."""
    if database_is_empty():
        load_rows(haarlem_rows)
    else:
        seed_haarlem_2018()
        db.session.commit()


THREE_MUNICIPALITIES = (
    seed_haarlem_2018,
    lambda: seed_scenario(None, "pijnacker-nootdorp-2020"),
    lambda: seed_scenario(None, "zaanstad-2016"),
)


@pytest.fixture(scope="session")
def three_rows(app) -> dict[str, list[dict]]:
    with app.app_context():
        return rows_seeded_by(*THREE_MUNICIPALITIES)


@pytest.fixture
def three(three_rows):
    """Haarlem 2018, Pijnacker-Nootdorp 2020 and Zaanstad 2016 side by side, as `haarlem`."""
    if database_is_empty():
        load_rows(three_rows)
    else:
        for seed in THREE_MUNICIPALITIES:
            seed()
        db.session.commit()


def make_user(role: Role, email: str | None = None) -> User:
    user = create_user(
        None,
        email=email or f"{role.value}@regie.example",
        name=f"Test {role.label}",
        role=role,
        password=PASSWORD,
    )
    db.session.commit()
    return user


@pytest.fixture
def login_as(client):
    """Log in through the real login form as a (new) user with the given role."""

    def login(role: Role | str) -> User:
        client.delete_cookie("session")  # whoever was logged in before is logged out
        email = f"{Role(role).value}@regie.example"
        user = db.session.scalar(db.select(User).filter_by(email=email)) or make_user(Role(role))
        response = post_form(
            client, "/login", {"email": user.email, "password": PASSWORD}, form_page="/login"
        )
        assert response.status_code == 302, response.text
        return user

    return login


def csrf_token_from(client, page: str) -> str:
    shown = client.get(page).text
    match = CSRF_INPUT.search(shown)
    assert match, f"no CSRF token on {page}"
    return match.group(1) or match.group(2)


def post_form(client, url: str, data: dict, form_page: str | None = None, **kwargs):
    """Post a form as a browser would: with the CSRF token of the page that shows it."""
    token = csrf_token_from(client, form_page or url)
    return client.post(url, data={"csrf_token": token, **data}, **kwargs)


def normalise(text: str) -> str:
    """Babel puts a non-breaking space after €; compare with a plain one."""
    return text.replace("\xa0", " ")


def shown_text(page: str) -> str:
    """A page's text without its tags, one space between words: to read a table row."""
    return " ".join(normalise(html.unescape(re.sub(r"<[^>]+>", " ", page))).split())


def contract(reference: str) -> FrameworkContract:
    """The contract as stored now (other requests may have changed it)."""
    db.session.expire_all()
    return db.session.scalar(db.select(FrameworkContract).filter_by(reference=reference))


def table_contents() -> dict[str, list[tuple]]:
    """Every row of every table, to show that a request changed nothing at all."""
    db.session.expire_all()
    return {
        table.name: sorted(
            (tuple(map(repr, row)) for row in db.session.execute(table.select())), key=str
        )
        for table in db.metadata.sorted_tables
    }


def changed_tables(before: dict[str, list[tuple]], after: dict[str, list[tuple]]) -> dict:
    """Per table that differs: the rows gone and the rows new (a changed row is both)."""
    changes = {}
    for table in before:
        gone = [row for row in before[table] if row not in after[table]]
        new = [row for row in after[table] if row not in before[table]]
        if gone or new:
            changes[table] = {"gone": gone, "new": new}
    return changes


def word_text(content: bytes) -> str:
    """All text of a .docx: body paragraphs, tables, headers, footers and the core
    properties."""
    document = WordDocument(BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.footer):
            parts += [p.text for p in part.paragraphs]
    parts.append(document.core_properties.title or "")
    return "\n".join(parts)


def sign_in(client, user: User) -> None:
    """A logged-in browser session for `user` as the login form makes one (a session row and
    its id in the cookie), without going through the form."""
    secret = start_session(user, now=utcnow())
    db.session.commit()
    with client.session_transaction() as session:
        session.update(_user_id=str(user.id), _fresh=True, sid=secret, seen=time.time())


@contextmanager
def counted_queries(with_sql: bool = False):
    """The statements run inside, as (SQL, parameters) with `with_sql`."""
    statements = []

    def count(connection, cursor, sql, parameters, *_):
        statements.append((sql, parameters) if with_sql else 1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


ON_POSTGRESQL = os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")


def post_at_once(app, clients: list, url: str | list[str], forms: list[dict]) -> list:
    """Each client posts its form (to `url`, or to its own of a list) in a thread of its own,
    all released at once; every transaction waits a moment before it commits, so the others
    are certainly under way."""
    urls = url if isinstance(url, list) else [url] * len(clients)
    ready = threading.Barrier(len(clients))

    def slow_commit(session):
        if threading.current_thread().name.startswith("manager"):
            time.sleep(0.3)

    def save(number: int):
        ready.wait()
        with app.app_context():
            return clients[number].post(urls[number], data=forms[number])

    event.listen(Session, "before_commit", slow_commit)
    try:
        with ThreadPoolExecutor(len(clients), thread_name_prefix="manager") as pool:
            return list(pool.map(save, range(len(clients))))
    finally:
        event.remove(Session, "before_commit", slow_commit)

"""Real-browser fixtures: Regie served by gunicorn on 127.0.0.1 with the Haarlem 2018 data,
Debian's chromium driven by Playwright, and axe-core run on every page a journey visits.

The server has a database of its own, set up through the same CLI an operator uses: on
PostgreSQL when the suite runs there, else a scratch SQLite file. The journeys in a module
share it and run in file order.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "browser-wachtwoord-2026"
USERS = {
    "adviser": ("inkoop@regie.example", "procurement_adviser"),
    "manager": ("contract@regie.example", "contract_manager"),
    "alderman": ("wethouder@regie.example", "alderman"),
    "admin": ("beheer@regie.example", "admin"),
}
SERIOUS = {"serious", "critical"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# The operator's `flask` commands, run one after another in one process: starting Python and
# the app once instead of once per command saves ~15 s per server.
RUN_COMMANDS = """
import json, os, sys
from app import create_app
from config import CONFIGS
runner = create_app(CONFIGS[os.environ["REGIE_CONFIG"]]).test_cli_runner()
for args in json.loads(sys.argv[1]):
    result = runner.invoke(args=args)
    if result.exit_code:
        sys.exit(f"flask {' '.join(args)}: {result.output} {result.exception!r}")
"""


def _flask(env: dict, commands: list[list[str]]) -> None:
    subprocess.run(
        [sys.executable, "-c", RUN_COMMANDS, json.dumps(commands)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


@contextmanager
def _server_database(scratch: Path) -> Iterator[str]:
    """Beside the suite's PostgreSQL database (which the suite empties after every test) a
    database for the server alone, dropped afterwards; SQLite otherwise."""
    suite = os.environ.get("TEST_DATABASE_URL", "")
    if not suite.startswith("postgresql"):
        yield f"sqlite:///{scratch / 'regie.db'}"
        return
    url = sa.make_url(suite)
    own = url.set(database=f"{url.database}_browser")
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{own.database}"')
        connection.exec_driver_sql(f'CREATE DATABASE "{own.database}"')
    try:
        yield own.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{own.database}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(scope="module")
def base_url(request, tmp_path_factory):
    """Haarlem 2018, and the other scenarios a module names in SCENARIOS."""
    scratch = tmp_path_factory.mktemp("browser")
    scenarios = ("haarlem-2018", *getattr(request.module, "SCENARIOS", ()))
    with _server_database(scratch) as database_url:
        yield from _serve(scratch, database_url, scenarios)


def _serve(scratch: Path, database_url: str, scenarios: tuple[str, ...]) -> Iterator[str]:
    env = os.environ | {
        "DATABASE_URL": database_url,
        "REGIE_CONFIG": "development",  # production wants HTTPS for its cookies
        "SECRET_KEY": "browser-tests-only",
        "FLASK_APP": "app",
    }
    _flask(
        env,
        [
            ["db", "upgrade"],
            *(["seed", scenario] for scenario in scenarios),
            *(
                ["users", "create", email, "--name", email.split("@")[0].title(),
                 "--role", role, "--password", PASSWORD]
                for email, role in USERS.values()
            ),
        ],
    )  # fmt: skip
    port = _free_port()
    log = (scratch / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.1)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait()
        log.close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} ontbreekt; ./test installeert Debian's chromium.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


class Journey:
    """A user in the browser: every page they reach is checked with axe-core, and every
    step is photographed so that a failing step leaves its screenshots behind."""

    def __init__(self, page: Page, base_url: str, name: str):
        self.page, self.base_url, self.name = page, base_url, name
        self.shots = ARTIFACTS / name
        self.steps = 0
        self.violations: list[str] = []
        self.audited: list[str] = []
        self.confirmations: list[str] = []  # what the user was asked before an irreversible step
        page.on("dialog", self._confirm)

    def _confirm(self, dialog) -> None:
        self.confirmations.append(dialog.message)
        dialog.accept()

    def step(self, title: str) -> None:
        """Audit the page as it is now and keep a screenshot of it."""
        self.steps += 1
        self.shots.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
        self.page.screenshot(path=self.shots / f"{self.steps:02d}-{slug}.png", full_page=True)
        results = Axe().run(self.page)
        self.audited.append(self.page.url)
        for violation in results.response["violations"]:
            if violation["impact"] in SERIOUS:
                targets = [node["target"] for node in violation["nodes"]][:3]
                self.violations.append(
                    f"{title} ({self.page.url}): {violation['id']} [{violation['impact']}] "
                    f"{violation['help']} {targets}"
                )

    def goto(self, path: str, title: str) -> None:
        self.page.goto(self.base_url + path)
        self.step(title)

    def login(self, who: str) -> None:
        self.page.context.clear_cookies()
        self.goto("/login", "inloggen")
        self.page.get_by_label("E-mailadres").fill(USERS[who][0])
        self.page.get_by_label("Wachtwoord").fill(PASSWORD)
        self.page.get_by_role("button", name="Inloggen").click()
        # click() returns once the form is sent; a check right after it could see a page
        # that is still loading (its menu not yet styled), so wait for the start page.
        self.page.wait_for_url(lambda url: "/login" not in url)
        self.page.wait_for_load_state()

    def flash(self) -> str:
        return self.page.locator(".alert").first.inner_text()

    def download(self, link_name: str, folder: Path) -> Path:
        with self.page.expect_download() as info:
            self.page.get_by_role("link", name=link_name).first.click()
        download = info.value
        target = folder / download.suggested_filename
        download.save_as(target)
        return target


@pytest.fixture
def journey(request, browser, base_url):
    context = browser.new_context(accept_downloads=True, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    shots = ARTIFACTS / request.node.name
    shutil.rmtree(shots, ignore_errors=True)
    journey = Journey(page, base_url, request.node.name)
    yield journey
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=shots / "failure.png", full_page=True)
    else:
        shutil.rmtree(shots, ignore_errors=True)  # screenshots are kept only for a failure
    context.close()

"""Everything a user sees is Dutch and nothing internal shows: every page each role reaches
from the start page, read as a user (and a screen reader) reads it, has no English word and
no code of a status or field; every form is checked by the server alone (novalidate)."""

import re
from html.parser import HTMLParser

import pytest

from app.auth.models import Role
from app.core.statuses import LabeledEnum
from app.extensions import db
from app.living_demo import seed_living_demo
from app.models import *  # noqa: F403 — every enum of the domain must be defined

# Words no Dutch sentence contains (checked case-insensitively, as whole words).
ENGLISH = {
    "version", "submit", "review", "please", "error", "save", "cancel", "delete", "edit",
    "search", "previous", "next", "none", "true", "false", "the", "and", "with", "from",
    "value", "required", "field", "must", "invalid", "select", "choose", "page", "utc",
    "null", "nan", "size", "draft", "active", "awarded", "published", "adopted", "withdrawn",
    "scheduled", "approved", "rejected", "submitted", "expired", "terminated", "extended",
    "declined", "lapsed", "exercised", "download", "upload", "settings", "logout", "login",
    "home", "dashboard", "yes", "no", "new", "add", "remove", "total", "budget_per_year",
}  # fmt: skip
ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
SKIPPED = re.compile(r"\.(docx|xlsx|pdf|ics|svg|csv)$|^/api/|^/logout|/export|/agenda\.ics")


def enum_codes() -> set[str]:
    """Every code of a labelled enum that could not pass for a Dutch word (it has a '_')."""
    codes, pending = set(), list(LabeledEnum.__subclasses__())
    while pending:
        enum = pending.pop()
        pending += enum.__subclasses__()
        codes |= {member.value for member in enum if "_" in str(member.value)}
    return codes


class SeenText(HTMLParser):
    """The text of a page as it is shown or read aloud, and its forms."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self.forms_validated_by_browser = 0
        self.inputs_in_browser_language = 0  # a date picker or a bare file button
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("script", "style"):
            self._skipping += 1
        if tag == "a" and attributes.get("href", "").startswith("/"):
            self.links.append(attributes["href"].split("#")[0])
        if tag == "form" and attributes.get("method", "get").lower() == "post":
            self.forms_validated_by_browser += "novalidate" not in attributes
        if tag == "input" and (
            attributes.get("type") == "date"
            or (attributes.get("type") == "file" and attributes.get("class") != "file-input")
        ):
            self.inputs_in_browser_language += 1
        if tag == "input" and attributes.get("type") == "submit":
            self.parts.append(attributes.get("value") or "")
        self.parts += [attributes[name] or "" for name in ATTRIBUTES if name in attributes]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return re.sub(r"https?://\S+|\S+@\S+", " ", " ".join(self.parts))


def pattern(path: str) -> str:
    return re.sub(r"\d+", "N", path.split("?")[0])


def crawl(client, limit: int = 200) -> dict[str, SeenText]:
    """Each kind of page twice at most (two tenders, two contracts…), reached by links from
    the start page."""
    seen: dict[str, SeenText] = {}
    queue = ["/"]
    while queue and len(seen) < limit:
        path = queue.pop(0)
        kind = pattern(path)
        if path in seen or SKIPPED.search(path) or sum(pattern(p) == kind for p in seen) >= 2:
            continue
        response = client.get(path, follow_redirects=True)
        if response.mimetype != "text/html":
            continue
        page = SeenText()
        page.feed(response.text)
        seen[path] = page
        queue += page.links
    return seen


@pytest.mark.parametrize("role", list(Role))
def test_every_page_a_role_reaches_is_dutch_and_shows_no_codes(
    client, login_as, lot, haarlem, settings, today, role
):
    """Haarlem 2018, the living demo and a draft tender with a lot (its forms open)."""
    seed_living_demo(None, today=today, settings=settings)
    db.session.commit()
    login_as(role)
    pages = crawl(client)
    assert len(pages) >= 5, list(pages)
    codes = enum_codes()
    found = {}
    for path, page in pages.items():
        words = set(re.findall(r"[a-z_]+", page.text.lower()))
        leaks = sorted((words & ENGLISH) | (words & codes))
        if leaks:
            found[path] = leaks
    assert found == {}
    unchecked = {path for path, page in pages.items() if page.forms_validated_by_browser}
    assert unchecked == set()
    foreign = {path for path, page in pages.items() if page.inputs_in_browser_language}
    assert foreign == set()


@pytest.mark.parametrize("role", [Role.PROCUREMENT_ADVISER, Role.ADMIN])
def test_the_three_municipalities_pages_are_dutch(client, login_as, three, role):
    """Budget plans, programmes, the other routes and the administrator's registers of
    Haarlem, Pijnacker-Nootdorp and Zaanstad, crawled from the start page."""
    login_as(role)
    pages = crawl(client)
    assert any(path.startswith(("/begrotingen/", "/beheer/indelingen")) for path in pages)
    codes = enum_codes()
    found = {}
    for path, page in pages.items():
        leaks = sorted(set(re.findall(r"[a-z_]+", page.text.lower())) & (ENGLISH | codes))
        if leaks:
            found[path] = leaks
    assert found == {}

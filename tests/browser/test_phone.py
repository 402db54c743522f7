"""Every role's pages on a phone (390×844) and at the 320 CSS px of WCAG 2.1 reflow: the menu
folds behind a button, nothing makes the page wider than the screen (wide tables scroll in
their own box), and axe-core finds no serious or critical violation."""

import re

import pytest

from tests.browser.conftest import Journey
from tests.conftest import ON_POSTGRESQL

WIDTHS = {"telefoon": (390, 844), "reflow": (320, 640)}
SCENARIOS = ("pijnacker-nootdorp-2020", "zaanstad-2016")  # beside Haarlem 2018
# From each list the first detail page is visited too.
DETAILS = re.compile(
    r"^/(inkooptrajecten|contracten|goedkeuringen|aanbieders|begrotingen|programmas)/\d+/?$"
)


def overflow(page) -> int:
    """How many CSS pixels the page is wider than the screen (0: it fits)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def pages_of(journey: Journey) -> list[str]:
    """The start page, every page in the menu, and the first detail page each list links."""
    page = journey.page
    menu = page.locator("#hoofdmenu a.nav-link").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    paths = ["/", *menu]
    for path in list(paths):
        page.goto(journey.base_url + path)
        links = page.locator("main a[href]").evaluate_all(
            "links => links.map(link => link.getAttribute('href'))"
        )
        paths += [link for link in links if DETAILS.match(link)][:1]
        if path == "/beheer/":  # the administrator's menu page: every register it links
            paths += [link for link in links if link.startswith("/beheer/")]
    return list(dict.fromkeys(paths))


@pytest.mark.skipif(ON_POSTGRESQL, reason="layout does not depend on the database: leg 1 checks it")
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", ["adviser", "manager", "alderman", "admin"])
def test_every_page_of_a_role_works_on_a_small_screen(browser, base_url, role, width):
    context = browser.new_context(
        viewport=dict(zip(("width", "height"), WIDTHS[width], strict=True)), locale="nl-NL"
    )
    journey = Journey(context.new_page(), base_url, f"phone-{role}-{width}")
    page = journey.page
    journey.login(role)

    toggler = page.get_by_role("button", name="Menu")
    assert toggler.is_visible()
    assert not page.locator("#hoofdmenu").is_visible()  # folded
    toggler.click()
    assert page.locator("#hoofdmenu").is_visible()
    assert toggler.get_attribute("aria-expanded") == "true"

    visited = pages_of(journey)
    assert len(visited) >= 4, visited
    too_wide = {}
    for path in visited:
        journey.goto(path, path)
        if overflow(page) > 0:
            too_wide[path] = overflow(page)
    context.close()
    assert too_wide == {}
    assert journey.violations == [], "\n".join(journey.violations)

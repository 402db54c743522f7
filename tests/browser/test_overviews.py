"""The overview, Mijn taken, the supplier screen and the list downloads in a real browser at
desktop width, each page checked with axe-core (phone widths: test_phone.py)."""

import csv

import pytest

from tests.browser.conftest import ARTIFACTS
from tests.conftest import ON_POSTGRESQL

# What these pages read runs on PostgreSQL in tests/test_dashboard.py, test_jobs.py and
# test_list_exports.py; the browser adds layout, charts and downloads, which leg 1 checks.
pytestmark = pytest.mark.skipif(ON_POSTGRESQL, reason="the database part runs without browser")


def test_the_alderman_reads_the_overview_with_its_charts(journey):
    journey.login("alderman")
    journey.step("overzicht als startpagina")
    page = journey.page
    assert page.url.endswith("/overzicht")
    assert page.get_by_role("heading", name="Budget en besteding per doelgroep").is_visible()
    page.get_by_role("link", name="← ").first.click()  # the year before
    journey.step("overzicht vorig jaar")
    page.goto(journey.base_url + "/overzicht?jaar=2018")
    journey.step("overzicht 2018")
    chart = page.get_by_role("img", name="Staafdiagram van budget en besteding per doelgroep")
    chart.scroll_into_view_if_needed()  # it loads lazily
    assert chart.evaluate("image => image.decode().then(() => image.naturalWidth > 0)")
    assert page.locator("#budget-per-group tbody tr").count() >= 5
    journey.goto("/taken", "mijn taken")
    assert journey.violations == [], "\n".join(journey.violations)


def test_a_manager_registers_a_supplier_and_downloads_the_contract_list(journey):
    journey.login("manager")
    journey.goto("/aanbieders/", "aanbieders")
    page = journey.page
    page.get_by_role("link", name="Nieuwe aanbieder").click()
    page.get_by_label("Naam").fill("Werkfit Kennemerland B.V.")
    page.get_by_label("KvK-nummer").fill("3412345")
    page.get_by_role("button", name="Opslaan").click()
    journey.step("aanbieder met fout")
    assert "Een KvK-nummer bestaat uit 8 cijfers" in page.locator(".error-summary").inner_text()
    assert page.get_by_label("Naam").input_value() == "Werkfit Kennemerland B.V."
    page.get_by_label("KvK-nummer").fill("34123456")
    page.get_by_role("button", name="Opslaan").click()
    journey.step("aanbieder toegevoegd")
    assert "De aanbieder is toegevoegd." in journey.flash()
    assert page.get_by_role("heading", name="Werkfit Kennemerland B.V.").is_visible()

    journey.goto("/contracten/?status=active", "contracten gefilterd")
    folder = ARTIFACTS / "downloads"
    folder.mkdir(parents=True, exist_ok=True)
    saved = journey.download("CSV", folder)
    with saved.open(encoding="utf-8-sig") as file:
        rows = list(csv.reader(file, delimiter=";"))
    shown = page.locator("#contracts tbody tr").count()
    assert len(rows) - 1 == shown and {row[4] for row in rows[1:]} == {"Actief"}
    journey.goto("/taken", "mijn taken")
    assert "Bijsturingsmomenten die verlopen zijn" in page.locator("main").inner_text()
    assert journey.violations == [], "\n".join(journey.violations)


def test_a_pdf_is_made_in_the_background_while_its_page_shows_progress(journey):
    """The browser server runs without Redis: a thread of the web process does the work."""
    journey.login("adviser")
    page = journey.page
    page.get_by_role("link", name="Inkooptrajecten").first.click()
    page.get_by_role("link", name="Re-integratie specifieke doelgroepen 2018–2019").click()
    page.get_by_role("button", name="Nieuwe versie maken").click()
    page.locator("#pve-versions").get_by_role("link", name="PDF").first.click()
    journey.step("pdf aanbieden")
    page.get_by_role("button", name="PDF maken").click()
    journey.step("pdf wordt gemaakt")
    assert page.get_by_label("Voortgang").is_visible()
    page.get_by_text("Klaar:").wait_for(timeout=90_000)  # regie.js reloads when it is done
    journey.step("pdf klaar")
    page.reload()  # the result survives a reload
    assert page.get_by_text("wordt niet opnieuw gemaakt").is_visible()
    assert journey.violations == [], "\n".join(journey.violations)

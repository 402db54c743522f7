"""The other municipalities in a real browser: Pijnacker-Nootdorp's budget plan with the
difference its source prints, a line refused for its three decimals, a relative norm that
asks for its baselines; each page checked with axe-core."""

import pytest

from tests.conftest import ON_POSTGRESQL

SCENARIOS = ("pijnacker-nootdorp-2020", "zaanstad-2016")  # beside Haarlem 2018


@pytest.mark.skipif(
    ON_POSTGRESQL, reason="the pages' rules run on PostgreSQL in tests/budgets and programmes"
)
def test_an_adviser_reads_the_budget_2020_and_is_refused_in_dutch(journey):
    journey.login("adviser")
    page = journey.page
    page.get_by_role("link", name="Begroting en doelen").first.click()
    journey.step("begroting en doelen")
    page.get_by_role("link", name="2020: Budget 2020 Werken, werken aan en meedoen").click()
    journey.step("begroting pijnacker-nootdorp 2020")
    differences = page.locator("#discrepancies").inner_text().replace("\xa0", " ")
    assert "Beschikbaar budget: totaal\t€ 725.000,00\t€ 725.503,00\t€ 503,00" in differences
    assert "€ 503,00" in page.locator("#plan-totals").inner_text().replace("\xa0", " ")
    page.get_by_role("link", name="Nieuwe regel").click()
    page.get_by_label("Groep").select_option(label="Uitgaven: Perspectief 'meedoen'")
    page.get_by_label("Omschrijving").fill("Vrijwilligerswerk")
    page.get_by_label("Soort").select_option(label="Instrumenten")
    page.get_by_label("Bedrag").fill("1.000,125")
    page.get_by_role("button", name="Opslaan").click()
    journey.step("regel met fout")
    assert "Gebruik hoogstens twee decimalen." in page.locator(".error-summary").inner_text()
    assert page.get_by_label("Bedrag").input_value() == "1.000,125"

    journey.goto("/begrotingen/", "begroting en doelen")
    page.get_by_role("link", name="Plan van Aanpak – Werken, werken aan en meedoen!").click()
    journey.step("programma pijnacker-nootdorp")
    page.get_by_role("link", name="realisatie invullen").first.click()
    page.get_by_label("Jaar").select_option("2020")
    page.get_by_label("Realisatie").fill("12")
    page.get_by_role("button", name="Realisatie opslaan").click()
    journey.step("realisatie zonder basiswaarden")
    refusal = "Vul eerst bij de norm de basiswaarde van 2017, 2018 en 2019 in"
    assert refusal in page.locator("main").inner_text()
    assert journey.violations == [], "\n".join(journey.violations)

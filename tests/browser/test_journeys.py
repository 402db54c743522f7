"""The three journeys of issue #7 in a real browser, in order: the adviser's tender, the
contract manager's steering and extension request, the alderman's approval."""

from datetime import timedelta

from docx import Document
from openpyxl import load_workbook
from playwright.sync_api import expect

from app.core.dates import add_months, local_today

LOTS = [
    ("1", "Statushouders", "Statushouders", "150.000", "60", "2.500"),
    ("2", "50-plussers", "50-plussers", "90.000", "45", "2.000"),
]
CRITERIA = [("Prijs", "price", "40"), ("Plan van aanpak", "quality", "60")]


def test_adviser_drafts_a_tender_and_downloads_the_pve(journey, tmp_path, today):
    page = journey.page
    journey.login("adviser")
    journey.step("startpagina adviseur")
    page.get_by_role("link", name="Nieuw inkooptraject").first.click()
    journey.step("nieuw inkooptraject")
    page.get_by_label("Kenmerk").fill("2026/100001")
    page.get_by_label("Titel").fill("Re-integratie bijzondere doelgroepen 2027")
    page.get_by_label("Aanleiding en omschrijving").fill(
        "Ondersteuning voor statushouders en 50-plussers."
    )
    page.get_by_label("Publicatiedatum").fill((today + timedelta(weeks=6)).isoformat())
    page.get_by_label("Sluiting inschrijving").fill((today + timedelta(weeks=12)).isoformat())
    start = add_months(today.replace(day=1), 7)
    page.get_by_label("Beoogde ingangsdatum contracten").fill(start.isoformat())
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".alert").first).to_contain_text("Het inkooptraject is aangemaakt.")
    journey.step("inkooptraject aangemaakt")
    tender_url = page.url

    for number, title, group, budget, count, price in LOTS:
        page.goto(tender_url)
        page.get_by_role("link", name="Perceel toevoegen").click()
        journey.step(f"perceel {number} toevoegen")
        page.get_by_label("Perceelnummer").fill(number)
        page.get_by_label("Titel").fill(title)
        page.get_by_label("Doelgroep", exact=True).select_option(label=group)
        page.get_by_label("Kenmerken van de doelgroep").fill(f"{group} met een uitkering.")
        page.get_by_label("Gevraagde dienstverlening").fill("Begeleiding naar betaald werk.")
        page.get_by_label("Interne notitie").fill("Beoogd: aanbieder X & Y")
        page.get_by_label("Budget per jaar").fill(budget)
        page.get_by_label("Verwacht aantal trajecten per jaar").fill(count)
        page.get_by_label("Prijs per traject").fill(price)
        page.get_by_label("Hoofd-CPV-code").fill("85312320-8")
        page.get_by_role("button", name="Opslaan").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(f"Perceel {number}")

        page.get_by_role("link", name="Eisen uit de bibliotheek overnemen").click()
        journey.step(f"eisen perceel {number}")
        page.get_by_label("ALG-01", exact=False).check()
        page.get_by_label("RAP-01", exact=False).check()
        page.get_by_role("button", name="Geselecteerde eisen overnemen").click()
        expect(page.locator("main")).to_contain_text("Per bijsturingsmoment rapporteert")

        page.get_by_role("link", name="Gunningscriteria bewerken").click()
        journey.step(f"gunningscriteria perceel {number}")
        for row, (name, kind, weight) in enumerate(CRITERIA):
            page.locator(f'[name="criteria-{row}-name"]').fill(name)
            page.locator(f'[name="criteria-{row}-kind"]').select_option(kind)
            page.locator(f'[name="criteria-{row}-weight_percent"]').fill(weight)
        page.get_by_role("button", name="Gunningscriteria opslaan").click()
        expect(page.locator("section[aria-labelledby=criteria]")).to_contain_text("Plan van aanpak")
        journey.step(f"perceel {number} met eisen en criteria")

    page.goto(tender_url)
    readiness = page.locator("#pve-readiness")
    expect(readiness).to_contain_text("Nog niet gereed")
    expect(readiness).to_contain_text("Procedure: de procedure is nog niet gekozen")
    advice = page.locator("section", has=page.get_by_role("heading", name="Procedure-advies"))
    # (150.000 + 90.000) a year over 24 + 12 + 12 months: € 960.000, above the € 750.000
    # threshold for social and other specific services
    expect(advice).to_contain_text("€ 960.000,00")
    expect(advice).to_contain_text("Europese")
    journey.step("procedure-advies")

    page.get_by_role("button", name="Nieuwe versie maken").click()
    journey.step("PvE gemaakt")
    pve = journey.download("Word", tmp_path)
    assert pve.name.startswith("PvE") and pve.suffix == ".docx"
    text = "\n".join(paragraph.text for paragraph in Document(pve).paragraphs)
    tables = " ".join(cell.text for t in Document(pve).tables for r in t.rows for cell in r.cells)
    assert "Re-integratie bijzondere doelgroepen 2027" in text
    assert "Statushouders" in text + tables and "50-plussers" in text + tables
    assert "Plan van aanpak" in tables and "60" in tables
    assert "Statushouders met een uitkering." in text
    assert "aanbieder X" not in text + tables  # the internal note stays inside Regie
    header = Document(pve).sections[0].header.paragraphs[0].text
    assert header == "CONCEPT – niet voor publicatie"  # the procedure is not chosen yet

    assert journey.violations == [], "\n".join(journey.violations)


def test_contract_manager_steers_a_contract_and_requests_an_extension(journey, today):
    page = journey.page
    start = add_months(today.replace(day=1), -7)  # moment 1 is due and can be logged today
    journey.login("manager")
    journey.step("signalering als startpagina")
    page.get_by_role("link", name="Contracten").first.click()
    journey.step("contractenlijst")
    page.get_by_role("link", name="2017/532748-3").click()
    journey.step("concept-contract")
    page.get_by_label("Ingangsdatum").fill(start.isoformat())
    page.get_by_label("Opdrachtnemer").select_option(label="Agros")
    page.get_by_label("Ondertekend op").fill((start - timedelta(days=11)).isoformat())
    page.get_by_role("button", name="Contract activeren").click()
    expect(page.locator(".alert").first).to_contain_text("Het contract is actief")
    journey.step("contract actief")
    contract_url = page.url

    page.get_by_role("link", name="Normen van dit contract").click()
    journey.step("normen")
    page.get_by_label("Norm Gestarte trajecten", exact=True).fill("30")
    page.get_by_role("button", name="Normen opslaan").click()
    expect(page.locator(".alert").first).to_contain_text("De normen van dit contract zijn")

    page.goto(contract_url)
    page.locator("section[aria-labelledby=bijsturing] a").filter(has_text="1").first.click()
    journey.step("bijsturingsmoment 1")
    page.get_by_label("Gehouden op").fill(today.isoformat())
    page.get_by_label("Realisatie Gestarte trajecten").fill("12")
    page.get_by_label("Realisatie Voortijdige uitval").fill("2")
    page.get_by_label("Bevindingen").fill("Instroom blijft ver achter bij de norm.")
    page.get_by_label("Besluit", exact=True).select_option(label="Bijsturen")
    page.get_by_label("Afspraak 1").fill("Plan voor extra instroom aanleveren")
    page.get_by_label("Eigenaar 1").fill("Agros")
    page.get_by_label("Uiterlijk op 1").fill((today + timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Bijsturingsmoment vastleggen").click()
    expect(page.locator(".alert").first).to_contain_text("Het bijsturingsmoment is vastgelegd.")
    journey.step("moment vastgelegd")

    page.get_by_role("link", name="Signalering").first.click()
    red = page.locator("section", has=page.get_by_role("heading", name="Rode prestatie"))
    expect(red).to_contain_text("2017/532748-3, moment 1")
    expect(red).to_contain_text("Gestarte trajecten")
    journey.step("rode indicator gesignaleerd")

    page.goto(contract_url)
    chart = page.locator("figure.trend img").first
    chart.scroll_into_view_if_needed()  # it loads lazily, when it comes into view
    drawn = "image => image.complete && image.naturalWidth > 0"  # an image under the CSP
    page.wait_for_function(drawn, arg=chart.element_handle(), timeout=10_000)
    journey.step("verloop met grafiek")
    expect(page.locator("main")).to_contain_text("Kan nog rechtmatig verlengd worden.")
    page.get_by_role("link", name="Optie 1 ter goedkeuring voorleggen").click()
    journey.step("verlenging voorleggen")
    page.get_by_label("Motivering").fill(
        "Na bijsturing loopt de instroom; verlengen houdt de trajecten in gang."
    )
    page.get_by_label("Registratienummer").fill("2026/612345")
    page.get_by_label("Korte titel (voettekst)").fill("Verlenging ex-gedetineerden")
    page.get_by_label('Nota "Akkoord te gaan met uitwerking verwervingsstrategie"').check()
    page.get_by_role("button", name="Ter goedkeuring voorleggen").click()
    expect(page.locator(".alert").first).to_contain_text("ligt ter goedkeuring bij de wethouder")
    journey.step("verzoek ingediend")

    assert journey.violations == [], "\n".join(journey.violations)


def test_alderman_approves_the_extension_and_downloads_the_documents(journey, tmp_path):
    page = journey.page
    journey.login("alderman")
    journey.step("overzicht")
    page.get_by_role("link", name="1 verzoek wacht op uw besluit").click()
    journey.step("open verzoeken")
    page.get_by_role("link", name="Verlenging 2017/532748-3 met 12 maanden (optie 1)").click()
    journey.step("verzoek")
    proposal = journey.download("Collegevoorstel", tmp_path)
    assert proposal.name == f"Collegevoorstel 2026-612345 {local_today().isoformat()}.docx"
    document = Document(proposal)
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "Kernboodschap" in text and "Besluit College d.d." in text
    assert "Akkoord te gaan met uitwerking verwervingsstrategie" in text
    footer = document.sections[0].footer.paragraphs[0].text
    assert "2026/612345" in footer and "Verlenging ex-gedetineerden" in footer

    overview = journey.download("Excel-overzicht", tmp_path)
    workbook = load_workbook(overview)
    assert workbook.sheetnames == [
        "Percelen en budget", "Contracten", "Bijsturingsmomenten", "Acties", "Logboek"
    ]  # fmt: skip
    actions = [row for row in workbook["Acties"].iter_rows(values_only=True)]
    assert any("Plan voor extra instroom aanleveren" in row for row in actions)

    page.get_by_label("Goedkeuren").check()
    page.get_by_label("Opmerking (verplicht bij afwijzen)").fill(
        "Akkoord, met aandacht voor de instroom."
    )
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.locator(".alert").first).to_contain_text("Het verzoek is goedgekeurd.")
    assert len(journey.confirmations) == 1  # asked before the decision, which is final
    journey.step("goedgekeurd")

    page.get_by_role("link", name="Contracten").first.click()
    page.get_by_role("link", name="2017/532748-3").click()
    expect(page.locator("main")).to_contain_text("30 april 2029")  # the new current end
    journey.step("contract verlengd")

    assert journey.violations == [], "\n".join(journey.violations)


def test_the_tender_form_works_by_keyboard_alone_with_visible_focus(journey):
    page = journey.page
    journey.login("adviser")
    page.goto(journey.base_url + "/inkooptrajecten/nieuw")

    def focused(attribute: str) -> str:
        return page.evaluate(f"document.activeElement.{attribute}")

    page.keyboard.press("Tab")
    assert focused("textContent").strip() == "Naar de inhoud"  # the skip link comes first
    page.keyboard.press("Enter")
    typed = {"reference": "2026/100002", "title": "Toetsenbordtraject"}
    for _ in range(20):
        page.keyboard.press("Tab")
        name = focused("name")
        if name in typed:
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"{name} shows no focus"
            page.keyboard.type(typed.pop(name))
        if not typed:
            break
    assert typed == {}, "not every field was reached with Tab"
    page.keyboard.press("Enter")  # submits the form from a text field
    expect(page.locator(".alert").first).to_contain_text("Het inkooptraject is aangemaakt.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Toetsenbordtraject")

"""The Programma van Eisen as a real Word file."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from docx import Document as WordDocument
from jinja2.exceptions import SecurityError, UndefinedError

from app.auth.models import Role
from app.core.dates import local_today
from app.core.settings import current_settings
from app.documents import pdf
from app.documents.models import Document, DocumentKind
from app.documents.rendering import render_docx, sha256, template_path
from app.documents.services import BUILT_IN_TEMPLATES, generate_pve
from app.extensions import db
from app.tenders.queries import current_procedure_advice
from app.tenders.readiness import pve_gaps
from app.tenders.requirement_models import Requirement
from tests.conftest import make_user, normalise, post_form, word_text
from tests.factories import bearer, haarlem_tender


def latest_pve() -> Document:
    return db.session.scalar(db.select(Document).order_by(Document.id.desc()).limit(1))


def test_haarlem_pve_holds_every_lot_requirement_and_weight(client, login_as, haarlem):
    login_as(Role.PROCUREMENT_ADVISER)
    tender = haarlem_tender()
    response = post_form(
        client, f"/inkooptrajecten/{tender.id}/pve", {}, form_page=f"/inkooptrajecten/{tender.id}"
    )
    assert response.status_code == 302
    document = latest_pve()
    download = client.get(f"/documenten/{document.id}")
    assert download.status_code == 200
    assert download.mimetype.endswith("wordprocessingml.document")
    assert "PvE 2017-532748 v1" in download.headers["Content-Disposition"]
    text = normalise(word_text(download.data))
    assert "{{" not in text and "{%" not in text
    assert "Programma van Eisen 2017/532748" in text  # document properties
    assert "Gemeente Haarlem" in text and "versie 1" in text
    assert "€ 4.897.050,00" in text
    for lot in tender.lots:
        assert f"Perceel {lot.number}: {lot.title}" in text
        assert lot.target_group_profile in text and lot.scope in text
        for requirement in lot.requirements:
            assert requirement.text in text
        for criterion in lot.award_criteria:
            assert criterion.name in text and criterion.description in text
    assert text.count("Totaal\n\n\n100 %") == len(tender.lots)
    assert "2017/532748 · Programma van Eisen · versie 1 · pagina" in text


def test_haarlem_pve_reads_as_published_in_august_2017(haarlem):
    """What a supplier needs and nothing the municipality keeps to itself."""
    tender = haarlem_tender()
    assert pve_gaps(tender) == []
    document = generate_pve(
        make_user(Role.PROCUREMENT_ADVISER),
        tender,
        today=local_today(),
        settings=current_settings(),
    )
    text = normalise(word_text(document.content))
    # internal: suppliers, planning notes, ntb, unmotivated or unchosen fields, the advice
    for internal in (
        "Pasmatch",
        "Agros",
        "155-Help",
        "Hetisnetwerken",
        "(ntb)",
        "nog te bepalen",
        "nog niet gekozen",
        "nog niet gemotiveerd",
        "uitgewerkt",
        "geldig vanaf",
        "Omvang van de opdracht",
        "CONCEPT",
    ):
        assert internal not in text, internal
    assert 'Nota "Koersdocument Werk en Inkomen" (BBV2016/255655)' in text
    assert "BBV2017/261113" in text
    assert "Publicatie\n28 augustus 2017" in text
    assert "Einde opschortende termijn (20 kalenderdagen)\n3 december 2017" in text
    # two options, each with its dates and the last day to exercise it
    assert "Optie 2\n12 maanden\n1 januari 2021 t/m 31 december 2021" in text
    assert "3 maanden: uiterlijk 30 september 2019" in text
    assert "met een optie tot verlenging" not in text  # the library text no longer says one
    # a norm with unit, direction and definition; statushouders start 70 per period
    assert "Gestarte trajecten\nAantal deelnemers van wie het trajectplan" in text
    assert "minimaal 70" in text and "maximaal 10" in text
    # payment, results, scoring, privacy terms, social return, glossary
    assert "Startbedrag plus resultaatbedrag" in text and "€ 3.000,00" in text
    assert "ten minste 6 maanden aaneengesloten aan het werk" in text
    assert "Niet beoordeelbaar" in text and "laagste prijs ÷ geboden prijs" in text
    assert "datalek binnen 24 uur" in text and "7 jaar na het einde" in text
    assert "ten minste 5 % van de opdrachtwaarde" in text
    assert "Bijsturingsmoment\nTussentijds overleg" in text
    # numbered inside their chapter: lot 2's third requirement is 5.2.3
    assert "5.2.3\t" in text and "8.1\t" in text


def test_the_document_is_laid_out_for_publication(haarlem):
    """A4 in Dutch, a cover without footer, contents with page references, real headings,
    hanging indents, table headers repeated and rows kept whole."""
    tender = haarlem_tender()
    content = generate_pve(
        make_user(Role.PROCUREMENT_ADVISER),
        tender,
        today=local_today(),
        settings=current_settings(),
    ).content
    document = WordDocument(BytesIO(content))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert document.core_properties.language == "nl-NL"
    assert 'w:val="nl-NL"' in document.styles.element.xml
    assert section.different_first_page_header_footer
    assert all(not p.text for p in section.first_page_footer.paragraphs)
    styles = [p.style.name for p in document.paragraphs]
    contents = [p for p in document.paragraphs if p.style.name in ("TOC 1", "TOC 2")]
    headings = [p.text for p in document.paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    assert [p.text.split("\t")[0] for p in contents] == headings
    assert headings[:3] == [
        "1 Inleiding en aanleiding",
        "2 Procedure en planning",
        "3 Looptijd, opties en opzegging",
    ]
    assert "5.2 Perceel 2: Statushouders" in headings
    assert all("PAGEREF _RegieToc" in p._p.xml for p in contents)
    assert {"Heading 3", "Heading 4", "Eis"} <= set(styles)
    requirement = document.styles["Eis"].paragraph_format
    assert requirement.first_line_indent < 0 and requirement.left_indent > 0
    for table in document.tables:
        assert "w:tblHeader" in table.rows[0]._tr.xml
        assert all("w:cantSplit" in row._tr.xml for row in table.rows)


def test_special_characters_survive_unchanged(client, login_as, haarlem):
    adviser = make_user(Role.PROCUREMENT_ADVISER, "a@regie.example")
    tender = haarlem_tender()
    tender.title = 'Werk & inkomen <2027> "proef" € 5 \'s-Gravenhage'
    tender.lots[0].requirements[0].text = "Rapporteer < 5 dagen & > 2 keer; kosten in €, 'AVG'"
    db.session.commit()
    document = generate_pve(
        adviser,
        tender,
        today=date(2026, 11, 23),
        settings=current_settings(),
    )
    db.session.commit()
    text = word_text(document.content)
    assert 'Werk & inkomen <2027> "proef" € 5 \'s-Gravenhage' in text
    assert "Rapporteer < 5 dagen & > 2 keer; kosten in €, 'AVG'" in text


def test_every_generation_is_a_version_and_earlier_ones_stay(client, login_as, haarlem):
    adviser = make_user(Role.PROCUREMENT_ADVISER, "a@regie.example")
    tender = haarlem_tender()
    first = generate_pve(
        adviser,
        tender,
        today=date(2026, 11, 23),
        settings=current_settings(),
    )
    db.session.commit()
    library = db.session.scalar(db.select(Requirement).filter_by(code="PRI-01"))
    old_text = library.text
    library.text = "Nieuwe privacytekst in de bibliotheek"
    db.session.commit()
    second = generate_pve(
        adviser,
        tender,
        today=date(2026, 11, 24),
        settings=current_settings(),
    )
    db.session.commit()
    assert (first.version_number, second.version_number) == (1, 2)
    assert first.template_sha256 == sha256(
        template_path(BUILT_IN_TEMPLATES[DocumentKind.PVE]).read_bytes()
    )
    assert first.created_by_id == adviser.id
    assert first.data_snapshot["lots"][0]["title"] == "Perceel 1: Zzp"
    for document in (first, second):  # the lots hold copies: the library edit reaches neither
        text = word_text(document.content)
        assert old_text in text and "Nieuwe privacytekst" not in text
    login_as(Role.ALDERMAN)
    assert client.get(f"/documenten/{first.id}").data == first.content
    page = client.get(f"/inkooptrajecten/{tender.id}").text
    assert page.count("Word<span") == 2


def test_the_sandbox_refuses_python_internals():
    template = template_path(BUILT_IN_TEMPLATES[DocumentKind.PVE]).read_bytes()
    from docx import Document as Docx

    evil = Docx(BytesIO(template))
    evil.add_paragraph("{{ ''.__class__.__mro__[1].__subclasses__() }}")
    buffer = BytesIO()
    evil.save(buffer)
    with pytest.raises((SecurityError, UndefinedError)):
        render_docx(buffer.getvalue(), {"reference": "x"})


def test_unknown_placeholder_is_an_error_not_an_empty_string():
    with pytest.raises(UndefinedError):
        render_docx(
            template_path(BUILT_IN_TEMPLATES[DocumentKind.PVE]).read_bytes(),
            {"reference": "2017/532748"},
        )


def test_api_generates_and_downloads(client, haarlem):
    headers = bearer(Role.PROCUREMENT_ADVISER)
    tender = haarlem_tender()
    response = client.post(f"/api/v1/tenders/{tender.id}/pve", headers=headers)
    assert response.status_code == 201
    body = response.get_json()
    assert set(body) == {"document_id", "download_url"}
    download = client.get(body["download_url"], headers=headers)
    assert download.status_code == 200 and download.data[:2] == b"PK"
    assert "Perceel 1: Zzp" in word_text(download.data)
    refused = client.post(f"/api/v1/tenders/{tender.id}/pve", headers=bearer(Role.ALDERMAN))
    assert refused.status_code == 403


def test_tender_without_lots_gets_a_clear_message(client, login_as):
    login_as(Role.PROCUREMENT_ADVISER)
    from app.tenders.models import Tender

    tender = Tender(reference="2026/000001", title="Leeg", route="tender", municipality="Haarlem")
    db.session.add(tender)
    db.session.commit()
    response = post_form(
        client,
        f"/inkooptrajecten/{tender.id}/pve",
        {},
        form_page=f"/inkooptrajecten/{tender.id}",
        follow_redirects=True,
    )
    assert "Voeg eerst minstens één perceel toe" in response.text
    assert db.session.scalar(db.select(db.func.count()).select_from(Document)) == 0


def test_pdf_button_says_why_when_libreoffice_is_missing(client, login_as, haarlem, monkeypatch):
    monkeypatch.setattr(pdf, "libreoffice", lambda: None)
    login_as(Role.PROCUREMENT_ADVISER)
    tender = haarlem_tender()
    generate_pve(
        make_user(Role.PROCUREMENT_ADVISER, "b@regie.example"),
        tender,
        today=local_today(),
        settings=current_settings(),
    )
    db.session.commit()
    page = client.get(f"/inkooptrajecten/{tender.id}").text
    assert "PDF is niet beschikbaar: LibreOffice is op deze server niet geïnstalleerd." in page
    response = client.get(f"/documenten/{latest_pve().id}/pdf")
    assert response.status_code == 503
    assert "LibreOffice is op deze server niet geïnstalleerd" in response.text


@pytest.mark.skipif(pdf.libreoffice() is None, reason="LibreOffice is not installed")
def test_pdf_through_libreoffice(client, login_as, haarlem):
    login_as(Role.ALDERMAN)
    document = generate_pve(
        make_user(Role.PROCUREMENT_ADVISER, "c@regie.example"),
        haarlem_tender(),
        today=local_today(),
        settings=current_settings(),
    )
    db.session.commit()
    offer = client.get(f"/documenten/{document.id}/pdf")
    assert "Van dit document is nog geen PDF gemaakt." in offer.text
    made = post_form(client, f"/documenten/{document.id}/pdf", {}, follow_redirects=True)
    assert "Klaar:" in made.text  # the job's page (a job, tests/test_jobs.py)
    response = client.get(f"/documenten/{document.id}/pdf")
    assert response.status_code == 200 and response.data[:4] == b"%PDF"
    assert b"/MediaBox[0 0 595" in response.data.replace(b" [", b"[")  # A4, not US Letter
    assert DocumentKind.PVE.label == "Programma van Eisen"


def test_requirement_numbers_are_unique_within_a_lot(haarlem):
    tender = haarlem_tender()
    context = generate_pve(
        make_user(Role.PROCUREMENT_ADVISER),
        tender,
        today=local_today(),
        settings=current_settings(),
    ).data_snapshot
    for lot in context["lots"]:
        numbers = [r["number"] for g in lot["requirement_groups"] for r in g["requirements"]]
        assert numbers == [f"{lot['number']}.{i}" for i in range(1, len(numbers) + 1)]
        assert numbers  # every seeded lot has requirements


def test_haarlem_is_advised_under_the_thresholds_of_its_publication(haarlem, app):
    advice = current_procedure_advice(haarlem_tender(), current_settings(), local_today())
    assert advice.thresholds_valid_from == date(2016, 1, 1)
    assert advice.threshold == Decimal("750000")  # social and other specific services
    assert advice.procedure == "europees_verlicht_regime"

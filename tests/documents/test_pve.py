"""The Programma van Eisen as a real Word file."""

from datetime import date
from io import BytesIO

import pytest
from docx import Document as WordDocument
from jinja2.exceptions import SecurityError, UndefinedError

from app.auth.models import Role
from app.documents import pdf
from app.documents.models import Document, DocumentKind
from app.documents.rendering import render_docx, sha256, template_path
from app.documents.services import BUILT_IN_TEMPLATES, generate_pve
from app.extensions import db
from app.tenders.models import Requirement
from tests.api.conftest import bearer
from tests.conftest import make_user, post_form
from tests.tenders.test_pages import haarlem_tender


def word_text(content: bytes) -> str:
    """All text of a .docx: body paragraphs, tables, footers and the core properties."""
    document = WordDocument(BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.footer.paragraphs]
    parts.append(document.core_properties.title or "")
    return "\n".join(parts)


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
    text = word_text(download.data)
    assert "{{" not in text and "{%" not in text
    assert "Programma van Eisen 2017/532748" in text  # document properties
    assert "Gemeente Haarlem" in text and "versie 1" in text
    assert "€ 4.897.050,00" in text.replace("\xa0", " ")
    for lot in tender.lots:
        assert f"Perceel {lot.number}: {lot.title}" in text
        for requirement in lot.requirements:
            assert requirement.text in text
        for criterion in lot.award_criteria:
            assert criterion.name in text
    assert text.count("Totaal\n\n100%") == len(tender.lots)
    assert "40%" in text and "Omvang van de opdracht" in text
    assert "MBO1" in text and "nog te bepalen" in text  # ntb, not € 0,00
    assert "2017/532748 · Programma van Eisen · versie 1 · pagina" in text


def test_special_characters_survive_unchanged(client, login_as, haarlem):
    adviser = make_user(Role.PROCUREMENT_ADVISER, "a@regie.example")
    tender = haarlem_tender()
    tender.title = 'Werk & inkomen <2027> "proef" € 5 \'s-Gravenhage'
    tender.lots[0].requirements[0].text = "Rapporteer < 5 dagen & > 2 keer; kosten in €, 'AVG'"
    db.session.commit()
    document = generate_pve(adviser, tender, today=date(2026, 11, 23))
    db.session.commit()
    text = word_text(document.content)
    assert 'Werk & inkomen <2027> "proef" € 5 \'s-Gravenhage' in text
    assert "Rapporteer < 5 dagen & > 2 keer; kosten in €, 'AVG'" in text


def test_every_generation_is_a_version_and_earlier_ones_stay(client, login_as, haarlem):
    adviser = make_user(Role.PROCUREMENT_ADVISER, "a@regie.example")
    tender = haarlem_tender()
    first = generate_pve(adviser, tender, today=date(2026, 11, 23))
    db.session.commit()
    library = db.session.scalar(db.select(Requirement).filter_by(code="PRI-01"))
    old_text = library.text
    library.text = "Nieuwe privacytekst in de bibliotheek"
    db.session.commit()
    second = generate_pve(adviser, tender, today=date(2026, 11, 24))
    db.session.commit()
    assert (first.version_number, second.version_number) == (1, 2)
    assert first.template_sha256 == sha256(
        template_path(BUILT_IN_TEMPLATES[DocumentKind.PVE]).read_bytes()
    )
    assert first.created_by_id == adviser.id
    assert first.data_snapshot["lots"][0]["title"] == "Zzp"
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
    generate_pve(make_user(Role.PROCUREMENT_ADVISER, "b@regie.example"), tender, today=date.today())
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
        make_user(Role.PROCUREMENT_ADVISER, "c@regie.example"), haarlem_tender(), today=date.today()
    )
    db.session.commit()
    response = client.get(f"/documenten/{document.id}/pdf")
    assert response.status_code == 200 and response.data[:4] == b"%PDF"
    assert b"/MediaBox[0 0 595" in response.data.replace(b" [", b"[")  # A4, not US Letter
    assert DocumentKind.PVE.label == "Programma van Eisen"


def test_requirement_numbers_are_unique_within_a_lot(haarlem):
    from app.documents.builders import build_pve_context
    from app.steering.queries import list_kpi_definitions

    tender = haarlem_tender()
    context = build_pve_context(
        tender,
        advice=None,
        kpi_names={kpi.id: (kpi.name, kpi.unit.value) for kpi in list_kpi_definitions()},
        version=1,
        author="A",
        generated_on=date(2026, 11, 23),
        steering_interval_months=6,
    )
    for lot in context["lots"]:
        numbers = [r["number"] for g in lot["requirement_groups"] for r in g["requirements"]]
        assert numbers == [f"{lot['number']}.{i}" for i in range(1, len(numbers) + 1)]
        assert numbers  # every seeded lot has requirements

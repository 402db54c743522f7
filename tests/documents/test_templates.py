"""Uploading a PvE template: checked before use; a refused upload changes nothing."""

import zipfile
from io import BytesIO

import pytest
from docx import Document as Docx

from app.auth.models import Role
from app.documents.models import Document, DocumentKind, DocumentTemplate
from app.documents.rendering import template_path
from app.documents.services import BUILT_IN_TEMPLATES, active_template
from app.extensions import db
from tests.conftest import post_form, word_text
from tests.tenders.test_pages import haarlem_tender

BUILT_IN = template_path(BUILT_IN_TEMPLATES[DocumentKind.PVE]).read_bytes()


def variant(paragraph: str = "", header: str = "", title: str = "") -> bytes:
    """The built-in template with one extra paragraph, header text or document title."""
    document = Docx(BytesIO(BUILT_IN))
    if paragraph:
        document.add_paragraph(paragraph)
    if header:
        section = document.sections[0]
        section.header.is_linked_to_previous = False
        section.header.paragraphs[0].text = header
    if title:
        document.core_properties.title = title
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def upload(client, content: bytes, filename: str = "pve.docx"):
    return post_form(
        client,
        "/beheer/sjablonen/",
        {"kind": "pve", "template": (BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


def uploads() -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(DocumentTemplate))


def test_a_good_template_is_used_for_the_next_pve(client, login_as, haarlem):
    login_as(Role.ADMIN)
    response = upload(client, variant("Gemaakt met het sjabloon van {{ municipality }} & co."))
    assert response.status_code == 302
    assert (
        "Het sjabloon is gecontroleerd en in gebruik genomen."
        in client.get("/beheer/sjablonen/").text
    )
    assert active_template(DocumentKind.PVE).uploaded is not None

    login_as(Role.PROCUREMENT_ADVISER)
    tender = haarlem_tender()
    post_form(
        client, f"/inkooptrajecten/{tender.id}/pve", {}, form_page=f"/inkooptrajecten/{tender.id}"
    )
    document = db.session.scalar(db.select(Document))
    assert "Gemaakt met het sjabloon van Haarlem & co." in word_text(document.content)
    assert document.template_name.startswith("upload ")


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (BUILT_IN, "pve.doc", "Alleen Word-bestanden (.docx) kunnen als sjabloon dienen."),
        (b"geen zip", "pve.docx", "Dit is geen geldig Word-bestand (.docx)."),
        (b"x" * (2 * 1024 * 1024 + 1), "pve.docx", "Het sjabloon is groter dan 2 MB."),
        (variant("{{ reference "), "pve.docx", "Fout in de sjablooncode in de hoofdtekst"),
        (
            variant("{{ onbekend }} en {{ ook_niet }}"),
            "pve.docx",
            "Onbekende plaatshouder(s) in de hoofdtekst: onbekend, ook_niet.",
        ),
        (
            variant("{{ ''.__class__.__mro__ }}"),
            "pve.docx",
            "interne onderdelen te benaderen (__class__, __mro__)",
        ),
        (
            variant("{% if false %}{{ lots.__init__.__globals__ }}{% endif %}"),
            "pve.docx",
            "interne onderdelen te benaderen (__globals__, __init__)",
        ),
        (
            variant(header="{{ reference.__class__ }}"),
            "pve.docx",
            "Het sjabloon probeert in een koptekst interne onderdelen te benaderen (__class__)",
        ),
        (
            variant(title="{{ ''.__class__ }}"),
            "pve.docx",
            "in de documenteigenschap 'title' interne onderdelen te benaderen (__class__)",
        ),
        (
            variant("{{ lots|attr('_' ~ '_class__') }}"),
            "pve.docx",
            "tijdens het invullen interne onderdelen te benaderen; dat is niet toegestaan.",
        ),
    ],
)
def test_bad_templates_are_refused_and_nothing_changes(
    client, login_as, content, filename, message
):
    login_as(Role.ADMIN)
    response = upload(client, content, filename)
    assert response.status_code == 200
    assert message in response.text.replace("&#39;", "'")
    assert uploads() == 0
    assert active_template(DocumentKind.PVE).uploaded is None


def test_a_zip_bomb_is_refused(client, login_as):
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b"0" * (40 * 1024 * 1024))
    login_as(Role.ADMIN)
    response = upload(client, buffer.getvalue())
    assert "mogelijk een zip-bom" in response.text
    assert uploads() == 0


def test_an_upload_over_the_request_limit_gets_413(client, login_as):
    login_as(Role.ADMIN)
    response = upload(client, b"x" * (6 * 1024 * 1024))
    assert response.status_code == 413
    assert "Het bestand is te groot." in response.text


@pytest.mark.parametrize("kind", list(BUILT_IN_TEMPLATES))
def test_built_in_templates_are_dutch_a4_with_repeating_table_headers(kind):
    from docx.oxml.ns import qn

    document = Docx(str(template_path(BUILT_IN_TEMPLATES[kind])))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    language = document.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
    assert language.get(qn("w:val")) == "nl-NL"
    assert document.core_properties.language == "nl-NL"
    for table in document.tables:
        header = table.rows[0]._tr.trPr
        assert header is not None and header.find(qn("w:tblHeader")) is not None

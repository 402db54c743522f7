"""Uploading a PvE template: checked before use; a refused upload changes nothing."""

import time
import zipfile
from io import BytesIO

import pytest
from docx import Document as Docx

from app.auth.models import Role
from app.documents import rendering
from app.documents.models import Document, DocumentKind, DocumentTemplate
from app.documents.rendering import template_path
from app.documents.samples import sample_pve_context
from app.documents.services import BUILT_IN_TEMPLATES, active_template
from app.extensions import db
from tests.conftest import post_form, word_text
from tests.factories import haarlem_tender

BUILT_IN = template_path(BUILT_IN_TEMPLATES[DocumentKind.PVE]).read_bytes()


def variant(
    paragraph: str = "",
    header: str = "",
    title: str = "",
    first_page: bool = False,
    identifier: str = "",
    language: str = "",
) -> bytes:
    """The built-in template with one extra paragraph, header text (of the first page, when
    asked) or document property."""
    document = Docx(BytesIO(BUILT_IN))
    if paragraph:
        document.add_paragraph(paragraph)
    if header:
        section = document.sections[0]
        part = section.first_page_header if first_page else section.header
        part.is_linked_to_previous = False
        part.paragraphs[0].text = header
    if title:
        document.core_properties.title = title
    if identifier:
        document.core_properties.identifier = identifier
    if language:
        document.core_properties.language = language
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def with_part(name: str, text: str) -> bytes:
    """The built-in template with one more part (footnotes, endnotes, comments) holding
    `text`, as Word stores it."""
    buffer = BytesIO()
    with zipfile.ZipFile(BytesIO(BUILT_IN)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr(
            name,
            '<?xml version="1.0" encoding="UTF-8"?><w:footnotes xmlns:w="http://schemas.'
            'openxmlformats.org/wordprocessingml/2006/main"><w:footnote w:id="1"><w:p><w:r>'
            f"<w:t>{text}</w:t></w:r></w:p></w:footnote></w:footnotes>",
        )
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
            "in de hoofdtekst interne onderdelen te benaderen (_, _class__, |attr)",
        ),
        (
            variant("{% if false %}{{ lots|map(attribute='__class__')|list }}{% endif %}"),
            "pve.docx",
            "in de hoofdtekst interne onderdelen te benaderen (__class__)",
        ),
        (
            variant("{% if false %}{{ lots[reference ~ 'x'] }}{% endif %}"),
            "pve.docx",
            "in de hoofdtekst interne onderdelen te benaderen ([…])",
        ),
        (
            variant(header="{{ reference.__class__ }}", first_page=True),
            "pve.docx",
            "Het sjabloon probeert in een koptekst interne onderdelen te benaderen (__class__)",
        ),
        (
            variant(identifier="{{ reference.__class__ }}"),
            "pve.docx",
            "in de documenteigenschap 'identifier' interne onderdelen te benaderen",
        ),
        (
            variant(language="{{ ''.__class__ }}"),
            "pve.docx",
            "in de documenteigenschap 'language' interne onderdelen te benaderen",
        ),
        (
            with_part("word/footnotes.xml", "{{ reference.__class__ }}"),
            "pve.docx",
            "in de voetnoten interne onderdelen te benaderen (__class__)",
        ),
        (
            with_part("word/endnotes.xml", "{{ reference|attr('upper') }}"),
            "pve.docx",
            "in de eindnoten interne onderdelen te benaderen (|attr)",
        ),
        (
            with_part("word/comments.xml", "{{ reference._secret }}"),
            "pve.docx",
            "in de opmerkingen interne onderdelen te benaderen (_secret)",
        ),
        (
            variant(
                "{% if version > 1000 %}{% for a in 'x' * 5000 %}{% for b in 'x' * 5000 %}"
                "{% for c in 'x' * 5000 %}{% endfor %}{% endfor %}{% endfor %}{% endif %}"
            ),
            "pve.docx",
            "rekent of herhaalt in de hoofdtekst op een manier die niet uit de gegevens volgt",
        ),
        (
            variant("{% if false %}{% for i in range(1000000) %}.{% endfor %}{% endif %}"),
            "pve.docx",
            "niet uit de gegevens volgt (for … in Call, range)",
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


HOSTILE = variant(
    "{% for a in lots * 5000 %}{% for b in lots * 5000 %}{% for c in lots * 5000 %}"
    "{% endfor %}{% endfor %}{% endfor %}"
)


def test_filling_in_stops_at_the_time_limit(monkeypatch):
    """Should a template get past the check, it still cannot hold a worker."""
    monkeypatch.setattr(rendering, "RENDER_SECONDS", 0.5)
    started = time.perf_counter()
    with pytest.raises(rendering.RenderLimit, match=r"langer dan 0\.5 seconden"):
        rendering.render_docx(HOSTILE, sample_pve_context())
    assert time.perf_counter() - started < 3


def test_filling_in_stops_at_the_size_limit(monkeypatch):
    monkeypatch.setattr(rendering, "MAX_OUTPUT_CHARS", 10_000)
    with pytest.raises(rendering.RenderLimit, match=r"meer dan 10\.000 tekens"):
        rendering.render_docx(BUILT_IN, sample_pve_context())


def test_a_template_that_hangs_gives_a_dutch_message_naming_it(
    client, login_as, haarlem, monkeypatch
):
    monkeypatch.setattr(rendering, "RENDER_SECONDS", 0.5)
    stored = DocumentTemplate(
        kind=DocumentKind.PVE, filename="traag.docx", content=HOSTILE, content_sha256="x"
    )  # as if it had been accepted before this check existed
    db.session.add(stored)
    db.session.commit()
    login_as(Role.PROCUREMENT_ADVISER)
    tender = haarlem_tender()
    response = post_form(
        client,
        f"/inkooptrajecten/{tender.id}/pve",
        {},
        form_page=f"/inkooptrajecten/{tender.id}",
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert f"Het sjabloon 'upload {stored.id}: traag.docx' kon niet worden ingevuld" in (
        response.text.replace("&#39;", "'")
    )
    assert db.session.scalar(db.select(db.func.count()).select_from(Document)) == 0

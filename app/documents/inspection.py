"""Checking an uploaded Word template before it is used (issue: templates from an admin).

A dry run alone is not enough: code in a branch that the sample never takes does not run.
So every Jinja part of the template (body, headers, footers, document properties) is also
parsed and inspected: syntax, placeholders the context does not offer, and any reach for
names that start with an underscore (the way into Python internals).
"""

import zipfile
from io import BytesIO
from typing import NoReturn

from docx import Document as WordDocument
from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError, nodes
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.meta import find_undeclared_variables

from app.core.errors import ValidationFailed
from app.documents.rendering import render_docx, sandbox

MAX_TEMPLATE_BYTES = 2 * 1024 * 1024
MAX_UNPACKED_BYTES = 30 * 1024 * 1024  # a .docx this large unpacked is a zip bomb, not a letter
MAX_COMPRESSION_RATIO = 100
PROPERTY_FIELDS = ("title", "subject", "author", "keywords", "comments", "category")


def _refuse(message: str) -> NoReturn:
    raise ValidationFailed(message, {"template": [message]})


def _check_package(filename: str, content: bytes) -> None:
    if not filename.lower().endswith(".docx"):
        _refuse("Alleen Word-bestanden (.docx) kunnen als sjabloon dienen.")
    if len(content) > MAX_TEMPLATE_BYTES:
        _refuse(f"Het sjabloon is groter dan {MAX_TEMPLATE_BYTES // (1024 * 1024)} MB.")
    try:
        package = zipfile.ZipFile(BytesIO(content))
        members = package.infolist()
    except zipfile.BadZipFile:
        _refuse("Dit is geen geldig Word-bestand (.docx).")
    if "word/document.xml" not in {member.filename for member in members}:
        _refuse("Dit is geen geldig Word-bestand (.docx): het hoofddocument ontbreekt.")
    unpacked = sum(member.file_size for member in members)
    ratio = max((member.file_size / max(member.compress_size, 1) for member in members), default=0)
    if unpacked > MAX_UNPACKED_BYTES or ratio > MAX_COMPRESSION_RATIO:
        _refuse("Het bestand pakt verdacht groot uit (mogelijk een zip-bom) en is geweigerd.")


def _sources(content: bytes) -> list[tuple[str, str]]:
    """(where, Jinja source) of every part docxtpl renders."""
    template = DocxTemplate(BytesIO(content))
    document = WordDocument(BytesIO(content))
    sources = [("de hoofdtekst", template.patch_xml(template.xml_to_string(document.element.body)))]
    for section in document.sections:
        for where, part in (("een koptekst", section.header), ("een voettekst", section.footer)):
            if not part.is_linked_to_previous:
                sources.append((where, template.patch_xml(template.xml_to_string(part._element))))
    properties = document.core_properties
    for field in PROPERTY_FIELDS:
        value = getattr(properties, field) or ""
        if value:
            sources.append((f"de documenteigenschap '{field}'", value))
    return sources


def _internals(tree: nodes.Template) -> list[str]:
    """Names, attributes and keys starting with an underscore."""
    found = [node.attr for node in tree.find_all(nodes.Getattr) if node.attr.startswith("_")]
    found += [node.name for node in tree.find_all(nodes.Name) if node.name.startswith("_")]
    found += [
        node.arg.value
        for node in tree.find_all(nodes.Getitem)
        if isinstance(node.arg, nodes.Const) and str(node.arg.value).startswith("_")
    ]
    return found


def check_template(filename: str, content: bytes, sample_context: dict) -> None:
    """Refuse the template with a Dutch message naming the problem, or return quietly."""
    _check_package(filename, content)
    environment = sandbox()
    try:
        sources = _sources(content)
    except Exception:  # python-docx could not read it: not a document we can use
        _refuse("Het Word-bestand kan niet worden gelezen.")
    for where, source in sources:
        try:
            tree = environment.parse(source)
        except TemplateSyntaxError as error:
            _refuse(f"Fout in de sjablooncode in {where}: {error.message}.")
        internals = _internals(tree)
        if internals:
            _refuse(
                f"Het sjabloon probeert in {where} interne onderdelen te benaderen "
                f"({', '.join(sorted(set(internals)))}); dat is niet toegestaan."
            )
        unknown = sorted(find_undeclared_variables(tree) - set(sample_context))
        if unknown:
            _refuse(f"Onbekende plaatshouder(s) in {where}: {', '.join(unknown)}.")
    try:
        render_docx(content, sample_context)
    except SecurityError:  # e.g. an internal reached through a computed name: |attr('_' ~ …)
        _refuse(
            "Het sjabloon probeert tijdens het invullen interne onderdelen te benaderen; "
            "dat is niet toegestaan."
        )
    except (UndefinedError, TemplateSyntaxError, TypeError, ValueError) as error:
        _refuse(f"Het sjabloon past niet bij de gegevens: {error}.")

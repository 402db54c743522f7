"""Checking an uploaded Word template before it is used (issue: templates from an admin).

A dry run alone is not enough: code in a branch that the sample never takes does not run.
So every part of the package that can hold template code (body, every header and footer,
footnotes, endnotes, comments, all core and custom document properties) is also parsed and
inspected, every branch alike: syntax, placeholders the context does not offer, any reach for
internals (names, attributes, keys or strings starting with an underscore, the `attr` filter,
computed keys), and anything that can make filling in unbounded (arithmetic such as
`'x' * 5000`, `range`, loops over something other than the data). Rendering itself is limited
in time and size as well (rendering.py).
"""

import re
import zipfile
from io import BytesIO
from typing import NoReturn

from docx import Document as WordDocument
from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError, nodes
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.meta import find_undeclared_variables

from app.core.errors import ValidationFailed
from app.documents.rendering import RenderLimit, render_docx, sandbox

MAX_TEMPLATE_BYTES = 2 * 1024 * 1024
MAX_UNPACKED_BYTES = 30 * 1024 * 1024  # a .docx this large unpacked is a zip bomb, not a letter
MAX_COMPRESSION_RATIO = 100


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


# Parts whose XML docxtpl renders or that a template author can put code in.
XML_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$")
PROPERTY_FIELDS = (
    "author", "category", "comments", "content_status", "identifier", "keywords", "language",
    "last_modified_by", "subject", "title", "version",
)  # fmt: skip
WORD_NAMES = {
    "document": "de hoofdtekst", "header": "een koptekst", "footer": "een voettekst",
    "footnotes": "de voetnoten", "endnotes": "de eindnoten", "comments": "de opmerkingen",
}  # fmt: skip


def _sources(content: bytes) -> list[tuple[str, str]]:
    """(where, Jinja source) of every part that can hold template code."""
    template = DocxTemplate(BytesIO(content))
    package = zipfile.ZipFile(BytesIO(content))
    sources = []
    for name in sorted(package.namelist()):
        match = XML_PARTS.match(name)
        if match:
            kind = re.sub(r"\d+$", "", match.group(1))
            xml = package.read(name).decode("utf-8", errors="replace")
            sources.append((WORD_NAMES[kind], template.patch_xml(xml)))
    properties = WordDocument(BytesIO(content)).core_properties
    for field in PROPERTY_FIELDS:
        value = getattr(properties, field) or ""
        if value:
            sources.append((f"de documenteigenschap '{field}'", str(value)))
    if "docProps/custom.xml" in package.namelist():
        sources.append(
            (
                "de aangepaste documenteigenschappen",
                package.read("docProps/custom.xml").decode("utf-8", errors="replace"),
            )
        )
    return sources


UNBOUNDED = (nodes.Mul, nodes.Pow, nodes.FloorDiv, nodes.Div, nodes.Mod)


def _internals(tree: nodes.Template) -> list[str]:
    """Every way into Python internals, whether or not the branch runs."""
    found = [node.attr for node in tree.find_all(nodes.Getattr) if node.attr.startswith("_")]
    found += [node.name for node in tree.find_all(nodes.Name) if node.name.startswith("_")]
    found += [
        str(node.value)
        for node in tree.find_all(nodes.Const)
        if isinstance(node.value, str) and node.value.startswith("_")
    ]
    found += ["|attr" for node in tree.find_all(nodes.Filter) if node.name == "attr"]
    found += [
        "[…]"
        for node in tree.find_all(nodes.Getitem)
        if not isinstance(node.arg, nodes.Const | nodes.Name)
    ]
    return found


def _unbounded(tree: nodes.Template) -> list[str]:
    """Constructs whose cost does not follow from the data: arithmetic, range, loops over
    anything but a placeholder or a part of one."""
    found = [type(node).__name__ for node in tree.find_all(UNBOUNDED)]
    found += ["range" for node in tree.find_all(nodes.Name) if node.name == "range"]
    for loop in tree.find_all(nodes.For):
        iterable = loop.iter
        while isinstance(iterable, nodes.Getattr | nodes.Getitem):
            iterable = iterable.node
        if not isinstance(iterable, nodes.Name):
            found.append("for … in " + type(loop.iter).__name__)
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
        unbounded = _unbounded(tree)
        if unbounded:
            _refuse(
                f"Het sjabloon rekent of herhaalt in {where} op een manier die niet uit de "
                f"gegevens volgt ({', '.join(sorted(set(unbounded)))}); gebruik alleen "
                "plaatshouders en lussen over de gegevens."
            )
        unknown = sorted(find_undeclared_variables(tree) - set(sample_context))
        if unknown:
            _refuse(f"Onbekende plaatshouder(s) in {where}: {', '.join(unknown)}.")
    try:
        render_docx(content, sample_context)
    except RenderLimit as limit:
        _refuse(f"Het sjabloon kon met de voorbeeldgegevens niet worden ingevuld ({limit}).")
    except SecurityError:  # e.g. an internal reached through a computed name: |attr('_' ~ …)
        _refuse(
            "Het sjabloon probeert tijdens het invullen interne onderdelen te benaderen; "
            "dat is niet toegestaan."
        )
    except (UndefinedError, TemplateSyntaxError, TypeError, ValueError) as error:
        _refuse(f"Het sjabloon past niet bij de gegevens: {error}.")

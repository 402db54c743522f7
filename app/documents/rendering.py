"""Rendering Word templates in a sandbox, from plain values only (docs/design.md §3 rule 7).

The default Jinja environment of docxtpl silently drops text after `&` or `<` and lets a
template reach Python internals; this one escapes for XML, refuses unknown placeholders and
blocks attribute access to internals.
"""

import hashlib
import signal
import threading
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, Template
from jinja2.sandbox import SandboxedEnvironment

from config import BASE_DIR

TEMPLATES_DIR = BASE_DIR / "contract_templates"
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# Limits on filling in a template, so that no template can hold a worker: a generous PvE
# renders in a tenth of a second and a few hundred thousand characters.
RENDER_SECONDS = 10
MAX_OUTPUT_CHARS = 20_000_000


class RenderLimit(Exception):
    """Filling in the template took too long or produced too much."""


class LimitedTemplate(Template):
    """Rendered chunk by chunk, counting the output against MAX_OUTPUT_CHARS."""

    def render(self, *args, **kwargs) -> str:
        chunks, size = [], 0
        for chunk in self.generate(*args, **kwargs):
            size += len(chunk)
            if size > MAX_OUTPUT_CHARS:
                raise RenderLimit(f"meer dan {MAX_OUTPUT_CHARS:,} tekens".replace(",", "."))
            chunks.append(chunk)
        return "".join(chunks)


def sandbox() -> SandboxedEnvironment:
    environment = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    environment.template_class = LimitedTemplate
    return environment


@contextmanager
def time_limit(seconds: float):
    """Raise RenderLimit in the block after `seconds` of wall-clock time. A signal timer, so
    only where signals can be handled: the main thread (gunicorn's workers, the tests); the
    development server's threads rely on the template check's static limits alone."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise RenderLimit(f"langer dan {seconds:g} seconden")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def render_docx(template: bytes, context: dict) -> bytes:
    """The rendered document; `context` holds only strings, numbers, lists and dicts.
    Raises RenderLimit when filling in takes longer than RENDER_SECONDS or grows too large."""
    document = DocxTemplate(BytesIO(template))
    with time_limit(RENDER_SECONDS):
        document.render(context, jinja_env=sandbox(), autoescape=True)
    fill_table_of_contents(document.docx)
    output = BytesIO()
    document.save(output)
    return output.getvalue()


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def template_path(name: str) -> Path:
    return TEMPLATES_DIR / name


CONTENTS_STYLE = "Inhoudsopgave"
CONTENTS_LEVELS = {"Heading 1": "TOC 1", "Heading 2": "TOC 2"}


def fill_table_of_contents(document) -> None:
    """After a paragraph in the style "Inhoudsopgave", list the rendered headings of levels 1
    and 2, each with a PAGEREF field to a bookmark on its heading.

    A TOC field would show nothing until Word updates it, and LibreOffice does not update it
    when converting to PDF; page references it does compute. Templates without that paragraph
    are left as they are. Styles are read from the XML: python-docx's `paragraph.style` looks
    each one up anew and would cost more than the whole render."""
    ids = {style.name: style.style_id for style in document.styles}
    if CONTENTS_STYLE not in ids or not all(ids.get(name) for name in CONTENTS_LEVELS.values()):
        return
    entry_style = {ids[heading]: ids[entry] for heading, entry in CONTENTS_LEVELS.items()}
    marker, headings = None, []
    for paragraph in document.element.body.iterchildren(qn("w:p")):
        style = paragraph.style  # the style id, or None
        if style == ids[CONTENTS_STYLE] and marker is None:
            marker = paragraph
        elif style in entry_style:
            text = "".join(node.text or "" for node in paragraph.iter(qn("w:t")))
            if text.strip():
                headings.append((paragraph, entry_style[style], text))
    if marker is None:
        return
    anchor = marker
    for number, (heading, style, text) in enumerate(headings):
        bookmark = f"_RegieToc{number}"
        start = _element("w:bookmarkStart", {"w:id": str(9000 + number), "w:name": bookmark})
        heading.insert(1 if heading.pPr is not None else 0, start)
        heading.append(_element("w:bookmarkEnd", {"w:id": str(9000 + number)}))
        entry = _element("w:p")
        properties = _element("w:pPr")
        properties.append(_element("w:pStyle", {"w:val": style}))
        entry.append(properties)
        entry.append(_run(_text(text)))
        entry.append(_run(_element("w:tab")))
        entry.append(_run(_element("w:fldChar", {"w:fldCharType": "begin"})))
        entry.append(_run(_text(f" PAGEREF {bookmark} \\h ", tag="w:instrText")))
        entry.append(_run(_element("w:fldChar", {"w:fldCharType": "separate"})))
        entry.append(_run(_text("")))
        entry.append(_run(_element("w:fldChar", {"w:fldCharType": "end"})))
        anchor.addnext(entry)
        anchor = entry


def _element(tag: str, attributes: dict[str, str] | None = None):
    element = OxmlElement(tag)
    for name, value in (attributes or {}).items():
        element.set(qn(name), value)
    return element


def _text(text: str, tag: str = "w:t"):
    element = _element(tag, {"xml:space": "preserve"})
    element.text = text
    return element


def _run(child):
    run = _element("w:r")
    run.append(child)
    return run

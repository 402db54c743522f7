"""Rendering Word templates in a sandbox, from plain values only (design.md §3 rule 7).

The default Jinja environment of docxtpl silently drops text after `&` or `<` and lets a
template reach Python internals; this one escapes for XML, refuses unknown placeholders and
blocks attribute access to internals.
"""

import hashlib
from io import BytesIO
from pathlib import Path

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from config import BASE_DIR

TEMPLATES_DIR = BASE_DIR / "contract_templates"
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def sandbox() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


def render_docx(template: bytes, context: dict) -> bytes:
    """The rendered document; `context` holds only strings, numbers, lists and dicts."""
    document = DocxTemplate(BytesIO(template))
    document.render(context, jinja_env=sandbox(), autoescape=True)
    output = BytesIO()
    document.save(output)
    return output.getvalue()


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def template_path(name: str) -> Path:
    return TEMPLATES_DIR / name

"""Downloads of generated documents."""

import subprocess
from io import BytesIO
from pathlib import Path

from flask import Blueprint, abort, send_file
from flask_login import current_user

from app.documents import pdf
from app.documents.models import Document, DocumentKind
from app.extensions import db
from app.permissions import can, require

bp = Blueprint("documents", __name__, url_prefix="/documenten")

# Who may download which kind of document.
DOWNLOAD_ACTIONS = {DocumentKind.PVE: "tender.view"}


def downloadable(document_id: int) -> Document:
    document = db.get_or_404(Document, document_id)
    if not can(current_user, DOWNLOAD_ACTIONS.get(document.kind, "export.download")):
        abort(403)
    return document


def send_document(document: Document):
    return send_file(
        BytesIO(document.content),
        mimetype=document.media_type,
        as_attachment=True,
        download_name=document.filename,
    )


@bp.get("/<int:document_id>")
@require("tender.view")
def download(document_id: int):
    return send_document(downloadable(document_id))


@bp.get("/<int:document_id>/pdf")
@require("tender.view")
def download_pdf(document_id: int):
    document = downloadable(document_id)
    if pdf.unavailable_reason():
        abort(503, pdf.unavailable_reason())
    try:
        content = pdf.to_pdf(document.content)
    except (subprocess.SubprocessError, OSError):
        abort(503, "Het omzetten naar PDF is mislukt; de Word-versie is wel beschikbaar.")
    return send_file(
        BytesIO(content),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=str(Path(document.filename).with_suffix(".pdf")),
    )

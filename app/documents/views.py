"""Downloads of generated documents."""

from io import BytesIO

from flask import Blueprint, abort, redirect, render_template, send_file, url_for
from flask_login import current_user

from app.documents import pdf, queries, services
from app.documents.forms import TemplateUploadForm
from app.documents.models import Document, DocumentKind, DocumentTemplate
from app.documents.rendering import DOCX_MEDIA_TYPE
from app.extensions import db
from app.forms import run_form
from app.jobs.models import JobKind
from app.jobs.views import start_job
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
    """The document's PDF when it was made; otherwise the page that offers to make it."""
    document = downloadable(document_id)
    stored = services.find_pdf(document)
    if stored is not None:
        return send_document(stored)
    if pdf.unavailable_reason():
        abort(503, pdf.unavailable_reason())
    return render_template("documents/make_pdf.html", document=document)


@bp.post("/<int:document_id>/pdf")
@require("tender.view")
def make_pdf(document_id: int):
    """Converting takes seconds: a job does it, and its page shows how far it is."""
    document = downloadable(document_id)
    if services.find_pdf(document) is None and not pdf.unavailable_reason():
        started = start_job(JobKind.PDF, document, "De PDF wordt gemaakt.")
        if started is not None:
            return started
    return redirect(url_for("documents.download_pdf", document_id=document_id))


templates_bp = Blueprint("templates_admin", __name__, url_prefix="/beheer/sjablonen")


@templates_bp.route("/", methods=["GET", "POST"])
@require("reference_data.manage")
def index():
    form = TemplateUploadForm()
    if run_form(
        form,
        lambda: services.upload_template(
            current_user,
            kind=DocumentKind(form.kind.data),
            filename=form.template.data.filename or "",
            content=form.template.data.read(),
        ),
        "Het sjabloon is gecontroleerd en in gebruik genomen.",
    ):
        return redirect(url_for("templates_admin.index"))
    return render_template(
        "documents/templates.html",
        form=form,
        active={kind: services.active_template(kind) for kind in services.BUILT_IN_TEMPLATES},
        uploads=queries.list_uploaded_templates(),
    )


@templates_bp.get("/<int:template_id>")
@require("reference_data.manage")
def download_template(template_id: int):
    template = db.get_or_404(DocumentTemplate, template_id)
    return send_file(
        BytesIO(template.content),
        mimetype=DOCX_MEDIA_TYPE,
        as_attachment=True,
        download_name=template.filename,
    )

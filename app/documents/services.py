"""Use cases for generated documents: every generation is a new, immutable version."""

import json
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.approvals.models import ApprovalRequest
from app.approvals.queries import previous_approval_at
from app.auth.models import User
from app.core.audit import record_create
from app.core.errors import DomainError
from app.core.settings import Settings
from app.documents import pdf
from app.documents.builders import build_pve_context
from app.documents.collegevoorstel import build_collegevoorstel_context
from app.documents.inspection import check_template
from app.documents.models import Document, DocumentKind, DocumentTemplate
from app.documents.rendering import (
    DOCX_MEDIA_TYPE,
    RenderLimit,
    render_docx,
    sha256,
    template_path,
)
from app.documents.samples import sample_collegevoorstel_context, sample_pve_context
from app.exports.excel import XLSX_MEDIA_TYPE, write_workbook
from app.exports.overview import MONEY_COLUMNS, UNIT_COLUMNS, build_overview
from app.exports.queries import ocds_package
from app.extensions import db
from app.steering.queries import list_kpi_definitions
from app.tenders.models import Tender
from app.tenders.procedure import procurement_rules
from app.tenders.queries import current_procedure_advice
from app.tenders.readiness import pve_gaps

# Built-in templates, used until an admin uploads one of that kind.
BUILT_IN_TEMPLATES = {
    DocumentKind.PVE: "pve/programma_van_eisen.docx",
    DocumentKind.COLLEGEVOORSTEL: "approvals/collegevoorstel.docx",
}
SAMPLE_CONTEXTS = {
    DocumentKind.PVE: sample_pve_context,
    DocumentKind.COLLEGEVOORSTEL: sample_collegevoorstel_context,
}


@dataclass(frozen=True)
class ActiveTemplate:
    name: str
    content: bytes
    uploaded: DocumentTemplate | None


def active_template(kind: DocumentKind) -> ActiveTemplate:
    """The newest uploaded template of this kind, or the built-in one."""
    uploaded = db.session.scalar(
        db.select(DocumentTemplate)
        .filter_by(kind=kind)
        .order_by(DocumentTemplate.uploaded_at.desc(), DocumentTemplate.id.desc())
        .limit(1)
    )
    if uploaded is not None:
        return ActiveTemplate(
            f"upload {uploaded.id}: {uploaded.filename}", uploaded.content, uploaded
        )
    name = BUILT_IN_TEMPLATES[kind]
    return ActiveTemplate(name, template_path(name).read_bytes(), None)


def _render(template: ActiveTemplate, context: dict) -> bytes:
    try:
        return render_docx(template.content, context)
    except RenderLimit as limit:
        raise DomainError(
            f"Het sjabloon '{template.name}' kon niet worden ingevuld ({limit}). Een beheerder "
            "kan onder Beheer → Sjablonen een ander sjabloon uploaden."
        ) from None


def upload_template(
    actor: User, *, kind: DocumentKind, filename: str, content: bytes
) -> DocumentTemplate:
    """Check the template with a dry run and a static inspection; only then is it used."""
    if kind not in SAMPLE_CONTEXTS:
        raise DomainError(f"Voor {kind.label} kan nog geen sjabloon worden geüpload.")
    check_template(filename, content, SAMPLE_CONTEXTS[kind]())
    template = DocumentTemplate(
        kind=kind,
        filename=filename,
        content=content,
        content_sha256=sha256(content),
        uploaded_by_id=actor.id,
    )
    db.session.add(template)
    record_create(actor, template)
    return template


def next_version(kind: DocumentKind, obj: db.Model) -> int:
    latest = db.session.scalar(
        db.select(db.func.max(Document.version_number)).filter_by(
            kind=kind, object_type=type(obj).__name__, object_id=obj.id
        )
    )
    return (latest or 0) + 1


def store_document(
    actor: User | None,
    *,
    kind: DocumentKind,
    obj: db.Model,
    version: int | None = None,
    filename: str,
    media_type: str,
    content: bytes,
    template_name: str = "",
    template_sha256: str = "",
    data_snapshot: dict,
    approval_request: ApprovalRequest | None = None,
) -> Document:
    """Store a generated file as the next version of its kind for `obj` (or as `version`,
    when the content already names its version, as the PvE does)."""
    document = Document(
        kind=kind,
        object_type=type(obj).__name__,
        object_id=obj.id,
        version_number=version or next_version(kind, obj),
        filename=filename,
        media_type=media_type,
        content=content,
        content_sha256=sha256(content),
        template_name=template_name,
        template_sha256=template_sha256,
        data_snapshot=data_snapshot,
        created_by_id=getattr(actor, "id", None),
        approval_request_id=getattr(approval_request, "id", None),
    )
    db.session.add(document)
    record_create(actor, document)
    return document


def store_rendered(
    actor: User,
    *,
    kind: DocumentKind,
    obj: db.Model,
    version: int | None = None,
    filename: str,
    context: dict,
    approval_request: ApprovalRequest | None = None,
) -> Document:
    """Render the active Word template of `kind` and store it with the context it saw."""
    template = active_template(kind)
    return store_document(
        actor,
        kind=kind,
        obj=obj,
        version=version,
        filename=filename,
        media_type=DOCX_MEDIA_TYPE,
        content=_render(template, context),
        template_name=template.name,
        template_sha256=sha256(template.content),
        data_snapshot=context,
        approval_request=approval_request,
    )


def generate_pve(
    actor: User,
    tender: Tender,
    *,
    today: date,
    settings: Settings,
    approval_request: ApprovalRequest | None = None,
) -> Document:
    """Render the Programma van Eisen from the current tender and store it as a new version;
    it says CONCEPT on every page while the readiness check still finds gaps."""
    if not tender.lots:
        raise DomainError("Voeg eerst minstens één perceel toe; dan kan het PvE worden gemaakt.")
    try:
        advice = current_procedure_advice(tender, settings, today)
    except DomainError:
        advice = None  # no lot has a budget yet: the readiness check says so
    version = next_version(DocumentKind.PVE, tender)
    context = build_pve_context(
        tender,
        advice=advice,
        kpis={kpi.id: kpi for kpi in list_kpi_definitions()},
        version=version,
        generated_on=today,
        steering_interval_months=settings.steering_interval_months,
        max_framework_months=procurement_rules().max_framework_months,
        concept=bool(pve_gaps(tender)),
    )
    return store_rendered(
        actor,
        kind=DocumentKind.PVE,
        obj=tender,
        version=version,
        filename=f"PvE {tender.reference.replace('/', '-')} v{version} {today.isoformat()}.docx",
        context=context,
        approval_request=approval_request,
    )


Progress = Callable[[int, str], None]  # percent done, and what is happening now


def no_progress(percent: int, step: str) -> None:
    """For a document made within the request: nobody is waiting on a progress bar."""


def find_pdf(source: Document) -> Document | None:
    """The PDF made of a Word document, if one was made."""
    return db.session.scalar(
        db.select(Document).filter_by(kind=source.kind, object_type="Document", object_id=source.id)
    )


def store_pdf(actor: User | None, source: Document, progress: Progress = no_progress) -> Document:
    """The Word document converted by LibreOffice, kept as the document's PDF version so that
    it is converted once; a conversion that fails says so in Dutch."""
    made = find_pdf(source)
    if made is not None:  # two jobs asked for it at the same moment: the first one's
        return made
    if pdf.unavailable_reason():
        raise DomainError(pdf.unavailable_reason())
    progress(20, f"{source.filename} wordt door LibreOffice omgezet naar PDF.")
    try:
        content = pdf.to_pdf(source.content)
    except (subprocess.SubprocessError, OSError):
        raise DomainError(
            "Het omzetten naar PDF is mislukt; de Word-versie is wel beschikbaar."
        ) from None
    progress(90, "De PDF wordt bewaard.")
    return store_document(
        actor,
        kind=source.kind,
        obj=source,
        filename=str(Path(source.filename).with_suffix(".pdf")),
        media_type="application/pdf",
        content=content,
        data_snapshot={"source_document_id": source.id, "source_sha256": source.content_sha256},
    )


def file_stem(reference: str, today: date) -> str:
    """A reference as it can stand in a file name ("2017/532748" → "2017-532748"), dated."""
    return f"{reference.replace('/', '-')} {today.isoformat()}"


def generate_collegevoorstel(
    actor: User, request: ApprovalRequest, *, today: date, settings: Settings
) -> Document:
    """The collegevoorstel from the request's frozen snapshot, attached to the request."""
    context = build_collegevoorstel_context(
        request.snapshot,
        title=request.title,
        subject=request.subject.label,
        municipality=settings.municipality,
        requester=actor.name,
        submitted_on=today,
    )
    number = request.snapshot["proposal"]["registration_number"]
    return store_rendered(
        actor,
        kind=DocumentKind.COLLEGEVOORSTEL,
        obj=request,
        filename=f"Collegevoorstel {file_stem(number, today)}.docx",
        context=context,
        approval_request=request,
    )


def generate_overview(
    actor: User,
    tender: Tender,
    *,
    today: date,
    approval_request: ApprovalRequest | None = None,
    progress: Progress = no_progress,
) -> Document:
    """The Excel overview of a tender's lots and contracts, with the audit digest since the
    previous approval; stored on the request when it is attached to one. Long enough at
    scale to run as a job, which `progress` keeps informed."""
    since = previous_approval_at(approval_request)
    progress(10, "De percelen, contracten, bijsturingsmomenten en het logboek worden gelezen.")
    frames = build_overview([tender.id], since=since)
    progress(60, f"De werkmap wordt geschreven ({sum(map(len, frames.values()))} regels).")
    return store_document(
        actor,
        kind=DocumentKind.EXCEL_OVERVIEW,
        obj=approval_request or tender,
        filename=f"Overzicht {file_stem(tender.reference, today)}.xlsx",
        media_type=XLSX_MEDIA_TYPE,
        content=write_workbook(frames, MONEY_COLUMNS, UNIT_COLUMNS),
        data_snapshot={
            "tender_id": tender.id,
            "since": since.isoformat() if since else None,
            "rows": {name: len(frame) for name, frame in frames.items()},
        },
        approval_request=approval_request,
    )


def generate_ocds(
    actor: User, tender: Tender, *, today: date, uri: str, settings: Settings
) -> Document:
    """The tender's OCDS release package, stored as a version like the other exports."""
    package = ocds_package([tender], uri=uri, settings=settings, today=today)
    return store_document(
        actor,
        kind=DocumentKind.OCDS,
        obj=tender,
        filename=f"OCDS {file_stem(tender.reference, today)}.json",
        media_type="application/json",
        content=json.dumps(package, ensure_ascii=False, indent=2).encode(),
        data_snapshot={"tender_id": tender.id, "ocid": package["releases"][0]["ocid"]},
    )


def attach_exports(
    actor: User, request: ApprovalRequest, *, today: date, settings: Settings
) -> list[Document]:
    """What the alderman receives with a request: the collegevoorstel and the Excel overview,
    and for an adoption the PvE version the collegevoorstel names."""
    tender = db.session.get(Tender, request.snapshot["tender_id"])
    adopted = []
    if "pve_version" in request.snapshot["data"]:
        pve = generate_pve(actor, tender, today=today, settings=settings, approval_request=request)
        if pve.version_number != request.snapshot["data"]["pve_version"]:
            raise DomainError(
                "Er is intussen een andere versie van het PvE gemaakt; dien opnieuw in."
            )
        adopted.append(pve)
    return [
        *adopted,
        generate_collegevoorstel(actor, request, today=today, settings=settings),
        generate_overview(actor, tender, today=today, approval_request=request),
    ]

"""Generated documents; never overwritten: a new version is a new row."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.core.dates import utcnow
from app.core.models import Timestamp
from app.core.statuses import LabeledEnum, enum_column
from app.extensions import db


class DocumentKind(LabeledEnum):
    PVE = "pve", "Programma van Eisen"
    COLLEGEVOORSTEL = "collegevoorstel", "Collegevoorstel"
    EXCEL_OVERVIEW = "excel_overview", "Excel-overzicht"
    OCDS = "ocds", "Open data (OCDS)"


class Document(db.Model):
    __tablename__ = "documents"
    __label__ = "Document"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DocumentKind] = enum_column(DocumentKind, "document_kind", info={"label": "soort"})
    object_type: Mapped[str] = mapped_column(sa.String(60), info={"bookkeeping": True})
    object_id: Mapped[int] = mapped_column(info={"bookkeeping": True})
    version_number: Mapped[int] = mapped_column(info={"label": "versie"})
    filename: Mapped[str] = mapped_column(sa.String(255), info={"label": "bestand"})
    media_type: Mapped[str] = mapped_column(sa.String(120), info={"bookkeeping": True})
    template_name: Mapped[str] = mapped_column(
        sa.String(255), default="", info={"label": "sjabloon"}
    )
    template_sha256: Mapped[str] = mapped_column(
        sa.String(64), default="", info={"bookkeeping": True}
    )
    content_sha256: Mapped[str] = mapped_column(sa.String(64), info={"bookkeeping": True})
    data_snapshot: Mapped[dict] = mapped_column(sa.JSON)
    content: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id"), index=True, info={"label": "gemaakt door"}
    )
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    approval_request_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("approval_requests.id"), index=True, info={"bookkeeping": True}
    )

    __table_args__ = (
        sa.UniqueConstraint(
            "kind", "object_type", "object_id", "version_number", name="uq_documents_version"
        ),
    )


class DocumentTemplate(db.Model):
    """An uploaded Word template; the newest one of a kind is the one in use."""

    __tablename__ = "document_templates"
    __label__ = "Documentsjabloon"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DocumentKind] = enum_column(DocumentKind, "template_kind", info={"label": "soort"})
    filename: Mapped[str] = mapped_column(sa.String(255), info={"label": "bestand"})
    content: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)
    content_sha256: Mapped[str] = mapped_column(sa.String(64), info={"bookkeeping": True})
    uploaded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id"), index=True, info={"label": "geüpload door"}
    )
    uploaded_at: Mapped[datetime] = mapped_column(
        Timestamp, default=utcnow, info={"bookkeeping": True}
    )

"""Long work done off the request: a job row says what is being made, how far it is and
where the result is, so that its page survives a reload and tells the truth."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.dates import utcnow
from app.core.models import Timestamp
from app.core.statuses import LabeledEnum, StatusFlow, enum_column
from app.documents.models import Document
from app.extensions import db


class JobStatus(LabeledEnum):
    QUEUED = "queued", "In de wachtrij"
    RUNNING = "running", "Bezig"
    DONE = "done", "Klaar"
    FAILED = "failed", "Mislukt"


class JobKind(LabeledEnum):
    PDF = "pdf", "PDF maken"
    OVERVIEW = "overview", "Excel-overzicht maken"


class Job(StatusFlow, db.Model):
    __tablename__ = "jobs"
    __label__ = "Achtergrondtaak"
    __bookkeeping__ = True  # progress is bookkeeping, not data: shown in no history

    TRANSITIONS = {
        JobStatus.QUEUED: {JobStatus.RUNNING, JobStatus.FAILED},
        JobStatus.RUNNING: {JobStatus.DONE, JobStatus.FAILED},
        JobStatus.DONE: set(),
        JobStatus.FAILED: set(),
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[JobKind] = enum_column(JobKind, "job_kind")
    subject_type: Mapped[str] = mapped_column(sa.String(60))
    subject_id: Mapped[int]
    status: Mapped[JobStatus] = enum_column(JobStatus, "job_status", default=JobStatus.QUEUED)
    progress: Mapped[int] = mapped_column(default=0)  # percent
    step: Mapped[str] = mapped_column(sa.String(200), default="Wacht op een vrije plek.")
    error: Mapped[str] = mapped_column(sa.Text, default="")
    requested_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    result_document_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("documents.id"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(Timestamp)

    result_document: Mapped[Document | None] = relationship()

    __table_args__ = (sa.Index("ix_jobs_subject", "subject_type", "subject_id", "kind"),)

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

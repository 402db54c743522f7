"""Requests for the alderman's approval, with a frozen snapshot of what is to be approved."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.core.dates import utcnow
from app.core.models import Timestamp, Versioned
from app.core.statuses import LabeledEnum, StatusFlow, enum_column
from app.extensions import db


class ApprovalSubject(LabeledEnum):
    PVE = "pve", "Programma van Eisen vaststellen"
    AWARD = "award", "Gunning perceel"
    EXTENSION = "extension", "Verlenging"
    STEERING_DECISION = "steering_decision", "Bijsturingsbesluit"
    AMENDMENT = "amendment", "Wijziging"


class ApprovalStatus(LabeledEnum):
    SUBMITTED = "submitted", "Ter goedkeuring"
    APPROVED = "approved", "Goedgekeurd"
    REJECTED = "rejected", "Afgewezen"
    WITHDRAWN = "withdrawn", "Ingetrokken"


class ApprovalRequest(StatusFlow, Versioned, db.Model):
    __tablename__ = "approval_requests"
    __label__ = "Besluit ter goedkeuring"

    TRANSITIONS = {
        ApprovalStatus.SUBMITTED: {
            ApprovalStatus.APPROVED,
            ApprovalStatus.REJECTED,
            ApprovalStatus.WITHDRAWN,
        },
        ApprovalStatus.APPROVED: set(),
        ApprovalStatus.REJECTED: set(),
        ApprovalStatus.WITHDRAWN: set(),
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[ApprovalSubject] = enum_column(ApprovalSubject, "approval_subject")
    status: Mapped[ApprovalStatus] = enum_column(
        ApprovalStatus, "approval_status", default=ApprovalStatus.SUBMITTED
    )
    title: Mapped[str] = mapped_column(sa.String(300))
    object_type: Mapped[str] = mapped_column(sa.String(60))
    object_id: Mapped[int] = mapped_column()
    snapshot: Mapped[dict] = mapped_column(sa.JSON)
    requester_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    submitted_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(Timestamp)
    remark: Mapped[str] = mapped_column(sa.Text, default="")

    __table_args__ = (sa.Index("ix_approval_requests_object", "object_type", "object_id"),)

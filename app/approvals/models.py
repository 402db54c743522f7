"""Requests for the alderman's approval, with a frozen snapshot of what is to be approved."""

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.dates import utcnow
from app.core.formatting import date_nl
from app.core.models import Timestamp, Timestamped, Versioned
from app.core.statuses import LabeledEnum, StatusFlow, enum_column
from app.extensions import db

if TYPE_CHECKING:
    from app.auth.models import User


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
    subject: Mapped[ApprovalSubject] = enum_column(
        ApprovalSubject, "approval_subject", info={"label": "onderwerp"}
    )
    status: Mapped[ApprovalStatus] = enum_column(
        ApprovalStatus,
        "approval_status",
        default=ApprovalStatus.SUBMITTED,
        info={"label": "status"},
    )
    title: Mapped[str] = mapped_column(sa.String(300), info={"label": "titel"})
    object_type: Mapped[str] = mapped_column(sa.String(60), info={"bookkeeping": True})
    object_id: Mapped[int] = mapped_column(info={"bookkeeping": True})
    snapshot: Mapped[dict] = mapped_column(sa.JSON, info={"bookkeeping": True})
    requester_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id"), index=True, info={"label": "ingediend door"}
    )
    submitted_at: Mapped[datetime] = mapped_column(
        Timestamp, default=utcnow, info={"bookkeeping": True}
    )
    decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id"), index=True, info={"label": "besloten door"}
    )
    decided_at: Mapped[datetime | None] = mapped_column(Timestamp, info={"bookkeeping": True})
    remark: Mapped[str] = mapped_column(sa.Text, default="", info={"label": "opmerking"})

    requester: Mapped["User"] = relationship(foreign_keys=[requester_id])

    __table_args__ = (sa.Index("ix_approval_requests_object", "object_type", "object_id"),)


class Decision(Timestamped, db.Model):
    """A decision of the council, a committee or the college, referred to by later proposals
    ("Relevante eerdere besluiten"); an approved request adds one."""

    __tablename__ = "decisions"
    __label__ = "Besluit"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(sa.String(40), info={"label": "kenmerk"})
    title: Mapped[str] = mapped_column(sa.String(300), info={"label": "titel"})
    body: Mapped[str] = mapped_column(sa.String(120), info={"label": "orgaan"})
    decided_on: Mapped[date] = mapped_column(info={"label": "besluitdatum"})
    url: Mapped[str] = mapped_column(sa.String(500), default="", info={"label": "vindplaats"})
    approval_request_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("approval_requests.id"), unique=True, info={"bookkeeping": True}
    )

    def citation(self) -> str:
        """As Haarlem cites it: Nota "<title>" (<reference>) in <body> van <date>."""
        day = date_nl(self.decided_on)
        return f'Nota "{self.title}" ({self.reference}) in {self.body} van {day}'

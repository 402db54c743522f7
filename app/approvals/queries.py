"""Read helpers for approval requests."""

from app.approvals.models import ApprovalRequest, ApprovalStatus, ApprovalSubject, Decision
from app.documents.models import Document
from app.extensions import db


def list_requests(
    status: ApprovalStatus | None = None, offset: int = 0, limit: int | None = None
) -> list[ApprovalRequest]:
    """Open requests first (oldest first: they have waited longest), then the decided ones
    (newest first); of one status only when given, a page of them with `limit`."""
    is_open = ApprovalRequest.status == ApprovalStatus.SUBMITTED
    query = db.select(ApprovalRequest).order_by(
        is_open.desc(), db.case((is_open, ApprovalRequest.id), else_=-ApprovalRequest.id)
    )
    if status is not None:
        query = query.where(ApprovalRequest.status == status)
    return list(db.session.scalars(query.offset(offset).limit(limit)))


def count_requests(status: ApprovalStatus | None = None) -> int:
    query = db.select(db.func.count(ApprovalRequest.id))
    if status is not None:
        query = query.where(ApprovalRequest.status == status)
    return db.session.scalar(query)


def count_open_requests() -> int:
    return count_requests(ApprovalStatus.SUBMITTED)


def get_request(request_id: int) -> ApprovalRequest:
    return db.get_or_404(ApprovalRequest, request_id)


def requests_for(object_type: str, object_ids: list[int]) -> dict[int, ApprovalRequest]:
    """The latest request per object, e.g. per extension option on a contract page."""
    found = db.session.scalars(
        db.select(ApprovalRequest)
        .where(
            ApprovalRequest.object_type == object_type, ApprovalRequest.object_id.in_(object_ids)
        )
        .order_by(ApprovalRequest.id)
    )
    return {request.object_id: request for request in found}


def open_request(subject: ApprovalSubject, obj) -> ApprovalRequest | None:
    return db.session.scalar(
        db.select(ApprovalRequest).filter_by(
            subject=subject,
            object_type=type(obj).__name__,
            object_id=obj.id,
            status=ApprovalStatus.SUBMITTED,
        )
    )


def list_decisions() -> list[Decision]:
    """The register of earlier decisions, newest first."""
    return list(
        db.session.scalars(db.select(Decision).order_by(Decision.decided_on.desc(), Decision.id))
    )


def list_attachments(request: ApprovalRequest) -> list[Document]:
    return list(
        db.session.scalars(
            db.select(Document).filter_by(approval_request_id=request.id).order_by(Document.id)
        )
    )


def previous_approval_at(before: ApprovalRequest | None = None):
    """When the alderman last approved something: the start of the next audit digest."""
    query = db.select(db.func.max(ApprovalRequest.decided_at)).where(
        ApprovalRequest.status == ApprovalStatus.APPROVED
    )
    if before is not None:
        query = query.where(ApprovalRequest.id != before.id)
    return db.session.scalar(query)

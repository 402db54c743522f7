"""Read helpers for approval requests."""

from app.approvals.models import ApprovalRequest, ApprovalStatus
from app.extensions import db


def list_requests() -> list[ApprovalRequest]:
    """Open requests first (oldest first: they have waited longest), then the decided ones."""
    is_open = ApprovalRequest.status == ApprovalStatus.SUBMITTED
    return list(
        db.session.scalars(
            db.select(ApprovalRequest).order_by(
                is_open.desc(), db.case((is_open, ApprovalRequest.id), else_=-ApprovalRequest.id)
            )
        )
    )


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

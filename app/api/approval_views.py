"""The approval requests in the API: the list, one request, and the alderman's decision."""

from flask_login import current_user

from app.api import inputs, schemas, serializers
from app.api.blueprint import CHANGED, answer, bp
from app.api.openapi import operation
from app.api.paging import paged
from app.approvals import queries as approval_queries
from app.approvals import services as approval_services
from app.approvals.models import ApprovalStatus
from app.approvals.queries import list_attachments
from app.core.dates import local_today
from app.core.settings import current_settings
from app.extensions import db
from app.permissions import require


@bp.get("/approval-requests")
@require("approval.view")
@operation(
    "De verzoeken ter goedkeuring per pagina: de open eerst (langst wachtend voorop), dan de "
    "besloten (nieuwste voorop); hun inhoud en bijlagen: url",
    {200: schemas.ApprovalRequestPage},
    query=inputs.ApprovalPageQuery,
)
def list_approval_requests(query: inputs.ApprovalPageQuery):
    status = ApprovalStatus(query.status) if query.status else None
    requests = approval_queries.list_requests(status, query.offset, query.per_page)
    items = [serializers.approval_summary_json(request_) for request_ in requests]
    total = approval_queries.count_requests(status)
    return answer(schemas.ApprovalRequestPage(**paged(items, total, query)))


@bp.get("/approval-requests/<int:request_id>")
@require("approval.view")
@operation(
    "Een verzoek ter goedkeuring met zijn vastgelegde inhoud en bijlagen",
    {200: schemas.ApprovalRequest},
)
def get_approval_request(request_id: int):
    request_ = approval_queries.get_request(request_id)
    return answer(serializers.approval_json(request_, list_attachments(request_)))


@bp.post("/approval-requests/<int:request_id>/decision")
@require("approval.decide")
@operation(
    "Besluit van de wethouder: goedkeuren (de wijziging gaat in) of afwijzen",
    {200: schemas.ApprovalRequest},
    body=inputs.ApprovalDecision,
    problems={**CHANGED, 422: "Al besloten of niet toegestaan"},
)
def decide_approval_request(request_id: int, body: inputs.ApprovalDecision):
    request_ = approval_queries.get_request(request_id)
    approval_services.decide_request(
        current_user,
        request_,
        approve=body.approve,
        decided_on=body.decided_on or local_today(),
        remark=body.remark,
        expected_version=body.version,
        today=local_today(),
        settings=current_settings(),
    )
    db.session.commit()
    request_ = approval_queries.get_request(request_id)
    return answer(serializers.approval_json(request_, list_attachments(request_)))

"""Mijn taken: what waits for one user — tenders they were asked to review, requests they may
decide, steering moments due soon or overdue and actions past their date for those who log
steering. Read like the signals: counted in one statement, the first rows of each kind."""

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from app.approvals.models import ApprovalRequest, ApprovalStatus
from app.auth.models import User
from app.contracts.signals import actions_overdue, count_each, moments_due_before
from app.core.formatting import COUNTED_UP_TO
from app.extensions import db
from app.permissions import can
from app.steering.models import Action, SteeringMoment
from app.tenders.models import Tender, TenderStatus

DUE_SOON = timedelta(days=14)
SHOWN = 25


@dataclass(frozen=True)
class Tasks:
    reviews: list[Tender]
    approvals: list[ApprovalRequest]
    moments: list[SteeringMoment]
    actions: list[Action]
    totals: dict[str, int]

    @property
    def count(self) -> int:
        return sum(self.totals.values())


def _task_queries(user: User, today: date) -> dict[str, sa.Select]:
    queries = {}
    if can(user, "tender.edit"):  # only a procurement adviser is asked to review
        queries["reviews"] = (
            db.select(Tender)
            .where(Tender.status == TenderStatus.IN_REVIEW, Tender.reviewer_id == user.id)
            .order_by(Tender.updated_at, Tender.id)
        )
    if can(user, "approval.decide"):
        queries["approvals"] = (
            db.select(ApprovalRequest)
            .where(
                ApprovalRequest.status == ApprovalStatus.SUBMITTED,
                ApprovalRequest.requester_id != user.id,
            )
            .order_by(ApprovalRequest.submitted_at, ApprovalRequest.id)
        )
    if can(user, "steering.log"):  # the signals' own queries, moments two weeks further
        queries["moments"] = moments_due_before(today + DUE_SOON + timedelta(days=1))
        queries["actions"] = actions_overdue(today)
    return queries


def count_tasks(user: User, today: date) -> int:
    """For the menu: what waits, counted up to COUNTED_UP_TO."""
    return sum(count_each(_task_queries(user, today), COUNTED_UP_TO).values())


def list_tasks(user: User, today: date, limit: int = SHOWN) -> Tasks:
    queries = _task_queries(user, today)
    shown = {kind: list(db.session.scalars(query.limit(limit))) for kind, query in queries.items()}
    empty = {kind: [] for kind in ("reviews", "approvals", "moments", "actions")}
    return Tasks(**(empty | shown), totals=count_each(queries, COUNTED_UP_TO))

"""Mijn taken: what waits for one user — tenders they were asked to review, requests they may
decide, steering moments due soon or overdue and actions past their date for those who log
steering. Read like the signals: counted in one statement, the first rows of each kind."""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import sqlalchemy as sa

from app.approvals.models import ApprovalRequest, ApprovalStatus
from app.auth.models import User
from app.contracts.signals import (
    LIMIT,
    actions_overdue,
    count_each,
    count_statement,
    moments_due_before,
)
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


USER_ID = sa.bindparam("user_id", type_=sa.Integer)


@cache
def _task_queries() -> dict[str, sa.Select]:
    """Each kind of task, built once (as the signals are, app/contracts/signals.py)."""
    return {
        "reviews": db.select(Tender)
        .where(Tender.status == TenderStatus.IN_REVIEW, Tender.reviewer_id == USER_ID)
        .order_by(Tender.updated_at, Tender.id),
        "approvals": db.select(ApprovalRequest)
        .where(
            ApprovalRequest.status == ApprovalStatus.SUBMITTED,
            ApprovalRequest.requester_id != USER_ID,
        )
        .order_by(ApprovalRequest.submitted_at, ApprovalRequest.id),
        # The signals' own queries, moments two weeks further.
        "moments": moments_due_before(),
        "actions": actions_overdue(),
    }


def _kinds(user: User) -> tuple[str, ...]:
    """The kinds of task a user can have."""
    kinds = []
    if can(user, "tender.edit"):  # only a procurement adviser is asked to review
        kinds.append("reviews")
    if can(user, "approval.decide"):
        kinds.append("approvals")
    if can(user, "steering.log"):
        kinds += ["moments", "actions"]
    return tuple(kinds)


@cache
def _count_statement(kinds: tuple[str, ...]) -> sa.Select:
    queries = _task_queries()
    return count_statement({kind: queries[kind] for kind in kinds}, COUNTED_UP_TO)


def _parameters(user: User, today: date) -> dict:
    return {"user_id": user.id, "today": today, "due_before": today + DUE_SOON + timedelta(days=1)}


def _count(kinds: tuple[str, ...], parameters: dict) -> dict[str, int]:
    return count_each(kinds, _count_statement(kinds), parameters)


def count_tasks(user: User, today: date) -> int:
    """For the menu: what waits, counted up to COUNTED_UP_TO."""
    return sum(_count(_kinds(user), _parameters(user, today)).values())


@cache
def _shown_queries() -> dict[str, sa.Select]:
    return {kind: query.limit(LIMIT) for kind, query in _task_queries().items()}


def list_tasks(user: User, today: date, limit: int = SHOWN) -> Tasks:
    kinds, parameters = _kinds(user), _parameters(user, today)
    queries = _shown_queries()
    shown = {
        kind: list(db.session.scalars(queries[kind], parameters | {"limit": limit}))
        for kind in kinds
    }
    empty = {kind: [] for kind in ("reviews", "approvals", "moments", "actions")}
    return Tasks(**(empty | shown), totals=_count(kinds, parameters))

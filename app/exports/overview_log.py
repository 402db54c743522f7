"""The Excel overview's log sheet: the audit digest of the tenders in scope and everything
under them, never of accounts or logins (docs/design.md §3 rule 8)."""

from datetime import datetime
from functools import cache

import pandas as pd
import sqlalchemy as sa

from app.approvals.models import ApprovalRequest
from app.contracts.models import Amendment, ExtensionOption, FrameworkContract, Spend
from app.core.audit import AuditEvent, events_about, name_rows_of
from app.core.dates import local_time
from app.extensions import db
from app.steering.models import Action, KpiResult, KpiTarget, SteeringMoment
from app.tenders.models import AwardCriterion, Bid, Lot, Tender, TenderNotice
from app.tenders.requirement_models import LotRequirement

# The tenders in scope, as a parameter of statements built once.
TENDER_IDS = sa.bindparam("tender_ids", expanding=True)

# Never in an export (data minimisation): accounts, roles, tokens and logins are no one's
# subject but their own.
PERSONAL = ("User", "ApiToken", "LoginFailure")


def _subject_objects() -> sa.ColumnElement[bool]:
    """The audit events about the tenders and everything under them: lots and their
    requirements, criteria, norms and bids, the contracts with their options, moments,
    results, actions, amendments and spend, and the approval requests about any of these."""
    lots = sa.select(Lot.id).where(Lot.tender_id.in_(TENDER_IDS))
    contracts = sa.select(FrameworkContract.id).where(FrameworkContract.lot_id.in_(lots))
    moments = sa.select(SteeringMoment.id).where(SteeringMoment.contract_id.in_(contracts))
    bids = sa.select(Bid.id).where(Bid.lot_id.in_(lots))
    options = sa.select(ExtensionOption.id).where(ExtensionOption.contract_id.in_(contracts))
    subjects = {
        "Tender": sa.select(Tender.id).where(Tender.id.in_(TENDER_IDS)),
        "TenderNotice": sa.select(TenderNotice.id).where(TenderNotice.tender_id.in_(TENDER_IDS)),
        "Lot": lots,
        "LotRequirement": sa.select(LotRequirement.id).where(LotRequirement.lot_id.in_(lots)),
        "AwardCriterion": sa.select(AwardCriterion.id).where(AwardCriterion.lot_id.in_(lots)),
        "Bid": bids,
        "KpiTarget": sa.union_all(  # not one OR: that walks every contract's norms
            sa.select(KpiTarget.id).where(KpiTarget.lot_id.in_(lots)),
            sa.select(KpiTarget.id).where(KpiTarget.contract_id.in_(contracts)),
        ),
        "FrameworkContract": contracts,
        "ExtensionOption": options,
        "Amendment": sa.select(Amendment.id).where(Amendment.contract_id.in_(contracts)),
        "Spend": sa.select(Spend.id).where(Spend.contract_id.in_(contracts)),
        "SteeringMoment": moments,
        "KpiResult": sa.select(KpiResult.id).where(KpiResult.steering_moment_id.in_(moments)),
        "Action": sa.select(Action.id).where(Action.contract_id.in_(contracts)),
    }
    about = [(name, ids) for name, ids in subjects.items() if name != "TenderNotice"]
    requests = sa.select(ApprovalRequest.id).where(
        sa.or_(
            *(
                sa.and_(ApprovalRequest.object_type == name, ApprovalRequest.object_id.in_(ids))
                for name, ids in about
            )
        )
    )
    subjects["ApprovalRequest"] = requests
    return events_about(subjects)


@cache
def _log_query(in_scope: bool, since: bool) -> sa.Select:
    limit = sa.bindparam("limit", type_=sa.Integer)
    query = sa.select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    query = query.where(AuditEvent.object_type.not_in(PERSONAL))
    if in_scope:
        query = query.where(_subject_objects())
    if since:
        query = query.where(AuditEvent.occurred_at > sa.bindparam("since"))
    return query


def log_frame(
    since: datetime | None, tender_ids: list[int] | None = None, limit: int = 20_000
) -> pd.DataFrame:
    """The audit digest since the previous approval (all of it before the first one), of the
    tenders in scope and what hangs under them; never of accounts or logins."""
    query = _log_query(tender_ids is not None, since is not None)
    parameters = {"tender_ids": tender_ids, "since": since, "limit": limit}
    events = list(db.session.scalars(query, parameters))
    name_rows_of(events)
    records = []
    for event in events:
        records.append(
            (
                local_time(event.occurred_at),
                event.actor_name,
                event.action_label,
                event.object_label,
                "; ".join(f"{field}: {before} → {after}" for field, before, after in event.lines),
            )
        )
    return pd.DataFrame(
        records, columns=["Tijdstip", "Gebruiker", "Handeling", "Object", "Wijzigingen"]
    )

"""The Excel overview's sheets as pandas DataFrames (pure reads, docs/design.md §3 rule 8).

Each sheet is one SQL query for the lots, contracts, moments and actions of the tenders in
scope (all tenders when `tender_ids` is None), so that 5,000 contracts stay a matter of seconds.
"""

from collections import defaultdict
from datetime import datetime
from decimal import Decimal

import pandas as pd
import sqlalchemy as sa

from app.approvals.models import ApprovalRequest
from app.contracts.models import (
    Amendment,
    ExtensionOption,
    FrameworkContract,
    OptionStatus,
    Spend,
    Supplier,
)
from app.core.audit import AuditEvent, events_about, name_rows_of
from app.core.dates import local_time, term_end
from app.extensions import db
from app.steering.models import Action, KpiDefinition, KpiResult, KpiTarget, SteeringMoment
from app.tenders.models import AwardCriterion, Bid, Lot, TargetGroup, Tender, TenderNotice
from app.tenders.requirement_models import LotRequirement

SHEETS = ("Percelen en budget", "Contracten", "Bijsturingsmomenten", "Acties", "Logboek")
# Columns written as euros; every other number stays a plain number.
MONEY_COLUMNS = {"Budget per jaar", "Prijs per traject", "Plafond", "Besteed"}
# KPI figures, formatted by the unit of their row (count, percentage, euro, days).
UNIT_COLUMNS = {"Resultaat", "Norm"}
RATING_COLOURS = {"green": "Groen", "amber": "Oranje", "red": "Rood"}


def _in_scope(query: sa.Select, tender_ids: list[int] | None) -> sa.Select:
    return query if tender_ids is None else query.where(Lot.tender_id.in_(tender_ids))


def _money(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _rows(query: sa.Select) -> list[sa.Row]:
    return list(db.session.execute(query))


def lots_frame(tender_ids: list[int] | None) -> pd.DataFrame:
    """One row per lot; a lot awarded more than once (a follow-up contract) names each
    supplier once. Long because it is one literal of the sheet's columns, in the order they
    appear."""
    suppliers = defaultdict(list)
    awarded = _in_scope(
        sa.select(FrameworkContract.lot_id, Supplier.name)
        .join(Supplier, FrameworkContract.supplier_id == Supplier.id)
        .join(Lot, FrameworkContract.lot_id == Lot.id)
        .order_by(FrameworkContract.id),
        tender_ids,
    )
    for lot_id, name in _rows(awarded):
        if name not in suppliers[lot_id]:
            suppliers[lot_id].append(name)
    query = _in_scope(
        sa.select(
            Lot.id,
            Tender.reference,
            Lot.number,
            Lot.title,
            TargetGroup.name,
            Lot.budget_per_year,
            Lot.planned_count,
            Lot.unit_price,
        )
        .join(Tender, Lot.tender_id == Tender.id)
        .join(TargetGroup, Lot.target_group_id == TargetGroup.id)
        .order_by(Tender.id, Lot.number),
        tender_ids,
    )
    frame = pd.DataFrame(
        [
            (
                row.reference,
                row.number,
                row.title,
                row.name,
                ", ".join(suppliers.get(row.id, [])),
                _money(row.budget_per_year),
                row.planned_count,
                _money(row.unit_price),
            )
            for row in _rows(query)
        ],
        columns=[
            "Inkooptraject",
            "Perceel",
            "Titel",
            "Doelgroep",
            "Opdrachtnemer",
            "Budget per jaar",
            "Aantal trajecten",
            "Prijs per traject",
        ],
    )
    totals = {
        "Inkooptraject": "Totaal",
        "Budget per jaar": frame["Budget per jaar"].sum(min_count=1),
        "Aantal trajecten": frame["Aantal trajecten"].sum(min_count=1),
    }
    return pd.concat([frame, pd.DataFrame([totals])], ignore_index=True)


def _options_by_contract(tender_ids: list[int] | None) -> dict[int, list[sa.Row]]:
    query = _in_scope(
        sa.select(
            ExtensionOption.contract_id,
            ExtensionOption.number,
            ExtensionOption.months,
            ExtensionOption.status,
            ExtensionOption.notice_deadline_on,
        )
        .join(FrameworkContract, ExtensionOption.contract_id == FrameworkContract.id)
        .join(Lot, FrameworkContract.lot_id == Lot.id)
        .order_by(ExtensionOption.contract_id, ExtensionOption.number),
        tender_ids,
    )
    options = defaultdict(list)
    for row in _rows(query):
        options[row.contract_id].append(row)
    return options


def contracts_frame(tender_ids: list[int] | None) -> pd.DataFrame:
    """One row per contract with its dates, options, value and spend. Long because it is one literal
    of the sheet's columns, in the order they appear."""
    # Per contract in scope, by its index: a grouping of all spend would read every contract's.
    spent = (
        sa.select(sa.func.sum(Spend.amount))
        .where(Spend.contract_id == FrameworkContract.id)
        .scalar_subquery()
        .label("spent")
    )
    query = _in_scope(
        sa.select(
            FrameworkContract.id,
            FrameworkContract.reference,
            Lot.title,
            Supplier.name,
            FrameworkContract.status,
            FrameworkContract.start_on,
            FrameworkContract.initial_months,
            FrameworkContract.current_end_on,
            FrameworkContract.ceiling,
            spent,
        )
        .join(Lot, FrameworkContract.lot_id == Lot.id)
        .join(Supplier, FrameworkContract.supplier_id == Supplier.id)
        .order_by(FrameworkContract.reference),
        tender_ids,
    )
    options = _options_by_contract(tender_ids)
    records = []
    for row in _rows(query):
        own = options.get(row.id, [])
        still_possible = [o for o in own if o.status in (OptionStatus.OPEN, OptionStatus.EXERCISED)]
        next_open = next((o for o in own if o.status == OptionStatus.OPEN), None)
        records.append(
            (
                row.reference,
                row.title,
                row.name,
                row.status.label,
                row.start_on,
                term_end(row.start_on, row.initial_months),
                row.current_end_on,
                term_end(row.start_on, row.initial_months + sum(o.months for o in still_possible)),
                "; ".join(f"{o.number}: {o.months} mnd, {o.status.label.lower()}" for o in own),
                next_open.notice_deadline_on if next_open else None,
                _money(row.ceiling),
                _money(row.spent) or 0.0,
            )
        )
    return pd.DataFrame(
        records,
        columns=[
            "Contract",
            "Perceel",
            "Opdrachtnemer",
            "Status",
            "Start",
            "Oorspronkelijk einde",
            "Huidig einde",
            "Uiterste einde",
            "Opties",
            "Uiterlijk besluiten over volgende optie",
            "Plafond",
            "Besteed",
        ],
    )


def moments_frame(tender_ids: list[int] | None) -> pd.DataFrame:
    """One row per KPI result: its value, norm and colour at that moment."""
    query = _in_scope(
        sa.select(
            FrameworkContract.reference,
            SteeringMoment.sequence,
            SteeringMoment.period_end_on,
            SteeringMoment.held_on,
            SteeringMoment.status,
            KpiDefinition.name,
            KpiDefinition.unit,
            KpiResult.value,
            KpiResult.target_value,
            KpiResult.rating,
        )
        .join(SteeringMoment, KpiResult.steering_moment_id == SteeringMoment.id)
        .join(FrameworkContract, SteeringMoment.contract_id == FrameworkContract.id)
        .join(Lot, FrameworkContract.lot_id == Lot.id)
        .join(KpiDefinition, KpiResult.kpi_definition_id == KpiDefinition.id)
        .order_by(FrameworkContract.reference, SteeringMoment.sequence, KpiDefinition.position),
        tender_ids,
    )
    return pd.DataFrame(
        [
            (
                row.reference,
                row.sequence,
                row.period_end_on,
                row.held_on,
                row.status.label,
                row.name,
                row.unit.label,
                float(row.value),
                None if row.target_value is None else float(row.target_value),
                RATING_COLOURS.get(row.rating.value, "") if row.rating else "",
            )
            for row in _rows(query)
        ],
        columns=[
            "Contract",
            "Moment",
            "Periode tot en met",
            "Gehouden op",
            "Uitkomst",
            "Prestatie-indicator",
            "Eenheid",
            "Resultaat",
            "Norm",
            "Kleur",
        ],
    )


def actions_frame(tender_ids: list[int] | None) -> pd.DataFrame:
    query = _in_scope(
        sa.select(
            FrameworkContract.reference,
            SteeringMoment.sequence,
            Action.text,
            Action.owner,
            Action.due_on,
            Action.status,
        )
        .join(FrameworkContract, Action.contract_id == FrameworkContract.id)
        .join(Lot, FrameworkContract.lot_id == Lot.id)
        .outerjoin(SteeringMoment, Action.steering_moment_id == SteeringMoment.id)
        .order_by(FrameworkContract.reference, Action.due_on, Action.id),
        tender_ids,
    )
    return pd.DataFrame(
        [
            (row.reference, row.sequence, row.text, row.owner, row.due_on, row.status.label)
            for row in _rows(query)
        ],
        columns=["Contract", "Moment", "Actie", "Eigenaar", "Uiterlijk", "Status"],
    )


# Never in an export (data minimisation): accounts, roles, tokens and logins are no one's
# subject but their own.
PERSONAL = ("User", "ApiToken", "LoginFailure")


def _subject_objects(tender_ids: list[int]) -> sa.ColumnElement[bool]:
    """The audit events about the tenders and everything under them: lots and their
    requirements, criteria, norms and bids, the contracts with their options, moments,
    results, actions, amendments and spend, and the approval requests about any of these."""
    lots = sa.select(Lot.id).where(Lot.tender_id.in_(tender_ids))
    contracts = sa.select(FrameworkContract.id).where(FrameworkContract.lot_id.in_(lots))
    moments = sa.select(SteeringMoment.id).where(SteeringMoment.contract_id.in_(contracts))
    bids = sa.select(Bid.id).where(Bid.lot_id.in_(lots))
    options = sa.select(ExtensionOption.id).where(ExtensionOption.contract_id.in_(contracts))
    subjects = {
        "Tender": sa.select(Tender.id).where(Tender.id.in_(tender_ids)),
        "TenderNotice": sa.select(TenderNotice.id).where(TenderNotice.tender_id.in_(tender_ids)),
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


def log_frame(
    since: datetime | None, tender_ids: list[int] | None = None, limit: int = 20_000
) -> pd.DataFrame:
    """The audit digest since the previous approval (all of it before the first one), of the
    tenders in scope and what hangs under them; never of accounts or logins."""
    query = sa.select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    query = query.where(AuditEvent.object_type.not_in(PERSONAL))
    if tender_ids is not None:
        query = query.where(_subject_objects(tender_ids))
    if since is not None:
        query = query.where(AuditEvent.occurred_at > since)
    events = list(db.session.scalars(query))
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


def build_overview(
    tender_ids: list[int] | None, *, since: datetime | None
) -> dict[str, pd.DataFrame]:
    frames = (
        lots_frame(tender_ids),
        contracts_frame(tender_ids),
        moments_frame(tender_ids),
        actions_frame(tender_ids),
        log_frame(since, tender_ids),
    )
    return dict(zip(SHEETS, frames, strict=True))

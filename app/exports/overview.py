"""The Excel overview's sheets as pandas DataFrames (pure reads, docs/design.md §3 rule 8).

Each sheet is one SQL query for the lots, contracts, moments and actions of the tenders in
scope (all tenders when `tender_ids` is None), so that 5,000 contracts stay a matter of seconds.
"""

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from functools import cache

import pandas as pd
import sqlalchemy as sa

from app.contracts.models import (
    ExtensionOption,
    FrameworkContract,
    OptionStatus,
    Spend,
    Supplier,
)
from app.core.dates import term_end
from app.exports.overview_log import TENDER_IDS, log_frame
from app.extensions import db
from app.steering.models import Action, KpiDefinition, KpiResult, SteeringMoment
from app.tenders.models import Lot, TargetGroup, Tender

SHEETS = ("Percelen en budget", "Contracten", "Bijsturingsmomenten", "Acties", "Logboek")
# Columns written as euros; every other number stays a plain number.
MONEY_COLUMNS = {"Budget per jaar", "Prijs per traject", "Plafond", "Besteed"}
# KPI figures, formatted by the unit of their row (count, percentage, euro, days).
UNIT_COLUMNS = {"Resultaat", "Norm"}
RATING_COLOURS = {"green": "Groen", "amber": "Oranje", "red": "Rood"}


Rows = Callable[[list[int] | None], list[sa.Row]]


def scoped(build: Callable[[], sa.Select]) -> Rows:
    """A query of the overview, built once (with the tenders in scope as a parameter, or for
    all tenders): building the statements cost more than running them for one tender."""

    @cache
    def built(in_scope: bool) -> sa.Select:
        query = build()
        return query.where(Lot.tender_id.in_(TENDER_IDS)) if in_scope else query

    def rows(tender_ids: list[int] | None) -> list[sa.Row]:
        if tender_ids is None:
            return list(db.session.execute(built(False)))
        return list(db.session.execute(built(True), {"tender_ids": tender_ids}))

    return rows


def _money(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _total(values: list) -> float | int | None:
    """The sum of the values that are known; None when none is (not zero)."""
    known = [value for value in values if value is not None]
    return sum(known) if known else None


@scoped
def _awarded() -> sa.Select:
    return (
        sa.select(FrameworkContract.lot_id, Supplier.name)
        .join(Supplier, FrameworkContract.supplier_id == Supplier.id)
        .join(Lot, FrameworkContract.lot_id == Lot.id)
        .order_by(FrameworkContract.id)
    )


@scoped
def _lots() -> sa.Select:
    return (
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
        .order_by(Tender.id, Lot.number)
    )


def lots_frame(tender_ids: list[int] | None) -> pd.DataFrame:
    """One row per lot; a lot awarded more than once (a follow-up contract) names each
    supplier once. Long because it is one literal of the sheet's columns, in the order they
    appear."""
    suppliers = defaultdict(list)
    for lot_id, name in _awarded(tender_ids):
        if name not in suppliers[lot_id]:
            suppliers[lot_id].append(name)
    records = [
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
        for row in _lots(tender_ids)
    ]
    budget = _total([record[5] for record in records])
    count = _total([record[6] for record in records])
    totals = ("Totaal", None, None, None, None, budget, count, None)
    return pd.DataFrame(
        [*records, totals],
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


@scoped
def _options() -> sa.Select:
    return (
        sa.select(
            ExtensionOption.contract_id,
            ExtensionOption.number,
            ExtensionOption.months,
            ExtensionOption.status,
            ExtensionOption.notice_deadline_on,
        )
        .join(FrameworkContract, ExtensionOption.contract_id == FrameworkContract.id)
        .join(Lot, FrameworkContract.lot_id == Lot.id)
        .order_by(ExtensionOption.contract_id, ExtensionOption.number)
    )


def _options_by_contract(tender_ids: list[int] | None) -> dict[int, list[sa.Row]]:
    options = defaultdict(list)
    for row in _options(tender_ids):
        options[row.contract_id].append(row)
    return options


@scoped
def _contracts() -> sa.Select:
    # Per contract in scope, by its index: a grouping of all spend would read every contract's.
    spent = (
        sa.select(sa.func.sum(Spend.amount))
        .where(Spend.contract_id == FrameworkContract.id)
        .scalar_subquery()
        .label("spent")
    )
    return (
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
        .order_by(FrameworkContract.reference)
    )


def contracts_frame(tender_ids: list[int] | None) -> pd.DataFrame:
    """One row per contract with its dates, options, value and spend. Long because it is one literal
    of the sheet's columns, in the order they appear."""
    options = _options_by_contract(tender_ids)
    records = []
    for row in _contracts(tender_ids):
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


@scoped
def _results() -> sa.Select:
    return (
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
        .order_by(FrameworkContract.reference, SteeringMoment.sequence, KpiDefinition.position)
    )


def moments_frame(tender_ids: list[int] | None) -> pd.DataFrame:
    """One row per KPI result: its value, norm and colour at that moment."""
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
            for row in _results(tender_ids)
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


@scoped
def _actions() -> sa.Select:
    return (
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
        .order_by(FrameworkContract.reference, Action.due_on, Action.id)
    )


def actions_frame(tender_ids: list[int] | None) -> pd.DataFrame:
    return pd.DataFrame(
        [
            (row.reference, row.sequence, row.text, row.owner, row.due_on, row.status.label)
            for row in _actions(tender_ids)
        ],
        columns=["Contract", "Moment", "Actie", "Eigenaar", "Uiterlijk", "Status"],
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

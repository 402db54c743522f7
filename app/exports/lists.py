"""Any list as a file: the tenders, contracts (with the list's filters), signals, approval
requests and steering actions as rows, written as Excel or as CSV the way Dutch Excel reads
it (semicolons, decimal commas, dd-mm-jjjj). Only what the list shows; no one's login data."""

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from io import StringIO

import pandas as pd
import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from app.approvals.queries import list_requests
from app.contracts.forms import contract_filters
from app.contracts.models import FrameworkContract
from app.contracts.queries import page_contracts
from app.contracts.signals import list_signals
from app.core.dates import local_time
from app.core.settings import current_settings
from app.exports.excel import write_workbook
from app.extensions import db
from app.steering.models import Action
from app.tenders.queries import page_tenders

UNSAFE_START = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would read a formula


@dataclass(frozen=True)
class ListExport:
    name: str  # the file's name, without extension
    sheet: str
    rows: list[dict]
    columns: list[str]
    money: set[str]


def _tenders(args: MultiDict, today: date) -> ListExport:
    page = page_tenders(search=args.get("zoek", "")[:100], per_page=None)
    rows = [
        {
            "Kenmerk": tender.reference,
            "Titel": tender.title,
            "Gemeente": tender.municipality,
            "Namens": ", ".join(municipality.name for municipality in tender.participants),
            "Route": tender.route.label,
            "Status": tender.status.label,
            "Percelen": len(tender.lots),
            "Budget per jaar": budget.total if budget.lines else None,
            "Budget nog te bepalen": "ja" if budget.has_undetermined else "nee",
            "Beoogde ingangsdatum": tender.contract_start_on,
        }
        for tender, budget in page.rows
    ]
    columns = ["Kenmerk", "Titel", "Gemeente", "Namens", "Route", "Status", "Percelen",
               "Budget per jaar", "Budget nog te bepalen", "Beoogde ingangsdatum"]  # fmt: skip
    return ListExport("inkooptrajecten", "Inkooptrajecten", rows, columns, {"Budget per jaar"})


def _contracts(args: MultiDict, today: date) -> ListExport:
    _, filters = contract_filters(args)
    page = page_contracts(sort=args.get("sorteer", "kenmerk"), per_page=None, **filters)
    rows = [
        {
            "Kenmerk": row.reference,
            "Perceel": row.lot_title,
            "Doelgroep": row.target_group,
            "Opdrachtnemer": "Nog te contracteren" if row.supplier_is_placeholder else row.supplier,
            "Status": row.status.label,
            "Ingangsdatum": row.start_on,
            "Einddatum": row.current_end_on,
            "Plafond": row.ceiling,
        }
        for row in page.contracts
    ]
    columns = ["Kenmerk", "Perceel", "Doelgroep", "Opdrachtnemer", "Status", "Ingangsdatum",
               "Einddatum", "Plafond"]  # fmt: skip
    return ListExport("contracten", "Contracten", rows, columns, {"Plafond"})


def _signals(args: MultiDict, today: date) -> ListExport:
    signals = list_signals(today, current_settings().decision_lead)
    rows = (
        [_signal("Optie in beslisperiode", o.contract, f"Optie {o.number}", o.notice_deadline_on)
         for o in signals.options]
        + [_signal("Bijsturingsmoment verlopen", m.contract, f"Moment {m.sequence}", m.due_on)
           for m in signals.overdue_moments]
        + [{"Soort": "Afspraak verlopen", "Contract": a.contract.reference,
            "Omschrijving": f"{a.text} ({a.owner})", "Datum": a.due_on}
           for a in signals.overdue_actions]
        + [_signal("Rode prestatie-indicator", r.steering_moment.contract,
                   r.kpi_definition.name, r.steering_moment.held_on)
           for r in signals.red_results]
        + [_signal("Contract loopt af", c, c.lot.title, c.current_end_on) for c in signals.ending]
        + [{"Soort": "Boven budget", "Contract": b.reference, "Omschrijving":
            f"{b.lot}: besteed in {b.year} boven het budget", "Datum": date(b.year, 12, 31)}
           for b in signals.over_budget]
    )  # fmt: skip
    return ListExport("signalering", "Signalering", rows,
                      ["Soort", "Contract", "Omschrijving", "Datum"], set())  # fmt: skip


def _signal(kind: str, contract: FrameworkContract, what: str, day: date) -> dict:
    return {"Soort": kind, "Contract": contract.reference, "Omschrijving": what, "Datum": day}


def _approvals(args: MultiDict, today: date) -> ListExport:
    rows = [
        {
            "Onderwerp": request.subject.label,
            "Titel": request.title,
            "Status": request.status.label,
            "Ingediend op": local_time(request.submitted_at).replace(tzinfo=None),
            "Besloten op": local_time(request.decided_at).replace(tzinfo=None)
            if request.decided_at
            else None,
        }
        for request in list_requests()
    ]
    columns = ["Onderwerp", "Titel", "Status", "Ingediend op", "Besloten op"]
    return ListExport("goedkeuringen", "Goedkeuringen", rows, columns, set())


def _actions(args: MultiDict, today: date) -> ListExport:
    query = (
        sa.select(Action, FrameworkContract.reference)
        .join(FrameworkContract, FrameworkContract.id == Action.contract_id)
        .order_by(Action.due_on, Action.id)
    )
    rows = [
        {
            "Contract": reference,
            "Afspraak": action.text,
            "Eigenaar": action.owner,
            "Uiterlijk op": action.due_on,
            "Status": action.status.label,
            "Verlopen": "ja" if action.status.value == "open" and action.due_on < today else "nee",
        }
        for action, reference in db.session.execute(query)
    ]
    columns = ["Contract", "Afspraak", "Eigenaar", "Uiterlijk op", "Status", "Verlopen"]
    return ListExport("bijsturingsafspraken", "Afspraken", rows, columns, set())


LISTS: dict[str, Callable[[MultiDict, date], ListExport]] = {
    "inkooptrajecten": _tenders,
    "contracten": _contracts,
    "signalering": _signals,
    "goedkeuringen": _approvals,
    "afspraken": _actions,
}


def list_export(name: str, args: MultiDict, today: date) -> ListExport:
    return LISTS[name](args, today)


def as_xlsx(export: ListExport) -> bytes:
    frame = pd.DataFrame(export.rows, columns=export.columns)
    for column in export.money:
        frame[column] = frame[column].map(lambda value: None if value is None else float(value))
    return write_workbook({export.sheet: frame}, export.money)


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    text = str(value)
    return f"'{text}" if text.startswith(UNSAFE_START) else text


def as_csv(export: ListExport) -> bytes:
    """Semicolons and decimal commas, as Excel expects them in a Dutch locale; UTF-8 with a
    byte order mark so that Excel reads ë and € correctly."""
    output = StringIO()
    writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
    writer.writerow(export.columns)
    for row in export.rows:
        writer.writerow([_csv_cell(row.get(column)) for column in export.columns])
    return ("\ufeff" + output.getvalue()).encode("utf-8")

"""Financiën of a collegevoorstel: the figures the college decides on, as plain text frozen
into the request's snapshot (reads only)."""

from datetime import date
from typing import Any

from app.approvals.evidence import ExtensionMoney
from app.contracts.models import ExtensionOption
from app.core.formatting import eur
from app.extensions import db
from app.tenders.models import Lot, Tender
from app.tenders.year_budgets import BudgetOverview, budget_overview

BUDGET_COLUMNS = ["Perceel", "Doelgroep", "Budget per jaar"]


def finance_table(overview: BudgetOverview) -> dict[str, Any]:
    """Financiën: budget lines per year with their total; "ntb" is named, not counted."""
    lots = db.session.scalars(
        db.select(Lot).where(Lot.id.in_([line.lot_id for line in overview.lines]))
    )
    groups = {lot.id: lot.target_group.name for lot in lots}
    return {
        "columns": BUDGET_COLUMNS,
        "total_label": "Totaal",
        "lines": [
            {
                "label": line.label,
                "target_group": groups[line.lot_id],
                "amount": eur(line.amount),
            }
            for line in overview.lines
        ],
        "total": eur(overview.total),
        "note": (
            "Voor ten minste één perceel is het budget nog te bepalen (ntb); het totaal "
            "telt alleen de bekende bedragen."
            if overview.has_undetermined
            else "Bedragen per jaar, exclusief btw."
        ),
    }


def year_finance(tender: Tender, today: date) -> dict[str, Any]:
    """Financiën of a PvE: the municipality's whole budget of the year its contracts start,
    across its tenders and routes, so the college sees this tender within the year's budget."""
    year = (tender.contract_start_on or today).year
    overview = budget_overview(year, tender.municipality)
    return finance_table(overview) | {
        "total_label": f"Totaal {year}",
        "note": (
            f"Alle budgetregels van {tender.municipality} in {year} voor re-integratie, over "
            "al haar inkooptrajecten en routes (bij gezamenlijke inkoop haar eigen deel); "
            "bedragen per jaar, exclusief btw."
            + (
                " Waar het budget nog te bepalen is (ntb), telt het totaal alleen de bekende "
                "bedragen."
                if overview.has_undetermined
                else ""
            )
        ),
    }


def extension_finance(option: ExtensionOption, money: ExtensionMoney) -> dict[str, Any]:
    """Financiën of an extension: what this extension costs, and what remains under the
    ceiling afterwards; not the budgets of the tender's other lots."""
    return {
        "columns": ["Post", "Toelichting", "Bedrag"],
        "lines": [
            {
                "label": "Plafond van de raamovereenkomst",
                "target_group": "looptijd met alle opties",
                "amount": eur(money.ceiling),
            },
            {
                "label": "Besteed tot nu toe",
                "target_group": "volgens de vastgelegde bestedingen",
                "amount": eur(money.spent),
            },
            {
                "label": f"Kosten van deze verlenging (optie {option.number})",
                "target_group": f"{option.months} maanden × {eur(money.budget)} per jaar ÷ 12",
                "amount": eur(money.cost),
            },
        ],
        "total_label": "Resterend onder het plafond na deze verlenging",
        "total": eur(money.after),
        "note": "Bedragen exclusief btw."
        + (
            " De verlenging past niet binnen het plafond."
            if money.after is not None and money.after < 0
            else ""
        ),
    }

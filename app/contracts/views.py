"""Pages for framework contracts."""

from flask import Blueprint, current_app, render_template

from app.contracts import queries
from app.core.audit import list_history
from app.permissions import require
from app.steering.rules import steering_schedule

bp = Blueprint("contracts", __name__, url_prefix="/contracten")


@bp.get("/")
@require("contract.view")
def index():
    contracts = queries.list_contracts()
    return render_template(
        "contracts/index.html", contracts=contracts, totals=queries.contract_totals(contracts)
    )


@bp.get("/<int:contract_id>")
@require("contract.view")
def detail(contract_id: int):
    contract = queries.get_contract(contract_id)
    moments = contract.steering_moments
    planned = []
    if not moments:  # a draft contract: show the schedule it will get on activation
        planned = steering_schedule(
            contract.start_on,
            contract.current_end_on,
            contract.steering_interval_months,
            current_app.config["STEERING_DUE_AFTER_MONTHS"],
        )
    timeline = queries.contract_timeline(contract)
    return render_template(
        "contracts/detail.html",
        contract=contract,
        timeline=timeline,
        option_rows=list(zip(timeline.options, contract.options, strict=True)),
        moments=moments,
        planned_moments=planned,
        history=list_history(contract, *contract.options, *moments),
    )

"""Viewing and logging a steering moment of a contract; the KPI trend charts."""

from flask import Blueprint, Response, abort, redirect, render_template, url_for
from flask_login import current_user

from app.approvals.queries import requests_for
from app.contracts.models import FrameworkContract
from app.core.audit import list_history
from app.core.dates import local_today
from app.extensions import db
from app.forms import VersionedForm, run_action, run_form
from app.pagination import requested_history_page
from app.permissions import require
from app.steering import services
from app.steering.charts import trend_svg
from app.steering.forms import SteeringMomentForm
from app.steering.models import Action, ActionStatus, SteeringMoment
from app.steering.queries import (
    KpiTrend,
    kpi_trends,
    list_kpi_definitions,
    lot_kpi_trends,
    target_group_kpi_trends,
)
from app.steering.rules import chosen_outcome
from app.tenders.models import Lot, TargetGroup

bp = Blueprint("steering", __name__, url_prefix="/contracten")
MOMENT_URL = "/<int:contract_id>/bijsturing/<int:moment_id>"


def contract_moment(contract_id: int, moment_id: int) -> SteeringMoment:
    moment = db.get_or_404(SteeringMoment, moment_id)
    if moment.contract_id != contract_id:
        abort(404)
    return moment


def moment_form(moment: SteeringMoment) -> SteeringMomentForm:
    """The form as stored: the moment's own fields and one result row per KPI definition.

    Not built with `obj=moment`: WTForms would then fill the result rows and the rows for new
    agreed actions from the moment's results and actions, and saving again would add every
    action a second time.
    """
    form = SteeringMomentForm(
        data={
            "version": moment.version,
            "held_on": moment.held_on,
            "findings": moment.findings,
            "decision": moment.decision.value if moment.decision else "",
            "significant": moment.significant,
            "outcome": chosen_outcome(moment),
        }
    )
    if not form.is_submitted():
        logged = {result.kpi_definition_id: result for result in moment.results}
        for kpi in list_kpi_definitions():
            result = logged.get(kpi.id)
            form.results.append_entry(
                {
                    "kpi_definition_id": kpi.id,
                    "value": result.value if result else None,
                    "note": result.note if result else "",
                }
            )
    return form


def moment_page(moment: SteeringMoment, form: SteeringMomentForm):
    kpis = {kpi.id: kpi for kpi in list_kpi_definitions()}
    targets = moment.contract.effective_kpi_targets
    results = {r.kpi_definition_id: r for r in moment.results}
    rows = []
    for row in form.results:
        kpi_id = row.form.kpi_definition_id.data
        rows.append((kpis.get(kpi_id), row.form, targets.get(kpi_id), results.get(kpi_id)))
    return render_template(
        "steering/moment.html",
        moment=moment,
        contract=moment.contract,
        form=form,
        rows=rows,
        history=list_history(
            moment, *moment.results, *moment.actions, page=requested_history_page()
        ),
        approval=requests_for("SteeringMoment", [moment.id]).get(moment.id),
    )


@bp.get(MOMENT_URL)
@require("contract.view")
def moment(contract_id: int, moment_id: int):
    moment = contract_moment(contract_id, moment_id)
    return moment_page(moment, moment_form(moment))


@bp.post(MOMENT_URL)
@require("steering.log")
def log_moment(contract_id: int, moment_id: int):
    moment = contract_moment(contract_id, moment_id)
    form = moment_form(moment)
    known = {kpi.id for kpi in list_kpi_definitions()}
    if run_form(
        form,
        lambda: services.log_steering_moment(
            current_user,
            moment,
            held_on=form.held_on.data,
            results={
                row.form.kpi_definition_id.data: (row.form.value.data, row.form.note.data or "")
                for row in form.results
                if row.form.kpi_definition_id.data in known
            },
            findings=form.findings.data or "",
            decision=form.decision.data or None,
            significant=form.significant.data,
            chosen_outcome=form.outcome.data or None,
            actions=form.action_rows(),
            expected_version=form.version.data,
            today=local_today(),
        ),
        "Het bijsturingsmoment is vastgelegd.",
    ):
        return redirect(url_for("steering.moment", contract_id=contract_id, moment_id=moment_id))
    return moment_page(moment, form)


@bp.post("/<int:contract_id>/afspraken/<int:action_id>/<any(done, cancelled, open):status>")
@require("steering.log")
def change_action(contract_id: int, action_id: int, status: str):
    action = db.get_or_404(Action, action_id)
    if action.contract_id != contract_id:
        abort(404)
    form = VersionedForm()
    run_action(
        form,
        lambda: services.set_action_status(
            current_user, action, ActionStatus(status), expected_version=form.version.data
        ),
        f"De afspraak is nu: {ActionStatus(status).label.lower()}.",
    )
    return redirect(url_for("contracts.detail", contract_id=contract_id, _anchor="afspraken"))


trends_bp = Blueprint("trends", __name__, url_prefix="/verloop")
# An SVG shown as an image runs no script; its own styling is all it needs.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


def svg_response(trends: list[KpiTrend], kpi_id: int) -> Response:
    """The chart of one KPI among `trends`; 404 when it has none."""
    trend = next((trend for trend in trends if trend.kpi.id == kpi_id), None)
    return svg_image(None if trend is None else trend_svg(trend))


def svg_image(svg: str | None) -> Response:
    """A chart as an image; 404 when there is none."""
    if svg is None:
        abort(404)
    response = Response(svg, mimetype="image/svg+xml")
    response.headers["Content-Security-Policy"] = SVG_POLICY
    return response


@trends_bp.get("/contract/<int:contract_id>/<int:kpi_id>.svg")
@require("contract.view")
def contract_chart(contract_id: int, kpi_id: int):
    contract = db.get_or_404(FrameworkContract, contract_id)
    return svg_response(kpi_trends(contract), kpi_id)


@trends_bp.get("/perceel/<int:lot_id>/<int:kpi_id>.svg")
@require("tender.view")
def lot_chart(lot_id: int, kpi_id: int):
    lot = db.get_or_404(Lot, lot_id)
    return svg_response(lot_kpi_trends(lot), kpi_id)


@trends_bp.get("/doelgroep/<int:group_id>")
@require("contract.view")
def target_group(group_id: int):
    group = db.get_or_404(TargetGroup, group_id)
    return render_template(
        "steering/target_group.html", group=group, trends=target_group_kpi_trends(group)
    )


@trends_bp.get("/doelgroep/<int:group_id>/<int:kpi_id>.svg")
@require("contract.view")
def target_group_chart(group_id: int, kpi_id: int):
    group = db.get_or_404(TargetGroup, group_id)
    return svg_response(target_group_kpi_trends(group, kpi_id), kpi_id)

"""Pages for framework contracts."""

from flask import (
    Blueprint,
    Response,
    abort,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.approvals.queries import requests_for
from app.auth.services import issue_calendar_token, user_for_calendar_token
from app.contracts import option_services, queries, services
from app.contracts.calendar import build_calendar
from app.contracts.forms import (
    ActivationForm,
    AmendmentForm,
    OptionDecisionForm,
    SpendForm,
    TerminationForm,
    contract_filters,
)
from app.contracts.models import ContractStatus
from app.contracts.signals import list_signals, menu_signal_count
from app.core.audit import list_history
from app.core.dates import local_today, utcnow
from app.core.formatting import COUNTED_UP_TO
from app.core.settings import current_settings
from app.forms import VersionedForm, run_action, run_form
from app.pagination import requested_history_page, requested_page
from app.permissions import can, require
from app.steering.forms import KpiTargetsForm
from app.steering.queries import kpi_trends, list_kpi_definitions
from app.steering.rules import steering_schedule
from app.steering.services import set_contract_kpi_targets

bp = Blueprint("contracts", __name__, url_prefix="/contracten")


signals_bp = Blueprint("signals", __name__, url_prefix="/signalering")


SIGNALS_SHOWN = 25


def signal_count() -> int | None:
    """For the navigation: the contract manager's number of signals (others see none)."""
    if not can(current_user, "steering.log"):
        return None
    if "signal_count" not in g:  # the signals page may have counted them just now
        g.signal_count = menu_signal_count(local_today(), current_settings().decision_lead)
    return g.signal_count


@signals_bp.get("/")
@require("contract.view")
def index():
    today, lead = local_today(), current_settings().decision_lead
    signals = list_signals(today, lead, limit=SIGNALS_SHOWN, counted_up_to=COUNTED_UP_TO)
    g.signal_count = signals.count  # the menu's, counted as far (signal_count)
    return render_template("contracts/signals.html", signals=signals, shown=SIGNALS_SHOWN)


@bp.get("/")
@require("contract.view")
def list_page():
    form, filters = contract_filters(request.args)
    return render_template(
        "contracts/index.html",
        contract_page=queries.page_contracts(
            requested_page(), sort=request.args.get("sorteer", "kenmerk"), **filters
        ),
        sortable=True,
        form=form,
        filtered=bool(filters),
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
            current_settings().steering_due_after_months,
        )
    timeline = contract.timeline(current_settings().decision_lead)
    return render_template(
        "contracts/detail.html",
        contract=contract,
        timeline=timeline,
        option_rows=list(zip(timeline.options, contract.options, strict=True)),
        moments=moments,
        planned_moments=planned,
        history=list_history(
            contract,
            *contract.options,
            *moments,
            *contract.amendments,
            *contract.spend,
            page=requested_history_page(),
        ),
        outlook=queries.extension_outlook(contract, local_today()),
        decidable_option=queries.decidable_option(contract),
        option_requests=requests_for("ExtensionOption", [o.id for o in contract.options]),
        value=queries.value_situation(contract, local_today()),
        spend_years=queries.spend_per_year(contract),
        trends=kpi_trends(contract),
        actions=[action for moment in moments for action in moment.actions],
        activation_form=activation_form(contract)
        if contract.status == ContractStatus.DRAFT
        else None,
        decision_form=OptionDecisionForm(formdata=None, data={"decided_on": local_today()}),
    )


def activation_form(contract) -> ActivationForm:
    form = ActivationForm(obj=contract)
    form.supplier_id.choices = [SelectChoice(0, "— kies de opdrachtnemer —")] + [
        SelectChoice(*supplier) for supplier in queries.supplier_choices()
    ]
    return form


@bp.post("/<int:contract_id>/activeren")
@require("contract.edit")
def activate(contract_id: int):
    contract = queries.get_contract(contract_id)
    form = activation_form(contract)
    run_action(
        form,
        lambda: services.activate_contract(
            current_user,
            contract,
            start_on=form.start_on.data,
            supplier=services.find_supplier(form.supplier_id.data),
            signed_on=form.signed_on.data,
            expected_version=form.version.data,
            due_after_months=current_settings().steering_due_after_months,
        ),
        "Het contract is actief; de bijsturingsmomenten zijn ingepland.",
    )
    return redirect(url_for("contracts.detail", contract_id=contract_id))


@bp.post("/<int:contract_id>/opties/<int:number>/afzien")
@require("contract.edit")
def decline_option(contract_id: int, number: int):
    contract = queries.get_contract(contract_id)
    form = OptionDecisionForm()
    run_action(
        form,
        lambda: option_services.decline_option(
            current_user,
            contract,
            number,
            decided_on=form.decided_on.data,
            rationale=form.rationale.data or "",
            expected_version=form.version.data,
            today=local_today(),
        ),
        f"Optie {number} is niet gelicht; latere opties zijn vervallen.",
    )
    return redirect(url_for("contracts.detail", contract_id=contract_id, _anchor="tijdlijn"))


@bp.route("/<int:contract_id>/normen", methods=["GET", "POST"])
@require("contract.edit")
def kpi_targets(contract_id: int):
    contract = queries.get_contract(contract_id)
    kpis = list_kpi_definitions()
    form = KpiTargetsForm.for_owner(contract, kpis)
    if run_form(
        form,
        lambda: set_contract_kpi_targets(
            current_user, contract, targets=form.chosen(kpis), expected_version=form.version.data
        ),
        "De normen van dit contract zijn opgeslagen.",
    ):
        return redirect(url_for("contracts.detail", contract_id=contract_id))
    rows = form.rows(kpis)
    return render_template("contracts/kpi_targets.html", form=form, rows=rows, contract=contract)


@bp.route("/<int:contract_id>/wijzigingen/nieuw", methods=["GET", "POST"])
@require("contract.edit")
def add_amendment(contract_id: int):
    contract = queries.get_contract(contract_id)
    form = AmendmentForm(obj=contract)
    if run_form(
        form,
        lambda: services.add_amendment(
            current_user,
            contract,
            amended_on=form.amended_on.data,
            rationale=form.rationale.data or "",
            value_change=form.value_change.data,
            expected_version=form.version.data,
            approval_threshold=current_settings().amendment_approval_above_eur,
        ),
        "De wijziging is vastgelegd.",
    ):
        return redirect(url_for("contracts.detail", contract_id=contract_id, _anchor="wijzigingen"))
    return render_template(
        "contracts/entry_form.html",
        form=form,
        contract=contract,
        heading="Wijziging vastleggen",
        approval_above=current_settings().amendment_approval_above_eur,
    )


@bp.route("/<int:contract_id>/bestedingen/nieuw", methods=["GET", "POST"])
@require("contract.edit")
def record_spend(contract_id: int):
    contract = queries.get_contract(contract_id)
    form = SpendForm(obj=contract)
    if run_form(
        form,
        lambda: services.record_spend(
            current_user,
            contract,
            period_start_on=form.period_start_on.data,
            period_end_on=form.period_end_on.data,
            amount=form.amount.data,
            trajectories_started=form.trajectories_started.data,
            expected_version=form.version.data,
        ),
        "De besteding is vastgelegd.",
    ):
        return redirect(url_for("contracts.detail", contract_id=contract_id, _anchor="besteding"))
    return render_template(
        "contracts/entry_form.html", form=form, contract=contract, heading="Besteding vastleggen"
    )


calendar_bp = Blueprint("calendar", __name__, url_prefix="/agenda")


@calendar_bp.route("/", methods=["GET", "POST"])
@require("contract.view")
def settings():
    form = VersionedForm()
    done = run_form(
        form,
        lambda: issue_calendar_token(current_user, current_user),
        "Uw nieuwe agenda-link staat hieronder; een eerdere link werkt niet meer.",
    )
    feed_url = url_for("calendar.feed", token=done.result, _external=True) if done else None
    return render_template("contracts/calendar.html", form=form, feed_url=feed_url)


@calendar_bp.get("/<token>.ics")
def feed(token: str):
    """Public by design: calendar apps cannot log in; the secret URL is the key."""
    if user_for_calendar_token(token) is None:
        abort(404)
    contracts = queries.running_contracts_with_moments()
    return Response(
        build_calendar(contracts, current_settings().decision_lead, now=utcnow()),
        mimetype="text/calendar",
        headers={"Content-Disposition": "inline; filename=regie.ics"},
    )


@bp.route("/<int:contract_id>/beeindigen", methods=["GET", "POST"])
@require("contract.edit")
def terminate(contract_id: int):
    contract = queries.get_contract(contract_id)
    form = TerminationForm(obj=contract)
    if run_form(
        form,
        lambda: services.terminate_contract(
            current_user,
            contract,
            ended_on=form.ended_on.data,
            rationale=form.rationale.data or "",
            expected_version=form.version.data,
        ),
        "Het contract is beëindigd.",
    ):
        return redirect(url_for("contracts.detail", contract_id=contract_id))
    return render_template(
        "contracts/entry_form.html", form=form, contract=contract, heading="Contract beëindigen"
    )

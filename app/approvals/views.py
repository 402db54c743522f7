"""The alderman's pages: requests to approve, with their frozen snapshot."""

from datetime import date

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from app.approvals import queries, services
from app.approvals.forms import DecisionForm
from app.approvals.models import ApprovalStatus
from app.core.audit import list_history
from app.forms import VersionedForm, run_action, run_form
from app.permissions import require

bp = Blueprint("approvals", __name__, url_prefix="/goedkeuringen")


@bp.get("/")
@require("approval.view")
def index():
    return render_template("approvals/index.html", requests=queries.list_requests())


@bp.route("/<int:request_id>", methods=["GET", "POST"])
@require("approval.view")
def detail(request_id: int):
    request = queries.get_request(request_id)
    form = DecisionForm(obj=request)
    decision = "goedgekeurd" if form.decision.data == "goedkeuren" else "afgewezen"
    done = run_form(
        form,
        lambda: services.decide_request(
            current_user,
            request,
            approve=form.decision.data == "goedkeuren",
            decided_on=form.decided_on.data,
            remark=form.remark.data or "",
            expected_version=form.version.data,
            today=date.today(),
        ),
        f"Het verzoek is {decision}.",
    )
    if done:
        return redirect(url_for("approvals.detail", request_id=request_id))
    return render_template(
        "approvals/detail.html",
        approval=request,
        rows=services.describe(request),
        form=form,
        withdraw_form=VersionedForm(obj=request, formdata=None),
        is_open=request.status == ApprovalStatus.SUBMITTED,
        history=list_history(request),
    )


@bp.post("/<int:request_id>/intrekken")
@require("approval.withdraw")
def withdraw(request_id: int):
    request = queries.get_request(request_id)
    form = VersionedForm()
    run_action(
        form,
        lambda: services.withdraw_request(
            current_user, request, expected_version=form.version.data
        ),
        "Het verzoek is ingetrokken.",
    )
    return redirect(url_for("approvals.detail", request_id=request_id))

"""The alderman's pages: requests to approve, with their frozen snapshot."""

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user

from app.approvals import queries, services
from app.approvals.forms import DecisionForm, ProposalForm
from app.approvals.models import ApprovalStatus, ApprovalSubject
from app.approvals.subjects import subject_object
from app.contracts.models import ExtensionOption, FrameworkContract
from app.core.audit import list_history
from app.core.dates import local_today
from app.core.settings import current_settings
from app.documents import pdf
from app.forms import VersionedForm, run_action, run_form
from app.pagination import page_bounds, requested_history_page, requested_page
from app.permissions import require
from app.steering.models import SteeringMoment
from app.tenders.models import Bid, Tender

bp = Blueprint("approvals", __name__, url_prefix="/goedkeuringen")

REQUESTS_SHOWN = 25  # per page; the open requests sort first, so they lead the first page


@bp.get("/")
@require("approval.view")
def index():
    total = queries.count_requests()
    page, pages = page_bounds(requested_page(), total, REQUESTS_SHOWN)
    shown = queries.list_requests(offset=(page - 1) * REQUESTS_SHOWN, limit=REQUESTS_SHOWN)
    return render_template("approvals/index.html", requests=shown, page=page, pages=pages)


@bp.route("/nieuw/<subject>/<int:object_id>", methods=["GET", "POST"])
@require("approval.request")
def submit(subject: str, object_id: int):
    if subject not in {member.value for member in ApprovalSubject}:
        abort(404)
    subject = ApprovalSubject(subject)
    obj = subject_object(subject, object_id) or abort(404)
    form = ProposalForm()
    details = form.details() if form.is_submitted() else {}
    outlook = services.outlook(subject, obj, details, local_today(), current_settings())
    if not form.is_submitted():
        form.prefill(outlook.draft)
    decisions = queries.list_decisions()
    form.earlier_decision_ids.choices = [(d.id, d.citation()) for d in decisions]

    done = run_form(
        form,
        lambda: services.submit_request(
            current_user,
            subject,
            obj,
            details=form.details(),
            proposal=form.proposal(),
            earlier_decisions=[
                d for d in decisions if d.id in (form.earlier_decision_ids.data or [])
            ],
            today=local_today(),
            settings=current_settings(),
        ),
        "Het verzoek ligt ter goedkeuring bij de wethouder.",
    )
    if done:
        return redirect(url_for("approvals.detail", request_id=done.result.id))
    return render_template(
        "approvals/submit.html",
        form=form,
        subject=subject,
        outlook=outlook,
        origin=origin_page(obj),
    )


def origin_page(obj) -> tuple[str, str] | None:
    """The page a request is put forward from, as (name, address): the way back from the
    form, in its breadcrumb and behind Annuleren, and the link on the request. None when the
    object is gone."""
    match obj:
        case Tender():
            return obj.reference, url_for("tenders.detail", tender_id=obj.id)
        case Bid():
            lot = obj.lot
            return lot.title, url_for("lots.detail", tender_id=lot.tender_id, lot_id=lot.id)
        case ExtensionOption():
            contract = obj.contract
            return contract.reference, url_for("contracts.detail", contract_id=contract.id)
        case SteeringMoment():
            address = url_for("steering.moment", contract_id=obj.contract_id, moment_id=obj.id)
            return f"Bijsturingsmoment {obj.sequence}", address
        case FrameworkContract():
            return obj.reference, url_for("contracts.detail", contract_id=obj.id)
    return None


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
            today=local_today(),
            settings=current_settings(),
        ),
        f"Het verzoek is {decision}.",
    )
    if done:
        return redirect(url_for("approvals.detail", request_id=request_id))
    return render_template(
        "approvals/detail.html",
        approval=request,
        rows=services.describe(request),
        evidence=request.snapshot.get("evidence"),
        form=form,
        withdraw_form=VersionedForm(obj=request, formdata=None),
        is_open=request.status == ApprovalStatus.SUBMITTED,
        attachments=queries.list_attachments(request),
        pdf_unavailable=pdf.unavailable_reason(),
        origin=origin_page(subject_object(request.subject, request.object_id)),
        history=list_history(request, page=requested_history_page()),
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

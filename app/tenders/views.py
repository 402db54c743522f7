"""Pages for tenders: list, create, edit, procedure, status, notices, documents and exports."""

from flask import (
    Blueprint,
    abort,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.approvals.models import Decision
from app.approvals.queries import list_decisions
from app.auth.models import Role
from app.auth.queries import colleagues_with, find_user
from app.core.audit import list_history
from app.core.dates import local_today
from app.core.errors import DomainError
from app.core.settings import current_settings
from app.documents import pdf
from app.documents import services as document_services
from app.documents.models import DocumentKind
from app.documents.queries import list_documents
from app.extensions import db
from app.forms import VersionedForm, run_action, run_form
from app.jobs.models import JobKind
from app.jobs.views import start_job
from app.pagination import requested_history_page, requested_page
from app.permissions import can, require
from app.tenders import queries, services, year_budgets
from app.tenders.forms import (
    ProcedureForm,
    TenderClarificationForm,
    TenderForm,
    TenderStatusForm,
)
from app.tenders.models import (
    Tender,
    TenderStatus,
)
from app.tenders.procedure import PROCEDURE_LABELS, PROPORTIONALITY_FACTORS, Advice
from app.tenders.readiness import pve_gaps
from app.tenders.services import TENDER_FIELDS

bp = Blueprint("tenders", __name__, url_prefix="/inkooptrajecten")


def tender_form(tender: Tender | None = None) -> tuple[TenderForm, list[Decision]]:
    """The tender form with the register's decisions to cite; ticked: the ones cited now."""
    decisions = list_decisions()
    form = TenderForm(obj=tender)
    form.decision_ids.choices = [SelectChoice(d.id, d.citation()) for d in decisions]
    if tender is not None and not form.is_submitted():
        form.decision_ids.data = [decision.id for decision in tender.decisions]
    return form, decisions


def tender_values(form: TenderForm) -> dict:
    return {field: form[field].data for field in TENDER_FIELDS}


def cited(form: TenderForm, decisions: list[Decision]) -> list[Decision]:
    ticked = set(form.decision_ids.data or [])
    return [decision for decision in decisions if decision.id in ticked]


def advice_or_problem(tender: Tender) -> tuple[Advice | None, str | None]:
    try:
        return queries.advise_procedure(tender, current_settings(), local_today()), None
    except DomainError as problem:
        return None, problem.message


@bp.get("/")
@require("tender.view")
def index():
    search = request.args.get("zoek", "")[:100]
    tender_page = queries.page_tenders(
        requested_page(),
        search=search,
        sort=request.args.get("sorteer", "-kenmerk"),
    )
    return render_template(
        "tenders/index.html", tender_page=tender_page, search=search, sortable=True
    )


@bp.route("/nieuw", methods=["GET", "POST"])
@require("tender.edit")
def create():
    form, decisions = tender_form()
    done = run_form(
        form,
        lambda: services.create_tender(
            current_user,
            municipality=current_settings().municipality,
            values=tender_values(form),
            decisions=cited(form, decisions),
        ),
        "Het inkooptraject is aangemaakt.",
    )
    if done:
        return redirect(url_for("tenders.detail", tender_id=done.result.id))
    return render_template("tenders/form.html", form=form, tender=None)


@bp.get("/<int:tender_id>")
@require("tender.view")
def detail(tender_id: int):
    tender = queries.get_tender(tender_id)
    year = tender.contract_start_on.year if tender.contract_start_on else None
    advice, advice_problem = advice_or_problem(tender)
    return render_template(
        "tenders/detail.html",
        tender=tender,
        advice=advice,
        advice_problem=advice_problem,
        factors=PROPORTIONALITY_FACTORS,
        procedure_labels=PROCEDURE_LABELS,
        lots_budget=year_budgets.lot_budget_overview(tender.lots, year),
        year_budget=year_budgets.year_budget_total(year, tender.municipality) if year else None,
        # The overview shows this installation's own municipality.
        own_municipality=tender.municipality == current_settings().municipality,
        history=list_history(tender, *tender.lots, page=requested_history_page()),
        pve_versions=list_documents(DocumentKind.PVE, tender),
        exports=list_documents(DocumentKind.EXCEL_OVERVIEW, tender)
        + list_documents(DocumentKind.OCDS, tender),
        export_buttons=list(EXPORTS.items()),
        transitions=[
            (status, label)
            for status, label in services.STATUS_ACTIONS.items()
            if tender.can_become(status)
        ],
        can_adopt=tender.can_become(TenderStatus.ADOPTED),
        # Asked only where the tender can go to review, by someone who may send it.
        reviewers=colleagues_with(Role.PROCUREMENT_ADVISER, current_user)
        if tender.can_become(TenderStatus.IN_REVIEW) and can(current_user, "tender.edit")
        else [],
        gaps=pve_gaps(tender),
        pdf_unavailable=pdf.unavailable_reason(),
    )


@bp.route("/<int:tender_id>/bewerken", methods=["GET", "POST"])
@require("tender.edit")
def edit(tender_id: int):
    tender = db.get_or_404(Tender, tender_id)
    form, decisions = tender_form(tender)
    if run_form(
        form,
        lambda: services.update_tender(
            current_user,
            tender,
            values=tender_values(form),
            expected_version=form.version.data,
            decisions=cited(form, decisions),
        ),
        "Het inkooptraject is bijgewerkt.",
    ):
        return redirect(url_for("tenders.detail", tender_id=tender.id))
    return render_template("tenders/form.html", form=form, tender=tender)


@bp.route("/<int:tender_id>/procedure", methods=["GET", "POST"])
@require("tender.edit")
def procedure(tender_id: int):
    tender = queries.get_tender(tender_id)
    advice, advice_problem = advice_or_problem(tender)
    form = ProcedureForm(obj=tender, data=tender.procedure_motivation or None)
    if not form.is_submitted() and tender.procedure is None and advice is not None:
        form.procedure.data = advice.procedure
    if run_form(
        form,
        lambda: services.record_procedure_choice(
            current_user,
            tender,
            procedure=form.procedure.data,
            motivation=form.motivation(),
            expected_version=form.version.data,
        ),
        "De procedurekeuze en de motivering zijn vastgelegd.",
    ):
        return redirect(url_for("tenders.detail", tender_id=tender.id, _anchor="procedure"))
    return render_template(
        "tenders/procedure.html",
        tender=tender,
        form=form,
        advice=advice,
        advice_problem=advice_problem,
    )


# The exports made from the tender page, with their buttons.
EXPORTS = {
    DocumentKind.EXCEL_OVERVIEW.value: "Excel-overzicht maken",
    DocumentKind.OCDS.value: "Open data (OCDS) maken",
}


@bp.post("/<int:tender_id>/exporten/<kind>")
@require("export.download")
def export(tender_id: int, kind: str):
    if kind not in EXPORTS:
        abort(404)
    tender = queries.get_tender(tender_id)
    if kind == DocumentKind.EXCEL_OVERVIEW.value:  # reads the whole log: seconds at scale
        started = start_job(JobKind.OVERVIEW, tender, "Het Excel-overzicht wordt gemaakt.")
        if started is not None:
            return started
    else:
        run_action(
            VersionedForm(),
            lambda: document_services.generate_ocds(
                current_user,
                tender,
                today=local_today(),
                uri=url_for("api.tender_ocds", tender_id=tender.id, _external=True),
                settings=current_settings(),
            ),
            "De open data (OCDS) zijn gemaakt.",
        )
    return redirect(url_for("tenders.detail", tender_id=tender_id, _anchor="exporten"))


@bp.post("/<int:tender_id>/pve")
@require("tender.edit")
def generate_pve(tender_id: int):
    tender = queries.get_tender(tender_id)
    run_action(
        VersionedForm(),
        lambda: document_services.generate_pve(
            current_user, tender, today=local_today(), settings=current_settings()
        ),
        "Een nieuwe versie van het Programma van Eisen is gemaakt.",
    )
    return redirect(url_for("tenders.detail", tender_id=tender_id, _anchor="pve"))


@bp.post("/<int:tender_id>/status")
@require("tender.edit")
def change_status(tender_id: int):
    tender = queries.get_tender(tender_id)
    form = TenderStatusForm()
    run_action(
        form,
        lambda: services.change_tender_status(
            current_user,
            tender,
            TenderStatus(form.status.data),
            expected_version=form.version.data,
            today=local_today(),
            reviewer=find_user(form.reviewer_id.data),
        ),
        "De status is gewijzigd.",
    )
    return redirect(url_for("tenders.detail", tender_id=tender_id))


@bp.route("/<int:tender_id>/nota", methods=["GET", "POST"])
@require("tender.edit")
def clarify_tender(tender_id: int):
    tender = queries.get_tender(tender_id)
    form = TenderClarificationForm(obj=tender)
    if run_form(
        form,
        lambda: services.clarify_tender(
            current_user,
            tender,
            values=tender_values(form),
            summary=form.summary.data,
            expected_version=form.version.data,
            today=local_today(),
        ),
        "De wijziging is vastgelegd in een nota van inlichtingen.",
    ):
        return redirect(url_for("tenders.detail", tender_id=tender_id, _anchor="nota"))
    return render_template("tenders/clarify_tender.html", form=form, tender=tender)

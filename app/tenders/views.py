"""Pages for tenders and their lots."""

from datetime import date

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.approvals.models import Decision
from app.approvals.queries import list_decisions
from app.contracts import queries as contract_queries
from app.core.audit import list_history
from app.core.errors import DomainError
from app.core.formatting import eur
from app.core.settings import current_settings
from app.documents import pdf
from app.documents import services as document_services
from app.documents.models import DocumentKind
from app.documents.queries import list_documents
from app.extensions import db
from app.forms import VersionedForm, run_action, run_form
from app.permissions import require
from app.steering.forms import KpiTargetsForm
from app.steering.queries import list_kpi_definitions, lot_kpi_trends
from app.tenders import queries, services
from app.tenders.forms import (
    AwardCriteriaForm,
    BidForm,
    ClarificationForm,
    CopyRequirementsForm,
    LotForm,
    LotRequirementForm,
    ProcedureForm,
    RequirementForm,
    TenderClarificationForm,
    TenderForm,
    TenderStatusForm,
)
from app.tenders.models import (
    CriterionKind,
    Lot,
    LotRequirement,
    PriceMethod,
    Requirement,
    Tender,
    TenderStatus,
)
from app.tenders.procedure import PROCEDURE_LABELS, PROPORTIONALITY_FACTORS, Advice
from app.tenders.readiness import pve_gaps
from app.tenders.services import LOT_FIELDS, TENDER_FIELDS

bp = Blueprint("tenders", __name__, url_prefix="/inkooptrajecten")
library_bp = Blueprint("library", __name__, url_prefix="/beheer/eisen")


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


def lot_form(lot: Lot | None = None, form_class: type[LotForm] = LotForm) -> LotForm:
    form = form_class(obj=lot)
    form.target_group_id.choices = [
        SelectChoice(group.id, group.name) for group in queries.list_target_groups()
    ]
    return form


def lot_saved(lot: Lot):
    if lot.count_price_gap:
        flash(
            f"Let op: begroot aantal × prijs per traject wijkt {eur(lot.count_price_gap)} af van "
            "het budget per jaar.",
            "warning",
        )
    return redirect(url_for("tenders.lot_detail", tender_id=lot.tender_id, lot_id=lot.id))


def lot_values(form: LotForm) -> dict:
    values = {field: form[field].data for field in LOT_FIELDS}
    values["cpv"] = values["cpv"] or None
    values["notice_months"] = values["notice_months"] or 0
    values["price_method"] = PriceMethod(values["price_method"])
    return values


def advice_or_problem(tender: Tender) -> tuple[Advice | None, str | None]:
    try:
        return queries.current_procedure_advice(tender, current_settings(), date.today()), None
    except DomainError as problem:
        return None, problem.message


@bp.get("/")
@require("tender.view")
def index():
    search = request.args.get("zoek", "")[:100]
    tender_page = queries.page_tenders(
        request.args.get("pagina", 1, type=int),
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
        lots_budget=queries.lot_budget_overview(tender.lots, year),
        year_budget=queries.budget_overview(year) if year else None,
        history=list_history(tender, *tender.lots),
        pve_versions=list_documents(DocumentKind.PVE, tender),
        exports=list_documents(DocumentKind.EXCEL_OVERVIEW, tender)
        + list_documents(DocumentKind.OCDS, tender),
        export_buttons=[(kind, button) for kind, (button, _, _) in EXPORTS.items()],
        transitions=[
            (status, label)
            for status, label in services.STATUS_ACTIONS.items()
            if tender.can_become(status)
        ],
        can_adopt=tender.can_become(TenderStatus.ADOPTED),
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


@bp.route("/<int:tender_id>/percelen/nieuw", methods=["GET", "POST"])
@require("tender.edit")
def create_lot(tender_id: int):
    tender = db.get_or_404(Tender, tender_id)
    form = lot_form()
    done = run_form(
        form,
        lambda: services.add_lot(current_user, tender, values=lot_values(form)),
        "Het perceel is toegevoegd.",
    )
    if done:
        return lot_saved(done.result)
    return render_template("tenders/lot_form.html", form=form, tender=tender, lot=None)


@bp.route("/<int:tender_id>/percelen/<int:lot_id>/bewerken", methods=["GET", "POST"])
@require("tender.edit")
def edit_lot(tender_id: int, lot_id: int):
    lot = db.first_or_404(db.select(Lot).filter_by(id=lot_id, tender_id=tender_id))
    form = lot_form(lot)
    if run_form(
        form,
        lambda: services.update_lot(
            current_user, lot, values=lot_values(form), expected_version=form.version.data
        ),
        "Het perceel is bijgewerkt.",
    ):
        return lot_saved(lot)
    return render_template("tenders/lot_form.html", form=form, tender=lot.tender, lot=lot)


@bp.post("/<int:tender_id>/percelen/<int:lot_id>/verwijderen")
@require("tender.edit")
def remove_lot(tender_id: int, lot_id: int):
    lot = db.first_or_404(db.select(Lot).filter_by(id=lot_id, tender_id=tender_id))
    form = VersionedForm()
    run_action(
        form,
        lambda: services.remove_lot(current_user, lot, expected_version=form.version.data),
        "Het perceel is verwijderd.",
    )
    return redirect(url_for("tenders.detail", tender_id=tender_id))


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


@bp.get("/<int:tender_id>/percelen/<int:lot_id>")
@require("tender.view")
def lot_detail(tender_id: int, lot_id: int):
    lot = queries.get_lot(tender_id, lot_id)
    targets = {target.kpi_definition_id: target for target in lot.kpi_targets}
    return render_template(
        "tenders/lot_detail.html",
        lot=lot,
        tender=lot.tender,
        kpi_rows=[(kpi, targets.get(kpi.id)) for kpi in list_kpi_definitions()],
        trends=lot_kpi_trends(lot),
        ranking=queries.lot_ranking(lot),
        awarded=services.lot_is_awarded(lot),
        history=list_history(lot, *lot.award_criteria, *lot.kpi_targets),
    )


@bp.route("/<int:tender_id>/percelen/<int:lot_id>/gunningscriteria", methods=["GET", "POST"])
@require("tender.edit")
def award_criteria(tender_id: int, lot_id: int):
    lot = queries.get_lot(tender_id, lot_id)
    form = AwardCriteriaForm(obj=lot)
    if not form.is_submitted():
        for index, criterion in enumerate(lot.award_criteria[: len(form.criteria)]):
            form.criteria[index].form.process(None, obj=criterion)
    if run_form(
        form,
        lambda: services.set_award_criteria(
            current_user,
            lot,
            criteria=form.rows(),
            lowest_price_motivation=form.lowest_price_motivation.data or "",
            expected_version=form.version.data,
        ),
        "De gunningscriteria zijn opgeslagen.",
    ):
        return redirect(url_for("tenders.lot_detail", tender_id=tender_id, lot_id=lot_id))
    return render_template("tenders/award_criteria.html", form=form, lot=lot, tender=lot.tender)


@bp.route("/<int:tender_id>/percelen/<int:lot_id>/normen", methods=["GET", "POST"])
@require("tender.edit")
def kpi_targets(tender_id: int, lot_id: int):
    lot = queries.get_lot(tender_id, lot_id)
    kpis = list_kpi_definitions()
    form = KpiTargetsForm.for_owner(lot, kpis)
    if run_form(
        form,
        lambda: services.set_kpi_targets(
            current_user, lot, targets=form.chosen(kpis), expected_version=form.version.data
        ),
        "De normen zijn opgeslagen.",
    ):
        return redirect(url_for("tenders.lot_detail", tender_id=tender_id, lot_id=lot_id))
    rows = form.rows(kpis)
    return render_template(
        "tenders/kpi_targets.html", form=form, rows=rows, lot=lot, tender=lot.tender
    )


def requirement_form(requirement: Requirement | None = None) -> RequirementForm:
    form = RequirementForm(obj=requirement)
    form.target_group_ids.choices = [
        SelectChoice(group.id, group.name) for group in queries.list_target_groups()
    ]
    if requirement is not None and not form.is_submitted():
        form.target_group_ids.data = [group.id for group in requirement.target_groups]
    return form


def requirement_values(form: RequirementForm) -> dict:
    return {
        name: form[name].data
        for name in ("code", "text", "kind", "category", "target_group_ids", "source", "active")
    }


@library_bp.get("/")
@require("reference_data.manage")
def library():
    return render_template(
        "tenders/library.html", requirements=queries.list_library(include_inactive=True)
    )


@library_bp.route("/nieuw", methods=["GET", "POST"])
@require("reference_data.manage")
def create_requirement():
    form = requirement_form()
    if run_form(
        form,
        lambda: services.create_requirement(current_user, values=requirement_values(form)),
        "De eis is aan de bibliotheek toegevoegd.",
    ):
        return redirect(url_for("library.library"))
    return render_template("tenders/requirement_form.html", form=form, requirement=None)


@library_bp.route("/<int:requirement_id>", methods=["GET", "POST"])
@require("reference_data.manage")
def edit_requirement(requirement_id: int):
    requirement = db.get_or_404(Requirement, requirement_id)
    form = requirement_form(requirement)
    if run_form(
        form,
        lambda: services.update_requirement(
            current_user,
            requirement,
            values=requirement_values(form),
            expected_version=form.version.data,
        ),
        "De eis is bijgewerkt. Percelen die haar al overnamen, houden hun eigen tekst.",
    ):
        return redirect(url_for("library.library"))
    return render_template(
        "tenders/requirement_form.html",
        form=form,
        requirement=requirement,
        history=list_history(requirement),
    )


@bp.route("/<int:tender_id>/percelen/<int:lot_id>/eisen", methods=["GET", "POST"])
@require("tender.edit")
def copy_requirements(tender_id: int, lot_id: int):
    lot = queries.get_lot(tender_id, lot_id)
    available = queries.library_for_lot(lot)
    form = CopyRequirementsForm()
    form.requirement_ids.choices = [SelectChoice(r.id, f"{r.code} — {r.text}") for r in available]
    if run_form(
        form,
        lambda: services.copy_requirements(current_user, lot, form.requirement_ids.data),
        "De eisen zijn overgenomen; u kunt ze in dit perceel aanpassen.",
    ):
        return redirect(url_for("tenders.lot_detail", tender_id=tender_id, lot_id=lot_id))
    return render_template(
        "tenders/copy_requirements.html", form=form, lot=lot, tender=lot.tender, available=available
    )


def lot_requirement(tender_id: int, lot_id: int, requirement_id: int) -> LotRequirement:
    copy = db.get_or_404(LotRequirement, requirement_id)
    if copy.lot_id != lot_id or copy.lot.tender_id != tender_id:
        abort(404)
    return copy


@bp.route(
    "/<int:tender_id>/percelen/<int:lot_id>/eisen/<int:requirement_id>", methods=["GET", "POST"]
)
@require("tender.edit")
def edit_lot_requirement(tender_id: int, lot_id: int, requirement_id: int):
    copy = lot_requirement(tender_id, lot_id, requirement_id)
    form = LotRequirementForm(obj=copy)
    if run_form(
        form,
        lambda: services.update_lot_requirement(
            current_user,
            copy,
            values={"text": form.text.data, "kind": form.kind.data, "category": form.category.data},
            expected_version=form.version.data,
        ),
        "De eis in dit perceel is bijgewerkt.",
    ):
        return redirect(url_for("tenders.lot_detail", tender_id=tender_id, lot_id=lot_id))
    return render_template(
        "tenders/lot_requirement_form.html", form=form, lot=copy.lot, tender=copy.lot.tender
    )


@bp.post("/<int:tender_id>/percelen/<int:lot_id>/eisen/<int:requirement_id>/verwijderen")
@require("tender.edit")
def remove_lot_requirement(tender_id: int, lot_id: int, requirement_id: int):
    copy = lot_requirement(tender_id, lot_id, requirement_id)
    run_action(
        VersionedForm(),
        lambda: services.remove_lot_requirement(current_user, copy),
        "De eis is uit dit perceel verwijderd.",
    )
    return redirect(url_for("tenders.lot_detail", tender_id=tender_id, lot_id=lot_id))


# The exports made from the tender page: button, generation, and what is said when made.
EXPORTS = {
    DocumentKind.EXCEL_OVERVIEW.value: (
        "Excel-overzicht maken",
        lambda tender: document_services.generate_overview(
            current_user, tender, today=date.today()
        ),
        "Het Excel-overzicht is gemaakt.",
    ),
    DocumentKind.OCDS.value: (
        "Open data (OCDS) maken",
        lambda tender: document_services.generate_ocds(
            current_user,
            tender,
            today=date.today(),
            uri=url_for("api.tender_ocds", tender_id=tender.id, _external=True),
            settings=current_settings(),
        ),
        "De open data (OCDS) zijn gemaakt.",
    ),
}


@bp.post("/<int:tender_id>/exporten/<kind>")
@require("export.download")
def export(tender_id: int, kind: str):
    if kind not in EXPORTS:
        abort(404)
    tender = queries.get_tender(tender_id)
    _, generate, success = EXPORTS[kind]
    run_action(VersionedForm(), lambda: generate(tender), success)
    return redirect(url_for("tenders.detail", tender_id=tender_id, _anchor="exporten"))


@bp.post("/<int:tender_id>/pve")
@require("tender.edit")
def generate_pve(tender_id: int):
    tender = queries.get_tender(tender_id)
    run_action(
        VersionedForm(),
        lambda: document_services.generate_pve(
            current_user, tender, today=date.today(), settings=current_settings()
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
            today=date.today(),
        ),
        "De status is gewijzigd.",
    )
    return redirect(url_for("tenders.detail", tender_id=tender_id))


@bp.route("/<int:tender_id>/percelen/<int:lot_id>/nota", methods=["GET", "POST"])
@require("tender.edit")
def clarify_lot(tender_id: int, lot_id: int):
    lot = queries.get_lot(tender_id, lot_id)
    form = lot_form(lot, ClarificationForm)
    if run_form(
        form,
        lambda: services.clarify_lot(
            current_user,
            lot,
            values=lot_values(form),
            summary=form.summary.data,
            expected_version=form.version.data,
            today=date.today(),
        ),
        "De wijziging is vastgelegd in een nota van inlichtingen.",
    ):
        return redirect(url_for("tenders.detail", tender_id=tender_id, _anchor="nota"))
    return render_template("tenders/clarify_lot.html", form=form, lot=lot, tender=lot.tender)


@bp.route("/<int:tender_id>/percelen/<int:lot_id>/inschrijvingen", methods=["GET", "POST"])
@require("tender.edit")
def register_bid(tender_id: int, lot_id: int):
    lot = queries.get_lot(tender_id, lot_id)
    quality = [c for c in lot.award_criteria if c.kind == CriterionKind.QUALITY]
    form = BidForm()
    form.supplier_id.choices = [SelectChoice(0, "— nieuwe inschrijver —")] + [
        SelectChoice(*supplier) for supplier in contract_queries.supplier_choices()
    ]
    if not form.is_submitted():
        form.received_on.data = date.today()
        for criterion in quality:
            form.scores.append_entry({"criterion_id": criterion.id})
    known = {criterion.id for criterion in quality}
    if run_form(
        form,
        lambda: services.register_bid(
            current_user,
            lot,
            supplier_id=form.supplier_id.data or None,
            new_supplier_name=form.new_supplier_name.data or "",
            price=form.price.data,
            received_on=form.received_on.data,
            scores={
                row.form.criterion_id.data: row.form.score.data
                for row in form.scores
                if row.form.criterion_id.data in known
            },
            excluded_reason=form.excluded_reason.data or "",
        ),
        "De inschrijving is geregistreerd.",
    ):
        return redirect(url_for("tenders.lot_detail", tender_id=tender_id, lot_id=lot_id))
    names = {criterion.id: criterion.name for criterion in quality}
    rows = [(names.get(row.form.criterion_id.data, "?"), row.form) for row in form.scores]
    return render_template(
        "tenders/bid_form.html", form=form, rows=rows, lot=lot, tender=lot.tender
    )


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
            today=date.today(),
        ),
        "De wijziging is vastgelegd in een nota van inlichtingen.",
    ):
        return redirect(url_for("tenders.detail", tender_id=tender_id, _anchor="nota"))
    return render_template("tenders/clarify_tender.html", form=form, tender=tender)

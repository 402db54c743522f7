"""Pages for tenders and their lots."""

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.core.audit import list_history
from app.core.errors import DomainError
from app.extensions import db
from app.forms import VersionedForm, run_form
from app.permissions import require
from app.tenders import queries, services
from app.tenders.forms import LotForm, ProcedureForm, TenderForm
from app.tenders.models import Lot, Tender
from app.tenders.procedure import PROCEDURE_LABELS, PROPORTIONALITY_FACTORS, Advice
from app.tenders.services import LOT_FIELDS, TENDER_FIELDS

bp = Blueprint("tenders", __name__, url_prefix="/inkooptrajecten")


def tender_values(form: TenderForm) -> dict:
    return {field: form[field].data for field in TENDER_FIELDS}


def lot_form(lot: Lot | None = None) -> LotForm:
    form = LotForm(obj=lot)
    form.target_group_id.choices = [
        SelectChoice(group.id, group.name) for group in queries.list_target_groups()
    ]
    return form


def lot_values(form: LotForm) -> dict:
    values = {field: form[field].data for field in LOT_FIELDS}
    values["cpv"] = values["cpv"] or None
    values["notice_months"] = values["notice_months"] or 0
    return values


def advice_or_problem(tender: Tender) -> tuple[Advice | None, str | None]:
    try:
        return queries.current_procedure_advice(tender), None
    except DomainError as problem:
        return None, problem.message


@bp.get("/")
@require("tender.view")
def index():
    return render_template("tenders/index.html", tenders=queries.list_tenders_with_budgets())


@bp.route("/nieuw", methods=["GET", "POST"])
@require("tender.edit")
def create():
    form = TenderForm()
    done = run_form(
        form,
        lambda: services.create_tender(
            current_user,
            municipality=current_app.config["MUNICIPALITY"],
            values=tender_values(form),
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
    )


@bp.route("/<int:tender_id>/bewerken", methods=["GET", "POST"])
@require("tender.edit")
def edit(tender_id: int):
    tender = db.get_or_404(Tender, tender_id)
    form = TenderForm(obj=tender)
    if run_form(
        form,
        lambda: services.update_tender(
            current_user, tender, values=tender_values(form), expected_version=form.version.data
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
    if run_form(
        form,
        lambda: services.add_lot(current_user, tender, values=lot_values(form)),
        "Het perceel is toegevoegd.",
    ):
        return redirect(url_for("tenders.detail", tender_id=tender.id))
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
        return redirect(url_for("tenders.detail", tender_id=tender_id))
    return render_template("tenders/lot_form.html", form=form, tender=lot.tender, lot=lot)


@bp.post("/<int:tender_id>/percelen/<int:lot_id>/verwijderen")
@require("tender.edit")
def remove_lot(tender_id: int, lot_id: int):
    lot = db.first_or_404(db.select(Lot).filter_by(id=lot_id, tender_id=tender_id))
    form = VersionedForm()
    run_form(
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

"""Pages for joint procurement: the municipalities a tender is bought on behalf of, and each
one's budget per lot and year."""

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from app.extensions import db
from app.forms import run_form
from app.permissions import require
from app.reference.models import Municipality
from app.reference.queries import find_municipality, list_municipalities
from app.tenders import joint_services, queries
from app.tenders.joint_forms import ParticipantsForm, grid_amounts, lot_budget_form

bp = Blueprint("joint", __name__, url_prefix="/inkooptrajecten/<int:tender_id>")


@bp.route("/deelnemers", methods=["GET", "POST"])
@require("tender.edit")
def participants(tender_id: int):
    tender = queries.get_tender(tender_id)
    others = [m for m in list_municipalities() if m.name != tender.municipality]
    form = ParticipantsForm(obj=tender, others=others)
    if not form.is_submitted():
        form.participant_ids.data = [municipality.id for municipality in tender.participants]
    if run_form(
        form,
        lambda: joint_services.set_participants(
            current_user,
            tender,
            municipalities=[db.session.get(Municipality, id_) for id_ in form.participant_ids.data],
            expected_version=form.version.data,
        ),
        "De deelnemende gemeenten zijn opgeslagen.",
    ):
        return redirect(url_for("tenders.detail", tender_id=tender.id, _anchor="percelen"))
    return render_template("tenders/participants.html", form=form, tender=tender)


@bp.route("/percelen/<int:lot_id>/budget", methods=["GET", "POST"])
@require("tender.edit")
def lot_budgets(tender_id: int, lot_id: int):
    lot = queries.get_lot(tender_id, lot_id)
    tender = lot.tender
    lead = find_municipality(tender.municipality)
    municipalities = [lead, *tender.participants] if lead else []
    years = joint_services.budget_years(tender, lot) if tender.contract_start_on else []
    stored = {(budget.municipality_id, budget.year): budget.amount for budget in lot.year_budgets}
    form = lot_budget_form(municipalities, years, stored, lot.version)
    if run_form(
        form,
        lambda: joint_services.set_lot_budgets(
            current_user,
            lot,
            amounts=grid_amounts(form, municipalities, years),
            expected_version=form.version.data,
        ),
        "Het budget per jaar is opgeslagen.",
    ):
        return redirect(url_for("lots.detail", tender_id=tender.id, lot_id=lot.id))
    return render_template(
        "tenders/lot_budgets.html",
        form=form,
        tender=tender,
        lot=lot,
        municipalities=municipalities,
        years=years,
        missing_lead=lead is None,
    )

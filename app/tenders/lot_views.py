"""Pages for the lots of a tender: the lot, its award criteria, norms, requirements, bids and
notices."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.contracts import queries as contract_queries
from app.core.audit import list_history
from app.core.dates import local_today
from app.core.formatting import eur
from app.extensions import db
from app.forms import VersionedForm, run_action, run_form
from app.pagination import requested_history_page
from app.permissions import require
from app.steering.forms import KpiTargetsForm
from app.steering.queries import list_kpi_definitions, lot_kpi_trends
from app.tenders import award_services, library_services, lot_services, queries, services
from app.tenders.forms import (
    AwardCriteriaForm,
    BidForm,
    ClarificationForm,
    CopyRequirementsForm,
    LotForm,
    LotRequirementForm,
)
from app.tenders.models import CriterionKind, Lot, PriceMethod, Tender
from app.tenders.readiness import lot_gaps
from app.tenders.requirement_models import LotRequirement

bp = Blueprint("lots", __name__, url_prefix="/inkooptrajecten/<int:tender_id>/percelen")


def lot_form(
    tender: Tender, lot: Lot | None = None, form_class: type[LotForm] = LotForm
) -> LotForm:
    """The lot's form; the target groups are the buying municipality's own."""
    form = form_class(obj=lot)
    groups = queries.list_target_groups(tender.municipality) or queries.list_target_groups()
    form.target_group_id.choices = [SelectChoice("", "— kies een doelgroep —")] + [
        SelectChoice(group.id, group.name) for group in groups
    ]
    return form


def lot_saved(lot: Lot):
    if lot.count_price_gap:
        flash(
            f"Let op: begroot aantal × {lot.price_per_person[1]} wijkt {eur(lot.count_price_gap)} "
            "af van "
            "het budget per jaar.",
            "warning",
        )
    return redirect(url_for("lots.detail", tender_id=lot.tender_id, lot_id=lot.id))


def lot_values(form: LotForm) -> dict:
    values = {field: form[field].data for field in lot_services.LOT_FIELDS}
    values["cpv"] = values["cpv"] or None
    values["notice_months"] = values["notice_months"] or 0
    values["price_method"] = PriceMethod(values["price_method"])
    return values


@bp.route("/nieuw", methods=["GET", "POST"])
@require("tender.edit")
def create(tender_id: int):
    tender = db.get_or_404(Tender, tender_id)
    form = lot_form(tender)
    done = run_form(
        form,
        lambda: lot_services.add_lot(current_user, tender, values=lot_values(form)),
        "Het perceel is toegevoegd.",
    )
    if done:
        return lot_saved(done.result)
    return render_template("tenders/lot_form.html", form=form, tender=tender, lot=None)


@bp.route("/<int:lot_id>/bewerken", methods=["GET", "POST"])
@require("tender.edit")
def edit(tender_id: int, lot_id: int):
    lot = db.first_or_404(db.select(Lot).filter_by(id=lot_id, tender_id=tender_id))
    form = lot_form(lot.tender, lot)
    if run_form(
        form,
        lambda: lot_services.update_lot(
            current_user, lot, values=lot_values(form), expected_version=form.version.data
        ),
        "Het perceel is bijgewerkt.",
    ):
        return lot_saved(lot)
    return render_template("tenders/lot_form.html", form=form, tender=lot.tender, lot=lot)


@bp.post("/<int:lot_id>/verwijderen")
@require("tender.edit")
def remove(tender_id: int, lot_id: int):
    lot = db.first_or_404(db.select(Lot).filter_by(id=lot_id, tender_id=tender_id))
    form = VersionedForm()
    run_action(
        form,
        lambda: lot_services.remove_lot(current_user, lot, expected_version=form.version.data),
        "Het perceel is verwijderd.",
    )
    return redirect(url_for("tenders.detail", tender_id=tender_id))


@bp.get("/<int:lot_id>")
@require("tender.view")
def detail(tender_id: int, lot_id: int):
    lot = queries.get_lot(tender_id, lot_id)
    targets = {target.kpi_definition_id: target for target in lot.kpi_targets}
    return render_template(
        "tenders/lot_detail.html",
        lot=lot,
        tender=lot.tender,
        kpi_rows=[(kpi, targets.get(kpi.id)) for kpi in list_kpi_definitions()],
        trends=lot_kpi_trends(lot),
        ranking=queries.lot_ranking(lot),
        awarded=award_services.lot_is_awarded(lot),
        gaps=lot_gaps(lot),
        history=list_history(
            lot, *lot.award_criteria, *lot.kpi_targets, page=requested_history_page()
        ),
    )


@bp.route("/<int:lot_id>/gunningscriteria", methods=["GET", "POST"])
@require("tender.edit")
def award_criteria(tender_id: int, lot_id: int):
    lot = queries.get_lot(tender_id, lot_id)
    form = AwardCriteriaForm(obj=lot)
    if not form.is_submitted():
        for index, criterion in enumerate(lot.award_criteria[: len(form.criteria)]):
            form.criteria[index].form.process(None, obj=criterion)
    if run_form(
        form,
        lambda: lot_services.set_award_criteria(
            current_user,
            lot,
            criteria=form.rows(),
            lowest_price_motivation=form.lowest_price_motivation.data or "",
            expected_version=form.version.data,
        ),
        "De gunningscriteria zijn opgeslagen.",
    ):
        return redirect(url_for("lots.detail", tender_id=tender_id, lot_id=lot_id))
    return render_template("tenders/award_criteria.html", form=form, lot=lot, tender=lot.tender)


@bp.route("/<int:lot_id>/normen", methods=["GET", "POST"])
@require("tender.edit")
def kpi_targets(tender_id: int, lot_id: int):
    lot = queries.get_lot(tender_id, lot_id)
    kpis = list_kpi_definitions()
    form = KpiTargetsForm.for_owner(lot, kpis)
    if run_form(
        form,
        lambda: lot_services.set_kpi_targets(
            current_user, lot, targets=form.chosen(kpis), expected_version=form.version.data
        ),
        "De normen zijn opgeslagen.",
    ):
        return redirect(url_for("lots.detail", tender_id=tender_id, lot_id=lot_id))
    rows = form.rows(kpis)
    return render_template(
        "tenders/kpi_targets.html", form=form, rows=rows, lot=lot, tender=lot.tender
    )


@bp.route("/<int:lot_id>/eisen", methods=["GET", "POST"])
@require("tender.edit")
def copy_requirements(tender_id: int, lot_id: int):
    lot = queries.get_lot(tender_id, lot_id)
    available = queries.library_for_lot(lot)
    form = CopyRequirementsForm()
    form.requirement_ids.choices = [SelectChoice(r.id, f"{r.code} — {r.text}") for r in available]
    if run_form(
        form,
        lambda: library_services.copy_requirements(current_user, lot, form.requirement_ids.data),
        "De eisen zijn overgenomen; u kunt ze in dit perceel aanpassen.",
    ):
        return redirect(url_for("lots.detail", tender_id=tender_id, lot_id=lot_id))
    return render_template(
        "tenders/copy_requirements.html", form=form, lot=lot, tender=lot.tender, available=available
    )


def lot_requirement(tender_id: int, lot_id: int, requirement_id: int) -> LotRequirement:
    copy = db.get_or_404(LotRequirement, requirement_id)
    if copy.lot_id != lot_id or copy.lot.tender_id != tender_id:
        abort(404)
    return copy


@bp.route("/<int:lot_id>/eisen/<int:requirement_id>", methods=["GET", "POST"])
@require("tender.edit")
def edit_requirement(tender_id: int, lot_id: int, requirement_id: int):
    copy = lot_requirement(tender_id, lot_id, requirement_id)
    form = LotRequirementForm(obj=copy)
    if run_form(
        form,
        lambda: library_services.update_lot_requirement(
            current_user,
            copy,
            values={"text": form.text.data, "kind": form.kind.data, "category": form.category.data},
            expected_version=form.version.data,
        ),
        "De eis in dit perceel is bijgewerkt.",
    ):
        return redirect(url_for("lots.detail", tender_id=tender_id, lot_id=lot_id))
    return render_template(
        "tenders/lot_requirement_form.html", form=form, lot=copy.lot, tender=copy.lot.tender
    )


@bp.post("/<int:lot_id>/eisen/<int:requirement_id>/verwijderen")
@require("tender.edit")
def remove_requirement(tender_id: int, lot_id: int, requirement_id: int):
    copy = lot_requirement(tender_id, lot_id, requirement_id)
    run_action(
        VersionedForm(),
        lambda: library_services.remove_lot_requirement(current_user, copy),
        "De eis is uit dit perceel verwijderd.",
    )
    return redirect(url_for("lots.detail", tender_id=tender_id, lot_id=lot_id))


@bp.route("/<int:lot_id>/nota", methods=["GET", "POST"])
@require("tender.edit")
def clarify(tender_id: int, lot_id: int):
    lot = queries.get_lot(tender_id, lot_id)
    form = lot_form(lot.tender, lot, ClarificationForm)
    if run_form(
        form,
        lambda: services.clarify_lot(
            current_user,
            lot,
            values=lot_values(form),
            summary=form.summary.data,
            expected_version=form.version.data,
            today=local_today(),
        ),
        "De wijziging is vastgelegd in een nota van inlichtingen.",
    ):
        return redirect(url_for("tenders.detail", tender_id=tender_id, _anchor="nota"))
    return render_template("tenders/clarify_lot.html", form=form, lot=lot, tender=lot.tender)


@bp.route("/<int:lot_id>/inschrijvingen", methods=["GET", "POST"])
@require("tender.edit")
def register_bid(tender_id: int, lot_id: int):
    lot = queries.get_lot(tender_id, lot_id)
    quality = [c for c in lot.award_criteria if c.kind == CriterionKind.QUALITY]
    form = BidForm()
    form.supplier_id.choices = [SelectChoice(0, "— nieuwe inschrijver —")] + [
        SelectChoice(*supplier) for supplier in contract_queries.supplier_choices()
    ]
    if not form.is_submitted():
        form.received_on.data = local_today()
        for criterion in quality:
            form.scores.append_entry({"criterion_id": criterion.id})
    known = {criterion.id for criterion in quality}
    if run_form(
        form,
        lambda: award_services.register_bid(
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
        return redirect(url_for("lots.detail", tender_id=tender_id, lot_id=lot_id))
    names = {criterion.id: criterion.name for criterion in quality}
    rows = [(names.get(row.form.criterion_id.data, "?"), row.form) for row in form.scores]
    return render_template(
        "tenders/bid_form.html", form=form, rows=rows, lot=lot, tender=lot.tender
    )

"""The functional administrator's pages for KPI definitions and target groups."""

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from app.core.audit import list_history
from app.extensions import db
from app.forms import run_form
from app.permissions import require
from app.reference import services
from app.reference.forms import KpiDefinitionForm, TargetGroupForm
from app.steering.models import KpiDefinition
from app.steering.queries import list_kpi_definitions
from app.tenders.models import TargetGroup
from app.tenders.queries import list_target_groups

bp = Blueprint("reference", __name__, url_prefix="/beheer")


def values(form) -> dict:
    return {name: field.data for name, field in form._fields.items()}


@bp.get("/indicatoren")
@require("reference_data.manage")
def kpi_definitions():
    return render_template("reference/kpi_definitions.html", kpis=list_kpi_definitions())


@bp.route("/indicatoren/nieuw", methods=["GET", "POST"])
@require("reference_data.manage")
def create_kpi_definition():
    form = KpiDefinitionForm()
    if run_form(
        form,
        lambda: services.create_kpi_definition(current_user, values=values(form)),
        "De prestatie-indicator is toegevoegd; hij wordt voortaan bij elk bijsturingsmoment "
        "gevraagd.",
    ):
        return redirect(url_for("reference.kpi_definitions"))
    return render_template("reference/form.html", form=form, obj=None, kind="indicator")


@bp.route("/indicatoren/<int:kpi_id>", methods=["GET", "POST"])
@require("reference_data.manage")
def edit_kpi_definition(kpi_id: int):
    kpi = db.get_or_404(KpiDefinition, kpi_id)
    form = KpiDefinitionForm(obj=kpi)
    if run_form(
        form,
        lambda: services.update_kpi_definition(
            current_user, kpi, values=values(form), expected_version=form.version.data
        ),
        "De prestatie-indicator is bijgewerkt.",
    ):
        return redirect(url_for("reference.kpi_definitions"))
    return render_template(
        "reference/form.html", form=form, obj=kpi, kind="indicator", history=list_history(kpi)
    )


@bp.get("/doelgroepen")
@require("reference_data.manage")
def target_groups():
    return render_template("reference/target_groups.html", groups=list_target_groups())


@bp.route("/doelgroepen/nieuw", methods=["GET", "POST"])
@require("reference_data.manage")
def create_target_group():
    form = TargetGroupForm()
    if run_form(
        form,
        lambda: services.create_target_group(current_user, values=values(form)),
        "De doelgroep is toegevoegd.",
    ):
        return redirect(url_for("reference.target_groups"))
    return render_template("reference/form.html", form=form, obj=None, kind="doelgroep")


@bp.route("/doelgroepen/<int:group_id>", methods=["GET", "POST"])
@require("reference_data.manage")
def edit_target_group(group_id: int):
    group = db.get_or_404(TargetGroup, group_id)
    form = TargetGroupForm(obj=group)
    if run_form(
        form,
        lambda: services.update_target_group(
            current_user, group, values=values(form), expected_version=form.version.data
        ),
        "De doelgroep is bijgewerkt.",
    ):
        return redirect(url_for("reference.target_groups"))
    return render_template(
        "reference/form.html", form=form, obj=group, kind="doelgroep", history=list_history(group)
    )

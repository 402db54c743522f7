"""Pages for the requirement library (functional administrator)."""

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.core.audit import list_history
from app.extensions import db
from app.forms import run_form
from app.pagination import requested_history_page
from app.permissions import require
from app.tenders import library_services, queries
from app.tenders.forms import RequirementForm
from app.tenders.requirement_models import Requirement

bp = Blueprint("library", __name__, url_prefix="/beheer/eisen")


def requirement_form(requirement: Requirement | None = None) -> RequirementForm:
    form = RequirementForm(obj=requirement)
    form.target_group_ids.choices = [
        SelectChoice(*group) for group in queries.target_group_choices()
    ]
    if requirement is not None and not form.is_submitted():
        form.target_group_ids.data = [group.id for group in requirement.target_groups]
    return form


def requirement_values(form: RequirementForm) -> dict:
    return {
        name: form[name].data
        for name in ("code", "text", "kind", "category", "target_group_ids", "source", "active")
    }


@bp.get("/")
@require("reference_data.manage")
def library():
    return render_template(
        "tenders/library.html", requirements=queries.list_library(include_inactive=True)
    )


@bp.route("/nieuw", methods=["GET", "POST"])
@require("reference_data.manage")
def create_requirement():
    form = requirement_form()
    if run_form(
        form,
        lambda: library_services.create_requirement(current_user, values=requirement_values(form)),
        "De eis is aan de bibliotheek toegevoegd.",
    ):
        return redirect(url_for("library.library"))
    return render_template("tenders/requirement_form.html", form=form, requirement=None)


@bp.route("/<int:requirement_id>", methods=["GET", "POST"])
@require("reference_data.manage")
def edit_requirement(requirement_id: int):
    requirement = db.get_or_404(Requirement, requirement_id)
    form = requirement_form(requirement)
    if run_form(
        form,
        lambda: library_services.update_requirement(
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
        history=list_history(requirement, page=requested_history_page()),
    )

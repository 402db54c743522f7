"""Pages for programmes: the list, one programme with its objectives, norms, realisations
and reporting moments, and the forms for each part."""

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user

from app.core.audit import list_history
from app.core.dates import local_today
from app.extensions import db
from app.forms import field_values, run_form
from app.pagination import requested_history_page
from app.permissions import require
from app.programmes import queries, services
from app.programmes.forms import (
    NormForm,
    ObjectiveForm,
    ProgrammeForm,
    RealisationForm,
    ReportingMomentForm,
)
from app.programmes.models import Objective, Programme, ProgrammeNorm, ReportingMoment
from app.reference.models import Municipality
from app.reference.queries import list_municipalities

bp = Blueprint("programmes", __name__, url_prefix="/programmas")


def _back(programme: Programme, anchor: str | None = None):
    return redirect(url_for("programmes.detail", programme_id=programme.id, _anchor=anchor))


def _part(model, part_id: int | None, programme: Programme):
    """The programme's objective, norm or reporting moment with this id (404 if it is
    another programme's), or None for a new one."""
    if part_id is None:
        return None
    part = db.get_or_404(model, part_id)
    owner = part.objective if isinstance(part, ProgrammeNorm) else part
    if owner.programme_id != programme.id:
        abort(404)
    return part


@bp.route("/nieuw", methods=["GET", "POST"])
@require("programme.edit")
def create():
    form = ProgrammeForm(municipalities=list_municipalities())
    done = run_form(
        form,
        lambda: services.create_programme(
            current_user,
            db.get_or_404(Municipality, int(form.municipality_id.data)),
            values=field_values(form, services.PROGRAMME_FIELDS),
        ),
        "Het programma is aangemaakt; voeg nu de subdoelstellingen en hun normen toe.",
    )
    if done:
        return _back(done.result)
    return render_template(
        "programmes/form.html", form=form, programme=None, heading="Nieuw programma"
    )


@bp.get("/<int:programme_id>")
@require("programme.view")
def detail(programme_id: int):
    programme = queries.get_programme(programme_id)
    return render_template(
        "programmes/detail.html",
        programme=programme,
        today=local_today(),
        history=list_history(programme, page=requested_history_page()),
    )


@bp.route("/<int:programme_id>/bewerken", methods=["GET", "POST"])
@require("programme.edit")
def edit(programme_id: int):
    programme = queries.get_programme(programme_id)
    form = ProgrammeForm(obj=programme)
    del form.municipality_id  # a programme stays with its municipality
    if run_form(
        form,
        lambda: services.update_programme(
            current_user,
            programme,
            values=field_values(form, services.PROGRAMME_FIELDS),
            expected_version=form.version.data,
        ),
        "De wijziging is opgeslagen.",
    ):
        return _back(programme)
    return render_template(
        "programmes/form.html",
        form=form,
        programme=programme,
        heading=f"{programme.title} bewerken",
    )


@bp.route("/<int:programme_id>/doelstellingen/nieuw", methods=["GET", "POST"])
@bp.route("/<int:programme_id>/doelstellingen/<int:objective_id>", methods=["GET", "POST"])
@require("programme.edit")
def objective(programme_id: int, objective_id: int | None = None):
    programme = queries.get_programme(programme_id)
    objective = _part(Objective, objective_id, programme)
    form = ObjectiveForm(obj=objective)

    def save() -> Objective:
        values = field_values(form, services.OBJECTIVE_FIELDS)
        if objective is None:
            return services.add_objective(current_user, programme, values=values)
        return services.update_objective(
            current_user, objective, values=values, expected_version=form.version.data
        )

    if run_form(form, save, "De subdoelstelling is opgeslagen."):
        return _back(programme, "doelstellingen")
    heading = f"{objective.title} bewerken" if objective else "Nieuwe subdoelstelling"
    return render_template("programmes/form.html", form=form, programme=programme, heading=heading)


@bp.route(
    "/<int:programme_id>/doelstellingen/<int:objective_id>/normen/nieuw", methods=["GET", "POST"]
)
@require("programme.edit")
def add_norm(programme_id: int, objective_id: int):
    programme = queries.get_programme(programme_id)
    objective = _part(Objective, objective_id, programme)
    form = NormForm(programme=programme)
    if run_form(
        form,
        lambda: services.add_norm(current_user, objective, values=_norm_values(form)),
        "De norm is opgeslagen.",
    ):
        return _back(programme, "doelstellingen")
    return render_template(
        "programmes/norm_form.html", form=form, programme=programme, objective=objective, norm=None
    )


@bp.route("/<int:programme_id>/normen/<int:norm_id>", methods=["GET", "POST"])
@require("programme.edit")
def edit_norm(programme_id: int, norm_id: int):
    programme = queries.get_programme(programme_id)
    norm = _part(ProgrammeNorm, norm_id, programme)
    form = NormForm(programme=programme, norm=norm)
    if run_form(
        form,
        lambda: services.update_norm(
            current_user, norm, values=_norm_values(form), expected_version=form.version.data
        ),
        "De norm is opgeslagen.",
    ):
        return _back(programme, "doelstellingen")
    return render_template(
        "programmes/norm_form.html",
        form=form,
        programme=programme,
        objective=norm.objective,
        norm=norm,
    )


def _norm_values(form: NormForm) -> dict:
    fields = tuple(name for name in services.NORM_FIELDS if name != "baselines")
    return field_values(form, fields) | {"baselines": form.baselines()}


@bp.route("/<int:programme_id>/normen/<int:norm_id>/realisatie", methods=["GET", "POST"])
@require("programme.edit")
def realisation(programme_id: int, norm_id: int):
    programme = queries.get_programme(programme_id)
    norm = _part(ProgrammeNorm, norm_id, programme)
    form = RealisationForm(programme=programme)
    if run_form(
        form,
        lambda: services.record_realisation(
            current_user,
            norm,
            year=form.year.data,
            value=form.value.data,
            rating=form.rating.data or None,
            note=form.note.data or "",
        ),
        "De realisatie is opgeslagen.",
    ):
        return _back(programme, "doelstellingen")
    return render_template(
        "programmes/realisation_form.html", form=form, programme=programme, norm=norm
    )


@bp.route("/<int:programme_id>/rapportages/nieuw", methods=["GET", "POST"])
@bp.route("/<int:programme_id>/rapportages/<int:report_id>", methods=["GET", "POST"])
@require("programme.edit")
def reporting_moment(programme_id: int, report_id: int | None = None):
    programme = queries.get_programme(programme_id)
    moment = _part(ReportingMoment, report_id, programme)
    form = ReportingMomentForm(obj=moment)

    def save() -> ReportingMoment:
        values = field_values(form, services.MOMENT_FIELDS)
        if moment is None:
            return services.add_reporting_moment(current_user, programme, values=values)
        return services.update_reporting_moment(
            current_user, moment, values=values, expected_version=form.version.data
        )

    if run_form(form, save, "Het rapportagemoment is opgeslagen."):
        return _back(programme, "rapportages")
    heading = f"{moment.title} bewerken" if moment else "Nieuw rapportagemoment"
    return render_template("programmes/form.html", form=form, programme=programme, heading=heading)

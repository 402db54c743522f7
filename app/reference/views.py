"""The functional administrator's pages for the reference registers: KPI definitions, target
groups and the PvE's standard texts, each a list, a form to add and a form to correct."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from app.core.audit import list_history
from app.extensions import db
from app.forms import VersionedForm, run_form
from app.pagination import requested_history_page
from app.permissions import require
from app.reference import services
from app.reference.forms import (
    KpiDefinitionForm,
    MunicipalityForm,
    SegmentationSchemeForm,
    SegmentForm,
    StandardClauseForm,
    TargetGroupForm,
    TargetGroupSizeForm,
)
from app.reference.models import Municipality, Segment, SegmentationScheme
from app.reference.queries import list_municipalities, list_schemes
from app.steering.models import KpiDefinition
from app.steering.queries import list_kpi_definitions
from app.tenders.clause_models import StandardClause
from app.tenders.models import TargetGroup
from app.tenders.queries import list_standard_clauses, list_target_groups

bp = Blueprint("reference", __name__, url_prefix="/beheer")
REGISTER = (
    "/<any(indicatoren, doelgroepen, standaardteksten, gemeenten, indelingen, segmenten):register>"
)


@dataclass(frozen=True)
class Register:
    model: type
    form: type[VersionedForm]
    items: Callable[[], list]
    title: str  # the list's heading
    new: str  # the new item's heading
    added: str  # flashed after adding


REGISTERS = {
    "indicatoren": Register(
        KpiDefinition,
        KpiDefinitionForm,
        list_kpi_definitions,
        "Prestatie-indicatoren",
        "Nieuwe prestatie-indicator",
        "De prestatie-indicator is toegevoegd; hij wordt voortaan bij elk bijsturingsmoment "
        "gevraagd.",
    ),
    "doelgroepen": Register(
        TargetGroup,
        TargetGroupForm,
        list_target_groups,
        "Doelgroepen",
        "Nieuwe doelgroep",
        "De doelgroep is toegevoegd.",
    ),
    "standaardteksten": Register(
        StandardClause,
        StandardClauseForm,
        list_standard_clauses,
        "Standaardteksten voor het PvE",
        "Nieuwe standaardtekst",
        "De standaardtekst is toegevoegd; nieuwe inkooptrajecten krijgen hem voortaan mee.",
    ),
    "gemeenten": Register(
        Municipality,
        MunicipalityForm,
        list_municipalities,
        "Gemeenten",
        "Nieuwe gemeente",
        "De gemeente is toegevoegd.",
    ),
    "indelingen": Register(
        SegmentationScheme,
        SegmentationSchemeForm,
        list_schemes,
        "Indelingen van doelgroepen",
        "Nieuwe indeling",
        "De indeling is toegevoegd; geef haar nu haar segmenten.",
    ),
    "segmenten": Register(
        Segment,
        SegmentForm,
        list_schemes,
        "Indelingen van doelgroepen",
        "Nieuw segment",
        "Het segment is toegevoegd.",
    ),
}


def form_values(form: VersionedForm) -> dict:
    return {name: field.data for name, field in form._fields.items()}


@bp.get("/")
@require("reference_data.manage")
def index():
    """What the functional administrator keeps, one link each (the menu has room for one)."""
    return render_template("reference/index.html")


@bp.get(REGISTER)
@require("reference_data.manage")
def items(register: str):
    if register == "segmenten":  # segments are listed under their scheme
        return redirect(url_for("reference.items", register="indelingen"))
    return render_template(
        f"reference/{register}.html",
        register=REGISTERS[register],
        items=REGISTERS[register].items(),
    )


@bp.route(REGISTER + "/nieuw", methods=["GET", "POST"])
@require("reference_data.manage")
def add_item(register: str):
    kind = REGISTERS[register]
    form = kind.form()
    if run_form(
        form,
        lambda: services.add_reference_item(current_user, kind.model, values=form_values(form)),
        kind.added,
    ):
        return redirect(url_for("reference.items", register=register))
    return render_template(
        "reference/form.html", form=form, item=None, register=register, kind=kind
    )


@bp.route(REGISTER + "/<int:item_id>", methods=["GET", "POST"])
@require("reference_data.manage")
def edit_item(register: str, item_id: int):
    kind = REGISTERS[register]
    item = db.get_or_404(kind.model, item_id)
    form = kind.form(obj=item)
    if run_form(
        form,
        lambda: services.update_reference_item(
            current_user, item, values=form_values(form), expected_version=form.version.data
        ),
        "De wijziging is opgeslagen.",
    ):
        return redirect(url_for("reference.items", register=register))
    return render_template(
        "reference/form.html",
        form=form,
        item=item,
        register=register,
        kind=kind,
        history=list_history(item, page=requested_history_page()),
        size_form=TargetGroupSizeForm() if kind.model is TargetGroup else None,
    )


@bp.post("/doelgroepen/<int:item_id>/omvang")
@require("reference_data.manage")
def set_size(item_id: int):
    group = db.get_or_404(TargetGroup, item_id)
    size_form = TargetGroupSizeForm()
    if run_form(
        size_form,
        lambda: services.set_target_group_size(
            current_user,
            group,
            year=size_form.year.data,
            low=size_form.low.data,
            high=size_form.high.data,
            note=size_form.note.data or "",
        ),
        "De verwachte omvang is opgeslagen.",
    ):
        return redirect(
            url_for(
                "reference.edit_item", register="doelgroepen", item_id=group.id, _anchor="omvang"
            )
        )
    kind = REGISTERS["doelgroepen"]
    return render_template(
        "reference/form.html",
        form=kind.form(obj=group),
        item=group,
        register="doelgroepen",
        kind=kind,
        history=list_history(group, page=requested_history_page()),
        size_form=size_form,
    )

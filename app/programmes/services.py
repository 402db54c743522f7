"""Use cases for programmes: the programme, its objectives and norms, realisations per year
and reporting moments, entered from the plan van aanpak and kept up by its owner."""

from datetime import date
from decimal import Decimal
from typing import Any

from app.auth.models import User
from app.core.audit import apply_changes, record_create
from app.core.errors import ValidationFailed
from app.core.models import check_version, known_fields, lock, touch
from app.core.money import to_money
from app.extensions import db
from app.programmes.models import (
    NormMeasure,
    Objective,
    Programme,
    ProgrammeNorm,
    Rating,
    Realisation,
    ReportingMoment,
    ReportKind,
)
from app.programmes.rules import rate_figure
from app.reference.models import Municipality
from app.steering.models import KpiUnit, NormBasis
from app.steering.rules import figure_problem

PROGRAMME_FIELDS = ("title", "main_objective", "source", "first_year", "last_year")
OBJECTIVE_FIELDS = ("title", "intended_results", "position")
NORM_FIELDS = (
    "text",
    "measure",
    "basis",
    "unit",
    "target_value",
    "tolerance_percent",
    "baselines",
    "position",
)
MOMENT_FIELDS = ("kind", "title", "due_on", "delivered_on", "note")


def _text(values: dict[str, Any], name: str) -> str:
    return (values.get(name) or "").strip()


def _programme_values(values: dict[str, Any]) -> dict[str, Any]:
    known_fields(values, PROGRAMME_FIELDS)
    if values["last_year"] < values["first_year"]:
        raise ValidationFailed.on("last_year", "Het laatste jaar ligt vóór het eerste.")
    return {
        **values,
        **{name: _text(values, name) for name in ("title", "main_objective", "source")},
    }


def create_programme(
    actor: User | None, municipality: Municipality, *, values: dict[str, Any]
) -> Programme:
    programme = Programme(municipality=municipality, **_programme_values(values))
    db.session.add(programme)
    record_create(actor, programme)
    return programme


def update_programme(
    actor: User, programme: Programme, *, values: dict[str, Any], expected_version: int | None
) -> Programme:
    check_version(programme, expected_version)
    apply_changes(actor, programme, _programme_values(values))
    return programme


def _objective_values(values: dict[str, Any]) -> dict[str, Any]:
    known_fields(values, OBJECTIVE_FIELDS)
    return {
        "title": _text(values, "title"),
        "intended_results": _text(values, "intended_results"),
        "position": values.get("position") or 0,
    }


def add_objective(actor: User | None, programme: Programme, *, values: dict) -> Objective:
    objective = Objective(programme=programme, **_objective_values(values))
    db.session.add(objective)
    touch(programme)
    record_create(actor, objective)
    return objective


def update_objective(
    actor: User, objective: Objective, *, values: dict[str, Any], expected_version: int | None
) -> Objective:
    check_version(objective, expected_version)
    if apply_changes(actor, objective, _objective_values(values)):
        touch(objective.programme)
    return objective


def _norm_values(values: dict[str, Any]) -> dict[str, Any]:
    """A figure needs its kind, unit and target; a described commitment has none of them."""
    known_fields(values, NORM_FIELDS)
    measure = NormMeasure(values["measure"])
    figure = {"basis": None, "unit": None, "target_value": None, "baselines": {}}
    if measure == NormMeasure.FIGURE:
        if not values.get("basis"):
            raise ValidationFailed.on(
                "basis",
                "Kies of de norm een vast getal is of een percentage boven het "
                "meerjarig gemiddelde.",
            )
        basis = NormBasis(values["basis"])
        unit = KpiUnit.PERCENT if basis == NormBasis.RELATIVE else values.get("unit")
        if not unit:
            raise ValidationFailed.on("unit", "Kies de eenheid van de norm.")
        target: Decimal | None = values.get("target_value")
        if target is None:
            raise ValidationFailed.on("target_value", "Vul de streefwaarde in.")
        # A relative norm's figures of the years before the programme, as JSON.
        baselines = {
            str(year): str(to_money(value))
            for year, value in sorted((values.get("baselines") or {}).items())
            if value is not None and basis == NormBasis.RELATIVE
        }
        figure = {
            "basis": basis,
            "unit": KpiUnit(unit),
            "target_value": target,
            "baselines": baselines,
        }
    text = _text(values, "text")
    if not text:
        raise ValidationFailed.on("text", "Beschrijf de norm.")
    return {
        "text": text,
        "measure": measure,
        **figure,
        "tolerance_percent": values.get("tolerance_percent") or Decimal("10"),
        "position": values.get("position") or 0,
    }


def add_norm(actor: User | None, objective: Objective, *, values: dict) -> ProgrammeNorm:
    norm = ProgrammeNorm(objective=objective, **_norm_values(values))
    db.session.add(norm)
    touch(objective.programme)
    record_create(actor, norm)
    return norm


def update_norm(
    actor: User, norm: ProgrammeNorm, *, values: dict[str, Any], expected_version: int | None
) -> ProgrammeNorm:
    check_version(norm, expected_version)
    if norm.realisations and NormMeasure(values["measure"]) != norm.measure:
        raise ValidationFailed.on(
            "measure", "Deze norm heeft al realisaties; de meting blijft zoals ze was."
        )
    if apply_changes(actor, norm, _norm_values(values)):
        touch(norm.objective.programme)
    return norm


def record_realisation(
    actor: User | None,
    norm: ProgrammeNorm,
    *,
    year: int,
    value: Decimal | None,
    rating: str | None,
    note: str = "",
) -> Realisation:
    """A year's realisation, rated: a figure by its norm, a described commitment as the
    officer assesses it. The year's earlier entry is corrected, not doubled."""
    programme = norm.objective.programme
    lock(programme, norm)  # the programme's version moves on with every realisation
    if not programme.first_year <= year <= programme.last_year:
        raise ValidationFailed.on(
            "year",
            f"Kies een jaar van het programma ({programme.first_year}–{programme.last_year}).",
        )
    norm_value = None
    if norm.measure == NormMeasure.FIGURE:
        if value is None:
            raise ValidationFailed.on("value", "Vul de realisatie in.")
        problem = figure_problem(value, norm.unit.value)
        if problem:
            raise ValidationFailed.on("value", problem)
        earlier = norm.baseline_values | {
            known.year: known.value
            for known in norm.realisations
            if known.year < year and known.value is not None
        }
        try:
            rating, norm_value = rate_figure(
                relative=norm.basis == NormBasis.RELATIVE,
                target=norm.target_value,
                tolerance_percent=norm.tolerance_percent,
                earlier=earlier,
                year=year,
                value=value,
            )
        except ValueError as missing:
            raise ValidationFailed.on("value", str(missing)) from None
    elif not rating:
        raise ValidationFailed.on(
            "rating", "Beoordeel de inzet: gehaald, net niet gehaald of niet gehaald."
        )
    values = {
        "value": value if norm.measure == NormMeasure.FIGURE else None,
        "norm_value": norm_value,
        "rating": Rating(rating),
        "note": note.strip(),
    }
    realisation = next((known for known in norm.realisations if known.year == year), None)
    if realisation is None:
        realisation = Realisation(norm=norm, year=year, **values)
        db.session.add(realisation)
        record_create(actor, realisation)
        touch(programme)
    elif apply_changes(actor, realisation, values):
        touch(programme)
    return realisation


def _moment_values(values: dict[str, Any]) -> dict[str, Any]:
    known_fields(values, MOMENT_FIELDS)
    delivered: date | None = values.get("delivered_on")
    return {
        "kind": ReportKind(values["kind"]),
        "title": _text(values, "title"),
        "due_on": values["due_on"],
        "delivered_on": delivered,
        "note": _text(values, "note"),
    }


def add_reporting_moment(
    actor: User | None, programme: Programme, *, values: dict[str, Any]
) -> ReportingMoment:
    moment = ReportingMoment(programme=programme, **_moment_values(values))
    db.session.add(moment)
    touch(programme)
    record_create(actor, moment)
    return moment


def update_reporting_moment(
    actor: User, moment: ReportingMoment, *, values: dict[str, Any], expected_version: int | None
) -> ReportingMoment:
    check_version(moment, expected_version)
    if apply_changes(actor, moment, _moment_values(values)):
        touch(moment.programme)
    return moment

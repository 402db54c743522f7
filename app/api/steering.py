"""Reading a steering-moment body for the API; every problem becomes a field error."""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from app.core.errors import ValidationFailed
from app.steering.models import KpiDefinition, MomentStatus, SteeringDecision
from app.steering.rules import figure_problem

FIELDS = {
    "held_on",
    "results",
    "findings",
    "decision",
    "significant",
    "outcome",
    "actions",
    "version",
}
RESULT_FIELDS = {"kpi", "value", "note"}
ACTION_FIELDS = {"text", "owner", "due_on"}


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def parse_moment_request(body: dict, kpis: list[KpiDefinition]) -> dict[str, Any]:
    """The request body of a steering moment, checked field by field with every error at once (the
    API's counterpart of the form). Long because each field's check and Dutch message is spelled out
    where it is read."""
    errors: dict[str, list[str]] = {}
    for name in sorted(set(body) - FIELDS):
        errors[name] = ["Onbekend veld."]
    by_code = {kpi.code: kpi for kpi in kpis}
    results: dict[int, tuple[Decimal | None, str]] = {}
    rows = body.get("results")
    if not isinstance(rows, list):
        errors["results"] = ["Geef een lijst van realisaties: {kpi, value, note}."]
        rows = []
    for index, row in enumerate(rows):
        prefix = f"results[{index}]"
        if not isinstance(row, dict) or set(row) - RESULT_FIELDS:
            errors[prefix] = ["Een realisatie heeft alleen kpi, value en note."]
            continue
        kpi = by_code.get(row.get("kpi"))
        if kpi is None:
            errors[f"{prefix}.kpi"] = [f"Kies een van: {', '.join(sorted(by_code))}."]
            continue
        try:
            value = Decimal(str(row.get("value")))
            if isinstance(row.get("value"), bool) or not value.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            errors[f"{prefix}.value"] = ['Geef een getal, bijvoorbeeld "12" of "12.5".']
            continue
        if problem := figure_problem(value, kpi.unit.value):
            errors[f"{prefix}.value"] = [problem]
        results[kpi.id] = (value, str(row.get("note", "")))
    decision = body.get("decision")
    if decision not in (None, *(d.value for d in SteeringDecision)):
        errors["decision"] = [f"Kies een van: {', '.join(d.value for d in SteeringDecision)}."]
    outcome = body.get("outcome")
    logged = [s.value for s in MomentStatus if s != MomentStatus.SCHEDULED]
    if outcome not in (None, *logged):
        errors["outcome"] = [f"Kies een van: {', '.join(logged)}."]
    actions = []
    for index, row in enumerate(
        body.get("actions", []) if isinstance(body.get("actions", []), list) else [None]
    ):
        if (
            not isinstance(row, dict)
            or set(row) - ACTION_FIELDS
            or not str(row.get("text", "")).strip()
        ):
            errors[f"actions[{index}]"] = ["Een afspraak heeft text, owner en due_on."]
            continue
        actions.append(
            {
                "text": str(row["text"]),
                "owner": str(row.get("owner", "")),
                "due_on": _date(row.get("due_on")),
            }
        )
    version = body.get("version")
    if version is None:  # required: a write never silently overwrites what it has not seen
        errors["version"] = ["Geef de versie mee die u het laatst las (veld version)."]
    elif isinstance(version, bool) or not isinstance(version, int):
        errors["version"] = ["Geef een geheel getal."]
    held_on = _date(body.get("held_on")) if body.get("held_on") is not None else None
    if body.get("held_on") is not None and held_on is None:
        errors["held_on"] = ["Geef een datum als JJJJ-MM-DD."]
    if not isinstance(body.get("significant", False), bool):
        errors["significant"] = ["Geef true of false."]
    if errors:
        raise ValidationFailed("Het bijsturingsmoment klopt niet.", errors)
    return {
        "held_on": held_on,
        "results": results,
        "findings": str(body.get("findings", "")),
        "decision": decision,
        "significant": body.get("significant", False),
        "chosen_outcome": outcome,
        "actions": actions,
        "version": version,
    }

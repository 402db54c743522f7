"""A programme loaded from a seed file: objectives, norms and reporting moments as the plan
van aanpak states them, through the same services a person uses."""

from decimal import Decimal

from app.auth.models import User
from app.programmes.services import (
    add_norm,
    add_objective,
    add_reporting_moment,
    create_programme,
)
from app.reference.models import Municipality


def load_programme(actor: User | None, municipality: Municipality, row: dict) -> int:
    """One programme ({title, main_objective, source, first_year, last_year, objectives:
    [{title, intended_results, norms}], reporting_moments}). Returns the number of norms."""
    fields = ("title", "main_objective", "source", "first_year", "last_year")
    programme = create_programme(
        actor, municipality, values={name: row.get(name, "") for name in fields}
    )
    norms = 0
    for position, objective_row in enumerate(row["objectives"], start=1):
        objective = add_objective(
            actor,
            programme,
            values={
                "title": objective_row["title"],
                "intended_results": objective_row.get("intended_results", ""),
                "position": position,
            },
        )
        for norm_position, norm in enumerate(objective_row["norms"], start=1):
            target = norm.get("target_value")
            values = {
                **norm,
                "target_value": None if target is None else Decimal(target),
                "position": norm_position,
            }
            add_norm(actor, objective, values=values)
            norms += 1
    for moment in row.get("reporting_moments", []):
        add_reporting_moment(actor, programme, values=moment)
    return norms

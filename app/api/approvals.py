"""Reading an approval request's collegevoorstel texts from JSON."""

from app.approvals.models import Decision
from app.approvals.rules import PROPOSAL_LISTS, PROPOSAL_TEXTS
from app.core.errors import ValidationFailed
from app.extensions import db

PROPOSAL_FIELDS = {"registration_number", "short_title", *PROPOSAL_TEXTS, *PROPOSAL_LISTS}


def parse_proposal(value) -> dict:
    """Texts are strings, lists are arrays of strings; the service checks what is required."""
    if not isinstance(value, dict):
        raise ValidationFailed(
            "Het collegevoorstel ontbreekt.", {"proposal": ["Geef een object met de teksten."]}
        )
    errors = {f"proposal.{name}": ["Onbekend veld."] for name in set(value) - PROPOSAL_FIELDS}
    for name in PROPOSAL_FIELDS & set(value):
        wanted = list if name in PROPOSAL_LISTS else str
        items = value[name] if wanted is list and isinstance(value[name], list) else [value[name]]
        if not isinstance(value[name], wanted) or not all(isinstance(i, str) for i in items):
            kind = "een lijst met teksten" if wanted is list else "een tekst"
            errors[f"proposal.{name}"] = [f"Geef {kind}."]
    if errors:
        raise ValidationFailed("Het collegevoorstel klopt niet.", errors)
    return value


def earlier_decisions(references) -> list[Decision]:
    """Earlier decisions by their reference, e.g. ["BBV2017/261113"]."""
    if not isinstance(references, list) or not all(isinstance(r, str) for r in references):
        raise ValidationFailed(
            "De eerdere besluiten kloppen niet.",
            {"earlier_decisions": ["Geef een lijst met kenmerken."]},
        )
    found = list(db.session.scalars(db.select(Decision).where(Decision.reference.in_(references))))
    missing = sorted(set(references) - {d.reference for d in found})
    if missing:
        raise ValidationFailed(
            "Onbekend eerder besluit.",
            {"earlier_decisions": [f"Onbekend kenmerk: {', '.join(missing)}."]},
        )
    return found

"""The earlier decisions an approval request cites, by their reference."""

from app.approvals.models import Decision
from app.core.errors import ValidationFailed
from app.extensions import db


def earlier_decisions(references: list[str]) -> list[Decision]:
    """Earlier decisions by their reference, e.g. ["BBV2017/261113"]."""
    found = list(db.session.scalars(db.select(Decision).where(Decision.reference.in_(references))))
    missing = sorted(set(references) - {d.reference for d in found})
    if missing:
        raise ValidationFailed(
            "Onbekend eerder besluit.",
            {"earlier_decisions": [f"Onbekend kenmerk: {', '.join(missing)}."]},
        )
    return found

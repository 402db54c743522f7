"""Reads of programmes."""

from sqlalchemy.orm import selectinload

from app.extensions import db
from app.programmes.models import Objective, Programme, ProgrammeNorm
from app.reference.models import Municipality


def list_programmes() -> list[Programme]:
    query = (
        db.select(Programme)
        .join(Programme.municipality)
        .options(selectinload(Programme.municipality))
        .order_by(Municipality.name, Programme.first_year.desc())
    )
    return list(db.session.scalars(query))


def get_programme(programme_id: int) -> Programme:
    query = (
        db.select(Programme)
        .filter_by(id=programme_id)
        .options(
            selectinload(Programme.municipality),
            selectinload(Programme.reporting_moments),
            selectinload(Programme.objectives)
            .selectinload(Objective.norms)
            .selectinload(ProgrammeNorm.realisations),
        )
    )
    return db.first_or_404(query)

"""Reads of the municipalities and their segmentation schemes."""

from sqlalchemy.orm import selectinload

from app.extensions import db
from app.reference.models import Municipality, SegmentationScheme


def list_municipalities() -> list[Municipality]:
    query = db.select(Municipality).options(selectinload(Municipality.scheme))
    return list(db.session.scalars(query.order_by(Municipality.name)))


def list_schemes() -> list[SegmentationScheme]:
    query = db.select(SegmentationScheme).options(selectinload(SegmentationScheme.segments))
    return list(db.session.scalars(query.order_by(SegmentationScheme.name)))


def find_municipality(name: str) -> Municipality | None:
    return db.session.scalar(db.select(Municipality).filter_by(name=name))

"""Reference data beyond one municipality: the municipalities, the segmentation schemes their
target groups are sorted by (Sol's "Fit or Unfit" in Haarlem and Zaanstad, Fenger's three
perspectives in Pijnacker-Nootdorp; docs/domain.md §§ 2.1, 2.2) and the groups' expected sizes."""

from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import Versioned
from app.extensions import db

if TYPE_CHECKING:
    from app.tenders.models import TargetGroup


class SegmentationScheme(Versioned, db.Model):
    __tablename__ = "segmentation_schemes"
    __label__ = "Indeling"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True, info={"label": "code"})
    name: Mapped[str] = mapped_column(sa.String(200), info={"label": "naam"})
    source: Mapped[str] = mapped_column(sa.Text, default="", info={"label": "bron"})

    segments: Mapped[list["Segment"]] = relationship(
        back_populates="scheme", order_by="(Segment.position, Segment.id)"
    )


class Segment(Versioned, db.Model):
    __tablename__ = "segments"
    __label__ = "Segment"

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("segmentation_schemes.id"), index=True, info={"label": "indeling"}
    )
    # As the source numbers or names it: "2.1", "werken aan".
    code: Mapped[str] = mapped_column(sa.String(20), info={"label": "code"})
    name: Mapped[str] = mapped_column(sa.String(200), info={"label": "naam"})
    description: Mapped[str] = mapped_column(sa.Text, default="", info={"label": "omschrijving"})
    position: Mapped[int] = mapped_column(default=0, info={"label": "volgorde"})

    scheme: Mapped[SegmentationScheme] = relationship(back_populates="segments")

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}" if self.code[0].isdigit() else self.name

    __table_args__ = (sa.UniqueConstraint("scheme_id", "code", name="uq_segments_scheme_code"),)


class Municipality(Versioned, db.Model):
    __tablename__ = "municipalities"
    __label__ = "Gemeente"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True, info={"label": "code"})
    name: Mapped[str] = mapped_column(sa.String(100), unique=True, info={"label": "naam"})
    scheme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("segmentation_schemes.id"), index=True, info={"label": "indeling"}
    )

    scheme: Mapped[SegmentationScheme] = relationship()


class TargetGroupSize(Versioned, db.Model):
    """How many people a target group is expected to count in a year, as a range where the
    source gives one ("50 tot 70 werkzoekenden per jaar")."""

    __tablename__ = "target_group_sizes"
    __label__ = "Verwachte omvang"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_group_id: Mapped[int] = mapped_column(
        sa.ForeignKey("target_groups.id"), index=True, info={"label": "doelgroep"}
    )
    year: Mapped[int] = mapped_column(info={"label": "jaar"})
    low: Mapped[int] = mapped_column(info={"label": "ten minste"})
    high: Mapped[int] = mapped_column(info={"label": "ten hoogste"})
    note: Mapped[str] = mapped_column(sa.String(500), default="", info={"label": "toelichting"})

    target_group: Mapped["TargetGroup"] = relationship(back_populates="sizes")

    @property
    def label(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}–{self.high}"

    __table_args__ = (
        sa.UniqueConstraint("target_group_id", "year", name="uq_target_group_sizes_group_year"),
        sa.CheckConstraint("low >= 0 AND high >= low", name="size_range"),
    )

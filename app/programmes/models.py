"""A municipality's programme (plan van aanpak): its objectives with intended results and
norms, the realisations per year, and the reporting moments of the planning & control cycle.
Norms here belong to the programme, not to a contract (Pijnacker-Nootdorp's Bijlage 1)."""

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import Timestamped, Versioned
from app.core.statuses import LabeledEnum, enum_column
from app.extensions import db
from app.steering.models import KpiUnit, NormBasis, Quantity

if TYPE_CHECKING:
    from app.reference.models import Municipality


class Programme(Timestamped, Versioned, db.Model):
    __tablename__ = "programmes"
    __label__ = "Programma"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipalities.id"), index=True, info={"label": "gemeente"}
    )
    title: Mapped[str] = mapped_column(sa.String(300), info={"label": "titel"})
    main_objective: Mapped[str] = mapped_column(
        sa.Text, default="", info={"label": "hoofddoelstelling"}
    )
    source: Mapped[str] = mapped_column(sa.Text, default="", info={"label": "bron"})
    first_year: Mapped[int] = mapped_column(info={"label": "eerste jaar"})
    last_year: Mapped[int] = mapped_column(info={"label": "laatste jaar"})

    municipality: Mapped["Municipality"] = relationship()
    objectives: Mapped[list["Objective"]] = relationship(
        back_populates="programme",
        order_by="(Objective.position, Objective.id)",
        cascade="all, delete-orphan",
    )
    reporting_moments: Mapped[list["ReportingMoment"]] = relationship(
        back_populates="programme",
        order_by="(ReportingMoment.due_on, ReportingMoment.id)",
        cascade="all, delete-orphan",
    )

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    __table_args__ = (sa.CheckConstraint("last_year >= first_year", name="years"),)


class Objective(Versioned, db.Model):
    __tablename__ = "objectives"
    __label__ = "Subdoelstelling"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programmes.id"), index=True, info={"label": "programma"}
    )
    title: Mapped[str] = mapped_column(sa.String(300), info={"label": "subdoelstelling"})
    intended_results: Mapped[str] = mapped_column(
        sa.Text, default="", info={"label": "beoogde resultaten"}
    )
    position: Mapped[int] = mapped_column(default=0, info={"label": "volgorde"})

    programme: Mapped[Programme] = relationship(back_populates="objectives")
    norms: Mapped[list["ProgrammeNorm"]] = relationship(
        back_populates="objective",
        order_by="(ProgrammeNorm.position, ProgrammeNorm.id)",
        cascade="all, delete-orphan",
    )


class NormMeasure(LabeledEnum):
    """How a programme norm is measured: a figure (fixed, or relative to the multi-year
    average) or a described commitment the responsible officer assesses."""

    FIGURE = "figure", "Een getal"
    DESCRIBED = "described", "Een beschreven inzet"


class ProgrammeNorm(Versioned, db.Model):
    __tablename__ = "programme_norms"
    __label__ = "Norm"

    id: Mapped[int] = mapped_column(primary_key=True)
    objective_id: Mapped[int] = mapped_column(
        sa.ForeignKey("objectives.id"), index=True, info={"label": "subdoelstelling"}
    )
    text: Mapped[str] = mapped_column(sa.Text, info={"label": "norm"})
    measure: Mapped[NormMeasure] = enum_column(
        NormMeasure, "norm_measure", info={"label": "meting"}
    )
    basis: Mapped[NormBasis | None] = enum_column(
        NormBasis, "programme_norm_basis", nullable=True, info={"label": "soort norm"}
    )
    unit: Mapped[KpiUnit | None] = enum_column(
        KpiUnit, "programme_norm_unit", nullable=True, info={"label": "eenheid"}
    )
    # Fixed: the figure to reach per year; relative: the percentage above the average.
    target_value: Mapped[Decimal | None] = mapped_column(Quantity, info={"label": "streefwaarde"})
    tolerance_percent: Mapped[Decimal] = mapped_column(
        sa.Numeric(5, 2), default=Decimal("10"), info={"label": "marge (%)"}
    )
    # A relative norm's figures of the years before the first realisation ({year: value}).
    baselines: Mapped[dict] = mapped_column(sa.JSON, default=dict, info={"label": "basiswaarden"})
    position: Mapped[int] = mapped_column(default=0, info={"label": "volgorde"})

    objective: Mapped[Objective] = relationship(back_populates="norms")
    realisations: Mapped[list["Realisation"]] = relationship(
        back_populates="norm", order_by="Realisation.year", cascade="all, delete-orphan"
    )

    @property
    def is_relative(self) -> bool:
        return self.basis == NormBasis.RELATIVE

    @property
    def baseline_values(self) -> dict[int, Decimal]:
        return {int(year): Decimal(value) for year, value in (self.baselines or {}).items()}

    __table_args__ = (
        sa.CheckConstraint(
            "measure = 'described' OR (basis IS NOT NULL AND unit IS NOT NULL "
            "AND target_value IS NOT NULL)",
            name="figure_norm",
        ),
        sa.CheckConstraint("tolerance_percent >= 0", name="tolerance"),
    )


class Rating(LabeledEnum):
    GREEN = "green", "Gehaald"
    AMBER = "amber", "Net niet gehaald"
    RED = "red", "Niet gehaald"


class Realisation(Versioned, db.Model):
    __tablename__ = "realisations"
    __label__ = "Realisatie"

    id: Mapped[int] = mapped_column(primary_key=True)
    norm_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programme_norms.id"), index=True, info={"label": "norm"}
    )
    year: Mapped[int] = mapped_column(info={"label": "jaar"})
    value: Mapped[Decimal | None] = mapped_column(Quantity, info={"label": "realisatie"})
    # The norm that applied (a relative norm's changes with every year's average).
    norm_value: Mapped[Decimal | None] = mapped_column(Quantity, info={"label": "norm dat jaar"})
    rating: Mapped[Rating] = enum_column(Rating, "realisation_rating", info={"label": "oordeel"})
    note: Mapped[str] = mapped_column(sa.Text, default="", info={"label": "toelichting"})

    norm: Mapped[ProgrammeNorm] = relationship(back_populates="realisations")

    __table_args__ = (sa.UniqueConstraint("norm_id", "year", name="uq_realisations_norm_year"),)


class ReportKind(LabeledEnum):
    ANNUAL_REPORT = "annual_report", "Jaarverslag"
    PROGRESS_REPORT = "progress_report", "Voortgangsrapportage"
    EVALUATION = "evaluation", "Evaluatie"
    COUNCIL_DECISION = "council_decision", "Raadsbesluit"


class ReportingMoment(Versioned, db.Model):
    __tablename__ = "reporting_moments"
    __label__ = "Rapportagemoment"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programmes.id"), index=True, info={"label": "programma"}
    )
    kind: Mapped[ReportKind] = enum_column(ReportKind, "report_kind", info={"label": "soort"})
    title: Mapped[str] = mapped_column(sa.String(300), info={"label": "titel"})
    due_on: Mapped[date] = mapped_column(info={"label": "uiterlijk op"})
    delivered_on: Mapped[date | None] = mapped_column(info={"label": "verschenen op"})
    note: Mapped[str] = mapped_column(sa.Text, default="", info={"label": "toelichting"})

    programme: Mapped[Programme] = relationship(back_populates="reporting_moments")

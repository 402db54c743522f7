"""KPI definitions and targets, steering moments with their results and agreed actions."""

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import Timestamp, Timestamped, Versioned, index_where_set
from app.core.statuses import LabeledEnum, StatusFlow, enum_column
from app.extensions import db

if TYPE_CHECKING:
    from app.contracts.models import FrameworkContract

Quantity = sa.Numeric(14, 2, asdecimal=True)


class KpiUnit(LabeledEnum):
    COUNT = "count", "Aantal"
    PERCENT = "percent", "Percentage"
    EUR = "eur", "Euro"
    DAYS = "days", "Dagen"


class KpiDirection(LabeledEnum):
    HIGHER_IS_BETTER = "higher_is_better", "Hoger is beter"
    LOWER_IS_BETTER = "lower_is_better", "Lager is beter"


class KpiDefinition(Timestamped, Versioned, db.Model):
    __tablename__ = "kpi_definitions"
    __label__ = "Prestatie-indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True, info={"label": "code"})
    name: Mapped[str] = mapped_column(sa.String(200), info={"label": "naam"})
    description: Mapped[str] = mapped_column(sa.Text, default="", info={"label": "omschrijving"})
    measured_when: Mapped[str] = mapped_column(
        sa.String(500), default="", server_default="", info={"label": "wanneer gemeten"}
    )
    unit: Mapped[KpiUnit] = enum_column(KpiUnit, "kpi_unit", info={"label": "eenheid"})
    direction: Mapped[KpiDirection] = enum_column(
        KpiDirection, "kpi_direction", info={"label": "richting"}
    )
    position: Mapped[int] = mapped_column(default=0, info={"label": "volgorde"})


class NormBasis(LabeledEnum):
    ABSOLUTE = "absolute", "Vaste norm"
    RELATIVE = "relative", "% boven het meerjarig gemiddelde"


class KpiTarget(Timestamped, Versioned, db.Model):
    """The norm for one KPI, set on a lot (tender) or a contract (overrides the lot).

    A fixed norm is `target_value` itself. A relative norm (Pijnacker-Nootdorp, docs/domain.md
    §5.5) is `target_value` percent above the multi-year average: the mean of the reporting
    year's result and the `baselines` of the three years before it ({year: value})."""

    __tablename__ = "kpi_targets"
    __label__ = "Norm"

    id: Mapped[int] = mapped_column(primary_key=True)
    kpi_definition_id: Mapped[int] = mapped_column(
        sa.ForeignKey("kpi_definitions.id"), index=True, info={"label": "indicator"}
    )
    lot_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("lots.id"), index=True, info={"label": "perceel"}
    )
    contract_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("framework_contracts.id"), info={"label": "contract"}
    )
    target_value: Mapped[Decimal] = mapped_column(Quantity, info={"label": "norm"})
    tolerance_percent: Mapped[Decimal] = mapped_column(
        sa.Numeric(5, 2), default=Decimal("10"), info={"label": "tolerantie (%)"}
    )
    basis: Mapped[NormBasis] = enum_column(
        NormBasis,
        "norm_basis",
        default=NormBasis.ABSOLUTE,
        server_default="absolute",
        info={"label": "soort norm"},
    )
    baselines: Mapped[dict] = mapped_column(
        sa.JSON, default=dict, server_default="{}", info={"label": "basiswaarden"}
    )

    kpi_definition: Mapped[KpiDefinition] = relationship()

    @property
    def is_relative(self) -> bool:
        return self.basis == NormBasis.RELATIVE

    def baseline_values(self) -> dict[int, Decimal]:
        return {int(year): Decimal(value) for year, value in (self.baselines or {}).items()}

    __table_args__ = (
        sa.CheckConstraint("(lot_id IS NULL) <> (contract_id IS NULL)", name="lot_or_contract"),
        sa.CheckConstraint("tolerance_percent >= 0", name="tolerance"),
        # One norm per KPI and owner (the other owner column is NULL, which never collides).
        sa.UniqueConstraint("lot_id", "kpi_definition_id", name="uq_kpi_targets_lot_kpi"),
        sa.UniqueConstraint("contract_id", "kpi_definition_id", name="uq_kpi_targets_contract_kpi"),
        index_where_set("kpi_targets", "contract_id"),  # most norms are a lot's
    )


class MomentStatus(LabeledEnum):
    SCHEDULED = "scheduled", "Gepland"
    MET = "met", "Behaald"
    PARTIALLY_MET = "partially_met", "Deels behaald"
    NOT_MET = "not_met", "Niet behaald"


class SteeringDecision(LabeledEnum):
    CONTINUE = "continue", "Voortzetten"
    ADJUST = "adjust", "Bijsturen"
    ESCALATE = "escalate", "Escaleren"
    PREPARE_TERMINATION = "prepare_termination", "Beëindiging voorbereiden"
    PREPARE_EXTENSION = "prepare_extension", "Verlengingsbesluit voorbereiden"


class SteeringMoment(StatusFlow, Timestamped, Versioned, db.Model):
    __tablename__ = "steering_moments"
    __label__ = "Bijsturingsmoment"

    LOGGED = {MomentStatus.MET, MomentStatus.PARTIALLY_MET, MomentStatus.NOT_MET}
    # A logged moment can be corrected to another outcome; it never returns to scheduled.
    TRANSITIONS = {
        MomentStatus.SCHEDULED: LOGGED,
        MomentStatus.MET: LOGGED,
        MomentStatus.PARTIALLY_MET: LOGGED,
        MomentStatus.NOT_MET: LOGGED,
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        sa.ForeignKey("framework_contracts.id"), index=True, info={"label": "contract"}
    )
    sequence: Mapped[int] = mapped_column(info={"label": "volgnummer"})
    period_start_on: Mapped[date] = mapped_column(info={"label": "periode vanaf"})
    period_end_on: Mapped[date] = mapped_column(info={"label": "periode t/m"})
    due_on: Mapped[date] = mapped_column(index=True, info={"label": "uiterlijk op"})
    status: Mapped[MomentStatus] = enum_column(
        MomentStatus, "moment_status", default=MomentStatus.SCHEDULED, info={"label": "status"}
    )
    held_on: Mapped[date | None] = mapped_column(info={"label": "gehouden op"})
    findings: Mapped[str] = mapped_column(sa.Text, default="", info={"label": "bevindingen"})
    decision: Mapped[SteeringDecision | None] = enum_column(
        SteeringDecision, "steering_decision", nullable=True, info={"label": "besluit"}
    )
    significant: Mapped[bool] = mapped_column(default=False, info={"label": "ingrijpend besluit"})
    logged_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id"), info={"label": "vastgelegd door"}
    )
    logged_at: Mapped[datetime | None] = mapped_column(Timestamp, info={"bookkeeping": True})
    # Signal state (app/contracts/signal_state.py): whether the contract still runs, so that the
    # overdue signals walk the open rows of running contracts only, never the history.
    contract_running: Mapped[bool] = mapped_column(
        default=True, server_default=sa.true(), info={"bookkeeping": True}
    )

    contract: Mapped["FrameworkContract"] = relationship(back_populates="steering_moments")
    results: Mapped[list["KpiResult"]] = relationship(
        back_populates="steering_moment", cascade="all, delete-orphan"
    )
    actions: Mapped[list["Action"]] = relationship(back_populates="steering_moment")

    __table_args__ = (
        sa.UniqueConstraint("contract_id", "sequence", name="uq_steering_moments_contract_seq"),
        index_where_set("steering_moments", "logged_by_id"),  # scheduled ones have none
        sa.CheckConstraint("period_end_on >= period_start_on", name="period"),
        sa.Index(  # overdue signal
            "ix_steering_moments_running_status_due_on", "contract_running", "status", "due_on"
        ),
    )


class Rating(LabeledEnum):
    GREEN = "green", "Groen"
    AMBER = "amber", "Oranje"
    RED = "red", "Rood"


class KpiResult(Timestamped, Versioned, db.Model):
    __tablename__ = "kpi_results"
    __label__ = "Realisatie"

    id: Mapped[int] = mapped_column(primary_key=True)
    steering_moment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("steering_moments.id"), index=True, info={"bookkeeping": True}
    )
    kpi_definition_id: Mapped[int] = mapped_column(
        sa.ForeignKey("kpi_definitions.id"), index=True, info={"label": "indicator"}
    )
    value: Mapped[Decimal] = mapped_column(Quantity, info={"label": "waarde"})
    target_value: Mapped[Decimal | None] = mapped_column(Quantity, info={"label": "norm"})
    rating: Mapped[Rating | None] = enum_column(
        Rating, "rating", nullable=True, info={"label": "beoordeling"}
    )
    note: Mapped[str] = mapped_column(sa.Text, default="", info={"label": "toelichting"})
    # How a relative norm was derived for this result, as shown beside it.
    target_note: Mapped[str] = mapped_column(
        sa.String(300), default="", server_default="", info={"label": "afleiding norm"}
    )

    # Signal state (app/contracts/signal_state.py): the result belongs to its running
    # contract's latest logged moment, so the overview counts colours over these alone.
    latest: Mapped[bool] = mapped_column(
        default=False, server_default=sa.false(), info={"bookkeeping": True}
    )

    steering_moment: Mapped[SteeringMoment] = relationship(back_populates="results")
    kpi_definition: Mapped[KpiDefinition] = relationship()

    __table_args__ = (
        sa.UniqueConstraint(
            "steering_moment_id", "kpi_definition_id", name="uq_kpi_results_moment_kpi"
        ),
        sa.Index("ix_kpi_results_latest_kpi_rating", "latest", "kpi_definition_id", "rating"),
    )


class ActionStatus(LabeledEnum):
    OPEN = "open", "Open"
    DONE = "done", "Afgerond"
    CANCELLED = "cancelled", "Vervallen"


class Action(StatusFlow, Timestamped, Versioned, db.Model):
    __tablename__ = "actions"
    __label__ = "Bijsturingsafspraak"

    TRANSITIONS = {
        ActionStatus.OPEN: {ActionStatus.DONE, ActionStatus.CANCELLED},
        ActionStatus.DONE: {ActionStatus.OPEN},
        ActionStatus.CANCELLED: {ActionStatus.OPEN},
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        sa.ForeignKey("framework_contracts.id"), index=True, info={"label": "contract"}
    )
    steering_moment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("steering_moments.id"), index=True, info={"bookkeeping": True}
    )
    text: Mapped[str] = mapped_column(sa.Text, info={"label": "tekst"})
    owner: Mapped[str] = mapped_column(sa.String(200), info={"label": "eigenaar"})
    due_on: Mapped[date] = mapped_column(index=True, info={"label": "uiterlijk op"})
    status: Mapped[ActionStatus] = enum_column(
        ActionStatus, "action_status", default=ActionStatus.OPEN, info={"label": "status"}
    )
    # Signal state (app/contracts/signal_state.py): whether the contract still runs, so that the
    # overdue signals walk the open rows of running contracts only, never the history.
    contract_running: Mapped[bool] = mapped_column(
        default=True, server_default=sa.true(), info={"bookkeeping": True}
    )

    steering_moment: Mapped[SteeringMoment | None] = relationship(back_populates="actions")
    contract: Mapped["FrameworkContract"] = relationship()

    __table_args__ = (
        sa.Index("ix_actions_running_status_due_on", "contract_running", "status", "due_on"),
    )

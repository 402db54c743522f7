"""Suppliers, framework contracts, extension options, amendments and spend."""

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.contracts.rules import ContractTimeline, OptionTerm, contract_timeline
from app.contracts.statuses import RUNNING, ContractStatus, OptionStatus
from app.core.dates import term_end
from app.core.models import Money, Timestamped, Versioned, index_where_set
from app.core.statuses import StatusFlow, enum_column
from app.extensions import db
from app.tenders.models import Lot

if TYPE_CHECKING:
    from app.steering.models import KpiTarget, SteeringMoment


class Supplier(Timestamped, Versioned, db.Model):
    __tablename__ = "suppliers"
    __label__ = "Aanbieder"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True, info={"label": "naam"})
    kvk_number: Mapped[str | None] = mapped_column(sa.String(8), info={"label": "KvK-nummer"})
    contact_name: Mapped[str] = mapped_column(
        sa.String(200), default="", info={"label": "contactpersoon"}
    )
    contact_email: Mapped[str] = mapped_column(
        sa.String(254), default="", info={"label": "e-mail contactpersoon"}
    )
    contact_phone: Mapped[str] = mapped_column(
        sa.String(40), default="", info={"label": "telefoon contactpersoon"}
    )
    description: Mapped[str] = mapped_column(sa.Text, default="", info={"label": "omschrijving"})
    # Stands in for a provider the sources do not name yet ("nog te contracteren").
    is_placeholder: Mapped[bool] = mapped_column(
        default=False, info={"label": "nog te contracteren"}
    )
    main_contractor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("suppliers.id"), index=True, info={"label": "hoofdaannemer"}
    )

    main_contractor: Mapped["Supplier | None"] = relationship(remote_side=[id])

    __table_args__ = (
        sa.CheckConstraint("main_contractor_id IS NULL OR main_contractor_id <> id", name="main"),
    )


contract_subcontractors = sa.Table(
    "contract_subcontractors",
    db.metadata,
    sa.Column("contract_id", sa.ForeignKey("framework_contracts.id"), primary_key=True),
    sa.Column("supplier_id", sa.ForeignKey("suppliers.id"), primary_key=True, index=True),
)


class FrameworkContract(StatusFlow, Timestamped, Versioned, db.Model):
    __tablename__ = "framework_contracts"
    __label__ = "Raamcontract"

    TRANSITIONS = {
        ContractStatus.DRAFT: {ContractStatus.ACTIVE},
        ContractStatus.ACTIVE: {
            ContractStatus.EXTENDED,
            ContractStatus.TERMINATED,
            ContractStatus.EXPIRED,
        },
        ContractStatus.EXTENDED: {
            ContractStatus.EXTENDED,
            ContractStatus.TERMINATED,
            ContractStatus.EXPIRED,
        },
        ContractStatus.TERMINATED: set(),
        ContractStatus.EXPIRED: set(),
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(sa.String(40), unique=True, info={"label": "kenmerk"})
    lot_id: Mapped[int] = mapped_column(
        sa.ForeignKey("lots.id"), index=True, info={"label": "perceel"}
    )
    supplier_id: Mapped[int] = mapped_column(
        sa.ForeignKey("suppliers.id"), index=True, info={"label": "opdrachtnemer"}
    )
    status: Mapped[ContractStatus] = enum_column(
        ContractStatus, "contract_status", default=ContractStatus.DRAFT, info={"label": "status"}
    )
    start_on: Mapped[date] = mapped_column(info={"label": "ingangsdatum"})
    initial_months: Mapped[int] = mapped_column(info={"label": "looptijd (maanden)"})
    signed_on: Mapped[date | None] = mapped_column(info={"label": "ondertekend op"})
    ceiling: Mapped[Decimal | None] = mapped_column(
        Money, info={"label": "plafondbedrag", "money": True}
    )
    steering_interval_months: Mapped[int] = mapped_column(
        default=6, info={"label": "interval bijsturing (maanden)"}
    )
    ended_on: Mapped[date | None] = mapped_column(info={"label": "einddatum"})
    # Kept by plan_dates() so lists and signals can filter and sort on it in SQL.
    current_end_on: Mapped[date] = mapped_column(index=True, info={"label": "huidige einddatum"})
    description: Mapped[str] = mapped_column(sa.Text, default="", info={"label": "omschrijving"})
    # Signal state, kept by the services that change it (app/contracts/signal_state.py): the
    # sequence of the latest logged steering moment and the day it was held, so the signals
    # read that moment's results, latest first, without grouping every moment ever logged.
    latest_logged_sequence: Mapped[int | None] = mapped_column(
        info={"label": "laatst vastgelegde bijsturingsmoment"}
    )
    latest_held_on: Mapped[date | None] = mapped_column(
        info={"label": "laatste bijsturingsmoment gehouden op"}
    )
    red_kpi_count: Mapped[int] = mapped_column(
        default=0, server_default="0", info={"label": "rode indicatoren laatste moment"}
    )
    amber_kpi_count: Mapped[int] = mapped_column(
        default=0, server_default="0", info={"label": "oranje indicatoren laatste moment"}
    )

    lot: Mapped[Lot] = relationship()
    supplier: Mapped[Supplier] = relationship(foreign_keys=[supplier_id])
    subcontractors: Mapped[list[Supplier]] = relationship(secondary=contract_subcontractors)
    options: Mapped[list["ExtensionOption"]] = relationship(
        back_populates="contract", order_by="ExtensionOption.number", cascade="all, delete-orphan"
    )
    amendments: Mapped[list["Amendment"]] = relationship(
        back_populates="contract", order_by="Amendment.amended_on"
    )
    spend: Mapped[list["Spend"]] = relationship(
        back_populates="contract", order_by="Spend.period_start_on"
    )
    steering_moments: Mapped[list["SteeringMoment"]] = relationship(
        back_populates="contract", order_by="SteeringMoment.sequence"
    )
    kpi_targets: Mapped[list["KpiTarget"]] = relationship(
        primaryjoin="KpiTarget.contract_id == FrameworkContract.id", cascade="all, delete-orphan"
    )

    @property
    def effective_kpi_targets(self) -> dict[int, "KpiTarget"]:
        """Norms per KPI definition: the contract's own, else the lot's."""
        norms = {target.kpi_definition_id: target for target in self.lot.kpi_targets}
        norms.update({target.kpi_definition_id: target for target in self.kpi_targets})
        return norms

    def timeline(self, decision_lead: timedelta) -> ContractTimeline:
        """The original plan: every option's term and deadlines, whatever was decided since."""
        terms = [OptionTerm(option.months, option.notice_months) for option in self.options]
        return contract_timeline(self.start_on, self.initial_months, terms, decision_lead)

    def _end_with(self, statuses: set["OptionStatus"]) -> date:
        months = sum(option.months for option in self.options if option.status in statuses)
        return term_end(self.start_on, self.initial_months + months)

    @property
    def initial_end_on(self) -> date:
        return term_end(self.start_on, self.initial_months)

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING

    def plan_dates(self) -> None:
        """Store the current end and each option's notice deadline. An option's deadline is
        the planned one: options are exercised in order, so for the first open option the
        planned end before it is the current end."""
        self.current_end_on = self._end_with({OptionStatus.EXERCISED})
        terms = [OptionTerm(option.months, option.notice_months) for option in self.options]
        planned = contract_timeline(self.start_on, self.initial_months, terms, timedelta(0))
        for option, dates in zip(self.options, planned.options, strict=True):
            option.notice_deadline_on = dates.notice_deadline_on

    @property
    def latest_end_on(self) -> date:
        """The end if every option still open is exercised."""
        return self._end_with({OptionStatus.EXERCISED, OptionStatus.OPEN})

    __table_args__ = (
        sa.CheckConstraint("initial_months > 0", name="initial_months"),
        sa.CheckConstraint("ceiling IS NULL OR ceiling >= 0", name="ceiling"),
        sa.CheckConstraint("steering_interval_months > 0", name="steering_interval"),
        sa.Index("ix_framework_contracts_status_current_end_on", "status", "current_end_on"),
        sa.Index("ix_framework_contracts_latest_held_on", "latest_held_on", "id"),
        # The overview's traffic lights: the most red, then amber, indicators first.
        sa.Index("ix_framework_contracts_kpi_colours", "red_kpi_count", "amber_kpi_count"),
        # Counted from the index alone, not row by row: the running contracts with a logged
        # moment (the overview) and the number and ceilings of contracts (the list).
        sa.Index("ix_framework_contracts_status_latest_held_on", "status", "latest_held_on"),
        sa.Index("ix_framework_contracts_status_ceiling", "status", "ceiling"),
    )


class ExtensionOption(StatusFlow, Timestamped, Versioned, db.Model):
    __tablename__ = "extension_options"
    __label__ = "Verlengingsoptie"

    TRANSITIONS = {
        OptionStatus.OPEN: {OptionStatus.EXERCISED, OptionStatus.DECLINED, OptionStatus.LAPSED},
        OptionStatus.EXERCISED: set(),
        OptionStatus.DECLINED: set(),
        OptionStatus.LAPSED: set(),
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        sa.ForeignKey("framework_contracts.id"), index=True, info={"label": "contract"}
    )
    number: Mapped[int] = mapped_column(info={"label": "nummer"})
    months: Mapped[int] = mapped_column(info={"label": "duur (maanden)"})
    notice_months: Mapped[int] = mapped_column(info={"label": "opzegtermijn (maanden)"})
    status: Mapped[OptionStatus] = enum_column(
        OptionStatus, "option_status", default=OptionStatus.OPEN, info={"label": "status"}
    )
    notice_deadline_on: Mapped[date] = mapped_column(
        info={"label": "uiterlijk besluiten op"}
    )  # see plan_dates()
    decided_on: Mapped[date | None] = mapped_column(info={"label": "besluitdatum"})
    rationale: Mapped[str] = mapped_column(sa.Text, default="", info={"label": "motivering"})
    decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id"), info={"label": "besloten door"}
    )

    contract: Mapped[FrameworkContract] = relationship(back_populates="options")

    __table_args__ = (
        sa.UniqueConstraint("contract_id", "number", name="uq_extension_options_contract_number"),
        sa.CheckConstraint("months > 0", name="months"),
        sa.CheckConstraint("notice_months >= 0", name="notice_months"),
        index_where_set("extension_options", "decided_by_id"),  # open ones have none
        # Open options by deadline, in the order the signals and the overview list them: read
        # up to the first rows shown, not every option in the window sorted.
        sa.Index(
            "ix_extension_options_status_notice_deadline_on", "status", "notice_deadline_on", "id"
        ),
    )


class Amendment(Timestamped, db.Model):
    __tablename__ = "amendments"
    __label__ = "Wijziging"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        sa.ForeignKey("framework_contracts.id"), index=True, info={"label": "contract"}
    )
    amended_on: Mapped[date] = mapped_column(info={"label": "datum wijziging"})
    rationale: Mapped[str] = mapped_column(sa.Text, info={"label": "motivering"})
    value_change: Mapped[Decimal] = mapped_column(
        Money, default=Decimal("0.00"), info={"label": "waardeverandering", "money": True}
    )

    contract: Mapped[FrameworkContract] = relationship(back_populates="amendments")


class ContractYearSpend(db.Model):
    """Signal state: spend per contract and calendar year (of the period's start), kept by
    record_spend, so the over-budget signal compares one row per contract and year instead of
    adding up every spend row."""

    __tablename__ = "contract_year_spend"
    __label__ = "Besteding per jaar"

    contract_id: Mapped[int] = mapped_column(
        sa.ForeignKey("framework_contracts.id"), primary_key=True, info={"label": "contract"}
    )
    year: Mapped[int] = mapped_column(primary_key=True, info={"label": "jaar"})
    amount: Mapped[Decimal] = mapped_column(Money, info={"label": "bedrag", "money": True})
    # Above the lot's budget per year: kept with the amount (the budget is frozen from the
    # tender's adoption on, before any contract exists), so the signal reads only these rows.
    over_budget: Mapped[bool] = mapped_column(
        default=False, server_default=sa.false(), info={"label": "boven budget"}
    )

    __table_args__ = (
        sa.Index("ix_contract_year_spend_year_contract_id", "year", "contract_id"),
        # The over-budget signal: latest years first, walking only the rows over budget.
        sa.Index("ix_contract_year_spend_over_budget", "over_budget", "year", "contract_id"),
    )


class TargetGroupYearSpend(db.Model):
    """Signal state: spend per municipality (the tender's), target group and calendar year,
    kept by record_spend, so the overview adds up a row per target group instead of every
    contract's year."""

    __tablename__ = "target_group_year_spend"
    __label__ = "Besteding per doelgroep en jaar"

    municipality: Mapped[str] = mapped_column(
        sa.String(100), primary_key=True, info={"label": "gemeente"}
    )
    target_group_id: Mapped[int] = mapped_column(
        sa.ForeignKey("target_groups.id"), primary_key=True, index=True, info={"label": "doelgroep"}
    )
    year: Mapped[int] = mapped_column(primary_key=True, info={"label": "jaar"})
    amount: Mapped[Decimal] = mapped_column(Money, info={"label": "bedrag", "money": True})


class Spend(Timestamped, db.Model):
    __tablename__ = "spend"
    __label__ = "Besteding"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        sa.ForeignKey("framework_contracts.id"), index=True, info={"label": "contract"}
    )
    period_start_on: Mapped[date] = mapped_column(info={"label": "periode vanaf"})
    period_end_on: Mapped[date] = mapped_column(info={"label": "periode t/m"})
    amount: Mapped[Decimal] = mapped_column(Money, info={"label": "bedrag", "money": True})
    trajectories_started: Mapped[int] = mapped_column(
        default=0, info={"label": "gestarte trajecten"}
    )

    contract: Mapped[FrameworkContract] = relationship(back_populates="spend")

    __table_args__ = (
        sa.CheckConstraint("period_end_on >= period_start_on", name="period"),
        sa.CheckConstraint("trajectories_started >= 0", name="trajectories"),
    )

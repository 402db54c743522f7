"""Target groups, tenders, lots, award criteria and bids (the PvE's texts are in
clause_models.py, the requirement library in requirement_models.py)."""

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.dates import utcnow
from app.core.models import Money, Timestamp, Timestamped, Versioned, index_where_set
from app.core.statuses import LabeledEnum, StatusFlow, enum_column
from app.extensions import db
from app.tenders.payment import PRICE_PER_PERSON, PaymentModel
from app.tenders.routes import NO_PROCEDURE_BECAUSE, Route
from app.tenders.rules import CriterionKind, PriceMethod, count_price_gap

if TYPE_CHECKING:
    from app.approvals.models import Decision
    from app.auth.models import User
    from app.contracts.models import Supplier
    from app.reference.models import Municipality, Segment, TargetGroupSize
    from app.steering.models import KpiTarget
    from app.tenders.clause_models import TenderClause
    from app.tenders.joint_models import LotBudget
    from app.tenders.requirement_models import LotRequirement


class TargetGroup(Versioned, db.Model):
    __tablename__ = "target_groups"
    __label__ = "Doelgroep"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True, info={"label": "code"})
    name: Mapped[str] = mapped_column(sa.String(200), info={"label": "naam"})
    description: Mapped[str] = mapped_column(sa.Text, default="", info={"label": "omschrijving"})
    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipalities.id"), index=True, info={"label": "gemeente"}
    )
    # A segment of the municipality's own scheme (checked by the reference services).
    segment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("segments.id"), index=True, info={"label": "segment"}
    )

    municipality: Mapped["Municipality"] = relationship()
    segment: Mapped["Segment"] = relationship()
    sizes: Mapped[list["TargetGroupSize"]] = relationship(
        order_by="TargetGroupSize.year", cascade="all, delete-orphan", back_populates="target_group"
    )


class TenderStatus(LabeledEnum):
    DRAFT = "draft", "Concept"
    IN_REVIEW = "in_review", "Ter beoordeling"
    ADOPTED = "adopted", "Vastgesteld"
    PUBLISHED = "published", "Gepubliceerd"
    AWARDED = "awarded", "Gegund"
    WITHDRAWN = "withdrawn", "Ingetrokken"


tender_decisions = sa.Table(
    "tender_decisions",
    db.metadata,
    sa.Column("tender_id", sa.ForeignKey("tenders.id"), primary_key=True),
    sa.Column("decision_id", sa.ForeignKey("decisions.id"), primary_key=True, index=True),
)


class Tender(StatusFlow, Timestamped, Versioned, db.Model):
    __tablename__ = "tenders"
    __label__ = "Inkooptraject"

    TRANSITIONS = {
        TenderStatus.DRAFT: {TenderStatus.IN_REVIEW, TenderStatus.WITHDRAWN},
        TenderStatus.IN_REVIEW: {TenderStatus.DRAFT, TenderStatus.ADOPTED, TenderStatus.WITHDRAWN},
        TenderStatus.ADOPTED: {TenderStatus.PUBLISHED, TenderStatus.WITHDRAWN},
        TenderStatus.PUBLISHED: {TenderStatus.AWARDED, TenderStatus.WITHDRAWN},
        TenderStatus.AWARDED: set(),
        TenderStatus.WITHDRAWN: set(),
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(sa.String(11), index=True, info={"label": "kenmerk"})
    title: Mapped[str] = mapped_column(sa.String(300), info={"label": "titel"})
    route: Mapped[Route] = enum_column(Route, "route", info={"label": "route"})
    status: Mapped[TenderStatus] = enum_column(
        TenderStatus, "tender_status", default=TenderStatus.DRAFT, info={"label": "status"}
    )
    municipality: Mapped[str] = mapped_column(sa.String(100), info={"label": "gemeente"})
    description: Mapped[str] = mapped_column(sa.Text, default="", info={"label": "omschrijving"})
    publication_on: Mapped[date | None] = mapped_column(info={"label": "publicatiedatum"})
    closing_on: Mapped[date | None] = mapped_column(info={"label": "sluiting inschrijving"})
    contract_start_on: Mapped[date | None] = mapped_column(info={"label": "beoogde ingangsdatum"})
    # The planning a PvE publishes, between publication and the start of the contracts.
    questions_until: Mapped[date | None] = mapped_column(info={"label": "uiterste datum vragen"})
    answers_on: Mapped[date | None] = mapped_column(info={"label": "nota van inlichtingen"})
    award_decision_on: Mapped[date | None] = mapped_column(info={"label": "gunningsbeslissing"})
    procedure: Mapped[str | None] = mapped_column(sa.String(40), info={"label": "procedure"})
    procedure_motivation: Mapped[dict] = mapped_column(
        sa.JSON, default=dict, info={"label": "motivering procedure"}
    )
    social_return_percent: Mapped[Decimal | None] = mapped_column(
        sa.Numeric(5, 2), info={"label": "social return (%)"}
    )
    breach_notification_hours: Mapped[int | None] = mapped_column(
        info={"label": "melding datalek binnen (uur)"}
    )
    retention_years: Mapped[int | None] = mapped_column(info={"label": "bewaartermijn (jaar)"})
    # Named when the tender goes to review; it waits in their "Mijn taken".
    reviewer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id"), info={"label": "beoordelaar"}
    )

    reviewer: Mapped["User | None"] = relationship(foreign_keys=[reviewer_id])
    lots: Mapped[list["Lot"]] = relationship(
        back_populates="tender", order_by="Lot.number", cascade="all, delete-orphan"
    )
    notices: Mapped[list["TenderNotice"]] = relationship(order_by="TenderNotice.number")
    clauses: Mapped[list["TenderClause"]] = relationship(
        order_by="(TenderClause.chapter, TenderClause.position, TenderClause.id)",
        cascade="all, delete-orphan",
        back_populates="tender",
    )
    # Joint procurement: the municipalities the lead (`municipality`) buys on behalf of.
    participants: Mapped[list["Municipality"]] = relationship(
        secondary="tender_participants", order_by="Municipality.name"
    )
    # The earlier decisions the PvE's aanleiding cites (Haarlem: the Koersdocument).
    decisions: Mapped[list["Decision"]] = relationship(
        secondary=tender_decisions, order_by="Decision.decided_on"
    )

    @property
    def needs_procedure(self) -> bool:
        """Only a tender buys on the market under the procurement rules."""
        return self.route not in NO_PROCEDURE_BECAUSE

    @property
    def is_editable(self) -> bool:
        """Content is frozen from adoption (vastgesteld) on."""
        return self.status in (TenderStatus.DRAFT, TenderStatus.IN_REVIEW)

    __table_args__ = (
        index_where_set("tenders", "reviewer_id"),  # named only during a review
        sa.CheckConstraint(
            "closing_on IS NULL OR publication_on IS NULL OR closing_on > publication_on",
            name="closing_after_publication",
        ),
        sa.CheckConstraint(
            "social_return_percent IS NULL OR "
            "(social_return_percent >= 0 AND social_return_percent <= 100)",
            name="social_return_percent",
        ),
        sa.CheckConstraint(
            "breach_notification_hours IS NULL OR breach_notification_hours > 0",
            name="breach_notification_hours",
        ),
        sa.CheckConstraint("retention_years IS NULL OR retention_years > 0", name="retention"),
    )


class Lot(Timestamped, Versioned, db.Model):
    __tablename__ = "lots"
    __label__ = "Perceel"

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(
        sa.ForeignKey("tenders.id"), index=True, info={"label": "inkooptraject"}
    )
    number: Mapped[int] = mapped_column(info={"label": "nummer"})
    title: Mapped[str] = mapped_column(sa.String(300), info={"label": "titel"})
    target_group_id: Mapped[int] = mapped_column(
        sa.ForeignKey("target_groups.id"), index=True, info={"label": "doelgroep"}
    )
    scope: Mapped[str] = mapped_column(
        sa.Text, default="", info={"label": "omschrijving dienstverlening"}
    )
    # None means "ntb" (nog te bepalen): no amount yet, which is not the same as zero.
    budget_per_year: Mapped[Decimal | None] = mapped_column(
        Money, info={"label": "budget per jaar", "money": True}
    )
    planned_count: Mapped[int | None] = mapped_column(info={"label": "begroot aantal"})
    unit_price: Mapped[Decimal | None] = mapped_column(
        Money, info={"label": "prijs per traject", "money": True}
    )
    cpv: Mapped[str | None] = mapped_column(sa.String(10), info={"label": "CPV-code"})
    initial_months: Mapped[int] = mapped_column(
        default=24, index=True, info={"label": "looptijd (maanden)"}
    )  # indexed: the longest term bounds budgeted_in
    option_months: Mapped[list[int]] = mapped_column(
        sa.JSON, default=list, info={"label": "verlengingsopties (maanden)"}
    )
    notice_months: Mapped[int] = mapped_column(default=3, info={"label": "opzegtermijn (maanden)"})
    lowest_price_motivation: Mapped[str] = mapped_column(
        sa.Text, default="", info={"label": "motivering laagste prijs"}
    )
    price_method: Mapped[PriceMethod] = enum_column(
        PriceMethod,
        "price_method",
        default=PriceMethod.RELATIVE,
        server_default="relative",
        info={"label": "puntentoekenning prijs"},
    )
    # For the municipality only (planning, intended supplier): never printed in a document.
    internal_note: Mapped[str] = mapped_column(
        sa.Text, default="", server_default="", info={"label": "interne notitie"}
    )
    target_group_profile: Mapped[str] = mapped_column(
        sa.Text, default="", server_default="", info={"label": "kenmerken doelgroep"}
    )
    # The process chain's lead times, with common defaults so that a new lot starts complete.
    intake_days: Mapped[int] = mapped_column(
        default=10, server_default="10", info={"label": "intake binnen (werkdagen)"}
    )  # working days
    plan_weeks: Mapped[int] = mapped_column(
        default=4, server_default="4", info={"label": "trajectplan binnen (weken)"}
    )
    aftercare_months: Mapped[int] = mapped_column(
        default=6, server_default="6", info={"label": "nazorg (maanden)"}
    )
    report_back_days: Mapped[int] = mapped_column(
        default=2, server_default="2", info={"label": "terugmelding binnen (werkdagen)"}
    )  # working days
    lasting_outflow_months: Mapped[int] = mapped_column(
        default=6, server_default="6", info={"label": "duurzame uitstroom na (maanden)"}
    )
    payment_model: Mapped[PaymentModel] = enum_column(
        PaymentModel,
        "payment_model",
        default=PaymentModel.TRAJECTORY,
        server_default="trajectory",
        info={"label": "bekostiging"},
    )
    start_fee: Mapped[Decimal | None] = mapped_column(
        Money, info={"label": "startbedrag", "money": True}
    )
    result_fee: Mapped[Decimal | None] = mapped_column(
        Money, info={"label": "resultaatbedrag", "money": True}
    )
    result_share_percent: Mapped[Decimal | None] = mapped_column(
        sa.Numeric(5, 2), info={"label": "resultaatafhankelijk deel (%)"}
    )

    tender: Mapped[Tender] = relationship(back_populates="lots")
    target_group: Mapped[TargetGroup] = relationship()
    requirements: Mapped[list["LotRequirement"]] = relationship(
        back_populates="lot", order_by="LotRequirement.position", cascade="all, delete-orphan"
    )
    award_criteria: Mapped[list["AwardCriterion"]] = relationship(
        back_populates="lot", order_by="AwardCriterion.id", cascade="all, delete-orphan"
    )

    bids: Mapped[list["Bid"]] = relationship(
        order_by="Bid.id", cascade="all, delete-orphan", back_populates="lot"
    )
    kpi_targets: Mapped[list["KpiTarget"]] = relationship(
        primaryjoin="KpiTarget.lot_id == Lot.id", cascade="all, delete-orphan"
    )
    # Budgets per year (and, in a joint tender, per municipality); none: the same every year.
    year_budgets: Mapped[list["LotBudget"]] = relationship(
        order_by="(LotBudget.year, LotBudget.municipality_id)", cascade="all, delete-orphan"
    )

    @property
    def price_per_person(self) -> tuple[Decimal | None, str] | None:
        """The price one person costs under the lot's payment model, and its name."""
        if self.payment_model not in PRICE_PER_PERSON:
            return None
        field, label = PRICE_PER_PERSON[self.payment_model]
        return getattr(self, field), label

    @property
    def count_price_gap(self) -> Decimal | None:
        price = self.price_per_person
        return (
            None
            if price is None
            else count_price_gap(self.budget_per_year, self.planned_count, price[0])
        )

    @property
    def is_lowest_price(self) -> bool:
        """Awarded on price alone: no quality criterion (art. 2.114 Aw needs a motivation)."""
        return bool(self.award_criteria) and all(
            criterion.kind == CriterionKind.PRICE for criterion in self.award_criteria
        )

    __table_args__ = (
        sa.UniqueConstraint("tender_id", "number", name="uq_lots_tender_number"),
        sa.CheckConstraint("budget_per_year IS NULL OR budget_per_year >= 0", name="budget"),
        sa.CheckConstraint("unit_price IS NULL OR unit_price >= 0", name="unit_price"),
        sa.CheckConstraint("planned_count IS NULL OR planned_count >= 0", name="planned_count"),
        sa.CheckConstraint("initial_months > 0", name="initial_months"),
        sa.CheckConstraint("notice_months >= 0", name="notice_months"),
        sa.CheckConstraint(
            "intake_days > 0 AND plan_weeks > 0 AND aftercare_months > 0 "
            "AND report_back_days > 0 AND lasting_outflow_months > 0",
            name="lead_times",
        ),
        sa.CheckConstraint("start_fee IS NULL OR start_fee >= 0", name="start_fee"),
        sa.CheckConstraint("result_fee IS NULL OR result_fee >= 0", name="result_fee"),
        sa.CheckConstraint(
            "result_share_percent IS NULL OR "
            "(result_share_percent >= 0 AND result_share_percent <= 100)",
            name="result_share_percent",
        ),
    )


class TenderNotice(db.Model):
    """A numbered nota van inlichtingen: how a frozen tender changed, and why."""

    __tablename__ = "tender_notices"
    __label__ = "Nota van inlichtingen"

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(
        sa.ForeignKey("tenders.id"), index=True, info={"label": "inkooptraject"}
    )
    number: Mapped[int] = mapped_column(info={"label": "nummer"})
    issued_on: Mapped[date] = mapped_column(info={"label": "datum"})
    summary: Mapped[str] = mapped_column(sa.Text, info={"label": "vraag of reden"})
    # [{"subject": "Perceel 2: Statushouders", "field": "budget per jaar", "before", "after"}]
    changes: Mapped[list[dict]] = mapped_column(
        sa.JSON, default=list, info={"label": "wijzigingen"}
    )
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id"), index=True, info={"label": "gemaakt door"}
    )
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("tender_id", "number", name="uq_tender_notices_tender_number"),
    )


class AwardCriterion(Timestamped, Versioned, db.Model):
    __tablename__ = "award_criteria"
    __label__ = "Gunningscriterium"

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_id: Mapped[int] = mapped_column(
        sa.ForeignKey("lots.id"), index=True, info={"label": "perceel"}
    )
    name: Mapped[str] = mapped_column(sa.String(200), info={"label": "naam"})
    kind: Mapped[CriterionKind] = enum_column(
        CriterionKind, "criterion_kind", info={"label": "soort"}
    )
    weight_percent: Mapped[Decimal] = mapped_column(sa.Numeric(5, 2), info={"label": "weging (%)"})
    description: Mapped[str] = mapped_column(sa.Text, default="", info={"label": "omschrijving"})

    lot: Mapped[Lot] = relationship(back_populates="award_criteria")

    __table_args__ = (
        sa.CheckConstraint("weight_percent >= 0 AND weight_percent <= 100", name="weight"),
    )


class Bid(Timestamped, Versioned, db.Model):
    __tablename__ = "bids"
    __label__ = "Inschrijving"

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_id: Mapped[int] = mapped_column(
        sa.ForeignKey("lots.id"), index=True, info={"label": "perceel"}
    )
    supplier_id: Mapped[int] = mapped_column(
        sa.ForeignKey("suppliers.id"), index=True, info={"label": "opdrachtnemer"}
    )
    price: Mapped[Decimal] = mapped_column(Money, info={"label": "prijs", "money": True})
    received_on: Mapped[date] = mapped_column(info={"label": "ontvangen op"})
    excluded_reason: Mapped[str] = mapped_column(
        sa.Text, default="", info={"label": "reden van uitsluiting"}
    )

    lot: Mapped[Lot] = relationship(back_populates="bids")
    supplier: Mapped["Supplier"] = relationship()
    scores: Mapped[list["BidScore"]] = relationship(cascade="all, delete-orphan")

    __table_args__ = (
        sa.UniqueConstraint("lot_id", "supplier_id", name="uq_bids_lot_supplier"),
        sa.CheckConstraint("price >= 0", name="price"),
    )


class BidScore(db.Model):
    __tablename__ = "bid_scores"
    __label__ = "Score"

    bid_id: Mapped[int] = mapped_column(
        sa.ForeignKey("bids.id"), primary_key=True, info={"label": "inschrijving"}
    )
    criterion_id: Mapped[int] = mapped_column(
        sa.ForeignKey("award_criteria.id"),
        primary_key=True,
        index=True,
        info={"label": "criterium"},
    )
    score: Mapped[Decimal] = mapped_column(sa.Numeric(6, 2), info={"label": "score"})

"""The PvE's prose: standard texts the administrator keeps and each tender's own copies."""

from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import Timestamped, Versioned
from app.core.statuses import LabeledEnum, enum_column
from app.extensions import db

if TYPE_CHECKING:
    from app.tenders.models import Tender


class ClauseChapter(LabeledEnum):
    """The PvE chapters written as prose; the order is the order in the document."""

    RESULTS = "results", "Resultaatdefinities"
    QUALITY = "quality", "Kwaliteit"
    PRIVACY = "privacy", "Privacy en informatiebeveiliging"
    REPORTING = "reporting", "Rapportage, bijsturing en escalatie"
    INVOICING = "invoicing", "Bekostiging en facturatie"
    CONDITIONS = "conditions", "Aansprakelijkheid, beëindiging en inkoopvoorwaarden"
    GLOSSARY = "glossary", "Begrippenlijst"


class StandardClause(Timestamped, Versioned, db.Model):
    """A standard PvE text the functional administrator keeps; a new tender starts with a
    copy of every active one (TenderClause), as lots start with library requirements."""

    __tablename__ = "standard_clauses"
    __label__ = "Standaardtekst"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True, info={"label": "code"})
    chapter: Mapped[ClauseChapter] = enum_column(
        ClauseChapter, "clause_chapter", info={"label": "hoofdstuk"}
    )
    # A glossary entry's title is the term; other chapters print it as a subheading.
    title: Mapped[str] = mapped_column(sa.String(200), info={"label": "titel"})
    text: Mapped[str] = mapped_column(sa.Text, info={"label": "tekst"})
    position: Mapped[int] = mapped_column(default=0, info={"label": "volgorde"})
    active: Mapped[bool] = mapped_column(default=True, info={"label": "actief"})


class TenderClause(Timestamped, Versioned, db.Model):
    __tablename__ = "tender_clauses"
    __label__ = "PvE-tekst"

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(
        sa.ForeignKey("tenders.id"), index=True, info={"label": "inkooptraject"}
    )
    standard_clause_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("standard_clauses.id"), index=True, info={"label": "standaardtekst"}
    )
    chapter: Mapped[ClauseChapter] = enum_column(
        ClauseChapter, "tender_clause_chapter", info={"label": "hoofdstuk"}
    )
    title: Mapped[str] = mapped_column(sa.String(200), info={"label": "titel"})
    text: Mapped[str] = mapped_column(sa.Text, info={"label": "tekst"})
    position: Mapped[int] = mapped_column(default=0, info={"label": "volgorde"})

    tender: Mapped["Tender"] = relationship(back_populates="clauses")

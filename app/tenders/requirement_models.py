"""The requirement library and the copies a lot holds (a later edit of the library never
changes a lot or an issued PvE)."""

from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import Timestamped, Versioned
from app.core.statuses import LabeledEnum, enum_column
from app.extensions import db

if TYPE_CHECKING:
    from app.tenders.models import Lot, TargetGroup


class RequirementKind(LabeledEnum):
    KNOCKOUT = "knockout", "Minimumeis (knock-out)"
    AWARD = "award", "Gunningscriterium"
    WISH = "wish", "Wens"


class RequirementCategory(LabeledEnum):
    GENERAL = "general", "Algemeen"
    TARGET_GROUP = "target_group", "Doelgroep"
    REPORTING = "reporting", "Rapportage"
    PRIVACY = "privacy", "Privacy"
    QUALITY = "quality", "Kwaliteit"
    SOCIAL_RETURN = "social_return", "Social return"


requirement_target_groups = sa.Table(
    "requirement_target_groups",
    db.metadata,
    sa.Column("requirement_id", sa.ForeignKey("requirements.id"), primary_key=True),
    sa.Column("target_group_id", sa.ForeignKey("target_groups.id"), primary_key=True, index=True),
)


class Requirement(Timestamped, Versioned, db.Model):
    """A reusable requirement in the library; lots hold copies (LotRequirement)."""

    __tablename__ = "requirements"
    __label__ = "Eis (bibliotheek)"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True, info={"label": "code"})
    text: Mapped[str] = mapped_column(sa.Text, info={"label": "tekst"})
    kind: Mapped[RequirementKind] = enum_column(
        RequirementKind, "requirement_kind", info={"label": "soort"}
    )
    category: Mapped[RequirementCategory] = enum_column(
        RequirementCategory, "requirement_category", info={"label": "categorie"}
    )
    source: Mapped[str] = mapped_column(sa.String(200), default="", info={"label": "bron"})
    active: Mapped[bool] = mapped_column(default=True, info={"label": "actief"})

    # No target group means: applies to every lot.
    target_groups: Mapped[list["TargetGroup"]] = relationship(secondary=requirement_target_groups)


class LotRequirement(Timestamped, Versioned, db.Model):
    __tablename__ = "lot_requirements"
    __label__ = "Eis"

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_id: Mapped[int] = mapped_column(
        sa.ForeignKey("lots.id"), index=True, info={"label": "perceel"}
    )
    library_requirement_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("requirements.id"), index=True, info={"bookkeeping": True}
    )
    position: Mapped[int] = mapped_column(default=0, info={"label": "volgorde"})
    text: Mapped[str] = mapped_column(sa.Text, info={"label": "tekst"})
    kind: Mapped[RequirementKind] = enum_column(
        RequirementKind, "lot_requirement_kind", info={"label": "soort"}
    )
    category: Mapped[RequirementCategory] = enum_column(
        RequirementCategory, "lot_requirement_category", info={"label": "categorie"}
    )

    lot: Mapped["Lot"] = relationship(back_populates="requirements")

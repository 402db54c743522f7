"""Statuses as explicit state machines, stored as their string value with a CHECK constraint."""

from enum import StrEnum
from typing import ClassVar, Self

import sqlalchemy as sa
from sqlalchemy.orm import mapped_column
from wtforms.fields.choices import SelectChoice

from app.core.errors import InvalidTransition


class LabeledEnum(StrEnum):
    """A string enum whose members carry their Dutch label: `DRAFT = "draft", "Concept"`."""

    label: str

    def __new__(cls, value: str, label: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def choices(cls) -> list[SelectChoice]:
        return [SelectChoice(member.value, member.label) for member in cls]


def enum_column(enum_cls: type[LabeledEnum], name: str, **kwargs):
    """A VARCHAR column with a named CHECK constraint listing the enum's values."""
    return mapped_column(
        sa.Enum(
            enum_cls,
            name=name,
            native_enum=False,
            create_constraint=True,
            length=32,
            values_callable=lambda members: [member.value for member in members],
            validate_strings=True,
        ),
        **kwargs,
    )


class StatusFlow:
    """Mixin for models with a `status`: one `set_status` that enforces `TRANSITIONS`."""

    TRANSITIONS: ClassVar[dict]

    def can_become(self, new_status: LabeledEnum) -> bool:
        return new_status in self.TRANSITIONS.get(self.status, ())

    def set_status(self, new_status: LabeledEnum) -> None:
        if not self.can_become(new_status):
            raise InvalidTransition(
                f"De status kan niet van '{self.status.label}' naar '{new_status.label}'."
            )
        self.status = new_status

"""The statuses of a framework contract and of its extension options (their transitions are
on the models); apart, so that the rules can name them without the models."""

from app.core.statuses import LabeledEnum


class ContractStatus(LabeledEnum):
    DRAFT = "draft", "Concept"
    ACTIVE = "active", "Actief"
    EXTENDED = "extended", "Verlengd"
    TERMINATED = "terminated", "Beëindigd"
    EXPIRED = "expired", "Verlopen"


RUNNING = (ContractStatus.ACTIVE, ContractStatus.EXTENDED)


class OptionStatus(LabeledEnum):
    OPEN = "open", "Open"
    EXERCISED = "exercised", "Gelicht"
    DECLINED = "declined", "Niet gelicht"
    LAPSED = "lapsed", "Vervallen"

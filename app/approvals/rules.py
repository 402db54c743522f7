"""The collegevoorstel's parts the requester writes (docs/domain.md §7)."""

import re

REGISTRATION_NUMBER = re.compile(r"^\d{4}/\d{5,6}$")

# The collegevoorstel's text parts the requester writes; lists are one item per line.
PROPOSAL_TEXTS = (
    "key_message",
    "committee_proposal",
    "introduction",
    "intended_result",
    "arguments",
    "communication",
    "risks",
    "implementation",
)
PROPOSAL_LISTS = ("decision_points", "annexes")

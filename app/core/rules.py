"""What a rule returns: the problems it finds, each with a code and a Dutch message.

Rules are pure functions in each domain's rules.py (see docs/rules.md). A service refuses
with the problems, a query shows them, a document or the API quotes them: the same words
everywhere.
"""

from dataclasses import dataclass

from app.core.errors import DomainError, ValidationFailed


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    field: str | None = None  # the form field it belongs to, if any


def refuse(problems: list[Problem], summary: str) -> None:
    """Raise the problems: as field errors under `summary` when any belongs to a field, else
    the first one as a domain error. Nothing when there are none."""
    if not problems:
        return
    fields: dict[str, list[str]] = {}
    for problem in problems:
        if problem.field:
            fields.setdefault(problem.field, []).append(problem.message)
    if fields:
        raise ValidationFailed(summary, fields)
    raise DomainError(problems[0].message)

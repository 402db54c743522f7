"""Use cases for a tender's PvE texts: copied from the standard texts when the tender is made,
then adapted, added or removed by the adviser while the tender is editable."""

from typing import Any

from app.auth.models import User
from app.core.audit import apply_changes, record_create, record_delete
from app.core.models import check_version, touch
from app.extensions import db
from app.tenders.clause_models import ClauseChapter, TenderClause
from app.tenders.editing import ensure_editable
from app.tenders.models import Tender
from app.tenders.queries import list_standard_clauses


def copy_standard_clauses(actor: User | None, tender: Tender) -> list[TenderClause]:
    copies = [
        TenderClause(
            standard_clause_id=standard.id,
            chapter=standard.chapter,
            title=standard.title,
            text=standard.text,
            position=position,
        )
        for position, standard in enumerate(list_standard_clauses(active_only=True), start=1)
    ]
    tender.clauses.extend(copies)
    db.session.flush()
    for copy in copies:
        record_create(actor, copy)
    return copies


def _clause_values(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "chapter": ClauseChapter(values["chapter"]),
        "title": values["title"].strip(),
        "text": values["text"].strip(),
    }


def add_tender_clause(actor: User, tender: Tender, *, values: dict[str, Any]) -> TenderClause:
    """A text of the adviser's own, after the others of its chapter."""
    ensure_editable(tender)
    values = _clause_values(values)
    last = max((c.position for c in tender.clauses if c.chapter == values["chapter"]), default=0)
    clause = TenderClause(**values, position=last + 1)
    tender.clauses.append(clause)
    touch(tender)
    db.session.flush()
    record_create(actor, clause)
    return clause


def update_tender_clause(
    actor: User, clause: TenderClause, *, values: dict[str, Any], expected_version: int | None
) -> TenderClause:
    check_version(clause, expected_version)
    ensure_editable(clause.tender)
    if apply_changes(actor, clause, _clause_values(values)):
        touch(clause.tender)
    return clause


def remove_tender_clause(
    actor: User, clause: TenderClause, *, expected_version: int | None
) -> None:
    check_version(clause, expected_version)
    ensure_editable(clause.tender)
    record_delete(actor, clause)
    touch(clause.tender)
    clause.tender.clauses.remove(clause)
    db.session.flush()

"""The collegevoorstel's context: the municipality's structure (docs/domain.md §7) filled from
the request's frozen snapshot, as plain values for the sandboxed template."""

import re
from datetime import date

from app.approvals.finance import BUDGET_COLUMNS
from app.core.formatting import date_nl
from app.documents.builders import paragraphs

# Requirements of these categories are stated once, numbered in their own chapter.


def build_collegevoorstel_context(
    snapshot: dict,
    *,
    title: str,
    subject: str,
    municipality: str,
    requester: str,
    submitted_on: date,
    decided_on: date | None = None,
) -> dict:
    """The collegevoorstel in the municipality's structure (docs/domain.md §7), from the frozen
    snapshot of an approval request: the texts as written, figures and tables from the data."""
    proposal = snapshot["proposal"]
    finance = snapshot["finance"]

    def text(name: str) -> list[str]:
        return paragraphs(proposal[name]) or ["—"]

    return {
        "municipality": municipality,
        "registration_number": proposal["registration_number"],
        "short_title": proposal["short_title"],
        "title": title,
        "subject": subject,
        "requester": requester,
        "submitted_on": date_nl(submitted_on),
        "decision_date": date_nl(decided_on) if decided_on else "……",
        "key_message": text("key_message"),
        "committee_proposal": paragraphs(proposal["committee_proposal"]) or ["N.v.t."],
        "earlier_decisions": proposal["earlier_decisions"],
        "decision_urls": [d["url"] for d in proposal["earlier_decisions"] if d["url"]],
        "decision_points": proposal["decision_points"],
        "introduction": text("introduction"),
        "subject_rows": [{"label": label, "value": value} for label, value in snapshot["rows"]],
        "intended_result": text("intended_result"),
        "arguments": text("arguments"),
        "finance_columns": finance.get("columns", BUDGET_COLUMNS),
        "finance": finance["lines"],
        "finance_total_label": finance.get("total_label", "Totaal"),
        "finance_total": finance["total"],
        "finance_note": finance["note"],
        "evidence": _evidence_context(snapshot.get("evidence")),
        "communication": text("communication"),
        "risks": text("risks"),
        "implementation": text("implementation"),
        "annexes": _annexes(snapshot, proposal["annexes"]),
    }


# The document numbers the annexes itself; a requester who typed "Bijlage 1: …" is not
# printed as "Bijlage 1: Bijlage 1: …".
ANNEX_NUMBER = re.compile(r"^\s*bijlage\s+\d+\s*[:.\-–]?\s*", re.IGNORECASE)


def _annexes(snapshot: dict, typed: list[str]) -> list[str]:
    """The requester's annexes, after the PvE version that an adoption attaches."""
    pve_version = snapshot.get("data", {}).get("pve_version")
    attached = [f"Programma van Eisen, versie {pve_version}"] if pve_version else []
    return attached + [ANNEX_NUMBER.sub("", annex) for annex in typed]


def _evidence_context(evidence: dict | None) -> dict:
    """The contract's performance for an extension; empty (and not printed) otherwise."""
    if not evidence:
        return {"shown": False, "kpis": [], "actions": [], "warning": "", "summary": ""}
    return {
        "shown": True,
        "kpis": evidence["kpis"],
        "actions": evidence["open_actions"],
        "warning": evidence["warning"],
        "summary": evidence["summary"],
    }

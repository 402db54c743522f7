"""Domain objects as the JSON the API promises (money as strings, dates ISO 8601)."""

from datetime import date

from flask import url_for

from app.contracts.models import FrameworkContract
from app.contracts.rules import ContractTimeline
from app.contracts.signals import Signals
from app.core.money import money_str
from app.steering.models import SteeringMoment
from app.tenders.models import Lot, Tender
from app.tenders.procedure import Advice
from app.tenders.queries import BudgetOverview


def iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def lot_json(lot: Lot) -> dict:
    return {
        "id": lot.id,
        "number": lot.number,
        "title": lot.title,
        "target_group": {"code": lot.target_group.code, "name": lot.target_group.name},
        "budget_per_year_eur": money_str(lot.budget_per_year),
        "planned_count": lot.planned_count,
        "unit_price_eur": money_str(lot.unit_price),
        "cpv": lot.cpv,
        "initial_months": lot.initial_months,
        "option_months": list(lot.option_months),
        "notice_months": lot.notice_months,
    }


def tender_json(tender: Tender) -> dict:
    return {
        "id": tender.id,
        "reference": tender.reference,
        "title": tender.title,
        "route": tender.route.value,
        "status": tender.status.value,
        "municipality": tender.municipality,
        "publication_on": iso(tender.publication_on),
        "closing_on": iso(tender.closing_on),
        "contract_start_on": iso(tender.contract_start_on),
        "lots": [lot_json(lot) for lot in tender.lots],
    }


def budget_overview_json(overview: BudgetOverview) -> dict:
    return {
        "year": overview.year,
        "lines": [
            {"label": line.label, "amount_eur": money_str(line.amount), "lot_id": line.lot_id}
            for line in overview.lines
        ],
        "total_eur": money_str(overview.total),
    }


def steering_moment_json(moment: SteeringMoment) -> dict:
    return {
        "id": moment.id,
        "sequence": moment.sequence,
        "period_start_on": iso(moment.period_start_on),
        "period_end_on": iso(moment.period_end_on),
        "due_on": iso(moment.due_on),
        "status": moment.status.value,
        "version": moment.version,
        "held_on": iso(moment.held_on),
        "findings": moment.findings,
        "decision": moment.decision.value if moment.decision else None,
        "kpi_results": [
            {
                "kpi": result.kpi_definition.code,
                "value": str(result.value),
                "target": None if result.target_value is None else str(result.target_value),
                "rating": result.rating.value if result.rating else None,
                "note": result.note,
            }
            for result in moment.results
        ],
        "actions": [
            {"text": a.text, "owner": a.owner, "due_on": iso(a.due_on), "status": a.status.value}
            for a in moment.actions
        ],
    }


def contract_json(contract: FrameworkContract, timeline: ContractTimeline) -> dict:
    statuses = {option.number: option.status.value for option in contract.options}
    return {
        "id": contract.id,
        "reference": contract.reference,
        "status": contract.status.value,
        "supplier": {"id": contract.supplier.id, "name": contract.supplier.name},
        "subcontractors": [{"id": s.id, "name": s.name} for s in contract.subcontractors],
        "lot_id": contract.lot_id,
        "start_on": iso(contract.start_on),
        "signed_on": iso(contract.signed_on),
        "initial_end_on": iso(timeline.initial_end_on),
        "current_end_on": iso(contract.current_end_on),
        "latest_end_on": iso(contract.latest_end_on),
        "ceiling_eur": money_str(contract.ceiling),
        "options": [
            {
                "number": option.number,
                "months": option.months,
                "notice_deadline_on": iso(option.notice_deadline_on),
                "warning_on": iso(option.warning_on),
                "status": statuses[option.number],
            }
            for option in timeline.options
        ],
        "steering_moments": [steering_moment_json(m) for m in contract.steering_moments],
        "amendments": [
            {
                "amended_on": iso(a.amended_on),
                "rationale": a.rationale,
                "value_change_eur": money_str(a.value_change),
            }
            for a in contract.amendments
        ],
        "spend": [
            {
                "period_start_on": iso(s.period_start_on),
                "period_end_on": iso(s.period_end_on),
                "amount_eur": money_str(s.amount),
                "trajectories_started": s.trajectories_started,
            }
            for s in contract.spend
        ],
    }


def advice_json(advice: Advice) -> dict:
    return {
        "estimated_value_eur": money_str(advice.estimated_value),
        "regime": advice.regime,
        "threshold_eur": money_str(advice.threshold),
        "above_threshold": advice.above_threshold,
        "procedure": advice.procedure,
        "thresholds_valid_from": iso(advice.thresholds_valid_from),
        "warnings": [{"code": w.code, "message": w.message} for w in advice.warnings],
    }


# The API's name for each kind of signal.
SIGNAL_KEYS = {
    "options": "options",
    "overdue_moments": "overdue_steering_moments",
    "overdue_actions": "overdue_actions",
    "red_results": "red_kpis",
    "over_budget": "over_budget",
    "ending": "ending_contracts",
}


def signals_json(signals: Signals) -> dict:
    def ref(contract: FrameworkContract) -> dict:
        return {"id": contract.id, "reference": contract.reference, "lot": contract.lot.title}

    return {
        "count": signals.count,
        "totals": {SIGNAL_KEYS[kind]: total for kind, total in signals.totals.items()},
        "options": [
            {
                "contract": ref(o.contract),
                "number": o.number,
                "warning_on": iso(o.notice_deadline_on - signals.lead),
                "notice_deadline_on": iso(o.notice_deadline_on),
            }
            for o in signals.options
        ],
        "overdue_steering_moments": [
            {
                "contract": ref(m.contract),
                "id": m.id,
                "sequence": m.sequence,
                "due_on": iso(m.due_on),
            }
            for m in signals.overdue_moments
        ],
        "overdue_actions": [
            {
                "contract_id": a.contract_id,
                "text": a.text,
                "owner": a.owner,
                "due_on": iso(a.due_on),
            }
            for a in signals.overdue_actions
        ],
        "red_kpis": [
            {
                "contract_id": r.steering_moment.contract_id,
                "steering_moment_id": r.steering_moment_id,
                "kpi": r.kpi_definition.code,
                "value": str(r.value),
                "target": None if r.target_value is None else str(r.target_value),
            }
            for r in signals.red_results
        ],
        "over_budget": [
            {
                "contract_id": row.contract_id,
                "reference": row.reference,
                "year": row.year,
                "spent_eur": money_str(row.spent),
                "budget_eur": money_str(row.budget),
            }
            for row in signals.over_budget
        ],
        "ending_contracts": [
            {"contract": ref(c), "current_end_on": iso(c.current_end_on)} for c in signals.ending
        ],
    }


def approval_json(request, documents) -> dict:
    return {
        "id": request.id,
        "subject": request.subject.value,
        "status": request.status.value,
        "title": request.title,
        "version": request.version,
        "submitted_at": request.submitted_at.isoformat(),
        "decided_at": request.decided_at.isoformat() if request.decided_at else None,
        "remark": request.remark,
        "snapshot": [{"label": label, "value": value} for label, value in request.snapshot["rows"]],
        "documents": [
            {
                "id": document.id,
                "kind": document.kind.value,
                "filename": document.filename,
                "url": url_for("api.download_document", document_id=document.id),
            }
            for document in documents
        ],
    }

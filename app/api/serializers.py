"""Domain objects as the API's response models (app/api/schemas.py): money as strings with
two decimals; dates become ISO 8601 when the model is dumped."""

from flask import url_for

from app.api import schemas
from app.budgets.models import BudgetPlan
from app.budgets.rules import PlanFigures
from app.contracts.models import FrameworkContract
from app.contracts.rules import ContractTimeline
from app.contracts.signals import Signals
from app.core.money import money_str
from app.steering.models import SteeringMoment
from app.tenders.models import Lot, Tender
from app.tenders.procedure import Advice
from app.tenders.year_budgets import BudgetOverview


def lot_json(lot: Lot) -> schemas.Lot:
    return schemas.Lot(
        id=lot.id,
        number=lot.number,
        title=lot.title,
        target_group=schemas.TargetGroupRef(code=lot.target_group.code, name=lot.target_group.name),
        budget_per_year_eur=money_str(lot.budget_per_year),
        planned_count=lot.planned_count,
        unit_price_eur=money_str(lot.unit_price),
        cpv=lot.cpv,
        initial_months=lot.initial_months,
        option_months=list(lot.option_months),
        notice_months=lot.notice_months,
    )


def tender_json(tender: Tender) -> schemas.Tender:
    return schemas.Tender(
        id=tender.id,
        reference=tender.reference,
        title=tender.title,
        route=tender.route.value,
        status=tender.status.value,
        municipality=tender.municipality,
        publication_on=tender.publication_on,
        closing_on=tender.closing_on,
        contract_start_on=tender.contract_start_on,
        lots=[lot_json(lot) for lot in tender.lots],
    )


def budget_overview_json(overview: BudgetOverview) -> schemas.BudgetOverview:
    return schemas.BudgetOverview(
        year=overview.year,
        lines=[
            schemas.BudgetLine(
                label=line.label, amount_eur=money_str(line.amount), lot_id=line.lot_id
            )
            for line in overview.lines
        ],
        total_eur=money_str(overview.total),
    )


def budget_plan_json(plan: BudgetPlan, figures: PlanFigures) -> schemas.BudgetPlan:
    return schemas.BudgetPlan(
        municipality=plan.municipality.name,
        year=plan.year,
        income_total_eur=money_str(figures.income),
        spending_total_eur=money_str(figures.spending),
        balance_eur=money_str(figures.balance),
        groups=[
            schemas.BudgetPlanGroup(
                name=group.name,
                side=group.side,
                total_eur=money_str(group.total),
                lines=[
                    schemas.BudgetPlanLine(
                        name=line.name, amount_eur=money_str(line.amount), kind=line.kind
                    )
                    for line in group.lines
                ],
            )
            for group in figures.groups
        ],
        discrepancies=[
            schemas.BudgetDiscrepancy(
                line=found.line,
                printed_eur=money_str(found.printed),
                computed_eur=money_str(found.computed),
                difference_eur=money_str(found.difference),
            )
            for found in figures.discrepancies
        ],
    )


def steering_moment_json(moment: SteeringMoment) -> schemas.SteeringMoment:
    return schemas.SteeringMoment(
        id=moment.id,
        sequence=moment.sequence,
        period_start_on=moment.period_start_on,
        period_end_on=moment.period_end_on,
        due_on=moment.due_on,
        status=moment.status.value,
        version=moment.version,
        held_on=moment.held_on,
        findings=moment.findings,
        decision=moment.decision.value if moment.decision else None,
        kpi_results=[
            schemas.KpiResult(
                kpi=result.kpi_definition.code,
                value=str(result.value),
                target=None if result.target_value is None else str(result.target_value),
                rating=result.rating.value if result.rating else None,
                note=result.note,
            )
            for result in moment.results
        ],
        actions=[
            schemas.Action(text=a.text, owner=a.owner, due_on=a.due_on, status=a.status.value)
            for a in moment.actions
        ],
    )


def _contract_terms(contract: FrameworkContract, timeline: ContractTimeline) -> dict:
    statuses = {option.number: option.status.value for option in contract.options}
    return dict(
        id=contract.id,
        url=url_for("api.get_contract", contract_id=contract.id),
        reference=contract.reference,
        status=contract.status.value,
        supplier=schemas.Party(id=contract.supplier.id, name=contract.supplier.name),
        lot_id=contract.lot_id,
        start_on=contract.start_on,
        signed_on=contract.signed_on,
        initial_end_on=timeline.initial_end_on,
        current_end_on=contract.current_end_on,
        latest_end_on=contract.latest_end_on,
        ceiling_eur=money_str(contract.ceiling),
        options=[
            schemas.Option(
                number=option.number,
                months=option.months,
                notice_deadline_on=option.notice_deadline_on,
                warning_on=option.warning_on,
                status=statuses[option.number],
            )
            for option in timeline.options
        ],
    )


def contract_summary_json(
    contract: FrameworkContract, timeline: ContractTimeline
) -> schemas.ContractSummary:
    return schemas.ContractSummary(**_contract_terms(contract, timeline))


def contract_json(contract: FrameworkContract, timeline: ContractTimeline) -> schemas.Contract:
    return schemas.Contract(
        **_contract_terms(contract, timeline),
        subcontractors=[schemas.Party(id=s.id, name=s.name) for s in contract.subcontractors],
        steering_moments=[steering_moment_json(m) for m in contract.steering_moments],
        amendments=[
            schemas.Amendment(
                amended_on=a.amended_on,
                rationale=a.rationale,
                value_change_eur=money_str(a.value_change),
            )
            for a in contract.amendments
        ],
        spend=[
            schemas.Spend(
                period_start_on=s.period_start_on,
                period_end_on=s.period_end_on,
                amount_eur=money_str(s.amount),
                trajectories_started=s.trajectories_started,
            )
            for s in contract.spend
        ],
    )


def advice_json(advice: Advice) -> schemas.ProcedureAdvice:
    return schemas.ProcedureAdvice(
        estimated_value_eur=money_str(advice.estimated_value),
        regime=advice.regime,
        threshold_eur=money_str(advice.threshold),
        above_threshold=advice.above_threshold,
        procedure=advice.procedure,
        thresholds_valid_from=advice.thresholds_valid_from,
        warnings=[schemas.Warning(code=w.code, message=w.message) for w in advice.warnings],
    )


# The API's name for each kind of signal.
SIGNAL_KEYS = {
    "options": "options",
    "overdue_moments": "overdue_steering_moments",
    "overdue_actions": "overdue_actions",
    "red_results": "red_kpis",
    "over_budget": "over_budget",
    "ending": "ending_contracts",
}


def signals_json(
    signals: Signals, *, page: int, per_page: int, next: str | None
) -> schemas.Signals:
    def ref(contract: FrameworkContract) -> schemas.ContractRef:
        return schemas.ContractRef(
            id=contract.id, reference=contract.reference, lot=contract.lot.title
        )

    return schemas.Signals(
        count=signals.count,
        totals={SIGNAL_KEYS[kind]: total for kind, total in signals.totals.items()},
        page=page,
        per_page=per_page,
        next=next,
        options=[
            schemas.OptionSignal(
                contract=ref(o.contract),
                number=o.number,
                warning_on=o.notice_deadline_on - signals.lead,
                notice_deadline_on=o.notice_deadline_on,
            )
            for o in signals.options
        ],
        overdue_steering_moments=[
            schemas.MomentSignal(
                contract=ref(m.contract), id=m.id, sequence=m.sequence, due_on=m.due_on
            )
            for m in signals.overdue_moments
        ],
        overdue_actions=[
            schemas.ActionSignal(
                contract_id=a.contract_id, text=a.text, owner=a.owner, due_on=a.due_on
            )
            for a in signals.overdue_actions
        ],
        red_kpis=[
            schemas.RedKpiSignal(
                contract_id=r.steering_moment.contract_id,
                steering_moment_id=r.steering_moment_id,
                kpi=r.kpi_definition.code,
                value=str(r.value),
                target=None if r.target_value is None else str(r.target_value),
            )
            for r in signals.red_results
        ],
        over_budget=[
            schemas.OverBudgetSignal(
                contract_id=row.contract_id,
                reference=row.reference,
                year=row.year,
                spent_eur=money_str(row.spent),
                budget_eur=money_str(row.budget),
            )
            for row in signals.over_budget
        ],
        ending_contracts=[
            schemas.EndingSignal(contract=ref(c), current_end_on=c.current_end_on)
            for c in signals.ending
        ],
    )


def _approval_terms(request) -> dict:
    return {
        "id": request.id,
        "subject": request.subject.value,
        "status": request.status.value,
        "title": request.title,
        "submitted_at": request.submitted_at,
        "decided_at": request.decided_at,
    }


def approval_summary_json(request) -> schemas.ApprovalRequestSummary:
    url = url_for("api.get_approval_request", request_id=request.id)
    return schemas.ApprovalRequestSummary(**_approval_terms(request), url=url)


def approval_json(request, documents) -> schemas.ApprovalRequest:
    return schemas.ApprovalRequest(
        **_approval_terms(request),
        version=request.version,
        remark=request.remark,
        snapshot=[
            schemas.SnapshotRow(label=label, value=value)
            for label, value in request.snapshot["rows"]
        ],
        documents=[
            schemas.Attachment(
                id=document.id,
                kind=document.kind.value,
                filename=document.filename,
                url=url_for("api.download_document", document_id=document.id),
            )
            for document in documents
        ],
    )

"""JSON API under /api/v1 (docs/design.md §4): tenders, contracts, signals, budgets, open data;
the approval requests in app/api/approval_views.py."""

import orjson
from flask import Response, abort, current_app, jsonify, request, url_for
from flask_login import current_user

from app.api import inputs, schemas, serializers
from app.api.approvals import earlier_decisions
from app.api.blueprint import CHANGED, answer, bp
from app.api.openapi import DOCX, openapi_document, operation
from app.api.paging import next_page_url, paged
from app.approvals import services as approval_services
from app.approvals.models import ApprovalSubject
from app.approvals.queries import list_attachments
from app.budgets import queries as budget_queries
from app.contracts import option_services
from app.contracts import queries as contract_queries
from app.contracts.signals import list_signals
from app.core.dates import local_today
from app.core.settings import current_settings
from app.documents import services as document_services
from app.documents.views import downloadable, send_document
from app.exports.queries import ocds_package
from app.extensions import db
from app.permissions import require
from app.steering import services as steering_services
from app.steering.queries import list_kpi_definitions
from app.steering.views import contract_moment
from app.tenders import queries as tender_queries
from app.tenders import services as tender_services
from app.tenders import year_budgets
from app.tenders.procedure import LotInput, advise


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document(current_app))


@bp.get("/tenders")
@require("tender.view")
@operation(
    "De inkooptrajecten met hun percelen, per pagina",
    {200: schemas.TenderPage},
    query=inputs.PageQuery,
)
def list_tenders(query: inputs.PageQuery):
    tenders = tender_queries.list_tenders(query.offset, query.per_page)
    items = [serializers.tender_json(tender) for tender in tenders]
    return answer(schemas.TenderPage(**paged(items, tender_queries.count_tenders(), query)))


@bp.post("/tenders")
@require("tender.edit")
@operation("Een inkooptraject aanmaken", {201: schemas.Tender}, body=inputs.TenderInput)
def create_tender(body: inputs.TenderInput):
    tender = tender_services.create_tender(
        current_user, municipality=current_settings().municipality, values=body.model_dump()
    )
    db.session.commit()
    return answer(serializers.tender_json(tender), 201)


@bp.get("/tenders/<int:tender_id>")
@require("tender.view")
@operation("Eén inkooptraject", {200: schemas.Tender})
def get_tender(tender_id: int):
    return answer(serializers.tender_json(tender_queries.get_tender(tender_id)))


@bp.post("/procedure-advice")
@require("tender.view")
@operation(
    "Procedure-advies voor een geraamde opdracht (alle percelen, alle opties)",
    {200: schemas.ProcedureAdvice},
    body=inputs.ProcedureAdviceRequest,
)
def procedure_advice(body: inputs.ProcedureAdviceRequest):
    settings = current_settings()
    advice = advise(
        lots=[
            LotInput(lot.annual_value_eur, lot.cpv, f"Perceel {number}")
            for number, lot in enumerate(body.lots, start=1)
        ],
        initial_months=body.initial_months,
        option_months=body.option_months,
        publication_on=body.publication_on or local_today(),
        authority=body.authority or settings.procurement_authority,
        single_quote_below=settings.single_quote_below_eur,
    )
    return answer(serializers.advice_json(advice))


@bp.get("/tenders/<int:tender_id>/procedure-advice")
@require("tender.view")
@operation(
    "Procedure-advies voor een vastgelegd inkooptraject",
    {200: schemas.ProcedureAdvice},
    problems={422: "Nog geen percelen met budget, of een route zonder aanbesteding"},
)
def tender_procedure_advice(tender_id: int):
    tender = tender_queries.get_tender(tender_id)
    advice = tender_queries.advise_procedure(tender, current_settings(), local_today())
    return answer(serializers.advice_json(advice))


@bp.post("/tenders/<int:tender_id>/pve")
@require("tender.edit")
@operation(
    "Een nieuwe versie van het Programma van Eisen maken (Word)",
    {201: schemas.DocumentCreated},
    problems={422: "Nog geen perceel, of het traject is bevroren"},
)
def generate_pve(tender_id: int):
    tender = tender_queries.get_tender(tender_id)
    document = document_services.generate_pve(
        current_user, tender, today=local_today(), settings=current_settings()
    )
    db.session.commit()
    download_url = url_for("api.download_document", document_id=document.id)
    return answer(schemas.DocumentCreated(document_id=document.id, download_url=download_url), 201)


@bp.get("/documents/<int:document_id>")
@require("tender.view")
@operation("Een gegenereerd document downloaden", {200: DOCX})
def download_document(document_id: int):
    return send_document(downloadable(document_id))


@bp.post("/contracts/<int:contract_id>/options/<int:number>/exercise")
@require("approval.request")
@operation(
    "Het lichten van een optie ter goedkeuring aan de wethouder voorleggen (vóór de uiterste "
    "besluitdatum); met collegevoorstel en Excel-overzicht als bijlagen",
    {202: schemas.ApprovalRequest},
    body=inputs.ExtensionRequest,
    problems={422: "Kan nu niet worden voorgelegd"},
)
def exercise_option(contract_id: int, number: int, body: inputs.ExtensionRequest):
    """Exercising is the alderman's decision: this puts the option to him or her (202)."""
    contract = contract_queries.get_contract(contract_id)
    option = next((o for o in contract.options if o.number == number), None) or abort(404)
    request_ = approval_services.submit_request(
        current_user,
        ApprovalSubject.EXTENSION,
        option,
        details={"rationale": body.rationale},
        proposal=body.proposal.model_dump(),
        earlier_decisions=earlier_decisions(body.earlier_decisions),
        today=local_today(),
        settings=current_settings(),
    )
    db.session.commit()
    return answer(serializers.approval_json(request_, list_attachments(request_)), 202)


@bp.get("/tenders/<int:tender_id>/ocds")
@require("tender.view")
@operation("Open data: het inkooptraject als OCDS 1.1-releasepakket", {200: schemas.ReleasePackage})
def tender_ocds(tender_id: int):
    tender = tender_queries.get_tender(tender_id)
    return _package_json(
        ocds_package([tender], uri=request.url, settings=current_settings(), today=local_today())
    )


@bp.get("/ocds/releases")
@require("tender.view")
@operation(
    "Open data: de inkooptrajecten als OCDS 1.1-releasepakket, per pagina (de volgende in "
    "links.next)",
    {200: schemas.ReleasePackage},
    query=inputs.PageQuery,
)
def ocds_releases(query: inputs.PageQuery):
    """A release package per page; the next page in the package's `links.next`, as OCDS
    pages release packages."""
    package = ocds_package(
        tender_queries.list_tenders(query.offset, query.per_page),
        uri=request.url,
        settings=current_settings(),
        today=local_today(),
    )
    following = next_page_url(query, tender_queries.count_tenders())
    if following:
        package["links"] = {"next": request.host_url.rstrip("/") + following}
    return _package_json(package)


def _package_json(package: dict) -> Response:
    """A release package written by orjson: a page of releases is megabytes of plain values
    (strings, numbers, lists), which the standard library takes ~40 ms to write."""
    return current_app.response_class(orjson.dumps(package), mimetype="application/json")


@bp.post("/contracts/<int:contract_id>/options/<int:number>/decline")
@require("contract.edit")
@operation(
    "Van een verlengingsoptie afzien; latere opties vervallen",
    {200: schemas.OptionDecisionResult},
    body=inputs.OptionDecision,
    body_required=False,
    problems={**CHANGED, 422: "Niet mogelijk (geen open optie, termijn verstreken)"},
)
def decline_option(contract_id: int, number: int, body: inputs.OptionDecision):
    contract = contract_queries.get_contract(contract_id)
    option = option_services.decline_option(
        current_user,
        contract,
        number,
        decided_on=body.decided_on or local_today(),
        rationale=body.rationale,
        expected_version=body.version,
        today=local_today(),
    )
    db.session.commit()
    return answer(
        schemas.OptionDecisionResult(
            option=schemas.OptionState(number=option.number, status=option.status.value),
            contract=contract_model(contract_id),
        )
    )


def kpi_units() -> dict:
    """What a steering moment's results are checked against: each KPI's unit by its code."""
    return {"kpi_units": {kpi.code: kpi.unit.value for kpi in list_kpi_definitions()}}


@bp.post("/contracts/<int:contract_id>/steering-moments/<int:moment_id>")
@require("steering.log")
@operation(
    "Een bijsturingsmoment vastleggen of corrigeren",
    {200: schemas.Contract},
    body=inputs.SteeringMomentInput,
    body_context=kpi_units,
    problems={**CHANGED, 422: "Contract niet actief"},
)
def log_steering_moment(contract_id: int, moment_id: int, body: inputs.SteeringMomentInput):
    moment = contract_moment(contract_id, moment_id)
    by_code = {kpi.code: kpi.id for kpi in list_kpi_definitions()}
    steering_services.log_steering_moment(
        current_user,
        moment,
        held_on=body.held_on,
        results={by_code[r.kpi]: (r.value, r.note) for r in body.results},
        findings=body.findings,
        decision=body.decision,
        significant=body.significant,
        chosen_outcome=body.outcome,
        actions=[action.model_dump() for action in body.actions],
        expected_version=body.version,
        today=local_today(),
    )
    db.session.commit()
    return answer(contract_model(contract_id))


@bp.get("/signals")
@require("contract.view")
@operation(
    "Signalering: wat vandaag aandacht vraagt, per soort de urgentste (per_page per soort), "
    "met het totaal per soort",
    {200: schemas.Signals},
    query=inputs.PageQuery,
)
def signals(query: inputs.PageQuery):
    """Per kind the most urgent `per_page` signals of page `page`, with the totals per kind."""
    signals = list_signals(
        local_today(), current_settings().decision_lead, query.per_page, query.offset
    )
    largest = max(signals.totals.values(), default=0)
    return answer(
        serializers.signals_json(
            signals,
            page=query.page,
            per_page=query.per_page,
            next=next_page_url(query, largest),
        )
    )


@bp.get("/budget-overview")
@require("tender.view")
@operation(
    "Begrote bedragen per budgetregel van een gemeente voor één jaar",
    {200: schemas.BudgetOverview},
    query=inputs.YearQuery,
)
def budget_overview(query: inputs.YearQuery):
    overview = year_budgets.budget_overview(
        query.year or local_today().year, query.municipality or current_settings().municipality
    )
    return answer(serializers.budget_overview_json(overview))


@bp.get("/budget-plans")
@require("budget.view")
@operation(
    "De begroting van een gemeente voor één jaar, met de verschillen met de bron",
    {200: schemas.BudgetPlan},
    query=inputs.BudgetPlanQuery,
    problems={404: "Geen begroting voor deze gemeente en dit jaar"},
)
def budget_plan(query: inputs.BudgetPlanQuery):
    plan = budget_queries.find_plan(query.municipality, query.year) or abort(404)
    return answer(serializers.budget_plan_json(plan, budget_queries.plan_figures(plan)))


@bp.get("/contracts")
@require("contract.view")
@operation(
    "De raamcontracten per pagina, met voorwaarden en opties (de geschiedenis: url)",
    {200: schemas.ContractPage},
    query=inputs.PageQuery,
)
def list_contracts(query: inputs.PageQuery):
    contracts = contract_queries.list_contracts(offset=query.offset, limit=query.per_page)
    lead = current_settings().decision_lead
    items = [
        serializers.contract_summary_json(contract, contract.timeline(lead))
        for contract in contracts
    ]
    return answer(schemas.ContractPage(**paged(items, contract_queries.count_contracts(), query)))


def contract_model(contract_id: int) -> schemas.Contract:
    """The contract as stored now (a write before may have changed it)."""
    contract = contract_queries.get_contract(contract_id)
    return serializers.contract_json(contract, contract.timeline(current_settings().decision_lead))


@bp.get("/contracts/<int:contract_id>")
@require("contract.view")
@operation("Eén raamcontract met opties en bijsturingsmomenten", {200: schemas.Contract})
def get_contract(contract_id: int):
    return answer(contract_model(contract_id))

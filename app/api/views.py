"""JSON API under /api/v1 (docs/design.md §4)."""

from datetime import date

from flask import Blueprint, abort, jsonify, request, url_for
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from app.api import serializers
from app.api.approvals import earlier_decisions, parse_proposal
from app.api.openapi import openapi_document
from app.api.paging import page_request, paged
from app.api.procedure import parse_advice_request
from app.api.steering import parse_moment_request
from app.approvals import queries as approval_queries
from app.approvals import services as approval_services
from app.approvals.models import ApprovalSubject
from app.approvals.queries import list_attachments
from app.auth.sessions import token_for_authorization
from app.contracts import option_services
from app.contracts import queries as contract_queries
from app.contracts.signals import list_signals
from app.core.dates import utcnow
from app.core.errors import ValidationFailed
from app.core.settings import current_settings
from app.documents import services as document_services
from app.documents.views import downloadable, send_document
from app.exports.queries import ocds_package
from app.extensions import csrf, db
from app.permissions import require
from app.steering import services as steering_services
from app.steering.queries import list_kpi_definitions
from app.steering.views import contract_moment
from app.tenders import queries as tender_queries
from app.tenders import services as tender_services
from app.tenders.forms import TenderForm
from app.tenders.procedure import advise
from app.tenders.services import TENDER_FIELDS

bp = Blueprint("api", __name__, url_prefix="/api/v1")

MIN_YEAR, MAX_YEAR = 2000, 2100


@bp.before_request
def protect_cookie_sessions():
    """A write needs the CSRF token unless a valid bearer token authenticated it: any other
    Authorization header (empty, or a token that is not ours) leaves the cookie to speak."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    if token_for_authorization(request.headers.get("Authorization", ""), now=utcnow()) is None:
        csrf.protect()


def json_object() -> dict:
    """The request body as a JSON object, or a 400."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ValidationFailed(
            "De inhoud is geen geldig JSON-object.", {"body": ["Ongeldige JSON."]}
        )
    return body


def read_json(allowed: set[str]) -> dict:
    """The request body as a JSON object with only known fields, or a 400 with field errors."""
    body = json_object()
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise ValidationFailed("Onbekende velden.", {name: ["Onbekend veld."] for name in unknown})
    return body


def validated_form(form_class, body: dict):
    """Validate a JSON body with the same WTForms form the pages use."""
    as_text = {key: "" if value is None else str(value) for key, value in body.items()}
    form = form_class(formdata=MultiDict(as_text), meta={"csrf": False})
    if not form.validate():
        raise ValidationFailed("De gegevens kloppen niet.", form.errors)
    return form


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())


@bp.get("/tenders")
@require("tender.view")
def list_tenders():
    asked = page_request()
    tenders = tender_queries.list_tenders(asked.offset, asked.per_page)
    items = [serializers.tender_json(tender) for tender in tenders]
    return jsonify(paged(items, tender_queries.count_tenders(), asked))


@bp.post("/tenders")
@require("tender.edit")
def create_tender():
    body = read_json(set(TENDER_FIELDS))
    form = validated_form(TenderForm, body)
    tender = tender_services.create_tender(
        current_user,
        municipality=current_settings().municipality,
        values={field: form[field].data for field in TENDER_FIELDS},
    )
    db.session.commit()
    return jsonify(serializers.tender_json(tender)), 201


@bp.get("/tenders/<int:tender_id>")
@require("tender.view")
def get_tender(tender_id: int):
    return jsonify(serializers.tender_json(tender_queries.get_tender(tender_id)))


@bp.post("/procedure-advice")
@require("tender.view")
def procedure_advice():
    settings = current_settings()
    arguments = parse_advice_request(json_object(), settings.procurement_authority)
    advice = advise(single_quote_below=settings.single_quote_below_eur, **arguments)
    return jsonify(serializers.advice_json(advice))


@bp.get("/tenders/<int:tender_id>/procedure-advice")
@require("tender.view")
def tender_procedure_advice(tender_id: int):
    tender = tender_queries.get_tender(tender_id)
    advice = tender_queries.current_procedure_advice(tender, current_settings(), date.today())
    return jsonify(serializers.advice_json(advice))


@bp.post("/tenders/<int:tender_id>/pve")
@require("tender.edit")
def generate_pve(tender_id: int):
    tender = tender_queries.get_tender(tender_id)
    document = document_services.generate_pve(
        current_user, tender, today=date.today(), settings=current_settings()
    )
    db.session.commit()
    download_url = url_for("api.download_document", document_id=document.id)
    return jsonify({"document_id": document.id, "download_url": download_url}), 201


@bp.get("/documents/<int:document_id>")
@require("tender.view")
def download_document(document_id: int):
    return send_document(downloadable(document_id))


OPTION_DECISION_FIELDS = {"decided_on", "rationale", "version"}
EXTENSION_REQUEST_FIELDS = {"rationale", "proposal", "earlier_decisions"}


def json_date(body: dict, field: str) -> date:
    """An ISO date from the body (today when absent), or a 400 on the field."""
    try:
        return date.fromisoformat(str(body.get(field, date.today().isoformat())))
    except ValueError:
        raise ValidationFailed(
            "De besluitdatum klopt niet.", {field: ["Geef een datum als JJJJ-MM-DD."]}
        ) from None


VERSION_MISSING = "Geef de versie mee die u het laatst las (veld version)."


def json_version(body: dict) -> int:
    """The version the caller read: required, so a write never silently overwrites a change
    it has not seen."""
    version = body.get("version")
    if version is None:
        raise ValidationFailed(VERSION_MISSING, {"version": [VERSION_MISSING]})
    if isinstance(version, bool) or not isinstance(version, int):
        raise ValidationFailed("De versie klopt niet.", {"version": ["Geef een geheel getal."]})
    return version


@bp.post("/contracts/<int:contract_id>/options/<int:number>/exercise")
@require("approval.request")
def exercise_option(contract_id: int, number: int):
    """Exercising is the alderman's decision: this puts the option to him or her (202)."""
    contract = contract_queries.get_contract(contract_id)
    option = next((o for o in contract.options if o.number == number), None) or abort(404)
    body = read_json(EXTENSION_REQUEST_FIELDS)
    proposal = parse_proposal(body.get("proposal"))
    request_ = approval_services.submit_request(
        current_user,
        ApprovalSubject.EXTENSION,
        option,
        details={"rationale": str(body.get("rationale", ""))},
        proposal=proposal,
        earlier_decisions=earlier_decisions(body.get("earlier_decisions", [])),
        today=date.today(),
        settings=current_settings(),
    )
    db.session.commit()
    return jsonify(serializers.approval_json(request_, list_attachments(request_))), 202


@bp.get("/tenders/<int:tender_id>/ocds")
@require("tender.view")
def tender_ocds(tender_id: int):
    tender = tender_queries.get_tender(tender_id)
    return jsonify(
        ocds_package([tender], uri=request.url, settings=current_settings(), today=date.today())
    )


@bp.get("/ocds/releases")
@require("tender.view")
def ocds_releases():
    """A release package per page; the next page in the package's `links.next`, as OCDS
    pages release packages."""
    asked = page_request()
    package = ocds_package(
        tender_queries.list_tenders(asked.offset, asked.per_page),
        uri=request.url,
        settings=current_settings(),
        today=date.today(),
    )
    following = asked.next_url(tender_queries.count_tenders())
    if following:
        package["links"] = {"next": url_for_external(following)}
    return jsonify(package)


@bp.get("/approval-requests/<int:request_id>")
@require("approval.view")
def get_approval_request(request_id: int):
    request_ = approval_queries.get_request(request_id)
    return jsonify(serializers.approval_json(request_, list_attachments(request_)))


@bp.post("/approval-requests/<int:request_id>/decision")
@require("approval.decide")
def decide_approval_request(request_id: int):
    request_ = approval_queries.get_request(request_id)
    body = read_json({"approve", "decided_on", "remark", "version"})
    if not isinstance(body.get("approve"), bool):
        raise ValidationFailed("Het besluit klopt niet.", {"approve": ["Geef true of false."]})
    approval_services.decide_request(
        current_user,
        request_,
        approve=body["approve"],
        decided_on=json_date(body, "decided_on"),
        remark=str(body.get("remark", "")),
        expected_version=json_version(body),
        today=date.today(),
        settings=current_settings(),
    )
    db.session.commit()
    request_ = approval_queries.get_request(request_id)
    return jsonify(serializers.approval_json(request_, list_attachments(request_)))


@bp.post("/contracts/<int:contract_id>/options/<int:number>/decline")
@require("contract.edit")
def decline_option(contract_id: int, number: int):
    contract = contract_queries.get_contract(contract_id)
    body = read_json(OPTION_DECISION_FIELDS)
    decided_on, version = json_date(body, "decided_on"), json_version(body)
    option = option_services.decline_option(
        current_user,
        contract,
        number,
        decided_on=decided_on,
        rationale=str(body.get("rationale", "")),
        expected_version=version,
        today=date.today(),
    )
    db.session.commit()
    contract = contract_queries.get_contract(contract_id)
    timeline = contract.timeline(current_settings().decision_lead)
    return jsonify(
        {
            "option": {"number": option.number, "status": option.status.value},
            "contract": serializers.contract_json(contract, timeline),
        }
    )


@bp.post("/contracts/<int:contract_id>/steering-moments/<int:moment_id>")
@require("steering.log")
def log_steering_moment(contract_id: int, moment_id: int):
    moment = contract_moment(contract_id, moment_id)
    arguments = parse_moment_request(json_object(), list_kpi_definitions())
    steering_services.log_steering_moment(
        current_user,
        moment,
        expected_version=arguments.pop("version"),
        today=date.today(),
        **arguments,
    )
    db.session.commit()
    return contract_response(contract_id)


@bp.get("/signals")
@require("contract.view")
def signals():
    """Per kind the most urgent `per_page` signals of page `page`, with the totals per kind."""
    asked = page_request()
    signals = list_signals(
        date.today(), current_settings().decision_lead, asked.per_page, asked.offset
    )
    largest = max(signals.totals.values(), default=0)
    return jsonify(
        serializers.signals_json(signals)
        | {"page": asked.page, "per_page": asked.per_page, "next": asked.next_url(largest)}
    )


@bp.get("/budget-overview")
@require("tender.view")
def budget_overview():
    unknown = sorted(set(request.args) - {"year"})
    if unknown:
        raise ValidationFailed(
            "Onbekende parameters.", {name: ["Onbekende parameter."] for name in unknown}
        )
    raw_year = request.args.get("year", str(date.today().year))
    if not raw_year.isdigit() or not MIN_YEAR <= int(raw_year) <= MAX_YEAR:
        message = f"Geef een jaar tussen {MIN_YEAR} en {MAX_YEAR}."
        raise ValidationFailed(message, {"year": [message]})
    return jsonify(serializers.budget_overview_json(tender_queries.budget_overview(int(raw_year))))


@bp.get("/contracts")
@require("contract.view")
def list_contracts():
    asked = page_request()
    contracts = contract_queries.list_contracts(
        with_steering_moments=True, offset=asked.offset, limit=asked.per_page
    )
    items = [
        serializers.contract_json(contract, contract.timeline(current_settings().decision_lead))
        for contract in contracts
    ]
    return jsonify(paged(items, contract_queries.count_contracts(), asked))


def url_for_external(path: str) -> str:
    return request.host_url.rstrip("/") + path


def contract_response(contract_id: int):
    contract = contract_queries.get_contract(contract_id)
    return jsonify(
        serializers.contract_json(contract, contract.timeline(current_settings().decision_lead))
    )


@bp.get("/contracts/<int:contract_id>")
@require("contract.view")
def get_contract(contract_id: int):
    return contract_response(contract_id)

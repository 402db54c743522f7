"""Plain builders and helpers the tests of several packages share: objects made through the
pages or services as a user would make them, and the forms they post."""

from datetime import timedelta

from openapi_schema_validator import OAS31Validator

from app.approvals.models import ApprovalRequest
from app.auth.models import Role, User
from app.auth.sessions import issue_api_token
from app.core.dates import local_today, utcnow
from app.core.settings import current_settings
from app.extensions import db
from app.reference.models import Segment
from app.seeding import SeedReport, seed_municipality
from app.steering.models import KpiDefinition, SteeringMoment
from app.tenders.models import CriterionKind, Lot, TargetGroup, Tender
from tests.conftest import contract, make_user, post_form


def target_group(code: str, name: str) -> TargetGroup:
    """A Haarlem target group in Sol's segment 2.1; Haarlem and its scheme are made on first use
    as the seed makes them (the reference data of a fresh database)."""
    haarlem = seed_municipality(None, "haarlem", SeedReport())
    segment = db.session.scalar(
        db.select(Segment).filter_by(scheme_id=haarlem.scheme_id, code="2.1")
    )
    group = TargetGroup(code=code, name=name, municipality=haarlem, segment=segment)
    db.session.add(group)
    return group


def haarlem_tender() -> Tender:
    return db.session.scalar(
        db.select(Tender).filter_by(title="Re-integratie specifieke doelgroepen 2018–2019")
    )


def lot_data(group, **changes) -> dict:
    return {
        "number": "1",
        "title": "Statushouders",
        "target_group_id": str(group.id),
        "target_group_profile": "Vergunninghouders die de taal nog leren",
        "scope": "Taal, werk en integratie",
        "internal_note": "",
        "payment_model": "trajectory",
        "intake_days": "10",
        "plan_weeks": "4",
        "aftercare_months": "6",
        "report_back_days": "2",
        "lasting_outflow_months": "6",
        "budget_per_year": "663.075,00",
        "planned_count": "140",
        "unit_price": "4736,25",
        "cpv": "79611000-0",
        "initial_months": "24",
        "option_months": "12, 12",
        "notice_months": "3",
        **changes,
    }


def criteria_form(lot: Lot, rows, motivation: str = "", description: str = "") -> dict:
    data = {"version": lot.version, "lowest_price_motivation": motivation}
    for index, (name, kind, weight) in enumerate(rows):
        data |= {
            f"criteria-{index}-name": name,
            f"criteria-{index}-kind": kind,
            f"criteria-{index}-weight_percent": weight,
            f"criteria-{index}-description": description,
        }
    return data


MOTIVATION = {
    "size": "Ruim boven de drempel voor sociale diensten.",
    "transaction_costs": "Eén procedure voor vijf percelen beperkt de kosten.",
    "number_of_tenderers": "Veel regionale re-integratiebedrijven; percelen houden het mkb erbij.",
    "end_result": "Duurzame én gedeeltelijke uitstroom naar werk.",
    "complexity": "Maatwerk per doelgroep; gemiddeld complex.",
    "contract_type_and_market": "Raamovereenkomst; sociale dienst (verlicht regime).",
}


REVIEWER = "collega@regie.example"


def reviewer() -> User:
    """A second procurement adviser, to review the tenders the tests offer for review."""
    colleague = db.session.scalar(db.select(User).filter_by(email=REVIEWER))
    return colleague or make_user(Role.PROCUREMENT_ADVISER, REVIEWER)


def change_status(client, tender: Tender, status: str, version: int | None = None):
    db.session.expire_all()  # other requests moved versions on
    named = {"reviewer_id": reviewer().id} if status == "in_review" else {}
    return post_form(
        client,
        f"/inkooptrajecten/{tender.id}/status",
        {"status": status, "version": version or tender.version, **named},
        form_page=f"/inkooptrajecten/{tender.id}",
        follow_redirects=True,
    )


def adopt(client, login_as, tender: Tender):
    """Adoption goes through the alderman (tests/approvals/test_subjects.py)."""
    db.session.expire_all()
    return approve(client, login_as, "pve", tender.id, Role.PROCUREMENT_ADVISER)


def bid(client, the_lot, supplier: str, price: str, score: str, **extra):
    quality = [c for c in the_lot.award_criteria if c.kind == CriterionKind.QUALITY]
    data = {
        "supplier_id": "0",
        "new_supplier_name": supplier,
        "price": price,
        "received_on": (the_lot.tender.closing_on - timedelta(days=5)).isoformat(),
        "excluded_reason": "",
    } | extra
    for index, criterion in enumerate(quality):
        data |= {f"scores-{index}-criterion_id": criterion.id, f"scores-{index}-score": score}
    url = f"/inkooptrajecten/{the_lot.tender_id}/percelen/{the_lot.id}/inschrijvingen"
    return post_form(client, url, data)


def kpi(code: str) -> KpiDefinition:
    return db.session.scalar(db.select(KpiDefinition).filter_by(code=code))


def form_data(moment: SteeringMoment, values: dict[str, str], **extra) -> dict:
    data = {
        "held_on": "2018-08-15",
        "findings": "Instroom blijft achter & uitval is laag.",
        "decision": "adjust",
        "outcome": "",
        "version": moment.version,
    }
    kpis = db.session.scalars(db.select(KpiDefinition).order_by(KpiDefinition.position)).all()
    for index, definition in enumerate(kpis):
        data |= {
            f"results-{index}-kpi_definition_id": definition.id,
            f"results-{index}-value": values.get(definition.code, ""),
            f"results-{index}-note": "",
        }
    return data | extra


def log(client, moment: SteeringMoment, values: dict[str, str], **extra):
    url = f"/contracten/{moment.contract_id}/bijsturing/{moment.id}"
    return post_form(client, url, form_data(moment, values, **extra))


PROPOSAL = {
    "registration_number": "2026/123456",
    "short_title": "Verlenging re-integratie",
    "key_message": "Het college verlengt.\nTweede alinea & <meer>.",
    "committee_proposal": "N.v.t.",
    "decision_points": "Optie 1 te lichten.\n=Tweede punt +1",
    "introduction": "+31 23 511 5115 belt de wethouder",
    "intended_result": "Resultaat",
    "arguments": "@Argument",
    "communication": "Communicatie",
    "risks": "Risico's",
    "implementation": "Uitvoering",
    "annexes": "Rapportage bijsturingsmoment",
}


def propose(client, subject: str, object_id: int, **fields):
    """Submit the proposal page for `subject`, as the logged-in user."""
    url = f"/goedkeuringen/nieuw/{subject}/{object_id}"
    return post_form(client, url, PROPOSAL | fields, follow_redirects=True)


def latest_request() -> ApprovalRequest | None:
    return db.session.scalar(db.select(ApprovalRequest).order_by(ApprovalRequest.id.desc()))


def decide_request(client, request: ApprovalRequest, **data):
    db.session.refresh(request)
    fields = {"decision": "goedkeuren", "decided_on": local_today().isoformat(), "remark": ""}
    return post_form(
        client,
        f"/goedkeuringen/{request.id}",
        fields | data | {"version": request.version},
        follow_redirects=True,
    )


def approve(client, login_as, subject: str, object_id: int, back_as: Role, **fields):
    """Put something to the alderman, approve it as the alderman, and log `back_as` in again;
    returns the alderman's page after the decision."""
    submitted = propose(client, subject, object_id, **fields)
    assert "Het verzoek ligt ter goedkeuring bij de wethouder." in submitted.text, submitted.text
    login_as(Role.ALDERMAN)
    response = decide_request(client, latest_request())
    login_as(back_as)
    return response


def conforms(openapi: dict, path: str, method: str, status: str, body) -> None:
    """Assert the body matches the schema the OpenAPI document promises for this response."""
    schema = openapi["paths"][path][method]["responses"][status]["content"]["application/json"]
    whole = {**schema["schema"], "components": openapi["components"]}
    OAS31Validator(whole, format_checker=OAS31Validator.FORMAT_CHECKER).validate(body)


def bearer(role: Role) -> dict:
    user = make_user(role, f"api-{role.value}@regie.example")
    token = issue_api_token(
        None, user, name="Test", now=utcnow(), lifetime=current_settings().token_lifetime
    )
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def spend(client, reference: str, **data):
    c = contract(reference)
    url = f"/contracten/{c.id}/bestedingen/nieuw"
    return post_form(client, url, {"version": c.version} | data)

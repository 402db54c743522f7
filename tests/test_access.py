"""Every route × (anonymous + the four roles) → the expected status.

A new route without an entry in ROUTES fails `test_every_route_has_a_rule`, so no page can
appear without someone deciding who may use it.
"""

from datetime import date

import pytest
from flask import Flask

from app.auth.models import Role
from app.auth.services import issue_calendar_token
from app.auth.sessions import issue_api_token
from app.budgets.models import BudgetPlan
from app.contracts.models import ExtensionOption, FrameworkContract
from app.core.dates import local_today, utcnow
from app.core.settings import current_settings
from app.documents.models import DocumentKind
from app.documents.rendering import template_path
from app.documents.services import BUILT_IN_TEMPLATES, generate_pve, upload_template
from app.extensions import db
from app.jobs.models import JobKind
from app.jobs.services import request_job
from app.permissions import ROLE_ACTIONS
from app.programmes.models import Programme
from app.steering.models import SteeringMoment
from app.tenders.models import Tender
from app.tenders.requirement_models import Requirement
from tests.conftest import csrf_token_from, make_user, sign_in

PUBLIC = "public"
LOGGED_IN = "logged_in"

ROUTES = {
    "auth.login": PUBLIC,
    "auth.logout": LOGGED_IN,
    "auth.account": LOGGED_IN,
    "auth.create_token": LOGGED_IN,
    "auth.revoke_token": LOGGED_IN,
    "auth.end_user_sessions": "users.manage",
    "auth.users": "users.manage",
    "auth.edit_user": "users.manage",
    "home.index": "tender.view",
    "home.tasks": "tender.view",
    "exports.list_file": "export.download",
    "jobs.detail": "tender.view",
    "jobs.progress": "tender.view",
    "documents.make_pdf": "tender.view",
    "home.dashboard": "contract.view",
    "home.budget_chart": "contract.view",
    "home.options_chart": "contract.view",
    "suppliers.index": "contract.view",
    "suppliers.detail": "contract.view",
    "suppliers.create": "supplier.edit",
    "suppliers.edit": "supplier.edit",
    "tenders.index": "tender.view",
    "tenders.create": "tender.edit",
    "tenders.detail": "tender.view",
    "tenders.edit": "tender.edit",
    "lots.create": "tender.edit",
    "lots.edit": "tender.edit",
    "lots.remove": "tender.edit",
    "tenders.procedure": "tender.edit",
    "lots.detail": "tender.view",
    "lots.award_criteria": "tender.edit",
    "lots.kpi_targets": "tender.edit",
    "lots.copy_requirements": "tender.edit",
    "lots.edit_requirement": "tender.edit",
    "lots.remove_requirement": "tender.edit",
    "tenders.generate_pve": "tender.edit",
    "tender_texts.index": "tender.view",
    "tender_texts.add": "tender.edit",
    "tender_texts.edit": "tender.edit",
    "tender_texts.remove": "tender.edit",
    "tenders.export": "export.download",
    "tenders.change_status": "tender.edit",
    "lots.register_bid": "tender.edit",
    "lots.clarify": "tender.edit",
    "tenders.clarify_tender": "tender.edit",
    "documents.download": "tender.view",
    "documents.download_pdf": "tender.view",
    "api.generate_pve": "tender.edit",
    "api.download_document": "tender.view",
    "templates_admin.index": "reference_data.manage",
    "templates_admin.download_template": "reference_data.manage",
    "library.library": "reference_data.manage",
    "library.create_requirement": "reference_data.manage",
    "library.edit_requirement": "reference_data.manage",
    "contracts.list_page": "contract.view",
    "signals.index": "contract.view",
    "contracts.detail": "contract.view",
    "contracts.activate": "contract.edit",
    "contracts.decline_option": "contract.edit",
    "approvals.index": "approval.view",
    "approvals.detail": "approval.view",
    "approvals.submit": "approval.request",
    "approvals.withdraw": "approval.withdraw",
    "contracts.kpi_targets": "contract.edit",
    "contracts.add_amendment": "contract.edit",
    "contracts.record_spend": "contract.edit",
    "contracts.terminate": "contract.edit",
    "steering.moment": "contract.view",
    "steering.log_moment": "steering.log",
    "steering.change_action": "steering.log",
    "trends.contract_chart": "contract.view",
    "reference.index": "reference_data.manage",
    "reference.items": "reference_data.manage",
    "reference.add_item": "reference_data.manage",
    "reference.edit_item": "reference_data.manage",
    "reference.set_size": "reference_data.manage",
    "budgets.index": "budget.view",
    "budgets.detail": "budget.view",
    "budgets.create": "budget.edit",
    "budgets.edit": "budget.edit",
    "budgets.group": "budget.edit",
    "budgets.line": "budget.edit",
    "api.budget_plan": "budget.view",
    "joint.participants": "tender.edit",
    "joint.lot_budgets": "tender.edit",
    "programmes.detail": "programme.view",
    "programmes.create": "programme.edit",
    "programmes.edit": "programme.edit",
    "programmes.objective": "programme.edit",
    "programmes.add_norm": "programme.edit",
    "programmes.edit_norm": "programme.edit",
    "programmes.realisation": "programme.edit",
    "programmes.reporting_moment": "programme.edit",
    "trends.lot_chart": "tender.view",
    "trends.target_group": "contract.view",
    "trends.target_group_chart": "contract.view",
    "api.openapi": PUBLIC,
    "calendar.feed": PUBLIC,
    "calendar.settings": "contract.view",
    "api.list_tenders": "tender.view",
    "api.create_tender": "tender.edit",
    "api.get_tender": "tender.view",
    "api.budget_overview": "tender.view",
    "api.signals": "contract.view",
    "api.procedure_advice": "tender.view",
    "api.tender_procedure_advice": "tender.view",
    "api.list_contracts": "contract.view",
    "api.get_contract": "contract.view",
    "api.exercise_option": "approval.request",
    "api.list_approval_requests": "approval.view",
    "api.get_approval_request": "approval.view",
    "api.decide_approval_request": "approval.decide",
    "api.tender_ocds": "tender.view",
    "api.ocds_releases": "tender.view",
    "api.decline_option": "contract.edit",
    "api.log_steering_moment": "steering.log",
}
SKIPPED = {"static", "bootstrap.static"}
ROLES = [None, *Role]


def add_action(contract_id: int) -> int:
    from app.steering.models import Action

    action = Action(contract_id=contract_id, text="Bellen", owner="Karim", due_on=date(2019, 1, 1))
    db.session.add(action)
    db.session.commit()
    return action.id


def add_result(contract_id: int) -> int:
    """A logged result at the contract's first moment (so its trend chart exists); returns
    its KPI definition."""
    from decimal import Decimal

    from app.steering.models import KpiDefinition, KpiResult

    moment = db.session.scalar(db.select(SteeringMoment).filter_by(contract_id=contract_id))
    kpi_id = db.session.scalar(db.select(KpiDefinition.id).filter_by(code="started"))
    db.session.add(
        KpiResult(steering_moment_id=moment.id, kpi_definition_id=kpi_id, value=Decimal(9))
    )
    db.session.commit()
    return kpi_id


def add_request(contract_id: int) -> int:
    from app.approvals.models import ApprovalRequest, ApprovalSubject

    requester = make_user(Role.CONTRACT_MANAGER, "verzoek@regie.example")
    request = ApprovalRequest(
        subject=ApprovalSubject.EXTENSION,
        title="Verlenging",
        object_type="ExtensionOption",
        object_id=db.session.scalar(
            db.select(ExtensionOption.id).filter_by(contract_id=contract_id, number=1)
        ),
        snapshot={
            "rows": [["Contract", "2017/532748-IB"]],
            "data": {"rationale": "Goede resultaten"},
            "tender_id": None,
            "finance": {"lines": [], "total": "€ 0,00", "note": ""},
            "proposal": {},
        },
        requester_id=requester.id,
    )
    db.session.add(request)
    db.session.commit()
    return request.id


def app_routes(app: Flask):
    # Logout last, so the session lasts for every other route.
    rules = sorted(app.url_map.iter_rules(), key=lambda rule: rule.endpoint == "auth.logout")
    for rule in rules:
        if rule.endpoint in SKIPPED:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def test_every_route_has_a_rule(app):
    endpoints = {rule.endpoint for rule, _ in app_routes(app)}
    assert endpoints == set(ROUTES)


def test_decorators_match_the_table(app):
    for endpoint, expected in ROUTES.items():
        action = getattr(app.view_functions[endpoint], "required_action", None)
        if expected not in (PUBLIC, LOGGED_IN):
            assert action == expected, endpoint


def expected_status(rule, method: str, role: Role | None) -> set[int]:
    rule_kind = ROUTES[rule.endpoint]
    is_api = rule.rule.startswith("/api/")
    if rule.endpoint == "home.index" and role in (Role.CONTRACT_MANAGER, Role.ALDERMAN):
        return {302}  # to the signals or the open requests: their start pages
    if rule_kind == PUBLIC:
        if rule.endpoint == "auth.login" and role is not None:
            return {302}  # already logged in: to the start page
        return {200} if method == "GET" else {200, 302, 400}
    if role is None:
        return {401} if is_api else {302}
    if rule.endpoint == "documents.download_pdf" and rule_kind in ROLE_ACTIONS[role]:
        return {200, 503}  # 503 where LibreOffice is not installed
    if rule.endpoint == "auth.revoke_token":  # another user's token: only an admin sees it
        return {302} if role == Role.ADMIN else {404}
    if rule.endpoint == "api.budget_plan" and rule_kind in ROLE_ACTIONS[role]:
        return {400}  # asked without ?municipality=&year=: the Dutch field errors
    if rule_kind == LOGGED_IN or rule_kind in ROLE_ACTIONS[role]:
        return {200} if method == "GET" else {200, 201, 302, 400}
    return {403}


def someone_elses_token() -> int:
    owner = make_user(Role.PROCUREMENT_ADVISER, "koppeling@regie.example")
    issue_api_token(
        None, owner, name="Koppeling", now=utcnow(), lifetime=current_settings().token_lifetime
    )
    db.session.commit()
    return owner.tokens[0].id


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.value if r else "anonymous")
def test_access_matrix(app, client, three, role):
    tender = db.session.scalar(
        db.select(Tender).filter_by(title="Re-integratie specifieke doelgroepen 2018–2019")
    )
    contract_id = db.session.scalar(
        db.select(FrameworkContract.id).filter_by(reference="2017/532748-IB")
    )
    plan = db.session.scalar(db.select(BudgetPlan).filter_by(year=2018))
    programme = db.session.scalar(
        db.select(Programme).where(Programme.title.startswith("Plan van Aanpak"))
    )
    values = {
        "tender_id": tender.id,
        "lot_id": tender.lots[0].id,
        "contract_id": contract_id,
        "supplier_id": db.session.get(FrameworkContract, contract_id).supplier_id,
        "token": issue_calendar_token(None, make_user(Role.CONTRACT_MANAGER, "ics@regie.example")),
        "action_id": add_action(contract_id),
        "status": "done",
        "number": 1,
        "moment_id": db.session.scalar(
            db.select(SteeringMoment.id).where(SteeringMoment.contract_id == contract_id)
        ),
        "request_id": add_request(contract_id),
        "kpi_id": add_result(contract_id),
        "zzp_result": add_result(  # the first lot's contract: its lot and group have a chart
            db.session.scalar(db.select(FrameworkContract.id).filter_by(lot_id=tender.lots[0].id))
        ),
        "group_id": tender.lots[0].target_group_id,
        "plan_id": plan.id,
        "budget_group_id": plan.groups[0].id,
        "line_id": plan.groups[0].lines[0].id,
        "programme_id": programme.id,
        "objective_id": programme.objectives[0].id,
        "norm_id": programme.objectives[0].norms[0].id,
        "report_id": programme.reporting_moments[0].id,
        "register": "doelgroepen",
        "year": 2018,
        "name": "contracten",
        "file_format": "csv",
        "job_id": 1,  # anonymous: any number; a user gets a job of their own below
        "item_id": tender.lots[0].target_group_id,
        "subject": "extension",
        "kind": "ocds",
        "object_id": db.session.scalar(
            db.select(ExtensionOption.id).filter_by(contract_id=contract_id, number=1)
        ),
        "user_id": make_user(Role.ALDERMAN, "ander@regie.example").id,
        "requirement_id": db.session.scalar(db.select(Requirement.id).limit(1)),
        "lot_requirement_id": tender.lots[0].requirements[0].id,
        "clause_id": tender.clauses[0].id,
        "token_id": someone_elses_token(),
        "document_id": generate_pve(
            make_user(Role.PROCUREMENT_ADVISER, "pve@regie.example"),
            tender,
            today=local_today(),
            settings=current_settings(),
        ).id,
        "template_id": upload_template(
            make_user(Role.ADMIN, "sjablonen@regie.example"),
            kind=DocumentKind.PVE,
            filename="pve.docx",
            content=template_path(BUILT_IN_TEMPLATES[DocumentKind.PVE]).read_bytes(),
        ).id,
    }
    if role is not None:
        user = make_user(role)
        sign_in(client, user)
        job, _ = request_job(user, JobKind.OVERVIEW, tender)  # a job page is its requester's
        db.session.commit()
        values["job_id"] = job.id
    token = csrf_token_from(client, "/contracten/" if role else "/login")
    checked, wrong = 0, []
    for rule, method in app_routes(app):
        arguments = {key: values[key] for key in rule.arguments}
        if rule.endpoint.startswith("lots.") and "requirement_id" in arguments:
            arguments["requirement_id"] = values["lot_requirement_id"]  # a copy in the lot
        url = rule.build(arguments, append_unknown=False)[1]
        if method == "GET":
            response = client.get(url)
        else:  # with a valid CSRF token, so what is tested is the permission
            response = client.open(
                url, method=method, data={"csrf_token": token}, headers={"X-CSRFToken": token}
            )
        if response.status_code not in expected_status(rule, method, role):
            wrong.append(f"{method} {url}: {response.status_code}")
        checked += 1
    assert not wrong, wrong
    assert checked == sum(1 for _ in app_routes(app))


def test_every_state_changing_request_needs_a_csrf_token(app, client, haarlem):
    """Every POST in the URL map, from a logged-in browser session without a token: refused
    before anything happens (the API checks its cookie sessions itself, as documented)."""
    user = make_user(Role.CONTRACT_MANAGER)
    sign_in(client, user)
    values = dict.fromkeys(
        ["tender_id", "lot_id", "contract_id", "action_id", "number", "moment_id", "request_id",
         "object_id", "user_id", "requirement_id", "template_id", "document_id", "kpi_id",
         "group_id", "item_id", "clause_id", "token_id", "supplier_id", "plan_id",
         "budget_group_id", "line_id", "programme_id", "objective_id", "norm_id",
         "report_id"], 1
    ) | {"status": "done", "subject": "extension", "kind": "ocds", "token": "x",
         "register": "doelgroepen"}  # fmt: skip
    posts = [
        rule.build({k: values[k] for k in rule.arguments}, append_unknown=False)[1]
        for rule, method in app_routes(app)
        if method == "POST" and ROUTES[rule.endpoint] != PUBLIC
    ]
    unprotected = []
    for url in posts:
        response = client.post(url, data={})
        if response.status_code != 400 or (
            "verlopen of ongeldig" not in response.text
            and (response.get_json(silent=True) or {}).get("error", {}).get("code") != "csrf"
        ):
            unprotected.append(f"{url}: {response.status_code}")
    assert len(posts) > 30
    assert unprotected == []

"""Every edit form, opened and saved again as it is shown, changes nothing: no new rows, no
audit events, no version moved on. Saved twice, since a second save is where copies appear.

The forms come from the URL map, like the access matrix: a page that shows a form and takes
its post on the same URL is an edit form unless CREATE_OR_ACTION_FORMS says what else it is,
so a new form cannot appear without this test covering it or someone saying why not.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from werkzeug.datastructures import MultiDict

from app.auth.models import Role, User
from app.budgets.models import BudgetPlan
from app.contracts.models import FrameworkContract
from app.core.dates import add_months
from app.extensions import db
from app.programmes.services import (
    add_norm,
    add_objective,
    add_reporting_moment,
    create_programme,
)
from app.reference.models import Municipality
from app.steering.models import KpiDefinition
from app.steering.services import NormInput, log_steering_moment, set_contract_kpi_targets
from app.tenders.library_services import copy_requirements
from app.tenders.lot_services import add_lot, set_award_criteria, set_kpi_targets
from app.tenders.models import CriterionKind, TargetGroup
from app.tenders.procedure import PROPORTIONALITY_FACTORS
from app.tenders.requirement_models import Requirement
from app.tenders.services import create_tender, record_procedure_choice
from tests.conftest import changed_tables, make_user, sign_in, table_contents
from tests.html_forms import form_fields

# Forms on a page of their own that add something or take a decision each time they are sent.
CREATE_OR_ACTION_FORMS = {
    "auth.login": "logs in",
    "auth.users": "adds a user",
    "calendar.settings": "issues a new agenda link",
    "templates_admin.index": "uploads a template",
    "tenders.create": "adds a tender",
    "suppliers.create": "adds a supplier",
    "documents.make_pdf": "starts the job that makes a document's PDF",
    "lots.create": "adds a lot",
    "lots.copy_requirements": "copies requirements into a lot",
    "lots.register_bid": "registers a bid",
    "tender_texts.add": "adds a PvE text to a tender",
    "auth.account": "changes the user's own password",
    "lots.clarify": "issues a nota van inlichtingen",
    "tenders.clarify_tender": "issues a nota van inlichtingen",
    "library.create_requirement": "adds a library requirement",
    "reference.add_item": "adds a KPI definition, a target group or a standard text",
    "contracts.add_amendment": "adds an amendment",
    "contracts.record_spend": "records spend",
    "contracts.terminate": "ends the contract",
    "approvals.submit": "puts a request to the alderman",
    "approvals.detail": "the alderman's decision",
    "budgets.create": "adds a budget plan",
    "programmes.create": "adds a programme",
    "programmes.add_norm": "adds a norm to an objective",
    "programmes.realisation": "records (or corrects) a year's realisation",
}
ADVISER, ADMIN, MANAGER = Role.PROCUREMENT_ADVISER, Role.ADMIN, Role.CONTRACT_MANAGER
LOT = "/inkooptrajecten/{tender}/percelen/{lot}"
EDIT_FORMS = {
    "auth.edit_user": (ADMIN, "/beheer/gebruikers/{user}"),
    "library.edit_requirement": (ADMIN, "/beheer/eisen/{requirement}"),
    "tenders.edit": (ADVISER, "/inkooptrajecten/{tender}/bewerken"),
    "suppliers.edit": (MANAGER, "/aanbieders/{supplier}/bewerken"),
    "lots.edit": (ADVISER, LOT + "/bewerken"),
    "lots.edit_requirement": (ADVISER, LOT + "/eisen/{lot_requirement}"),
    "lots.award_criteria": (ADVISER, LOT + "/gunningscriteria"),
    "lots.kpi_targets": (ADVISER, LOT + "/normen"),
    "tenders.procedure": (ADVISER, "/inkooptrajecten/{tender}/procedure"),
    "tender_texts.edit": (ADVISER, "/inkooptrajecten/{tender}/teksten/{clause}"),
    "contracts.kpi_targets": (MANAGER, "/contracten/{contract}/normen"),
    "steering.log_moment": (MANAGER, "/contracten/{contract}/bijsturing/{moment}"),
    "reference.edit_item": (ADMIN, "/beheer/indicatoren/{kpi}"),
    "reference.edit_item/doelgroepen": (ADMIN, "/beheer/doelgroepen/{group}"),
    "reference.edit_item/standaardteksten": (ADMIN, "/beheer/standaardteksten/{standard_text}"),
    "reference.edit_item/gemeenten": (ADMIN, "/beheer/gemeenten/{municipality}"),
    "reference.edit_item/indelingen": (ADMIN, "/beheer/indelingen/{scheme}"),
    "reference.edit_item/segmenten": (ADMIN, "/beheer/segmenten/{segment}"),
    "joint.participants": (ADVISER, "/inkooptrajecten/{tender}/deelnemers"),
    "joint.lot_budgets": (ADVISER, LOT + "/budget"),
    "budgets.edit": (ADVISER, "/begrotingen/{plan}/bewerken"),
    "budgets.group": (ADVISER, "/begrotingen/{plan}/groepen/{budget_group}"),
    "budgets.line": (MANAGER, "/begrotingen/{plan}/regels/{line}"),
    "programmes.edit": (ADVISER, "/programmas/{programme}/bewerken"),
    "programmes.objective": (ADVISER, "/programmas/{programme}/doelstellingen/{objective}"),
    "programmes.edit_norm": (MANAGER, "/programmas/{programme}/normen/{norm}"),
    "programmes.reporting_moment": (ADVISER, "/programmas/{programme}/rapportages/{report}"),
}


def forms_on_their_own_url(app) -> set[str]:
    """The POST endpoints whose URL also answers GET: a page with its form."""
    methods: dict[str, dict[str, str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            continue  # the API has no pages with forms
        for method in rule.methods & {"GET", "POST"}:
            methods.setdefault(rule.rule, {})[method] = rule.endpoint
    return {by["POST"] for by in methods.values() if {"GET", "POST"} <= set(by)}


def test_every_form_is_either_an_edit_form_or_said_to_be_something_else(app):
    # An endpoint that serves several registers is listed once per register ("…/doelgroepen").
    edit_endpoints = {name.split("/")[0] for name in EDIT_FORMS}
    assert forms_on_their_own_url(app) == edit_endpoints | set(CREATE_OR_ACTION_FORMS)


@pytest.fixture
def filled(haarlem, today) -> dict[str, int]:
    """One of everything an edit form edits, filled in as a user would have."""
    adviser = make_user(Role.PROCUREMENT_ADVISER)
    manager = make_user(Role.CONTRACT_MANAGER)
    kpis = list(db.session.scalars(db.select(KpiDefinition).order_by(KpiDefinition.position)))
    tender = create_tender(
        adviser,
        municipality="Haarlem",
        values={
            "reference": "2026/000555",
            "title": "Re-integratie statushouders",
            "route": "tender",
            "description": "Ondersteuning naar werk & meedoen",
            "publication_on": today,
            "closing_on": today + timedelta(weeks=6),
            "contract_start_on": add_months(today.replace(day=1), 4),
        },
    )
    lot = add_lot(
        adviser,
        tender,
        values={
            "number": 1,
            "title": "Statushouders",
            "target_group_id": db.session.scalar(db.select(TargetGroup.id).limit(1)),
            "scope": "Taal, werk en integratie",
            "budget_per_year": Decimal("663075.00"),
            "planned_count": 140,
            "unit_price": Decimal("4736.25"),
            "cpv": "79611000-0",
            "initial_months": 24,
            "option_months": [12, 12],
            "notice_months": 3,
        },
    )
    db.session.flush()
    requirement = db.session.scalar(db.select(Requirement).order_by(Requirement.code).limit(1))
    (copy,) = copy_requirements(adviser, lot, [requirement.id])
    set_award_criteria(
        adviser,
        lot,
        criteria=[
            {"name": "Prijs", "kind": CriterionKind.PRICE, "weight_percent": Decimal(40)},
            {
                "name": "Plan van aanpak",
                "kind": CriterionKind.QUALITY,
                "weight_percent": Decimal("60"),
                "description": "Hoe de inschrijver de doelgroep naar werk begeleidt",
            },
        ],
        lowest_price_motivation="",
        expected_version=lot.version,
    )
    set_kpi_targets(
        adviser,
        lot,
        targets={
            kpis[0].id: NormInput(Decimal(70), Decimal(10)),
            kpis[1].id: NormInput(Decimal(5), Decimal(20)),
        },
        expected_version=lot.version,
    )
    record_procedure_choice(
        adviser,
        tender,
        procedure="europees_verlicht_regime",
        motivation={factor: f"Toelichting {factor}" for factor in PROPORTIONALITY_FACTORS},
        expected_version=tender.version,
    )
    contract = db.session.scalar(db.select(FrameworkContract).filter_by(reference="2017/532748-IB"))
    set_contract_kpi_targets(
        manager,
        contract,
        targets={kpis[0].id: NormInput(Decimal(65), Decimal(10))},
        expected_version=contract.version,
    )
    moment = contract.steering_moments[0]
    log_steering_moment(
        manager,
        moment,
        held_on=date(2018, 8, 15),
        results={kpis[0].id: (Decimal(50), "Instroom blijft achter"), kpis[1].id: (Decimal(4), "")},
        findings="Instroom blijft achter.",
        decision="adjust",
        significant=False,
        chosen_outcome=None,
        actions=[{"text": "Extra instroom", "owner": "Karim", "due_on": date(2018, 10, 1)}],
        expected_version=moment.version,
        today=date(2018, 8, 15),
    )
    municipality = db.session.scalar(db.select(Municipality).filter_by(name="Haarlem"))
    programme = create_programme(
        adviser,
        municipality,
        values={
            "title": "Werk voor iedereen",
            "main_objective": "Meer inwoners aan het werk",
            "source": "Koersdocument",
            "first_year": 2018,
            "last_year": 2021,
        },
    )
    objective = add_objective(
        adviser, programme, values={"title": "Uitstroom", "intended_results": "Minder bijstand"}
    )
    norm = add_norm(
        adviser,
        objective,
        values={
            "text": "10% boven het meerjarig gemiddelde",
            "measure": "figure",
            "basis": "relative",
            "unit": "percent",
            "target_value": Decimal("10"),
            "tolerance_percent": Decimal("12.5"),
            "baselines": {2015: Decimal("5.1"), 2016: Decimal("6"), 2017: Decimal("7.25")},
        },
    )
    report = add_reporting_moment(
        adviser,
        programme,
        values={
            "kind": "evaluation",
            "title": "Evaluatie",
            "due_on": date(2021, 3, 31),
            "delivered_on": None,
            "note": "",
        },
    )
    plan = db.session.scalars(db.select(BudgetPlan)).one()
    db.session.commit()
    return {
        "municipality": municipality.id,
        "scheme": municipality.scheme_id,
        "segment": municipality.scheme.segments[-1].id,
        "plan": plan.id,
        "budget_group": plan.groups[-1].id,
        "line": plan.groups[-1].lines[-1].id,
        "programme": programme.id,
        "objective": objective.id,
        "norm": norm.id,
        "report": report.id,
        "user": make_user(Role.ALDERMAN, "ander@regie.example").id,
        "requirement": requirement.id,
        "tender": tender.id,
        "lot": lot.id,
        "lot_requirement": copy.id,
        "contract": contract.id,
        "supplier": contract.supplier_id,
        "moment": moment.id,
        "kpi": kpis[0].id,
        "group": lot.target_group_id,
        "clause": tender.clauses[0].id,
        "standard_text": tender.clauses[0].standard_clause_id,
    }


@pytest.mark.parametrize("endpoint", EDIT_FORMS)
def test_saving_an_edit_form_again_as_shown_changes_nothing(client, filled, endpoint):
    role, url = EDIT_FORMS[endpoint]
    url = url.format(**filled)
    user = db.session.scalar(db.select(User).filter_by(role=role)) or make_user(role)
    sign_in(client, user)
    before = table_contents()
    for _ in range(2):
        shown = form_fields(client.get(url).text, url)
        response = client.post(url, data=MultiDict(shown))
        assert response.status_code == 302, response.text
        assert changed_tables(before, table_contents()) == {}

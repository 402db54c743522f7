"""Pijnacker-Nootdorp and Zaanstad beside Haarlem: each one's target groups, budget plan,
norms and routes read as in its source document, and none sees the others' data."""

from datetime import date
from decimal import Decimal

from app.auth.models import Role
from app.budgets.queries import find_plan, plan_figures
from app.documents.services import generate_pve
from app.extensions import db
from app.programmes.models import Programme
from app.reference.models import Municipality
from app.seeding import seed_haarlem_2018, seed_scenario
from app.tenders.models import Route, TargetGroup, Tender
from tests.conftest import shown_text, word_text
from tests.factories import bearer, conforms
from tests.test_seed import row_counts


def groups_of(municipality: str) -> dict[str, tuple[str, list[tuple[int, int, int]]]]:
    groups = db.session.scalars(
        db.select(TargetGroup)
        .join(TargetGroup.municipality)
        .where(Municipality.name == municipality)
    )
    return {
        group.code: (group.segment.code, [(s.year, s.low, s.high) for s in group.sizes])
        for group in groups
    }


def test_each_municipality_has_its_own_scheme_and_groups(three):
    schemes = dict(
        db.session.execute(
            db.select(Municipality.name, Municipality.scheme_id).order_by(Municipality.name)
        ).all()
    )
    assert set(schemes) == {"Haarlem", "Pijnacker-Nootdorp", "Zaanstad"}
    assert schemes["Haarlem"] == schemes["Zaanstad"] != schemes["Pijnacker-Nootdorp"]
    pijnacker = groups_of("Pijnacker-Nootdorp")
    assert pijnacker["pn_werken"] == ("werken", [(2020, 50, 70)])
    assert pijnacker["pn_werken_aan"] == ("werken aan", [(2020, 280, 300)])
    assert pijnacker["pn_meedoen"] == ("meedoen", [(2020, 130, 140)])
    zaanstad = groups_of("Zaanstad")
    assert zaanstad["zs_sw"] == ("2.3", [(2016, 400, 400)])
    assert zaanstad["zs_geen_afstand"][0] == "1"
    assert not set(pijnacker) & set(zaanstad) and "statushouders" in groups_of("Haarlem")
    assert not set(groups_of("Haarlem")) & (set(pijnacker) | set(zaanstad))


def test_pijnacker_nootdorp_budget_2020_as_printed_with_its_503_difference(three):
    figures = plan_figures(find_plan("Pijnacker-Nootdorp", 2020))
    assert figures.income == Decimal("725503.00")
    assert figures.spending == Decimal("725000.00")
    assert figures.balance == Decimal("503.00")
    assert [(group.name, group.total, group.printed_total) for group in figures.groups] == [
        ("Beschikbaar budget", Decimal("725503.00"), Decimal("725000.00")),
        ("Uitgaven", Decimal("95000.00"), Decimal("95000.00")),
        ("Perspectief 'werken'", Decimal("145000.00"), Decimal("145000.00")),
        ("Perspectief 'werken aan'", Decimal("445000.00"), Decimal("445000.00")),
        ("Perspectief 'meedoen'", Decimal("40000.00"), Decimal("40000.00")),
    ]
    assert [(d.line, d.printed, d.computed, d.difference) for d in figures.discrepancies] == [
        ("Beschikbaar budget: totaal", Decimal("725000"), Decimal("725503"), Decimal("503")),
        ("Saldo", Decimal("0"), Decimal("503"), Decimal("503")),
    ]


def test_the_wsp_contribution_is_the_lot_of_a_cooperation_not_a_second_figure(three):
    plan = find_plan("Pijnacker-Nootdorp", 2020)
    (line,) = [line for group in plan.groups for line in group.lines if line.lot is not None]
    assert line.name == "Bijdrage werkgeversservicepunt" and line.amount is None
    assert line.planned_amount == Decimal("70000.00")
    assert line.lot.tender.route == Route.COOPERATION
    assert line.group.segment.code == "werken"


def test_budget_plan_api_gives_the_plan_and_where_the_source_differs(client, three, openapi):
    headers = bearer(Role.ALDERMAN)
    response = client.get(
        "/api/v1/budget-plans?municipality=Pijnacker-Nootdorp&year=2020", headers=headers
    )
    assert response.status_code == 200
    body = response.get_json()
    conforms(openapi, "/budget-plans", "get", "200", body)
    assert {key: body[key] for key in body if key not in ("groups", "discrepancies")} == {
        "municipality": "Pijnacker-Nootdorp",
        "year": 2020,
        "income_total_eur": "725503.00",
        "spending_total_eur": "725000.00",
        "balance_eur": "503.00",
    }
    assert body["groups"][0]["lines"] == [
        {"name": "Participatiebudget", "amount_eur": "500503.00", "kind": "income"},
        {"name": "Extra budget (voor het jaar 2020)", "amount_eur": "225000.00", "kind": "income"},
    ]
    assert body["groups"][2]["lines"][0] == {
        "name": "Bijdrage werkgeversservicepunt",
        "amount_eur": "70000.00",
        "kind": "lot",
    }
    assert body["discrepancies"] == [
        {
            "line": "Beschikbaar budget: totaal",
            "printed_eur": "725000.00",
            "computed_eur": "725503.00",
            "difference_eur": "503.00",
        },
        {
            "line": "Saldo",
            "printed_eur": "0.00",
            "computed_eur": "503.00",
            "difference_eur": "503.00",
        },
    ]
    haarlem = client.get("/api/v1/budget-plans?municipality=haarlem&year=2018", headers=headers)
    assert haarlem.get_json()["balance_eur"] == "0.00"
    assert haarlem.get_json()["discrepancies"] == []
    for query in ("municipality=Zaanstad&year=2016", "municipality=Delft&year=2020",
                  "municipality=Pijnacker-Nootdorp&year=2021"):  # fmt: skip
        missing = client.get(f"/api/v1/budget-plans?{query}", headers=headers)
        assert missing.status_code == 404 and missing.get_json()["error"]["code"]
    refused = client.get("/api/v1/budget-plans?year=twintig", headers=headers)
    assert refused.status_code == 400
    assert set(refused.get_json()["error"]["fields"]) == {"municipality", "year"}


def test_the_plan_page_shows_both_totals_and_the_difference(client, login_as, three):
    login_as(Role.ALDERMAN)
    plan = find_plan("Pijnacker-Nootdorp", 2020)
    text = shown_text(client.get(f"/begrotingen/{plan.id}").text)
    assert "Saldo (berekend) € 503,00" in text
    assert "Beschikbaar budget: totaal € 725.000,00 € 725.503,00 € 503,00" in text, (
        "printed, computed and the difference side by side"
    )
    assert "Totaal volgens de bron € 725.000,00" in text


def test_bijlage_1_objectives_and_norms(three):
    programme = db.session.scalar(
        db.select(Programme)
        .join(Programme.municipality)
        .where(Municipality.name == "Pijnacker-Nootdorp")
    )
    assert programme.main_objective.startswith("De arbeidsparticipatie")
    assert [len(objective.norms) for objective in programme.objectives] == [2, 4, 4, 3]
    figures = {
        norm.text.split(" ")[0]: (norm.basis.value, norm.target_value)
        for objective in programme.objectives
        for norm in objective.norms
        if norm.measure.value == "figure"
    }
    assert figures == {
        "10%": ("relative", Decimal("10.00")),
        "FIP-gesprekken": ("absolute", Decimal("4.00")),
        "50/70": ("absolute", Decimal("50.00")),
        "50": ("absolute", Decimal("50.00")),
    }
    assert [(moment.kind.value, moment.due_on) for moment in programme.reporting_moments] == [
        ("progress_report", date(2021, 3, 31)),
        ("evaluation", date(2023, 12, 31)),
    ]


def test_zaanstad_routes_and_its_planned_council_decisions(client, login_as, three):
    routes = dict(
        db.session.execute(
            db.select(Tender.title, Tender.route).filter_by(municipality="Zaanstad")
        ).all()
    )
    assert routes == {
        "BaanStede – beschut werk en leerwerkvoorziening": Route.JOINT_ARRANGEMENT,
        "Bemiddeling door uitzendbureaus": Route.REFERRAL,
        "Werkgeversdienstverlening 2.0": Route.COOPERATION,
    }
    programme = db.session.scalar(
        db.select(Programme).join(Programme.municipality).where(Municipality.name == "Zaanstad")
    )
    assert [(m.title, m.due_on.isocalendar().week) for m in programme.reporting_moments] == [
        ("Startnotitie in de raad", 17),
        ("Koersbesluit in de raad", 27),
    ]
    login_as(Role.PROCUREMENT_ADVISER)
    baanstede = db.session.scalar(db.select(Tender).filter_by(route=Route.JOINT_ARRANGEMENT))
    page = shown_text(client.get(f"/inkooptrajecten/{baanstede.id}").text)
    assert "Gemeenschappelijke regeling: de taak is belegd bij een openbaar lichaam" in page
    assert "Geadviseerde procedure" not in page and "Procedurekeuze motiveren" not in page


def test_a_lot_of_one_municipality_offers_only_its_own_target_groups(client, login_as, three):
    login_as(Role.PROCUREMENT_ADVISER)
    zoetermeer = db.session.scalar(db.select(Tender).filter_by(route=Route.MUNICIPAL_PURCHASE))
    form = client.get(f"/inkooptrajecten/{zoetermeer.id}/percelen/nieuw").text
    assert "Inwoners met schulden" in form and "Perspectief meedoen" in form
    assert "Statushouders" not in form and "Sw-geïndiceerden" not in form


def test_each_seed_loads_once_beside_the_others(three):
    before = row_counts()
    for name in ("pijnacker-nootdorp-2020", "zaanstad-2016"):
        assert seed_scenario(None, name).total == 0
    assert seed_haarlem_2018().total == 0
    db.session.commit()
    assert row_counts() == before


def test_a_pve_of_a_route_without_award_says_nothing_is_awarded(three, today, settings):
    referral = db.session.scalar(
        db.select(Tender).filter_by(title="Bemiddeling door uitzendbureaus")
    )
    text = word_text(generate_pve(None, referral, today=today, settings=settings).content)
    assert "Niet van toepassing: doorverwijzing, er wordt niet gegund." in text
    assert "Eigen marge van het bureau plus een fee per plaatsing" in text
    assert "BPKV" not in text and "Haarlem" not in text and "Pijnacker" not in text

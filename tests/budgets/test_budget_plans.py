"""Budget plans entered through the pages: groups and lines, and bad input refused with a
Dutch message and nothing saved."""

from app.auth.models import Role
from app.budgets.models import BudgetLine, BudgetPlan
from app.extensions import db
from app.reference.models import Municipality, Segment
from app.tenders.models import TargetGroup
from app.tenders.year_budgets import lots_running_in
from tests.conftest import post_form, shown_text


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def new_plan(client, haarlem_id: int, year: int = 2019):
    return post_form(
        client,
        "/begrotingen/nieuw",
        {
            "municipality_id": haarlem_id,
            "year": year,
            "title": f"Begroting {year}",
            "source": "",
            "printed_balance": "",
            "adopted_on": "",
        },
    )


def test_a_plan_is_built_from_groups_and_lines(client, login_as, haarlem):
    login_as(Role.CONTRACT_MANAGER)
    haarlem_id = db.session.scalar(db.select(Municipality.id).filter_by(name="Haarlem"))
    response = new_plan(client, haarlem_id)
    assert response.status_code == 302
    plan = db.session.scalar(db.select(BudgetPlan).filter_by(year=2019))
    base = f"/begrotingen/{plan.id}"
    group = {
        "side": "spending",
        "name": "Specifieke doelgroepen",
        "segment_id": "",
        "printed_total": "100.000,00",
        "position": "1",
    }
    assert post_form(client, f"{base}/groepen/nieuw", group).status_code == 302
    post_form(client, f"{base}/groepen/nieuw", group | {"side": "income", "name": "Rijk"})
    spending, income = sorted(plan.groups, key=lambda g: g.side.value != "spending")
    line = {
        "group_id": spending.id,
        "name": "Jobcoaching",
        "kind": "staff",
        "amount": "60.000,50",
        "lot_id": "",
        "contract_reference": "",
        "position": "1",
    }
    assert post_form(client, f"{base}/regels/nieuw", line).status_code == 302
    post_form(
        client,
        f"{base}/regels/nieuw",
        line
        | {
            "group_id": income.id,
            "kind": "income",
            "name": "Participatiebudget",
            "amount": "50.000",
        },
    )
    text = shown_text(client.get(base).text)
    assert "Beschikbaar budget € 50.000,00 Uitgaven € 60.000,50" in text
    assert "Saldo (berekend) € -10.000,50" in text
    assert "Specifieke doelgroepen: totaal € 100.000,00 € 60.000,50 € -39.999,50" in text
    assert count(BudgetLine) == 6  # the two of this plan beside Haarlem 2018's four


def test_bad_input_is_refused_in_dutch_and_nothing_is_saved(client, login_as, haarlem):
    login_as(Role.PROCUREMENT_ADVISER)
    plan = db.session.scalars(db.select(BudgetPlan)).one()
    base = f"/begrotingen/{plan.id}"
    spending = next(group for group in plan.groups if group.side.value == "spending")
    line = {
        "group_id": spending.id,
        "name": "Nieuw instrument",
        "kind": "instruments",
        "amount": "1.000,00",
        "lot_id": "",
        "contract_reference": "",
        "position": "",
    }
    before = count(BudgetLine)
    cases = {
        "group_id": ("", "Kies de groep waar deze regel onder valt."),
        "amount": ("1.234,567", "Gebruik hoogstens twee decimalen."),
        "kind": ("income", "Inkomsten horen onder het beschikbare budget"),
        "contract_reference": ("2099/999999-X", "Vul het kenmerk van een bestaand contract in."),
    }
    for field, (value, message) in cases.items():
        changes = {field: value} | ({"kind": "contract"} if field == "contract_reference" else {})
        response = post_form(client, f"{base}/regels/nieuw", line | changes)
        assert response.status_code == 200, field
        assert message in response.text, field
        assert 'value="Nieuw instrument"' in response.text  # what was typed is kept
    lot_line = line | {"kind": "lot", "lot_id": "", "amount": ""}
    assert "Kies het perceel." in post_form(client, f"{base}/regels/nieuw", lot_line).text
    assert count(BudgetLine) == before
    again = new_plan(client, plan.municipality_id, year=2018)
    assert "Voor Haarlem is er al een begroting 2018." in again.text
    assert count(BudgetPlan) == 1


def test_a_lot_line_follows_the_lot_and_takes_no_amount_of_its_own(client, login_as, haarlem):
    login_as(Role.PROCUREMENT_ADVISER)
    haarlem_id = db.session.scalar(db.select(Municipality.id).filter_by(name="Haarlem"))
    new_plan(client, haarlem_id, year=2018 + 1)
    plan = db.session.scalar(db.select(BudgetPlan).filter_by(year=2019))
    base = f"/begrotingen/{plan.id}"
    post_form(
        client,
        f"{base}/groepen/nieuw",
        {
            "side": "spending",
            "name": "Percelen",
            "segment_id": "",
            "printed_total": "",
            "position": "",
        },
    )
    form = client.get(f"{base}/regels/nieuw").text
    assert "Inkoop Pasmatch" in form and "Direct bemiddelbaren" not in form  # referral: no budget
    pasmatch = next(
        lot
        for lot in lots_running_in(2019, plan.municipality.name)
        if lot.title == "Inkoop Pasmatch"
    )
    line = {
        "group_id": plan.groups[0].id,
        "name": "Pasmatch",
        "kind": "lot",
        "amount": "5,00",
        "lot_id": pasmatch.id,
        "contract_reference": "",
        "position": "",
    }
    refused = post_form(client, f"{base}/regels/nieuw", line)
    assert "Een perceel neemt zijn eigen budget mee; laat het bedrag leeg." in refused.text
    assert post_form(client, f"{base}/regels/nieuw", line | {"amount": ""}).status_code == 302
    assert "Pasmatch 2017/532748 perceel 1 Perceel van een inkooptraject € 1.827.301,14" in (
        shown_text(client.get(base).text)
    )


def test_a_target_group_takes_a_segment_of_its_own_municipalitys_scheme(client, login_as, three):
    login_as(Role.ADMIN)
    haarlem_id = db.session.scalar(db.select(Municipality.id).filter_by(name="Haarlem"))
    werken = db.session.scalar(db.select(Segment).filter_by(code="werken"))
    data = {
        "code": "nieuw",
        "name": "Nieuwe doelgroep",
        "municipality_id": haarlem_id,
        "segment_id": werken.id,
        "description": "",
    }
    response = post_form(client, "/beheer/doelgroepen/nieuw", data)
    assert response.status_code == 200
    assert "Kies een segment uit de indeling van Haarlem (Fit or Unfit (Sol e.a.))" in (
        response.text
    )
    assert db.session.scalar(db.select(TargetGroup).filter_by(code="nieuw")) is None
    sol = db.session.scalar(db.select(Segment).filter_by(code="2.1"))
    assert (
        post_form(client, "/beheer/doelgroepen/nieuw", data | {"segment_id": sol.id}).status_code
        == 302
    )


def test_expected_sizes_are_kept_per_year_and_corrected_not_doubled(client, login_as, haarlem):
    login_as(Role.ADMIN)
    group = db.session.scalar(db.select(TargetGroup).filter_by(code="statushouders"))
    url = f"/beheer/doelgroepen/{group.id}/omvang"
    size = {"year": "2018", "low": "140", "high": "140", "note": "begroot aantal"}
    assert (
        post_form(client, url, size, form_page=f"/beheer/doelgroepen/{group.id}").status_code == 302
    )
    refused = post_form(
        client,
        url,
        size | {"low": "150", "high": "120"},
        form_page=f"/beheer/doelgroepen/{group.id}",
    )
    assert "Het hoogste aantal is lager dan het laagste." in refused.text
    post_form(client, url, size | {"high": "160"}, form_page=f"/beheer/doelgroepen/{group.id}")
    db.session.refresh(group)
    assert [(s.year, s.low, s.high) for s in group.sizes] == [(2018, 140, 160)]
    assert "2018: 140–160" in shown_text(client.get("/beheer/doelgroepen").text)


def test_reference_data_stays_consistent_with_what_uses_it(client, login_as, three):
    login_as(Role.ADMIN)
    haarlem_row = db.session.scalar(db.select(Municipality).filter_by(name="Haarlem"))
    fenger = db.session.scalar(db.select(Segment).filter_by(code="werken")).scheme_id
    url = f"/beheer/gemeenten/{haarlem_row.id}"
    data = {
        "code": "haarlem",
        "name": "Haarlem",
        "scheme_id": haarlem_row.scheme_id,
        "version": haarlem_row.version,
    }
    renamed = post_form(client, url, data | {"name": "Haarlem-Noord"})
    assert "Er zijn inkooptrajecten van Haarlem; de naam blijft zoals hij is." in renamed.text
    rescheme = post_form(client, url, data | {"scheme_id": fenger})
    assert "De doelgroepen van Haarlem hebben een segment uit Fit or Unfit" in rescheme.text
    sol_2_1 = db.session.scalar(db.select(Segment).filter_by(code="2.1"))
    moved = post_form(
        client,
        f"/beheer/segmenten/{sol_2_1.id}",
        {
            "scheme_id": fenger,
            "code": "2.1",
            "name": sol_2_1.name,
            "description": "",
            "position": "2",
            "version": sol_2_1.version,
        },
    )
    assert "Doelgroepen hebben dit segment; het blijft in zijn indeling." in moved.text
    db.session.expire_all()
    assert db.session.get(Municipality, haarlem_row.id).name == "Haarlem"
    assert db.session.get(Segment, sol_2_1.id).scheme_id == haarlem_row.scheme_id

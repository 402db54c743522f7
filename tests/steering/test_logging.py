"""Logging a steering moment: results rated against the norms, corrections, conflicts."""

import re
from decimal import Decimal

import pytest
from werkzeug.datastructures import MultiDict

from app.auth.models import Role
from app.contracts.models import FrameworkContract
from app.core.audit import AuditEvent
from app.extensions import db
from app.steering.models import Action, KpiDefinition, KpiResult, KpiTarget, SteeringMoment
from app.tenders.models import Lot
from tests.conftest import changed_tables, post_form, shown_text, table_contents
from tests.factories import form_data, log
from tests.html_forms import form_fields


def contract(reference: str) -> FrameworkContract:
    db.session.expire_all()
    return db.session.scalar(db.select(FrameworkContract).filter_by(reference=reference))


def test_logging_rates_each_kpi_and_derives_the_outcome(client, pasmatch):
    moment = pasmatch.steering_moments[0]
    response = log(
        client,
        moment,
        {"started": "50", "dropout": "4", "spend": "900.000,00"},
        **{
            "actions-0-text": "Extra instroom via klantmanagers",
            "actions-0-owner": "Karim",
            "actions-0-due_on": "2018-10-01",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    moment = db.session.get(SteeringMoment, moment.id)
    assert moment.status.value == "not_met"  # started is red
    ratings = {
        r.kpi_definition.code: (r.value, r.rating and r.rating.value) for r in moment.results
    }
    assert ratings == {
        "started": (Decimal("50.00"), "red"),
        "dropout": (Decimal("4.00"), "green"),
        "spend": (Decimal("900000.00"), None),
    }
    assert [a.text for a in moment.actions] == ["Extra instroom via klantmanagers"]
    page = client.get(f"/contracten/{moment.contract_id}/bijsturing/{moment.id}").text
    assert 'rating-red">Rood' in page and "Niet behaald" in page
    assert "Instroom blijft achter &amp; uitval is laag." in page


def test_a_correction_is_logged_before_and_after(client, pasmatch):
    moment = pasmatch.steering_moments[0]
    log(client, moment, {"started": "50", "dropout": "4"})
    db.session.expire_all()
    moment = db.session.get(SteeringMoment, moment.id)
    log(client, moment, {"started": "65", "dropout": "4"})
    db.session.expire_all()
    moment = db.session.get(SteeringMoment, moment.id)
    assert moment.status.value == "partially_met"  # 65 is within 10 % of 70: amber
    started = next(r for r in moment.results if r.kpi_definition.code == "started")
    event = db.session.scalars(
        db.select(AuditEvent).filter_by(
            object_type="KpiResult", object_id=started.id, action="update"
        )
    ).one()
    assert event.changes["value"] == ["50.00", "65.00"]
    assert event.changes["rating"] == ["red", "amber"]


def test_saving_a_logged_moment_again_as_shown_changes_nothing(client, pasmatch):
    moment = pasmatch.steering_moments[0]
    url = f"/contracten/{moment.contract_id}/bijsturing/{moment.id}"
    action = {
        "actions-0-text": "Extra instroom via klantmanagers",
        "actions-0-owner": "Karim",
        "actions-0-due_on": "2018-10-01",
    }
    assert log(client, moment, {"started": "50", "dropout": "4"}, **action).status_code == 302
    fields = form_fields(client.get(url).text, url)
    names = [name for name, _ in fields]
    kpis = db.session.scalar(db.select(db.func.count()).select_from(KpiDefinition))
    assert sum(name.endswith("-kpi_definition_id") for name in names) == kpis  # each KPI once
    assert [value for name, value in fields if name.endswith("-text")] == ["", "", ""]
    before = table_contents()
    for _ in range(2):  # as the contract manager who opens the page to correct and saves it
        shown = form_fields(client.get(url).text, url)
        assert client.post(url, data=MultiDict(shown)).status_code == 302
        assert changed_tables(before, table_contents()) == {}
    db.session.expire_all()
    assert [a.text for a in db.session.get(SteeringMoment, moment.id).actions] == [
        "Extra instroom via klantmanagers"
    ]


def test_a_chosen_outcome_is_shown_as_chosen_and_kept_on_saving_again(client, pasmatch):
    moment = pasmatch.steering_moments[0]
    url = f"/contracten/{moment.contract_id}/bijsturing/{moment.id}"
    log(client, moment, {"started": "80", "dropout": "4"}, outcome="partially_met")  # norms: met
    shown = dict(form_fields(client.get(url).text, url))
    assert shown["outcome"] == "partially_met"
    assert client.post(url, data=MultiDict(shown)).status_code == 302
    db.session.expire_all()
    assert db.session.get(SteeringMoment, moment.id).status.value == "partially_met"


@pytest.mark.parametrize(
    ("held_on", "message"),
    [
        ("2017-12-31", "niet gehouden voordat de periode begint (1 januari 2018)"),
        ("2999-01-01", "Een bijsturingsmoment dat nog moet komen, legt u niet vast."),
    ],
)
def test_a_moment_is_held_within_its_period_and_not_in_the_future(
    client, pasmatch, held_on, message
):
    response = log(client, pasmatch.steering_moments[0], {"started": "70"}, held_on=held_on)
    assert response.status_code == 200
    assert message in response.text
    assert db.session.scalar(db.select(db.func.count()).select_from(KpiResult)) == 0


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"started": "-3"}, "Een realisatie kan niet negatief zijn."),
        ({"started": "veel"}, "Vul een getal in, bijvoorbeeld 12 of 12,5."),
        ({}, "Vul minstens één realisatie in."),
    ],
)
def test_bad_results_are_refused_and_nothing_saved(client, pasmatch, values, message):
    response = log(client, pasmatch.steering_moments[0], values)
    assert response.status_code == 200
    assert message in response.text
    assert db.session.scalar(db.select(db.func.count()).select_from(KpiResult)) == 0


def test_an_action_needs_an_owner_and_a_due_date(client, pasmatch):
    response = log(
        client, pasmatch.steering_moments[0], {"started": "70"}, **{"actions-0-text": "Iets doen"}
    )
    assert "Afspraak 1 heeft een eigenaar en een termijn nodig." in response.text
    assert db.session.scalar(db.select(db.func.count()).select_from(Action)) == 0


def test_without_norms_the_outcome_must_be_chosen(client, login_as, haarlem):
    login_as(Role.CONTRACT_MANAGER)
    zzp = contract("2017/532748-1")
    db.session.execute(db.delete(KpiTarget).where(KpiTarget.lot_id == zzp.lot_id))
    db.session.commit()  # a lot whose norms were never set
    response = log(client, zzp.steering_moments[0], {"started": "7"})
    assert "Kies de uitkomst: er zijn geen normen om die uit af te leiden." in response.text
    chosen = log(client, zzp.steering_moments[0], {"started": "7"}, outcome="met")
    assert chosen.status_code == 302


def test_a_moment_of_an_inactive_contract_is_refused(client, login_as, haarlem):
    login_as(Role.CONTRACT_MANAGER)
    draft = contract("2017/532748-2")
    from app.steering.services import schedule_steering_moments

    schedule_steering_moments(None, draft, due_after_months=1)
    db.session.commit()
    draft = contract("2017/532748-2")
    response = log(client, draft.steering_moments[0], {"started": "7"}, outcome="met")
    assert "alleen vastgelegd voor een actief contract; dit contract is concept." in response.text


def test_two_managers_saving_at_once_the_second_keeps_what_they_typed(client, pasmatch):
    moment = pasmatch.steering_moments[0]
    seen = form_data(moment, {"started": "55", "dropout": "4"})  # both opened the same form
    assert log(client, moment, {"started": "60", "dropout": "3"}).status_code == 302
    url = f"/contracten/{moment.contract_id}/bijsturing/{moment.id}"
    second = post_form(client, url, seen | {"findings": "Mijn eigen bevindingen"})
    assert "Iemand anders heeft dit intussen gewijzigd" in second.text
    assert 'value="55"' in second.text and "Mijn eigen bevindingen" in second.text
    db.session.expire_all()
    started = db.session.scalars(
        db.select(KpiResult).join(KpiResult.kpi_definition).filter(KpiDefinition.code == "started")
    ).one()
    assert started.value == Decimal("60.00")


def test_only_contract_managers_log(client, login_as, pasmatch):
    login_as(Role.ALDERMAN)
    moment = pasmatch.steering_moments[0]
    url = f"/contracten/{moment.contract_id}/bijsturing/{moment.id}"
    assert client.get(url).status_code == 200
    assert post_form(client, url, form_data(moment, {"started": "7"})).status_code == 403


def test_logging_through_the_api(client, pasmatch, openapi):
    from tests.factories import bearer, conforms

    headers = bearer(Role.CONTRACT_MANAGER)
    moment = pasmatch.steering_moments[1]
    url = f"/api/v1/contracts/{pasmatch.id}/steering-moments/{moment.id}"
    body = {
        "held_on": "2019-02-10",
        "findings": "Tweede moment",
        "results": [{"kpi": "started", "value": "40"}, {"kpi": "dropout", "value": 2}],
        "decision": "escalate",
        "significant": True,
        "actions": [{"text": "Gesprek met directie", "owner": "Wethouder", "due_on": "2019-03-01"}],
        "version": moment.version,
    }
    response = client.post(url, json=body, headers=headers)
    assert response.status_code == 200, response.get_json()
    result = response.get_json()
    conforms(
        openapi, "/contracts/{contract_id}/steering-moments/{moment_id}", "post", "200", result
    )
    logged = result["steering_moments"][1]
    assert logged["status"] == "not_met"
    assert {r["kpi"]: r["rating"] for r in logged["kpi_results"]} == {
        "started": "red",
        "dropout": "green",
    }
    assert logged["actions"][0]["owner"] == "Wethouder"
    stale = client.post(url, json=body, headers=headers)
    assert stale.status_code == 409
    bad = client.post(
        url,
        json={
            "results": [{"kpi": "started", "value": "-1"}, {"kpi": "onbekend", "value": "1"}],
            "decision": "opgeven",
        },
        headers=headers,
    )
    fields = bad.get_json()["error"]["fields"]
    codes = db.session.scalars(db.select(KpiDefinition.code))
    assert bad.status_code == 400
    assert fields == {
        "results[0].value": ["Een realisatie kan niet negatief zijn."],
        "results[1].kpi": [f"Kies een van: {', '.join(sorted(codes))}."],
        "decision": [
            "Kies een van: 'continue', 'adjust', 'escalate', 'prepare_termination', "
            "'prepare_extension'."
        ],
        "version": ["Geef de versie mee die u het laatst las (veld version)."],
    }


def chart(client, page: str, number: int = 0) -> str:
    """The page's `number`th trend chart, fetched as the browser fetches the image."""
    sources = re.findall(r'<img class="img-fluid" src="([^"]+\.svg)"', page)
    response = client.get(sources[number])
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert "script" not in response.text
    return response.text


def test_kpi_trend_on_the_contract_page(client, pasmatch):
    first, second = pasmatch.steering_moments[:2]
    log(client, first, {"started": "50"})
    db.session.expire_all()
    log(client, db.session.get(SteeringMoment, second.id), {"started": "80"}, held_on="2019-02-01")
    page = client.get(f"/contracten/{pasmatch.id}").text
    assert "Verloop van de prestatie-indicatoren" in page
    assert 'alt="Grafiek van gestarte trajecten per periode, met de norm 70;' in page
    assert 'rating-red">Rood' in page and 'rating-green">Groen' in page  # the table beside it
    svg = chart(client, page)
    assert ">norm 70<" in svg  # the norm line is labelled
    assert ">Einde van de periode<" in svg and ">Aantal<" in svg  # both axes say what they are
    assert ">jul 2018<" in svg or ">jun 2018<" in svg  # Dutch months on the time axis
    assert "#dc3545" in svg and "#198754" in svg  # the red and the green point
    assert chart(client, page) == svg  # the same chart is the same file


def test_a_chart_is_drawn_again_only_when_its_own_figures_change(client, pasmatch):
    """Drawings are kept by what they show: after a write to another contract this contract's
    chart is served without drawing it; a new result of its own redraws it."""
    from app.steering import charts

    first, second = pasmatch.steering_moments[:2]
    log(client, first, {"started": "50"})
    page = client.get(f"/contracten/{pasmatch.id}").text
    charts._remembered_drawing.cache_clear()
    svg = chart(client, page)
    drawn = charts._remembered_drawing.cache_info().misses

    other = db.session.scalar(
        db.select(FrameworkContract).where(FrameworkContract.id != pasmatch.id).limit(1)
    )
    other.description = "Gesprek gepland"
    db.session.commit()
    assert chart(client, page) == svg
    remembered = charts._remembered_drawing.cache_info()
    assert (remembered.hits, remembered.misses) == (1, drawn)  # served, not drawn again

    db.session.expire_all()
    log(client, db.session.get(SteeringMoment, second.id), {"started": "80"}, held_on="2019-02-01")
    redrawn = chart(client, client.get(f"/contracten/{pasmatch.id}").text)
    assert redrawn != svg and "#198754" in redrawn  # its new, green point
    assert charts._remembered_drawing.cache_info().misses == drawn + 1


def test_an_overdue_action_is_signalled_until_it_is_done(client, pasmatch):
    from datetime import date, timedelta

    from app.contracts.signals import list_signals

    moment = pasmatch.steering_moments[0]
    log(
        client,
        moment,
        {"started": "70"},
        **{
            "actions-0-text": "Rapportage aanvullen",
            "actions-0-owner": "Pasmatch",
            "actions-0-due_on": "2018-09-01",
        },
    )
    action = db.session.scalars(db.select(Action)).one()
    overdue = list_signals(date(2026, 11, 23), timedelta(weeks=8)).overdue_actions
    assert [a.text for a in overdue] == ["Rapportage aanvullen"]
    url = f"/contracten/{pasmatch.id}/afspraken/{action.id}/done"
    page = f"/contracten/{pasmatch.id}"
    stale = post_form(
        client, url, {"version": action.version + 1}, form_page=page, follow_redirects=True
    )
    assert "Iemand anders heeft dit intussen gewijzigd" in stale.text
    done = post_form(
        client, url, {"version": action.version}, form_page=page, follow_redirects=True
    )
    assert "De afspraak is nu: afgerond." in done.text
    assert list_signals(date(2026, 11, 23), timedelta(weeks=8)).overdue_actions == []
    event = db.session.scalars(
        db.select(AuditEvent).filter_by(object_type="Action", object_id=action.id, action="update")
    ).one()
    assert event.changes == {"status": ["open", "done"]}


def test_kpi_trend_per_lot_follows_every_contract_on_the_lot(client, pasmatch):
    first, second = pasmatch.steering_moments[:2]
    log(client, first, {"started": "50"})
    db.session.expire_all()
    log(client, db.session.get(SteeringMoment, second.id), {"started": "80"}, held_on="2019-02-01")
    lot = contract("2017/532748-IB").lot
    page = client.get(f"/inkooptrajecten/{lot.tender_id}/percelen/{lot.id}").text
    trend = page[page.index("Verloop van de prestatie-indicatoren") :]
    assert "Contract · moment" in trend
    assert "<td>2017/532748-IB · 1</td>" in trend and "<td>2017/532748-IB · 2</td>" in trend
    assert "(norm 70)" in trend  # the lot's norm
    assert 'rating-red">Rood' in trend and 'rating-green">Groen' in trend
    assert ">norm 70<" in chart(client, page)  # the lot's norm, drawn
    group_page = client.get(f"/verloop/doelgroep/{lot.target_group_id}").text
    started = shown_text(group_page[group_page.index("Gestarte trajecten") :])
    quarters = [
        f"{(moment.period_end_on.month + 2) // 3}e kwartaal {moment.period_end_on.year}"
        for moment in (first, second)
    ]
    # Per quarter: contracts, their total, green, amber, red (one contract so far: 50 is red
    # against the norm of 70, 80 is green)
    assert f"{quarters[0]} 1 50 0 0 1 {quarters[1]} 1 80 1 0 0" in started
    assert "2017/532748-IB" not in group_page  # contracts are added up, not listed one by one
    assert ">norm 70<" in chart(client, group_page)  # its only lot has this norm
    assert client.get(f"/verloop/doelgroep/{lot.target_group_id}/999999.svg").status_code == 404
    other = db.session.scalar(db.select(Lot).where(Lot.id != lot.id).limit(1))
    other_page = client.get(f"/inkooptrajecten/{other.tender_id}/percelen/{other.id}").text
    assert "2017/532748-IB · 1" not in other_page


@pytest.fixture
def outflow_rate() -> KpiDefinition:
    """A KPI in percent, as Pijnacker-Nootdorp steers on its outflow percentage."""
    from app.steering.models import KpiDirection, KpiUnit

    kpi = KpiDefinition(
        code="outflow_rate",
        name="Uitstroompercentage",
        unit=KpiUnit.PERCENT,
        direction=KpiDirection.HIGHER_IS_BETTER,
        position=99,
    )
    db.session.add(kpi)
    db.session.commit()
    return kpi


def norms_form(reference: str, norms: dict[str, dict[str, str]]) -> dict:
    """The contract's norms form as posted: a row per KPI, {code: {field: value}} where given
    (every other KPI without a norm)."""
    kpis = db.session.scalars(db.select(KpiDefinition).order_by(KpiDefinition.position)).all()
    data = {"version": contract(reference).version}
    for index, kpi in enumerate(kpis):
        row = {"basis": "absolute", "target_value": "", "tolerance_percent": "10"}
        row |= {"baselines": ""} | norms.get(kpi.code, {})
        data[f"targets-{index}-kpi_definition_id"] = kpi.id
        data |= {f"targets-{index}-{field}": value for field, value in row.items()}
    return data


def test_a_percentage_above_100_or_a_negative_norm_is_refused_and_nothing_saved(
    client, pasmatch, outflow_rate
):
    moment = pasmatch.steering_moments[0]
    response = log(client, moment, {"started": "60", "outflow_rate": "120"})
    assert response.status_code == 200
    assert "Uitstroompercentage: Een realisatie in procenten ligt tussen 0 en 100." in (
        response.text
    )
    assert db.session.scalar(db.select(db.func.count()).select_from(KpiResult)) == 0
    norms = f"/contracten/{pasmatch.id}/normen"
    above = norms_form("2017/532748-IB", {"outflow_rate": {"target_value": "101"}})
    refused = post_form(client, norms, above, follow_redirects=True)
    assert "Een norm in procenten ligt tussen 0 en 100." in refused.text
    negative = norms_form("2017/532748-IB", {"started": {"target_value": "-5"}})
    refused = post_form(client, norms, negative, follow_redirects=True)
    assert "Een getal kan niet negatief zijn." in refused.text
    assert contract("2017/532748-IB").kpi_targets == []


def test_a_relative_norm_needs_its_baselines_and_rates_against_the_multi_year_average(
    client, pasmatch, outflow_rate
):
    norms = f"/contracten/{pasmatch.id}/normen"

    def relative(baselines: str) -> dict:
        row = {"basis": "relative", "target_value": "10", "baselines": baselines}
        return norms_form("2017/532748-IB", {"outflow_rate": row})

    short = post_form(client, norms, relative("2017: 24"), follow_redirects=True)
    assert "nodig; nog niet ingevuld: 2015 en 2016." in short.text
    assert contract("2017/532748-IB").kpi_targets == []
    garbled = post_form(client, norms, relative("2015 is 20"), follow_redirects=True)
    assert "Schrijf de basiswaarden als 2016: 22,5; 2017: 24; 2018: 23." in garbled.text
    saved = post_form(client, norms, relative("2015: 20; 2016: 22; 2017: 24"))
    assert saved.status_code == 302
    shown = client.get(norms).text
    assert 'value="2015: 20; 2016: 22; 2017: 24"' in shown  # read back as it was typed

    first = contract("2017/532748-IB").steering_moments[0]  # period ends in 2018
    assert log(client, first, {"started": "125", "outflow_rate": "26"}).status_code == 302
    db.session.expire_all()
    result = next(
        r
        for r in db.session.get(SteeringMoment, first.id).results
        if r.kpi_definition.code == "outflow_rate"
    )
    # (20 + 22 + 24 + 26) / 4 = 23 %, and 10 % above it: 25,3 %
    assert (result.target_value, result.rating.value) == (Decimal("25.30"), "green")
    page = client.get(f"/contracten/{pasmatch.id}/bijsturing/{first.id}").text
    assert "norm 25,3\xa0%: 10 % boven het meerjarig gemiddelde 23\xa0% (2015–2018)" in page

    third = contract("2017/532748-IB").steering_moments[2]  # 2019: needs 2016, 2017, 2018
    missing = log(client, third, {"outflow_rate": "30"}, held_on="2019-08-15")
    assert "voor de relatieve norm ontbreken de basiswaarden van 2018" in missing.text

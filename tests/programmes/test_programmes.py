"""A programme's norms rated per year: a fixed figure, a percentage above the multi-year
average (Pijnacker-Nootdorp, Bijlage 1) and a described commitment; reporting moments."""

from datetime import timedelta
from decimal import Decimal

import pytest

from app.auth.models import Role
from app.extensions import db
from app.programmes.models import Programme, Realisation
from app.programmes.services import add_norm, add_objective, add_reporting_moment, create_programme
from app.reference.models import Municipality
from tests.conftest import post_form, shown_text


@pytest.fixture
def programme(haarlem, today):
    municipality = db.session.scalar(db.select(Municipality).filter_by(name="Haarlem"))
    programme = create_programme(
        None,
        municipality,
        values={
            "title": "Werk voor iedereen",
            "main_objective": "Meer inwoners aan het werk",
            "source": "",
            "first_year": 2018,
            "last_year": 2021,
        },
    )
    objective = add_objective(None, programme, values={"title": "Uitstroom bevorderen"})
    add_norm(
        None,
        objective,
        values={
            "text": "10% meer uitstroom dan het meerjarig gemiddelde",
            "measure": "figure",
            "basis": "relative",
            "unit": "percent",
            "target_value": Decimal("10"),
            "baselines": {2015: Decimal("5"), 2016: Decimal("6"), 2017: Decimal("7")},
        },
    )
    add_norm(
        None,
        objective,
        values={
            "text": "50 verwijzingen",
            "measure": "figure",
            "basis": "absolute",
            "unit": "count",
            "target_value": Decimal("50"),
        },
    )
    add_norm(None, objective, values={"text": "Leertafels organiseren", "measure": "described"})
    add_reporting_moment(
        None,
        programme,
        values={"kind": "annual_report", "title": "Jaarverslag", "due_on": today - timedelta(1)},
    )
    add_reporting_moment(
        None,
        programme,
        values={"kind": "evaluation", "title": "Evaluatie", "due_on": today + timedelta(30)},
    )
    db.session.commit()
    return programme


def realise(client, programme: Programme, number: int, **data):
    norm = programme.objectives[0].norms[number]
    url = f"/programmas/{programme.id}/normen/{norm.id}/realisatie"
    return post_form(client, url, {"value": "", "rating": "", "note": ""} | data)


def test_a_relative_norm_is_the_multi_year_average_plus_its_percentage(client, login_as, programme):
    login_as(Role.CONTRACT_MANAGER)
    assert realise(client, programme, 0, year="2018", value="8").status_code == 302
    assert realise(client, programme, 0, year="2019", value="6").status_code == 302
    norm = programme.objectives[0].norms[0]
    db.session.refresh(norm)
    rows = [(r.year, r.value, r.norm_value, r.rating.value) for r in norm.realisations]
    # 2018: (5 + 6 + 7 + 8) / 4 × 1.10 = 7.15; 2019 averages 6, 7, 8 (2018's result) and 6.
    assert rows == [
        (2018, Decimal("8.00"), Decimal("7.15"), "green"),
        (2019, Decimal("6.00"), Decimal("7.42"), "red"),
    ]
    page = shown_text(client.get(f"/programmas/{programme.id}").text)
    assert "8 % Gehaald norm 7,15 %" in page and "6 % Niet gehaald norm 7,42 %" in page


def test_fixed_and_described_norms_and_the_dutch_refusals(client, login_as, programme):
    login_as(Role.PROCUREMENT_ADVISER)
    missing = realise(client, programme, 0, year="2021", value="8")
    assert "Vul eerst bij de norm de basiswaarde van 2018, 2019 en 2020 in" in missing.text
    assert "Beoordeel de inzet" in realise(client, programme, 2, year="2018").text
    assert "Vul de realisatie in." in realise(client, programme, 1, year="2018").text
    outside = realise(client, programme, 1, year="2017", value="3")
    assert outside.status_code == 200  # 2017 is not a year of the programme: not a choice
    assert db.session.scalar(db.select(db.func.count()).select_from(Realisation)) == 0
    assert realise(client, programme, 1, year="2018", value="46").status_code == 302
    assert realise(client, programme, 1, year="2018", value="44").status_code == 302
    realise(client, programme, 2, year="2018", rating="green", note="Drie leertafels")
    ratings = dict(db.session.execute(db.select(Realisation.value, Realisation.rating)).all())
    assert {str(value): rating.value for value, rating in ratings.items()} == {
        "44.00": "red",  # corrected, not doubled; 44 is more than 10 % under 50
        "None": "green",
    }


def test_reporting_moments_show_what_is_late(client, login_as, programme):
    login_as(Role.ALDERMAN)
    page = shown_text(client.get(f"/programmas/{programme.id}").text)
    assert "Jaarverslag verlopen niet als verschenen vastgelegd" in page
    assert "Evaluatie gepland" in page
    assert "realisatie invullen" not in page  # the alderman reads, others enter

"""The overview: budget against spend per target group and year, the KPI traffic lights of
the latest moments across the running contracts, and the option deadlines ahead — each chart
with the same figures in a table."""

import re
from datetime import timedelta
from decimal import Decimal

from app.auth.models import Role
from app.contracts.models import RUNNING, ExtensionOption, FrameworkContract, OptionStatus
from app.core.dates import add_months
from app.core.formatting import date_nl, eur
from app.extensions import db
from app.living_demo import HAARLEM_2018
from app.tenders.models import Lot, TargetGroup, Tender
from tests.conftest import contract, normalise, shown_text
from tests.factories import spend
from tests.test_living_demo import seed_as_run_does


def test_budget_and_spend_per_target_group_of_a_year(client, login_as, haarlem, settings):
    login_as(Role.CONTRACT_MANAGER)
    pasmatch = contract("2017/532748-IB")
    spend(client, "2017/532748-IB", period_start_on="2018-02-01", period_end_on="2018-04-30",
          amount="700.000,00", trajectories_started="80")  # fmt: skip
    spend(client, "2017/532748-IB", period_start_on="2019-01-01", period_end_on="2019-03-31",
          amount="1.900.000,00", trajectories_started="10")  # fmt: skip
    group = pasmatch.lot.target_group.name
    budget_2018 = sum(
        lot.budget_per_year or 0
        for lot in db.session.scalars(
            db.select(Lot).join(Lot.tender).join(Lot.target_group).where(
                TargetGroup.name == group, Tender.contract_start_on.between(
                    pasmatch.start_on - timedelta(days=366), pasmatch.start_on)
            )
        )
    )  # fmt: skip
    login_as(Role.ALDERMAN)
    page = shown_text(client.get("/overzicht?jaar=2018").text)
    assert "Budget en besteding per doelgroep in 2018" in page
    row = page.split(f"{group} ", 1)[1]
    share = round(100 * 700_000 / budget_2018)
    assert row.startswith(f"{normalise(eur(Decimal(budget_2018)))} € 700.000,00 {share} % ")
    assert budget_2018 < 1_900_000  # so 2019's spend passes the budget
    row_2019 = shown_text(client.get("/overzicht?jaar=2019").text).split(f"{group} ", 1)[1]
    assert "€ 1.900.000,00" in row_2019 and "€ 700.000,00" not in row_2019
    assert row_2019.split(" % ")[1].startswith("boven budget")
    chart = client.get("/overzicht/budget-2018.svg")
    assert chart.mimetype == "image/svg+xml"
    assert group in chart.text and "besteed" in chart.text
    assert client.get("/overzicht?jaar=1999").status_code == 404
    assert client.get("/overzicht/budget-99999.svg").status_code == 404


def test_the_alderman_starts_on_the_overview_with_traffic_lights_and_option_deadlines(
    client, login_as, haarlem, settings, today
):
    seed_as_run_does(today, settings)
    login_as(Role.ALDERMAN)
    response = client.get("/", follow_redirects=True)
    assert response.request.path == "/overzicht"
    page = shown_text(response.text)
    assert "Er liggen geen open verzoeken." in page
    grid = page.split("Prestatie-indicatoren bij het laatste bijsturingsmoment")[1]
    grid = grid.split("Opties die")[0]
    assert HAARLEM_2018 not in grid  # those contracts have ended
    assert "Alle 2 contracten" in grid and "1 rood" in grid
    table = response.text.split('id="kpi-grid"')[1].split("</tbody>")[0]
    rows = table.split("<tbody>")[1].split("</tr>")[:-1]
    assert "rating-red" in rows[0] and "rating-red" not in rows[1]  # the red one first
    expected = db.session.scalars(
        db.select(ExtensionOption)
        .join(ExtensionOption.contract)
        .where(
            FrameworkContract.status.in_(RUNNING),
            ExtensionOption.status == OptionStatus.OPEN,
            ExtensionOption.notice_deadline_on.between(today, add_months(today, 24)),
        )
        .order_by(ExtensionOption.notice_deadline_on)
    ).all()
    assert len(expected) >= 3
    options = page.split("Opties die de komende twee jaar gelicht moeten worden")[1]
    shown = re.findall(r"(\d{1,2} \w+ \d{4}) (\d{4}/\d{6}-\d)", options)
    assert shown == [
        (date_nl(option.notice_deadline_on), option.contract.reference) for option in expected
    ]
    svg = client.get("/overzicht/opties.svg").text
    assert "vandaag" in svg and "optie 1" in svg
    assert expected[0].contract.reference in svg

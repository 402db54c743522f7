"""Every list downloads as Excel and as CSV with the filters of its page: the same rows the
page shows, numbers as numbers, in a CSV that Dutch Excel reads (semicolons, decimal commas,
a byte order mark) and in which no cell can become a formula."""

import csv
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from openpyxl import load_workbook

from app.auth.models import Role
from app.contracts.models import FrameworkContract
from app.extensions import db
from app.steering.models import Action
from app.tenders.models import Tender
from tests.conftest import contract
from tests.test_living_demo import seed_as_run_does


def csv_rows(response) -> list[list[str]]:
    assert response.mimetype == "text/csv"
    assert response.data.startswith("\ufeff".encode())
    return list(csv.reader(StringIO(response.data.decode("utf-8-sig")), delimiter=";"))


def sheet_rows(response) -> list[tuple]:
    book = load_workbook(BytesIO(response.data))
    return list(book.active.iter_rows(values_only=True))


def test_the_contract_list_downloads_with_its_filters(client, login_as, haarlem):
    login_as(Role.CONTRACT_MANAGER)
    pasmatch = contract("2017/532748-IB")
    page = client.get(f"/contracten/?supplier={pasmatch.supplier_id}").text
    assert f"/exporteren/contracten.csv?supplier={pasmatch.supplier_id}" in page
    rows = csv_rows(client.get(f"/exporteren/contracten.csv?supplier={pasmatch.supplier_id}"))
    expected = db.session.scalars(
        db.select(FrameworkContract.reference)
        .filter_by(supplier_id=pasmatch.supplier_id)
        .order_by(FrameworkContract.reference)
    ).all()
    assert rows[0][:2] == ["Kenmerk", "Perceel"]
    assert [row[0] for row in rows[1:]] == expected
    row = next(row for row in rows if row[0] == "2017/532748-IB")
    assert row[5] == pasmatch.start_on.strftime("%d-%m-%Y")
    assert row[7] == f"{pasmatch.ceiling:.2f}".replace(".", ",")

    everything = sheet_rows(client.get("/exporteren/contracten.xlsx"))
    assert len(everything) - 1 == db.session.scalar(db.select(db.func.count(FrameworkContract.id)))
    by_reference = {row[0]: row for row in everything[1:]}
    assert Decimal(str(by_reference["2017/532748-IB"][7])) == pasmatch.ceiling  # a number
    assert by_reference["2017/532748-2"][3] == "Nog te contracteren"


def test_tenders_signals_approvals_and_actions_download(client, login_as, haarlem, settings, today):
    seed_as_run_does(today, settings)
    login_as(Role.CONTRACT_MANAGER)
    tenders = csv_rows(client.get("/exporteren/inkooptrajecten.csv?zoek=vervolginkoop"))
    follow_up = db.session.scalar(db.select(Tender).where(Tender.title.contains("vervolginkoop")))
    assert [row[0] for row in tenders[1:]] == [follow_up.reference]
    signals = sheet_rows(client.get("/exporteren/signalering.xlsx"))
    kinds = [row[0] for row in signals[1:]]
    assert "Optie in beslisperiode" in kinds and "Rode prestatie-indicator" in kinds
    actions = csv_rows(client.get("/exporteren/afspraken.csv"))
    assert len(actions) - 1 == db.session.scalar(db.select(db.func.count(Action.id)))
    assert any(row[5] == "ja" for row in actions[1:])  # the overdue one
    approvals = csv_rows(client.get("/exporteren/goedkeuringen.csv"))
    assert approvals[0] == ["Onderwerp", "Titel", "Status", "Ingediend op", "Besloten op"]


def test_no_cell_of_a_csv_becomes_a_formula(client, login_as, haarlem):
    login_as(Role.CONTRACT_MANAGER)
    action = Action(contract_id=contract("2017/532748-IB").id, text="=HYPERLINK(\"x\")",
                    owner="@Karim", due_on=contract("2017/532748-IB").start_on)  # fmt: skip
    db.session.add(action)
    db.session.commit()
    rows = csv_rows(client.get("/exporteren/afspraken.csv"))
    row = next(row for row in rows if "HYPERLINK" in row[1])
    assert row[1] == '\'=HYPERLINK("x")' and row[2] == "'@Karim"


@pytest.mark.parametrize("role", [Role.ADMIN])
def test_roles_without_exports_see_no_links(client, login_as, haarlem, role):
    login_as(role)
    assert "/exporteren/" not in client.get("/inkooptrajecten/").text
    assert client.get("/exporteren/contracten.csv").status_code == 403

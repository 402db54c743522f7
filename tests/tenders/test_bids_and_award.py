"""Registering bids, the ranking, and awarding a lot into a framework contract."""

from datetime import date
from decimal import Decimal

import pytest

from app.auth.models import Role
from app.contracts.models import ContractStatus, FrameworkContract, Supplier
from app.extensions import db
from app.tenders.models import AwardCriterion, Bid, TenderStatus
from app.tenders.queries import lot_ranking
from tests.conftest import normalise
from tests.factories import approve, bid, propose


def test_bids_are_ranked_by_weighted_total(client, published):
    the_lot = published.lots[0]  # criteria: price 40, quality 60
    assert bid(client, the_lot, "Taalwerk BV", "500.000", "6").status_code == 302
    assert bid(client, the_lot, "Nieuwkomers & Co", "625.000,00", "9").status_code == 302
    bid(client, the_lot, "Goedkoop", "100.000", "10", excluded_reason="Geen VOG (knock-out)")
    db.session.expire_all()
    ranking = lot_ranking(published.lots[0])
    assert [(r.bid.supplier.name, r.rank, r.total) for r in ranking] == [
        ("Nieuwkomers & Co", 1, Decimal("86.00")),  # 40 × 0,8 + 60 × 0,9
        ("Taalwerk BV", 2, Decimal("76.00")),  # 40 + 60 × 0,6
        ("Goedkoop", None, None),  # excluded bids are not ranked
    ]
    page = normalise(client.get(f"/inkooptrajecten/{published.id}/percelen/{the_lot.id}").text)
    assert "Nieuwkomers &amp; Co" in page and "86,00" in page and "uitgesloten" in page


def test_award_creates_a_draft_framework_contract_once_approved(
    app, client, login_as, published, tender_form, configure
):
    # REGIE_STEERING_INTERVAL_MONTHS reaches the contract as it reaches the PvE's promise
    configure(steering_interval_months=3)
    the_lot = published.lots[0]
    bid(client, the_lot, "Taalwerk BV", "500.000", "6")
    winner = db.session.scalar(
        db.select(Bid).join(Bid.supplier).filter(Supplier.name == "Taalwerk BV")
    )
    page = client.get(f"/inkooptrajecten/{published.id}/percelen/{the_lot.id}").text
    assert f"/goedkeuringen/nieuw/award/{winner.id}" in page
    approved = approve(client, login_as, "award", winner.id, Role.PROCUREMENT_ADVISER)
    assert "Het verzoek is goedgekeurd." in approved.text
    contract = db.session.scalars(db.select(FrameworkContract)).one()
    assert contract.status == ContractStatus.DRAFT
    assert (contract.supplier.name, contract.lot_id) == ("Taalwerk BV", the_lot.id)
    start = date.fromisoformat(tender_form["contract_start_on"])
    assert (contract.start_on, contract.initial_months) == (start, 24)
    assert [(o.months, o.notice_months) for o in contract.options] == [(12, 3), (12, 3)]
    assert contract.ceiling == Decimal("2652300.00")  # 663.075 × 48 / 12
    assert contract.steering_interval_months == 3
    db.session.refresh(published)
    assert published.status == TenderStatus.AWARDED  # its only lot is awarded

    again = propose(client, "award", winner.id)
    assert "Alleen een gepubliceerd inkooptraject kan worden gegund." in again.text
    assert db.session.scalar(db.select(db.func.count()).select_from(FrameworkContract)) == 1


def test_an_excluded_bid_cannot_be_put_forward(client, published):
    the_lot = published.lots[0]
    bid(client, the_lot, "Goedkoop", "100.000", "10", excluded_reason="Geen VOG (knock-out)")
    excluded = db.session.scalar(db.select(Bid))
    response = propose(client, "award", excluded.id)
    assert (
        "Dit perceel heeft nog geen geldige inschrijvingen; gunnen kan nog niet." in response.text
    )
    assert db.session.scalar(db.select(db.func.count()).select_from(FrameworkContract)) == 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"score": "11"}, "een score van 0 tot 10"),
        ({"price": "0"}, "Vul de inschrijvingsprijs in"),
        ({"price": "duur"}, "Vul een bedrag in"),
        ({"supplier": ""}, "Kies een inschrijver of vul de naam van een nieuwe in."),
    ],
)
def test_bad_bids_are_refused(client, published, changes, message):
    args = {"supplier": "Taalwerk BV", "price": "500.000", "score": "6"} | changes
    response = bid(client, published.lots[0], args["supplier"], args["price"], args["score"])
    assert response.status_code == 200
    assert message in response.text or message in normalise(response.text)
    assert db.session.scalar(db.select(db.func.count()).select_from(Bid)) == 0


def test_one_bid_per_supplier_per_lot(client, published):
    bid(client, published.lots[0], "Taalwerk BV", "500.000", "6")
    second = bid(client, published.lots[0], "Taalwerk BV", "400.000", "7")
    assert "Taalwerk BV heeft al ingeschreven op dit perceel." in second.text
    assert db.session.scalar(db.select(db.func.count()).select_from(Bid)) == 1


def test_no_bids_before_publication(client, lot):
    db.session.add(AwardCriterion(lot_id=lot.id, name="Prijs", kind="price", weight_percent=100))
    db.session.commit()
    response = bid(client, lot, "Taalwerk BV", "500.000", "6")
    assert "zodra het inkooptraject is gepubliceerd" in response.text

"""Statuses change only along the allowed transitions, and the database refuses unknown values."""

from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, StatementError

from app.contracts.models import ContractStatus, FrameworkContract, OptionStatus
from app.core.errors import InvalidTransition
from app.extensions import db
from app.tenders.models import Tender, TenderStatus


def test_tender_follows_its_state_machine():
    tender = Tender(status=TenderStatus.DRAFT)
    tender.set_status(TenderStatus.IN_REVIEW)
    tender.set_status(TenderStatus.ADOPTED)
    assert not tender.is_editable
    with pytest.raises(
        InvalidTransition, match="De status kan niet van 'Vastgesteld' naar 'Concept'"
    ):
        tender.set_status(TenderStatus.DRAFT)
    tender.set_status(TenderStatus.PUBLISHED)
    tender.set_status(TenderStatus.AWARDED)
    for status in TenderStatus:
        assert not tender.can_become(status)  # awarded is final


def test_every_status_has_a_transition_entry():
    for model, statuses in ((Tender, TenderStatus), (FrameworkContract, ContractStatus)):
        assert set(model.TRANSITIONS) == set(statuses)
        assert all(set(targets) <= set(statuses) for targets in model.TRANSITIONS.values())


def test_contract_cannot_skip_activation():
    contract = FrameworkContract(status=ContractStatus.DRAFT)
    with pytest.raises(InvalidTransition):
        contract.set_status(ContractStatus.EXTENDED)


def test_database_check_constraint_refuses_an_unknown_status(haarlem):
    with pytest.raises(IntegrityError), db.engine.begin() as connection:
        connection.execute(sa.text("UPDATE tenders SET status = 'gehackt'"))


def test_orm_refuses_an_unknown_status_before_the_database():
    db.session.add(
        Tender(
            reference="2026/000001",
            title="x",
            route="tender",
            municipality="Haarlem",
            status="gehackt",
        )
    )
    with pytest.raises(StatementError):
        db.session.flush()
    db.session.rollback()


def test_option_status_labels_are_dutch():
    assert [status.label for status in OptionStatus] == [
        "Open",
        "Gelicht",
        "Niet gelicht",
        "Vervallen",
    ]
    assert FrameworkContract(start_on=date(2018, 1, 1), initial_months=24).initial_end_on == date(
        2019, 12, 31
    )

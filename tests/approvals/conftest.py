"""Helpers for putting things to the alderman through the pages."""

from datetime import date

import pytest

from app.approvals.models import ApprovalRequest
from app.auth.models import Role
from app.contracts.models import ContractStatus, FrameworkContract
from app.contracts.rules import OptionTerm
from app.contracts.services import create_contract
from app.core.dates import add_months
from app.extensions import db
from app.tenders.models import Lot
from tests.conftest import contract, post_form

PROPOSAL = {
    "registration_number": "2026/123456",
    "short_title": "Verlenging re-integratie",
    "key_message": "Het college verlengt.\nTweede alinea & <meer>.",
    "committee_proposal": "N.v.t.",
    "decision_points": "Optie 1 te lichten.\n=Tweede punt +1",
    "introduction": "+31 23 511 5115 belt de wethouder",
    "intended_result": "Resultaat",
    "arguments": "@Argument",
    "communication": "Communicatie",
    "risks": "Risico's",
    "implementation": "Uitvoering",
    "annexes": "Rapportage bijsturingsmoment",
}


@pytest.fixture
def current(haarlem, today) -> FrameworkContract:
    """A contract running now, started on the first of the month a year ago: two years with
    two options of a year (notice 3 months), so option 1 can be exercised for nine months."""
    start = add_months(today.replace(day=1), -12)
    pasmatch = contract("2017/532748-IB")
    running = create_contract(
        None,
        reference="2026/000001-1",
        lot=db.session.get(Lot, pasmatch.lot_id),
        supplier=pasmatch.supplier,
        start_on=start,
        initial_months=24,
        options=[OptionTerm(12, 3), OptionTerm(12, 3)],
        ceiling=None,
        status=ContractStatus.ACTIVE,
        signed_on=add_months(start, -1),
    )
    db.session.commit()
    return running


def propose(client, subject: str, object_id: int, **fields):
    """Submit the proposal page for `subject`, as the logged-in user."""
    url = f"/goedkeuringen/nieuw/{subject}/{object_id}"
    return post_form(client, url, PROPOSAL | fields, follow_redirects=True)


def latest_request() -> ApprovalRequest | None:
    return db.session.scalar(db.select(ApprovalRequest).order_by(ApprovalRequest.id.desc()))


def decide_request(client, request: ApprovalRequest, **data):
    db.session.refresh(request)
    fields = {"decision": "goedkeuren", "decided_on": date.today().isoformat(), "remark": ""}
    return post_form(
        client,
        f"/goedkeuringen/{request.id}",
        fields | data | {"version": request.version},
        follow_redirects=True,
    )


def approve(client, login_as, subject: str, object_id: int, back_as: Role, **fields):
    """Put something to the alderman, approve it as the alderman, and log `back_as` in again;
    returns the alderman's page after the decision."""
    submitted = propose(client, subject, object_id, **fields)
    assert "Het verzoek ligt ter goedkeuring bij de wethouder." in submitted.text, submitted.text
    login_as(Role.ALDERMAN)
    response = decide_request(client, latest_request())
    login_as(back_as)
    return response

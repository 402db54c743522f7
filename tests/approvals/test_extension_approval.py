"""An extension goes to the alderman; it takes effect only when approved."""

from datetime import date

import pytest

from app.approvals.models import ApprovalRequest, ApprovalStatus
from app.auth.models import Role
from app.contracts.models import ContractStatus, FrameworkContract, OptionStatus
from app.contracts.rules import OptionTerm
from app.contracts.services import create_contract
from app.core.audit import AuditEvent
from app.core.errors import DomainError
from app.extensions import db
from app.tenders.models import Lot
from tests.conftest import normalise, post_form
from tests.contracts.test_contract_decisions import contract, decide


@pytest.fixture
def current(haarlem) -> FrameworkContract:
    """A contract running now: option 1 can still be exercised until 30 September 2027."""
    pasmatch = contract("2017/532748-IB")
    running = create_contract(
        None,
        reference="2026/000001-1",
        lot=db.session.get(Lot, pasmatch.lot_id),
        supplier=pasmatch.supplier,
        start_on=date(2026, 1, 1),
        initial_months=24,
        options=[OptionTerm(12, 3), OptionTerm(12, 3)],
        ceiling=None,
        status=ContractStatus.ACTIVE,
        signed_on=date(2025, 12, 1),
    )
    db.session.commit()
    return running


def submit(client, login_as, current) -> ApprovalRequest:
    login_as(Role.CONTRACT_MANAGER)
    response = decide(client, current, 1, "voorleggen", "", "Uitstroom boven de norm")
    assert "ligt ter goedkeuring bij de wethouder" in response.text
    return db.session.scalar(db.select(ApprovalRequest))


def decide_request(client, request: ApprovalRequest, **data):
    db.session.refresh(request)
    fields = {"decision": "goedkeuren", "decided_on": date.today().isoformat(), "remark": ""}
    return post_form(
        client,
        f"/goedkeuringen/{request.id}",
        fields | data | {"version": request.version},
        follow_redirects=True,
    )


def test_the_option_is_exercised_only_when_the_alderman_approves(client, login_as, current):
    request = submit(client, login_as, current)
    assert contract("2026/000001-1").options[0].status == OptionStatus.OPEN
    assert request.snapshot["new_end_on"] == "2028-12-31"
    page = client.get(f"/contracten/{current.id}").text
    assert "Verzoek tot verlenging</a>: ter goedkeuring" in page
    again = decide(client, contract("2026/000001-1"), 1, "voorleggen", "", "Nogmaals")
    assert "Optie 1 ligt al ter goedkeuring bij de wethouder." in again.text

    login_as(Role.ALDERMAN)
    overview = client.get("/goedkeuringen/").text
    assert "Verlenging 2026/000001-1 met 12 maanden (optie 1)" in overview
    detail = normalise(client.get(f"/goedkeuringen/{request.id}").text)
    assert "Nieuwe einddatum</th><td>31 december 2028</td>" in detail
    assert "Uitstroom boven de norm" in detail
    approved = decide_request(client, request)
    assert "Het verzoek is goedgekeurd." in approved.text
    extended = contract("2026/000001-1")
    assert extended.status == ContractStatus.EXTENDED
    assert extended.current_end_on == date(2028, 12, 31)
    assert extended.options[0].rationale == "Uitstroom boven de norm"
    assert request.status == ApprovalStatus.APPROVED

    twice = decide_request(client, request, decision="afwijzen", remark="Toch niet")
    assert "Over dit verzoek is al besloten: het is goedgekeurd." in twice.text
    assert "Besluit vastleggen" not in twice.text
    db.session.refresh(request)
    assert request.status == ApprovalStatus.APPROVED and request.remark == ""
    kinds = db.session.scalars(
        db.select(AuditEvent.action).where(AuditEvent.object_type == "ApprovalRequest")
    ).all()
    assert kinds == ["create", "update"]


def test_a_rejection_needs_a_remark_and_returns_it_to_the_requester(client, login_as, current):
    request = submit(client, login_as, current)
    login_as(Role.ALDERMAN)
    missing = decide_request(client, request, decision="afwijzen")
    assert "Licht de afwijzing toe" in missing.text
    db.session.refresh(request)
    assert request.status == ApprovalStatus.SUBMITTED
    rejected = decide_request(client, request, decision="afwijzen", remark="Eerst de & <norm>")
    assert "Het verzoek is afgewezen." in rejected.text
    page = client.get(f"/contracten/{current.id}").text
    assert "afgewezen — Eerst de &amp; &lt;norm&gt;" in page
    assert contract("2026/000001-1").options[0].status == OptionStatus.OPEN


def test_only_the_alderman_decides_and_only_the_requester_withdraws(client, login_as, current):
    request = submit(client, login_as, current)
    refused = decide_request(client, request)  # the contract manager who asked
    assert "Besluit vastleggen" not in refused.text
    assert "U kunt niet over uw eigen verzoek besluiten." in refused.text
    db.session.refresh(request)
    assert request.status == ApprovalStatus.SUBMITTED
    login_as(Role.PROCUREMENT_ADVISER)
    assert "Dit mag alleen de wethouder." in decide_request(client, request).text
    other = post_form(
        client,
        f"/goedkeuringen/{request.id}/intrekken",
        {"version": request.version},
        form_page="/goedkeuringen/",
        follow_redirects=True,
    )
    assert "Alleen wie het verzoek indiende, kan het intrekken." in other.text
    db.session.refresh(request)
    assert request.status == ApprovalStatus.SUBMITTED


def test_a_submitted_snapshot_cannot_be_changed(client, login_as, current):
    request = submit(client, login_as, current)
    request.snapshot = {**request.snapshot, "months": 24}
    with pytest.raises(DomainError, match="kan niet worden gewijzigd"):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(ApprovalRequest, request.id).snapshot["months"] == 12

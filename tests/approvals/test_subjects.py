"""Each subject takes effect only on approval: the PvE adopted, a significant steering
decision consented to. (Extension, award and amendment: test_extension_approval.py,
tests/tenders/test_bids_and_award.py, tests/contracts/test_amendments_and_spend.py.)"""

from datetime import timedelta

from app.approvals.finance import year_finance
from app.approvals.models import ApprovalStatus
from app.auth.models import Role
from app.documents.models import Document
from app.extensions import db
from app.steering.models import MomentStatus, SteeringDecision, SteeringMoment
from app.tenders.models import Tender, TenderStatus
from tests.conftest import post_form, word_text
from tests.factories import (
    approve,
    change_status,
    decide_request,
    latest_request,
    lot_data,
    propose,
)


def test_the_pve_is_frozen_while_the_alderman_decides(client, login_as, ready_tender):
    tender = ready_tender
    change_status(client, tender, "in_review")
    page = client.get(f"/inkooptrajecten/{tender.id}").text
    assert "Ter vaststelling voorleggen" in page and ">Vaststellen<" not in page
    direct = change_status(client, tender, "adopted")
    assert "Het PvE stelt de wethouder vast" in direct.text
    propose(client, "pve", tender.id)
    request = latest_request()
    the_lot = tender.lots[0]
    edit = post_form(
        client,
        f"/inkooptrajecten/{tender.id}/percelen/{the_lot.id}/bewerken",
        lot_data(the_lot.target_group, version=the_lot.version, title="Anders"),
        follow_redirects=True,
    )
    assert "Het PvE ligt ter vaststelling bij de wethouder" in edit.text
    db.session.refresh(the_lot)
    assert the_lot.title == "Statushouders"

    login_as(Role.ALDERMAN)
    assert "Programma van Eisen" in client.get("/goedkeuringen/").text
    assert "Het verzoek is goedgekeurd." in decide_request(client, request).text
    db.session.refresh(tender)
    assert tender.status == TenderStatus.ADOPTED


def test_only_a_significant_steering_decision_goes_to_the_alderman(client, login_as, current):
    moment = current.steering_moments[0]
    login_as(Role.CONTRACT_MANAGER)
    moment.status, moment.held_on = MomentStatus.NOT_MET, moment.period_end_on + timedelta(days=9)
    moment.decision, moment.findings = SteeringDecision.ESCALATE, "Instroom blijft achter."
    db.session.commit()
    refused = client.get(f"/goedkeuringen/nieuw/steering_decision/{moment.id}").text
    assert "Alleen een besluit dat als ingrijpend is gemarkeerd" in refused

    moment.significant = True
    db.session.commit()
    url = f"/contracten/{current.id}/bijsturing/{moment.id}"
    assert "Voorleggen aan de wethouder" in client.get(url).text
    approved = approve(client, login_as, "steering_decision", moment.id, Role.CONTRACT_MANAGER)
    assert "Het verzoek is goedgekeurd." in approved.text
    request = latest_request()
    assert request.status == ApprovalStatus.APPROVED
    assert ("Besluit", "Escaleren") in [tuple(row) for row in request.snapshot["rows"]]
    assert "Bijsturingsbesluit ter goedkeuring</a>: goedgekeurd" in client.get(url).text
    assert db.session.get(SteeringMoment, moment.id).decision == SteeringDecision.ESCALATE


def test_a_pve_goes_to_the_college_with_the_whole_budget_of_its_year(haarlem, today):
    """Haarlem 2018: the seven budget lines of the year across every tender and route."""
    tender = db.session.scalar(db.select(Tender).filter_by(reference="2017/532748"))
    finance = year_finance(tender, today)
    assert len(finance["lines"]) == 7
    assert (finance["total_label"], finance["total"]) == ("Totaal 2018", "€\xa03.051.563,64")
    assert "Inkoop Pasmatch" in [line["label"] for line in finance["lines"]]
    assert "ntb" in [line["amount"] for line in finance["lines"]]  # MBO1: shown as ntb
    assert "telt het totaal alleen de bekende bedragen" in finance["note"]


def test_the_adoption_request_carries_the_pve_it_adopts(client, login_as, ready_tender):
    """The exact PvE version goes to the alderman beside the collegevoorstel, which names it."""
    tender = ready_tender
    change_status(client, tender, "in_review")
    propose(client, "pve", tender.id)
    request = latest_request()
    assert ["Programma van Eisen", "versie 1, bijgevoegd"] in request.snapshot["rows"]
    attached = {d.kind.value: d for d in db.session.scalars(
        db.select(Document).filter_by(approval_request_id=request.id)
    )}  # fmt: skip
    assert set(attached) == {"pve", "collegevoorstel", "excel_overview"}
    assert attached["pve"].version_number == request.snapshot["data"]["pve_version"] == 1
    assert attached["pve"].object_id == tender.id
    assert "CONCEPT" not in word_text(attached["pve"].content)
    assert "Programma van Eisen, versie 1" in word_text(attached["collegevoorstel"].content)
    login_as(Role.ALDERMAN)
    page = client.get(f"/goedkeuringen/{request.id}").text
    assert f"/documenten/{attached['pve'].id}" in page

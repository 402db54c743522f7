"""An extension goes to the alderman; it takes effect only when approved."""

from datetime import timedelta
from decimal import Decimal

import pytest

from app.approvals.models import ApprovalRequest, ApprovalStatus, ApprovalSubject
from app.approvals.queries import list_attachments
from app.auth.models import Role
from app.contracts.models import ContractStatus, FrameworkContract, OptionStatus, Spend
from app.core.audit import AuditEvent
from app.core.dates import term_end, utcnow
from app.core.errors import DomainError
from app.core.formatting import date_nl
from app.documents.models import DocumentKind
from app.extensions import db
from app.steering.models import KpiDefinition, KpiTarget
from app.steering.services import log_steering_moment
from tests.conftest import contract, normalise, post_form, shown_text, word_text
from tests.factories import bearer, conforms, decide_request, latest_request, propose
from tests.html_forms import form_fields


def submit(client, login_as, current) -> ApprovalRequest:
    login_as(Role.CONTRACT_MANAGER)
    option = current.options[0]
    form = client.get(f"/goedkeuringen/nieuw/extension/{option.id}").text
    assert "Het college licht optie 1 van raamovereenkomst 2026/000001-1" in form  # a draft
    response = propose(client, "extension", option.id, rationale="Uitstroom boven de norm")
    assert "Het verzoek ligt ter goedkeuring bij de wethouder." in response.text
    return latest_request()


def test_the_option_is_exercised_only_when_the_alderman_approves(client, login_as, current):
    request = submit(client, login_as, current)
    assert contract("2026/000001-1").options[0].status == OptionStatus.OPEN
    new_end = term_end(current.start_on, 36)  # two years and option 1
    assert request.snapshot["data"]["new_end_on"] == new_end.isoformat()
    page = client.get(f"/contracten/{current.id}").text
    assert "Verzoek tot verlenging</a>: ter goedkeuring" in page
    again = propose(client, "extension", current.options[0].id, rationale="Nogmaals")
    assert "Hierover ligt al een verzoek (verlenging) bij de wethouder." in again.text
    assert db.session.scalar(db.select(db.func.count(ApprovalRequest.id))) == 1

    login_as(Role.ALDERMAN)
    assert client.get("/").location == "/overzicht"  # the alderman starts on the overview
    assert "1 verzoek wacht op uw besluit" in client.get("/overzicht").text
    overview = client.get("/goedkeuringen/").text
    assert "Verlenging 2026/000001-1 met 12 maanden (optie 1)" in overview
    detail = normalise(client.get(f"/goedkeuringen/{request.id}").text)
    assert f"Nieuwe einddatum</th><td>{date_nl(new_end)}</td>" in detail
    assert "Uitstroom boven de norm" in detail
    attachments = detail[detail.index("Bijlagen") : detail.index("Geschiedenis")]
    pdf_offered = 'PDF<span class="visually-hidden"> van collegevoorstel' in attachments
    assert pdf_offered or "LibreOffice is op deze server niet geïnstalleerd" in attachments
    assert attachments.count("PDF") <= 1  # not for the Excel overview
    history = detail[detail.index("Geschiedenis") :]
    assert "ingediend door</span>: " in history  # a name, not a number
    assert "snapshot" not in history and "object_type" not in history  # bookkeeping stays out
    approved = decide_request(client, request)
    assert "Het verzoek is goedgekeurd." in approved.text
    extended = contract("2026/000001-1")
    assert extended.status == ContractStatus.EXTENDED
    assert extended.current_end_on == new_end
    assert extended.options[0].rationale == "Uitstroom boven de norm"
    assert request.status == ApprovalStatus.APPROVED

    twice = decide_request(client, request, decision="afwijzen", remark="Toch niet")
    assert "Over dit verzoek is al besloten: het is goedgekeurd." in twice.text
    assert "Besluit vastleggen" not in twice.text
    db.session.refresh(request)
    assert request.status == ApprovalStatus.APPROVED and request.remark == ""
    kinds = db.session.scalars(
        db.select(AuditEvent.action)
        .where(AuditEvent.object_type == "ApprovalRequest")
        .order_by(AuditEvent.id)
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
    request.snapshot = {**request.snapshot, "data": {**request.snapshot["data"], "months": 24}}
    with pytest.raises(DomainError, match="kan niet worden gewijzigd"):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(ApprovalRequest, request.id).snapshot["data"]["months"] == 12


@pytest.mark.parametrize(
    ("decided_on", "message"),
    [
        ("1900-01-01", "Het besluit ligt niet vóór de indiening van het verzoek"),
        ("next year", "Vul de besluitdatum in; die ligt niet in de toekomst."),
    ],
)
def test_a_decision_is_dated_between_the_submission_and_today(
    client, login_as, current, today, decided_on, message
):
    request = submit(client, login_as, current)
    if decided_on == "next year":
        decided_on = today.replace(year=today.year + 1, day=1).isoformat()
    login_as(Role.ALDERMAN)
    page = decide_request(client, request, decided_on=decided_on)
    assert message in page.text
    bearer_headers = bearer(Role.ALDERMAN)
    api = client.post(
        f"/api/v1/approval-requests/{request.id}/decision",
        json={"approve": True, "decided_on": decided_on, "version": request.version},
        headers=bearer_headers,
    )
    assert api.status_code == 400
    assert message in api.get_json()["error"]["fields"]["decided_on"][0]
    db.session.expire_all()
    assert db.session.get(ApprovalRequest, request.id).status == ApprovalStatus.SUBMITTED
    assert contract("2026/000001-1").options[0].status == OptionStatus.OPEN


def test_a_missed_steering_moment_is_named_before_submitting_on_the_request_and_in_the_document(
    client, login_as, current
):
    """Moment 1 of the running contract was due months ago and was never logged."""
    login_as(Role.CONTRACT_MANAGER)
    option = current.options[0]
    due = date_nl(current.steering_moments[0].due_on)
    warning = f"bijsturingsmoment 1 (uiterlijk {due}) was vóór dit verzoek al aan de beurt"
    form = normalise(client.get(f"/goedkeuringen/nieuw/extension/{option.id}").text)
    assert warning in form
    request = submit(client, login_as, current)
    login_as(Role.ALDERMAN)
    page = normalise(client.get(f"/goedkeuringen/{request.id}").text)
    assert warning in page
    assert "Er zijn nog geen realisaties vastgelegd." in page
    document = next(d for d in list_attachments(request) if d.kind == DocumentKind.COLLEGEVOORSTEL)
    assert warning in normalise(word_text(document.content))


def test_the_alderman_sees_the_contracts_performance_and_the_cost_of_the_extension(
    client, login_as, current, today
):
    started = db.session.scalar(db.select(KpiDefinition).filter_by(code="started"))
    db.session.add(
        KpiTarget(
            contract_id=current.id,
            kpi_definition_id=started.id,
            target_value=Decimal(70),
            tolerance_percent=Decimal(10),
        )
    )
    current.ceiling = Decimal("7309204.56")
    db.session.add(
        Spend(
            contract_id=current.id,
            period_start_on=current.start_on,
            period_end_on=current.steering_moments[0].period_end_on,
            amount=Decimal("900000.00"),
        )
    )
    db.session.commit()
    manager = login_as(Role.CONTRACT_MANAGER)
    moment = db.session.get(FrameworkContract, current.id).steering_moments[0]
    log_steering_moment(
        manager,
        moment,
        held_on=moment.period_end_on + timedelta(days=10),
        results={started.id: (Decimal(50), "")},
        findings="Instroom blijft achter.",
        decision="adjust",
        significant=False,
        chosen_outcome=None,
        actions=[{"text": "Extra instroom", "owner": "Karim", "due_on": today - timedelta(1)}],
        expected_version=moment.version,
        today=today,
    )
    db.session.commit()
    request = submit(client, login_as, current)
    login_as(Role.ALDERMAN)
    page = normalise(client.get(f"/goedkeuringen/{request.id}").text)
    evidence = page[page.index("Prestaties van het contract") :]
    assert "niet vastgelegd" not in evidence  # the one moment due was logged
    assert "Gestarte trajecten</th>" in evidence and 'rating-red">Rood' in evidence
    assert "eerste meting" in evidence
    assert "Extra instroom — Karim" in evidence and "termijn verstreken" in evidence
    assert 'Kosten van deze verlenging (12 maanden)</th><td class="amount">€ 1.827.301,14' in (
        evidence
    )
    assert 'Besteed tot nu toe</th><td class="amount">€ 900.000,00' in evidence
    # 7.309.204,56 − 900.000,00 − 1.827.301,14
    assert 'Resterend na deze verlenging</th><td class="amount">€ 4.581.903,42' in evidence
    url = f"/goedkeuringen/{request.id}"
    assert "decision" not in dict(form_fields(page, url))  # nothing chosen in advance
    no_choice = post_form(
        client,
        f"/goedkeuringen/{request.id}",
        {"decided_on": today.isoformat(), "remark": "", "version": request.version},
    )
    assert "Kies: goedkeuren of afwijzen." in no_choice.text
    assert db.session.get(ApprovalRequest, request.id).status == ApprovalStatus.SUBMITTED
    document = next(d for d in list_attachments(request) if d.kind == DocumentKind.COLLEGEVOORSTEL)
    text = normalise(word_text(document.content))
    assert "Prestaties van het contract" in text and "€ 4.581.903,42" in text
    assert "Extra instroom — Karim" in text


def test_the_request_form_leads_back_and_the_alderman_sees_open_requests_first(
    client, login_as, current
):
    login_as(Role.CONTRACT_MANAGER)
    option = current.options[0]
    form = client.get(f"/goedkeuringen/nieuw/extension/{option.id}").text
    back = f'href="/contracten/{current.id}"'
    assert f'<li class="breadcrumb-item"><a {back}>{current.reference}</a></li>' in form
    assert f'<a class="btn btn-link" {back}>Annuleren</a>' in form

    login_as(Role.ALDERMAN)
    assert "Er liggen geen open verzoeken ter goedkeuring." in client.get("/goedkeuringen/").text
    request = submit(client, login_as, current)
    login_as(Role.ALDERMAN)
    listed = client.get("/goedkeuringen/").text
    assert "geen open verzoeken" not in listed and request.title in listed
    shown = client.get(f"/goedkeuringen/{request.id}").text
    assert f"<p>Over: <a {back}>{current.reference}</a></p>" in shown
    decide_request(client, request)
    listed = client.get("/goedkeuringen/").text
    open_part, decided_part = listed.split("Besloten en ingetrokken")
    assert "Er liggen geen open verzoeken ter goedkeuring." in open_part
    assert request.title in decided_part


def test_the_api_lists_the_requests_open_first_a_page_at_a_time(client, login_as, current, openapi):
    rejected = submit(client, login_as, current)
    login_as(Role.ALDERMAN)
    decide_request(client, rejected, decision="afwijzen", remark="Eerst de rapportage")
    waiting = submit(client, login_as, current)  # again, after the rejection
    headers = bearer(Role.ALDERMAN)

    listed = client.get("/api/v1/approval-requests", headers=headers).get_json()
    conforms(openapi, "/approval-requests", "get", "200", listed)
    assert [item["id"] for item in listed["items"]] == [waiting.id, rejected.id]  # open first
    assert [item["status"] for item in listed["items"]] == ["submitted", "rejected"]
    assert (listed["total"], listed["next"]) == (2, None)
    full = client.get(listed["items"][0]["url"], headers=headers).get_json()
    assert full["id"] == waiting.id and full["snapshot"]  # the content comes from its own URL

    first = client.get("/api/v1/approval-requests?per_page=1", headers=headers).get_json()
    assert first["next"] == "/api/v1/approval-requests?per_page=1&page=2"
    second = client.get(first["next"], headers=headers).get_json()
    assert [item["id"] for item in second["items"]] == [rejected.id]
    only_open = client.get("/api/v1/approval-requests?status=submitted", headers=headers)
    assert [item["id"] for item in only_open.get_json()["items"]] == [waiting.id]
    for query in ("status=open", "per_page=0", "page=nul"):
        refused = client.get(f"/api/v1/approval-requests?{query}", headers=headers)
        assert refused.status_code == 400 and refused.get_json()["error"]["fields"], query


def test_the_aldermans_list_comes_a_page_at_a_time_with_the_open_requests_first(
    client, login_as, current
):
    requester = login_as(Role.CONTRACT_MANAGER)
    for number in range(1, 31):  # a few years of requests: 28 decided, 2 still open
        db.session.add(
            ApprovalRequest(
                subject=ApprovalSubject.EXTENSION,
                title=f"Verzoek {number:02d}",
                object_type="ExtensionOption",
                object_id=current.options[0].id,
                snapshot={"rows": [], "data": {}, "tender_id": None},
                requester_id=requester.id,
                status=ApprovalStatus.SUBMITTED if number in (3, 30) else ApprovalStatus.APPROVED,
                decided_at=None if number in (3, 30) else utcnow(),
            )
        )
    db.session.commit()
    login_as(Role.ALDERMAN)
    first = shown_text(client.get("/goedkeuringen/").text)
    open_part, decided_part = first.split("Besloten en ingetrokken")
    assert "Verzoek 03" in open_part and "Verzoek 30" in open_part  # open first, on page 1
    assert "Verzoek 29" in decided_part and "Verzoek 07" in decided_part  # newest decided
    assert "Verzoek 06" not in first and "Pagina 1 van 2" in first
    second_page = client.get("/goedkeuringen/?pagina=2").text
    assert '<h2 class="h4">Open verzoeken</h2>' not in second_page  # all on the first page
    second = shown_text(second_page)
    assert all(f"Verzoek {number:02d}" in second for number in (1, 2, 4, 5, 6))
    assert "Verzoek 07" not in second and "Pagina 2 van 2" in second
    assert "Pagina 2 van 2" in client.get("/goedkeuringen/?pagina=99").text  # the last one

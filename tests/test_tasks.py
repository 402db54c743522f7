"""A tender goes to review with a named colleague, and what waits for each user is in their
Mijn taken: reviews, requests to decide, steering moments due and actions overdue."""

from datetime import timedelta

from app.auth.models import Role
from app.extensions import db
from app.steering.models import MomentStatus, SteeringMoment
from app.tenders.models import TenderStatus
from tests.conftest import PASSWORD, contract, post_form, shown_text
from tests.factories import decide_request, latest_request, lot_data, propose, reviewer


def offer_for_review(client, tender, reviewer_id) -> str:
    db.session.expire_all()
    return post_form(
        client,
        f"/inkooptrajecten/{tender.id}/status",
        {"status": "in_review", "version": tender.version, "reviewer_id": reviewer_id},
        form_page=f"/inkooptrajecten/{tender.id}",
        follow_redirects=True,
    ).text


def test_a_tender_goes_to_review_only_with_a_colleague_who_then_finds_it_in_mijn_taken(
    client, login_as, draft_tender
):
    tender, group = draft_tender
    post_form(client, f"/inkooptrajecten/{tender.id}/percelen/nieuw", lot_data(group))
    colleague = reviewer()
    alderman = login_as(Role.ALDERMAN)
    adviser = login_as(Role.PROCUREMENT_ADVISER)
    page = client.get(f"/inkooptrajecten/{tender.id}").text
    assert f'<option value="{colleague.id}">' in page
    assert f'<option value="{adviser.id}">' not in page  # nobody reviews their own work

    for chosen, message in (
        ("", "Kies wie het inkooptraject beoordeelt."),
        (adviser.id, "Kies een collega: u kunt uw eigen inkooptraject niet beoordelen."),
        (alderman.id, "Kies een inkoopadviseur als beoordelaar."),
    ):
        assert message in offer_for_review(client, tender, chosen)
        db.session.refresh(tender)
        assert tender.status == TenderStatus.DRAFT and tender.reviewer_id is None

    page = offer_for_review(client, tender, colleague.id)
    assert "De status is gewijzigd." in page
    assert f"Ter beoordeling, bij {colleague.name}" in shown_text(page)
    assert "Te beoordelen inkooptrajecten (0)" in shown_text(client.get("/taken").text)

    client.delete_cookie("session")
    post_form(client, "/login", {"email": colleague.email, "password": PASSWORD}, "/login")
    tasks = shown_text(client.get("/taken").text)
    assert "Te beoordelen inkooptrajecten (1)" in tasks
    assert f"{tender.reference} · {tender.title}" in tasks
    assert "Mijn taken 1 taken" in shown_text(client.get("/").text)  # the menu's count


def test_the_alderman_finds_open_requests_and_a_manager_due_moments_and_late_actions(
    client, login_as, haarlem, today
):
    pasmatch = contract("2017/532748-IB")
    moments = sorted(pasmatch.steering_moments, key=lambda moment: moment.sequence)
    due_soon, later = moments[-2:]
    due_soon.due_on, later.due_on = today + timedelta(days=10), today + timedelta(days=40)
    db.session.commit()
    login_as(Role.CONTRACT_MANAGER)
    tasks = shown_text(client.get("/taken").text)
    assert f"Moment {due_soon.sequence} van 2017/532748-IB" in tasks
    assert f"Moment {later.sequence} van 2017/532748-IB" not in tasks  # not yet
    overdue = db.session.scalar(
        db.select(db.func.count(SteeringMoment.id)).where(
            SteeringMoment.status == MomentStatus.SCHEDULED, SteeringMoment.due_on < today
        )
    )
    assert overdue and tasks.count("verlopen") >= min(overdue, 25)
    assert "Te beoordelen inkooptrajecten" not in tasks  # a manager reviews no tenders
    assert "Verzoeken om uw besluit" not in tasks  # nor decides

    login_as(Role.ALDERMAN)
    tasks = shown_text(client.get("/taken").text)
    assert "Verzoeken om uw besluit (0)" in tasks and "Er liggen geen open verzoeken." in tasks
    assert "Bijsturingsmomenten" not in tasks


def test_a_request_waits_in_the_aldermans_tasks_until_decided(client, login_as, current):
    login_as(Role.CONTRACT_MANAGER)
    propose(client, "extension", current.options[0].id, rationale="Uitstroom boven de norm")
    login_as(Role.ALDERMAN)
    tasks = shown_text(client.get("/taken").text)
    assert "Verzoeken om uw besluit (1)" in tasks
    assert f"{latest_request().title} — Verlenging, ingediend op" in tasks
    decide_request(client, latest_request())
    assert "Verzoeken om uw besluit (0)" in shown_text(client.get("/taken").text)


def test_an_administrator_has_no_task_list_in_the_menu_and_nothing_waiting(client, login_as):
    login_as(Role.ADMIN)
    assert "Mijn taken" not in client.get("/beheer/gebruikers").text
    assert "Er wacht nu niets op u." in client.get("/taken").text

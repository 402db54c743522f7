"""Status changes of a tender, and changes after adoption as numbered notices."""

import html
from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

from docx import Document as WordDocument

from app.auth.models import Role
from app.core.audit import AuditEvent
from app.core.dates import local_today
from app.core.formatting import date_nl
from app.core.settings import current_settings
from app.documents.models import Document
from app.documents.services import generate_pve
from app.extensions import db
from app.tenders.models import (
    Lot,
    TenderNotice,
    TenderStatus,
)
from tests.conftest import make_user, normalise, post_form, word_text
from tests.factories import adopt, change_status, lot_data


def test_adoption_lists_what_is_missing_and_changes_nothing(client, draft_tender):
    tender, group = draft_tender
    refused = change_status(client, tender, "in_review")
    assert "Dit kan nog niet: het inkooptraject heeft nog geen percelen." in refused.text
    post_form(client, f"/inkooptrajecten/{tender.id}/percelen/nieuw", lot_data(group))
    assert "De status is gewijzigd." in change_status(client, tender, "in_review").text
    response = html.unescape(client.get(f"/goedkeuringen/nieuw/pve/{tender.id}").text)
    for missing in (
        "Procedure: de procedure is nog niet gekozen",
        "Resultaatdefinities: dit hoofdstuk heeft nog geen tekst",
        "Perceel 1 · Prestatie-indicatoren: er zijn nog geen normen",
        "Perceel 1 · Eisen: er zijn nog geen eisen",
        "Perceel 1 · Gunning: de gunningscriteria tellen niet op tot 100%",
    ):
        assert missing in response, missing
    assert "Dit kan nog niet: " in response
    db.session.refresh(tender)
    assert tender.status == TenderStatus.IN_REVIEW


def test_whole_status_journey_with_notices(client, login_as, ready_tender):
    tender = ready_tender
    change_status(client, tender, "in_review")
    adopted = adopt(client, login_as, tender)
    assert "Het verzoek is goedgekeurd." in adopted.text
    the_lot = tender.lots[0]
    edit = post_form(
        client,
        f"/inkooptrajecten/{tender.id}/percelen/{the_lot.id}/bewerken",
        lot_data(the_lot.target_group, version=the_lot.version),
    )
    assert (
        "Dit inkooptraject is vastgesteld; de inhoud kan niet meer worden gewijzigd." in edit.text
    )

    url = f"/inkooptrajecten/{tender.id}/percelen/{the_lot.id}/nota"
    db.session.refresh(the_lot)
    response = post_form(
        client,
        url,
        {
            **lot_data(the_lot.target_group, budget_per_year="700.000,00"),
            "version": the_lot.version,
            "summary": "Vraag 3: is het budget inclusief taalles? Antwoord: ja, verhoogd.",
        },
    )
    assert response.status_code == 302
    db.session.refresh(the_lot)
    assert the_lot.budget_per_year == Decimal("700000.00")
    notice = db.session.scalars(db.select(TenderNotice)).one()
    assert notice.number == 1
    assert notice.changes == [
        {
            "subject": "Perceel 1: Statushouders",
            "field": "budget per jaar",
            "before": "€\xa0663.075,00",
            "after": "€\xa0700.000,00",
        }
    ]
    page = normalise(client.get(f"/inkooptrajecten/{tender.id}").text)
    assert "Nota 1" in page and "budget per jaar: € 663.075,00 → € 700.000,00" in page

    post_form(
        client,
        url,
        {
            **lot_data(
                the_lot.target_group,
                budget_per_year="700.000,00",
                title="Statushouders (taal en werk)",
            ),
            "version": the_lot.version,
            "summary": "Titel verduidelijkt.",
        },
    )
    numbers = db.session.scalars(db.select(TenderNotice.number).order_by(TenderNotice.number)).all()
    assert numbers == [1, 2]
    pve = post_form(
        client, f"/inkooptrajecten/{tender.id}/pve", {}, form_page=f"/inkooptrajecten/{tender.id}"
    )
    assert pve.status_code == 302
    latest = db.select(Document).filter_by(kind="pve").order_by(Document.id.desc()).limit(1)
    text = word_text(db.session.scalar(latest).content)
    assert "Nota 1 van " in text and "Vraag 3: is het budget inclusief taalles?" in text
    assert "Perceel 1: Statushouders, budget per jaar: € 663.075,00 → € 700.000,00" in text.replace(
        "\xa0", " "
    )

    published = change_status(client, tender, "published")
    assert "De status is gewijzigd." in published.text
    db.session.refresh(tender)
    assert tender.publication_on == local_today()
    back = change_status(client, tender, "draft")
    assert "De status kan niet van 'Gepubliceerd' naar 'Concept'." in html.unescape(back.text)
    db.session.refresh(tender)
    assert tender.status == TenderStatus.PUBLISHED
    events = db.session.scalars(
        db.select(AuditEvent).filter_by(object_type="Tender").order_by(AuditEvent.id)
    ).all()
    statuses = [
        e.changes["status"] for e in events if e.action == "update" and "status" in e.changes
    ]
    assert statuses == [["draft", "in_review"], ["in_review", "adopted"], ["adopted", "published"]]


def test_notice_needs_a_reason_and_a_change(client, login_as, ready_tender):
    tender = ready_tender
    change_status(client, tender, "in_review")
    adopt(client, login_as, tender)
    the_lot = db.session.scalar(db.select(Lot))
    url = f"/inkooptrajecten/{tender.id}/percelen/{the_lot.id}/nota"
    without_reason = post_form(
        client,
        url,
        {
            **lot_data(the_lot.target_group, budget_per_year="1"),
            "version": the_lot.version,
            "summary": " ",
        },
    )
    assert "Beschrijf de vraag of de reden van de wijziging." in without_reason.text
    unchanged = post_form(
        client,
        url,
        {**lot_data(the_lot.target_group), "version": the_lot.version, "summary": "Niets"},
    )
    assert "Er is niets gewijzigd" in unchanged.text
    assert db.session.scalar(db.select(db.func.count()).select_from(TenderNotice)) == 0
    db.session.refresh(the_lot)
    assert the_lot.budget_per_year == Decimal("663075.00")


def test_draft_tender_has_no_notices(client, lot):
    url = f"/inkooptrajecten/{lot.tender_id}/percelen/{lot.id}/nota"
    response = post_form(
        client,
        url,
        {**lot_data(lot.target_group, budget_per_year="1"), "version": lot.version, "summary": "x"},
    )
    assert "Alleen een vastgesteld of gepubliceerd inkooptraject" in response.text


def test_award_and_unknown_statuses_cannot_be_set_by_hand(client, ready_tender):
    manual = change_status(client, ready_tender, "awarded")
    assert "wordt gegund door de gunning van zijn percelen" in manual.text
    unknown = change_status(client, ready_tender, "gehackt")
    assert "Deze handeling is niet mogelijk." in unknown.text
    db.session.refresh(ready_tender)
    assert ready_tender.status == TenderStatus.DRAFT


def test_publishing_needs_a_closing_date_after_today(client, login_as, ready_tender):
    ready_tender.publication_on = local_today() - timedelta(weeks=6)
    ready_tender.questions_until = local_today() - timedelta(weeks=4)
    ready_tender.answers_on = local_today() - timedelta(weeks=3)
    ready_tender.closing_on = local_today()
    db.session.commit()
    change_status(client, ready_tender, "in_review")
    adopt(client, login_as, ready_tender)
    refused = change_status(client, ready_tender, "published")
    assert "Dit kan nog niet: de sluitingsdatum ligt niet na vandaag." in refused.text
    db.session.refresh(ready_tender)
    assert ready_tender.status == TenderStatus.ADOPTED


def test_withdrawing(client, ready_tender):
    assert "De status is gewijzigd." in change_status(client, ready_tender, "withdrawn").text
    db.session.refresh(ready_tender)
    assert ready_tender.status == TenderStatus.WITHDRAWN
    assert 'id="status-actions"' not in client.get(f"/inkooptrajecten/{ready_tender.id}").text


def test_postponing_the_closing_date_through_a_notice(
    client, login_as, ready_tender, tender_form, today
):
    tender = ready_tender
    closing = date.fromisoformat(tender_form["closing_on"])
    postponed = closing + timedelta(weeks=4)
    change_status(client, tender, "in_review")
    adopt(client, login_as, tender)
    db.session.expire_all()
    form = {
        **tender_form,
        "closing_on": postponed.isoformat(),
        "award_decision_on": (postponed + timedelta(weeks=2)).isoformat(),
        "version": tender.version,
        "summary": "Sluitingsdatum twee weken later.",
    }
    edit = post_form(client, f"/inkooptrajecten/{tender.id}/bewerken", form)
    assert "de inhoud kan niet meer worden gewijzigd" in edit.text
    response = post_form(client, f"/inkooptrajecten/{tender.id}/nota", form)
    assert response.status_code == 302
    notice = db.session.scalars(db.select(TenderNotice)).one()
    award_decision = date.fromisoformat(tender_form["award_decision_on"])
    assert notice.changes == [
        {
            "subject": "Inkooptraject",
            "field": "sluiting inschrijving",
            "before": date_nl(closing),
            "after": date_nl(postponed),
        },
        {
            "subject": "Inkooptraject",
            "field": "gunningsbeslissing",
            "before": date_nl(award_decision),
            "after": date_nl(postponed + timedelta(weeks=2)),
        },
    ]
    bad = post_form(
        client,
        f"/inkooptrajecten/{tender.id}/nota",
        form
        | {"closing_on": (today - timedelta(days=30)).isoformat(), "version": tender.version + 1},
    )
    assert "De sluiting van de inschrijving moet na de nota van inlichtingen liggen" in bad.text
    assert db.session.scalar(db.select(db.func.count()).select_from(TenderNotice)) == 1


def test_a_new_tender_says_concept_until_it_is_ready(client, login_as, ready_tender):
    tender = ready_tender
    ready = normalise(
        word_text(
            generate_pve(
                make_user(Role.PROCUREMENT_ADVISER, "a@regie.example"),
                tender,
                today=local_today(),
                settings=current_settings(),
            ).content
        )
    )
    assert "CONCEPT" not in ready
    tender.social_return_percent = None
    tender.lots[0].scope = ""
    db.session.commit()
    page = client.get(f"/inkooptrajecten/{tender.id}").text
    assert "Nog niet gereed" in page
    assert (
        f'href="/inkooptrajecten/{tender.id}/bewerken">Social return</a>: het percentage ontbreekt'
        in page
    )
    assert "Perceel 1 · Dienstverlening</a>: de gevraagde dienstverlening ontbreekt" in page
    draft = generate_pve(
        make_user(Role.PROCUREMENT_ADVISER, "b@regie.example"),
        tender,
        today=local_today(),
        settings=current_settings(),
    )
    document = WordDocument(BytesIO(draft.content))
    section = document.sections[0]
    for header in (section.header, section.first_page_header):
        assert header.paragraphs[0].text == "CONCEPT – niet voor publicatie"

"""A form with errors comes back with every error at once, summarised above it with a link
to each field, and nothing chosen for the user that the user did not choose."""

import re
from datetime import date, timedelta

from app.auth.models import Role
from app.extensions import db
from app.tenders.models import Lot, Tender
from tests.conftest import post_form
from tests.factories import lot_data

SUMMARY = re.compile(r'<div class="alert alert-danger error-summary".*?</div>', re.S)


def summary(page: str) -> list[tuple[str, str]]:
    """(link target, text) of each entry in the error summary."""
    found = SUMMARY.search(page)
    assert found, "no error summary"
    return re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', found.group(0))


def test_every_error_of_the_tender_form_shows_at_once_with_links(
    client, login_as, tender_form, today
):
    login_as(Role.PROCUREMENT_ADVISER)
    form = tender_form | {
        "title": "",
        "closing_on": (today - timedelta(days=1)).isoformat(),  # before publication
        "retention_years": "0",
    }
    response = post_form(client, "/inkooptrajecten/nieuw", form)
    assert response.status_code == 200
    entries = summary(response.text)
    assert [target for target, _ in entries] == ["title", "closing_on", "retention_years"]
    assert (
        "Sluiting inschrijving: De sluiting van de inschrijving moet na de nota van"
        in (entries[1][1])
    )
    for target, _ in entries:
        assert f'id="{target}"' in response.text  # each link leads to its field
    assert db.session.scalar(db.select(db.func.count(Tender.id))) == 0


def test_a_lot_needs_a_target_group_chosen_by_the_user(client, draft_tender):
    tender, group = draft_tender
    page = client.get(f"/inkooptrajecten/{tender.id}/percelen/nieuw").text
    assert re.search(r'<option selected value="">— kies een doelgroep —</option>', page)
    response = post_form(
        client,
        f"/inkooptrajecten/{tender.id}/percelen/nieuw",
        lot_data(group)
        | {
            "target_group_id": "",
            "payment_model": "start_and_result",
            "start_fee": "2000",
            "result_fee": "3000",
            "unit_price": "4000",
        },
    )
    assert response.status_code == 200
    assert summary(response.text) == [
        ("target_group_id", "Doelgroep: Kies een doelgroep."),
        (
            "result_fee",
            "Resultaatbedrag (per plaatsing): Startbedrag en resultaatbedrag samen zijn hoger "
            "dan de prijs per traject.",
        ),
    ]
    assert db.session.scalar(db.select(db.func.count(Lot.id))) == 0


def test_no_form_leaves_checking_to_the_browser(client, draft_tender):
    tender, _ = draft_tender
    for path in ("/inkooptrajecten/nieuw", f"/inkooptrajecten/{tender.id}/percelen/nieuw"):
        forms = re.findall(r"<form [^>]*>", client.get(path).text)
        posted = [form for form in forms if 'method="post"' in form]
        assert posted and all("novalidate" in form for form in posted), path


def test_dates_are_typed_the_dutch_way_with_a_hint_and_a_dutch_error(client, login_as, tender_form):
    login_as(Role.PROCUREMENT_ADVISER)
    page = client.get("/inkooptrajecten/nieuw").text
    assert 'type="date"' not in page
    assert "dd-mm-jjjj, bijvoorbeeld 31-12-2026" in page
    closing = date.fromisoformat(tender_form["closing_on"])
    dutch = tender_form | {"closing_on": closing.strftime("%d-%m-%Y")}
    assert post_form(client, "/inkooptrajecten/nieuw", dutch).status_code == 302
    tender = db.session.scalar(db.select(Tender))
    assert tender.closing_on == closing
    edit = client.get(f"/inkooptrajecten/{tender.id}/bewerken").text
    assert f'value="{closing.strftime("%d-%m-%Y")}"' in edit  # shown as it was typed
    wrong = post_form(client, "/inkooptrajecten/nieuw", tender_form | {"closing_on": "31-13-2026"})
    assert "Vul een datum in als dd-mm-jjjj, bijvoorbeeld 31-12-2026." in wrong.text
    assert db.session.scalar(db.select(db.func.count(Tender.id))) == 1


def test_the_template_upload_button_is_dutch_whatever_the_browser(client, login_as):
    login_as(Role.ADMIN)
    page = client.get("/beheer/sjablonen/").text
    assert 'class="file-input"' in page and "Bestand kiezen…" in page
    assert "Geen bestand gekozen" in page


def test_a_lots_page_lists_what_it_still_lacks_with_links(client, lot):
    page = client.get(f"/inkooptrajecten/{lot.tender_id}/percelen/{lot.id}").text
    readiness = page.split('id="lot-readiness"')[1].split("</div>")[0]
    assert "Nog niet gereed voor het PvE" in readiness
    assert f'href="/inkooptrajecten/{lot.tender_id}/percelen/{lot.id}/normen"' in readiness
    assert "Perceel 1 · Prestatie-indicatoren</a>: er zijn nog geen normen" in readiness

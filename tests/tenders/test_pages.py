"""The adviser's pages for tenders and lots, including bad input."""

import html
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest

from app.auth.models import Role
from app.core.audit import AuditEvent
from app.core.formatting import date_nl
from app.extensions import db
from app.tenders.models import Lot, Tender
from app.tenders.year_budgets import budget_overview
from tests.conftest import normalise, post_form, shown_text
from tests.factories import haarlem_tender, lot_data


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_tender_page_shows_lots_and_the_2018_budget_with_its_total(client, login_as, haarlem):
    login_as(Role.ALDERMAN)
    page = normalise(client.get(f"/inkooptrajecten/{haarlem_tender().id}").text)
    assert "2017/532748" in page
    assert "Re-integratie specifieke doelgroepen 2018–2019" in page
    for amount in ("€ 40.200,00", "€ 663.075,00", "€ 142.087,50", "€ 355.218,75", "€ 23.681,25"):
        assert amount in page  # the lots of this tender
    assert "€ 1.224.262,50" in page
    assert 'title="nog te bepalen">ntb<' in page  # MBO1, not € 0,00
    # The municipality's whole year, counted and added up (with Pasmatch's € 1.827.301,14),
    # as the list of every budget line (the API's budget overview) has it.
    year = budget_overview(2018, "Haarlem")
    assert len(year.lines) == 7 and year.total == Decimal("3051563.64")
    text = shown_text(page)
    assert "Haarlem heeft in 2018 7 budgetregels voor re-integratie" in text
    assert "samen € 3.051.563,64 ; van 1 is het bedrag nog niet bepaald (ntb)" in text
    assert "€ 1.827.301,14" not in page  # another tender's line is not listed here
    assert 'href="/overzicht?jaar=2018"' in page  # per target group: Haarlem's own overview
    assert "Geschiedenis" in page


def test_a_total_of_undetermined_budgets_reads_ntb_not_zero(client, login_as, haarlem):
    login_as(Role.PROCUREMENT_ADVISER)
    rows = re.findall(r"<tr>.*?</tr>", client.get("/inkooptrajecten/").text, re.S)
    referral = next(row for row in rows if "Direct bemiddelbaren" in row)
    assert "€" not in referral and 'title="nog te bepalen">ntb<' in referral
    main = next(row for row in rows if "specifieke doelgroepen" in row)
    assert re.search(r"€\xa0[\d.]+,\d\d <span class=\"ntb\">\+ ntb</span>", main)


def test_start_page_lists_tenders_and_contracts_with_totals(client, login_as, haarlem):
    login_as(Role.PROCUREMENT_ADVISER)
    page = normalise(client.get("/").text)
    assert "Inkoop Pasmatch 2018–2019" in page
    assert "Totaal (7 contracten)" in page
    assert "1 januari 2018 t/m 31 december 2019" in page


def test_tender_list_searches_sorts_and_pages(client, login_as, haarlem):
    import re

    from app.tenders.services import create_tender

    for number in range(60):
        create_tender(
            None,
            municipality="Haarlem",
            values={
                "reference": f"2026/{number:06d}",
                "title": f"Traject {number}",
                "route": "tender",
            },
        )
    db.session.commit()
    login_as(Role.PROCUREMENT_ADVISER)

    def references(query: str) -> list[str]:
        return re.findall(
            r"<td[^>]*>(20\d\d/\d{6})</td>", client.get(f"/inkooptrajecten/?{query}").text
        )

    first = references("")
    assert len(first) == 50 and first[0] == "2026/000059"  # newest reference first
    assert "Pagina 1 van 2" in client.get("/inkooptrajecten/").text
    assert len(references("pagina=2")) == 13  # 60 + the three Haarlem tenders
    assert references("zoek=Traject 1&sorteer=titel") == [
        "2026/000001",
        *[f"2026/{n:06d}" for n in range(10, 20)],
    ]  # "Traject 1", "Traject 10" … "Traject 19", by title
    assert references("zoek=specifieke doelgroepen") == ["2017/532748"]
    empty = client.get("/inkooptrajecten/?zoek=bestaat+niet").text
    assert 'Geen inkooptrajecten gevonden met "bestaat niet".' in empty
    home = normalise(client.get("/").text)
    assert "Alle 63 inkooptrajecten, met zoeken" in home


def test_contract_manager_starts_from_the_signals(client, login_as, haarlem):
    login_as(Role.CONTRACT_MANAGER)
    response = client.get("/")
    assert response.status_code == 302 and response.location == "/signalering/"
    page = client.get("/signalering/").text
    assert "Achterstallige bijsturingsmomenten (16)" in page  # the 2018 moments, never logged
    assert '<span class="badge text-bg-warning">16<' in page  # the count in the navigation


def test_adviser_creates_a_tender_and_it_is_audited(client, login_as, tender_form):
    adviser = login_as(Role.PROCUREMENT_ADVISER)
    response = post_form(client, "/inkooptrajecten/nieuw", tender_form)
    assert response.status_code == 302
    tender = db.session.scalar(db.select(Tender).filter_by(reference="2026/000123"))
    assert tender.status.value == "draft"
    event = db.session.scalar(db.select(AuditEvent).filter_by(object_type="Tender"))
    assert event.actor_id == adviser.id
    assert event.changes["title"] == [None, tender_form["title"]]
    page = client.get(response.location).text
    assert "Test Inkoopadviseur" in page and "aangemaakt" in page


def test_closing_before_publication_shows_the_form_again_and_saves_nothing(
    client, login_as, tender_form, today
):
    login_as(Role.PROCUREMENT_ADVISER)
    before_publication = (today - timedelta(days=30)).isoformat()
    planning = {"questions_until": "", "answers_on": "", "closing_on": before_publication}
    response = post_form(client, "/inkooptrajecten/nieuw", {**tender_form, **planning})
    assert response.status_code == 200
    assert (
        f"De sluiting van de inschrijving moet na de publicatiedatum liggen ({date_nl(today)})."
        in response.text
    )
    assert f'value="{tender_form["title"]}"' in response.text  # input kept
    assert count(Tender) == 0
    assert count(AuditEvent) == 1  # only the login's user creation


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("reference", "2026-123", "Gebruik het formaat JJJJ/NNNNNN"),
        (
            "publication_on",
            "31-02-2026",
            "Vul een datum in als dd-mm-jjjj, bijvoorbeeld 31-12-2026.",
        ),
        ("publication_on", "2026-1-", "Vul een datum in als dd-mm-jjjj, bijvoorbeeld 31-12-2026."),
        ("title", "", "Vul een titel in."),
        ("social_return_percent", "120", "Vul 0 tot en met 100 in."),
        ("social_return_percent", "-5", "Een getal kan niet negatief zijn."),
        ("breach_notification_hours", "0", "Vul 1 tot en met 720 in."),
        ("retention_years", "-1", "Vul 1 tot en met 99 in."),
    ],
)
def test_bad_tender_fields_give_dutch_errors(client, login_as, tender_form, field, value, message):
    login_as(Role.PROCUREMENT_ADVISER)
    response = post_form(client, "/inkooptrajecten/nieuw", {**tender_form, field: value})
    assert response.status_code == 200
    assert message.lower() in response.text.lower()
    assert count(Tender) == 0


def test_adviser_adds_a_lot_with_a_dutch_amount(client, draft_tender):
    tender, group = draft_tender
    url = f"/inkooptrajecten/{tender.id}/percelen/nieuw"
    response = post_form(client, url, lot_data(group))
    assert response.status_code == 302
    lot = db.session.scalar(db.select(Lot))
    assert lot.budget_per_year == Decimal("663075.00")
    assert lot.unit_price == Decimal("4736.25")
    assert lot.option_months == [12, 12]
    assert "€ 663.075,00" in normalise(client.get(f"/inkooptrajecten/{tender.id}").text)


def test_empty_budget_is_stored_as_ntb(client, draft_tender):
    tender, group = draft_tender
    post_form(
        client, f"/inkooptrajecten/{tender.id}/percelen/nieuw", lot_data(group, budget_per_year="")
    )
    assert db.session.scalar(db.select(Lot)).budget_per_year is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("budget_per_year", "-100", "Een bedrag kan niet negatief zijn."),
        ("budget_per_year", "veel geld", "Vul een bedrag in, bijvoorbeeld 40.200,00."),
        ("budget_per_year", "12,345", "Gebruik hoogstens twee decimalen."),
        ("budget_per_year", "9" * 20, "Dit bedrag is te groot."),
        ("unit_price", "=1+1", "Vul een bedrag in"),
        ("cpv", "7961", "Gebruik 8 cijfers"),
        ("option_months", "twaalf", "bijvoorbeeld: 12, 12"),
        ("option_months", "12, 0", "Een verlengingsoptie duurt minstens één maand."),
        ("initial_months", "0", "24"),  # NumberRange: the form shows the range
        ("target_group_id", "999999", "Ongeldige keuze."),
        ("intake_days", "0", "Vul 1 tot en met 60 in."),
        ("plan_weeks", "-2", "Vul 1 tot en met 26 in."),
        ("report_back_days", "", "Vul de termijn in (minstens 1)."),
        ("result_fee", "5000,00", "Het resultaatbedrag is hoger dan de prijs per traject."),
        ("result_share_percent", "101", "Vul 0 tot en met 100 in."),
    ],
)
def test_bad_lot_input_shows_field_errors_and_saves_nothing(
    client, draft_tender, field, value, message
):
    tender, group = draft_tender
    url = f"/inkooptrajecten/{tender.id}/percelen/nieuw"
    response = post_form(client, url, lot_data(group, **{field: value}))
    assert response.status_code == 200
    assert "is-invalid" in response.text
    if field != "initial_months":
        assert message.lower() in html.unescape(response.text).lower()
    assert count(Lot) == 0


def test_planning_out_of_order_names_both_dates(client, login_as, tender_form, today):
    login_as(Role.PROCUREMENT_ADVISER)
    answers_before_questions = {**tender_form, "answers_on": today.isoformat()}
    response = post_form(client, "/inkooptrajecten/nieuw", answers_before_questions)
    assert response.status_code == 200
    questions = date_nl(date.fromisoformat(tender_form["questions_until"]))
    assert (
        f"De nota van inlichtingen moet na de uiterste datum voor vragen liggen ({questions})."
        in html.unescape(response.text)
    )
    assert count(Tender) == 0


def test_duplicate_lot_number_is_refused(client, draft_tender):
    tender, group = draft_tender
    url = f"/inkooptrajecten/{tender.id}/percelen/nieuw"
    post_form(client, url, lot_data(group))
    response = post_form(client, url, lot_data(group, title="Nog een"))
    assert "Perceel 1 bestaat al in dit inkooptraject." in response.text
    assert count(Lot) == 1


def test_editing_a_lot_logs_before_and_after(client, draft_tender):
    tender, group = draft_tender
    post_form(client, f"/inkooptrajecten/{tender.id}/percelen/nieuw", lot_data(group))
    lot = db.session.scalar(db.select(Lot))
    url = f"/inkooptrajecten/{tender.id}/percelen/{lot.id}/bewerken"
    response = post_form(
        client, url, lot_data(group, budget_per_year="700.000", version=lot.version)
    )
    assert response.status_code == 302
    event = db.session.scalars(
        db.select(AuditEvent).filter_by(object_type="Lot", action="update")
    ).one()
    assert event.changes == {"budget_per_year": ["663075.00", "700000.00"]}
    history = normalise(client.get(f"/inkooptrajecten/{tender.id}").text)
    assert "Perceel gewijzigd" in history
    assert "budget per jaar</span>: € 663.075,00 → € 700.000,00" in history


def test_stale_lot_form_loses_no_update(client, draft_tender):
    tender, group = draft_tender
    post_form(client, f"/inkooptrajecten/{tender.id}/percelen/nieuw", lot_data(group))
    lot = db.session.scalar(db.select(Lot))
    seen_version = lot.version
    lot.title = "Door een collega gewijzigd"
    db.session.commit()
    url = f"/inkooptrajecten/{tender.id}/percelen/{lot.id}/bewerken"
    response = post_form(client, url, lot_data(group, title="Mijn titel", version=seen_version))
    assert "Iemand anders heeft dit intussen gewijzigd" in response.text
    db.session.refresh(lot)
    assert lot.title == "Door een collega gewijzigd"


def test_removing_a_lot_is_audited(client, draft_tender):
    tender, group = draft_tender
    post_form(client, f"/inkooptrajecten/{tender.id}/percelen/nieuw", lot_data(group))
    lot = db.session.scalar(db.select(Lot))
    url = f"/inkooptrajecten/{tender.id}/percelen/{lot.id}/verwijderen"
    response = post_form(
        client, url, {"version": lot.version}, form_page=f"/inkooptrajecten/{tender.id}"
    )
    assert response.status_code == 302
    assert count(Lot) == 0
    event = db.session.scalar(db.select(AuditEvent).filter_by(object_type="Lot", action="delete"))
    assert event.changes["title"] == ["Statushouders", None]


def test_awarded_tender_is_frozen(client, login_as, haarlem):
    login_as(Role.PROCUREMENT_ADVISER)
    tender = haarlem_tender()
    lot = tender.lots[0]
    group = lot.target_group
    url = f"/inkooptrajecten/{tender.id}/percelen/{lot.id}/bewerken"
    response = post_form(
        client, url, lot_data(group, number="1", version=lot.version), form_page=url
    )
    assert response.status_code == 200
    assert "Dit inkooptraject is gegund; de inhoud kan niet meer worden gewijzigd." in response.text
    db.session.refresh(lot)
    assert lot.budget_per_year == Decimal("40200.00")


def test_pages_load_nothing_from_outside_the_app(client, login_as, haarlem):
    """Regie must work inside a closed municipal network: no CDN, no external scripts."""
    login_as(Role.ALDERMAN)
    for url in ("/", f"/inkooptrajecten/{haarlem_tender().id}", "/contracten/"):
        html = client.get(url).text
        links = re.findall(r'(?:href|src)="([^"]+)"', html)
        assert links and all(link.startswith(("/", "#")) for link in links), links
    assert client.get("/bootstrap/static/css/bootstrap.min.css").status_code == 200


def test_a_lot_without_target_group_is_refused(client, draft_tender):
    tender, group = draft_tender
    data = lot_data(group)
    del data["target_group_id"]
    response = post_form(client, f"/inkooptrajecten/{tender.id}/percelen/nieuw", data)
    assert response.status_code == 200
    assert "is-invalid" in response.text
    assert count(Lot) == 0

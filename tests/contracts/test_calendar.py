"""The personal ICS feed: a secret URL, real iCalendar, dates a contract manager acts on."""

import re
from datetime import date, datetime, timedelta

from icalendar import Calendar

from app.auth.models import Role, User
from app.extensions import db
from tests.conftest import post_form


def test_feed_holds_deadlines_warnings_and_moments(client, login_as, haarlem):
    manager = login_as(Role.CONTRACT_MANAGER)
    version = manager.version

    def new_link() -> str:
        page = post_form(client, "/agenda/", {}, form_page="/agenda/")
        url = re.search(r'<code id="feed-url">([^<]+)</code>', page.text).group(1)
        return url.replace("http://localhost", "")

    old_path, path = new_link(), new_link()  # a new link makes the old one stop working
    db.session.expire_all()
    assert db.session.get(User, manager.id).version == version  # not an edit of the user

    client.delete_cookie("session")  # a calendar app has no session
    assert client.get(old_path).status_code == 404
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    events = [c for c in Calendar.from_ical(response.data).walk("VEVENT")]
    by_summary = {str(e["summary"]): e["dtstart"].dt for e in events}
    assert by_summary["Uiterste datum optie 1: 2017/532748-IB (Inkoop Pasmatch)"] == date(
        2019, 9, 30
    )
    assert by_summary["Verlengingsbesluit voorbereiden: 2017/532748-IB (Inkoop Pasmatch)"] == (
        date(2019, 8, 5)
    )
    assert by_summary["Bijsturingsmoment 1: 2017/532748-IB (Inkoop Pasmatch)"] == date(2018, 7, 31)
    assert len(events) == 4 * (2 + 4)  # four running contracts: two option dates, four moments
    stamps = {event["dtstamp"].dt for event in events}
    assert all(isinstance(s, datetime) and s.utcoffset() == timedelta(0) for s in stamps)
    assert b"DTSTAMP:" in response.data and b"DTSTAMP;VALUE=DATE" not in response.data
    assert client.get("/agenda/niet-bestaand.ics").status_code == 404

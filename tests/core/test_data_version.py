"""The data version: every committed write changes it, so cached pages are never stale."""

import re
from datetime import date
from pathlib import Path

from app.auth.models import Role, User
from app.auth.services import update_user
from app.contracts.services import terminate_contract
from app.core.data_version import DataVersion
from app.core.dates import utcnow
from app.core.settings import current_settings
from app.extensions import db
from app.scale_data import seed_scale
from tests.conftest import PASSWORD, contract, counted_queries, make_user, post_form
from tests.factories import form_data

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def version() -> int | None:
    db.session.rollback()  # a new transaction sees what other sessions committed
    return db.session.scalar(db.select(db.func.sum(DataVersion.stamp)))


def terminate_pasmatch(actor) -> None:
    running = contract("2017/532748-IB")
    terminate_contract(
        actor,
        running,
        ended_on=running.current_end_on,
        rationale="Proef",
        expected_version=running.version,
    )


def test_a_committed_write_changes_the_version_a_read_or_rollback_does_not(haarlem):
    admin = make_user(Role.ADMIN)
    before = version()
    assert before is not None  # the seed wrote, so it stamped a stripe
    contract("2017/532748-IB")
    db.session.commit()  # a transaction that only read
    assert version() == before

    terminate_pasmatch(admin)
    db.session.rollback()
    assert version() == before

    terminate_pasmatch(admin)
    db.session.commit()
    assert version() not in (None, before)


def test_each_commit_stamps_one_stripe_chosen_at_random(haarlem):
    """Writers at once rarely wait for each other: each stamps one of sixteen rows, not all
    the same one (a row stays locked until its writer commits)."""

    def stamps() -> dict[int, int]:
        db.session.rollback()
        return dict(db.session.execute(db.select(DataVersion.id, DataVersion.stamp)).all())

    stamped = []
    for n in range(24):
        before = stamps()
        make_user(Role.ALDERMAN, f"wethouder{n}@regie.example")  # a committed write
        after = stamps()
        changed = [stripe for stripe in after if after[stripe] != before.get(stripe)]
        assert len(changed) == 1 and 1 <= changed[0] <= 16
        stamped.append(changed[0])
    assert len(set(stamped)) > 1  # all 24 on one stripe: about once in 10^27


def test_without_the_page_cache_a_write_keeps_no_data_version(haarlem, configure):
    """REGIE_CACHE_PAGES=0 switches off all of it: no stamp is written."""
    before = version()
    configure(cache_pages=False)
    make_user(Role.ADMIN)  # a committed write
    assert version() == before
    configure(cache_pages=True)
    make_user(Role.ALDERMAN)
    assert version() != before


def test_rows_inserted_in_bulk_through_the_session_change_it_too(haarlem):
    before = version()
    seed_scale(3, today=date(2026, 11, 23))  # SQL inserts, not ORM objects
    db.session.commit()
    assert version() != before


def test_pages_show_a_change_at_once_and_read_nothing_again_while_there_is_none(
    client,
    login_as,
    pasmatch,
    configure,
):
    login_as(Role.CONTRACT_MANAGER)
    red = "Rode prestatie-indicatoren bij het laatste bijsturingsmoment ({})"
    assert red.format(0) in client.get("/signalering/").text
    assert "<td>Beëindigd</td>" not in client.get("/contracten/").text
    with counted_queries() as statements:
        client.get("/signalering/")
        client.get("/contracten/")
    assert len(statements) == 2  # per page one: the user with the data version

    configure(cache_pages=False)  # REGIE_CACHE_PAGES=0
    with counted_queries() as statements:
        client.get("/contracten/")
    assert len(statements) > 2  # read afresh
    configure(cache_pages=True)

    first = pasmatch.steering_moments[0]
    url = f"/contracten/{pasmatch.id}/bijsturing/{first.id}"
    post_form(client, url, form_data(first, {"started": "50"}))
    assert red.format(1) in client.get("/signalering/").text

    # A change made elsewhere (another worker, the API, the command line) shows as well.
    terminate_pasmatch(make_user(Role.ADMIN))
    db.session.commit()
    assert "<td>Beëindigd</td>" in client.get("/contracten/").text


def test_pages_rendered_once_for_everyone_show_nothing_personal():
    """The signals and the contract list are cached for all users: their templates must not
    read the user, a permission or a CSRF token (those belong in the page around them)."""
    for name in ("_signals.html", "_list.html", "_table.html"):
        source = (TEMPLATES / "contracts" / name).read_text()
        assert not re.search(r"current_user|\bcan\(|csrf_token|get_flashed", source), name


def test_the_menu_shows_a_new_name_or_role_on_the_next_page(client, login_as, haarlem):
    manager = login_as(Role.CONTRACT_MANAGER)
    menu = client.get("/contracten/").text
    assert "Test Contractmanager · Contractmanager" in menu
    update_user(
        make_user(Role.ADMIN),
        db.session.get(User, manager.id),
        expected_version=manager.version,
        email=manager.email,
        name="Mr. De Vries",
        role=Role.ALDERMAN,
        active=True,
        now=utcnow(),
    )
    db.session.commit()
    menu = client.get("/contracten/").text
    assert "Mr. De Vries · Wethouder" in menu


def test_logins_sessions_and_token_use_leave_the_caches_alone(app, client, haarlem):
    """Bookkeeping is no change a page shows: logging in, failing to, logging out and using
    an API token keep the version, so nobody can keep the caches cold by logging in."""
    from app.auth.sessions import issue_api_token

    karim = make_user(Role.CONTRACT_MANAGER, "karim@regie.example")
    bearer = issue_api_token(
        None, karim, name="BI", now=utcnow(), lifetime=current_settings().token_lifetime
    )
    db.session.commit()
    before = version()
    post_form(client, "/login", {"email": "karim@regie.example", "password": "fout-fout-fout"})
    post_form(client, "/login", {"email": "karim@regie.example", "password": PASSWORD})
    assert client.get("/contracten/").status_code == 200
    post_form(client, "/logout", {}, form_page="/contracten/")
    api = app.test_client().get("/api/v1/tenders", headers={"Authorization": f"Bearer {bearer}"})
    assert api.status_code == 200
    assert version() == before
    terminate_pasmatch(karim)  # a real change still moves it on
    db.session.commit()
    assert version() != before

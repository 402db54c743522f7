"""Sessions that end on the server, API tokens that expire and can be revoked, a login that
tells nothing and cannot be used to lock someone else out, users changing their own
password."""

import time
from datetime import timedelta

import pytest
from flask import current_app

from app.auth.models import ApiToken, LoginFailure, Role, User, UserSession
from app.auth.services import _dummy_hash
from app.auth.sessions import issue_api_token
from app.core.dates import utcnow
from app.core.settings import current_settings
from app.extensions import db
from tests.conftest import (
    ON_POSTGRESQL,
    PASSWORD,
    csrf_token_from,
    make_user,
    post_at_once,
    post_form,
)

NEW_PASSWORD = "drie kopjes thee op het bordes"


def logged_in(app, email: str):
    """A browser of its own, logged in through the form."""
    browser = app.test_client()
    response = post_form(browser, "/login", {"email": email, "password": PASSWORD})
    assert response.status_code == 302
    return browser


def copy_of(app, browser):
    """Another browser holding a copy of `browser`'s session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", browser.get_cookie("session").value)
    return thief


def works(browser) -> bool:
    return browser.get("/api/v1/tenders").status_code == 200


def bearer_for(user: User) -> dict:
    token = issue_api_token(
        None, user, name="Koppeling", now=utcnow(), lifetime=current_settings().token_lifetime
    )
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def test_a_copied_cookie_stops_working_at_logout(app):
    make_user(Role.CONTRACT_MANAGER, "karim@regie.example")
    browser = logged_in(app, "karim@regie.example")
    thief = copy_of(app, browser)
    assert works(thief)
    post_form(browser, "/logout", {}, form_page="/contracten/")
    assert not works(thief) and not works(browser)
    assert thief.get("/contracten/").status_code == 302  # to the login page


def test_a_new_password_from_the_admin_ends_sessions_but_not_tokens(app, login_as, client):
    karim = make_user(Role.CONTRACT_MANAGER, "karim@regie.example")
    headers = bearer_for(karim)
    thief = copy_of(app, logged_in(app, "karim@regie.example"))
    login_as(Role.ADMIN)
    response = post_form(
        client,
        f"/beheer/gebruikers/{karim.id}",
        {"name": karim.name, "email": karim.email, "role": "contract_manager", "active": "y",
         "password": NEW_PASSWORD, "version": karim.version},
    )  # fmt: skip
    assert response.status_code == 302
    assert not works(thief)
    assert app.test_client().get("/api/v1/tenders", headers=headers).status_code == 200


def test_deactivation_and_log_out_everywhere_end_every_session(app, login_as, client):
    karim = make_user(Role.CONTRACT_MANAGER, "karim@regie.example")
    browsers = [logged_in(app, "karim@regie.example") for _ in range(2)]
    login_as(Role.ADMIN)
    response = post_form(
        client,
        f"/beheer/gebruikers/{karim.id}/uitloggen",
        {},
        form_page=f"/beheer/gebruikers/{karim.id}",
        follow_redirects=True,
    )
    assert "is overal uitgelogd" in response.text
    assert not any(works(browser) for browser in browsers)
    again = logged_in(app, "karim@regie.example")
    db.session.refresh(karim)
    post_form(
        client,
        f"/beheer/gebruikers/{karim.id}",
        {"name": karim.name, "email": karim.email, "role": "contract_manager", "active": "",
         "version": karim.version},
    )  # fmt: skip
    assert not works(again)


@pytest.mark.parametrize("changes", [{}, {"idle_minutes": 5, "session_hours": 2}])
def test_sessions_end_when_idle_and_after_their_lifetime(app, configure, changes):
    """REGIE_IDLE_MINUTES and REGIE_SESSION_HOURS, at their defaults and changed."""
    configure(**changes)
    make_user(Role.CONTRACT_MANAGER, "karim@regie.example")
    browser = logged_in(app, "karim@regie.example")
    idle = current_settings().idle_minutes
    with browser.session_transaction() as session:
        session["seen"] = time.time() - (idle - 1) * 60
    assert works(browser)  # a minute short of the limit: still in, and the clock restarts
    with browser.session_transaction() as session:
        session["seen"] = time.time() - (idle + 1) * 60
    assert not works(browser)

    browser = logged_in(app, "karim@regie.example")
    hours = current_settings().session_hours
    db.session.execute(
        db.update(UserSession).values(created_at=utcnow() - timedelta(hours=hours, minutes=1))
    )
    db.session.commit()
    assert not works(browser)  # however active, a session lasts SESSION_HOURS at most


def test_logging_in_gives_a_new_session_id(app):
    make_user(Role.CONTRACT_MANAGER, "karim@regie.example")
    browser = app.test_client()
    with browser.session_transaction() as session:
        session["sid"], session["planted"] = "gekozen-door-een-aanvaller", True
    post_form(browser, "/login", {"email": "karim@regie.example", "password": PASSWORD})
    with browser.session_transaction() as session:
        assert session["sid"] != "gekozen-door-een-aanvaller" and "planted" not in session
    assert works(browser)


def test_users_change_their_own_password(app, client, login_as):
    karim = login_as(Role.CONTRACT_MANAGER)
    headers = bearer_for(karim)
    elsewhere = logged_in(app, karim.email)
    page = client.get("/account").text
    assert "Wachtwoord wijzigen" in page and "Koppeling" in page
    form = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    wrong = post_form(client, "/account", form | {"current_password": "niet-mijn-wachtwoord"})
    assert "Dit is niet uw huidige wachtwoord." in wrong.text
    for common in ("Password123!", "Welkom2026!!", "qwertyuiop12"):
        weak = post_form(client, "/account", form | {"new_password": common})
        assert "Dit wachtwoord is te makkelijk te raden" in weak.text, common
    db.session.refresh(karim)
    unchanged = karim.password_hash
    done = post_form(client, "/account", form, follow_redirects=True)
    assert "Uw wachtwoord is gewijzigd" in done.text
    db.session.refresh(karim)
    assert karim.password_hash != unchanged
    assert works(client) and not works(elsewhere)  # this session stays, the others end
    assert app.test_client().get("/api/v1/tenders", headers=headers).status_code == 200
    post_form(
        client,
        "/account",
        {"current_password": NEW_PASSWORD, "new_password": PASSWORD + " en meer",
         "revoke_tokens": "y"},
    )  # fmt: skip
    assert app.test_client().get("/api/v1/tenders", headers=headers).status_code == 401


@pytest.mark.parametrize("changes", [{}, {"token_days": 7}])
def test_tokens_have_a_name_expire_and_are_revoked_by_their_owner(
    app, client, login_as, configure, changes
):
    configure(**changes)  # REGIE_TOKEN_DAYS, at its default and changed
    karim = login_as(Role.CONTRACT_MANAGER)
    made = post_form(client, "/account/tokens", {"name": "Rapportage & BI"}, form_page="/account")
    token = made.text.split('id="new-token" class="user-select-all">')[1].split("<")[0]
    assert "Rapportage &amp; BI" in made.text
    api_token = db.session.scalar(db.select(ApiToken).filter_by(user_id=karim.id))
    lifetime = api_token.expires_at - api_token.created_at
    assert lifetime == timedelta(days=current_settings().token_days)
    headers = {"Authorization": f"Bearer {token}"}
    assert app.test_client().get("/api/v1/tenders", headers=headers).status_code == 200
    assert client.get("/account").text.count(token) == 0  # shown once only
    db.session.refresh(api_token)
    assert api_token.last_used_at is not None

    other = make_user(Role.PROCUREMENT_ADVISER, "ilse@regie.example")
    foreign = bearer_for(other)
    theirs = db.session.scalar(db.select(ApiToken).filter_by(user_id=other.id))
    refused = post_form(client, f"/tokens/{theirs.id}/intrekken", {}, form_page="/account")
    assert refused.status_code == 404
    assert app.test_client().get("/api/v1/tenders", headers=foreign).status_code == 200

    post_form(client, f"/tokens/{api_token.id}/intrekken", {}, form_page="/account")
    assert app.test_client().get("/api/v1/tenders", headers=headers).status_code == 401

    db.session.execute(db.update(ApiToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert app.test_client().get("/api/v1/tenders", headers=foreign).status_code == 401


def test_unknown_accounts_are_checked_against_a_hash_made_like_real_ones(app):
    karim = make_user(Role.CONTRACT_MANAGER, "karim@regie.example")
    method = current_app.config["PASSWORD_HASH_METHOD"]
    assert _dummy_hash().split("$")[0] == karim.password_hash.split("$")[0] == method


@pytest.mark.skipif(not ON_POSTGRESQL, reason="real concurrent transactions: PostgreSQL only")
def test_parallel_guesses_are_counted_one_by_one(app):
    """Eight wrong passwords at the same moment: five are counted as failures, the other
    three are refused as too many, never a sixth failure past the limit."""
    make_user(Role.ALDERMAN, "wendy@regie.example")
    browsers = [app.test_client() for _ in range(8)]
    forms = [
        {
            "csrf_token": csrf_token_from(browser, "/login"),
            "email": "wendy@regie.example",
            "password": "fout-123456",
        }
        for browser in browsers
    ]
    responses = post_at_once(app, browsers, "/login", forms)
    assert sorted(r.status_code for r in responses) == [200] * 5 + [429] * 3
    failures = db.session.scalar(db.select(db.func.count(LoginFailure.id)))
    assert failures == 5

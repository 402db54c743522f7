from datetime import timedelta

import pytest

from app import create_app
from app.auth.models import LoginFailure, Role, User
from app.core.audit import AuditEvent
from app.core.dates import utcnow
from app.extensions import db
from config import ProductionConfig
from tests.conftest import PASSWORD, make_user, post_form

WRONG = "Deze combinatie van e-mailadres en wachtwoord is onbekend."


def test_login_and_logout(client):
    make_user(Role.ALDERMAN, "wendy@regie.example")
    response = post_form(client, "/login", {"email": "Wendy@Regie.example ", "password": PASSWORD})
    assert response.status_code == 302 and response.location == "/"
    home = client.get("/", follow_redirects=True)
    assert "Goedendag, Test Wethouder" in home.text
    assert "Uitloggen" in home.text
    response = post_form(client, "/logout", {}, form_page="/goedkeuringen/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302  # back to the login page


@pytest.mark.parametrize(
    ("email", "password"),
    [("wendy@regie.example", "verkeerd-wachtwoord"), ("niemand@regie.example", PASSWORD)],
)
def test_wrong_credentials_give_one_dutch_message_without_a_hint(client, email, password):
    make_user(Role.ALDERMAN, "wendy@regie.example")
    response = post_form(client, "/login", {"email": email, "password": password})
    assert response.status_code == 200
    assert WRONG in response.text
    assert client.get("/").status_code == 302  # still not logged in


def test_blocked_user_cannot_log_in(client):
    user = make_user(Role.ALDERMAN)
    user.active = False
    db.session.commit()
    response = post_form(client, "/login", {"email": user.email, "password": PASSWORD})
    assert WRONG in response.text


def test_login_never_redirects_to_another_site(client):
    make_user(Role.ALDERMAN, "wendy@regie.example")
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example/"):
        response = post_form(
            client,
            f"/login?next={target}",
            {"email": "wendy@regie.example", "password": PASSWORD},
            form_page="/login",
        )
        assert response.location == "/"
        post_form(client, "/logout", {}, form_page="/goedkeuringen/")


def test_anonymous_is_sent_to_login_and_back(client):
    response = client.get("/contracten/")
    assert response.status_code == 302
    assert response.location.startswith("/login?next=/contracten/")


def test_form_without_csrf_token_is_refused(client):
    make_user(Role.ALDERMAN, "wendy@regie.example")
    response = client.post("/login", data={"email": "wendy@regie.example", "password": PASSWORD})
    assert response.status_code == 400
    assert "Het formulier is verlopen of ongeldig." in response.text
    assert client.get("/").status_code == 302


def test_session_cookie_is_httponly_and_samesite_lax(client, login_as):
    login_as(Role.ALDERMAN)
    cookies = [c for c in client._cookies.values() if c.key == "session"]
    assert cookies and cookies[0].http_only and cookies[0].same_site == "Lax"


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProductionConfig)


def test_production_cookies_are_secure(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "production-secret")
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    app = create_app(ProductionConfig)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SECRET_KEY"] == "production-secret"


def test_admin_creates_a_user_with_a_hashed_password(client, login_as):
    admin = login_as(Role.ADMIN)
    response = post_form(
        client,
        "/beheer/gebruikers",
        {
            "name": "Karim",
            "email": "karim@regie.example",
            "role": "contract_manager",
            "password": "nog-een-lang-wachtwoord",
            "active": "y",
        },
    )
    assert response.status_code == 302
    karim = db.session.scalar(db.select(User).filter_by(email="karim@regie.example"))
    assert karim.role == Role.CONTRACT_MANAGER
    assert "nog-een-lang-wachtwoord" not in karim.password_hash
    event = db.session.scalar(
        db.select(AuditEvent).filter_by(object_type="User", object_id=karim.id)
    )
    assert event.actor_id == admin.id and event.changes["role"] == [None, "contract_manager"]
    assert "Karim" in client.get("/beheer/gebruikers").text


def test_admin_changes_a_role_and_it_is_audited(client, login_as):
    login_as(Role.ADMIN)
    user = make_user(Role.ALDERMAN, "wendy@regie.example")
    url = f"/beheer/gebruikers/{user.id}"
    response = post_form(
        client,
        url,
        {
            "name": user.name,
            "email": user.email,
            "role": "procurement_adviser",
            "active": "y",
            "version": user.version,
        },
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.role == Role.PROCUREMENT_ADVISER
    event = db.session.scalars(
        db.select(AuditEvent).filter_by(object_type="User", object_id=user.id, action="update")
    ).one()
    assert event.changes == {"role": ["alderman", "procurement_adviser"]}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "geen-adres"}, "Dit is geen geldig e-mailadres."),
        ({"password": "kort"}, "Een wachtwoord heeft 12 tot 200 tekens."),
        (
            {"email": "karim@regie.example", "password": "Karim-is-de-beste"},
            "Een wachtwoord bevat het e-mailadres niet.",
        ),
        ({"password": "aaaaaaaaaaaaaaaa"}, "Dit wachtwoord is te makkelijk te raden"),
        ({"password": "Wachtwoord1234"}, "Dit wachtwoord is te makkelijk te raden"),
        ({"email": "beheer@regie.example"}, "Er bestaat al een gebruiker met dit e-mailadres."),
        ({"password": ""}, "Kies een wachtwoord."),
    ],
)
def test_bad_user_input_shows_dutch_field_errors_and_saves_nothing(client, login_as, data, message):
    make_user(Role.ALDERMAN, "beheer@regie.example")
    login_as(Role.ADMIN)
    form = {
        "name": "X",
        "email": "x@regie.example",
        "role": "alderman",
        "password": "een-lang-wachtwoord",
        **data,
    }
    before = db.session.scalar(db.select(db.func.count()).select_from(User))
    response = post_form(client, "/beheer/gebruikers", form)
    assert response.status_code == 200
    assert message in response.text
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == before


def test_admin_cannot_take_away_own_admin_role(client, login_as):
    admin = login_as(Role.ADMIN)
    response = post_form(
        client,
        f"/beheer/gebruikers/{admin.id}",
        {
            "name": admin.name,
            "email": admin.email,
            "role": "alderman",
            "active": "y",
            "version": admin.version,
        },
    )
    assert "U kunt uw eigen beheerrechten niet intrekken." in response.text
    db.session.refresh(admin)
    assert admin.role == Role.ADMIN


def test_stale_user_form_is_refused(client, login_as):
    login_as(Role.ADMIN)
    user = make_user(Role.ALDERMAN, "wendy@regie.example")
    stale_version = user.version
    user.name = "Intussen gewijzigd"
    db.session.commit()
    response = post_form(
        client,
        f"/beheer/gebruikers/{user.id}",
        {
            "name": "Mijn wijziging",
            "email": user.email,
            "role": "alderman",
            "active": "y",
            "version": stale_version,
        },
    )
    assert "Iemand anders heeft dit intussen gewijzigd" in response.text
    db.session.refresh(user)
    assert user.name == "Intussen gewijzigd"


def test_logging_in_records_the_time_without_counting_as_an_edit(client):
    user = make_user(Role.ALDERMAN, "wendy@regie.example")
    version = user.version
    post_form(client, "/login", {"email": user.email, "password": PASSWORD})
    db.session.refresh(user)
    assert user.last_login_at is not None
    assert user.version == version


LOCKED = "Te veel mislukte pogingen. Probeer het over 15 minuten opnieuw."


def attempt(client, email: str, password: str, address: str = "127.0.0.1"):
    return post_form(
        client,
        "/login",
        {"email": email, "password": password},
        form_page="/login",
        environ_base={"REMOTE_ADDR": address},
    )


@pytest.mark.parametrize("email", ["wendy@regie.example", "niemand@regie.example"])
def test_five_failures_lock_the_account_for_a_while_known_or_not(client, email):
    make_user(Role.ALDERMAN, "wendy@regie.example")
    make_user(Role.CONTRACT_MANAGER, "karim@regie.example")
    for _ in range(5):
        assert WRONG in attempt(client, email, "verkeerd-wachtwoord").text
    locked = attempt(client, email, PASSWORD)
    assert locked.status_code == 429 and LOCKED in locked.text
    assert client.get("/").status_code == 302  # not logged in, even with the right password
    other = attempt(client, "karim@regie.example", PASSWORD)
    assert other.status_code == 302  # another account from the same place still works

    db.session.execute(db.update(LoginFailure).values(occurred_at=utcnow() - timedelta(minutes=16)))
    db.session.commit()
    client.delete_cookie("session")
    if email == "wendy@regie.example":
        assert attempt(client, email, PASSWORD).status_code == 302  # the lockout has passed
        assert db.session.scalar(db.select(db.func.count(LoginFailure.id))) == 0


def test_failures_elsewhere_never_lock_the_alderman_out(client):
    """Five wrong passwords for her account from another address stop that address only."""
    make_user(Role.ALDERMAN, "wendy@regie.example")
    for _ in range(6):
        attempt(client, "wendy@regie.example", "verkeerd-wachtwoord", address="203.0.113.66")
    assert attempt(client, "wendy@regie.example", PASSWORD, "203.0.113.66").status_code == 429
    assert attempt(client, "wendy@regie.example", PASSWORD, "10.0.0.7").status_code == 302


def test_many_failures_from_one_address_slow_that_address_down(client):
    make_user(Role.ALDERMAN, "wendy@regie.example")
    for number in range(20):
        attempt(client, f"gok{number}@regie.example", "verkeerd-wachtwoord", "203.0.113.9")
    slowed = attempt(client, "wendy@regie.example", PASSWORD, "203.0.113.9")
    assert slowed.status_code == 429
    assert "Te veel mislukte pogingen vanaf dit netwerkadres. Probeer het over" in slowed.text
    assert attempt(client, "wendy@regie.example", PASSWORD, "10.0.0.7").status_code == 302
    client.delete_cookie("session")
    db.session.execute(db.update(LoginFailure).values(occurred_at=utcnow() - timedelta(seconds=3)))
    db.session.commit()  # the two seconds that address has to wait have passed
    assert attempt(client, "wendy@regie.example", PASSWORD, "203.0.113.9").status_code == 302


def test_the_cli_holds_new_users_to_the_password_policy(runner):
    result = runner.invoke(
        args=["users", "create", "x@regie.example", "--name", "X", "--role", "admin",
              "--password", "kort"]
    )  # fmt: skip
    assert "Een wachtwoord heeft 12 tot 200 tekens." in result.output
    assert db.session.scalar(db.select(User).filter_by(email="x@regie.example")) is None


def test_an_overlong_email_is_a_field_error_not_a_stored_failure(client):
    response = attempt(client, "a" * 300 + "@regie.example", "verkeerd-wachtwoord")
    assert response.status_code == 200
    assert "Veld mag niet langer zijn dan 254 karakters." in response.text
    assert db.session.scalar(db.select(db.func.count(LoginFailure.id))) == 0

"""E-mail about approval requests, through a real SMTP server on 127.0.0.1 (aiosmtpd)."""

import email
import logging
import socket
import ssl
import subprocess

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from app.auth.models import Role
from tests.conftest import make_user
from tests.factories import decide_request, latest_request, propose


class Inbox:
    def __init__(self):
        self.messages: list[email.message.Message] = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls it by this name
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(configure):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    configure(smtp_host="127.0.0.1", smtp_port=controller.port)
    yield inbox
    controller.stop()


def put_forward(client, login_as, current):
    login_as(Role.CONTRACT_MANAGER)
    return propose(client, "extension", current.options[0].id, rationale="Uitstroom op norm")


def test_the_alderman_hears_of_a_request_and_the_requester_of_the_decision(
    client, login_as, current, smtp
):
    make_user(Role.ALDERMAN, "wethouder@regie.example")
    put_forward(client, login_as, current)
    request = latest_request()
    (asked,) = smtp.messages
    assert asked["To"] == "wethouder@regie.example"
    assert asked["Subject"] == f"Ter goedkeuring: {request.title}"
    assert f"http://localhost/goedkeuringen/{request.id}" in asked.get_payload()

    login_as(Role.ALDERMAN)
    decide_request(client, request, decision="afwijzen", remark="Eerst de instroom op orde")
    told = smtp.messages[1]
    assert told["To"] == "contract_manager@regie.example"
    assert told["Subject"] == f"Afgewezen: {request.title}"
    assert "Opmerking: Eerst de instroom op orde" in told.get_payload()


def test_a_refused_request_sends_nothing(client, login_as, current, smtp):
    make_user(Role.ALDERMAN)
    login_as(Role.CONTRACT_MANAGER)
    option = current.options[0]
    refused = propose(client, "extension", option.id, rationale="Goed", registration_number="x")
    assert "Gebruik het registratienummer als JJJJ/NNNNNN" in refused.text
    assert latest_request() is None
    assert smtp.messages == []


def test_an_unreachable_mail_server_loses_no_request(client, login_as, current, configure, caplog):
    configure(smtp_host="127.0.0.1", smtp_port=free_port())  # nobody listens there
    make_user(Role.ALDERMAN)
    with caplog.at_level(logging.WARNING):
        response = put_forward(client, login_as, current)
    assert "Het verzoek ligt ter goedkeuring bij de wethouder." in response.text
    assert latest_request() is not None
    assert "niet verstuurd" in caplog.text


@pytest.fixture
def tls_smtp(configure, tmp_path):
    """A mail server that only accepts mail after STARTTLS and a login (self-signed cert)."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox, logins = Inbox(), []

    def authenticate(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login.decode(), auth_data.password.decode()))
        return AuthResult(success=auth_data.password == b"geheim")

    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=free_port(),
        tls_context=context,
        require_starttls=True,
        auth_required=True,
        authenticator=authenticate,
    )
    controller.start()
    yield controller.port, inbox, logins
    controller.stop()


def test_starttls_login_and_sender_are_those_configured(
    client, login_as, current, configure, tls_smtp
):
    """REGIE_SMTP_STARTTLS, REGIE_SMTP_USER, REGIE_SMTP_PASSWORD and REGIE_MAIL_SENDER."""
    port, inbox, logins = tls_smtp
    make_user(Role.ALDERMAN, "wethouder@regie.example")
    configure(smtp_host="127.0.0.1", smtp_port=port)
    put_forward(client, login_as, current)
    assert inbox.messages == [] and logins == []  # no STARTTLS, no login: refused
    configure(
        smtp_starttls=True,
        smtp_user="regie",
        smtp_password="geheim",
        mail_sender="inkoop@haarlem.example",
    )
    login_as(Role.ALDERMAN)
    decide_request(client, latest_request(), decision="afwijzen", remark="Nog niet")
    (told,) = inbox.messages
    assert logins == [("regie", "geheim")]
    assert told["From"] == "inkoop@haarlem.example"
    assert told["To"] == "contract_manager@regie.example"

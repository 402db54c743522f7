"""E-mail about approval requests, through a real SMTP server on 127.0.0.1 (aiosmtpd)."""

import email
import logging
import socket

import pytest
from aiosmtpd.controller import Controller

from app.auth.models import Role
from tests.approvals.conftest import decide_request, latest_request, propose
from tests.conftest import make_user


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

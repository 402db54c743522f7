"""E-mail notifications through the configured SMTP server; off while REGIE_SMTP_HOST is empty.

Services queue a message in the session's outbox; it leaves only after the commit, so a
rolled-back change sends nothing, and an unreachable server never undoes a saved change.
"""

import smtplib
from email.message import EmailMessage

from flask import current_app, has_request_context, url_for
from sqlalchemy.orm import Session

from app.core.settings import current_settings
from app.extensions import db


def link(endpoint: str, **values) -> str:
    """A full link for in a message; outside a request (the CLI), the path only."""
    return url_for(endpoint, _external=has_request_context(), **values)


def queue_mail(recipients: list[str], subject: str, body: str) -> None:
    if not current_settings().smtp_host or not recipients:
        return
    message = EmailMessage()
    message["From"] = current_settings().mail_sender
    message["To"] = ", ".join(recipients)
    message["Subject"] = subject
    message.set_content(body)
    db.session.info.setdefault("outbox", []).append(message)


def _deliver(message: EmailMessage) -> None:
    mail = current_settings()
    try:
        with smtplib.SMTP(mail.smtp_host, mail.smtp_port, timeout=10) as smtp:
            if mail.smtp_starttls:
                smtp.starttls()
            if mail.smtp_user:
                smtp.login(mail.smtp_user, mail.smtp_password)
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        current_app.logger.warning("E-mail %r niet verstuurd: %s", message["Subject"], error)


def send_outbox(session: Session) -> None:
    for message in session.info.pop("outbox", []):
        _deliver(message)


def empty_outbox(session: Session) -> None:
    session.info.pop("outbox", None)

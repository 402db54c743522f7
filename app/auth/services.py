"""Use cases for users: create, update, authenticate; sessions and tokens in sessions.py."""

import re
import secrets
from datetime import datetime, timedelta
from functools import cache

import sqlalchemy as sa
from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from app.auth.models import LoginFailure, Role, User
from app.auth.sessions import digest, end_sessions, revoke_api_tokens
from app.core.audit import apply_changes, record_create, record_event
from app.core.dates import as_utc
from app.core.errors import DomainError, ValidationFailed
from app.core.models import check_version
from app.extensions import db


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _check_email_free(email: str, user: User | None = None) -> None:
    existing = db.session.scalar(db.select(User).filter_by(email=email))
    if existing is not None and existing is not user:
        raise ValidationFailed(
            "Er bestaat al een gebruiker met dit e-mailadres.",
            {"email": ["Er bestaat al een gebruiker met dit e-mailadres."]},
        )


MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 200
# Digits and punctuation around a word do not make it harder to guess: "Welkom2026!!".
PADDING = re.compile(r"^[\d\W_]+|[\d\W_]+$")


@cache
def common_passwords() -> frozenset[str]:
    """The 30,000 most common passwords from public breach lists (zxcvbn's list), and the
    Dutch words a municipality's users reach for first."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    dutch = {"wachtwoord", "welkom", "haarlem", "gemeente", "regie", "zomer", "winter"}
    return frozenset(FREQUENCY_LISTS["passwords"]) | dutch


def is_common(password: str) -> bool:
    lower = password.lower()
    core = PADDING.sub("", lower)
    return lower in common_passwords() or core in common_passwords() or len(set(core)) < 3


def check_password(password: str, email: str) -> None:
    """The password policy (NCSC: length over complexity): at least 12 characters, not the
    e-mail address, not a well-known password, not one character repeated."""
    local_part = normalise_email(email).split("@")[0]
    problem = None
    if not password:
        problem = "Kies een wachtwoord."
    elif not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        problem = f"Een wachtwoord heeft {MIN_PASSWORD_LENGTH} tot {MAX_PASSWORD_LENGTH} tekens."
    elif len(local_part) >= 4 and local_part in password.lower():
        problem = "Een wachtwoord bevat het e-mailadres niet."
    elif is_common(password) or len(set(password)) < 4:
        problem = "Dit wachtwoord is te makkelijk te raden; kies een langere zin."
    if problem:
        raise ValidationFailed(problem, {"password": [problem]})


def create_user(actor: User | None, *, email: str, name: str, role: Role, password: str) -> User:
    check_password(password, email)
    email = normalise_email(email)
    _check_email_free(email)
    user = User(
        email=email, name=name.strip(), role=Role(role), password_hash=hash_password(password)
    )
    db.session.add(user)
    record_create(actor, user)
    return user


def update_user(
    actor: User,
    user: User,
    *,
    expected_version: int | None,
    email: str,
    name: str,
    role: Role,
    active: bool,
    password: str = "",
    now: datetime,
) -> User:
    """An admin's edit. A new password or deactivation ends the user's sessions at once."""
    check_version(user, expected_version)
    email = normalise_email(email)
    _check_email_free(email, user)
    if user.id == actor.id and (Role(role) != Role.ADMIN or not active):
        raise ValidationFailed(
            "U kunt uw eigen beheerrechten niet intrekken.",
            {"role": ["U kunt uw eigen beheerrechten niet intrekken."]},
        )
    apply_changes(
        actor, user, {"email": email, "name": name.strip(), "role": Role(role), "active": active}
    )
    if password:
        _set_password(actor, user, password)
    if password or not active:
        end_sessions(actor, user, now=now)
    return user


def _set_password(actor: User, user: User, password: str) -> None:
    check_password(password, user.email)
    user.password_hash = hash_password(password)
    record_event(actor, user, "password_change", {})


def change_own_password(
    user: User,
    *,
    current: str,
    new: str,
    revoke_tokens: bool,
    keep_session: str,
    now: datetime,
) -> None:
    """The user's own change: the current password first; every other session ends, the
    one in use (`keep_session`) stays; API tokens only when asked."""
    if not check_password_hash(user.password_hash, current):
        message = "Dit is niet uw huidige wachtwoord."
        raise ValidationFailed(message, {"current_password": [message]})
    if current == new:
        message = "Kies een ander wachtwoord dan het huidige."
        raise ValidationFailed(message, {"new_password": [message]})
    try:
        _set_password(user, user, new)
    except ValidationFailed as problem:
        raise ValidationFailed(problem.message, {"new_password": [problem.message]}) from None
    end_sessions(user, user, now=now, keep=keep_session)
    if revoke_tokens:
        revoke_api_tokens(user, user)


FAILURES_PER_ACCOUNT = 5  # from one network address
FAILURES_BEFORE_SLOWING = 20  # from one network address, whatever the accounts
LOCKOUT = timedelta(minutes=15)
LONGEST_WAIT = timedelta(minutes=5)


class TooManyAttempts(DomainError):
    status_code = 429
    code = "too_many_attempts"


def _dummy_hash() -> str:
    """A hash made like real ones (same method and parameters), checked when the e-mail is
    unknown, so a wrong password takes as long for an unknown address as for a known one."""
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in _DUMMY_HASHES:
        _DUMMY_HASHES[method] = generate_password_hash(secrets.token_hex(16), method=method)
    return _DUMMY_HASHES[method]


_DUMMY_HASHES: dict[str, str] = {}


def _serialise(key: str) -> None:
    """Attempts on one account from one address wait for each other until commit, so
    parallel guesses are counted one by one (PostgreSQL; SQLite writes one at a time)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": key})


def _check_throttle(email: str, address: str, now: datetime) -> None:
    """Five failures on an account from an address stop that pair for LOCKOUT, not the
    account from elsewhere, so nobody can lock the alderman out. Past twenty failures from
    one address, that address waits ever longer between tries (2, 4, 8 … seconds, at most
    LONGEST_WAIT): it is slowed, not shut out."""
    since = now - LOCKOUT
    recent = db.select(db.func.count(LoginFailure.id), db.func.max(LoginFailure.occurred_at))
    recent = recent.where(LoginFailure.occurred_at >= since, LoginFailure.address == address)
    pair, _ = db.session.execute(recent.where(LoginFailure.email == email)).one()
    if pair >= FAILURES_PER_ACCOUNT:
        minutes = int(LOCKOUT.total_seconds() // 60)
        raise TooManyAttempts(
            f"Te veel mislukte pogingen. Probeer het over {minutes} minuten opnieuw."
        )
    from_address, last = db.session.execute(recent).one()
    if from_address >= FAILURES_BEFORE_SLOWING:
        wait = min(
            timedelta(seconds=2 ** (from_address - FAILURES_BEFORE_SLOWING + 1)), LONGEST_WAIT
        )
        waited = now - as_utc(last)
        if waited < wait:
            seconds = int((wait - waited).total_seconds()) + 1
            raise TooManyAttempts(
                f"Te veel mislukte pogingen vanaf dit netwerkadres. Probeer het over {seconds} "
                "seconden opnieuw."
            )


def authenticate(email: str, password: str, *, address: str, now: datetime) -> User | None:
    """The user with these credentials, or None; never tells which part was wrong, and takes
    as long either way."""
    email = normalise_email(email)
    _serialise(f"login:{email}:{address}")
    _check_throttle(email, address, now)
    user = db.session.scalar(db.select(User).filter_by(email=email))
    known = check_password_hash(user.password_hash if user else _dummy_hash(), password)
    if user is None or not known or not user.active:
        db.session.add(LoginFailure(email=email, address=address, occurred_at=now))
        return None
    db.session.execute(
        db.delete(LoginFailure).where(LoginFailure.email == email, LoginFailure.address == address)
    )
    # A plain UPDATE: logging in is not an edit of the user, so it must not move the version
    # (an admin editing this user at the same time would otherwise get a conflict).
    db.session.execute(db.update(User).where(User.id == user.id).values(last_login_at=now))
    return user


def issue_calendar_token(actor: User, user: User) -> str:
    """A new secret for the user's calendar URL; an earlier URL stops working."""
    token = secrets.token_urlsafe(24)
    db.session.execute(
        db.update(User).where(User.id == user.id).values(calendar_token_hash=digest(token))
    )  # like a login: not an edit of the user, so the version stays
    record_event(actor, user, "calendar_token", {})
    return token


def user_for_calendar_token(token: str) -> User | None:
    user = db.session.scalar(db.select(User).filter_by(calendar_token_hash=digest(token)))
    return user if user is not None and user.active else None

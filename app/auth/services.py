"""Use cases for users: create, update, authenticate, issue API tokens."""

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from app.auth.models import ApiToken, LoginFailure, Role, User
from app.core.audit import apply_changes, record_create, record_event
from app.core.errors import DomainError, ValidationFailed
from app.core.models import check_version
from app.extensions import db

# Compared against when the e-mail is unknown, so both failures take equally long.
_DUMMY_HASH = generate_password_hash("dummy-password-for-timing", method="pbkdf2:sha256:1000")


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
COMMON_PASSWORDS = {"wachtwoord1234", "welkom123456", "haarlem12345", "password1234"}


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
    elif password.lower() in COMMON_PASSWORDS or len(set(password)) < 4:
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
) -> User:
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
        check_password(password, email)
        user.password_hash = hash_password(password)
        record_event(actor, user, "password_change", {})
    return user


FAILURES_PER_ACCOUNT = 5
FAILURES_PER_ADDRESS = 20
LOCKOUT = timedelta(minutes=15)


class TooManyAttempts(DomainError):
    status_code = 429
    code = "too_many_attempts"


def _recent_failures(since: datetime, **where) -> int:
    query = db.select(db.func.count(LoginFailure.id)).filter_by(**where)
    return db.session.scalar(query.where(LoginFailure.occurred_at >= since))


def authenticate(email: str, password: str, *, address: str, now: datetime) -> User | None:
    """The user with these credentials, or None; never tells which part was wrong. After
    FAILURES_PER_ACCOUNT failures on an address (known or not) or FAILURES_PER_ADDRESS from one
    network address, further tries are refused for LOCKOUT, however good the password."""
    email = normalise_email(email)
    since = now - LOCKOUT
    if (
        _recent_failures(since, email=email) >= FAILURES_PER_ACCOUNT
        or _recent_failures(since, address=address) >= FAILURES_PER_ADDRESS
    ):
        minutes = int(LOCKOUT.total_seconds() // 60)
        raise TooManyAttempts(
            f"Te veel mislukte pogingen. Probeer het over {minutes} minuten opnieuw."
        )
    user = db.session.scalar(db.select(User).filter_by(email=email))
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
    if user is None or not check_password_hash(user.password_hash, password) or not user.active:
        db.session.add(LoginFailure(email=email, address=address, occurred_at=now))
        return None
    db.session.execute(db.delete(LoginFailure).where(LoginFailure.email == email))
    # A plain UPDATE: logging in is not an edit of the user, so it must not move the version
    # (an admin editing this user at the same time would otherwise get a conflict).
    db.session.execute(db.update(User).where(User.id == user.id).values(last_login_at=now))
    return user


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_api_token(actor: User | None, user: User) -> str:
    """A new bearer token for `user`; the plain token is returned once and never stored."""
    token = secrets.token_urlsafe(32)
    api_token = ApiToken(user=user, token_hash=token_digest(token))
    db.session.add(api_token)
    record_create(actor, api_token)
    return token


def user_for_authorization(header: str) -> User | None:
    """The user of a valid `Bearer <token>` header, else None."""
    scheme, _, token = header.partition(" ")
    return user_for_token(token.strip()) if scheme.lower() == "bearer" else None


def user_for_token(token: str) -> User | None:
    api_token = db.session.scalar(
        db.select(ApiToken).filter_by(token_hash=token_digest(token), revoked=False)
    )
    if api_token is None or not api_token.user.active:
        return None
    return api_token.user


def issue_calendar_token(actor: User, user: User) -> str:
    """A new secret for the user's calendar URL; an earlier URL stops working."""
    token = secrets.token_urlsafe(24)
    db.session.execute(
        db.update(User).where(User.id == user.id).values(calendar_token_hash=token_digest(token))
    )  # like a login: not an edit of the user, so the version stays
    record_event(actor, user, "calendar_token", {})
    return token


def user_for_calendar_token(token: str) -> User | None:
    user = db.session.scalar(db.select(User).filter_by(calendar_token_hash=token_digest(token)))
    return user if user is not None and user.active else None

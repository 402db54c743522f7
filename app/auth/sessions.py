"""Browser sessions and API tokens: started, checked and ended on the server.

A session's cookie and a token carry a random secret; only its SHA-256 is stored. A session
lives at most SESSION_HOURS and ends after IDLE_MINUTES without a request (the time of the
last request is in the signed cookie, so checking it needs no write)."""

import hashlib
import secrets
from datetime import datetime, timedelta

from app.auth.models import ApiToken, User, UserSession
from app.core.audit import record_create, record_event
from app.core.dates import as_utc
from app.core.errors import DomainError, ValidationFailed
from app.extensions import db
from app.permissions import can


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def start_session(user: User, *, now: datetime) -> str:
    """A new session for `user`; the returned secret goes into the (rotated) cookie."""
    secret = secrets.token_urlsafe(32)
    db.session.add(UserSession(user_id=user.id, token_hash=digest(secret), created_at=now))
    return secret


def end_session(secret: str, *, now: datetime) -> None:
    db.session.execute(
        db.update(UserSession)
        .where(UserSession.token_hash == digest(secret), UserSession.ended_at.is_(None))
        .values(ended_at=now)
    )


def end_sessions(actor: User | None, user: User, *, now: datetime, keep: str | None = None) -> int:
    """End every session of `user` ("overal uitloggen") but the one whose secret is `keep`;
    how many were open."""
    query = db.update(UserSession).where(
        UserSession.user_id == user.id, UserSession.ended_at.is_(None)
    )
    if keep:
        query = query.where(UserSession.token_hash != digest(keep))
    ended = db.session.execute(query.values(ended_at=now)).rowcount
    if ended:
        record_event(actor, user, "sessions_ended", {"sessies": [ended, 0]})
    return ended


def issue_api_token(
    actor: User | None, user: User, *, name: str, now: datetime, lifetime: timedelta
) -> str:
    """A new bearer token for `user`, valid for `lifetime`; the plain token is returned once
    and never stored."""
    name = name.strip()
    if not name or len(name) > 100:
        message = "Geef het token een naam van 1 tot 100 tekens, bijv. 'Rapportagekoppeling'."
        raise ValidationFailed(message, {"name": [message]})
    token = secrets.token_urlsafe(32)
    api_token = ApiToken(
        user=user,
        name=name,
        token_hash=digest(token),
        created_at=now,
        expires_at=now + lifetime,
    )
    db.session.add(api_token)
    record_create(actor, api_token)
    return token


def _revoke(actor: User | None, api_token: ApiToken) -> None:
    api_token.revoked = True
    record_event(actor, api_token, "revoke", {"revoked": [False, True]})


def revoke_api_token(actor: User, api_token: ApiToken) -> None:
    """By its owner or an admin; a revoked token is refused from the next request on."""
    if not can(actor, "token.revoke", api_token):
        raise DomainError("Alleen de eigenaar of een beheerder kan dit token intrekken.")
    if not api_token.revoked:
        _revoke(actor, api_token)


def revoke_api_tokens(actor: User | None, user: User, *, name: str | None = None) -> int:
    """Revoke the user's tokens (only those called `name`, when given); how many."""
    tokens = [t for t in user.tokens if not t.revoked and (name is None or t.name == name)]
    for token in tokens:
        _revoke(actor, token)
    return len(tokens)


def token_for_authorization(header: str, *, now: datetime) -> ApiToken | None:
    """The valid token of a `Bearer <token>` header whose user is active, else None."""
    scheme, _, secret = header.partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret:
        return None
    api_token = db.session.scalar(db.select(ApiToken).filter_by(token_hash=digest(secret)))
    if api_token is None or not api_token.is_valid(now) or not api_token.user.active:
        return None
    return api_token


# The last-used time is written at most this often: a write per API request would be one
# per request for the database.
LAST_USED_PRECISION = timedelta(minutes=5)


def note_token_use(api_token: ApiToken, *, now: datetime) -> bool:
    """Record that the token was used, when the stored time is older than the precision;
    whether anything was written."""
    used = api_token.last_used_at
    if used is not None and now - as_utc(used) <= LAST_USED_PRECISION:
        return False
    db.session.execute(
        db.update(ApiToken).where(ApiToken.id == api_token.id).values(last_used_at=now)
    )
    return True

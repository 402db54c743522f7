"""Users, their role and their API tokens."""

from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.dates import as_utc, utcnow
from app.core.models import Timestamp, Timestamped, Versioned
from app.core.statuses import LabeledEnum, enum_column
from app.extensions import db


class Role(LabeledEnum):
    PROCUREMENT_ADVISER = "procurement_adviser", "Inkoopadviseur"
    CONTRACT_MANAGER = "contract_manager", "Contractmanager"
    ALDERMAN = "alderman", "Wethouder"
    ADMIN = "admin", "Functioneel beheerder"


class User(UserMixin, Timestamped, Versioned, db.Model):
    __tablename__ = "users"
    __label__ = "Gebruiker"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True, info={"label": "e-mailadres"})
    name: Mapped[str] = mapped_column(sa.String(200), info={"label": "naam"})
    role: Mapped[Role] = enum_column(Role, "user_role", info={"label": "rol"})
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    active: Mapped[bool] = mapped_column(default=True, info={"label": "actief"})
    last_login_at: Mapped[datetime | None] = mapped_column(Timestamp, info={"bookkeeping": True})
    # Secret part of the personal calendar (ICS) URL; only its SHA-256 is stored.
    calendar_token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)

    tokens: Mapped[list["ApiToken"]] = relationship(back_populates="user")

    @property
    def is_active(self) -> bool:
        return self.active


class ApiToken(db.Model):
    """A bearer token; only its SHA-256 is stored, the token itself is shown once."""

    __tablename__ = "api_tokens"
    __label__ = "API-token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id"), index=True, info={"label": "gebruiker"}
    )
    name: Mapped[str] = mapped_column(
        sa.String(100), default="", server_default="", info={"label": "naam"}
    )
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(Timestamp, info={"label": "geldig tot"})
    last_used_at: Mapped[datetime | None] = mapped_column(Timestamp, info={"bookkeeping": True})
    revoked: Mapped[bool] = mapped_column(default=False, info={"label": "ingetrokken"})

    user: Mapped[User] = relationship(back_populates="tokens")

    def is_valid(self, now: datetime) -> bool:
        return not self.revoked and (self.expires_at is None or as_utc(self.expires_at) > now)


class UserSession(db.Model):
    """A login in a browser. The cookie holds a random id whose SHA-256 is stored here, so a
    session ends on the server: at logout, a password change, deactivation, or when an admin
    logs the user out everywhere; a copied cookie then no longer works."""

    __tablename__ = "user_sessions"
    __label__ = "Sessie"
    __bookkeeping__ = True  # bookkeeping, not data: its fields are shown in no history

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id"), index=True, info={"label": "gebruiker"}
    )
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(Timestamp, info={"label": "beëindigd op"})


class LoginFailure(db.Model):
    """A failed login, kept for a short while to slow down guessing: per account (also for
    addresses that do not exist, so a lockout reveals nothing) and per network address."""

    __tablename__ = "login_failures"
    __label__ = "Mislukte inlogpoging"
    __bookkeeping__ = True  # bookkeeping, not data: its fields are shown in no history

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), index=True, info={"label": "e-mailadres"})
    address: Mapped[str] = mapped_column(sa.String(45), index=True, info={"label": "netwerkadres"})
    occurred_at: Mapped[datetime] = mapped_column(
        Timestamp, default=utcnow, index=True, info={"bookkeeping": True}
    )

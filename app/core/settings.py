"""Regie's own settings: every REGIE_* variable, read once by create_app.

Views, commands and request hooks take them from `current_settings()` and hand what a service,
query, rule or document needs to it as an argument; those never read the configuration.
"""

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from flask import current_app

PROCUREMENT_AUTHORITIES = ("sub-central", "central")


@dataclass(frozen=True)
class Settings:
    municipality: str = "Haarlem"
    # Time the college needs to decide on an extension (docs/design.md §2, "Date and money rules").
    decision_lead_weeks: int = 8
    steering_interval_months: int = 6
    steering_due_after_months: int = 1
    # The EU threshold differs for central government; municipalities are sub-central.
    procurement_authority: str = "sub-central"
    # The municipality's own procurement policy below the EU threshold.
    single_quote_below_eur: Decimal = Decimal("50000")
    # Amendments larger than this (either way) go to the alderman for approval first.
    amendment_approval_above_eur: Decimal = Decimal("50000")
    # Open data: the ocid prefix registered with the Open Contracting Partnership.
    ocds_ocid_prefix: str = "ocds-regie00"
    # E-mail about approval requests; no host, no mail.
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_starttls: bool = False
    smtp_user: str = ""
    smtp_password: str = ""
    mail_sender: str = "regie@gemeente.example"
    # A browser session ends after idle_minutes without a request and after session_hours
    # in any case; an API token expires token_days after it was issued.
    idle_minutes: int = 30
    session_hours: int = 12
    token_days: int = 90
    # Behind a reverse proxy: how many proxies set X-Forwarded-For/-Proto (0: none; then the
    # address a login is counted against is the connection's own).
    proxy_hops: int = 0

    @property
    def decision_lead(self) -> timedelta:
        return timedelta(weeks=self.decision_lead_weeks)

    @property
    def idle_limit(self) -> timedelta:
        return timedelta(minutes=self.idle_minutes)

    @property
    def session_lifetime(self) -> timedelta:
        return timedelta(hours=self.session_hours)

    @property
    def token_lifetime(self) -> timedelta:
        return timedelta(days=self.token_days)

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> "Settings":
        """The settings with every REGIE_<FIELD> variable present in `environ` applied; a
        value that cannot be read stops the start with a message naming the variable."""
        values = {}
        for field in fields(cls):
            variable = f"REGIE_{field.name.upper()}"
            if variable in environ:
                values[field.name] = _parse(variable, environ[variable], field.type)
        settings = cls(**values)
        if settings.procurement_authority not in PROCUREMENT_AUTHORITIES:
            raise ValueError(
                f"REGIE_PROCUREMENT_AUTHORITY moet {' of '.join(PROCUREMENT_AUTHORITIES)} zijn."
            )
        return settings


def _parse(variable: str, raw: str, kind: type) -> object:
    try:
        if kind is bool:
            if raw not in ("0", "1"):
                raise ValueError
            return raw == "1"
        if kind is int:
            value = int(raw)
            if value < 0:
                raise ValueError
            return value
        if kind is Decimal:
            value = Decimal(raw)
            if not value.is_finite() or value < 0:
                raise ValueError
            return value
        return raw
    except (ValueError, InvalidOperation):
        expected = {bool: "0 of 1", int: "een geheel getal ≥ 0", Decimal: "een bedrag ≥ 0"}
        raise ValueError(f"{variable}={raw!r}: verwacht {expected[kind]}.") from None


def current_settings() -> Settings:
    """The running application's settings."""
    return current_app.extensions["regie_settings"]

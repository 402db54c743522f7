"""Configuration classes, read from the environment."""

import os
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{BASE_DIR / 'instance' / 'regie.db'}"
    )
    # A pooled PostgreSQL connection is tested before use (a server restart closes it);
    # create_app leaves the test out for SQLite, whose file has no connection to lose.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None
    WTF_I18N_ENABLED = False  # use WTForms' own Dutch messages (DutchForm.Meta)
    BOOTSTRAP_SERVE_LOCAL = True
    MAX_CONTENT_LENGTH = 5 * 1024 * 1024  # uploads (templates); larger requests get a 413
    PASSWORD_HASH_METHOD = "scrypt"
    # A browser session ends after this long without a request, and after SESSION_HOURS in
    # any case; an API token expires TOKEN_DAYS after it was issued.
    IDLE_MINUTES = int(os.environ.get("REGIE_IDLE_MINUTES", "30"))
    SESSION_HOURS = int(os.environ.get("REGIE_SESSION_HOURS", "12"))
    PERMANENT_SESSION_LIFETIME = timedelta(hours=SESSION_HOURS)
    TOKEN_DAYS = int(os.environ.get("REGIE_TOKEN_DAYS", "90"))
    # Behind a reverse proxy: how many proxies set X-Forwarded-For/-Proto (0: none, the
    # default; then the address a login is counted against is the connection's own).
    PROXY_HOPS = int(os.environ.get("REGIE_PROXY_HOPS", "0"))
    MUNICIPALITY = os.environ.get("REGIE_MUNICIPALITY", "Haarlem")
    # Time the college needs to decide on an extension (design.md §2).
    DECISION_LEAD_WEEKS = int(os.environ.get("REGIE_DECISION_LEAD_WEEKS", "8"))
    STEERING_INTERVAL_MONTHS = int(os.environ.get("REGIE_STEERING_INTERVAL_MONTHS", "6"))
    STEERING_DUE_AFTER_MONTHS = int(os.environ.get("REGIE_STEERING_DUE_AFTER_MONTHS", "1"))
    # The municipality's own procurement policy below the EU threshold (design.md §2).
    PROCUREMENT_AUTHORITY = os.environ.get("REGIE_PROCUREMENT_AUTHORITY", "sub-central")
    # Amendments larger than this (either way) go to the alderman for approval first.
    AMENDMENT_APPROVAL_ABOVE_EUR = Decimal(
        os.environ.get("REGIE_AMENDMENT_APPROVAL_ABOVE_EUR", "50000")
    )
    # Open data: the ocid prefix registered with the Open Contracting Partnership.
    OCDS_OCID_PREFIX = os.environ.get("REGIE_OCDS_OCID_PREFIX", "ocds-regie00")
    # E-mail about approval requests; no host, no mail.
    SMTP_HOST = os.environ.get("REGIE_SMTP_HOST", "")
    SMTP_PORT = int(os.environ.get("REGIE_SMTP_PORT", "25"))
    SMTP_STARTTLS = os.environ.get("REGIE_SMTP_STARTTLS", "") == "1"
    SMTP_USER = os.environ.get("REGIE_SMTP_USER", "")
    SMTP_PASSWORD = os.environ.get("REGIE_SMTP_PASSWORD", "")
    MAIL_SENDER = os.environ.get("REGIE_MAIL_SENDER", "regie@gemeente.example")
    SINGLE_QUOTE_BELOW_EUR = Decimal(os.environ.get("REGIE_SINGLE_QUOTE_BELOW_EUR", "50000"))
    # The signals, the contract list and the menu are rendered once per state of the data
    # (app/core/data_version.py); "0" renders them afresh on every view.
    CACHE_PAGES = os.environ.get("REGIE_CACHE_PAGES", "1") != "0"


class DevelopmentConfig(Config):
    DEBUG = True


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    # Hashing strength is not under test; a cheap method keeps the suite fast.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"


class ProductionConfig(Config):
    HSTS = True  # production is served over HTTPS only
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True

    @classmethod
    def validate(cls) -> None:
        if not os.environ.get("SECRET_KEY"):
            raise RuntimeError("SECRET_KEY must be set in production")
        cls.SECRET_KEY = os.environ["SECRET_KEY"]


CONFIGS = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}

"""Flask's configuration classes, read from the environment. Regie's own REGIE_* settings
are read in app/core/settings.py."""

import os
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
    # Background jobs go to this Redis (RQ, `flask jobs worker`); empty: a thread of the
    # web process runs them (app/jobs/queue.py).
    REDIS_URL = os.environ.get("REDIS_URL", "")


class DevelopmentConfig(Config):
    DEBUG = True


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    # Hashing strength is not under test; a cheap method keeps the suite fast.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    REDIS_URL = ""  # the queue's own tests set it
    JOBS_INLINE = True  # a job's result is there when the request that started it returns


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

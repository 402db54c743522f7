"""Regie: procurement and steering of re-integration services under the Participatiewet."""

import os
from datetime import timedelta

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from app.core.settings import Settings
from app.extensions import bootstrap, csrf, db, login_manager, migrate
from app.security import TextRequest
from config import BASE_DIR, CONFIGS


class DatabaseId(IntegerConverter):
    """An <int:…> in a URL is a row id: beyond a 32-bit key it cannot exist (404), rather than
    overflowing the database driver."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def create_app(config_class=None, settings: Settings | None = None) -> Flask:
    """The application; without a config class, REGIE_CONFIG picks one (default: development);
    without settings, the REGIE_* variables of the environment give them. Long because it is the one
    place that wires the application: every extension, blueprint, filter and listener is listed here
    once."""
    if config_class is None:
        config_class = CONFIGS[os.environ.get("REGIE_CONFIG", "development")]
    if hasattr(config_class, "validate"):
        config_class.validate()
    app = Flask(
        __name__,
        template_folder=str(BASE_DIR / "templates"),
        static_folder=str(BASE_DIR / "static"),
        instance_path=str(BASE_DIR / "instance"),
    )
    app.config.from_object(config_class)
    settings = settings or Settings.from_environ(os.environ)
    app.extensions["regie_settings"] = settings
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=settings.session_hours)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            **app.config["SQLALCHEMY_ENGINE_OPTIONS"],
            "pool_pre_ping": False,
        }
    app.request_class = TextRequest
    if settings.proxy_hops:
        # Only as many X-Forwarded-* hops as configured are believed; without this a client
        # could pick the address its failed logins are counted against.
        hops = settings.proxy_hops
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    app.url_map.converters["int"] = DatabaseId
    (BASE_DIR / "instance").mkdir(exist_ok=True)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(BASE_DIR / "migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)
    bootstrap.init_app(app)

    from app import models  # noqa: F401  (registers every table with the metadata)
    from app.api import approval_views, views  # noqa: F401  (register the API's routes)
    from app.api.blueprint import bp as api_bp
    from app.approvals.views import bp as approvals_bp
    from app.auth.views import bp as auth_bp
    from app.budgets.views import bp as budgets_bp
    from app.cli import register_cli
    from app.contracts.views import bp as contracts_bp
    from app.contracts.views import calendar_bp, signal_count, signals_bp
    from app.core.formatting import FILTERS
    from app.documents.views import bp as documents_bp
    from app.documents.views import templates_bp
    from app.errors import register_error_handlers
    from app.exports.views import bp as exports_bp
    from app.forms import answer_stale_forms_with_409, form_problems
    from app.home.views import bp as home_bp
    from app.home.views import task_count
    from app.jobs.views import bp as jobs_bp
    from app.listeners import register_listeners
    from app.pagination import history_url, page_url, sort_state, sort_url
    from app.permissions import can
    from app.programmes.views import bp as programmes_bp
    from app.reference.views import bp as reference_bp
    from app.security import register_security, request_id
    from app.steering.rules import kpi_value, norm_text
    from app.steering.views import bp as steering_bp
    from app.steering.views import trends_bp
    from app.suppliers.views import bp as suppliers_bp
    from app.tenders.clause_views import bp as tender_texts_bp
    from app.tenders.joint_views import bp as joint_bp
    from app.tenders.library_views import bp as library_bp
    from app.tenders.lot_views import bp as lots_bp
    from app.tenders.views import bp as tenders_bp

    for blueprint in (
        auth_bp,
        home_bp,
        tenders_bp,
        lots_bp,
        joint_bp,
        tender_texts_bp,
        library_bp,
        contracts_bp,
        signals_bp,
        suppliers_bp,
        budgets_bp,
        programmes_bp,
        calendar_bp,
        steering_bp,
        trends_bp,
        reference_bp,
        documents_bp,
        templates_bp,
        approvals_bp,
        exports_bp,
        jobs_bp,
        api_bp,
    ):
        app.register_blueprint(blueprint)
    csrf.exempt(api_bp)  # the API checks CSRF itself for cookie sessions; tokens need none
    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.filters["kpi"] = kpi_value
    app.jinja_env.filters["norm"] = norm_text
    app.jinja_env.globals["can"] = can
    app.jinja_env.globals["signal_count"] = signal_count
    app.jinja_env.globals["task_count"] = task_count
    app.jinja_env.globals.update(
        page_url=page_url, history_url=history_url, sort_url=sort_url, sort_state=sort_state
    )
    app.jinja_env.globals["request_id"] = request_id
    app.jinja_env.globals["form_problems"] = form_problems
    register_listeners()
    register_security(app)
    app.after_request(answer_stale_forms_with_409)
    register_error_handlers(app)
    register_cli(app)
    return app

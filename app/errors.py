"""Error responses: Dutch pages for people, JSON for the API (docs/design.md §4)."""

from flask import Flask, jsonify, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from app.core.errors import DomainError, StaleObject
from app.extensions import db
from app.security import request_id

MESSAGES = {
    400: "Het verzoek is niet geldig.",
    401: "U moet eerst inloggen.",
    403: "U heeft geen toegang tot deze pagina of handeling.",
    404: "Deze pagina of dit gegeven bestaat niet.",
    405: "Deze handeling is hier niet toegestaan.",
    409: "Iemand anders heeft dit intussen gewijzigd.",
    413: "Het bestand is te groot.",
    422: "De gegevens kloppen niet.",
    500: "Er ging iets mis aan onze kant. Probeer het later opnieuw.",
}
CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "unprocessable",
    500: "server_error",
}


def wants_json() -> bool:
    return request.path.startswith("/api/")


def json_error(status: int, message: str, code: str | None = None, fields: dict | None = None):
    body = {
        "error": {
            "code": code or CODES.get(status, "error"),
            "message": message,
            "request_id": request_id(),
        }
    }
    if fields:
        body["error"]["fields"] = fields
    return jsonify(body), status


UNAVAILABLE = (
    "Regie is even niet bereikbaar: de database reageert niet. Probeer het over een paar "
    "minuten opnieuw."
)
CSRF_MESSAGE = (
    "Het formulier is verlopen of ongeldig. Laad de pagina opnieuw en probeer het nog eens."
)


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        if wants_json():
            return json_error(400, CSRF_MESSAGE, "csrf")
        return render_template("error.html", status=400, message=CSRF_MESSAGE), 400

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        status = exc.code or 500
        message = MESSAGES.get(status, exc.description)
        if wants_json():
            return json_error(status, message)
        if status == 401:
            return redirect(url_for("auth.login", next=request.full_path))
        if status >= 500:
            app.logger.error("%s on %s [request %s]", status, request.path, request_id())
        return render_template("error.html", status=status, message=message), status

    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError):
        db.session.rollback()
        if wants_json():
            return json_error(exc.status_code, exc.message, exc.code, exc.fields)
        return render_template("error.html", status=exc.status_code, message=exc.message), (
            exc.status_code
        )

    @app.errorhandler(StaleDataError)
    def stale_data(exc: StaleDataError):
        db.session.rollback()
        return domain_error(StaleObject())

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_unavailable(exc: Exception):
        """The database cannot be reached: a 503 that needs nothing from it. The page does not
        extend the layout and is rendered without context processors, which would load the
        logged-in user."""
        app.logger.error("Database unavailable on %s [request %s]", request.path, request_id())
        if wants_json():
            return json_error(503, UNAVAILABLE, "unavailable")
        page = app.jinja_env.get_template("unavailable.html").render(
            message=UNAVAILABLE, request_id=request_id()
        )
        return page, 503, {"Retry-After": "60"}

    if app.testing:
        return  # let tests see the real exception instead of a friendly page

    @app.errorhandler(Exception)
    def unexpected_error(exc: Exception):
        db.session.rollback()
        app.logger.exception("Unhandled error on %s [request %s]", request.path, request_id())
        if wants_json():
            return json_error(500, MESSAGES[500])
        return render_template("error.html", status=500, message=MESSAGES[500]), 500

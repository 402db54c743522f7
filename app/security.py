"""Response headers that keep pages from being framed, sniffed or fed foreign scripts, and a
request id that error pages show and the log repeats, so a reported error can be found."""

import math
import re
import uuid

from flask import Flask, g, has_request_context, request, session
from flask.wrappers import Request, Response
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import BadRequest
from werkzeug.utils import cached_property

# Everything the pages use is served by Regie itself; no inline scripts or styles.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
HSTS = "max-age=31536000; includeSubDomains"
PUBLIC_FILES = {"static", "bootstrap.static"}
# A proxy may pass its own id along; anything else than a short token is replaced.
SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_id() -> str:
    """This request's id, given on first use: a request refused before the app's own
    before-request functions ran (a CSRF failure) has one all the same."""
    if not has_request_context():
        return "-"
    if "request_id" not in g:
        offered = request.headers.get("X-Request-Id", "")
        g.request_id = offered if SAFE_REQUEST_ID.match(offered) else uuid.uuid4().hex[:12]
    return g.request_id


def _carries_credentials() -> bool:
    """A session cookie of a logged-in user or an Authorization header: read from the
    request itself, not through the database, so it holds when the database is down."""
    return "_user_id" in session or "Authorization" in request.headers


def register_security(app: Flask) -> None:
    @app.before_request
    def _assign_request_id() -> None:
        request_id()

    @app.after_request
    def _secure_headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if app.config.get("HSTS"):
            response.headers["Strict-Transport-Security"] = HSTS
        response.headers["X-Request-Id"] = request_id()
        if _carries_credentials() and request.endpoint not in PUBLIC_FILES:
            # What a logged-in user sees stays out of shared and browser caches.
            response.headers["Cache-Control"] = "no-store"
        return response


# NUL, and halves of UTF-16 surrogate pairs that JSON can spell ("\ud800") but no text holds.
NOT_TEXT = re.compile("[\x00\ud800-\udfff]")


# No amount, count or id in Regie comes near this; a longer number is a probe, not data.
MAX_DIGITS = 20


def _without_nul(value):
    """The value with NUL characters and lone surrogates removed from every string in it.
    A number that is not finite (1e999, NaN) or has MAX_DIGITS digits or more is refused
    (ValueError) on the same walk: no value from a request needs one."""
    if isinstance(value, str):
        return NOT_TEXT.sub("", value)
    if isinstance(value, list | tuple):
        return type(value)(_without_nul(item) for item in value)
    if isinstance(value, dict):
        return {_without_nul(key): _without_nul(item) for key, item in value.items()}
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("not a finite number")
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**MAX_DIGITS:
        raise ValueError("too many digits")
    return value


class TextRequest(Request):
    """No text a person types contains NUL, and PostgreSQL refuses to store or compare it;
    it is dropped from query strings, forms and JSON before any view reads them.

    Browsers send a textarea's line breaks as CRLF whatever was shown; forms are read with
    LF, the line break stored everywhere else, so a text saved again unchanged is unchanged."""

    @cached_property
    def args(self) -> ImmutableMultiDict:
        return ImmutableMultiDict(_without_nul(list(super().args.items(multi=True))))

    def _load_form_data(self) -> None:
        super()._load_form_data()
        self.__dict__["form"] = ImmutableMultiDict(
            (key, value.replace("\r\n", "\n"))
            for key, value in _without_nul(list(self.__dict__["form"].items(multi=True)))
        )

    def get_json(self, *args, **kwargs):
        try:
            return _without_nul(super().get_json(*args, **kwargs))
        except (RecursionError, ValueError) as error:
            # Nested deeper than the parser goes, a number of thousands of digits, or one
            # that is no number (1e999, NaN): not a body we take.
            if kwargs.get("silent"):
                return None
            message = (
                "De JSON is te diep genest."
                if isinstance(error, RecursionError)
                else "De JSON bevat een getal dat te groot of geen getal is."
            )
            raise BadRequest(message) from None

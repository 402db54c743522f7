"""Response headers that keep pages from being framed, sniffed or fed foreign scripts, and a
request id that error pages show and the log repeats, so a reported error can be found."""

import re
import uuid

from flask import Flask, g, request
from flask.wrappers import Response

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
# A proxy may pass its own id along; anything else than a short token is replaced.
SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_id() -> str:
    return g.get("request_id", "-")


def register_security(app: Flask) -> None:
    @app.before_request
    def _assign_request_id() -> None:
        offered = request.headers.get("X-Request-Id", "")
        g.request_id = offered if SAFE_REQUEST_ID.match(offered) else uuid.uuid4().hex[:12]

    @app.after_request
    def _secure_headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if app.config.get("HSTS"):
            response.headers["Strict-Transport-Security"] = HSTS
        response.headers["X-Request-Id"] = request_id()
        return response

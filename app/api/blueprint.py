"""The API's blueprint under /api/v1 (docs/design.md §4), which its view modules share."""

from flask import Blueprint, jsonify, request
from pydantic import BaseModel

from app.auth.sessions import token_for_authorization
from app.core.dates import utcnow
from app.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")

CHANGED = {409: "Intussen gewijzigd"}


@bp.before_request
def protect_cookie_sessions():
    """A write needs the CSRF token unless a valid bearer token authenticated it: any other
    Authorization header (empty, or a token that is not ours) leaves the cookie to speak."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    if token_for_authorization(request.headers.get("Authorization", ""), now=utcnow()) is None:
        csrf.protect()


def answer(model: BaseModel, status: int = 200):
    return jsonify(model.model_dump(mode="json")), status

"""Fixtures and helpers for API tests: the OpenAPI document, schema conformance, tokens."""

from openapi_schema_validator import OAS30Validator

from app.auth.models import Role
from app.auth.sessions import issue_api_token
from app.core.dates import utcnow
from app.core.settings import current_settings
from app.extensions import db
from tests.conftest import make_user


def conforms(openapi: dict, path: str, method: str, status: str, body) -> None:
    """Assert the body matches the schema the OpenAPI document promises for this response."""
    schema = openapi["paths"][path][method]["responses"][status]["content"]["application/json"]
    OAS30Validator({**schema["schema"], "components": openapi["components"]}).validate(body)


def bearer(role: Role) -> dict:
    user = make_user(role, f"api-{role.value}@regie.example")
    token = issue_api_token(
        None, user, name="Test", now=utcnow(), lifetime=current_settings().token_lifetime
    )
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}

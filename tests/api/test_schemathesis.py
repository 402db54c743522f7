"""Schemathesis against /api/v1/openapi.json: valid and invalid generated requests for every
documented operation, each sent as a role that may call it, with the Haarlem data; no server
error, never a 403, and every response conforms to the schema (status code, content type,
body)."""

import contextvars
import itertools
import os
import re

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from app.auth.models import Role
from app.permissions import ROLE_ACTIONS
from app.seeding import seed_haarlem_2018
from tests.factories import bearer

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = int(os.environ.get("REGIE_FUZZ_EXAMPLES", "30"))  # per operation


def allowed(ctx, response, case) -> None:
    """The role chosen may call the operation: it is never refused."""
    assert response.status_code != 403, f"{case.method} {case.path}: 403"


def role_for(app, method: str, path: str) -> Role:
    """The first role (in Role's order) whose actions include what the operation requires."""
    concrete = "/api/v1" + re.sub(r"\{\w+\}", "1", path)
    endpoint, _ = app.url_map.bind("localhost").match(concrete, method=method.upper())
    action = app.view_functions[endpoint].required_action
    return next(role for role in Role if action in ROLE_ACTIONS[role])


def exercise(operation, mode, headers: dict) -> None:
    @given(case=operation.as_strategy(mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        # Each request in a context of its own, as a server runs it: otherwise the test's app
        # context would carry the previous request's user (flask.g) into the next one.
        contextvars.Context().run(
            case.call_and_validate, headers=headers, checks=[*CHECKS, allowed]
        )

    check()


def test_every_operation_conforms_and_never_fails(app):
    # Schemathesis's own pytest plugin does not run under pytest 9; its Hypothesis strategies
    # do, one operation at a time.
    seed_haarlem_2018()
    tokens = {role: bearer(role) for role in Role}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    roles = {op.label: role_for(app, op.method, op.path) for op in operations}
    assert {Role.PROCUREMENT_ADVISER, Role.CONTRACT_MANAGER, Role.ALDERMAN} <= set(roles.values())
    for operation, mode in itertools.product(operations, schemathesis.GenerationMode):
        exercise(operation, mode, tokens[roles[operation.label]])
    assert len(operations) >= 17

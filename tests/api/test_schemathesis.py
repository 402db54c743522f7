"""Schemathesis against /api/v1/openapi.json: valid and invalid generated requests for every
documented operation, as a contract manager with the Haarlem data; no server error, and every
response conforms to the schema (status code, content type, body)."""

import itertools
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from app.auth.models import Role
from app.seeding import seed_haarlem_2018
from tests.factories import bearer

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = int(os.environ.get("REGIE_FUZZ_EXAMPLES", "30"))  # per operation


@pytest.fixture
def manager_token():
    seed_haarlem_2018()
    return bearer(Role.CONTRACT_MANAGER)


def test_every_operation_conforms_and_never_fails(app, manager_token):
    # Schemathesis's own pytest plugin does not run under pytest 9; its Hypothesis strategies
    # do, one operation at a time.
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation, mode in itertools.product(operations, schemathesis.GenerationMode):

        @given(case=operation.as_strategy(mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate(headers=manager_token, checks=CHECKS)

        check()
    assert len(operations) >= 17

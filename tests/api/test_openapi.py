"""schemathesis against /openapi.json: generated requests (valid and not) never get a 500 and
every response matches the schema the API publishes.

Each operation is driven by hand from its hypothesis strategy: schemathesis's own lazy pytest
loader does not run under this pytest version. The check that every schema-valid request is
accepted is left out: an opaque cursor, a bbox's ranges and since <= until are rules a JSON
schema cannot state, and the API rightly answers 400 when they are broken.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

OPERATIONS = [
    ("GET", "/api/events"),
    ("GET", "/api/events/{event_id}"),
    ("GET", "/api/documents/{doc_id}"),
    ("POST", "/api/documents"),
    ("GET", "/api/actors"),
    ("GET", "/api/places"),
    ("GET", "/api/claims"),
    ("GET", "/api/stats"),
]


@pytest.fixture(scope="module")
def published_schema(base_url: str) -> schemathesis.BaseSchema:
    """The API's own OpenAPI document, as the read-only server publishes it."""
    return schemathesis.openapi.from_url(f"{base_url}/openapi.json")


def test_every_operation_is_fuzzed(published_schema: schemathesis.BaseSchema) -> None:
    published = {(op.ok().method.upper(), op.ok().path) for op in published_schema.get_all_operations()}
    assert published == set(OPERATIONS)


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_generated_requests_get_no_server_error_and_schema_true_responses(
    published_schema: schemathesis.BaseSchema, method: str, path: str
) -> None:
    operation = published_schema[path][method]

    @given(case=operation.as_strategy())
    @settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    def fuzz(case: schemathesis.Case) -> None:
        case.call_and_validate(excluded_checks=[positive_data_acceptance])

    fuzz()


def test_generated_reports_posted_with_the_token_are_stored_or_refused_cleanly(
    writable_url: str, auth: dict[str, str]
) -> None:
    operation = schemathesis.openapi.from_url(f"{writable_url}/openapi.json")["/api/documents"]["POST"]

    @given(case=operation.as_strategy())
    @settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    def fuzz(case: schemathesis.Case) -> None:
        case.call_and_validate(headers=auth, excluded_checks=[positive_data_acceptance])

    fuzz()

"""Property-based tests of the whole OpenAPI with schemathesis: no 500, answers conform to the
response schemas (api/schemas.py). Driven from one test (schemathesis' pytest plugin does not load under pytest 9)."""
import schemathesis
from hypothesis import HealthCheck, given, settings

from api.app import create_app
from tests.api_fixtures import api_register  # noqa: F401 (fixture)

EXAMPLES_PER_OPERATION = 12


def test_every_operation_conforms(api_register):
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", create_app(api_register))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 15
    failures = []
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck),
                  database=None)
        def check(case):
            case.call_and_validate(checks=[schemathesis.checks.not_a_server_error,
                                           schemathesis.checks.response_schema_conformance])

        try:
            check()
        except Exception as exc:  # collect every failing operation, not only the first
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:400]}")
    assert not failures, "\n".join(failures)

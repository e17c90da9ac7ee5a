"""Contract fuzzing of the whole API in-process: no server errors, responses match the schema.

Every operation gets a bounded number of generated requests (valid and invalid), sent as an
admin with a real token, so the suite stays fast while still reaching every route. A longer
campaign with fresh random cases: ``RUMBO_FUZZ_EXAMPLES=200 pytest tests/test_fuzz_api.py``.
"""

from __future__ import annotations

import os
from typing import Any

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings

from rumbo.app import Rumbo

# The suite's run is the same every time (derandomized); a longer one set by the environment
# draws new cases on each run.
CAMPAIGN = os.environ.get("RUMBO_FUZZ_EXAMPLES")
EXAMPLES_PER_OPERATION = int(CAMPAIGN) if CAMPAIGN else 4


def _checks() -> list[Any]:
    # The request side is checked with invalid data only: the domain validates more than a JSON
    # schema can say (an email's shape, a known role), so schema-valid data may still be refused.
    from schemathesis import checks

    checks.load_all_checks()
    return [
        checks.not_a_server_error,
        checks.status_code_conformance,
        checks.content_type_conformance,
        checks.response_headers_conformance,
        checks.response_schema_conformance,
        checks.negative_data_rejection,
    ]


def _fuzz(operation: Any, headers: dict[str, str], statuses: list[int]) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=CAMPAIGN is None,
        database=None,
        # No shrinking: a failure is reported as found, which keeps the run bounded in time.
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        response = case.call_and_validate(headers=headers, checks=_checks())
        statuses.append(response.status_code)

    run()


def _summary(exc: BaseException) -> str:
    # One line per distinct problem, with the request that shows it, keeps the report readable.
    text = str(exc)
    for inner in getattr(exc, "exceptions", ()):  # e.g. a failure hypothesis could not repeat
        text += "\n" + _summary(inner)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    wanted = [
        line
        for line in lines
        if line.startswith(("- ", "Received", "curl", "[")) or "Error" in line
    ]
    return " | ".join(wanted[:6]) if wanted else lines[0][:300]


def test_every_operation_keeps_its_contract(app: Rumbo, admin_token: str) -> None:
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app.asgi())
    headers = {"Authorization": f"Bearer {admin_token}"}
    failures: dict[str, str] = {}
    statuses: list[int] = []
    tested = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        tested += 1
        try:
            _fuzz(operation, headers, statuses)
        except (Exception, BaseExceptionGroup) as exc:
            failures[operation.label] = _summary(exc)
    assert tested >= 40
    # The run was really signed in: many requests succeeded, and the admin token still works.
    assert sum(1 for code in statuses if code < 300) >= 40, sorted(set(statuses))
    with TestClient(app.asgi(), headers=headers) as api:
        assert api.get("/api/v1/me").status_code == 200
    assert not failures, "\n".join(f"{k}: {v}" for k, v in sorted(failures.items()))

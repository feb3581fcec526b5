"""Fuzzing the API from its own OpenAPI document (schemathesis), once per role.

No answer is a 5xx, every documented answer matches its schema, and every error is an
application/problem+json. Bounded examples keep CI fast; for a longer run set
`FUZZ_EXAMPLES=200` (see README).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from graph_service.auth import Role, create_token
from graph_service.main import create_app
from graph_service.settings import Settings
from graph_service.store.db import Database
from tests.browser.live_server import serve
from tests.conftest import ADMIN_TOKEN
from tests.helpers import authority_for, load
from tests.integration.test_rules_scenarios import REGISTRY, A

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "4"))


@pytest.fixture(scope="module")
def live(settings: Settings, db: Database) -> Iterator[str]:
    app = create_app(settings)
    with TestClient(app) as client:
        client.headers["Authorization"] = f"Bearer {ADMIN_TOKEN}"
        with db.driver.session(database=db.database) as session:
            session.run("MATCH (n) WHERE NOT n:SchemaVersion AND NOT n:ApiToken DETACH DELETE n")
        load(client, REGISTRY)
    with serve(create_app(settings)) as base:
        yield base


@pytest.fixture(scope="module")
def tokens(db: Database) -> dict[str, str]:
    made = {
        role.value: create_token(
            db, role=role, subject=None, label="fuzz", authority=authority_for(role)
        )
        for role in (Role.AUTHORITY, Role.INVESTIGATOR, Role.PUBLIC)
    }
    made[Role.SUBJECT.value] = create_token(db, role=Role.SUBJECT, subject=A, label="fuzz")
    return {Role.ADMIN.value: ADMIN_TOKEN, **made}


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_no_server_error_and_every_error_is_a_problem(live: str, tokens: dict[str, str]) -> None:
    """Every operation of /openapi.json, EXAMPLES generated cases each, called once per role."""
    schema = schemathesis.openapi.from_url(f"{live}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) > 20

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            derandomize=True,  # the same cases on every CI run; FUZZ_EXAMPLES widens the search
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def fuzz(case: Any) -> None:
            for role, token in tokens.items():  # authenticated runs, one per role (R-SEC-2)
                response = case.call(base_url=live, headers={"Authorization": f"Bearer {token}"})
                case.validate_response(
                    response, checks=[not_a_server_error, response_schema_conformance]
                )
                if response.status_code >= 400:
                    media = response.headers.get("content-type", [""])
                    assert media == ["application/problem+json"], (
                        role,
                        case.method,
                        case.path,
                        response.status_code,
                    )
                    assert response.json()["type"].startswith("urn:credit-graph:problem:")

        fuzz()

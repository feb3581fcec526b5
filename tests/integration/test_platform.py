"""The platform against the real Neo4j: queries, schema, readiness, auth and problems."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from neo4j import NotificationClassification

from graph_service.auth import Role, create_token
from graph_service.store.db import Database
from graph_service.store.queries import QueryRegistry
from graph_service.store.schema import migrate

REGISTRY = QueryRegistry.load()


@pytest.mark.parametrize("name", sorted(q.name for q in REGISTRY))
def test_every_cypher_file_explains_without_deprecations(db: Database, name: str) -> None:
    query = REGISTRY[name]
    with db.driver.session(database=db.database) as session:
        result = session.run("EXPLAIN " + query.text)
        columns = result.keys()
        summary = result.consume()
    assert list(columns) == [column.name for column in query.columns], f"{query.path}: columns"
    deprecations = [
        status.status_description
        for status in summary.gql_status_objects
        if status.classification == NotificationClassification.DEPRECATION
    ]
    assert deprecations == [], f"{query.path}: {deprecations}"


def test_schema_migration_is_idempotent(db: Database) -> None:
    first = migrate(db)
    assert migrate(db) == first
    assert first == max(version for version, _ in REGISTRY.schema_migrations())


def test_health_and_readiness(app_client: TestClient) -> None:
    assert app_client.get("/healthz").json() == {"status": "ok"}
    for _ in range(100):
        response = app_client.get("/readyz")
        if response.status_code == 200:
            break
    assert response.status_code == 200
    assert response.json()["queries"] == len(REGISTRY)


def test_openapi_is_served(app_client: TestClient) -> None:
    assert app_client.get("/openapi.json").json()["info"]["title"] == "credit-graph"
    assert app_client.get("/docs").status_code == 200


def test_missing_token_is_a_401_problem(app_client: TestClient) -> None:
    response = app_client.post("/v1/screen", json={}, headers={"Authorization": ""})
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "urn:credit-graph:problem:unauthenticated"


def test_unknown_token_is_401(app_client: TestClient) -> None:
    response = app_client.post("/v1/screen", json={}, headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401


def test_wrong_role_is_403(app_client: TestClient, db: Database) -> None:
    token = create_token(db, role=Role.PUBLIC, subject=None, label="test")
    response = app_client.post(
        "/v1/ingest/domains", json={"items": []}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 403
    assert response.json()["type"] == "urn:credit-graph:problem:forbidden"


def test_unknown_route_is_a_404_problem(app_client: TestClient) -> None:
    response = app_client.get("/v1/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"

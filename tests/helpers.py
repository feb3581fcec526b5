"""Test helpers that talk to the API: load a registry kind by kind, screen a subject."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from graph_service.domain.enums import LOAD_ORDER
from graph_service.domain.identity import pseudonymise

PSEUDONYM_KEY = "test-pseudonym-key"  # the key tests/conftest.py gives the service


def person_id(resident_id: str) -> str:
    """The id the service gives a person (R-SUBJ-1)."""
    return pseudonymise(resident_id, PSEUDONYM_KEY)


def load(api: TestClient, registry: dict[str, list[dict[str, Any]]]) -> None:
    """Ingest every kind present, in dependency order; fail loudly on a refused batch."""
    for kind in LOAD_ORDER:
        items = registry.get(kind.value)
        if items:
            response = api.post(f"/v1/ingest/{kind.value}", json={"items": items})
            assert response.status_code == 200, (kind, response.json())


def screen(api: TestClient, subject: str, matter: str, as_of: str) -> dict[str, Any]:
    response = api.post(
        "/v1/screen", json={"subjects": [subject], "matter": matter, "as_of": as_of}
    )
    assert response.status_code == 200, response.json()
    result: dict[str, Any] = response.json()["results"][0]
    return result

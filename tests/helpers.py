"""Test helpers: load a registry through the API kind by kind, screen a subject, and give a
test a Neo4j server of its own."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from graph_service.auth import Role
from graph_service.domain.enums import LOAD_ORDER
from graph_service.domain.identity import pseudonymise
from graph_service.settings import Settings

PSEUDONYM_KEY = "test-pseudonym-key"  # the key tests/conftest.py gives the service
# The authority the tests' authority tokens act for (Art. 21; the scenarios' market regulator).
AUTHORITY_CODE = "TJ-SAMR"


def authority_for(role: Role) -> str | None:
    """The authority a token of `role` is bound to: ours for an authority, else none."""
    return AUTHORITY_CODE if role is Role.AUTHORITY else None


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


def free_port() -> int:
    """A loopback TCP port nobody listens on (the kernel's choice)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def private_server(settings: Settings, state_dir: Path, pagecache: str) -> Settings:
    """Settings of a Neo4j of the caller's own, for tests that kill or break it: its own
    state folder and port, little memory, never the shared server's URI or password."""
    return settings.model_copy(
        update={
            "state_dir": state_dir,
            "neo4j_bolt_port": free_port(),
            "neo4j_heap": "512m",
            "neo4j_pagecache": pagecache,
            "neo4j_uri": None,
            "neo4j_password": None,
        }
    )

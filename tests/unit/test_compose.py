"""docker-compose.yml cannot run here (no Docker engine): check its shape instead."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]


def load() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    return data


def test_neo4j_is_the_526_lts_community_image() -> None:
    assert load()["services"]["neo4j"]["image"] == "neo4j:5.26-community"


def test_both_services_have_healthchecks() -> None:
    services = load()["services"]
    assert {"neo4j", "api"} <= set(services)
    for name in ("neo4j", "api"):
        assert services[name]["healthcheck"]["test"]


def test_ports_are_bound_to_loopback_only() -> None:
    for service in load()["services"].values():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:")


def test_api_waits_for_a_healthy_neo4j_and_volumes_are_named() -> None:
    data = load()
    assert data["services"]["api"]["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert set(data["volumes"]) == {"neo4j-data", "neo4j-logs"}
    assert (ROOT / "Dockerfile").exists()

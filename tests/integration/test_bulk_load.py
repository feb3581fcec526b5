"""`graph-service load --bulk` (issue 17): the first load of an empty database through
`neo4j-admin database import` gives the graph the normal `graph-service load` gives.

On a throwaway managed server of the module's own (the import needs the server stopped, which
the suite's shared server must never be): the same generated registry is loaded by the bulk
path, the graph and the answers of a sample of subjects are recorded, the graph is emptied,
the registry is loaded by the normal path, and both are compared.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from graph_service import cli, neo4j_local
from graph_service.main import create_app
from graph_service.settings import Settings
from graph_service.store import audit
from graph_service.store.db import Database
from graph_service.store.queries import QueryRegistry
from loaders import cli as loaders_cli
from loaders.bulk import BulkRefused, bulk_load
from loaders.generate import generate
from tests.helpers import private_server

# Properties that hold the moment of the load (or of the read), not what was loaded.
MOMENTS = frozenset({"at", "locked_at", "applied_at", "generated_at", "received_at", "created_at"})
# ... and those computed from such a moment: a state change's digest and chain links, the
# head's seal (the chains themselves are walked by `audit verify` on both graphs).
CHAIN_FIELDS = frozenset({"digest", "hash", "seal", "seq"})
# Nodes whose id is drawn at random (the watches' re-screen task of the load).
RANDOM_IDS = frozenset({"MonitorTask"})
KEYS = ("id", "code", "key", "chain")


@pytest.fixture(scope="module")
def private(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Iterator[Settings]:
    own = private_server(settings, tmp_path_factory.mktemp("neo4j-bulk"), pagecache="128m")
    # A cold server on a busy machine compiles the screening statements slowly.
    own = own.model_copy(update={"query_timeout": 300.0})
    neo4j_local.start(own, docker=False)
    yield own
    neo4j_local.stop(own, docker=False)


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("registry")
    generate(600, 17, folder)
    return folder


def _plain(value: Any) -> Any:
    """A stored value as JSON compares it: temporal values as ISO text."""
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def _key(labels: list[str], props: dict[str, Any]) -> str:
    found = next((props[k] for k in KEYS if k in props), None)
    return f"{':'.join(sorted(labels))}/{found}"


def _stable(labels: list[str], props: dict[str, Any]) -> dict[str, Any]:
    volatile = MOMENTS | (CHAIN_FIELDS if {"StateChange", "AuditHead"} & set(labels) else set())
    if RANDOM_IDS & set(labels):
        volatile |= {"id"}
    return {k: _plain(v) for k, v in sorted(props.items()) if k not in volatile}


def graph_of(settings: Settings) -> dict[str, Any]:
    """Every node and relationship, with its labels or type and properties, as sorted JSON;
    notifications and state changes, which have no key, by their owner and content."""
    db = Database(settings, QueryRegistry.load())
    try:
        with db.driver.session(database=db.database) as session:
            nodes = session.run("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
            node_rows = [
                json.dumps([sorted(r["labels"]), _stable(r["labels"], r["props"])], default=str)
                for r in nodes
            ]
            links = session.run(
                "MATCH (a)-[r]->(b) RETURN labels(a) AS a_labels, properties(a) AS a, "
                "type(r) AS type, properties(r) AS props, labels(b) AS b_labels, "
                "properties(b) AS b"
            )
            link_rows = [
                json.dumps(
                    [
                        _key(r["a_labels"], r["a"]),
                        r["type"],
                        _stable([], r["props"]),
                        _key(r["b_labels"], r["b"]),
                        _stable(r["b_labels"], r["b"]) if "id" not in r["b"] else None,
                    ],
                    default=str,
                )
                for r in links
            ]
    finally:
        db.close()
    labels = Counter(":".join(json.loads(row)[0]) for row in node_rows)
    types = Counter(json.loads(row)[1] for row in link_rows)
    return {
        "labels": dict(labels),
        "types": dict(types),
        "nodes": sorted(node_rows),
        "links": sorted(link_rows),
    }


def _without_moments(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_moments(v) for k, v in value.items() if k not in MOMENTS}
    if isinstance(value, list):
        return [_without_moments(item) for item in value]
    return value


def answers_of(settings: Settings, registry: Path) -> dict[str, Any]:
    """Screening, the generated lists and the credit reports of a sample of subjects, over
    the API (the sample: the first listed subjects and organisations by id)."""
    db = Database(settings, QueryRegistry.load())
    try:
        with db.driver.session(database=db.database) as session:
            sample = [
                r["id"]
                for r in session.run(
                    "CALL () { MATCH (:ListEntry)-[:LISTS]->(s:Subject) WITH DISTINCT s "
                    "ORDER BY s.id LIMIT 12 RETURN s.id AS id UNION MATCH (s:LegalPerson) "
                    "WITH s ORDER BY s.id LIMIT 5 RETURN s.id AS id } RETURN id ORDER BY id"
                )
            ]
    finally:
        db.close()
    lines = (registry / "matters.jsonl").read_text(encoding="utf-8").splitlines()
    matters = [json.loads(line)["code"] for line in lines][:3]
    as_of = date.today().isoformat()
    found: dict[str, Any] = {"sample": sample}
    with TestClient(create_app(settings), raise_server_exceptions=False) as api:
        api.headers["Authorization"] = f"Bearer {settings.admin_token.get_secret_value()}"  # type: ignore[union-attr]
        for matter in matters:
            body = {"subjects": sample, "matter": matter, "as_of": as_of}
            response = api.post("/v1/screen", json=body)
            assert response.status_code == 200, response.text
            found[f"screen {matter}"] = response.json()
        for list_type in ("SERIOUS", "JOINT_SANCTION", "JOINT_REWARD"):
            response = api.get(f"/v1/lists/{list_type}/generated", params={"as_of": as_of})
            assert response.status_code == 200, response.text
            found[f"list {list_type}"] = response.json()
        for subject in sample:
            response = api.get(f"/v1/subjects/{subject}/report", params={"as_of": as_of})
            assert response.status_code == 200, response.text
            found[f"report {subject}"] = response.json()
    stable: dict[str, Any] = _without_moments(found)
    return stable


def _load(settings: Settings, monkeypatch: pytest.MonkeyPatch, *args: str) -> str:
    monkeypatch.setattr(loaders_cli, "get_settings", lambda: settings)
    result = CliRunner().invoke(cli.app, ["load", *args])
    assert result.exit_code == 0, result.output
    return result.output


def _empty(settings: Settings) -> None:
    db = Database(settings, QueryRegistry.load())
    try:
        with db.driver.session(database=db.database) as session:
            session.run("MATCH (n) WHERE NOT n:SchemaVersion DETACH DELETE n").consume()
    finally:
        db.close()


def _chains(settings: Settings) -> list[tuple[str, str | None]]:
    db = Database(settings, QueryRegistry.load())
    try:
        return [(c.chain, c.broken) for c in audit.verify(db)]
    finally:
        db.close()


@pytest.fixture(scope="module")
def both(private: Settings, registry: Path) -> Iterator[dict[str, Any]]:
    """The graph and answers after the bulk path, then after the normal path."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        bulk_output = _load(private, monkeypatch, "--bulk", str(registry))
        bulk = {"graph": graph_of(private), "chains": _chains(private)}
        bulk["answers"] = answers_of(private, registry)
        _empty(private)
        _load(private, monkeypatch, str(registry))
        normal = {"graph": graph_of(private), "chains": _chains(private)}
        normal["answers"] = answers_of(private, registry)
    yield {"bulk": bulk, "normal": normal, "bulk_output": bulk_output}


def test_bulk_load_prints_its_phases_and_rows_per_second(both: dict[str, Any]) -> None:
    output = both["bulk_output"]
    assert "rows/s" in output and "stop and import" in output
    assert "audit StateChange: intact" in output


def test_bulk_load_gives_the_same_labels_and_types_counts_as_the_normal_load(
    both: dict[str, Any],
) -> None:
    bulk, normal = both["bulk"]["graph"], both["normal"]["graph"]
    assert bulk["labels"] == normal["labels"]
    assert bulk["types"] == normal["types"]
    assert bulk["labels"]["NaturalPerson:Subject"] > 0 and bulk["labels"]["Notification"] > 0


def test_bulk_load_gives_the_same_nodes_relationships_and_properties(
    both: dict[str, Any],
) -> None:
    bulk, normal = both["bulk"]["graph"], both["normal"]["graph"]
    assert set(bulk["nodes"]) ^ set(normal["nodes"]) == set()
    assert bulk["nodes"] == normal["nodes"]
    assert set(bulk["links"]) ^ set(normal["links"]) == set()
    assert bulk["links"] == normal["links"]


def test_bulk_load_chains_every_state_change_r_time_5(both: dict[str, Any]) -> None:
    # R-TIME-5: one chained StateChange per record, entry and commitment, as the normal path.
    assert both["bulk"]["chains"] == [("QueryLog", None), ("StateChange", None)]
    assert both["normal"]["chains"] == [("QueryLog", None), ("StateChange", None)]


def test_bulk_load_answers_screening_lists_and_reports_as_the_normal_load(
    both: dict[str, Any],
) -> None:
    bulk, normal = both["bulk"]["answers"], both["normal"]["answers"]
    assert len(bulk["sample"]) > 10
    assert bulk.keys() == normal.keys()
    for name in bulk:
        assert bulk[name] == normal[name], name


def test_bulk_load_refuses_a_database_that_holds_data(
    both: dict[str, Any], private: Settings, registry: Path
) -> None:
    with pytest.raises(BulkRefused, match="the database holds data"):
        bulk_load(private, registry, actor="test", workers=1, say=print)


def test_bulk_load_refuses_a_neo4j_uri_server(
    registry: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    external = settings.model_copy(update={"neo4j_uri": "bolt://db.example.internal:7687"})
    with pytest.raises(BulkRefused, match=re.escape("NEO4J_URI=bolt://db.example.internal:7687")):
        bulk_load(external, registry, actor="test", workers=1, say=print)
    monkeypatch.setattr(loaders_cli, "get_settings", lambda: external)
    result = CliRunner().invoke(cli.app, ["load", "--bulk", str(registry)])
    assert result.exit_code == 1
    assert "will not stop or overwrite" in result.output

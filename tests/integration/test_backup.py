"""`graph-service backup` and `restore` (issue 14): a round trip on a Neo4j of the test's own
(never the suite's shared server: both commands stop the server they work on).

The private server's pseudonym key is generated in its state folder, as the service does by
default, so the archive carries the key file.
"""

from __future__ import annotations

import json
import re
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from typer.testing import CliRunner

from graph_service import neo4j_local
from graph_service.backup import BackupRefused, backup, restore
from graph_service.cli import app
from graph_service.main import create_app
from graph_service.settings import Settings, get_settings
from graph_service.store import audit
from graph_service.store.db import Database
from graph_service.store.queries import QueryRegistry
from graph_service.store.schema import migrate
from tests.helpers import load, private_server, screen
from tests.integration.test_rules_scenarios import A
from tests.integration.test_workflows import STORY


@pytest.fixture(scope="module")
def private(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Iterator[Settings]:
    own = private_server(settings, tmp_path_factory.mktemp("neo4j-backup"), pagecache="128m")
    own = own.model_copy(update={"pseudonym_key": None})
    neo4j_local.start(own, docker=False)
    yield own
    neo4j_local.stop(own, docker=False)


DECISIONS: dict[str, str] = {}  # the screenings before the backup, by as-of date


@pytest.fixture(scope="module")
def archive(private: Settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A registry, screenings and a workflow on the private server, then its backup."""
    db = Database(private, QueryRegistry.load())
    migrate(db)
    db.close()
    with TestClient(create_app(private), raise_server_exceptions=False) as api:
        api.headers["Authorization"] = f"Bearer {private.admin_token.get_secret_value()}"  # type: ignore[union-attr]
        load(api, STORY)
        for as_of in ("2021-06-01", "2023-06-01"):
            DECISIONS[as_of] = screen(api, A, "FOOD_PERMIT", as_of)["decision"]
        body = {"reason": "地址有误", "filed_on": "2025-09-30"}
        assert api.post("/v1/records/R-FOOD-1/objections", json=body).status_code == 201
    said: list[str] = []
    target = tmp_path_factory.mktemp("backups") / "credit-graph.tar"
    report = backup(private, target, said.append)
    assert any("stopped database" in line and "stopping" in line for line in said), said
    assert report.bytes == target.stat().st_size > 0
    return target


def counts(settings: Settings) -> dict[str, int]:
    db = Database(settings, QueryRegistry.load())
    try:
        found = db.count_graph()
        assert found is not None
        return found._asdict()
    finally:
        db.close()


def test_a_backup_carries_the_dump_the_key_and_what_must_match(
    archive: Path, private: Settings
) -> None:
    assert archive.stat().st_mode & 0o077 == 0, "the archive holds personal data: owner only"
    with tarfile.open(archive) as tar:
        assert sorted(tar.getnames()) == ["manifest.json", "neo4j.dump", "pseudonym.key"]
        member = tar.extractfile("manifest.json")
        assert member is not None
        manifest = json.load(member)
    assert manifest["neo4j_version"] == private.neo4j_version
    assert max(manifest["schema_versions"]) >= 6
    assert manifest["counts"] == counts(private)
    assert manifest["counts"]["query_logs"] >= 2 and manifest["counts"]["state_changes"] >= 3
    assert neo4j_local.status(private).running, "the server is started again after the dump"


def test_a_restore_brings_back_the_data_the_key_and_an_intact_audit_chain(
    archive: Path, private: Settings
) -> None:
    before = counts(private)
    key_file = private.state_dir / "pseudonym.key"
    key = key_file.read_text(encoding="utf-8")
    db = Database(private, QueryRegistry.load())  # the disaster: data and key gone
    with db.driver.session(database=db.database) as session:
        session.run("MATCH (n) DETACH DELETE n").consume()
    db.close()
    key_file.write_text("another-key\n", encoding="utf-8")

    said: list[str] = []
    report = restore(private, archive, said.append)
    assert report.counts == before
    assert [(c.chain, c.broken) for c in report.chains] == [
        ("QueryLog", None),
        ("StateChange", None),
    ]
    assert key_file.read_text(encoding="utf-8") == key
    assert list(private.state_dir.glob("pseudonym.key.before-restore-*")), "the other key kept"
    assert counts(private) == before
    db = Database(private, QueryRegistry.load())
    try:
        assert [c.broken for c in audit.verify(db)] == [None, None]
    finally:
        db.close()
    with TestClient(create_app(private), raise_server_exceptions=False) as api:
        api.headers["Authorization"] = f"Bearer {private.admin_token.get_secret_value()}"  # type: ignore[union-attr]
        for as_of, decision in DECISIONS.items():
            assert screen(api, A, "FOOD_PERMIT", as_of)["decision"] == decision


def test_a_restore_refuses_an_external_server(archive: Path, private: Settings) -> None:
    external = private.model_copy(update={"neo4j_uri": "bolt://db.example.internal:7687"})
    expected = re.escape("NEO4J_URI=bolt://db.example.internal:7687 names an external server")
    with pytest.raises(BackupRefused, match=expected):
        restore(external, archive, print)


def test_a_restore_refuses_another_configured_pseudonym_key(
    archive: Path, private: Settings
) -> None:
    other = private.model_copy(update={"pseudonym_key": SecretStr("not-the-backups-key")})
    with pytest.raises(BackupRefused, match="another pseudonym key than the configured"):
        restore(other, archive, print)


def test_a_restore_refuses_another_neo4j_version(archive: Path, private: Settings) -> None:
    newer = private.model_copy(update={"neo4j_version": "5.26.99"})
    expected = re.escape(f"Neo4j {private.neo4j_version} and this server runs 5.26.99")
    with pytest.raises(BackupRefused, match=expected):
        restore(newer, archive, print)


def test_the_cli_refuses_restore_onto_neo4j_uri(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt://db.example.internal:7687")
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["restore", str(archive)])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1
    assert "external server" in result.output

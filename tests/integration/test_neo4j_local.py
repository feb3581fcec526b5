"""`graph-service neo4j`: reuse, restart with data kept, and the clear errors (DESIGN.md §3)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph_service import neo4j_local
from graph_service.cli import app
from graph_service.errors import Neo4jProvisionError
from graph_service.settings import Settings
from tests.helpers import free_port, private_server


def test_a_second_start_reuses_the_running_server(settings: Settings) -> None:
    state = neo4j_local.start(settings)
    assert state.running and "reused" in state.detail
    result = CliRunner().invoke(app, ["neo4j", "status"])
    assert result.exit_code == 0 and "running" in result.output


@pytest.fixture(scope="module")
def own(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Iterator[Settings]:
    mine = private_server(settings, tmp_path_factory.mktemp("neo4j-local"), pagecache="128m")
    yield mine
    neo4j_local.stop(mine)


def test_data_survives_a_clean_restart_and_the_password_file_is_private(own: Settings) -> None:
    neo4j_local.start(own)
    assert own.password_file.stat().st_mode & 0o077 == 0, "password readable by its owner only"
    conf = (own.local_home / "conf" / "neo4j.conf").read_text(encoding="utf-8")
    assert "server.default_listen_address=127.0.0.1" in conf
    assert "dbms.security.auth_enabled=true" in conf
    from neo4j import GraphDatabase

    auth = ("neo4j", own.bolt_password())
    with GraphDatabase.driver(own.bolt_uri(), auth=auth) as driver:
        driver.execute_query("CREATE (:Marker {id: 'kept'})", database_="neo4j")
    neo4j_local.stop(own)
    assert not neo4j_local.status(own).running
    neo4j_local.start(own)
    with GraphDatabase.driver(own.bolt_uri(), auth=auth) as driver:
        records, _, _ = driver.execute_query(
            "MATCH (m:Marker) RETURN m.id AS id", database_="neo4j"
        )
    assert [r["id"] for r in records] == ["kept"]


def test_a_port_taken_by_another_program_is_named(own: Settings) -> None:
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        taken = own.model_copy(
            update={
                "neo4j_bolt_port": port,
                "state_dir": own.state_dir / "b",
                "neo4j_start_timeout": 5,
            }
        )
        with pytest.raises(Neo4jProvisionError, match=f"port {port} is taken"):
            neo4j_local.start(taken)


def test_no_java_says_how_to_install_it(
    own: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "no-jdk"))
    with pytest.raises(Neo4jProvisionError, match="apt-get install openjdk-17"):
        neo4j_local.start(own.model_copy(update={"neo4j_bolt_port": free_port()}))


def test_a_download_failure_names_the_artifact(own: Settings, tmp_path: Path) -> None:
    missing = own.model_copy(
        update={
            "neo4j_version": "5.26.999",
            "jar_cache_dir": tmp_path,
            "neo4j_bolt_port": free_port(),
        }
    )
    with pytest.raises(Neo4jProvisionError, match=r"org\.neo4j:neo4j:5\.26\.999"):
        neo4j_local.start(missing)

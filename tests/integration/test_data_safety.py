"""Data safety (issue 14): the suite never connects to the server the service uses, nor to
NEO4J_URI; it runs on its own Neo4j (tests/private_neo4j.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import GraphDatabase

from graph_service import neo4j_local
from graph_service.settings import Settings
from tests import private_neo4j
from tests.helpers import private_server

ROOT = Path(__file__).resolve().parents[2]
SENTINEL = "MATCH (m:ServiceData {id: 'registry'}) RETURN m.rows AS rows"


@pytest.fixture(scope="module")
def service_server(
    tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[Settings]:
    """A server standing for the one the service uses, holding data of a credit office."""
    service = private_server(settings, tmp_path_factory.mktemp("service-neo4j"), pagecache="64m")
    neo4j_local.start(service, docker=False)
    yield service
    neo4j_local.stop(service, docker=False)


def sentinel_rows(service: Settings) -> list[int]:
    auth = (service.neo4j_user, service.bolt_password())
    with GraphDatabase.driver(service.bolt_uri(), auth=auth) as driver:
        records, _, _ = driver.execute_query(SENTINEL, database_=service.neo4j_database)
    return [int(r["rows"]) for r in records]


def test_the_suite_runs_on_its_own_server(settings: Settings) -> None:
    assert settings.state_dir == private_neo4j.STATE_DIR
    assert settings.neo4j_uri is None or settings.neo4j_uri == os.environ.get(
        private_neo4j.THROWAWAY_URI
    )


def test_data_of_the_service_and_of_neo4j_uri_survive_the_suite(service_server: Settings) -> None:
    auth = (service_server.neo4j_user, service_server.bolt_password())
    with GraphDatabase.driver(service_server.bolt_uri(), auth=auth) as driver:
        driver.execute_query(
            "MERGE (m:ServiceData {id: 'registry'}) SET m.rows = 1234",
            database_=service_server.neo4j_database,
        )
    # The shell of a user whose service runs on that server: NEO4J_URI and its state folder.
    env = {
        **os.environ,
        "NEO4J_URI": service_server.bolt_uri(),
        "NEO4J_PASSWORD": service_server.bolt_password(),
        "GRAPH_SERVICE_STATE_DIR": str(service_server.state_dir),
        "GRAPH_SERVICE_NEO4J_BOLT_PORT": str(service_server.neo4j_bolt_port),
    }
    env.pop(private_neo4j.THROWAWAY_URI, None)
    # Tests that empty the graph (clean_db) and write to it through the API.
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/integration/test_ingest.py::test_the_same_batches_again_are_unchanged",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert sentinel_rows(service_server) == [1234]

"""Shared fixtures: the suite's own real Neo4j, a clean graph, API clients."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests import private_neo4j

private_neo4j.isolate_environment()  # before any Settings is built: never the service's data

from graph_service.main import create_app  # noqa: E402
from graph_service.settings import Settings  # noqa: E402
from graph_service.store.db import Database  # noqa: E402
from graph_service.store.queries import QueryRegistry  # noqa: E402
from graph_service.store.schema import migrate  # noqa: E402
from tests.log_scan import WATCHED_LOGGERS, Collector, leaks  # noqa: E402

ADMIN_TOKEN = "test-admin-token-0123456789"


@pytest.fixture(scope="session", autouse=True)
def no_personal_data_in_logs() -> Iterator[None]:
    """Every log line of the whole suite, at every level, is scanned at the end (R-SUBJ-1)."""
    collector = Collector()
    loggers = [logging.getLogger(name) for name in WATCHED_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(collector)
        if logger.name != "neo4j":
            logger.setLevel(logging.DEBUG)
    yield
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(collector)
        logger.setLevel(level)
    found = leaks(collector.lines)
    assert not found, f"personal data in {len(found)} log line(s), e.g. {found[0][:200]!r}"


@pytest.fixture(scope="session")
def settings() -> Settings:
    # The monitor's background loops stay off: a test drives them when it needs them
    # (tests/integration/test_monitor.py), so no test sees the graph change under it.
    return Settings(
        admin_token=ADMIN_TOKEN, pseudonym_key="test-pseudonym-key", monitor_in_service=False
    )


@pytest.fixture(scope="session")
def db(settings: Settings) -> Iterator[Database]:
    """The suite's own real server (tests/private_neo4j.py), stopped at the end if started here."""
    started = private_neo4j.start(settings)
    database = Database(settings, QueryRegistry.load())
    migrate(database)
    yield database
    database.close()
    if started:
        private_neo4j.stop(settings)


@pytest.fixture
def clean_db(db: Database) -> Database:
    """An empty graph (schema, version and tokens kept): tests run one at a time."""
    with db.driver.session(database=db.database) as session:
        session.run(
            "MATCH (n) WHERE NOT n:SchemaVersion AND NOT n:ApiToken "
            "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()
    return db


@pytest.fixture(scope="session")
def app_client(settings: Settings, db: Database) -> Iterator[TestClient]:
    app = create_app(settings)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def api(app_client: TestClient, clean_db: Database) -> TestClient:
    """An admin-authenticated client on an empty graph."""
    app_client.headers["Authorization"] = f"Bearer {ADMIN_TOKEN}"
    return app_client

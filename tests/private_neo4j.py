"""The test suite's own Neo4j: a state folder in the checkout and a port of its own, so no
test ever connects to the server the service uses or to NEO4J_URI (data safety, issue 14).

Only `GRAPH_SERVICE_TEST_NEO4J_URI` (with `GRAPH_SERVICE_TEST_NEO4J_PASSWORD`) may name a
throwaway server instead; the suite empties whatever it connects to.
"""

from __future__ import annotations

import os
from pathlib import Path

from graph_service import neo4j_local
from graph_service.settings import Settings
from tests.helpers import free_port

STATE_DIR = Path(__file__).resolve().parents[1] / ".test-state"
THROWAWAY_URI = "GRAPH_SERVICE_TEST_NEO4J_URI"
THROWAWAY_PASSWORD = "GRAPH_SERVICE_TEST_NEO4J_PASSWORD"
# Settings the suite never inherits from the shell: they could point at the service's data.
INHERITED = (
    "NEO4J_URI",
    "NEO4J_USER",
    "NEO4J_PASSWORD",
    "NEO4J_DATABASE",
    "GRAPH_SERVICE_STATE_DIR",
    "GRAPH_SERVICE_NEO4J_BOLT_PORT",
    "GRAPH_SERVICE_NEO4J_HEAP",
    "GRAPH_SERVICE_NEO4J_PAGECACHE",
    "GRAPH_SERVICE_ADMIN_TOKEN",
    "GRAPH_SERVICE_PSEUDONYM_KEY",
)


def isolate_environment() -> None:
    """Point every Settings the suite (and its subprocesses) builds at the private server."""
    throwaway = os.environ.get(THROWAWAY_URI)
    throwaway_password = os.environ.get(THROWAWAY_PASSWORD, "")
    for name in INHERITED:
        os.environ.pop(name, None)
    os.environ["GRAPH_SERVICE_STATE_DIR"] = str(STATE_DIR)
    os.environ["GRAPH_SERVICE_NEO4J_BOLT_PORT"] = str(_port())
    os.environ["GRAPH_SERVICE_NEO4J_HEAP"] = "768m"
    os.environ["GRAPH_SERVICE_NEO4J_PAGECACHE"] = "512m"
    if throwaway:
        os.environ["NEO4J_URI"] = throwaway
        os.environ["NEO4J_PASSWORD"] = throwaway_password


def _port() -> int:
    """The port the private server listens on: kept in the state folder while it runs."""
    port_file = STATE_DIR / "bolt-port"
    settings = Settings(state_dir=STATE_DIR)
    if port_file.exists():
        port = int(port_file.read_text(encoding="utf-8"))
        if neo4j_local.server_process_alive(settings) or not neo4j_local.port_taken(port):
            return port
    port = free_port()
    STATE_DIR.mkdir(parents=True, exist_ok=True)
    port_file.write_text(str(port), encoding="utf-8")
    return port


def start(settings: Settings) -> bool:
    """Start (or reuse) the private server; True when this call started it."""
    if settings.neo4j_uri:
        neo4j_local.start(settings)
        return False
    running = neo4j_local.server_process_alive(settings)
    neo4j_local.start(settings, docker=False)
    return not running


def stop(settings: Settings) -> None:
    neo4j_local.stop(settings, docker=False)

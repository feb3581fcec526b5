"""The benchmark's own Neo4j and the service under test, both on loopback.

The benchmark never touches the database the tests use (their fixtures wipe it): its Neo4j
lives in its own state folder and listens on its own Bolt port (`BenchNeo4j`), and the
service is a `uvicorn` subprocess pointed at that server (`Service`), whose peak resident
memory is read from `/proc/<pid>/status` (VmHWM).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import neo4j

from graph_service import neo4j_local
from graph_service.settings import Settings
from tests.browser.live_server import is_ready
from tests.helpers import free_port

DEFAULT_STATE_DIR = Path.home() / ".cache" / "graph-service-bench"
DEFAULT_BOLT_PORT = 7717
# Connection settings that would point the benchmark at somebody else's server.
FOREIGN_ENV = ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE")


def kib(status_field: str, pid: int) -> int | None:
    """A `kB` field of /proc/<pid>/status (VmHWM, VmRSS), in KiB; None once the process is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith(status_field + ":"):
            return int(line.split()[1])
    return None


@dataclass
class BenchNeo4j:
    """A Neo4j 5.26 managed by `graph_service.neo4j_local`, in the benchmark's own folder."""

    state_dir: Path = DEFAULT_STATE_DIR
    bolt_port: int = DEFAULT_BOLT_PORT
    heap: str = "1g"
    pagecache: str = "1g"
    pseudonym_key: str = "credit-graph-bench-pseudonym-key"

    def env(self) -> dict[str, str]:
        """The environment of every process that should use this server (and no other)."""
        env = {k: v for k, v in os.environ.items() if k not in FOREIGN_ENV}
        env.update(
            GRAPH_SERVICE_STATE_DIR=str(self.state_dir),
            GRAPH_SERVICE_NEO4J_BOLT_PORT=str(self.bolt_port),
            GRAPH_SERVICE_NEO4J_HEAP=self.heap,
            GRAPH_SERVICE_NEO4J_PAGECACHE=self.pagecache,
            GRAPH_SERVICE_PSEUDONYM_KEY=self.pseudonym_key,
        )
        return env

    def settings(self, **overrides: object) -> Settings:
        for name in FOREIGN_ENV:
            os.environ.pop(name, None)
        return Settings(
            state_dir=self.state_dir,
            neo4j_bolt_port=self.bolt_port,
            neo4j_heap=self.heap,
            neo4j_pagecache=self.pagecache,
            pseudonym_key=self.pseudonym_key,
            **overrides,  # type: ignore[arg-type]
        )

    def driver(self) -> neo4j.Driver:
        """A plain driver to this server (notifications off, as the service's)."""
        settings = self.settings()
        return neo4j.GraphDatabase.driver(
            settings.bolt_uri(),
            auth=(settings.neo4j_user, settings.bolt_password()),
            notifications_min_severity="OFF",
        )

    @property
    def home(self) -> Path:
        return self.settings().local_home

    def start(self) -> str:
        """Provision (first time) and start; restart when the memory settings changed."""
        settings = self.settings()
        conf = settings.local_home / "conf" / "neo4j.conf"
        wanted = f"server.memory.heap.max_size={self.heap}\n"
        wanted_cache = f"server.memory.pagecache.size={self.pagecache}\n"
        if conf.exists():
            text = conf.read_text(encoding="utf-8")
            if (wanted not in text or wanted_cache not in text) and neo4j_local.status(
                settings
            ).running:
                neo4j_local.stop(settings)
        state = neo4j_local.start(settings)
        return state.uri

    def stop(self) -> None:
        neo4j_local.stop(self.settings())

    def running(self) -> bool:
        return neo4j_local.status(self.settings()).running

    def pid(self) -> int | None:
        pid_file = self.home / "run" / "neo4j.pid"
        try:
            return int(pid_file.read_text(encoding="utf-8").strip())
        except (OSError, ValueError):
            return None

    def wipe(self) -> None:
        """An empty `neo4j` database, fast at any size: stop, remove its store and
        transaction logs, start (Neo4j recreates the default database)."""
        self.stop()
        data = self.home / "data"
        for path in (data / "databases" / "neo4j", data / "transactions" / "neo4j"):
            if path.exists():
                shutil.rmtree(path)
        self.start()

    def version(self) -> str:
        return self.settings().neo4j_version


@dataclass
class Service:
    """`uvicorn graph_service.asgi:app` in a subprocess on a free loopback port."""

    env: dict[str, str]
    admin_token: str
    workers: int = 1
    cwd: Path | None = None  # a checkout to run the service from (default: this one)
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    log: IO[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, log_path: Path, timeout: float = 120.0) -> None:
        env = {
            **self.env,
            "GRAPH_SERVICE_ADMIN_TOKEN": self.admin_token,
            "GRAPH_SERVICE_WORKERS": str(self.workers),
        }
        env.setdefault("GRAPH_SERVICE_LOG_LEVEL", "WARNING")
        if self.cwd is not None:  # its packages first, before this checkout's installed ones
            env["PYTHONPATH"] = str(self.cwd)
        self.log = log_path.open("wb")
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "graph_service.asgi:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--no-access-log",
            "--log-level",
            "warning",
        ]
        if self.workers > 1:
            command += ["--workers", str(self.workers)]
        self.process = subprocess.Popen(
            command, env=env, stdout=self.log, stderr=self.log, cwd=self.cwd
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"the service exited ({self.process.returncode}); see {log_path}"
                )
            if is_ready(self.base):
                return
            time.sleep(0.25)
        raise RuntimeError(f"the service on {self.base} did not become ready; see {log_path}")

    def pids(self) -> list[int]:
        """The server process and, with --workers, its worker processes."""
        if self.process is None:
            return []
        pids = [self.process.pid]
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        with contextlib.suppress(OSError):
            pids += [int(p) for p in children.read_text(encoding="utf-8").split()]
        return pids

    def peak_rss_kib(self) -> int:
        """Peak resident memory (VmHWM) summed over the server's processes."""
        return sum(kib("VmHWM", pid) or 0 for pid in self.pids())

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.log is not None:
            self.log.close()

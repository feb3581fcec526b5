"""`graph-service neo4j start|stop|status`: a real Neo4j 5.26 LTS without Docker when needed.

Order of preference (DESIGN.md §3): a server already answering at NEO4J_URI; Docker Compose
where a Docker engine answers; else the jar closure of `org.neo4j:neo4j` from Maven Central,
cached per version, started with the official bootloader classes (the code path of `bin/neo4j`).
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import DriverError, Neo4jError

from graph_service.errors import Neo4jProvisionError
from graph_service.settings import Settings, write_private

DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies"
BOOT_COMMAND = "org.neo4j.server.startup.Neo4jCommand"
ADMIN_COMMAND = "org.neo4j.server.startup.Neo4jAdminCommand"
JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
)


@dataclass(frozen=True)
class ServerStatus:
    """What `status` reports."""

    uri: str
    running: bool
    managed_by: str  # "external", "docker" or "local"
    detail: str


def answers(uri: str, user: str, password: str, database: str) -> bool:
    """True when `RETURN 1` succeeds on the database (Bolt alone may answer earlier)."""
    try:
        with (
            GraphDatabase.driver(uri, auth=(user, password), connection_timeout=3.0) as driver,
            driver.session(database=database) as session,
        ):
            session.run("RETURN 1").consume()
    except (Neo4jError, DriverError, OSError, ValueError):
        return False
    return True


def docker_engine_answers() -> bool:
    if shutil.which("docker") is None:
        return False
    try:
        done = subprocess.run(["docker", "info"], capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    java = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
    if not java or not Path(java).exists():
        raise Neo4jProvisionError(
            "Java 17 or 21 is needed to run Neo4j 5.26: install it with "
            "`apt-get install openjdk-17-jre-headless` (or set JAVA_HOME)"
        )
    done = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    match = re.search(r'version "(\d+)', done.stderr)
    if match is None or int(match.group(1)) < 17:
        raise Neo4jProvisionError(f"Neo4j 5.26 needs Java 17 or 21; {java} reports {done.stderr!r}")
    return java


def port_taken(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1.0)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def provision_jars(settings: Settings) -> Path:
    """Fetch the jar closure of org.neo4j:neo4j into the version's cache once."""
    lib = settings.jar_cache
    marker = lib / ".complete"
    if marker.exists():
        return lib
    mvn = shutil.which("mvn")
    if mvn is None:
        raise Neo4jProvisionError(
            "Maven is needed to fetch Neo4j from Maven Central: `apt-get install maven`"
        )
    artifact = f"org.neo4j:neo4j:{settings.neo4j_version}"
    lib.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        pom = Path(work) / "pom.xml"
        pom.write_text(_pom(settings.neo4j_version), encoding="utf-8")
        done = subprocess.run(
            [
                mvn,
                "-q",
                "-B",
                "-f",
                str(pom),
                DEPENDENCY_PLUGIN,
                "-DincludeScope=runtime",
                f"-DoutputDirectory={lib}",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    if done.returncode != 0 or not any(lib.glob("neo4j-*.jar")):
        tail = (done.stdout + done.stderr).strip().splitlines()[-5:]
        raise Neo4jProvisionError(
            f"could not download {artifact} (and its dependencies) from Maven Central: "
            + " | ".join(tail)
        )
    marker.write_text(artifact + "\n", encoding="utf-8")
    return lib


def _pom(version: str) -> str:
    return (
        '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
        "<groupId>local.graph-service</groupId><artifactId>neo4j-server</artifactId>"
        "<version>1</version><packaging>pom</packaging><dependencies><dependency>"
        f"<groupId>org.neo4j</groupId><artifactId>neo4j</artifactId><version>{version}</version>"
        "</dependency></dependencies></project>"
    )


def write_config(settings: Settings) -> Path:
    """A loopback-only, authenticated configuration sized for a 2-core / 24 GiB machine."""
    home = settings.local_home
    conf_dir = home / "conf"
    for sub in ("conf", "data", "logs", "run", "import", "plugins"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    lines = [
        "server.default_listen_address=127.0.0.1",
        f"server.bolt.listen_address=127.0.0.1:{settings.neo4j_bolt_port}",
        "server.http.enabled=false",
        "server.https.enabled=false",
        "dbms.security.auth_enabled=true",
        f"server.directories.data={home / 'data'}",
        f"server.directories.logs={home / 'logs'}",
        f"server.directories.run={home / 'run'}",
        f"server.directories.import={home / 'import'}",
        f"server.directories.plugins={home / 'plugins'}",
        f"server.directories.transaction.logs.root={home / 'data' / 'transactions'}",
        f"server.memory.heap.initial_size={settings.neo4j_heap}",
        f"server.memory.heap.max_size={settings.neo4j_heap}",
        f"server.memory.pagecache.size={settings.neo4j_pagecache}",
        "db.tx_log.rotation.retention_policy=1 days",
        "dbms.usage_report.enabled=false",
        "db.transaction.timeout=15m",
        # A transaction past its timeout is ended when the monitor next looks (2 s by default):
        # GRAPH_SERVICE_QUERY_TIMEOUT then holds to a tenth of a second.
        "db.transaction.monitor.check.interval=100ms",
        *(f"server.jvm.additional={flag}" for flag in JVM_FLAGS),
    ]
    conf = conf_dir / "neo4j.conf"
    conf.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return conf_dir


def _boot(
    settings: Settings, java: str, *args: str, timeout: float = 300.0
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "NEO4J_HOME": str(settings.local_home),
        "NEO4J_CONF": str(settings.local_home / "conf"),
    }
    classpath = f"{settings.jar_cache}/*"
    return subprocess.run(
        [java, "-cp", classpath, *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )


def admin(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    """`neo4j-admin <args>` on the managed server's home, through the same bootloader classes
    as `bin/neo4j-admin` (a dump or load of a large database takes minutes: up to an hour)."""
    provision_jars(settings)
    write_config(settings)
    return _boot(settings, _java(), ADMIN_COMMAND, *args, timeout=3600.0)


def _ensure_password(settings: Settings, java: str) -> str:
    """Generate the initial password once, before the first start (kept 0600)."""
    if settings.password_file.exists():
        return settings.bolt_password()
    if (settings.local_home / "data" / "databases" / "system").exists():
        raise Neo4jProvisionError(
            f"{settings.local_home} holds a database but no password file; "
            "remove that folder to start afresh"
        )
    password = secrets.token_hex(16)  # never starts with "-" (read as an option by the CLI)
    done = _boot(settings, java, ADMIN_COMMAND, "dbms", "set-initial-password", password)
    if done.returncode != 0:
        raise Neo4jProvisionError(f"setting the initial password failed: {done.stderr.strip()}")
    write_private(settings.password_file, password)
    return password


def status(settings: Settings) -> ServerStatus:
    uri = settings.bolt_uri()
    running = answers(uri, settings.neo4j_user, settings.bolt_password(), settings.neo4j_database)
    if settings.neo4j_uri:
        return ServerStatus(uri, running, "external", "NEO4J_URI is set")
    pid_file = settings.local_home / "run" / "neo4j.pid"
    detail = f"home {settings.local_home}" + (" (pid file present)" if pid_file.exists() else "")
    return ServerStatus(uri, running, "local", detail)


def start(settings: Settings, *, docker: bool = True) -> ServerStatus:
    """Reuse a running server, else Docker Compose, else provision and start the local one.

    `docker=False` always starts the server of `settings.state_dir` (the test suite's own)."""
    user, database = settings.neo4j_user, settings.neo4j_database
    if settings.neo4j_uri:
        if answers(settings.neo4j_uri, user, settings.bolt_password(), database):
            return ServerStatus(settings.neo4j_uri, True, "external", "reused NEO4J_URI")
        raise Neo4jProvisionError(f"NEO4J_URI={settings.neo4j_uri} is set but does not answer")
    if docker and docker_engine_answers():
        return _start_docker(settings)
    java = _java()
    provision_jars(settings)
    write_config(settings)
    password = _ensure_password(settings, java)
    uri = settings.bolt_uri()
    if port_taken(settings.neo4j_bolt_port):
        if not server_process_alive(settings):
            raise Neo4jProvisionError(
                f"port {settings.neo4j_bolt_port} is taken by another program (or another "
                "Neo4j); free it or set GRAPH_SERVICE_NEO4J_BOLT_PORT"
            )
        if _wait(settings, uri, password, timeout=60.0):  # ours, running or still starting
            return ServerStatus(uri, True, "local", "reused the running server")
        raise Neo4jProvisionError(
            f"the managed Neo4j runs but does not answer; see {settings.local_home / 'logs'}"
        )
    _remove_stale_pid(settings)
    done = _boot(settings, java, BOOT_COMMAND, "start")
    if done.returncode != 0 and "already running" not in done.stdout + done.stderr:
        raise Neo4jProvisionError(
            f"Neo4j did not start: {(done.stdout + done.stderr).strip()[-500:]}; "
            f"see {settings.local_home / 'logs' / 'neo4j.log'}"
        )
    if not _wait(settings, uri, password, timeout=settings.neo4j_start_timeout):
        raise Neo4jProvisionError(
            f"Neo4j did not answer within {settings.neo4j_start_timeout:.0f} s; see "
            f"{settings.local_home / 'logs' / 'neo4j.log'} and debug.log beside it"
        )
    return ServerStatus(uri, True, "local", f"started (home {settings.local_home})")


def server_process_alive(settings: Settings) -> bool:
    """Whether the pid file names a live process: after a kill -9 the file outlives the
    server, and an unreaped (zombie) process still answers signals, so its state is read."""
    pid_file = settings.local_home / "run" / "neo4j.pid"
    try:
        pid = int(pid_file.read_text(encoding="utf-8").strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in {"Z", "X"}


def _remove_stale_pid(settings: Settings) -> None:
    """The bootloader refuses to start while a stale pid file names a dead process."""
    pid_file = settings.local_home / "run" / "neo4j.pid"
    if pid_file.exists() and not server_process_alive(settings):
        pid_file.unlink()


def _wait(settings: Settings, uri: str, password: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if answers(uri, settings.neo4j_user, password, settings.neo4j_database):
            return True
        time.sleep(1.0)
    return False


def stop(settings: Settings, *, docker: bool = True) -> ServerStatus:
    uri = settings.bolt_uri()
    if settings.neo4j_uri:
        return ServerStatus(uri, True, "external", "NEO4J_URI is set: not ours to stop")
    if docker and docker_engine_answers():
        subprocess.run(["docker", "compose", "stop", "neo4j"], check=False)
        return ServerStatus(uri, False, "docker", "stopped the compose service")
    if not settings.jar_cache.joinpath(".complete").exists():
        return ServerStatus(uri, False, "local", "never provisioned")
    done = _boot(settings, _java(), BOOT_COMMAND, "stop")
    return ServerStatus(uri, False, "local", (done.stdout + done.stderr).strip().splitlines()[-1])


def _start_docker(settings: Settings) -> ServerStatus:
    password = settings.bolt_password()
    if not password:
        password = secrets.token_hex(16)  # never starts with "-" (read as an option by the CLI)
        write_private(settings.password_file, password)
    env = {**os.environ, "NEO4J_PASSWORD": password}
    done = subprocess.run(
        ["docker", "compose", "up", "-d", "--wait", "neo4j"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise Neo4jProvisionError(f"docker compose up failed: {done.stderr.strip()[-500:]}")
    uri = settings.bolt_uri()
    if not _wait(settings, uri, password, timeout=settings.neo4j_start_timeout):
        raise Neo4jProvisionError(
            "the compose neo4j service did not answer; see `docker compose logs`"
        )
    return ServerStatus(uri, True, "docker", "docker compose service neo4j")

"""`graph-service backup FILE` and `graph-service restore FILE` for the managed Neo4j.

The archive is a tar file (mode 0600: it holds every record and the pseudonym key) of:

- `<database>.dump`: Neo4j's own `neo4j-admin database dump`, run through the bootloader
  classes `graph-service neo4j` uses (`neo4j_local.admin`). Neo4j Community edition dumps and
  loads only a **stopped** database, so both commands stop the managed server, say so on the
  console, and start it again (the service answers 503 meanwhile).
- `pseudonym.key`: the key file of the state folder, when the service generated one: person
  ids are HMACs under it (R-SUBJ-1), and the audit chain's key derives from it.
- `manifest.json`: what must match on restore (the Neo4j version, the schema versions, a
  fingerprint of the pseudonym key) and what the restore checks afterwards (counts, the audit
  chains' lengths, the dump's SHA-256).

A restore refuses an external server (`NEO4J_URI`), another Neo4j version, a schema newer than
this code, and a pseudonym key that differs from a configured `GRAPH_SERVICE_PSEUDONYM_KEY`;
after loading it compares the counts and walks the audit chains (`audit.verify`).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tarfile
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graph_service import neo4j_local
from graph_service.application.store import opened
from graph_service.errors import GraphServiceError
from graph_service.settings import Settings, write_private
from graph_service.store import audit
from graph_service.store.db import Database
from graph_service.store.queries import QueryRegistry
from graph_service.store.schema import migrate

FORMAT = "credit-graph-backup/1"
MANIFEST = "manifest.json"
KEY_FILE = "pseudonym.key"
Say = Callable[[str], None]


class BackupRefused(GraphServiceError):
    """A backup or restore that cannot be done as asked, or whose result does not check."""

    slug, title = "backup", "Backup or restore refused"


@dataclass
class BackupReport:
    """What a backup or a restore did."""

    archive: Path
    bytes: int
    seconds: float
    counts: dict[str, int]
    chains: list[audit.ChainReport] = field(default_factory=list)


def key_fingerprint(secret: str) -> str:
    """Tells two pseudonym keys apart without revealing either."""
    return hashlib.sha256(b"credit-graph pseudonym key\n" + secret.encode()).hexdigest()


def _managed_only(settings: Settings, what: str) -> None:
    if settings.neo4j_uri:
        raise BackupRefused(
            f"{what} works on the Neo4j that `graph-service neo4j` manages; NEO4J_URI="
            f"{settings.neo4j_uri} names an external server, which this command will not stop "
            "or overwrite: use that server's own backup tooling (neo4j-admin on its host)"
        )
    if neo4j_local.docker_engine_answers():
        raise BackupRefused(
            f"{what}: the managed Neo4j runs under Docker Compose here; use `docker compose "
            "exec neo4j neo4j-admin database dump|load` with the compose service stopped"
        )


def _counts(db: Database) -> dict[str, int]:
    """Nodes, relationships and the kinds a restore must find again, by name (the manifest's
    `counts`, compared after a restore)."""
    row = db.count_graph()
    assert row is not None  # an aggregation without grouping always answers one row
    return row._asdict()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _stop(settings: Settings, say: Say, why: str) -> None:
    say(
        f"Neo4j Community edition can {why} only a stopped database: stopping the managed "
        f"server ({settings.local_home}) now; the service answers 503 until it is back."
    )
    neo4j_local.stop(settings, docker=False)
    deadline = time.monotonic() + 120.0
    while neo4j_local.server_process_alive(settings):
        if time.monotonic() > deadline:
            raise BackupRefused("the managed Neo4j did not stop within 120 s; nothing was done")
        time.sleep(0.5)


def _start(settings: Settings, say: Say) -> None:
    say("starting the managed server again")
    neo4j_local.start(settings, docker=False)


def _admin(settings: Settings, *args: str) -> None:
    done = neo4j_local.admin(settings, *args)
    if done.returncode != 0:
        raise BackupRefused(
            f"neo4j-admin {' '.join(args[:2])} failed: {(done.stdout + done.stderr).strip()[-500:]}"
        )


def backup(settings: Settings, archive: Path, say: Say) -> BackupReport:
    """Stop the managed server, dump its database, start it again, and write the archive."""
    _managed_only(settings, "backup")
    started = time.monotonic()
    with opened(settings, migrated=False) as db:
        applied = db.read_schema_version()
        counts = _counts(db)
    key_file = settings.state_dir / KEY_FILE
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "created_at": datetime.now(UTC).isoformat(),
        "neo4j_version": settings.neo4j_version,
        "database": settings.neo4j_database,
        "schema_versions": applied.applied if applied else [],
        "pseudonym_key_fingerprint": key_fingerprint(settings.pseudonym_secret()),
        "pseudonym_key_file": settings.pseudonym_key is None and key_file.exists(),
        "counts": counts,
    }
    with tempfile.TemporaryDirectory(dir=archive.parent) as work:
        folder = Path(work)
        _stop(settings, say, "dump")
        try:
            _admin(
                settings,
                "database",
                "dump",
                f"--to-path={folder}",
                "--overwrite-destination=true",
                settings.neo4j_database,
            )
        finally:
            _start(settings, say)
        dump = folder / f"{settings.neo4j_database}.dump"
        manifest["dump_sha256"] = _sha256(dump)
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        partial = folder / "archive.tar"
        partial.touch(mode=0o600)
        with tarfile.open(partial, "w") as tar:
            tar.add(folder / MANIFEST, arcname=MANIFEST)
            tar.add(dump, arcname=dump.name)
            if manifest["pseudonym_key_file"]:
                tar.add(key_file, arcname=KEY_FILE)
        partial.chmod(0o600)
        partial.replace(archive)
    size = archive.stat().st_size
    say(f"backup written: {archive} ({size:,} bytes)")
    return BackupReport(archive, size, time.monotonic() - started, counts)


def _read_archive(archive: Path, folder: Path) -> dict[str, Any]:
    try:
        with tarfile.open(archive, "r") as tar:
            tar.extractall(folder, filter="data")
        manifest: dict[str, Any] = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, tarfile.TarError, ValueError) as exc:
        raise BackupRefused(f"{archive} is not a credit-graph backup: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupRefused(f"{archive} is not a {FORMAT} archive")
    return manifest


def _check(settings: Settings, manifest: dict[str, Any], folder: Path) -> None:
    """Everything that must match, checked before the server is touched."""
    if manifest["neo4j_version"] != settings.neo4j_version:
        raise BackupRefused(
            f"the backup is of Neo4j {manifest['neo4j_version']} and this server runs "
            f"{settings.neo4j_version} (GRAPH_SERVICE_NEO4J_VERSION): restore with the same "
            "version, then upgrade"
        )
    if manifest["database"] != settings.neo4j_database:
        raise BackupRefused(
            f"the backup is of database {manifest['database']!r}; NEO4J_DATABASE is "
            f"{settings.neo4j_database!r}"
        )
    known = {version for version, _ in QueryRegistry.load().schema_migrations()}
    newer = sorted(set(manifest["schema_versions"]) - known)
    if newer:
        raise BackupRefused(
            f"the backup has schema versions {newer} that this code does not know: restore it "
            "with the release that wrote it"
        )
    archived = manifest["pseudonym_key_fingerprint"]
    if settings.pseudonym_key is not None:
        if key_fingerprint(settings.pseudonym_key.get_secret_value()) != archived:
            raise BackupRefused(
                "the backup's person ids were made with another pseudonym key than the "
                "configured GRAPH_SERVICE_PSEUDONYM_KEY: restoring would make every person "
                "unfindable and the audit chain unverifiable; set the key the backup was made "
                "with (nothing was changed)"
            )
    elif not manifest["pseudonym_key_file"]:
        raise BackupRefused(
            "the backup was made with a pseudonym key given by GRAPH_SERVICE_PSEUDONYM_KEY and "
            "does not carry it: set that key and run the restore again (nothing was changed)"
        )
    dump = folder / f"{manifest['database']}.dump"
    if not dump.exists() or _sha256(dump) != manifest["dump_sha256"]:
        raise BackupRefused("the archive's dump is missing or damaged (SHA-256 differs)")


def _install_key(settings: Settings, folder: Path, say: Say) -> None:
    """The archive's key becomes the state folder's; a different one is kept aside."""
    if settings.pseudonym_key is not None:
        return
    target = settings.state_dir / KEY_FILE
    archived = (folder / KEY_FILE).read_text(encoding="utf-8").strip()
    if target.exists():
        current = target.read_text(encoding="utf-8").strip()
        if current == archived:
            return
        aside = target.with_name(f"{KEY_FILE}.before-restore-{int(time.time())}")
        shutil.copy2(target, aside)
        say(f"the state folder's pseudonym key differed from the backup's: kept as {aside}")
    write_private(target, archived)


def restore(settings: Settings, archive: Path, say: Say) -> BackupReport:
    """Check the archive, stop the managed server, load the dump over its database, install
    the pseudonym key, start it again, then compare the counts and verify the audit chains."""
    _managed_only(settings, "restore")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(dir=archive.parent) as work:
        folder = Path(work)
        manifest = _read_archive(archive, folder)
        _check(settings, manifest, folder)
        say(f"restoring {archive} (made {manifest['created_at']}) over the managed database")
        _stop(settings, say, "load")
        try:
            _admin(
                settings,
                "database",
                "load",
                f"--from-path={folder}",
                "--overwrite-destination=true",
                settings.neo4j_database,
            )
            _install_key(settings, folder, say)
        finally:
            _start(settings, say)
    with opened(settings, migrated=False) as db:
        counts = _counts(db)
        if counts != manifest["counts"]:
            raise BackupRefused(
                f"the restored database's counts {counts} differ from the backup's "
                f"{manifest['counts']}"
            )
        migrate(db)  # after the comparison: the counts are the archive's, as it was dumped
        chains = audit.verify(db)
    return BackupReport(archive, archive.stat().st_size, time.monotonic() - started, counts, chains)

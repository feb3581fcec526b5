"""`graph-service load --bulk DIR`: the first load of an empty database through Neo4j's
`neo4j-admin database import full` (issue 17).

The files pass the same check pass as `graph-service load` (`loaders.files.check_files`: row
rules, references, share sums, Art. 28 entry checks). Instead of upserting the rows, this
module writes the nodes and relationships the upserts would create (the same labels,
properties, links and notifications, `ingest/upsert_<kind>.cypher`) into CSV
files, stops the managed server, imports them (which replaces the whole database: hence only
an empty one, and only the managed server), starts it again and then does what the normal path
leaves to the graph: the schema migrations (constraints and indexes), each entry's effect
(`set_entry_effect`, the one place that decides it) and the watches' re-screen note. The
measure catalogue, a few rows whose lists may be empty, is written by the normal upsert after
the restart. The state changes of the records, entries and commitments created are chained in
the import files by `store.audit.chain_for_import`, one per node as `record_changes` would
leave them (docs/DECISIONS.md), and the chains are walked once the server is back.
"""

from __future__ import annotations

import csv
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Final, TextIO

from graph_service import neo4j_local
from graph_service.domain.enums import IngestKind
from graph_service.domain.vocabulary import SANCTION_LIST_TYPES
from graph_service.engine.monitor import Monitor, Seeds
from graph_service.errors import GraphServiceError
from graph_service.settings import Settings
from graph_service.store import audit
from graph_service.store.db import Database
from graph_service.store.ingest import (
    CHUNK,
    Ingestor,
    Prepared,
    ingest_change,
)
from graph_service.store.queries import QueryRegistry
from graph_service.store.runner import chunks
from graph_service.store.schema import migrate
from loaders.files import FileError, FileReport, LoadProgress, check_files

# Between the elements of an array property in the import files (no code, role or list id
# holds it: checked as the files are written).
ARRAY_DELIMITER: Final = "|"
# The property types of the import files' headers, by property name; any other is a string.
_TYPES: Final[dict[str, str]] = {
    **dict.fromkeys(
        (
            "valid_from",
            "valid_to",
            "act_start",
            "act_end",
            "published_at",
            "listed_at",
            "made_on",
            "due_on",
            "received_at",
            "notified_on",
        ),
        "date",
    ),
    **dict.fromkeys(("at", "locked_at"), "datetime"),
    **dict.fromkeys(("serious", "all_matters"), "boolean"),
    **dict.fromkeys(("roles", "list_ids", "matter_codes"), "string[]"),
    "ratio": "double",
    "seq": "long",
}
# Every property a StateChange may carry, in the import file's column order.
_CHANGE_COLUMNS: Final = (
    "node",
    "node_type",
    "from",
    "to",
    "reason",
    "by",
    "changes",
    "at",
    "seq",
    "digest",
    "hash",
)

Say = Callable[[str], None]


class BulkRefused(GraphServiceError):
    """A bulk load that cannot be done as asked: an external server, a database that holds
    data, or an import that failed."""

    slug, title = "bulk-load", "Bulk load refused"


@dataclass
class BulkReport:
    """Every file's report (check pass; `write_seconds` is the writing of its import rows),
    the errors that refused the load (then nothing was written), and the seconds of each
    phase after the files: import, restart, migrations and derived properties, audit walk."""

    files: list[FileReport]
    errors: list[FileError]
    seconds: float
    phases: dict[str, float] = field(default_factory=dict)
    nodes: int = 0
    relationships: int = 0
    chains: list[audit.ChainReport] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(report.rows for report in self.files)


def _cell(value: Any) -> Any:
    """A property value as neo4j-admin reads it; an empty cell is no property (as null)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):  # datetime too
        return value.isoformat()
    if isinstance(value, list):
        for element in value:
            if ARRAY_DELIMITER in element:
                raise BulkRefused(
                    f"{element!r} holds {ARRAY_DELIMITER!r}, the import files' array "
                    "delimiter: load these files with `graph-service load` instead"
                )
        return ARRAY_DELIMITER.join(value)
    return value


class _Table:
    """One import file: a header naming each column's role and type, then a row per node or
    relationship; the columns are fixed by the first row."""

    def __init__(self, path: Path, keys: list[str], columns: Iterable[str]) -> None:
        self.path = path
        self.columns = list(columns)
        self.handle: TextIO = path.open("w", encoding="utf-8", newline="")
        self.writer = csv.writer(self.handle)
        self.writer.writerow(
            [*keys, *(f"{name}:{_TYPES.get(name, 'string')}" for name in self.columns)]
        )
        self.rows = 0

    def add(self, keys: list[str], props: dict[str, Any]) -> None:
        if len(props) > len(self.columns):
            raise ValueError(f"{self.path.name}: properties beyond {self.columns}")
        self.writer.writerow([*keys, *(_cell(props.get(name)) for name in self.columns)])
        self.rows += 1


class _ImportFiles:
    """The node and relationship files of one import. Each node kind has an id space named
    by its label, keyed by the property its upsert MERGEs on; notifications and state changes
    have no such property, so they get an id that is not stored."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.nodes: dict[tuple[str, ...], _Table] = {}
        self.relationships: dict[tuple[str, str, str], _Table] = {}
        self.serial = 0

    def node(
        self, labels: tuple[str, ...], key_name: str | None, key: str, props: dict[str, Any]
    ) -> None:
        table = self.nodes.get(labels)
        if table is None:
            stored = key_name or ""
            path = self.folder / f"nodes-{'-'.join(labels)}.csv"
            table = self.nodes[labels] = _Table(path, [f"{stored}:ID({labels[0]})"], props)
        table.add([key], props)

    def new_key(self) -> str:
        self.serial += 1
        return str(self.serial)

    def link(
        self,
        rel_type: str,
        start: tuple[str, str],
        end: tuple[str, str],
        props: dict[str, Any] | None = None,
    ) -> None:
        """A relationship from (space, key) `start` to (space, key) `end`."""
        index = (rel_type, start[0], end[0])
        table = self.relationships.get(index)
        if table is None:
            path = self.folder / f"rels-{rel_type}-{start[0]}-{end[0]}.csv"
            keys = [f":START_ID({start[0]})", f":END_ID({end[0]})"]
            table = self.relationships[index] = _Table(path, keys, props or {})
        table.add([start[1], end[1]], props or {})

    def close(self) -> list[str]:
        """Close every file; the `--nodes` and `--relationships` options that import them."""
        options = []
        for labels, table in self.nodes.items():
            table.handle.close()
            options.append(f"--nodes={':'.join(labels)}={table.path}")
        for (rel_type, _, _), table in self.relationships.items():
            table.handle.close()
            options.append(f"--relationships={rel_type}={table.path}")
        return options

    @property
    def counts(self) -> tuple[int, int]:
        return (
            sum(t.rows for t in self.nodes.values()),
            sum(t.rows for t in self.relationships.values()),
        )


@dataclass
class _Writer:
    """Turns each kind's checked rows into what its upsert query would create in an empty
    database (`ingest/upsert_<kind>.cypher`, `link_domain_parents`)."""

    files: _ImportFiles
    actor: str
    at: datetime
    today: date
    changes: list[audit.Change] = field(default_factory=list)
    list_types: dict[str, str] = field(default_factory=dict)
    documents: dict[str, str | None] = field(default_factory=dict)
    entry_ids: list[str] = field(default_factory=list)
    after_import: list[tuple[IngestKind, Prepared]] = field(default_factory=list)

    def write(self, kind: IngestKind, rows: Prepared) -> None:
        getattr(self, f"_{kind.value}")(rows)

    def _coded(self, label: str, rows: Prepared, columns: tuple[str, ...]) -> None:
        for r in rows:
            self.files.node((label,), "code", r["code"], {c: r[c] for c in columns})

    def _domains(self, rows: Prepared) -> None:
        self._coded("Domain", rows, ("name", "digest"))
        for r in rows:
            if r["parent"] is not None:
                self.files.link("SUBDOMAIN_OF", ("Domain", r["code"]), ("Domain", r["parent"]))

    def _matters(self, rows: Prepared) -> None:
        self._coded("Matter", rows, ("name", "digest"))
        for r in rows:
            self.files.link("IN_DOMAIN", ("Matter", r["code"]), ("Domain", r["domain"]))

    def _authorities(self, rows: Prepared) -> None:
        self._coded("Authority", rows, ("name", "region", "digest"))

    def _catalogue(self, rows: Prepared) -> None:
        self._coded("CatalogueItem", rows, ("name", "disclosure", "digest"))

    def _subjects(self, rows: Prepared) -> None:
        for r in rows:
            self.files.node(("Subject", r["label"]), "id", r["id"], r["props"])

    def _roles(self, rows: Prepared) -> None:
        for r in rows:
            props = {k: r[k] for k in ("valid_from", "valid_to", "digest")}
            self.files.link(r["type"], ("Subject", r["holder"]), ("Subject", r["org"]), props)

    def _holdings(self, rows: Prepared) -> None:
        for r in rows:
            props = {k: r[k] for k in ("valid_from", "ratio", "valid_to", "digest")}
            self.files.link(
                "HOLDS_SHARES_IN", ("Subject", r["holder"]), ("Subject", r["org"]), props
            )

    def _branches(self, rows: Prepared) -> None:
        for r in rows:
            self.files.link("BRANCH_OF", ("Subject", r["branch"]), ("Subject", r["parent"]))

    def _records(self, rows: Prepared) -> None:
        for r in rows:
            props = {"state": "in_force", "received_at": self.today, **r["props"]}
            self.files.node(("Record", r["label"]), "id", r["id"], props)
            record = ("Record", r["id"])
            self.files.link("HAS_RECORD", ("Subject", r["subject"]), record)
            self.files.link("IN_DOMAIN", record, ("Domain", r["domain"]))
            self.files.link("CLASSIFIED_AS", record, ("CatalogueItem", r["catalogue_item"]))
            self.files.link("PROVIDED_BY", record, ("Authority", r["provider"]))
            self.documents[r["id"]] = r["props"]["document"]
            node = {"id": r["id"], "state": "in_force"}
            self.changes.append(ingest_change(IngestKind.RECORDS, "created", node, self.actor))

    def _lists(self, rows: Prepared) -> None:
        for r in rows:
            self.files.node(("List",), "id", r["id"], r["props"])
            self.files.link("ISSUED_BY", ("List", r["id"]), ("Authority", r["issuer"]))
            self.list_types[r["id"]] = r["props"]["type"]

    def _recognitions(self, rows: Prepared) -> None:
        columns = ("region", "list_type", "valid_from", "valid_to", "digest")
        for r in rows:
            self.files.node(("Recognition",), "key", r["key"], {c: r[c] for c in columns})

    def _entries(self, rows: Prepared) -> None:
        for r in rows:
            state = "proposed" if r["proposed"] else "in_force"
            self.files.node(("ListEntry",), "id", r["id"], {"state": state, **r["props"]})
            entry = ("ListEntry", r["id"])
            self.files.link("ON", entry, ("List", r["list"]))
            self.files.link("LISTS", entry, ("Subject", r["subject"]))
            if r["record"] is not None:
                self.files.link("BASED_ON", entry, ("Record", r["record"]))
            list_type = self.list_types[r["list"]]
            if list_type in SANCTION_LIST_TYPES:  # Art. 24 para. 1, as upsert_entries notifies
                self._notify(r, list_type)
            self.entry_ids.append(r["id"])
            node = {"id": r["id"], "state": state}
            self.changes.append(ingest_change(IngestKind.ENTRIES, "created", node, self.actor))

    def _notify(self, r: dict[str, Any], list_type: str) -> None:
        props = r["props"]
        key = self.files.new_key()
        notification = {
            "to": r["subject"],
            "at": self.at,
            "kind": "PROPOSED_LISTING" if r["proposed"] else "LISTING",
            "notified_on": r["notified_on"],
            "list": r["list"],
            "list_type": list_type,
            "record": r["record"],
            "document": self.documents.get(r["record"]) if r["record"] is not None else None,
            "basis": props["basis"],
            "remedy": props["remedy"],
            "removal_conditions": props["removal_conditions"],
            "what": f"entry {r['id']} on list {r['list']}",
        }
        self.files.node(("Notification",), None, key, notification)
        self.files.link("NOTIFIED", ("ListEntry", r["id"]), ("Notification", key))

    def _measures(self, rows: Prepared) -> None:
        """The measure catalogue (a few hundred rows at most) is written by the normal path
        once the server is back: its list properties may be empty lists, which an import
        file cannot tell from no property."""
        self.after_import.append((IngestKind.MEASURES, rows))

    def _commitments(self, rows: Prepared) -> None:
        for r in rows:
            self.files.node(("Commitment",), "id", r["id"], r["props"])
            commitment = ("Commitment", r["id"])
            self.files.link("MADE", ("Subject", r["subject"]), commitment)
            self.files.link("FOR_MATTER", commitment, ("Matter", r["matter"]))
            if r["authority"] is not None:
                self.files.link("HELD_BY", commitment, ("Authority", r["authority"]))
            node = {"id": r["id"], "state": r["props"]["kind"]}
            self.changes.append(ingest_change(IngestKind.COMMITMENTS, "created", node, self.actor))

    def chain(self, settings: Settings) -> None:
        """The state changes, chained as `record_changes` would chain them, on their owners."""
        if not self.changes:
            return
        chained = audit.chain_for_import(settings, self.changes, self.at)
        for change, props in zip(self.changes, chained.entries, strict=True):
            if not set(props) <= set(_CHANGE_COLUMNS):
                raise ValueError(f"a state change with properties beyond {_CHANGE_COLUMNS}")
            key = self.files.new_key()
            self.files.node(("StateChange",), None, key, {c: props.get(c) for c in _CHANGE_COLUMNS})
            self.files.link("HAS_CHANGE", (change.owner_label, change.owner), ("StateChange", key))
        head = dict(chained.head)
        self.files.node(("AuditHead",), "chain", head.pop("chain"), head)


def _refuse_unmanaged(settings: Settings) -> None:
    if settings.neo4j_uri:
        raise BulkRefused(
            f"the bulk load replaces the database of the Neo4j that `graph-service neo4j` "
            f"manages, stopped; NEO4J_URI={settings.neo4j_uri} names a server this command "
            "will not stop or overwrite: use `graph-service load` (without --bulk) there"
        )
    if neo4j_local.docker_engine_answers():
        raise BulkRefused(
            "the managed Neo4j runs under Docker Compose here: use `graph-service load` "
            "(without --bulk), or `neo4j-admin database import` inside the stopped container"
        )


def _stop(settings: Settings, say: Say) -> None:
    say(
        "neo4j-admin imports only into a stopped database: stopping the managed server "
        f"({settings.local_home}); the service answers 503 until it is back"
    )
    neo4j_local.stop(settings, docker=False)
    deadline = time.monotonic() + 120.0
    while neo4j_local.server_process_alive(settings):
        if time.monotonic() > deadline:
            raise BulkRefused("the managed Neo4j did not stop within 120 s; nothing was imported")
        time.sleep(0.5)


def _import(settings: Settings, options: list[str]) -> None:
    done = neo4j_local.admin(
        settings,
        "database",
        "import",
        "full",
        settings.neo4j_database,  # before the file lists, which take every later argument
        "--overwrite-destination=true",
        "--id-type=string",
        "--multiline-fields=true",
        f"--array-delimiter={ARRAY_DELIMITER}",
        "--bad-tolerance=0",
        "--skip-bad-relationships=false",
        "--skip-duplicate-nodes=false",
        *options,
    )
    if done.returncode != 0:
        said = (done.stdout + done.stderr).splitlines()
        why = "\n".join(line for line in said if not line.lstrip().startswith("at "))
        raise BulkRefused(
            "neo4j-admin database import failed (the database may now be empty or partial: "
            f"run the bulk load again): {why.strip()[-1500:]}"
        )


def _finish(settings: Settings, writer: _Writer, report: BulkReport) -> None:
    """After the import: the schema, each entry's effect, the watches' note, the chains."""
    began = time.perf_counter()
    db = Database(settings, QueryRegistry.load())
    try:
        migrate(db)
        ids = writer.entry_ids
        for chunk in chunks(ids, CHUNK):
            db.set_entry_effect(ids=chunk)
        ingestor = Ingestor(db, settings.pseudonym_secret())
        for kind, rows in writer.after_import:
            ingestor.write(kind, rows, writer.actor)
        if report.rows:  # as `graph-service load`: a load may touch any watched subject
            Monitor(db, settings.control_max_depth).note(db, Seeds(everything=True), "load")
        report.phases["migrations and derived properties"] = time.perf_counter() - began
        began = time.perf_counter()
        report.chains = audit.verify(db)
        report.phases["audit walk"] = time.perf_counter() - began
    finally:
        db.close()


def bulk_load(
    settings: Settings,
    path: Path,
    *,
    actor: str,
    workers: int | None = None,
    progress: LoadProgress | None = None,
    say: Say = print,
) -> BulkReport:
    """Check every file of `path`; when all are clean and the managed database is empty,
    write the import files, stop the server, import, start it and finish the graph."""
    started = time.perf_counter()
    _refuse_unmanaged(settings)
    db = Database(settings, QueryRegistry.load())
    try:
        migrate(db)
        stored = db.find_stored_data()
        if stored is not None and stored.found:
            raise BulkRefused(
                "the database holds data: the bulk path is for the first load of an empty "
                "database (it replaces the whole store); use `graph-service load` instead"
            )
        checked = check_files(
            db, settings.pseudonym_secret(), path, workers=workers, progress=progress
        )
    finally:
        db.close()
    report = BulkReport(checked.reports, checked.errors, 0.0)
    if checked.errors:
        report.seconds = time.perf_counter() - started
        return report
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bulk-import-", dir=settings.state_dir) as folder:
        files = _ImportFiles(Path(folder))
        now = datetime.now(UTC)
        writer = _Writer(files, actor, at=now, today=now.date())
        for file_report, result in zip(checked.reports, checked.checked, strict=True):
            began = time.perf_counter()
            if progress is not None:
                progress.start(file_report.source, "write import file", len(result.rows))
            writer.write(result.kind, result.rows)
            file_report.created = len(result.rows)
            if progress is not None:
                progress.advance(file_report.source, len(result.rows))
            file_report.write_seconds = time.perf_counter() - began
            result.rows = []  # free the memory as the files are written
        began = time.perf_counter()
        writer.chain(settings)
        options = files.close()
        report.nodes, report.relationships = files.counts
        report.phases["audit chain"] = time.perf_counter() - began
        began = time.perf_counter()
        _stop(settings, say)
        try:
            say(f"importing {report.nodes:,} nodes and {report.relationships:,} relationships")
            _import(settings, options)
            report.phases["stop and import"] = time.perf_counter() - began
        finally:
            began = time.perf_counter()
            say("starting the managed server again")
            neo4j_local.start(settings, docker=False)
            report.phases["start"] = time.perf_counter() - began
    _finish(settings, writer, report)
    report.seconds = time.perf_counter() - started
    return report

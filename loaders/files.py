"""`graph-service load`: registry files (CSV or JSONL, one file per ingest kind) into the graph.

A path is one file named `<kind>.jsonl` or `<kind>.csv`, or a folder of such files, loaded in
`LOAD_ORDER`. Items are the ingestion items of DESIGN §6 and pass the same checks as
`POST /v1/ingest/{kind}`.

All or nothing, in two passes: every file is read and checked (row rules, then references
against the graph and against the keys the folder's earlier files will write) before anything
is written; when any row is wrong nothing is written and every bad row is reported with its
file and line. A large file is checked in chunks: worker processes parse and validate the next
chunks while this one checks the last against the graph. Then the files are written in
`LOAD_ORDER`, each in transactions of at most `TX_ROWS` rows (subjects, roles and holdings by
two concurrent transactions over parts that share no node). A crash during the write pass
leaves part of the load in the graph, whole transactions only; the upserts are idempotent, so
running the same load again completes it.

CSV: a header row of field names; `lists`, `matters` and `roles` are `;`-separated (an empty
cell is the empty list); `extra` is a JSON object; a subject ref is a USCC or person id, or
`resident_id:<number>` for a person; `true`/`false` for booleans; any other empty cell is null.
JSONL: one JSON object per line; blank lines are skipped.
"""

from __future__ import annotations

import csv
import json
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal, Protocol

from graph_service.domain.enums import LOAD_ORDER, IngestKind
from graph_service.domain.ingest import RowError
from graph_service.errors import GraphServiceError
from graph_service.store import ingest
from graph_service.store.db import Database
from graph_service.store.ingest import TX_ROWS, BuiltChunk, Checked, Ingestor, Pending, build_chunk

FORMATS: Final = ("jsonl", "csv")
# A file this long is validated by a pool of processes (starting one costs about a second).
POOL_THRESHOLD: Final = 20_000
# Chunks handed to the pool ahead of the one being checked, per process: enough to keep the
# processes busy, few enough that a large file is never all in memory at once.
AHEAD_PER_PROCESS: Final = 2

# CSV cells that are not plain strings, by field name (DESIGN §6).
LIST_FIELDS: Final = frozenset({"lists", "matters", "roles"})
JSON_FIELDS: Final = frozenset({"extra"})
BOOL_FIELDS: Final = frozenset({"serious", "minor", "self_corrected", "all_matters"})
NUMBER_FIELDS: Final = frozenset({"ratio"})
# Subject refs, per kind: `resident_id:<number>` names a person by resident ID.
REF_FIELDS: Final[dict[IngestKind, frozenset[str]]] = {
    IngestKind.ROLES: frozenset({"holder"}),
    IngestKind.HOLDINGS: frozenset({"holder"}),
    IngestKind.RECORDS: frozenset({"subject"}),
    IngestKind.ENTRIES: frozenset({"subject"}),
    IngestKind.COMMITMENTS: frozenset({"subject"}),
}
RESIDENT_ID_PREFIX: Final = "resident_id:"


class LoadError(GraphServiceError):
    """The path cannot be loaded at all (no such file, unknown file name, two files of a kind)."""

    slug, title, status = "load", "Cannot load", 400


@dataclass(frozen=True)
class SourceFile:
    """One file of a load and the kind its name gives."""

    path: Path
    kind: IngestKind
    format: Literal["jsonl", "csv"]


@dataclass(frozen=True)
class FileError:
    """A reason the load is refused: where (file, 1-based line; 0 = the whole file) and why.
    Messages never carry a resident ID number (R-SUBJ-1)."""

    file: str
    line: int
    field: str
    message: str


@dataclass
class ParsedFile:
    """The items of one file with the line each starts on, and the lines that did not parse."""

    source: SourceFile
    items: list[Any] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)


def _source(path: Path) -> SourceFile | None:
    stem, _, suffix = path.name.partition(".")
    if suffix not in FORMATS:
        return None
    try:
        kind = IngestKind(stem)
    except ValueError:
        kinds = ", ".join(kind.value for kind in LOAD_ORDER)
        raise LoadError(f"{path}: the file name names no ingest kind (one of {kinds})") from None
    return SourceFile(path, kind, "csv" if suffix == "csv" else "jsonl")


def discover(path: Path) -> list[SourceFile]:
    """The files to load, in LOAD_ORDER: `path` itself, or the `<kind>.jsonl|csv` files of
    a folder (other files in the folder are ignored)."""
    if not path.exists():
        raise LoadError(f"{path}: no such file or folder")
    if path.is_file():
        source = _source(path)
        if source is None:
            raise LoadError(f"{path}: a registry file is named <kind>.jsonl or <kind>.csv")
        return [source]
    found: dict[IngestKind, SourceFile] = {}
    for child in sorted(path.iterdir()):
        source = _source(child) if child.is_file() else None
        if source is None:
            continue
        if source.kind in found:
            raise LoadError(f"{path}: both {found[source.kind].path.name} and {child.name}")
        found[source.kind] = source
    if not found:
        raise LoadError(f"{path}: holds no <kind>.jsonl or <kind>.csv file")
    return [found[kind] for kind in LOAD_ORDER if kind in found]


# --- reading ---------------------------------------------------------------------------------


def read_file(source: SourceFile) -> ParsedFile:
    """Parse a file into items; a line that cannot be parsed is an error, not an item."""
    parsed = ParsedFile(source)
    try:
        with source.path.open(encoding="utf-8-sig", newline="") as handle:
            rows = _read_csv(source, handle) if source.format == "csv" else _read_jsonl(handle)
            for line, item, errors in rows:
                if errors:
                    parsed.errors.extend(
                        FileError(source.path.name, line, name, message) for name, message in errors
                    )
                else:
                    parsed.items.append(item)
                    parsed.lines.append(line)
    except UnicodeDecodeError as exc:
        parsed.errors.append(_not_utf8(source, exc))
    except csv.Error as exc:
        parsed.errors.append(FileError(source.path.name, 0, "", f"not a readable CSV file: {exc}"))
    return parsed


def _not_utf8(source: SourceFile, exc: UnicodeDecodeError) -> FileError:
    return FileError(source.path.name, 0, "", f"not UTF-8 text (byte {exc.start})")


Parsed = tuple[int, Any, list[tuple[str, str]]]  # (line, item, [(field, message)])


def _read_jsonl(handle: Any) -> Iterator[Parsed]:
    for line, text in enumerate(handle, start=1):
        if not text.strip():
            continue
        try:
            yield line, json.loads(text), []
        except json.JSONDecodeError as exc:
            yield line, None, [("", _not_json(exc))]


def _not_json(exc: json.JSONDecodeError) -> str:
    # The message names the position only, never the text (it may hold a resident ID).
    return f"not a JSON value: {exc.msg} (column {exc.colno})"


def build_lines(kind: IngestKind, texts: list[str], start: int, secret: str) -> BuiltChunk:
    """Parse JSONL lines (the first being item `start` of its file) and build their rows, so
    that the parsing too runs in a worker process. A line that is not JSON is a refused item."""
    items: list[Any] = []
    indices: list[int] = []
    errors: list[RowError] = []
    for index, text in enumerate(texts, start=start):
        try:
            items.append(json.loads(text))
        except json.JSONDecodeError as exc:
            errors.append(RowError(row=index, field="", message=_not_json(exc)))
        else:
            indices.append(index)
    built = build_chunk(kind, items, 0, secret)
    errors.extend(e.model_copy(update={"row": indices[e.row]}) for e in built.errors)
    return BuiltChunk(
        rows=built.rows,
        positions=[indices[row] for row in built.positions],
        errors=errors,
        size=len(texts),
    )


Builder = Callable[[IngestKind, list[Any], int, str], BuiltChunk]


@dataclass
class _Chunks:
    """A file as chunks of items for the builders, read as they are asked for: JSONL lines
    unparsed (the workers parse them), CSV rows parsed here. `lines` gives the line of each
    item read so far, `errors` what could not be read at all."""

    source: SourceFile
    lines: list[int] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    rows: int = 0  # items, refused ones included
    _parsed: ParsedFile | None = field(default=None, init=False, repr=False)

    def count(self) -> int:
        """The items of the file (blank lines are none), for the progress bar."""
        if self.source.format == "csv":
            return len(self._csv().items)
        with self.source.path.open("rb") as handle:
            return sum(1 for line in handle if line.strip())

    def builder(self) -> Builder:
        return build_lines if self.source.format == "jsonl" else build_chunk

    def __iter__(self) -> Iterator[tuple[int, list[Any]]]:
        """(index of the first item, items) per chunk of at most `VALIDATE_CHUNK` items."""
        size = ingest.VALIDATE_CHUNK
        if self.source.format == "csv":
            parsed = self._csv()
            self.lines, self.errors = parsed.lines, parsed.errors
            self.rows = len(parsed.items) + len(parsed.errors)
            for start in range(0, len(parsed.items), size):
                yield start, parsed.items[start : start + size]
            return
        texts: list[str] = []
        try:
            with self.source.path.open(encoding="utf-8-sig", newline="") as handle:
                for line, text in enumerate(handle, start=1):
                    if not text.strip():
                        continue
                    texts.append(text)
                    self.lines.append(line)
                    if len(texts) == size:
                        yield len(self.lines) - size, texts
                        texts = []
        except UnicodeDecodeError as exc:
            self.errors.append(_not_utf8(self.source, exc))
        if texts:
            yield len(self.lines) - len(texts), texts
        self.rows = len(self.lines)

    def _csv(self) -> ParsedFile:
        if self._parsed is None:
            self._parsed = read_file(self.source)
        return self._parsed


def _read_csv(source: SourceFile, handle: Any) -> Iterator[Parsed]:
    reader = csv.reader(handle)
    header = next(reader, None)
    if header is None:
        return
    names = [name.strip() for name in header]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates or "" in names:
        problem = f"repeated columns {duplicates}" if duplicates else "a column without a name"
        yield 1, None, [("", f"the header has {problem}")]
        return
    refs = REF_FIELDS.get(source.kind, frozenset())
    end_of_previous = reader.line_num
    for cells in reader:
        line, end_of_previous = end_of_previous + 1, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(names):
            yield line, None, [("", f"{len(cells)} cells but {len(names)} columns")]
            continue
        item: dict[str, Any] = {}
        errors: list[tuple[str, str]] = []
        for name, cell in zip(names, cells, strict=False):
            try:
                item[name] = _cell(name, cell, name in refs)
            except ValueError as exc:
                errors.append((name, str(exc)))
        yield line, item, errors


def _cell(name: str, cell: str, is_ref: bool) -> Any:
    """A CSV cell as the JSON value it stands for; ValueError says why it cannot be."""
    if name in LIST_FIELDS:
        return [part.strip() for part in cell.split(";") if part.strip()]
    if cell == "":
        return None
    if name in JSON_FIELDS:
        try:
            value = json.loads(cell)
        except json.JSONDecodeError as exc:
            raise ValueError(f"not a JSON object: {exc.msg} (column {exc.colno})") from None
        if not isinstance(value, dict):
            raise ValueError("a JSON object is expected")
        return value
    if name in BOOL_FIELDS:
        lowered = cell.strip().lower()
        if lowered not in {"true", "false"}:
            raise ValueError("a boolean is true or false")
        return lowered == "true"
    if name in NUMBER_FIELDS:
        try:
            return float(cell)
        except ValueError:
            raise ValueError("a number is expected") from None
    if is_ref and cell.strip().startswith(RESIDENT_ID_PREFIX):
        return {"resident_id": cell.strip()[len(RESIDENT_ID_PREFIX) :]}
    return cell


# --- loading ---------------------------------------------------------------------------------


class LoadProgress(Protocol):
    """What the CLI shows: a bar per file, advanced through the check and the write pass."""

    def start(self, source: SourceFile, phase: str, total: int) -> None: ...

    def advance(self, source: SourceFile, rows: int) -> None: ...


@dataclass
class FileReport:
    """The outcome of one file: rows, what was written, and the seconds of each pass."""

    source: SourceFile
    rows: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    check_seconds: float = 0.0
    write_seconds: float = 0.0

    @property
    def seconds(self) -> float:
        return self.check_seconds + self.write_seconds


@dataclass
class LoadReport:
    """Every file's report, and the errors that refused the load (then nothing was written)."""

    files: list[FileReport]
    errors: list[FileError]
    seconds: float

    @property
    def rows(self) -> int:
        return sum(report.rows for report in self.files)


@dataclass
class CheckedLoad:
    """The check pass of a load: the files in LOAD_ORDER, their reports so far, the rows
    ready to write, and the errors that refuse the load (then nothing may be written)."""

    sources: list[SourceFile]
    reports: list[FileReport]
    checked: list[Checked]
    errors: list[FileError]


def check_files(
    db: Database,
    secret: str,
    path: Path,
    *,
    workers: int | None = None,
    progress: LoadProgress | None = None,
) -> CheckedLoad:
    """Read and check every file of `path` (the first pass of `load`, and of the bulk load
    of an empty database, `loaders.bulk`); write nothing.

    `workers` processes (default: one per CPU) validate the rows of large files while this
    one checks references; 1 keeps everything in this process (whose main module must then
    be safe to import, as multiprocessing's spawn requires).
    """
    sources = discover(path)
    ingestor = Ingestor(db, secret)
    pending = Pending()
    reports: list[FileReport] = []
    errors: list[FileError] = []
    checked: list[Checked] = []
    processes = workers or os.cpu_count() or 1
    with ExitStack() as stack:
        pool: Executor | None = None
        for source in sources:
            began = time.perf_counter()
            chunks = _Chunks(source)
            total = chunks.count()
            if pool is None and processes > 1 and total >= POOL_THRESHOLD:
                context = multiprocessing.get_context("spawn")  # no fork of the driver's threads
                pool = stack.enter_context(
                    ProcessPoolExecutor(max_workers=processes, mp_context=context)
                )
            advance = _advance(progress, source, "check", total)
            built = _built(chunks, secret, pool, processes * AHEAD_PER_PROCESS)
            result = ingestor.verify(source.kind, built, pending=pending, progress=advance)
            report = FileReport(source, rows=chunks.rows)
            errors.extend(chunks.errors)
            errors.extend(
                FileError(source.path.name, chunks.lines[e.row], e.field, e.message)
                for e in result.errors
            )
            # Keys of the valid rows count for the later files even when this one has errors,
            # so that one bad subject is reported once, not again in every file naming it.
            pending.add(source.kind, result.rows)
            checked.append(result)
            report.check_seconds = time.perf_counter() - began
            reports.append(report)
    errors.sort(key=lambda e: (sources.index(_source_of(sources, e.file)), e.line, e.field))
    return CheckedLoad(sources, reports, checked, errors)


def load(
    db: Database,
    secret: str,
    path: Path,
    *,
    actor: str,
    tx_rows: int = TX_ROWS,
    workers: int | None = None,
    writers: int | None = None,
    progress: LoadProgress | None = None,
) -> LoadReport:
    """Check every file of `path` (`check_files`), then, only when all are clean, write them
    in LOAD_ORDER. `writers` concurrent transactions write subjects, roles and holdings
    (default: `store.ingest.WRITERS`).
    """
    started = time.perf_counter()
    done = check_files(db, secret, path, workers=workers, progress=progress)
    reports = done.reports
    if done.errors:
        return LoadReport(reports, done.errors, time.perf_counter() - started)
    ingestor = Ingestor(db, secret)
    for report, result in zip(reports, done.checked, strict=True):
        began = time.perf_counter()
        advance = _advance(progress, report.source, "write", len(result.rows))
        written = ingestor.write(
            result.kind, result.rows, actor, tx_rows=tx_rows, writers=writers, progress=advance
        )
        report.created, report.updated = written.created, written.updated
        report.unchanged = written.unchanged
        report.write_seconds = time.perf_counter() - began
        result.rows = []  # free the memory as the load goes
    return LoadReport(reports, [], time.perf_counter() - started)


def _built(chunks: _Chunks, secret: str, pool: Executor | None, ahead: int) -> Iterator[BuiltChunk]:
    """The chunks of a file built in order, by the pool when there is one, with at most
    `ahead` chunks handed out before the one returned."""
    build, kind = chunks.builder(), chunks.source.kind
    if pool is None:
        for start, items in chunks:
            yield build(kind, items, start, secret)
        return
    queued: deque[Future[BuiltChunk]] = deque()
    for start, items in chunks:
        queued.append(pool.submit(build, kind, items, start, secret))
        if len(queued) > ahead:
            yield queued.popleft().result()
    while queued:
        yield queued.popleft().result()


def _source_of(sources: list[SourceFile], name: str) -> SourceFile:
    return next(source for source in sources if source.path.name == name)


def _advance(
    progress: LoadProgress | None, source: SourceFile, phase: str, total: int
) -> Callable[[int], None] | None:
    if progress is None:
        return None
    progress.start(source, phase, total)
    return lambda rows: progress.advance(source, rows)

"""The bare driver running the same Cypher as the service (issue 7, item 3b).

`record_statements` runs the service's own route function (POST /v1/screen) in process on a
`Database` that writes down every statement it runs (registry name and parameters); `replay`
then runs exactly those statements with the neo4j driver alone: no
HTTP, no FastAPI, no pydantic, no Python joins. The ratio of the HTTP latency to the replay
time is the service's overhead.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

import neo4j
from neo4j import RoutingControl

from graph_service.access import LOG_THREADS, Access
from graph_service.application.screening import screen as screen_route
from graph_service.auth import Principal, Role
from graph_service.domain.screening import ScreenRequest
from graph_service.rules.workdays import OFFICIAL
from graph_service.settings import Settings
from graph_service.store.db import Database, Row, Transaction
from graph_service.store.queries import QueryRegistry
from graph_service.store.runner import with_ambient

# The statements of the core rule evaluation (reach of entries, applicable measures).
CORE = ("reach_subjects", "applicable_measures")
T = TypeVar("T")
# The thread the replay runs the route's alongside statements in (as the service's pool).
_BESIDE = ThreadPoolExecutor(max_workers=1, thread_name_prefix="beside")


@dataclass
class Statement:
    name: str
    params: dict[str, Any]
    write: bool = False
    tx: int | None = None  # statements with the same number ran in one read transaction
    alongside: bool = False  # ran in another thread while the route's reads ran (query log)


def _alongside() -> bool:
    """Did the statement run in a query-log thread, beside the route's reads? (The route's
    own statements may run in other threads too: a long list's reach chunks.)"""
    return threading.current_thread().name.startswith(LOG_THREADS)


class RecordingDatabase(Database):
    """A Database that keeps the (name, parameters) of every statement it runs."""

    def __init__(self, settings: Settings, registry: QueryRegistry) -> None:
        super().__init__(settings, registry)
        self.statements: list[Statement] = []

    def _note(self, name: str, params: dict[str, Any], write: bool) -> None:
        """Keep the parameters as the server gets them, the store's ambient ones included."""
        sent = with_ambient(self.registry[name], params, self.settings)
        self.statements.append(Statement(name, sent, write=write, alongside=_alongside()))

    def read(self, name: str, **params: Any) -> list[Row]:
        self._note(name, dict(params), write=False)
        return super().read(name, **params)

    def write(self, name: str, **params: Any) -> list[Row]:
        self._note(name, dict(params), write=True)
        return super().write(name, **params)

    def _rows(self, name: str, params: Mapping[str, Any]) -> list[Row]:
        """Every typed method comes here (routed by the query's mode)."""
        self._note(name, dict(params), write=self.registry[name].mode != "read")
        return super()._rows(name, params)

    def write_unchained(self, name: str, **params: Any) -> list[Row]:
        self._note(name, dict(params), write=True)
        return super().write_unchained(name, **params)

    def read_transaction(self, work: Callable[[Transaction], T]) -> T:
        return super().read_transaction(lambda tx: work(RecordingTransaction(tx, self)))

    @contextmanager
    def transaction(self, chained: bool = True) -> Iterator[Transaction]:
        with super().transaction(chained) as tx:
            yield RecordingTransaction(tx, self, write=True)


class RecordingTransaction(Transaction):
    """A transaction that writes its statements down, numbered by transaction."""

    def __init__(self, open_tx: Transaction, db: RecordingDatabase, write: bool = False) -> None:
        super().__init__(open_tx.tx, db.registry, db.settings)
        self._db = db
        self._write = write

    def _rows(self, name: str, params: Mapping[str, Any]) -> list[Row]:
        """Every statement of the transaction, by name or by typed method, comes here."""
        sent = with_ambient(self._db.registry[name], params, self._db.settings)
        self._db.statements.append(
            Statement(name, sent, write=self._write, tx=id(self.tx), alongside=_alongside())
        )
        return super()._rows(name, params)


@dataclass
class Recorded:
    """One screening as the route ran it: its statements and its in-process time."""

    subject: str
    matter: str
    decision: str
    engine_ms: float
    statements: list[Statement] = field(default_factory=list)


ADMIN = Access(Principal(Role.ADMIN, None, "bench"), None)


def record(
    db: RecordingDatabase, call: Callable[[RecordingDatabase], T]
) -> tuple[T, float, list[Statement]]:
    """Run a route function in process on the recording database: its answer, its time in
    ms, and its statements, which are exactly the HTTP request's, with the transactions they
    shared."""
    db.statements = []
    started = time.perf_counter()
    answer = call(db)
    ms = (time.perf_counter() - started) * 1000.0
    return answer, ms, list(db.statements)


def record_statements(db: RecordingDatabase, subject: str, matter: str, as_of: date) -> Recorded:
    """Run the POST /v1/screen route function in process, as an admin, on the recording
    database: its statements (checks, screening, query log) are exactly the HTTP request's,
    with the transactions they shared (the engine's reads inside one read transaction)."""
    body = ScreenRequest(subjects=[subject], matter=matter, as_of=as_of)
    answer, ms, statements = record(
        db, lambda rdb: screen_route(rdb, rdb.settings, OFFICIAL, ADMIN, body)
    )
    return Recorded(subject, matter, answer.results[0].decision, ms, statements)


def replay(driver: neo4j.Driver, registry: QueryRegistry, recorded: Recorded) -> dict[str, float]:
    """Run the recorded statements with the bare driver, in the same transactions, with the
    statements the route ran alongside its reads in a thread of their own again; ms per
    statement name (a shared transaction's commit counts in its last statement), `total`
    (wall time) and `core` (reach_subjects + applicable_measures)."""
    groups = _grouped([s for s in recorded.statements if not s.alongside])
    alongside = _grouped([s for s in recorded.statements if s.alongside])
    started = time.perf_counter()
    beside = _BESIDE.submit(_run_groups, driver, registry, alongside)
    times = _run_groups(driver, registry, groups)
    for name, ms in beside.result().items():
        times[name] = times.get(name, 0.0) + ms
    times["total"] = (time.perf_counter() - started) * 1000.0
    times["core"] = sum(times.get(name, 0.0) for name in CORE)
    return times


def _grouped(statements: list[Statement]) -> list[list[Statement]]:
    """Consecutive statements of one transaction together; a lone statement by itself."""
    groups: list[list[Statement]] = []
    for statement in statements:
        if statement.tx is not None and groups and groups[-1][0].tx == statement.tx:
            groups[-1].append(statement)
        else:
            groups.append([statement])
    return groups


def _run_groups(
    driver: neo4j.Driver, registry: QueryRegistry, groups: list[list[Statement]]
) -> dict[str, float]:
    """Each group in turn: a lone statement by itself, a transaction's statements together."""
    times: dict[str, float] = {}
    for group in groups:
        started = time.perf_counter()
        marks: list[tuple[str, float]] = []
        if group[0].tx is None:
            statement = group[0]
            driver.execute_query(
                registry[statement.name].text,
                statement.params,
                database_="neo4j",
                routing_=RoutingControl.WRITE if statement.write else RoutingControl.READ,
            )
            marks.append((statement.name, 0.0))
        else:

            def unit(
                tx: neo4j.ManagedTransaction,
                group: list[Statement] = group,
                marks: list[tuple[str, float]] = marks,
            ) -> None:
                marks.clear()
                for statement in group:
                    begun = time.perf_counter()
                    tx.run(registry[statement.name].text, statement.params).consume()
                    marks.append((statement.name, (time.perf_counter() - begun) * 1000.0))

            write = any(statement.write for statement in group)
            mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
            with driver.session(database="neo4j", default_access_mode=mode) as s:
                (s.execute_write if write else s.execute_read)(unit)
        ms = (time.perf_counter() - started) * 1000.0
        rest = ms - sum(m for _, m in marks)
        for i, (name, m) in enumerate(marks):
            times[name] = times.get(name, 0.0) + m + (rest if i == len(marks) - 1 else 0.0)
    return times

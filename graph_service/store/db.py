"""The driver's lifecycle and the only place queries run: by name, with parameters, behind the
typed methods of `store/typed_queries.py` (a Database and an open Transaction are both one)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

import neo4j
from neo4j import GraphDatabase, RoutingControl
from neo4j.exceptions import (
    AuthError,
    ClientError,
    DatabaseUnavailable,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)
from neo4j.graph import Node, Path, Relationship
from neo4j.time import Date, DateTime

from graph_service.errors import StoreUnavailable
from graph_service.settings import Settings
from graph_service.store.codegen import check_generated
from graph_service.store.queries import Query, QueryRegistry
from graph_service.store.runner import with_ambient
from graph_service.store.typed_queries import Repository

Row = dict[str, Any]
T = TypeVar("T")


_SCALARS = frozenset({str, int, float, bool, type(None)})


class _GraphValue(Exception):
    """A node, relationship or path in a row: the driver's own `Record.data()` exports it."""


def native(value: Any) -> Any:
    """Neo4j temporal values to Python ones, through lists and maps (the exact type is
    tested first: most values are scalars, and a list's million checks are the cost)."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list:
        return [native(item) for item in value]
    if kind is dict:
        return {key: native(item) for key, item in value.items()}
    if isinstance(value, Date | DateTime):
        return value.to_native()
    if isinstance(value, Node | Relationship | Path):
        raise _GraphValue
    return value


def row_of(record: neo4j.Record) -> Row:
    """`native(record.data())`, without `data()`'s walk of every value looking for graph
    types (a third of a long list's decoding, issue 17): the registry's columns are
    values, lists and maps; a row that holds a node anyway takes the driver's way."""
    try:
        return {key: native(value) for key, value in zip(record.keys(), record, strict=True)}
    except _GraphValue:
        return native(record.data())  # type: ignore[no-any-return]


@contextmanager
def _store_errors() -> Iterator[None]:
    """Driver failures become StoreUnavailable (503) so no worker hangs or leaks a trace."""
    try:
        yield
    except (ServiceUnavailable, SessionExpired, DatabaseUnavailable, AuthError) as exc:
        raise StoreUnavailable("the graph store does not answer; retry shortly") from exc
    except TransientError as exc:
        raise StoreUnavailable("the graph store is busy; retry shortly") from exc
    except ClientError as exc:
        # Past the timeout a transaction is ended, at its next step or while it waits for a lock.
        if exc.code and ("TransactionTimedOut" in exc.code or "LockClientStopped" in exc.code):
            raise StoreUnavailable("the query took longer than the configured timeout") from exc
        raise


class Transaction(Repository):
    """An open transaction, a unit of work passed down to whatever it must cover: its typed
    methods all run in it, all-or-nothing."""

    def __init__(
        self,
        tx: neo4j.Transaction | neo4j.ManagedTransaction,
        registry: QueryRegistry,
        settings: Settings,
    ) -> None:
        self.tx = tx
        self._registry = registry
        self.settings = settings  # the audit trail's key comes from them (store/audit.py)

    def _rows(self, name: str, params: Mapping[str, Any]) -> list[Row]:
        query = self._registry[name]
        with _store_errors():
            rows = self.tx.run(query.text, with_ambient(query, params, self.settings))
            return [row_of(record) for record in rows]

    def run(self, name: str, **params: Any) -> list[Row]:
        """A query by name: for the store's own modules only (a test holds everyone else to
        the typed methods)."""
        return self._rows(name, params)

    read = run


class Database(Repository):
    """One driver per process; each typed method runs in a transaction of its own, routed to a
    reader or the writer by its query's mode."""

    def __init__(self, settings: Settings, registry: QueryRegistry) -> None:
        check_generated(registry)
        self.settings = settings
        self.registry = registry
        self.database = settings.neo4j_database
        self.driver = GraphDatabase.driver(
            settings.bolt_uri(),
            auth=(settings.neo4j_user, settings.bolt_password()),
            connection_timeout=5.0,
            connection_acquisition_timeout=10.0,
            max_transaction_retry_time=5.0,
            notifications_min_severity="OFF",  # the EXPLAIN test checks notifications instead
        )
        # Every read and write of this process is causally chained (read-your-writes on a
        # cluster's secondaries; no cost on one server), through the driver's own manager.
        self._bookmarks = self.driver.execute_query_bookmark_manager

    def close(self) -> None:
        self.driver.close()

    def ping(self) -> bool:
        """True when the database answers `RETURN 1` (readiness)."""
        try:
            self.driver.execute_query(
                "RETURN 1 AS ok", database_=self.database, routing_=RoutingControl.READ
            )
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError):
            return False
        return True

    def _execute(
        self,
        query: Query,
        params: Mapping[str, Any],
        routing: RoutingControl,
    ) -> list[Row]:
        with _store_errors():
            records, _, _ = self.driver.execute_query(
                neo4j.Query(query.text, timeout=self.settings.query_timeout),
                with_ambient(query, params, self.settings),
                database_=self.database,
                routing_=routing,
                bookmark_manager_=self._bookmarks,
            )
        return [row_of(record) for record in records]

    def _rows(self, name: str, params: Mapping[str, Any]) -> list[Row]:
        query = self.registry[name]
        routing = RoutingControl.READ if query.mode == "read" else RoutingControl.WRITE
        return self._execute(query, params, routing)

    # By name, for the store's own modules only (a test holds everyone else to the typed
    # methods).
    def read(self, name: str, **params: Any) -> list[Row]:
        return self._execute(self.registry[name], params, RoutingControl.READ)

    def write(self, name: str, **params: Any) -> list[Row]:
        return self._execute(self.registry[name], params, RoutingControl.WRITE)

    # --- the request path (issue 17): the query log's one-statement append ---------------

    def write_unchained(self, name: str, **params: Any) -> list[Row]:
        """One write statement in an auto-commit transaction: one round trip, committed when
        its rows are back, and (as `transaction(chained=False)`) tying no later read of this
        process to it by bookmarks. For the query log's optimistic append (store/audit.py)."""
        query = neo4j.Query(self.registry[name].text, timeout=self.settings.query_timeout)
        with (
            _store_errors(),
            self.driver.session(database=self.database) as session,
        ):
            return [row_of(record) for record in session.run(query, params)]

    # -------------------------------------------------------------------------------------

    def run_alone(self, name: str, **params: Any) -> None:
        """A statement in an auto-commit transaction of its own, with no timeout: schema
        changes, and data migrations that commit in batches (`CALL … IN TRANSACTIONS`)."""
        with (
            _store_errors(),
            self.driver.session(
                database=self.database, bookmark_manager=self._bookmarks
            ) as session,
        ):
            query = self.registry[name]
            session.run(
                neo4j.Query(query.text), with_ambient(query, params, self.settings)
            ).consume()

    def read_transaction(self, work: Callable[[Transaction], T]) -> T:
        """Run `work`'s reads in one read transaction: one connection hand-out and one commit
        instead of one per statement, and a consistent snapshot. The query timeout bounds the
        whole unit; transient failures retry it whole."""

        def unit(tx: neo4j.ManagedTransaction) -> T:
            return work(Transaction(tx, self.registry, self.settings))

        timed = neo4j.unit_of_work(timeout=self.settings.query_timeout)(unit)
        with (
            _store_errors(),
            self.driver.session(
                database=self.database,
                default_access_mode=neo4j.READ_ACCESS,
                bookmark_manager=self._bookmarks,
            ) as session,
        ):
            return session.execute_read(timed)

    @contextmanager
    def transaction(self, chained: bool = True) -> Iterator[Transaction]:
        """An explicit write transaction: committed when the block ends, rolled back on error.
        `chained=False`, for the query log's appends: no later read of this process waits for
        them. On a cluster, reads are chained to this process's other writes by bookmarks
        (docs/SCALING.md §2), and chaining them to audit appends would tie every read to
        replication lag."""
        with (
            _store_errors(),
            self.driver.session(
                database=self.database, bookmark_manager=self._bookmarks if chained else None
            ) as session,
        ):
            tx = session.begin_transaction(timeout=max(self.settings.query_timeout, 600.0))
            try:
                yield Transaction(tx, self.registry, self.settings)
                tx.commit()
            finally:
                if not tx.closed():
                    tx.rollback()
                tx.close()

"""A store opened for one command-line run: connected, the schema applied, closed after."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from graph_service.settings import Settings
from graph_service.store.db import Database
from graph_service.store.queries import QueryRegistry
from graph_service.store.schema import migrate


@contextmanager
def opened(settings: Settings, *, migrated: bool = True) -> Iterator[Database]:
    """The store for a command that reads or writes; `migrated=False` for one that must see
    the database as it is (a backup records the schema versions it finds)."""
    db = Database(settings, QueryRegistry.load())
    try:
        if migrated:
            migrate(db)
        yield db
    finally:
        db.close()

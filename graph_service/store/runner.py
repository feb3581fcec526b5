"""The one place a query runs by name: the base of the generated typed methods.

A `Database` (each call its own transaction, routed by the query's mode) and an open
`Transaction` (a unit of work) both run a named query to plain rows; the typed methods of
`store/typed_queries.py` turn those into their frozen row types.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from graph_service.domain.vocabulary import AMBIENT

if TYPE_CHECKING:
    from graph_service.settings import Settings
    from graph_service.store.queries import Query

R = TypeVar("R")
T = TypeVar("T")
CHUNK = 1_000


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[list[T]]:
    """Consecutive slices of at most `size` items: one statement per slice keeps each
    transaction's memory bounded on long lists."""
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def with_ambient(query: Query, params: Mapping[str, Any], settings: Settings) -> dict[str, Any]:
    """The call's parameters plus the ambient ones the query's header declares (the
    vocabulary's words and the control depth bound, domain/vocabulary.py): no caller passes
    them, so no caller can pass a copy that drifted."""
    supplied = {**AMBIENT, "control_max_depth": settings.control_max_depth}
    return {**params, **{name: supplied[name] for name in query.params if name in supplied}}


class QueryRunner(ABC):
    """Runs registry queries by name; subclasses say where (a driver call or a transaction)."""

    @abstractmethod
    def _rows(self, name: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        """The rows of query `name`, values converted to Python (dates, lists, maps)."""

    def _many(self, row_type: Callable[..., R], name: str, params: Mapping[str, Any]) -> list[R]:
        return [row_type(**row) for row in self._rows(name, params)]

    def _one(self, row_type: Callable[..., R], name: str, params: Mapping[str, Any]) -> R | None:
        rows = self._rows(name, params)
        return row_type(**rows[0]) if rows else None

    def _none(self, name: str, params: Mapping[str, Any]) -> None:
        self._rows(name, params)

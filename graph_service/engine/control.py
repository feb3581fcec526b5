"""Ultimate-controller checks for rows reached up the holding chain (R-SUBJ-3, R-PROP-3)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from graph_service.analytics.control import (
    DeclaredControl,
    Holding,
    UltimateController,
    ultimate_controllers_during,
)
from graph_service.store.db import Row

CHUNK = 2_000


class Reader(Protocol):
    """Runs a registry query by name: the Database, or the engine's open read transaction."""

    def read(self, name: str, **params: Any) -> list[Row]: ...


@dataclass
class ControlGraph:
    """The control links into a set of organisations, up to a depth bound."""

    holdings_into: dict[str, list[Holding]] = field(default_factory=lambda: defaultdict(list))
    declared_into: dict[str, list[DeclaredControl]] = field(
        default_factory=lambda: defaultdict(list)
    )
    kinds: dict[str, str] = field(default_factory=dict)
    truncated: bool = False

    def add_link(self, org: str, row: Row) -> None:
        """A control link row of `control_edges_into` or `control_edges_above` into `org`."""
        self.kinds[row["holder"]] = row["holder_kind"]
        if row["type"] == "HOLDS_SHARES_IN":
            self.holdings_into[org].append(
                Holding(row["holder"], org, row["ratio"], row["valid_from"], row["valid_to"])
            )
        else:
            self.declared_into[org].append(
                DeclaredControl(row["holder"], org, row["valid_from"], row["valid_to"])
            )

    def upward(self, org: str, max_depth: int) -> tuple[list[Holding], list[DeclaredControl]]:
        """The links within `max_depth` levels above `org` (what its control depends on)."""
        seen, frontier = {org}, [org]
        holdings: list[Holding] = []
        declared: list[DeclaredControl] = []
        for _ in range(max_depth):
            nxt: list[str] = []
            for node in frontier:
                holdings.extend(self.holdings_into.get(node, ()))
                declared.extend(self.declared_into.get(node, ()))
                for link in (*self.holdings_into.get(node, ()), *self.declared_into.get(node, ())):
                    if link.holder not in seen:
                        seen.add(link.holder)
                        nxt.append(link.holder)
            frontier = nxt
        return holdings, declared


# The depth bound the one-statement loader is written for (its pattern's literal bound is 9).
ONE_STATEMENT_DEPTH = 10


def load_control_graph(db: Reader, orgs: Iterable[str], max_depth: int) -> ControlGraph:
    """Walk up level by level (no path enumeration, so cycles and wide groups stay cheap);
    at the default depth bound, in one statement rather than one per level."""
    if max_depth == ONE_STATEMENT_DEPTH:
        return _load_in_one_statement(db, sorted(set(orgs)))
    graph = ControlGraph()
    seen: set[str] = set()
    frontier = sorted(set(orgs))
    for _ in range(max_depth):
        frontier = [org for org in frontier if org not in seen]
        if not frontier:
            return graph
        seen.update(frontier)
        holders: set[str] = set()
        for start in range(0, len(frontier), CHUNK):
            for row in db.read("control_edges_into", org_ids=frontier[start : start + CHUNK]):
                graph.add_link(row["org"], row)
                holders.add(row["holder"])
        frontier = sorted(holders - seen)
    graph.truncated = bool(frontier)
    return graph


def _load_in_one_statement(db: Reader, orgs: list[str]) -> ControlGraph:
    """The links into every subject within `ONE_STATEMENT_DEPTH - 1` links above `orgs`: what
    the level-by-level walk collects, `truncated` when a holder lies one level further."""
    graph = ControlGraph()
    expanded: set[str] = set()
    holders: set[str] = set()
    for start in range(0, len(orgs), CHUNK):
        earlier = set(expanded)  # subjects an earlier chunk expanded already
        for row in db.read("control_edges_above", org_ids=orgs[start : start + CHUNK]):
            if row["expanded"] in earlier:
                continue
            expanded.add(row["expanded"])
            if row["holder"] is None:
                continue
            graph.add_link(row["expanded"], row)
            holders.add(row["holder"])
    graph.truncated = bool(holders - expanded - set(orgs))
    return graph


class ChainChecker:
    """Memoised 'is S an ultimate controller of O at some time in [start, end]?'."""

    def __init__(self, graph: ControlGraph, max_depth: int) -> None:
        self.graph = graph
        self.max_depth = max_depth
        self._memo: dict[tuple[str, date, date], dict[str, UltimateController]] = {}

    def controllers(self, org: str, start: date, end: date) -> dict[str, UltimateController]:
        key = (org, start, end)
        if key not in self._memo:
            holdings, declared = self.graph.upward(org, self.max_depth)
            self._memo[key] = ultimate_controllers_during(
                org, holdings, declared, start, end, self.max_depth
            )
        return self._memo[key]

    def link_type(self, holder: str, org: str) -> str:
        if any(h.holder == holder for h in self.graph.holdings_into.get(org, ())):
            return "HOLDS_SHARES_IN"
        return "ACTUAL_CONTROLLER_OF"

"""Ultimate-controller checks for rows reached up the holding chain (R-SUBJ-3, R-PROP-3)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import cast

from graph_service.analytics.control import (
    DeclaredControl,
    Holding,
    UltimateController,
    chain_cut,
    ultimate_controllers_during,
)
from graph_service.store.runner import CHUNK, chunks
from graph_service.store.typed_queries import (
    ControlEdgesAboveRow,
    ControlEdgesIntoRow,
    Repository,
)

# A link into an organisation, as either statement returns it.
ControlLinkRow = ControlEdgesAboveRow | ControlEdgesIntoRow


@dataclass
class ControlGraph:
    """The control links into a set of organisations, up to a depth bound."""

    holdings_into: dict[str, list[Holding]] = field(default_factory=lambda: defaultdict(list))
    declared_into: dict[str, list[DeclaredControl]] = field(
        default_factory=lambda: defaultdict(list)
    )
    kinds: dict[str, str] = field(default_factory=dict)
    truncated: bool = False

    def add_link(self, org: str, row: ControlLinkRow) -> None:
        """A control link row of `control_edges_into` or `control_edges_above` into `org`."""
        self.kinds[row.holder] = row.holder_kind
        if row.type == "HOLDS_SHARES_IN":
            # A holding always carries its ratio (ingest requires it, R-SUBJ-3).
            ratio = cast(float, row.ratio)
            self.holdings_into[org].append(
                Holding(row.holder, org, ratio, row.valid_from, row.valid_to)
            )
        else:
            self.declared_into[org].append(
                DeclaredControl(row.holder, org, row.valid_from, row.valid_to)
            )

    def upward(self, org: str, max_depth: int) -> tuple[list[Holding], list[DeclaredControl]]:
        """The links into every subject within `max_depth` levels above `org` (what its control
        depends on), so the links one level beyond the bound show where a chain is cut."""
        seen, frontier = {org}, [org]
        holdings: list[Holding] = []
        declared: list[DeclaredControl] = []
        for _ in range(max_depth + 1):
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


def load_control_graph(db: Repository, orgs: Iterable[str], max_depth: int) -> ControlGraph:
    """The links into every subject within `max_depth` links above `orgs` (R-SUBJ-3), in one
    statement per chunk; `truncated` when a holder lies beyond the bound (R-PROP-3). The bound
    is the one setting GRAPH_SERVICE_CONTROL_MAX_DEPTH, passed to the query as a parameter."""
    ordered = sorted(set(orgs))
    graph = ControlGraph()
    expanded: set[str] = set()
    within: set[str] = set()  # holders within the bound: a link of theirs leads below it
    holders: set[str] = set()
    for chunk in chunks(ordered, CHUNK):
        earlier = set(expanded)  # subjects an earlier chunk expanded already
        for row in db.control_edges_above(org_ids=chunk, max_depth=max_depth):
            if row.distance < max_depth:
                within.add(row.holder)
            if row.expanded in earlier:
                continue
            expanded.add(row.expanded)
            graph.add_link(row.expanded, row)
            holders.add(row.holder)
    graph.truncated = bool(holders - expanded - within - set(ordered))
    return graph


class ChainChecker:
    """Memoised 'is S an ultimate controller of O at some time in [start, end]?'."""

    def __init__(self, graph: ControlGraph, max_depth: int) -> None:
        self.graph = graph
        self.max_depth = max_depth
        self._memo: dict[tuple[str, date, date], dict[str, UltimateController]] = {}
        self._cut: dict[str, bool] = {}

    def controllers(self, org: str, start: date, end: date) -> dict[str, UltimateController]:
        """The ultimate controllers of `org` during the act; never a subject whose own control
        lies beyond the depth bound (R-PROP-3: it may be an intermediate)."""
        key = (org, start, end)
        if key not in self._memo:
            holdings, declared = self.graph.upward(org, self.max_depth)
            self._memo[key] = ultimate_controllers_during(
                org, holdings, declared, start, end, self.max_depth
            )
        return self._memo[key]

    def cut(self, org: str) -> bool:
        """Whether the control chain above `org` is longer than the depth bound."""
        if org not in self._cut:
            holdings, declared = self.graph.upward(org, self.max_depth)
            self._cut[org] = chain_cut(org, holdings, declared, self.max_depth)
        return self._cut[org]

    def link_type(self, holder: str, org: str) -> str:
        if any(h.holder == holder for h in self.graph.holdings_into.get(org, ())):
            return "HOLDS_SHARES_IN"
        return "ACTUAL_CONTROLLER_OF"

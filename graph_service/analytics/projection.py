"""Projected subgraphs for the analytics: a region or a subject's neighbourhood, one day.

The projection is fetched with bounded Cypher (one hop into a region's organisations, or a
breadth-first search the caller passes in, the engine's `find_neighbours`, at most 3 hops) and
held in memory, where networkx computes what is awkward in Cypher (components, articulation
points, cycles). A cut by a limit is never silent: `truncated` says so. Analytics never import
the engine (the engine uses analytics): the layers run one way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

import networkx as nx

from graph_service.domain import vocabulary
from graph_service.errors import NotFound
from graph_service.store.db import Database
from graph_service.store.runner import chunks

#: The subject-to-subject links of DESIGN §4, and those that tie an affiliated group (issue 8).
LINK_TYPES: Final = vocabulary.ALL_LINK_TYPES
GROUP_LINK_TYPES: Final = vocabulary.GROUP_LINK_TYPES
ORGANISATION_KINDS: Final = frozenset({"LEGAL_PERSON", "UNINCORPORATED_ORG"})

#: The breadth-first search (`engine.neighbours.find_neighbours`): `{id, hops}` maps for the
#: centre and the subjects within `depth` hops over `types` valid on `as_of`, nearest first,
#: at most `limit`; empty when the centre is unknown. Arguments: (db, centre, types, as_of,
#: depth, limit).
Neighbours = Callable[[Database, str, Sequence[str], date, int, int], list[dict[str, Any]]]


@dataclass(frozen=True, slots=True)
class Node:
    """A subject of the projection."""

    id: str
    kind: str | None
    name: str | None
    region: str | None

    @property
    def is_organisation(self) -> bool:
        return self.kind in ORGANISATION_KINDS

    @property
    def is_person(self) -> bool:
        return self.kind == "NATURAL_PERSON"


@dataclass(frozen=True, slots=True)
class Link:
    """A link valid on the projection's day, directed holder → organisation as stored."""

    source: str
    target: str
    type: str
    ratio: float | None = None


@dataclass
class Projection:
    """Subjects and the links among them on one day, and whether a bound cut them."""

    as_of: date
    nodes: dict[str, Node] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    truncated: bool = False

    def organisations(self) -> list[str]:
        return sorted(n.id for n in self.nodes.values() if n.is_organisation)

    def undirected(self) -> nx.Graph:
        """One node per subject (attribute `kind`), one edge per linked pair; the edge's
        `types` is the set of link types between the two, either direction."""
        graph = nx.Graph()
        for node in sorted(self.nodes):
            graph.add_node(node, kind=self.nodes[node].kind)
        for link in self.links:
            if link.source == link.target:
                continue
            if graph.has_edge(link.source, link.target):
                graph.edges[link.source, link.target]["types"].add(link.type)
            else:
                graph.add_edge(link.source, link.target, types={link.type})
        return graph


def project_region(
    db: Database, region: str, as_of: date, types: Sequence[str], limit: int
) -> Projection:
    """The organisations of `region` (at most `limit`), their holders one hop in, and the
    links of `types` valid on `as_of` into those organisations."""
    rows = db.region_organisations(region=region, limit=limit + 1)
    projection = Projection(as_of=as_of, truncated=len(rows) > limit)
    for org in rows[:limit]:
        projection.nodes[org.id] = Node(org.id, org.kind, org.name, org.region)
    for chunk in chunks(projection.organisations()):
        for row in db.links_into(org_ids=chunk, types=list(types), as_of=as_of):
            if row.source not in projection.nodes:
                projection.nodes[row.source] = Node(
                    row.source, row.source_kind, row.source_name, row.source_region
                )
            projection.links.append(Link(row.source, row.target, row.type, row.ratio))
    return projection


def project_neighbourhood(
    db: Database,
    subject: str,
    depth: int,
    as_of: date,
    types: Sequence[str],
    limit: int,
    *,
    neighbours: Neighbours,
) -> tuple[Projection, dict[str, int]]:
    """The subjects within `depth` hops of `subject` over `types` valid on `as_of` (at most
    `limit`, nearest first, found by `neighbours`), the links among them, and each one's
    distance in hops."""
    rows = neighbours(db, subject, types, as_of, depth, limit + 1)
    if not rows:
        raise NotFound(f"unknown subject {subject!r}")
    projection = Projection(as_of=as_of, truncated=len(rows) > limit)
    hops = {row["id"]: int(row["hops"]) for row in rows[:limit]}
    ids = sorted(hops)
    for chunk in chunks(ids):
        for row in db.subject_summaries(ids=chunk):
            projection.nodes[row.subject] = Node(row.subject, row.kind, row.name, row.region)
    # Every link among the projected subjects; the cap is generous (a subject has few links
    # of these types) and a cut is reported.
    cap = 20 * max(len(ids), 1)
    links = db.find_links_among(ids=ids, types=list(types), as_of=as_of, limit=cap + 1)
    if len(links) > cap:
        projection.truncated, links = True, links[:cap]
    projection.links = [Link(row.source, row.target, row.type, row.ratio) for row in links]
    return projection, hops

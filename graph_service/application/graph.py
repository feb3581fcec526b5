"""The investigator's explorer and its data (R-OUT-3): neighbourhoods, paths, search, the
subjects linked to one subject with their credit status, and why a subject is restricted.

Every traversal is bounded by the route's parameters (depth ≤ 3, paths ≤ 6 hops, ≤ 2,000
subjects) so a dense group cannot take the store down; `truncated` says when a bound cut the
answer. Every answer is written to the query log (R-SEC-3).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from graph_service.access import Access, log_query, logging_alongside
from graph_service.application.masking import mask_name
from graph_service.auth import Role
from graph_service.domain.graph import (
    HUB_DEGREE,
    Badges,
    Explanation,
    GraphEdge,
    GraphNode,
    GraphPath,
    LinkedAnswer,
    LinkedSubject,
    Neighbourhood,
    PathsAnswer,
    SearchAnswer,
    SubjectHit,
)
from graph_service.domain.identity import search_key
from graph_service.domain.screening import Restriction
from graph_service.engine.neighbours import find_neighbours_around_hubs
from graph_service.engine.screening import Engine
from graph_service.errors import NotFound, ValidationFailed
from graph_service.rules.credit_time import expired_through
from graph_service.settings import Settings
from graph_service.store.db import Database, Row
from graph_service.store.runner import chunks

EDGES_PER_NODE = 5  # links returned at most per subject on screen before `truncated`


def _edge(link: Mapping[str, Any]) -> GraphEdge:
    valid_from = link.get("valid_from")
    return GraphEdge(
        id=f"{link['type']}:{link['source']}:{link['target']}:{valid_from or ''}",
        type=link["type"],
        source=link["source"],
        target=link["target"],
        ratio=link.get("ratio"),
        valid_from=valid_from,
        valid_to=link.get("valid_to"),
    )


class _Describer:
    """Turns subject ids into nodes with badges on one day, masked for one role."""

    def __init__(self, db: Database, engine: Engine, as_of: date, role: Role) -> None:
        self.db = db
        self.engine = engine
        self.as_of = as_of
        self.role = role

    def restrictions(self, ids: Sequence[str]) -> dict[str, list[Restriction]]:
        # restricted = any sanction measure reaching the subject for any matter (DESIGN §5)
        return self.engine.restrictions(ids, self.as_of, None) if ids else {}

    def nodes(
        self, ids: Sequence[str], restrictions: dict[str, list[Restriction]] | None = None
    ) -> dict[str, GraphNode]:
        restricted = self.restrictions(ids) if restrictions is None else restrictions
        found: dict[str, GraphNode] = {}
        for chunk in chunks(ids):
            for row in self.db.find_badges(
                ids=chunk, as_of=self.as_of, expired_through=expired_through(self.as_of)
            ):
                types = set(row.list_types)
                found[row.id] = GraphNode(
                    id=row.id,
                    kind=row.kind,
                    name=mask_name(row.name, row.kind, self.role),
                    region=row.region,
                    badges=Badges(
                        restricted=bool(restricted.get(row.id)),
                        serious_list="SERIOUS" in types,
                        joint_sanction="JOINT_SANCTION" in types,
                        reward="JOINT_REWARD" in types,
                        objection=row.objection,
                    ),
                )
        return found


def _neighbours(
    db: Database,
    center: str,
    depth: int,
    types: list[str],
    as_of: date,
    limit: int,
    hub_degree: int | None = None,
) -> tuple[list[Row], bool]:
    """The rows, and whether the limit or a hub left unexpanded cut them."""
    found = find_neighbours_around_hubs(db, center, types, as_of, depth, limit + 1, hub_degree)
    if not found.rows:
        raise NotFound(f"unknown subject {center!r}")
    return found.rows[:limit], len(found.rows) > limit or bool(found.hubs)


def _lucene(q: str) -> str:
    """Escape Lucene's syntax so the typed text is only text; a lone CJK character becomes a
    prefix query because the CJK analyser indexes bigrams only."""
    escaped = re.sub(r'([+\-!(){}\[\]^"~*?:\\/&|])', r"\\\1", q)
    if len(q) == 1 and "\u3400" <= q <= "\u9fff":
        return escaped + "*"
    return escaped


def _describer(db: Database, settings: Settings, day: date, access: Access) -> _Describer:
    """Nodes described for this caller: masked by role, statuses from what it may see."""
    engine = Engine(db, settings.control_max_depth, access.disclosures)
    return _Describer(db, engine, day, access.principal.role)


def neighbourhood(
    db: Database,
    settings: Settings,
    access: Access,
    *,
    center: str,
    depth: int,
    types: list[str],
    day: date,
    limit: int,
) -> Neighbourhood:
    """Subjects within `depth` hops of `center` over links valid on `day`, and the links
    among them, with status badges: what the explorer draws."""
    rows, truncated = _neighbours(db, center, depth, types, day, limit)
    ids = [row["id"] for row in rows]
    described = _describer(db, settings, day, access).nodes(ids)
    nodes = []
    for row in rows:
        node = described[row["id"]]
        node.hops = row["hops"]
        nodes.append(node)
    edge_cap = EDGES_PER_NODE * limit
    edge_rows = db.find_links_among(ids=ids, types=types, as_of=day, limit=edge_cap + 1)
    if len(edge_rows) > edge_cap:
        truncated, edge_rows = True, edge_rows[:edge_cap]
    log_query(
        db,
        access,
        endpoint="GET /v1/graph/neighbourhood",
        subjects=ids,
        categories=["links", "status"],
    )
    return Neighbourhood(
        center=center,
        as_of=day,
        depth=depth,
        types=types,
        limit=limit,
        nodes=nodes,
        edges=[_edge(row._asdict()) for row in edge_rows],
        truncated=truncated,
    )


def paths(
    db: Database,
    settings: Settings,
    access: Access,
    *,
    source: str,
    target: str,
    types: list[str],
    day: date,
    max_hops: int,
    k: int,
) -> PathsAnswer:
    """The k shortest paths between two subjects over links valid on `day`."""
    if source == target:
        raise ValidationFailed(
            "invalid value for to", errors=[{"field": "to", "message": "must differ from 'from'"}]
        )
    describer = _describer(db, settings, day, access)
    ends = describer.nodes([source, target], restrictions={})
    for field, subject in (("from", source), ("to", target)):
        if subject not in ends:
            raise NotFound(f"unknown subject {subject!r} (parameter {field!r})")
    rows = db.find_paths(
        from_id=source, to_id=target, types=types, as_of=day, max_hops=max_hops, k=k
    )
    found = [
        GraphPath(hops=len(row.links), nodes=row.nodes, edges=[_edge(link) for link in row.links])
        for row in rows
    ]
    ids = list(dict.fromkeys(node for path in found for node in path.nodes))
    described = describer.nodes(ids or [source, target])
    log_query(
        db,
        access,
        endpoint="GET /v1/graph/paths",
        subjects=described,
        categories=["links", "status"],
    )
    return PathsAnswer(
        source=source,
        target=target,
        as_of=day,
        types=types,
        paths=found,
        nodes=list(described.values()),
    )


def search(db: Database, settings: Settings, access: Access, *, q: str, limit: int) -> SearchAnswer:
    """Subjects by id, id prefix, resident ID number or partial name. A resident ID number
    is turned into the person's pseudonym before anything else sees it: the answer's `q`,
    the query log and any problem carry the pseudonym or nothing (R-SUBJ-1, issue 14)."""
    text = q.strip()
    if not text:
        raise ValidationFailed(
            "invalid value for q", errors=[{"field": "q", "message": "empty search"}]
        )
    try:
        text = search_key(text, settings.pseudonym_secret())
    except ValueError as invalid:
        raise ValidationFailed(
            "invalid value for q", errors=[{"field": "q", "message": str(invalid)}]
        ) from None
    rows = db.search_subjects(q=text, lucene=_lucene(text), limit=limit)
    log_query(
        db,
        access,
        endpoint="GET /v1/subjects",
        subjects=[row.id for row in rows],
        categories=["identity"],
    )
    return SearchAnswer(
        q=text,
        results=[
            SubjectHit(
                id=row.id,
                kind=row.kind,
                name=mask_name(row.name, row.kind, access.principal.role),
                region=row.region,
                score=row.score,
            )
            for row in rows
        ],
    )


def linked(
    db: Database,
    settings: Settings,
    access: Access,
    *,
    subject: str,
    depth: int,
    types: list[str],
    day: date,
    limit: int,
) -> LinkedAnswer:
    """The subjects within `depth` hops of a subject over the chosen links, with their
    credit status and the sanction measures reaching them (for regulators)."""
    rows, truncated = _neighbours(db, subject, depth, types, day, limit + 1, HUB_DEGREE)
    rows = [row for row in rows if row["hops"] > 0]
    ids = [row["id"] for row in rows]
    describer = _describer(db, settings, day, access)
    with logging_alongside(
        db,
        access,
        endpoint="GET /v1/subjects/{id}/linked",
        subjects=ids,
        categories=["links", "status", "restrictions"],
    ):
        restrictions = describer.restrictions(ids)
        described = describer.nodes(ids, restrictions)
    results = [
        LinkedSubject(
            **described[row["id"]].model_dump(exclude={"hops"}),
            hops=row["hops"],
            measures=sorted({r.measure for r in restrictions.get(row["id"], [])}),
        )
        for row in rows
    ]
    return LinkedAnswer(
        subject=subject, as_of=day, depth=depth, types=types, results=results, truncated=truncated
    )


def explain(
    db: Database, settings: Settings, access: Access, *, subject: str, day: date
) -> Explanation:
    """Every restriction reaching a subject on `day` for any matter, with the nodes and links
    of its propagation path so the explorer can draw and highlight it (R-PROP-6)."""
    describer = _describer(db, settings, day, access)
    restrictions = describer.restrictions([subject]).get(subject, [])
    path_ids = list(dict.fromkeys([subject, *(n for r in restrictions for n in r.path[::2])]))
    nodes = describer.nodes(path_ids)
    if subject not in nodes:
        raise NotFound(f"unknown subject {subject!r}")
    for row in db.describe_path_nodes(ids=[n for n in path_ids if n not in nodes]):
        nodes[row.id] = GraphNode(
            id=row.id,
            kind=row.kind,
            name=row.list if row.kind == "LIST_ENTRY" else row.document,
            list=row.list,
            list_type=row.list_type,
            document=row.document,
        )
    log_query(
        db,
        access,
        endpoint="GET /v1/graph/explain",
        subjects=[subject],
        categories=["restrictions"],
    )
    edges: dict[str, GraphEdge] = {}
    for restriction in restrictions:
        for edge in _path_edges(restriction.path):
            edges.setdefault(edge.id, edge)
    return Explanation(
        subject=nodes[subject],
        as_of=day,
        restrictions=restrictions,
        nodes=[nodes[n] for n in path_ids if n in nodes],
        edges=list(edges.values()),
    )


def _path_edges(path: Sequence[str]) -> list[GraphEdge]:
    """`[s, T, o, LISTS, e, BASED_ON, r]` → links in their stored direction (the entry lists
    the organisation; the path reads from the subject towards the record)."""
    edges = []
    for i in range(1, len(path) - 1, 2):
        left, kind, right = path[i - 1], path[i], path[i + 1]
        source, target = (right, left) if kind == "LISTS" else (left, right)
        edges.append(
            GraphEdge(id=f"{kind}:{source}:{target}", type=kind, source=source, target=target)
        )
    return edges

"""The investigator's explorer and its data (R-OUT-3): neighbourhoods, paths, search, the
subjects linked to one subject with their credit status, and why a subject is restricted.

Every traversal is typed and bounded (depth ≤ 3, paths ≤ 6 hops, ≤ 2,000 subjects) so a
dense group cannot take the store down; `truncated` says when a bound cut the answer.
"""

from __future__ import annotations

import builtins
import re
from collections.abc import Iterable, Sequence
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field

from graph_service.access import Access, log_query, logging_alongside
from graph_service.api.deps import DbDep, RegulatorAccessDep, SettingsDep
from graph_service.auth import Role
from graph_service.domain.identity import search_key
from graph_service.domain.screening import Restriction
from graph_service.engine.neighbours import find_neighbours_around_hubs
from graph_service.engine.screening import Engine
from graph_service.errors import NotFound, ValidationFailed
from graph_service.rules.credit_time import expired_through
from graph_service.settings import Settings
from graph_service.store.db import Database, Row

router = APIRouter(tags=["graph"])

# R-OUT-3: regulators and investigators; an authority states its Art. 19 purpose (R-SEC-1).
ExplorerDep = RegulatorAccessDep

# Roles that may read a natural person's full name; everyone else sees "王*" (R-SEC-2).
UNMASKED_ROLES = frozenset({Role.ADMIN, Role.INVESTIGATOR})

MAX_DEPTH = 3
MAX_LIMIT = 2_000
MAX_HOPS = 6
MAX_PATHS = 10
EDGES_PER_NODE = 5  # links returned at most per subject on screen before `truncated`
# The linked look-up lists but does not expand a subject with more links than this (issue 17:
# an ICIJ-style registered agent would bring `limit` of its holders, each one screened).
HUB_DEGREE = 200
CHUNK = 1_000


class LinkType(StrEnum):
    """The subject-to-subject links of DESIGN §4 the explorer follows."""

    LEGAL_REPRESENTATIVE_OF = "LEGAL_REPRESENTATIVE_OF"
    PRINCIPAL_OF = "PRINCIPAL_OF"
    ACTUAL_CONTROLLER_OF = "ACTUAL_CONTROLLER_OF"
    HOLDS_SHARES_IN = "HOLDS_SHARES_IN"
    BRANCH_OF = "BRANCH_OF"


ALL_LINK_TYPES = [str(t) for t in LinkType]


def mask_name(name: str | None, kind: str | None, role: Role) -> str | None:
    """The one place a name is masked: a natural person's name shows only its first character
    unless the role may see it (R-SEC-2); organisations' names are public registry data.

    >>> mask_name("王建国", "NATURAL_PERSON", Role.AUTHORITY)
    '王*'
    >>> mask_name("王建国", "NATURAL_PERSON", Role.INVESTIGATOR)
    '王建国'
    """
    if not name or kind != "NATURAL_PERSON" or role in UNMASKED_ROLES:
        return name
    return name[0] + "*"


# --------------------------------------------------------------------------------- models


class Badges(BaseModel):
    """A subject's credit status on `as_of`, drawn as colours and marks in the explorer."""

    restricted: bool = Field(
        default=False, description="Some sanction measure reaches it (itself or by a role)"
    )
    serious_list: bool = Field(default=False, description="Itself on a serious dishonesty list")
    joint_sanction: bool = Field(default=False, description="Itself on a joint sanction list")
    reward: bool = Field(default=False, description="Itself on a joint reward list")
    objection: bool = Field(default=False, description="One of its records has an objection open")


class GraphNode(BaseModel):
    """A subject, or on a propagation path a list entry or a record."""

    id: str
    kind: str = Field(
        description="LEGAL_PERSON, UNINCORPORATED_ORG, NATURAL_PERSON, "
        "or LIST_ENTRY / RECORD on explanation paths"
    )
    name: str | None = Field(description="Masked for natural persons unless the role may see it")
    region: str | None = None
    hops: int | None = Field(default=None, description="Distance from the centre, if any")
    badges: Badges = Field(default_factory=Badges)
    list: str | None = Field(default=None, description="LIST_ENTRY: the list it is on")
    list_type: str | None = None
    document: str | None = Field(default=None, description="RECORD: the legal document")


class GraphEdge(BaseModel):
    """A link as stored: holder → organisation (or entry → subject, entry → record)."""

    id: str
    type: str
    source: str
    target: str
    ratio: float | None = None
    valid_from: date | None = None
    valid_to: date | None = None


class Neighbourhood(BaseModel):
    center: str
    as_of: date
    depth: int
    types: list[str]
    limit: int
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    truncated: bool = Field(description="The limit cut subjects or links from the answer")


class GraphPath(BaseModel):
    hops: int
    nodes: list[str]
    edges: list[GraphEdge]


class PathsAnswer(BaseModel):
    source: str
    target: str
    as_of: date
    types: list[str]
    paths: list[GraphPath] = Field(description="Shortest first")
    nodes: list[GraphNode] = Field(description="Every subject met on the paths")


class SubjectHit(BaseModel):
    id: str
    kind: str | None
    name: str | None
    region: str | None
    score: float


class SearchAnswer(BaseModel):
    q: str
    results: list[SubjectHit]


class LinkedSubject(GraphNode):
    measures: builtins.list[str] = Field(description="Sanction measures reaching it on `as_of`")


class LinkedAnswer(BaseModel):
    subject: str
    as_of: date
    depth: int
    types: list[str]
    results: list[LinkedSubject] = Field(description="Nearest first; the subject itself excluded")
    truncated: bool = Field(
        description="The limit cut subjects, or a hub (a subject other than this one with "
        f"more than {HUB_DEGREE} links) is listed but was not expanded"
    )


class Explanation(BaseModel):
    """Why a subject is restricted: each restriction with the nodes and links of its path."""

    subject: GraphNode
    as_of: date
    restrictions: list[Restriction]
    nodes: list[GraphNode]
    edges: list[GraphEdge]


# --------------------------------------------------------------------------- parameters


async def link_types(
    types: Annotated[
        list[str] | None,
        Query(
            description="Link types to follow, repeated or comma-separated; all when absent: "
            + ", ".join(ALL_LINK_TYPES)
        ),
    ] = None,
) -> list[str]:
    """Accept `types=A,B` and `types=A&types=B`; an unknown type is a 422 naming `types`."""
    if not types:
        return list(ALL_LINK_TYPES)
    chosen = [t.strip().upper() for value in types for t in value.split(",") if t.strip()]
    unknown = sorted(set(chosen) - set(ALL_LINK_TYPES))
    if unknown or not chosen:
        raise ValidationFailed(
            "invalid value for types",
            errors=[
                {
                    "field": "types",
                    "message": f"unknown link types {unknown}; use {', '.join(ALL_LINK_TYPES)}",
                }
            ],
        )
    return [t for t in ALL_LINK_TYPES if t in chosen]


TypesDep = Annotated[list[str], Depends(link_types)]
AsOf = Annotated[date | None, Query(description="The day the graph is replayed at; today")]
Depth = Annotated[int, Query(ge=1, le=MAX_DEPTH, description="Hops from the centre, 1..3")]


# ------------------------------------------------------------------------------ helpers


def _chunks(items: Sequence[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), CHUNK):
        yield list(items[start : start + CHUNK])


def _edge(row: Row) -> GraphEdge:
    valid_from = row.get("valid_from")
    return GraphEdge(
        id=f"{row['type']}:{row['source']}:{row['target']}:{valid_from or ''}",
        type=row["type"],
        source=row["source"],
        target=row["target"],
        ratio=row.get("ratio"),
        valid_from=valid_from,
        valid_to=row.get("valid_to"),
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
        for chunk in _chunks(ids):
            for row in self.db.read(
                "find_badges",
                ids=chunk,
                as_of=self.as_of,
                expired_through=expired_through(self.as_of),
            ):
                types = set(row["list_types"])
                found[row["id"]] = GraphNode(
                    id=row["id"],
                    kind=row["kind"],
                    name=mask_name(row["name"], row["kind"], self.role),
                    region=row["region"],
                    badges=Badges(
                        restricted=bool(restricted.get(row["id"])),
                        serious_list="SERIOUS" in types,
                        joint_sanction="JOINT_SANCTION" in types,
                        reward="JOINT_REWARD" in types,
                        objection=row["objection"],
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


# ------------------------------------------------------------------------------- routes


@router.get("/v1/graph/neighbourhood", response_model=Neighbourhood)
def neighbourhood(
    access: ExplorerDep,
    db: DbDep,
    settings: SettingsDep,
    types: TypesDep,
    id: Annotated[str, Query(min_length=1, max_length=64, description="The centre")],
    depth: Depth = 1,
    as_of: AsOf = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Most subjects")] = 500,
) -> Neighbourhood:
    """Subjects within `depth` hops of `id` over links valid on `as_of`, and the links among
    them, with status badges (R-OUT-3): what the explorer draws."""
    day = as_of or date.today()
    rows, truncated = _neighbours(db, id, depth, types, day, limit)
    ids = [row["id"] for row in rows]
    describer = _describer(db, settings, day, access)
    described = describer.nodes(ids)
    nodes = []
    for row in rows:
        node = described[row["id"]]
        node.hops = row["hops"]
        nodes.append(node)
    edge_cap = EDGES_PER_NODE * limit
    edge_rows: list[Row] = db.read(
        "find_links_among", ids=ids, types=types, as_of=day, limit=edge_cap + 1
    )
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
        center=id,
        as_of=day,
        depth=depth,
        types=types,
        limit=limit,
        nodes=nodes,
        edges=[_edge(row) for row in edge_rows],
        truncated=truncated,
    )


@router.get("/v1/graph/paths", response_model=PathsAnswer)
def paths(
    access: ExplorerDep,
    db: DbDep,
    settings: SettingsDep,
    types: TypesDep,
    source: Annotated[str, Query(alias="from", min_length=1, max_length=64)],
    target: Annotated[str, Query(alias="to", min_length=1, max_length=64)],
    max_hops: Annotated[int, Query(ge=1, le=MAX_HOPS, description="Longest path, 1..6")] = 4,
    k: Annotated[int, Query(ge=1, le=MAX_PATHS, description="How many paths, 1..10")] = 3,
    as_of: AsOf = None,
) -> PathsAnswer:
    """The k shortest paths between two subjects over links valid on `as_of` (R-OUT-3)."""
    if source == target:
        raise ValidationFailed(
            "invalid value for to", errors=[{"field": "to", "message": "must differ from 'from'"}]
        )
    day = as_of or date.today()
    describer = _describer(db, settings, day, access)
    ends = describer.nodes([source, target], restrictions={})
    for field, subject in (("from", source), ("to", target)):
        if subject not in ends:
            raise NotFound(f"unknown subject {subject!r} (parameter {field!r})")
    rows = db.read(
        "find_paths",
        from_id=source,
        to_id=target,
        types=types,
        as_of=day,
        max_hops=max_hops,
        k=k,
    )
    found = [
        GraphPath(
            hops=len(row["links"]),
            nodes=row["nodes"],
            edges=[_edge(link) for link in row["links"]],
        )
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


@router.get("/v1/subjects", response_model=SearchAnswer)
def search(
    access: ExplorerDep,
    db: DbDep,
    settings: SettingsDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=100,
            description="Id, resident ID number (18 characters), or (part of) a name",
        ),
    ],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> SearchAnswer:
    """Find subjects by id, id prefix, resident ID number or partial Chinese name (CJK
    fulltext index). A resident ID number is turned into the person's pseudonym before
    anything else sees it: the answer's `q`, the query log and any problem carry the
    pseudonym or nothing, never the clear number (R-SUBJ-1, issue 14)."""
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
    rows = db.read("search_subjects", q=text, lucene=_lucene(text), limit=limit)
    log_query(
        db,
        access,
        endpoint="GET /v1/subjects",
        subjects=[row["id"] for row in rows],
        categories=["identity"],
    )
    return SearchAnswer(
        q=text,
        results=[
            SubjectHit(
                id=row["id"],
                kind=row["kind"],
                name=mask_name(row["name"], row["kind"], access.principal.role),
                region=row["region"],
                score=row["score"],
            )
            for row in rows
        ],
    )


@router.get("/v1/subjects/{id}/linked", response_model=LinkedAnswer)
def linked(
    id: str,
    access: ExplorerDep,
    db: DbDep,
    settings: SettingsDep,
    types: TypesDep,
    depth: Depth = 1,
    as_of: AsOf = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 500,
) -> LinkedAnswer:
    """The subjects within `depth` hops of a subject over the chosen links, with their credit
    status and the sanction measures reaching them (R-OUT-3, for regulators)."""
    day = as_of or date.today()
    rows, truncated = _neighbours(db, id, depth, types, day, limit + 1, HUB_DEGREE)
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
        subject=id, as_of=day, depth=depth, types=types, results=results, truncated=truncated
    )


@router.get("/v1/graph/explain", response_model=Explanation)
def explain(
    access: ExplorerDep,
    db: DbDep,
    settings: SettingsDep,
    id: Annotated[str, Query(min_length=1, max_length=64)],
    as_of: AsOf = None,
) -> Explanation:
    """Every restriction reaching a subject on `as_of` for any matter, with the nodes and links
    of its propagation path so the explorer can draw and highlight it (R-PROP-6, R-OUT-3)."""
    day = as_of or date.today()
    describer = _describer(db, settings, day, access)
    restrictions = describer.restrictions([id]).get(id, [])
    path_ids = list(dict.fromkeys([id, *(n for r in restrictions for n in r.path[::2])]))
    nodes = describer.nodes(path_ids)
    if id not in nodes:
        raise NotFound(f"unknown subject {id!r}")
    for row in db.read("describe_path_nodes", ids=[n for n in path_ids if n not in nodes]):
        nodes[row["id"]] = GraphNode(
            id=row["id"],
            kind=row["kind"],
            name=row["list"] if row["kind"] == "LIST_ENTRY" else row["document"],
            list=row["list"],
            list_type=row["list_type"],
            document=row["document"],
        )
    log_query(
        db, access, endpoint="GET /v1/graph/explain", subjects=[id], categories=["restrictions"]
    )
    edges: dict[str, GraphEdge] = {}
    for restriction in restrictions:
        for edge in _path_edges(restriction.path):
            edges.setdefault(edge.id, edge)
    return Explanation(
        subject=nodes[id],
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


# ----------------------------------------------------------------------------- explorer

WEB_DIR = Path(__file__).resolve().parents[1] / "web"
_ASSETS: dict[str, str] = {
    "explorer.js": "text/javascript",
    "explorer.css": "text/css",
    "cytoscape.min.js": "text/javascript",
    "layout-base.js": "text/javascript",
    "cose-base.js": "text/javascript",
    "cytoscape-fcose.js": "text/javascript",
}
# No inline script or style anywhere and no third-party origin, so the strict CSP that
# api/security.py sets on every response holds for the explorer too (issue 6).
_PAGE_HEADERS = {"Cache-Control": "no-cache"}


@router.get("/explorer", include_in_schema=False)
def explorer_page() -> FileResponse:
    """The investigator's explorer (R-OUT-3): one static page; data comes from /v1 with the
    token the user types (kept in session storage)."""
    return FileResponse(WEB_DIR / "index.html", media_type="text/html", headers=_PAGE_HEADERS)


@router.get("/explorer/assets/{name}", include_in_schema=False)
def explorer_asset(name: str) -> FileResponse:
    """The explorer's own script and style and the vendored Cytoscape.js and fCoSE layout
    (web/VENDORED.md): nothing is fetched from elsewhere."""
    media_type = _ASSETS.get(name)
    if media_type is None:
        raise NotFound(f"no explorer asset {name!r}")
    return FileResponse(WEB_DIR / name, media_type=media_type, headers=_PAGE_HEADERS)

"""The investigator's explorer and its data (R-OUT-3): neighbourhoods, paths, search, the
subjects linked to one subject with their credit status, and why a subject is restricted.

Every traversal is typed and bounded (depth ≤ 3, paths ≤ 6 hops, ≤ 2,000 subjects) so a
dense group cannot take the store down; `truncated` says when a bound cut the answer.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import FileResponse

from graph_service.api.deps import DbDep, RegulatorAccessDep, SettingsDep
from graph_service.application import graph
from graph_service.domain.graph import (
    Explanation,
    LinkedAnswer,
    Neighbourhood,
    PathsAnswer,
    SearchAnswer,
)
from graph_service.domain.vocabulary import ALL_LINK_TYPES
from graph_service.errors import NotFound, ValidationFailed

router = APIRouter(tags=["graph"])

# R-OUT-3: regulators and investigators; an authority states its Art. 19 purpose (R-SEC-1).
ExplorerDep = RegulatorAccessDep

MAX_DEPTH = 3
MAX_LIMIT = 2_000
MAX_HOPS = 6
MAX_PATHS = 10


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
    return graph.neighbourhood(
        db,
        settings,
        access,
        center=id,
        depth=depth,
        types=types,
        day=as_of or date.today(),
        limit=limit,
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
    return graph.paths(
        db,
        settings,
        access,
        source=source,
        target=target,
        types=types,
        day=as_of or date.today(),
        max_hops=max_hops,
        k=k,
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
    return graph.search(db, settings, access, q=q, limit=limit)


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
    return graph.linked(
        db,
        settings,
        access,
        subject=id,
        depth=depth,
        types=types,
        day=as_of or date.today(),
        limit=limit,
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
    return graph.explain(db, settings, access, subject=id, day=as_of or date.today())


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

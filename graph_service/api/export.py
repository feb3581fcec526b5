"""`/v1/export/{format}/...`: generated lists and a subject's neighbourhood as FollowTheMoney
entities (JSON lines) or BODS 0.4 statements (a JSON array) (issue 8, R-OUT-1, R-OUT-3).

Names of natural persons are masked for the roles that may not see them, no resident ID
ever leaves (the graph holds none), and every export is written to the query log (R-SEC-3).
FollowTheMoney needs the optional `interop` extra; without it the route answers 501.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Final

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from graph_service.access import Access, log_query
from graph_service.analytics.projection import LINK_TYPES
from graph_service.api.deps import DbDep, RegulatorAccessDep, SettingsDep, access_for
from graph_service.auth import Role
from graph_service.domain.enums import ListType
from graph_service.domain.screening import GeneratedList
from graph_service.domain.vocabulary import mask_name
from graph_service.engine.lists import ListGenerator
from graph_service.engine.neighbours import find_neighbours
from graph_service.engine.screening import Engine
from graph_service.errors import GraphServiceError, NotFound, PayloadTooLarge, ValidationFailed
from graph_service.interop.bods import list_statements, neighbourhood_statements
from graph_service.interop.model import ExportLink, ExportSubject, parse_extra
from graph_service.store.db import Database

router = APIRouter(prefix="/v1/export", tags=["export"])

ListReaderDep = Annotated[Access, Depends(access_for(Role.ADMIN, Role.AUTHORITY))]
MAX_SUBJECTS: Final = 20_000
LINKS_PER_SUBJECT: Final = 20
CHUNK: Final = 1_000


class ExportFormat(StrEnum):
    """FollowTheMoney entities or BODS 0.4 statements."""

    FTM = "ftm"
    BODS = "bods"


class InteropUnavailable(GraphServiceError):
    """The optional `interop` extra (followthemoney) is not installed."""

    slug, title, status = "interop-unavailable", "Format support not installed", 501


AsOf = Annotated[date | None, Query(description="The day the export holds for; today")]


def _subjects(db: Database, ids: Sequence[str], role: Role) -> list[ExportSubject]:
    found: list[ExportSubject] = []
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), CHUNK):
        for row in db.read("export_subjects", ids=ordered[start : start + CHUNK]):
            found.append(
                ExportSubject(
                    id=row["id"],
                    kind=row["kind"],
                    name=mask_name(row["name"], row["kind"], role),
                    region=row["region"],
                    extra=parse_extra(row["extra"]),
                )
            )
    return found


def _links(rows: list[dict[str, Any]]) -> list[ExportLink]:
    return [
        ExportLink(
            type=row["type"],
            source=row["source"],
            target=row["target"],
            ratio=row.get("ratio"),
            valid_from=row.get("valid_from"),
            valid_to=row.get("valid_to"),
        )
        for row in rows
    ]


def _respond(fmt: ExportFormat, payload: list[dict[str, Any]], filename: str) -> Response:
    if fmt is ExportFormat.FTM:
        body = "".join(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n" for e in payload)
        media, suffix = "application/x-ndjson", "ftm.jsonl"
    else:
        body = json.dumps(payload, ensure_ascii=False, indent=1)
        media, suffix = "application/json", "bods.json"
    return Response(
        body.encode("utf-8"),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{filename}.{suffix}"'},
    )


def _ftm() -> Any:
    try:
        from graph_service.interop import ftm as export_ftm
    except ImportError as exc:  # pragma: no cover - the interop extra is installed in tests
        raise InteropUnavailable(
            "FollowTheMoney export needs the interop extra: pip install -e '.[interop]'"
        ) from exc
    return export_ftm


def _path_subjects(generated: GeneratedList) -> list[str]:
    """The listed subjects and every subject on their explanation paths (before LISTS)."""
    ids: set[str] = set()
    for listed in generated.subjects:
        ids.add(listed.subject)
        for r in listed.restrictions:
            for position, part in enumerate(r.path):
                if part == "LISTS":
                    break
                if position % 2 == 0:
                    ids.add(part)
    return sorted(ids)


@router.get(
    "/{fmt}/lists/{list_type}",
    responses={200: {"content": {"application/json": {}, "application/x-ndjson": {}}}},
)
def export_list(
    fmt: ExportFormat,
    list_type: ListType,
    access: ListReaderDep,
    db: DbDep,
    settings: SettingsDep,
    as_of: AsOf = None,
    matter: Annotated[str | None, Query(max_length=200)] = None,
    measure: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    """The generated list as of a date (R-OUT-1), with the subjects and links that explain
    how each restriction reaches a person: FtM Sanctions or annotated BODS statements."""
    errors = []
    if matter is not None and not db.read("find_matters", keys=[matter]):
        errors.append({"field": "matter", "message": f"unknown matter {matter!r}"})
    if measure is not None and not db.read("measures_published", codes=[measure]):
        errors.append({"field": "measure", "message": f"unknown measure {measure!r}"})
    if errors:
        raise ValidationFailed("unknown matter or measure", errors=errors)
    day = as_of or date.today()
    generator = ListGenerator(Engine(db, settings.control_max_depth, access.disclosures))
    generated = generator.generate(list_type.value, day, matter=matter, measure=measure)
    ids = _path_subjects(generated)
    if len(ids) > MAX_SUBJECTS:
        raise PayloadTooLarge(
            f"the export would hold {len(ids)} subjects (at most {MAX_SUBJECTS}); "
            "narrow it with matter or measure"
        )
    subjects = _subjects(db, ids, access.principal.role)
    cap = LINKS_PER_SUBJECT * max(len(ids), 1)
    links = _links(db.read("export_links_among", ids=ids, types=list(LINK_TYPES), limit=cap))
    log_query(
        db,
        access,
        endpoint="GET /v1/export/{format}/lists/{type}",
        subjects=[s.subject for s in generated.subjects],
        categories=["lists", "export"],
    )
    if fmt is ExportFormat.FTM:
        payload = _ftm().list_entities(generated, subjects, links)
    else:
        payload = list_statements(generated, subjects, links)
    return _respond(fmt, payload, f"{list_type.value.lower()}-{day.isoformat()}")


@router.get(
    "/{fmt}/subjects/{subject_id}/neighbourhood",
    responses={200: {"content": {"application/json": {}, "application/x-ndjson": {}}}},
)
def export_neighbourhood(
    fmt: ExportFormat,
    subject_id: str,
    access: RegulatorAccessDep,
    db: DbDep,
    depth: Annotated[int, Query(ge=1, le=3, description="Hops from the subject, 1..3")] = 1,
    as_of: AsOf = None,
    limit: Annotated[
        int, Query(ge=1, le=MAX_SUBJECTS, description="Most subjects, 1..20000")
    ] = 2_000,
) -> Response:
    """The subject, the subjects within `depth` hops over every link valid on `as_of`, and
    the links among them (R-OUT-3)."""
    day = as_of or date.today()
    rows = find_neighbours(db, subject_id, LINK_TYPES, day, depth, limit + 1)
    if not rows:
        raise NotFound(f"unknown subject {subject_id!r}")
    if len(rows) > limit:
        raise PayloadTooLarge(
            f"more than {limit} subjects within {depth} hops; raise limit (at most "
            f"{MAX_SUBJECTS}) or lower depth"
        )
    ids = [row["id"] for row in rows]
    subjects = _subjects(db, ids, access.principal.role)
    cap = LINKS_PER_SUBJECT * len(ids)
    links = _links(
        db.read("find_links_among", ids=ids, types=list(LINK_TYPES), as_of=day, limit=cap)
    )
    log_query(
        db,
        access,
        endpoint="GET /v1/export/{format}/subjects/{id}/neighbourhood",
        subjects=ids,
        categories=["graph", "export"],
    )
    if fmt is ExportFormat.FTM:
        payload = _ftm().neighbourhood_entities(subjects, links)
    else:
        payload = neighbourhood_statements(subjects, links, day)
    return _respond(fmt, payload, f"{subject_id}-{day.isoformat()}")

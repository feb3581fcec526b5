"""Generated lists and a subject's neighbourhood as FollowTheMoney entities (JSON lines) or
BODS 0.4 statements (a JSON array) (issue 8, R-OUT-1, R-OUT-3).

Names of natural persons are masked for the roles that may not see them, no resident ID
ever leaves (the graph holds none), and every export is written to the query log (R-SEC-3).
FollowTheMoney needs the optional `interop` extra; without it the answer is a 501.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, Final

from graph_service.access import Access, log_query
from graph_service.analytics.projection import LINK_TYPES
from graph_service.application.lists import check_known
from graph_service.application.masking import mask_name
from graph_service.auth import Role
from graph_service.domain.export import Export, ExportFormat
from graph_service.domain.screening import GeneratedList
from graph_service.engine.lists import ListGenerator
from graph_service.engine.neighbours import find_neighbours
from graph_service.engine.screening import Engine
from graph_service.errors import GraphServiceError, NotFound, PayloadTooLarge
from graph_service.interop.bods import list_statements, neighbourhood_statements
from graph_service.interop.model import ExportLink, ExportSubject, parse_extra
from graph_service.settings import Settings
from graph_service.store.db import Database
from graph_service.store.runner import chunks
from graph_service.store.typed_queries import ExportLinksAmongRow, FindLinksAmongRow

MAX_SUBJECTS: Final = 20_000
LINKS_PER_SUBJECT: Final = 20


class InteropUnavailable(GraphServiceError):
    """The optional `interop` extra (followthemoney) is not installed."""

    slug, title, status = "interop-unavailable", "Format support not installed", 501


def _subjects(db: Database, ids: Sequence[str], role: Role) -> list[ExportSubject]:
    return [
        ExportSubject(
            id=row.id,
            kind=row.kind,
            name=mask_name(row.name, row.kind, role),
            region=row.region,
            extra=parse_extra(row.extra),
        )
        for chunk in chunks(sorted(set(ids)))
        for row in db.export_subjects(ids=chunk)
    ]


def _links(rows: Iterable[ExportLinksAmongRow | FindLinksAmongRow]) -> list[ExportLink]:
    """Links as exported, from rows of `export_links_among` or `find_links_among`."""
    return [
        ExportLink(
            type=row.type,
            source=row.source,
            target=row.target,
            ratio=row.ratio,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
        )
        for row in rows
    ]


def _render(fmt: ExportFormat, payload: list[dict[str, Any]], filename: str) -> Export:
    if fmt is ExportFormat.FTM:
        body = "".join(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n" for e in payload)
        return Export(body.encode("utf-8"), "application/x-ndjson", f"{filename}.ftm.jsonl")
    body = json.dumps(payload, ensure_ascii=False, indent=1)
    return Export(body.encode("utf-8"), "application/json", f"{filename}.bods.json")


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


def export_list(
    db: Database,
    settings: Settings,
    access: Access,
    *,
    fmt: ExportFormat,
    list_type: str,
    day: date,
    matter: str | None,
    measure: str | None,
) -> Export:
    """The generated list as of a date (R-OUT-1), with the subjects and links that explain
    how each restriction reaches a person: FtM Sanctions or annotated BODS statements."""
    check_known(db, matter, measure)
    generator = ListGenerator(Engine(db, settings.control_max_depth, access.disclosures))
    generated = generator.generate(list_type, day, matter=matter, measure=measure)
    ids = _path_subjects(generated)
    if len(ids) > MAX_SUBJECTS:
        raise PayloadTooLarge(
            f"the export would hold {len(ids)} subjects (at most {MAX_SUBJECTS}); "
            "narrow it with matter or measure"
        )
    subjects = _subjects(db, ids, access.principal.role)
    cap = LINKS_PER_SUBJECT * max(len(ids), 1)
    links = _links(db.export_links_among(ids=ids, types=list(LINK_TYPES), limit=cap))
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
    return _render(fmt, payload, f"{list_type.lower()}-{day.isoformat()}")


def export_neighbourhood(
    db: Database,
    access: Access,
    *,
    fmt: ExportFormat,
    subject: str,
    depth: int,
    day: date,
    limit: int,
) -> Export:
    """The subject, the subjects within `depth` hops over every link valid on `day`, and
    the links among them (R-OUT-3)."""
    rows = find_neighbours(db, subject, LINK_TYPES, day, depth, limit + 1)
    if not rows:
        raise NotFound(f"unknown subject {subject!r}")
    if len(rows) > limit:
        raise PayloadTooLarge(
            f"more than {limit} subjects within {depth} hops; raise limit (at most "
            f"{MAX_SUBJECTS}) or lower depth"
        )
    ids = [row["id"] for row in rows]
    subjects = _subjects(db, ids, access.principal.role)
    cap = LINKS_PER_SUBJECT * len(ids)
    links = _links(db.find_links_among(ids=ids, types=list(LINK_TYPES), as_of=day, limit=cap))
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
    return _render(fmt, payload, f"{subject}-{day.isoformat()}")

"""`/v1/export/{format}/...`: generated lists and a subject's neighbourhood as FollowTheMoney
entities (JSON lines) or BODS 0.4 statements (a JSON array) (issue 8, R-OUT-1, R-OUT-3).

Names of natural persons are masked for the roles that may not see them, no resident ID
ever leaves (the graph holds none), and every export is written to the query log (R-SEC-3).
FollowTheMoney needs the optional `interop` extra; without it the route answers 501.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from graph_service.access import Access
from graph_service.api.deps import DbDep, RegulatorAccessDep, SettingsDep, access_for
from graph_service.application import export
from graph_service.application.export import MAX_SUBJECTS
from graph_service.auth import Role
from graph_service.domain.enums import ListType
from graph_service.domain.export import Export, ExportFormat

router = APIRouter(prefix="/v1/export", tags=["export"])

ListReaderDep = Annotated[Access, Depends(access_for(Role.ADMIN, Role.AUTHORITY))]


AsOf = Annotated[date | None, Query(description="The day the export holds for; today")]


def _respond(found: Export) -> Response:
    return Response(
        found.body,
        media_type=found.media_type,
        headers={"Content-Disposition": f'attachment; filename="{found.filename}"'},
    )


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
    return _respond(
        export.export_list(
            db,
            settings,
            access,
            fmt=fmt,
            list_type=list_type.value,
            day=as_of or date.today(),
            matter=matter,
            measure=measure,
        )
    )


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
    return _respond(
        export.export_neighbourhood(
            db,
            access,
            fmt=fmt,
            subject=subject_id,
            depth=depth,
            day=as_of or date.today(),
            limit=limit,
        )
    )

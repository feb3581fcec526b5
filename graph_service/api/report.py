"""GET /v1/subjects/{id}/report: the credit report (Art. 39, R-OUT-4)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response

from graph_service.api.answers import answer_json
from graph_service.api.deps import AnyAccessDep, CalendarDep, DbDep, SettingsDep
from graph_service.application.report import credit_report
from graph_service.domain.report import CreditReport

router = APIRouter(prefix="/v1/subjects", tags=["subjects"])

# The query log is paged, newest first (issue 17): a long log costs one page, not all of it.
QUERY_LOG_PAGE = 50
QUERY_LOG_MAX_PAGE = 500


@router.get("/{subject_id}/report", response_model=CreditReport, response_model_by_alias=True)
async def report(
    subject_id: str,
    access: AnyAccessDep,
    db: DbDep,
    settings: SettingsDep,
    calendar: CalendarDep,
    as_of: Annotated[date | None, Query(description="Default: today")] = None,
    log_before: Annotated[
        int | None,
        Query(ge=1, description="The query log's page cursor: `query_log_next` of the page before"),
    ] = None,
    log_limit: Annotated[
        int, Query(ge=1, le=QUERY_LOG_MAX_PAGE, description="Query-log entries in this page")
    ] = QUERY_LOG_PAGE,
) -> Response:
    """Records the caller may see, list memberships, measures reaching the subject and why,
    objections, sources, reasons for changes, and who queried the subject (Art. 39)."""
    return await answer_json(
        lambda: credit_report(
            db,
            settings,
            calendar,
            access,
            subject_id,
            as_of=as_of,
            log_before=log_before,
            log_limit=log_limit,
        )
    )

"""GET /v1/statistics: the credit office's counts over a period (issue 15), and /dashboard,
the static page that charts them."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse

from graph_service.api.deps import AdminDep, DbDep
from graph_service.api.graph import WEB_DIR
from graph_service.domain.statistics import GroupBy, Statistics
from graph_service.engine.statistics import statistics
from graph_service.errors import NotFound

router = APIRouter(tags=["statistics"])

# The dashboard's files: its own script and style, and the vendored Chart.js (VENDORED.md).
_ASSETS: dict[str, str] = {
    "dashboard.js": "text/javascript",
    "dashboard.css": "text/css",
    "chart.umd.min.js": "text/javascript",
}
_PAGE_HEADERS = {"Cache-Control": "no-cache"}


@router.get("/v1/statistics", response_model=Statistics, response_model_by_alias=True)
def get_statistics(
    _: AdminDep,
    db: DbDep,
    from_date: Annotated[date | None, Query(alias="from", description="Default: 1 January")] = None,
    to_date: Annotated[date | None, Query(alias="to", description="Default: today")] = None,
    by: Annotated[GroupBy, Query(description="How the counts are grouped")] = "month",
) -> Statistics:
    """Subjects and entries per list, entries added and removed, hits, feedback given and
    overdue, measures applied, objections filed and upheld with the days taken, repairs,
    revocations, commitments kept and broken: counts without personal data."""
    to_day = to_date or date.today()
    from_day = from_date or to_day.replace(month=1, day=1)
    return statistics(db, from_date=from_day, to_date=to_day, by=by)


@router.get("/dashboard", include_in_schema=False)
def dashboard_page() -> FileResponse:
    """The credit office's charts over /v1/statistics: one static page under the strict CSP
    of api/security.py; its data call needs an admin token, typed into the page."""
    return FileResponse(WEB_DIR / "dashboard.html", media_type="text/html", headers=_PAGE_HEADERS)


@router.get("/dashboard/assets/{name}", include_in_schema=False)
def dashboard_asset(name: str) -> FileResponse:
    """The dashboard's script and style and Chart.js: nothing is fetched from elsewhere."""
    media_type = _ASSETS.get(name)
    if media_type is None:
        raise NotFound(f"no dashboard asset {name!r}")
    return FileResponse(WEB_DIR / name, media_type=media_type, headers=_PAGE_HEADERS)

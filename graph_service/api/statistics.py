"""GET /v1/statistics: the credit office's counts over a period (issue 15), and /dashboard,
the static page that charts them."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from graph_service.api.deps import AdminDep, DbDep
from graph_service.domain.statistics import GroupBy, Statistics
from graph_service.engine.statistics import statistics

router = APIRouter(tags=["statistics"])


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

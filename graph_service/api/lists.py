"""Generated lists and their diffs (R-OUT-1), as JSON or CSV."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from graph_service.access import Access
from graph_service.api.answers import answer_json
from graph_service.api.deps import DbDep, SettingsDep, access_for
from graph_service.application import lists
from graph_service.auth import Role
from graph_service.domain.enums import ListType
from graph_service.domain.screening import GeneratedList, ListDiff
from graph_service.engine.lists import ListGenerator, to_csv

router = APIRouter(prefix="/v1/lists", tags=["lists"])

ListReaderDep = Annotated[Access, Depends(access_for(Role.ADMIN, Role.AUTHORITY))]


async def _generator(db: DbDep, settings: SettingsDep, access: ListReaderDep) -> ListGenerator:
    """The same decisions for every caller (Art. 24, 29), shown at the caller's disclosure
    level, as the export of the list shows them (R-INFO-2)."""
    return lists.generator(db, settings, access)


GeneratorDep = Annotated[ListGenerator, Depends(_generator)]


@router.get(
    "/{list_type}/generated",
    response_model=GeneratedList,
    responses={200: {"content": {"text/csv": {}}}},
)
async def generated(
    list_type: ListType,
    access: ListReaderDep,
    gen: GeneratorDep,
    as_of: Annotated[date | None, Query(description="Default: today")] = None,
    matter: str | None = None,
    measure: str | None = None,
    format: Literal["json", "csv"] = "json",
) -> Response:
    """Everyone the list reaches as of a date: listed subjects and propagated persons."""

    def work() -> GeneratedList:
        return lists.generated(
            gen,
            access,
            list_type=list_type.value,
            day=as_of or date.today(),
            matter=matter,
            measure=measure,
        )

    if format == "csv":
        return await run_in_threadpool(_as_csv, work)
    return await answer_json(work)


def _as_csv(work: Callable[[], GeneratedList]) -> Response:
    result = work()
    filename = f"{result.list_type.lower()}-{result.as_of.isoformat()}.csv"
    return Response(
        to_csv(result).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/{list_type}/diff", response_model=ListDiff, response_model_by_alias=True)
async def diff(
    list_type: ListType,
    access: ListReaderDep,
    gen: GeneratorDep,
    from_date: Annotated[date, Query(alias="from")],
    to_date: Annotated[date, Query(alias="to")],
) -> Response:
    """Added, removed and changed subjects between two dates, with the reasons."""
    return await answer_json(
        lambda: lists.diff(
            gen, access, list_type=list_type.value, from_date=from_date, to_date=to_date
        )
    )

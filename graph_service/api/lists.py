"""Generated lists and their diffs (R-OUT-1), as JSON or CSV."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from graph_service.access import Access, log_query
from graph_service.api.deps import DbDep, SettingsDep, access_for
from graph_service.auth import Role
from graph_service.domain.enums import ListType
from graph_service.domain.screening import GeneratedList, ListDiff
from graph_service.engine.lists import ListGenerator, to_csv
from graph_service.engine.screening import Engine
from graph_service.errors import ValidationFailed

router = APIRouter(prefix="/v1/lists", tags=["lists"])

ListReaderDep = Annotated[Access, Depends(access_for(Role.ADMIN, Role.AUTHORITY))]


async def _generator(db: DbDep, settings: SettingsDep, access: ListReaderDep) -> ListGenerator:
    """The same decisions for every caller (Art. 24, 29), shown at the caller's disclosure
    level, as the export of the list shows them (R-INFO-2)."""
    return ListGenerator(Engine(db, settings.control_max_depth, access.disclosures))


GeneratorDep = Annotated[ListGenerator, Depends(_generator)]


def _check_known(gen: ListGenerator, matter: str | None, measure: str | None) -> None:
    errors = []
    if matter is not None and not gen.db.read("find_matters", keys=[matter]):
        errors.append({"field": "matter", "message": f"unknown matter {matter!r}"})
    if measure is not None and not gen.db.read("measures_published", codes=[measure]):
        errors.append({"field": "measure", "message": f"unknown measure {measure!r}"})
    if errors:
        raise ValidationFailed("unknown matter or measure", errors=errors)


@router.get(
    "/{list_type}/generated",
    response_model=GeneratedList,
    responses={200: {"content": {"text/csv": {}}}},
)
def generated(
    list_type: ListType,
    access: ListReaderDep,
    gen: GeneratorDep,
    as_of: Annotated[date | None, Query(description="Default: today")] = None,
    matter: str | None = None,
    measure: str | None = None,
    format: Literal["json", "csv"] = "json",
) -> GeneratedList | Response:
    """Everyone the list reaches as of a date: listed subjects and propagated persons."""
    _check_known(gen, matter, measure)
    result = gen.generate(list_type.value, as_of or date.today(), matter=matter, measure=measure)
    log_query(
        gen.db,
        access,
        endpoint="GET /v1/lists/{list_type}/generated",
        subjects=[s.subject for s in result.subjects],
        categories=["lists"],
    )
    if format == "csv":
        filename = f"{list_type.value.lower()}-{result.as_of.isoformat()}.csv"
        return Response(
            to_csv(result).encode("utf-8"),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
    return result


@router.get("/{list_type}/diff", response_model=ListDiff, response_model_by_alias=True)
def diff(
    list_type: ListType,
    access: ListReaderDep,
    gen: GeneratorDep,
    from_date: Annotated[date, Query(alias="from")],
    to_date: Annotated[date, Query(alias="to")],
) -> ListDiff:
    """Added, removed and changed subjects between two dates, with the reasons."""
    if to_date < from_date:
        raise ValidationFailed(
            "`to` is before `from`", errors=[{"field": "to", "message": "must not be before from"}]
        )
    result = gen.diff(list_type.value, from_date, to_date)
    changed = [c.subject for c in (*result.added, *result.removed, *result.changed)]
    log_query(
        gen.db,
        access,
        endpoint="GET /v1/lists/{list_type}/diff",
        subjects=changed,
        categories=["lists"],
    )
    return result

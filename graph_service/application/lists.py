"""Generated lists and their diffs (R-OUT-1): the same decisions for every caller (Art. 24,
29), shown at the caller's disclosure level (R-INFO-2), every read in the query log."""

from __future__ import annotations

from datetime import date

from graph_service.access import Access, log_query
from graph_service.domain.screening import GeneratedList, ListDiff
from graph_service.engine.lists import ListGenerator
from graph_service.engine.screening import Engine
from graph_service.errors import ValidationFailed
from graph_service.settings import Settings
from graph_service.store.db import Database
from graph_service.store.typed_queries import Repository


def generator(db: Database, settings: Settings, access: Access) -> ListGenerator:
    """The list generator at the caller's disclosure level."""
    return ListGenerator(Engine(db, settings.control_max_depth, access.disclosures))


def check_known(db: Repository, matter: str | None, measure: str | None) -> None:
    """A list narrowed to an unknown matter or measure is a 422 naming the field."""
    errors = []
    if matter is not None and not db.find_matters(keys=[matter]):
        errors.append({"field": "matter", "message": f"unknown matter {matter!r}"})
    if measure is not None and not db.measures_published(codes=[measure]):
        errors.append({"field": "measure", "message": f"unknown measure {measure!r}"})
    if errors:
        raise ValidationFailed("unknown matter or measure", errors=errors)


def generated(
    gen: ListGenerator,
    access: Access,
    *,
    list_type: str,
    day: date,
    matter: str | None,
    measure: str | None,
) -> GeneratedList:
    """Everyone the list reaches as of a date: listed subjects and propagated persons."""
    check_known(gen.db, matter, measure)
    result = gen.generate(list_type, day, matter=matter, measure=measure)
    log_query(
        gen.db,
        access,
        endpoint="GET /v1/lists/{list_type}/generated",
        subjects=[s.subject for s in result.subjects],
        categories=["lists"],
    )
    return result


def diff(
    gen: ListGenerator, access: Access, *, list_type: str, from_date: date, to_date: date
) -> ListDiff:
    """Added, removed and changed subjects between two dates, with the reasons."""
    if to_date < from_date:
        raise ValidationFailed(
            "`to` is before `from`", errors=[{"field": "to", "message": "must not be before from"}]
        )
    result = gen.diff(list_type, from_date, to_date)
    changed = [c.subject for c in (*result.added, *result.removed, *result.changed)]
    log_query(
        gen.db,
        access,
        endpoint="GET /v1/lists/{list_type}/diff",
        subjects=changed,
        categories=["lists"],
    )
    return result

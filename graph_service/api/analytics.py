"""`/v1/analytics/...`: affiliated groups, key persons, risk association, ownership cycles
and data quality on projected subgraphs (issue 8; R-OUT-3, R-SUBJ-2, R-SUBJ-3, Art. 32).

A projection is a region (its organisations and their holders one hop in) or a subject's
neighbourhood (at most 3 hops); both are fetched with bounded Cypher and computed on with
networkx. Every bound is a query parameter with a ceiling: beyond it the answer is a 422
naming the parameter; a projection cut by `max_subjects` says `truncated`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Final

from fastapi import APIRouter, Query

from graph_service.analytics.projection import LINK_TYPES
from graph_service.api.deps import DbDep, RegulatorAccessDep, SettingsDep
from graph_service.application import analytics
from graph_service.domain.analytics import (
    CyclesAnswer,
    DataQualityAnswer,
    GroupsAnswer,
    KeyPersonsAnswer,
    RiskAnswer,
)

router = APIRouter(prefix="/v1/analytics", tags=["analytics"])

MAX_DEPTH: Final = 3
MAX_SUBJECTS: Final = 20_000  # subjects in one projection
MAX_LIMIT: Final = 5_000  # items in one answer's list
MAX_CYCLE_LENGTH: Final = 10

AsOf = Annotated[date | None, Query(description="The day the graph is replayed at; today")]
Region = Annotated[
    str | None,
    Query(max_length=8, description="A region: TJ (with its districts), TJ-<district>, BJ, HE"),
]
SubjectParam = Annotated[
    str | None, Query(min_length=1, max_length=64, description="Centre of a neighbourhood")
]
Depth = Annotated[int, Query(ge=1, le=MAX_DEPTH, description="Hops from `subject`, 1..3")]
MaxSubjects = Annotated[
    int, Query(ge=1, le=MAX_SUBJECTS, description="Most subjects in the projection, 1..20000")
]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Most items listed, 1..5000")]
Types = Annotated[
    list[str] | None,
    Query(description="Link types, repeated or comma-separated: " + ", ".join(LINK_TYPES)),
]


# ------------------------------------------------------------------------------- routes


@router.get("/groups", response_model=GroupsAnswer)
def groups(
    access: RegulatorAccessDep,
    db: DbDep,
    settings: SettingsDep,
    region: Region = None,
    subject: SubjectParam = None,
    depth: Depth = 2,
    as_of: AsOf = None,
    types: Types = None,
    min_organisations: Annotated[int, Query(ge=2, le=MAX_SUBJECTS)] = 2,
    max_subjects: MaxSubjects = 5_000,
    limit: Limit = 100,
) -> GroupsAnswer:
    """Affiliated groups: organisations tied by shared legal representatives, controllers or
    holdings (connected components of the projection), largest first."""
    return analytics.groups(
        db,
        settings,
        access,
        region=region,
        subject=subject,
        depth=depth,
        day=as_of or date.today(),
        types=types,
        min_organisations=min_organisations,
        max_subjects=max_subjects,
        limit=limit,
    )


@router.get("/key-persons", response_model=KeyPersonsAnswer)
def key_persons_route(
    access: RegulatorAccessDep,
    db: DbDep,
    settings: SettingsDep,
    region: Region = None,
    subject: SubjectParam = None,
    depth: Depth = 2,
    as_of: AsOf = None,
    types: Types = None,
    min_restricted: Annotated[
        int, Query(ge=1, le=MAX_SUBJECTS, description="Restricted organisations that make a key")
    ] = 2,
    max_subjects: MaxSubjects = 5_000,
    limit: Limit = 100,
) -> KeyPersonsAnswer:
    """Persons who represent or control many restricted organisations (Art. 32), or whose
    removal splits an affiliated group (articulation points)."""
    return analytics.key_persons_of(
        db,
        settings,
        access,
        region=region,
        subject=subject,
        depth=depth,
        day=as_of or date.today(),
        types=types,
        min_restricted=min_restricted,
        max_subjects=max_subjects,
        limit=limit,
    )


@router.get("/subjects/{subject_id}/risk", response_model=RiskAnswer)
def risk(
    subject_id: str,
    access: RegulatorAccessDep,
    db: DbDep,
    settings: SettingsDep,
    depth: Depth = 2,
    as_of: AsOf = None,
    types: Types = None,
    weights: Annotated[
        list[str] | None,
        Query(description="Link weights TYPE=w (0 < w <= 1), repeated or comma-separated"),
    ] = None,
    max_subjects: MaxSubjects = 2_000,
) -> RiskAnswer:
    """The restricted subjects within `depth` hops: count, share, weighted score and the
    explanation (each one's path, weight and the measures that restrict it)."""
    return analytics.risk(
        db,
        settings,
        access,
        subject=subject_id,
        depth=depth,
        day=as_of or date.today(),
        types=types,
        weights=weights,
        max_subjects=max_subjects,
    )


@router.get("/cycles", response_model=CyclesAnswer)
def cycles(
    access: RegulatorAccessDep,
    db: DbDep,
    settings: SettingsDep,
    region: Annotated[str, Query(max_length=8, description="TJ, TJ-<district>, BJ or HE")],
    as_of: AsOf = None,
    max_length: Annotated[
        int, Query(ge=2, le=MAX_CYCLE_LENGTH, description="Longest cycle, 2..10 links")
    ] = 6,
    max_subjects: MaxSubjects = 5_000,
    limit: Limit = 100,
) -> CyclesAnswer:
    """Ownership cycles through the region's organisations on `as_of` (R-SUBJ-3: cycles
    terminate and are reported), shortest first, each with its ratios and their product."""
    return analytics.cycles(
        db,
        settings,
        access,
        region=region,
        day=as_of or date.today(),
        max_length=max_length,
        max_subjects=max_subjects,
        limit=limit,
    )


@router.get("/data-quality", response_model=DataQualityAnswer)
def data_quality(
    access: RegulatorAccessDep,
    db: DbDep,
    settings: SettingsDep,
    region: Annotated[str, Query(max_length=8, description="TJ, TJ-<district>, BJ or HE")],
    as_of: AsOf = None,
    max_representations: Annotated[
        int,
        Query(
            ge=2,
            le=100_000,
            description="A person representing at least this many organisations is flagged",
        ),
    ] = 10,
    max_subjects: MaxSubjects = 5_000,
    limit: Limit = 500,
) -> DataQualityAnswer:
    """Declared controllers that shareholdings contradict, organisations without a current
    legal representative, and persons representing implausibly many organisations."""
    return analytics.data_quality(
        db,
        settings,
        access,
        region=region,
        day=as_of or date.today(),
        max_representations=max_representations,
        max_subjects=max_subjects,
        limit=limit,
    )

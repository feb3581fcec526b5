"""Answers of the `/v1/analytics/...` routes (issue 8): groups, key persons, risk association,
ownership cycles and data quality."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field


class SubjectOut(BaseModel):
    """A subject as the analytics show it: names of natural persons masked by role."""

    id: str
    kind: str | None = None
    name: str | None = None
    region: str | None = None
    restricted: bool = Field(
        default=False, description="Some sanction measure reaches it on as_of (DESIGN §5)"
    )


class ProjectionInfo(BaseModel):
    """The subgraph an answer was computed on, and whether a bound cut it."""

    region: str | None = None
    subject: str | None = None
    depth: int | None = None
    as_of: date
    types: list[str]
    subjects: int
    links: int
    truncated: bool = Field(description="max_subjects (or the link cap) cut the projection")


class GroupOut(BaseModel):
    id: str = Field(description="The smallest organisation id of the group")
    organisations: list[SubjectOut]
    persons: list[SubjectOut] = Field(description="Natural persons tying the organisations")
    links: int
    restricted_organisations: int


class GroupsAnswer(BaseModel):
    projection: ProjectionInfo
    min_organisations: int
    count: int = Field(description="Groups found (before `limit`)")
    groups: list[GroupOut] = Field(description="Largest first")
    truncated: bool = Field(description="`limit` cut the list of groups")


class SplitOut(BaseModel):
    group: str
    parts: list[list[str]] = Field(description="Organisations of each part left without them")


class KeyPersonOut(BaseModel):
    person: SubjectOut
    represents: list[str] = Field(description="Restricted organisations they represent")
    controls: list[str] = Field(description="Restricted organisations they control (R-SUBJ-3)")
    restricted_organisations: int
    split: SplitOut | None = Field(description="Removing them splits this group")


class KeyPersonsAnswer(BaseModel):
    projection: ProjectionInfo
    min_restricted: int
    persons: list[KeyPersonOut]
    truncated: bool = Field(description="`limit` cut the list")


class AssociationOut(BaseModel):
    subject: SubjectOut
    hops: int
    weight: float = Field(description="Product of link weights on the strongest path")
    path: list[str] = Field(description="Subject ids alternating with link types")
    reasons: list[str] = Field(description="The measures, lists and entries that restrict it")


class RiskAnswer(BaseModel):
    subject: SubjectOut
    as_of: date
    depth: int
    types: list[str]
    weights: dict[str, float]
    within: int = Field(description="Subjects within `depth` hops, the subject excluded")
    restricted_count: int
    share: float = Field(description="restricted_count / within")
    score: float = Field(description="Sum of the restricted subjects' weights")
    weighted_share: float = Field(description="score / sum of everyone's weights")
    restricted: list[AssociationOut] = Field(description="Strongest first: the explanation")
    truncated: bool


class CycleOut(BaseModel):
    subjects: list[str] = Field(description="Each holds shares in the next, the last in the first")
    ratios: list[float]
    product: float


class CyclesAnswer(BaseModel):
    region: str
    as_of: date
    max_length: int
    organisations: int
    cycles: list[CycleOut]
    truncated: bool = Field(description="`limit`, max_subjects or the depth bound cut the answer")


class ConflictOut(BaseModel):
    organisation: SubjectOut
    declared: list[SubjectOut]
    shareholding_controllers: list[SubjectOut]


class RepresentationOut(BaseModel):
    person: SubjectOut
    organisations: int
    sample: list[str] = Field(description="Up to 50 of the organisations")


class DataQualityAnswer(BaseModel):
    projection: ProjectionInfo
    max_representations: int
    control_conflicts: list[ConflictOut] = Field(
        description="Declared controller inconsistent with shareholding control (R-SUBJ-3)"
    )
    without_legal_representative: list[SubjectOut] = Field(
        description="No legal representative (or, unincorporated, no principal) on as_of"
    )
    many_representations: list[RepresentationOut] = Field(
        description="Persons representing at least max_representations organisations"
    )
    truncated: bool = Field(description="`limit` or a bound cut a section")

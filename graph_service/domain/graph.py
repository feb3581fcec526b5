"""The explorer's answers (R-OUT-3): subjects as nodes with status badges, links as edges,
neighbourhoods, paths, search hits, linked subjects and explanations."""

from __future__ import annotations

import builtins
from datetime import date

from pydantic import BaseModel, Field

from graph_service.domain.screening import Restriction

# The linked look-up lists but does not expand a subject with more links than this (issue 17:
# an ICIJ-style registered agent would bring `limit` of its holders, each one screened).
HUB_DEGREE = 200


class Badges(BaseModel):
    """A subject's credit status on `as_of`, drawn as colours and marks in the explorer."""

    restricted: bool = Field(
        default=False, description="Some sanction measure reaches it (itself or by a role)"
    )
    serious_list: bool = Field(default=False, description="Itself on a serious dishonesty list")
    joint_sanction: bool = Field(default=False, description="Itself on a joint sanction list")
    reward: bool = Field(default=False, description="Itself on a joint reward list")
    objection: bool = Field(default=False, description="One of its records has an objection open")


class GraphNode(BaseModel):
    """A subject, or on a propagation path a list entry or a record."""

    id: str
    kind: str = Field(
        description="LEGAL_PERSON, UNINCORPORATED_ORG, NATURAL_PERSON, "
        "or LIST_ENTRY / RECORD on explanation paths"
    )
    name: str | None = Field(description="Masked for natural persons unless the role may see it")
    region: str | None = None
    hops: int | None = Field(default=None, description="Distance from the centre, if any")
    badges: Badges = Field(default_factory=Badges)
    list: str | None = Field(default=None, description="LIST_ENTRY: the list it is on")
    list_type: str | None = None
    document: str | None = Field(default=None, description="RECORD: the legal document")


class GraphEdge(BaseModel):
    """A link as stored: holder → organisation (or entry → subject, entry → record)."""

    id: str
    type: str
    source: str
    target: str
    ratio: float | None = None
    valid_from: date | None = None
    valid_to: date | None = None


class Neighbourhood(BaseModel):
    center: str
    as_of: date
    depth: int
    types: list[str]
    limit: int
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    truncated: bool = Field(description="The limit cut subjects or links from the answer")


class GraphPath(BaseModel):
    hops: int
    nodes: list[str]
    edges: list[GraphEdge]


class PathsAnswer(BaseModel):
    source: str
    target: str
    as_of: date
    types: list[str]
    paths: list[GraphPath] = Field(description="Shortest first")
    nodes: list[GraphNode] = Field(description="Every subject met on the paths")


class SubjectHit(BaseModel):
    id: str
    kind: str | None
    name: str | None
    region: str | None
    score: float


class SearchAnswer(BaseModel):
    q: str
    results: list[SubjectHit]


class LinkedSubject(GraphNode):
    measures: builtins.list[str] = Field(description="Sanction measures reaching it on `as_of`")


class LinkedAnswer(BaseModel):
    subject: str
    as_of: date
    depth: int
    types: list[str]
    results: list[LinkedSubject] = Field(description="Nearest first; the subject itself excluded")
    truncated: bool = Field(
        description="The limit cut subjects, or a hub (a subject other than this one with "
        f"more than {HUB_DEGREE} links) is listed but was not expanded"
    )


class Explanation(BaseModel):
    """Why a subject is restricted: each restriction with the nodes and links of its path."""

    subject: GraphNode
    as_of: date
    restrictions: list[Restriction]
    nodes: list[GraphNode]
    edges: list[GraphEdge]

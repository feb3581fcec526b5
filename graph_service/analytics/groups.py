"""Affiliated groups and key persons on a projected subgraph (issue 8, R-OUT-3, Art. 32).

Pure functions over a :class:`~graph_service.analytics.projection.Projection`: no I/O.

* An **affiliated group** is a connected component of the projection's undirected link graph
  (legal representatives, actual controllers and shareholdings by default) that holds at
  least ``min_organisations`` organisations: organisations tied by a shared legal
  representative, a shared controller, or holdings.
* A **key person** represents (legal representative or principal) or controls (declared, or
  through the shareholding chain of R-SUBJ-3) many restricted organisations, or is an
  articulation point of a group: removing the person splits the group's organisations into
  two or more parts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Set
from dataclasses import dataclass, field

import networkx as nx

from graph_service.analytics.projection import Projection
from graph_service.domain.vocabulary import REPRESENTATION_LINK_TYPES

__all__ = ["Group", "KeyPerson", "Split", "affiliated_groups", "key_persons", "splitting_persons"]

REPRESENTATION_TYPES = REPRESENTATION_LINK_TYPES


@dataclass(frozen=True, slots=True)
class Group:
    """One affiliated group: its organisations, the persons tying them, and its size.

    ``id`` is the smallest organisation id, so a group keeps its name while it grows.
    """

    id: str
    organisations: list[str]
    persons: list[str]
    links: int


@dataclass(frozen=True, slots=True)
class Split:
    """What removing ``person`` does to ``group``: the organisations of each remaining part."""

    person: str
    group: str
    parts: list[list[str]]


@dataclass(slots=True)
class KeyPerson:
    """A person with the restricted organisations they represent or control, and a split."""

    person: str
    represents: list[str] = field(default_factory=list)
    controls: list[str] = field(default_factory=list)
    split: Split | None = None

    @property
    def restricted_organisations(self) -> list[str]:
        return sorted(set(self.represents) | set(self.controls))


def _components(projection: Projection) -> list[tuple[set[str], nx.Graph]]:
    graph = projection.undirected()
    return [(set(c), graph) for c in nx.connected_components(graph)]


def affiliated_groups(projection: Projection, min_organisations: int = 2) -> list[Group]:
    """Connected components with at least ``min_organisations`` organisations, largest first.

    Examples
    --------
    Two companies with the same legal representative form a group; a third stands alone.

    >>> from datetime import date
    >>> from graph_service.analytics.projection import Link, Node, Projection
    >>> p = Projection(date(2024, 1, 1))
    >>> p.nodes = {i: Node(i, "LEGAL_PERSON", i, "TJ") for i in ("A", "B", "C")}
    >>> p.nodes["P"] = Node("P", "NATURAL_PERSON", "P", "TJ")
    >>> p.links = [Link("P", "A", "LEGAL_REPRESENTATIVE_OF"),
    ...            Link("P", "B", "LEGAL_REPRESENTATIVE_OF")]
    >>> [(g.id, g.organisations, g.persons) for g in affiliated_groups(p)]
    [('A', ['A', 'B'], ['P'])]
    """
    groups: list[Group] = []
    for members, graph in _components(projection):
        orgs = sorted(m for m in members if projection.nodes[m].is_organisation)
        if len(orgs) < max(min_organisations, 1):
            continue
        persons = sorted(m for m in members if projection.nodes[m].is_person)
        links = graph.subgraph(members).number_of_edges()
        groups.append(Group(id=orgs[0], organisations=orgs, persons=persons, links=links))
    return sorted(groups, key=lambda g: (-len(g.organisations), g.id))


def splitting_persons(projection: Projection, min_organisations: int = 2) -> dict[str, Split]:
    """Persons whose removal splits a group into parts that each keep an organisation.

    Articulation points (Tarjan, ``networkx.articulation_points``) of each group's subgraph,
    kept when they are natural persons and at least two of the remaining parts hold an
    organisation (removing a person who only ties on another person splits nothing).

    Examples
    --------
    >>> from datetime import date
    >>> from graph_service.analytics.projection import Link, Node, Projection
    >>> p = Projection(date(2024, 1, 1))
    >>> p.nodes = {i: Node(i, "LEGAL_PERSON", i, "TJ") for i in ("A", "B")}
    >>> p.nodes["P"] = Node("P", "NATURAL_PERSON", "P", "TJ")
    >>> p.links = [Link("P", "A", "ACTUAL_CONTROLLER_OF"), Link("P", "B", "ACTUAL_CONTROLLER_OF")]
    >>> splitting_persons(p)["P"].parts
    [['A'], ['B']]
    """
    found: dict[str, Split] = {}
    for members, graph in _components(projection):
        orgs = {m for m in members if projection.nodes[m].is_organisation}
        if len(orgs) < max(min_organisations, 2):
            continue
        sub = graph.subgraph(members)
        group_id = min(orgs)
        for point in sorted(nx.articulation_points(sub)):
            if not projection.nodes[point].is_person:
                continue
            rest = sub.subgraph(members - {point})
            parts = sorted(
                sorted(part & orgs) for part in nx.connected_components(rest) if part & orgs
            )
            if len(parts) >= 2:
                found[point] = Split(person=point, group=group_id, parts=parts)
    return found


def key_persons(
    projection: Projection,
    restricted: Set[str],
    controllers: Mapping[str, Set[str]],
    persons: Set[str],
    *,
    min_restricted: int = 2,
    splits: Mapping[str, Split] | None = None,
) -> list[KeyPerson]:
    """Persons who represent or control at least ``min_restricted`` restricted organisations,
    or whose removal splits a group; most restricted organisations first.

    Parameters
    ----------
    projection : Projection
        The subgraph (its LEGAL_REPRESENTATIVE_OF / PRINCIPAL_OF links count as representing).
    restricted : set of str
        The subjects some sanction measure reaches on the projection's day.
    controllers : mapping of str to set of str
        For each restricted organisation, every subject that controls it (R-SUBJ-3).
    persons : set of str
        Which subject ids are natural persons (controllers may lie outside the projection).
    min_restricted : int
        How many restricted organisations make a person key.
    splits : mapping, optional
        The result of :func:`splitting_persons` (computed when not given).
    """
    splits = splitting_persons(projection) if splits is None else splits
    found: dict[str, KeyPerson] = defaultdict(lambda: KeyPerson(person=""))
    for link in projection.links:
        if (
            link.type in REPRESENTATION_TYPES
            and link.target in restricted
            and link.source in persons
            and link.target not in found[link.source].represents
        ):
            found[link.source].represents.append(link.target)
    for org in sorted(restricted):
        for subject in sorted(controllers.get(org, ())):
            if subject in persons and org not in found[subject].controls:
                found[subject].controls.append(org)
    for person, split in splits.items():
        found[person].split = split
    result: list[KeyPerson] = []
    for person, key in found.items():
        key.person = person
        key.represents.sort()
        key.controls.sort()
        if len(key.restricted_organisations) >= min_restricted or key.split is not None:
            result.append(key)
    return sorted(
        result,
        key=lambda k: (-len(k.restricted_organisations), k.split is None, k.person),
    )

"""Affiliated groups, key persons, risk association, ownership cycles and data quality on
projected subgraphs (issue 8; R-OUT-3, R-SUBJ-2, R-SUBJ-3, Art. 32).

A projection is a region (its organisations and their holders one hop in) or a subject's
neighbourhood (at most 3 hops); both are fetched with bounded Cypher and computed on with
networkx. A projection cut by `max_subjects` says `truncated`; a bad region, link type or
weight is a 422 naming its parameter. Every answer is written to the query log (R-SEC-3).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Final

from graph_service.access import Access, log_query
from graph_service.analytics.control import controllers_at
from graph_service.analytics.groups import (
    KeyPerson,
    affiliated_groups,
    key_persons,
    splitting_persons,
)
from graph_service.analytics.projection import (
    GROUP_LINK_TYPES,
    LINK_TYPES,
    Projection,
    project_neighbourhood,
    project_region,
)
from graph_service.analytics.quality import (
    ControlConflict,
    control_conflicts,
    ownership_cycles,
    without_representative,
)
from graph_service.analytics.risk import DEFAULT_WEIGHTS, risk_association
from graph_service.application.masking import mask_name
from graph_service.domain.analytics import (
    AssociationOut,
    ConflictOut,
    CycleOut,
    CyclesAnswer,
    DataQualityAnswer,
    GroupOut,
    GroupsAnswer,
    KeyPersonOut,
    KeyPersonsAnswer,
    ProjectionInfo,
    RepresentationOut,
    RiskAnswer,
    SplitOut,
    SubjectOut,
)
from graph_service.domain.screening import Restriction
from graph_service.domain.vocabulary import (
    REGION_PATTERN,
    ROLE_LINK_TYPES,
    LinkType,
    within_region,
)
from graph_service.engine.control import load_control_graph
from graph_service.engine.neighbours import find_neighbours
from graph_service.engine.screening import Engine
from graph_service.errors import ValidationFailed
from graph_service.settings import Settings
from graph_service.store.db import Database
from graph_service.store.runner import chunks
from graph_service.store.typed_queries import RepresentationCountsRow

_REGION: Final = REGION_PATTERN
# The links data quality looks at: roles and holdings, never branches.
_QUALITY_TYPES: Final = [*ROLE_LINK_TYPES, LinkType.HOLDS_SHARES_IN.value]


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(
        f"invalid value for {field}", errors=[{"field": field, "message": message}]
    )


def _types(values: list[str] | None, default: Sequence[str]) -> list[str]:
    if not values:
        return list(default)
    chosen = {t.strip().upper() for value in values for t in value.split(",") if t.strip()}
    unknown = sorted(chosen - set(LINK_TYPES))
    if unknown or not chosen:
        raise _invalid("types", f"unknown link types {unknown}; use {', '.join(LINK_TYPES)}")
    return [t for t in LINK_TYPES if t in chosen]


def _region(region: str) -> str:
    if not _REGION.fullmatch(region):
        raise _invalid("region", "a region is TJ, TJ-<district code>, BJ or HE")
    return region


def _project(
    db: Database,
    region: str | None,
    subject: str | None,
    depth: int,
    as_of: date,
    types: list[str],
    max_subjects: int,
) -> tuple[Projection, ProjectionInfo]:
    """A region or a neighbourhood: exactly one of the two is given."""
    if (region is None) == (subject is None):
        field = "region" if region is None else "subject"
        raise _invalid(field, "give either region or subject (with depth), not both or neither")
    if region is not None:
        projection = project_region(db, _region(region), as_of, types, max_subjects)
    else:
        assert subject is not None
        projection, _ = project_neighbourhood(
            db, subject, depth, as_of, types, max_subjects, neighbours=find_neighbours
        )
    info = ProjectionInfo(
        region=region,
        subject=subject,
        depth=depth if subject is not None else None,
        as_of=as_of,
        types=types,
        subjects=len(projection.nodes),
        links=len(projection.links),
        truncated=projection.truncated,
    )
    return projection, info


class _Describer:
    """Subjects as shown: masked names, restricted flags (DESIGN §5 on as_of)."""

    def __init__(
        self, db: Database, access: Access, projection: Projection, restricted: Iterable[str]
    ) -> None:
        self.db = db
        self.role = access.principal.role
        self.projection = projection
        self.restricted = set(restricted)
        self._extra: dict[str, SubjectOut] = {}

    def fetch(self, ids: Iterable[str]) -> None:
        """Look up subjects outside the projection (controllers further up)."""
        missing = sorted({i for i in ids if i not in self.projection.nodes} - set(self._extra))
        for chunk in chunks(missing):
            for row in self.db.subject_summaries(ids=chunk):
                self._extra[row.subject] = SubjectOut(
                    id=row.subject,
                    kind=row.kind,
                    name=mask_name(row.name, row.kind, self.role),
                    region=row.region,
                    restricted=row.subject in self.restricted,
                )

    def __call__(self, subject: str) -> SubjectOut:
        node = self.projection.nodes.get(subject)
        if node is None:
            return self._extra.get(
                subject, SubjectOut(id=subject, restricted=subject in self.restricted)
            )
        return SubjectOut(
            id=node.id,
            kind=node.kind,
            name=mask_name(node.name, node.kind, self.role),
            region=node.region,
            restricted=node.id in self.restricted,
        )


def _restrictions(
    db: Database, settings_depth: int, access: Access, ids: Sequence[str], as_of: date
) -> dict[str, list[Restriction]]:
    """Which subjects some sanction measure reaches on `as_of`, for any matter (DESIGN §5)."""
    if not ids:
        return {}
    engine = Engine(db, settings_depth, access.disclosures)
    return engine.restrictions(list(ids), as_of, None)


def groups(
    db: Database,
    settings: Settings,
    access: Access,
    *,
    region: str | None,
    subject: str | None,
    depth: int,
    day: date,
    types: list[str] | None,
    min_organisations: int,
    max_subjects: int,
    limit: int,
) -> GroupsAnswer:
    """Affiliated groups: organisations tied by shared legal representatives, controllers or
    holdings (connected components of the projection), largest first."""
    chosen = _types(types, GROUP_LINK_TYPES)
    projection, info = _project(db, region, subject, depth, day, chosen, max_subjects)
    found = affiliated_groups(projection, min_organisations)
    shown = found[:limit]
    members = sorted({m for g in shown for m in (*g.organisations, *g.persons)})
    restricted = _restrictions(db, settings.control_max_depth, access, members, day)
    describe = _Describer(db, access, projection, restricted)
    log_query(
        db, access, endpoint="GET /v1/analytics/groups", subjects=members, categories=["analytics"]
    )
    return GroupsAnswer(
        projection=info,
        min_organisations=min_organisations,
        count=len(found),
        groups=[
            GroupOut(
                id=g.id,
                organisations=[describe(o) for o in g.organisations],
                persons=[describe(p) for p in g.persons],
                links=g.links,
                restricted_organisations=sum(1 for o in g.organisations if o in restricted),
            )
            for g in shown
        ],
        truncated=len(found) > limit,
    )


def _key_persons(
    db: Database,
    projection: Projection,
    restricted_orgs: list[str],
    depth: int,
    day: date,
    min_restricted: int,
) -> list[KeyPerson]:
    """Persons holding roles in, or controlling through the shareholding chain above
    (R-SUBJ-3), at least `min_restricted` restricted organisations, or splitting a group."""
    graph = load_control_graph(db, restricted_orgs, depth)
    holdings = [h for links in graph.holdings_into.values() for h in links]
    declared = [d for links in graph.declared_into.values() for d in links]
    controllers = controllers_at(holdings, declared, day)
    persons = {n.id for n in projection.nodes.values() if n.is_person}
    persons |= {s for s, kind in graph.kinds.items() if kind == "NATURAL_PERSON"}
    return key_persons(
        projection,
        set(restricted_orgs),
        controllers,
        persons,
        min_restricted=min_restricted,
        splits=splitting_persons(projection),
    )


def key_persons_of(
    db: Database,
    settings: Settings,
    access: Access,
    *,
    region: str | None,
    subject: str | None,
    depth: int,
    day: date,
    types: list[str] | None,
    min_restricted: int,
    max_subjects: int,
    limit: int,
) -> KeyPersonsAnswer:
    """Persons who represent or control many restricted organisations (Art. 32), or whose
    removal splits an affiliated group (articulation points)."""
    chosen = _types(types, (*GROUP_LINK_TYPES, "PRINCIPAL_OF"))
    projection, info = _project(db, region, subject, depth, day, chosen, max_subjects)
    orgs = projection.organisations()
    restricted = _restrictions(db, settings.control_max_depth, access, orgs, day)
    restricted_orgs = sorted(o for o in orgs if restricted.get(o))
    found = _key_persons(
        db, projection, restricted_orgs, settings.control_max_depth, day, min_restricted
    )
    shown = found[:limit]
    describe = _Describer(db, access, projection, restricted)
    describe.fetch(k.person for k in shown)
    log_query(
        db,
        access,
        endpoint="GET /v1/analytics/key-persons",
        subjects=[k.person for k in shown],
        categories=["analytics"],
    )
    return KeyPersonsAnswer(
        projection=info,
        min_restricted=min_restricted,
        persons=[
            KeyPersonOut(
                person=describe(k.person),
                represents=k.represents,
                controls=k.controls,
                restricted_organisations=len(k.restricted_organisations),
                split=SplitOut(group=k.split.group, parts=k.split.parts) if k.split else None,
            )
            for k in shown
        ],
        truncated=len(found) > limit,
    )


def _weights(values: list[str] | None) -> dict[str, float]:
    weights = dict(DEFAULT_WEIGHTS)
    for value in values or []:
        for part in value.split(","):
            if not part.strip():
                continue
            name, sep, number = part.partition("=")
            name = name.strip().upper()
            try:
                weight = float(number) if sep else float("nan")
            except ValueError:
                weight = float("nan")
            if name not in LINK_TYPES or not 0 < weight <= 1:
                raise _invalid(
                    "weights", f"{part.strip()!r}: give TYPE=w with a link type and 0 < w <= 1"
                )
            weights[name] = weight
    return weights


def _reasons(items: list[Restriction]) -> list[str]:
    texts = {
        f"{r.measure} on {r.list} (entry {r.entry}, record {r.record}) as {r.role}"
        + (f" of {r.via}" if r.via else "")
        for r in items
    }
    return sorted(texts)[:20]


def risk(
    db: Database,
    settings: Settings,
    access: Access,
    *,
    subject: str,
    depth: int,
    day: date,
    types: list[str] | None,
    weights: list[str] | None,
    max_subjects: int,
) -> RiskAnswer:
    """The restricted subjects within `depth` hops: count, share, weighted score and the
    explanation (each one's path, weight and the measures that restrict it)."""
    chosen = _types(types, LINK_TYPES)
    table = _weights(weights)
    projection, _hops = project_neighbourhood(
        db, subject, depth, day, chosen, max_subjects, neighbours=find_neighbours
    )
    ids = sorted(projection.nodes)
    restricted = _restrictions(db, settings.control_max_depth, access, ids, day)
    answer = risk_association(
        projection.undirected(), subject, depth, {s for s, r in restricted.items() if r}, table
    )
    describe = _Describer(db, access, projection, (s for s, r in restricted.items() if r))
    log_query(
        db,
        access,
        endpoint="GET /v1/analytics/subjects/{id}/risk",
        subjects=[subject, *(a.subject for a in answer.restricted)],
        categories=["analytics", "lists"],
    )
    return RiskAnswer(
        subject=describe(subject),
        as_of=day,
        depth=depth,
        types=chosen,
        weights={t: table[t] for t in chosen},
        within=answer.within,
        restricted_count=len(answer.restricted),
        share=round(answer.share, 6),
        score=round(answer.score, 6),
        weighted_share=round(answer.weighted_share, 6),
        restricted=[
            AssociationOut(
                subject=describe(a.subject),
                hops=a.hops,
                weight=round(a.weight, 6),
                path=a.path,
                reasons=_reasons(restricted.get(a.subject, [])),
            )
            for a in answer.restricted
        ],
        truncated=projection.truncated,
    )


def cycles(
    db: Database,
    settings: Settings,
    access: Access,
    *,
    region: str,
    day: date,
    max_length: int,
    max_subjects: int,
    limit: int,
) -> CyclesAnswer:
    """Ownership cycles through the region's organisations on `day` (R-SUBJ-3: cycles
    terminate and are reported), shortest first, each with its ratios and their product."""
    rows = db.region_organisations(region=_region(region), limit=max_subjects + 1)
    orgs = [row.id for row in rows[:max_subjects]]
    depth = min(max_length, settings.control_max_depth)
    graph = load_control_graph(db, orgs, depth)
    holdings = [h for links in graph.holdings_into.values() for h in links]
    found, cut = ownership_cycles(holdings, day, depth, limit, touching=set(orgs))
    log_query(
        db,
        access,
        endpoint="GET /v1/analytics/cycles",
        subjects=sorted({s for c in found for s in c.subjects}),
        categories=["control"],
    )
    return CyclesAnswer(
        region=region,
        as_of=day,
        max_length=depth,
        organisations=len(orgs),
        cycles=[
            CycleOut(
                subjects=c.subjects,
                ratios=[round(r, 6) for r in c.ratios],
                product=round(c.product, 6),
            )
            for c in found
        ],
        truncated=cut or len(rows) > max_subjects or graph.truncated,
    )


def _conflicts(
    db: Database, declared_orgs: list[str], depth: int, day: date
) -> tuple[list[ControlConflict], bool]:
    """Organisations whose declared controller the shareholdings above them contradict, and
    whether the control graph was cut short."""
    graph = load_control_graph(db, declared_orgs, depth)
    holdings = [h for links in graph.holdings_into.values() for h in links]
    declared = [d for links in graph.declared_into.values() for d in links]
    return control_conflicts(declared_orgs, holdings, declared, day), graph.truncated


def _many_representations(
    db: Database, projection: Projection, day: date, minimum: int
) -> list[RepresentationCountsRow]:
    """Legal representatives of at least `minimum` organisations on `day`, most first."""
    representatives = sorted(
        {link.source for link in projection.links if link.type == "LEGAL_REPRESENTATIVE_OF"}
    )
    counts = [
        row
        for chunk in chunks(representatives)
        for row in db.representation_counts(person_ids=chunk, as_of=day)
    ]
    return sorted(
        (row for row in counts if row.organisations >= minimum),
        key=lambda row: (-row.organisations, row.person),
    )


def data_quality(
    db: Database,
    settings: Settings,
    access: Access,
    *,
    region: str,
    day: date,
    max_representations: int,
    max_subjects: int,
    limit: int,
) -> DataQualityAnswer:
    """Declared controllers that shareholdings contradict, organisations without a current
    legal representative, and persons representing implausibly many organisations."""
    types = list(_QUALITY_TYPES)
    projection = project_region(db, _region(region), day, types, max_subjects)
    info = ProjectionInfo(
        region=region,
        as_of=day,
        types=types,
        subjects=len(projection.nodes),
        links=len(projection.links),
        truncated=projection.truncated,
    )
    held: dict[str, set[str]] = defaultdict(set)
    for link in projection.links:
        held[link.target].add(link.type)
    # Organisations of the region only: holders one hop in may come from elsewhere.
    in_region = [
        o for o in projection.organisations() if within_region(projection.nodes[o].region, region)
    ]
    missing = without_representative({o: projection.nodes[o].kind for o in in_region}, held)
    declared_orgs = sorted(o for o in in_region if "ACTUAL_CONTROLLER_OF" in held.get(o, ()))
    conflicts, cut = _conflicts(db, declared_orgs, settings.control_max_depth, day)
    many = _many_representations(db, projection, day, max_representations)
    shown_conflicts, shown_missing, shown_many = conflicts[:limit], missing[:limit], many[:limit]
    describe = _Describer(db, access, projection, ())
    describe.fetch(s for c in shown_conflicts for s in (*c.declared, *c.shareholding_controllers))
    describe.fetch(row.person for row in shown_many)
    subjects = {
        *(c.organisation for c in shown_conflicts),
        *(s for c in shown_conflicts for s in (*c.declared, *c.shareholding_controllers)),
        *shown_missing,
        *(row.person for row in shown_many),
    }
    log_query(
        db,
        access,
        endpoint="GET /v1/analytics/data-quality",
        subjects=subjects,
        categories=["analytics", "control"],
    )
    return DataQualityAnswer(
        projection=info,
        max_representations=max_representations,
        control_conflicts=[
            ConflictOut(
                organisation=describe(c.organisation),
                declared=[describe(s) for s in c.declared],
                shareholding_controllers=[describe(s) for s in c.shareholding_controllers],
            )
            for c in shown_conflicts
        ],
        without_legal_representative=[describe(o) for o in shown_missing],
        many_representations=[
            RepresentationOut(
                person=describe(row.person),
                organisations=row.organisations,
                sample=row.sample,
            )
            for row in shown_many
        ],
        truncated=projection.truncated
        or cut
        or any(len(x) > limit for x in (conflicts, missing, many)),
    )

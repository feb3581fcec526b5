"""The subjects around a subject (R-OUT-3): a breadth-first search, one level at a time.

Expanding level by level lets the search stop at the level where `limit` subjects are
found, so a neighbourhood that brushes a hub (a holder of thirty thousand companies) costs
that hub's links once, not every path through it up to the deepest level. Every subject at
hop h sorts before every one at hop h + 1, so the answer equals "all within `depth` hops,
ordered by (hops, id), the first `limit`".

With `hub_degree` (the linked look-up, issue 17), a subject beyond the centre with more
links than that (of the five kinds, at any time: an ICIJ-style registered agent with
thousands of shareholders) is listed but not expanded, and named in `hubs`, so the caller
says `truncated`: one such neighbour would otherwise bring `limit` of its holders, each to be
screened. The centre itself is always expanded (its own neighbours are what was asked).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from graph_service.store.db import Database, Row, Transaction


@dataclass
class Neighbours:
    """The rows found and the hubs left unexpanded (sorted)."""

    rows: list[Row] = field(default_factory=list)
    hubs: list[str] = field(default_factory=list)


def find_neighbours(
    db: Database, center: str, types: Sequence[str], as_of: date, depth: int, limit: int
) -> list[Row]:
    """`{id, hops}` for the centre (hops 0) and the subjects within `depth` hops of it over
    links of `types` valid on `as_of`, nearest first then by id, at most `limit` in all;
    empty when the centre is unknown."""
    return find_neighbours_around_hubs(db, center, types, as_of, depth, limit, None).rows


def find_neighbours_around_hubs(
    db: Database,
    center: str,
    types: Sequence[str],
    as_of: date,
    depth: int,
    limit: int,
    hub_degree: int | None,
) -> Neighbours:
    """As `find_neighbours`, except that a subject other than the centre with more than
    `hub_degree` links is not expanded (None: every subject is)."""
    return db.read_transaction(
        lambda tx: _breadth_first(tx, center, list(types), as_of, depth, limit, hub_degree)
    )


def _breadth_first(
    tx: Transaction,
    center: str,
    types: list[str],
    as_of: date,
    depth: int,
    limit: int,
    hub_degree: int | None,
) -> Neighbours:
    if limit < 1 or not tx.subject_summaries(ids=[center]):
        return Neighbours()
    found: list[Row] = [{"id": center, "hops": 0}]
    hubs: list[str] = []
    seen = {center}
    frontier = [center]
    for hops in range(1, depth + 1):
        room = limit - len(found)
        if room <= 0 or not frontier:
            break
        if hub_degree is not None and hops > 1:
            degrees = tx.frontier_degrees(ids=frontier)
            wide = {row.id for row in degrees if row.degree > hub_degree}
            hubs.extend(wide)
            frontier = [sid for sid in frontier if sid not in wide]
            if not frontier:
                break
        # At most len(seen) of the smallest ids are old ones, so room new ones, if the level
        # has them, are among the first room + len(seen).
        rows = tx.expand_level(ids=frontier, types=types, as_of=as_of, limit=room + len(seen))
        frontier = [row.id for row in rows if row.id not in seen][:room]
        seen.update(frontier)
        found.extend({"id": sid, "hops": hops} for sid in frontier)
    return Neighbours(found, sorted(hubs))

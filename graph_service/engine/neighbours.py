"""The subjects around a subject (R-OUT-3): a breadth-first search, one level at a time.

Expanding level by level lets the search stop at the level where `limit` subjects are
found, so a neighbourhood that brushes a hub (a holder of thirty thousand companies) costs
that hub's links once, not every path through it up to the deepest level. Every subject at
hop h sorts before every one at hop h + 1, so the answer equals "all within `depth` hops,
ordered by (hops, id), the first `limit`".
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from graph_service.store.db import Database, Row, Transaction


def find_neighbours(
    db: Database, center: str, types: Sequence[str], as_of: date, depth: int, limit: int
) -> list[Row]:
    """`{id, hops}` for the centre (hops 0) and the subjects within `depth` hops of it over
    links of `types` valid on `as_of`, nearest first then by id, at most `limit` in all;
    empty when the centre is unknown."""
    return db.read_transaction(
        lambda tx: _breadth_first(tx, center, list(types), as_of, depth, limit)
    )


def _breadth_first(
    tx: Transaction, center: str, types: list[str], as_of: date, depth: int, limit: int
) -> list[Row]:
    if limit < 1 or not tx.read("subject_summaries", ids=[center]):
        return []
    found: list[Row] = [{"id": center, "hops": 0}]
    seen = {center}
    frontier = [center]
    for hops in range(1, depth + 1):
        room = limit - len(found)
        if room <= 0 or not frontier:
            break
        # At most len(seen) of the smallest ids are old ones, so room new ones, if the level
        # has them, are among the first room + len(seen).
        rows = tx.read(
            "expand_level", ids=frontier, types=types, as_of=as_of, limit=room + len(seen)
        )
        frontier = [row["id"] for row in rows if row["id"] not in seen][:room]
        seen.update(frontier)
        found.extend({"id": sid, "hops": hops} for sid in frontier)
    return found

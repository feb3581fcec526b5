"""Rows come out of the store as the driver's `Record.data()` would give them, temporal
values made Python's (issue 17 took `data()`'s walk off the path of every row)."""

from __future__ import annotations

import neo4j
import pytest

from graph_service.store.db import Database, native, row_of

pytestmark = pytest.mark.integration

VALUES = """
RETURN 'text' AS s, 7 AS i, 1.5 AS f, true AS b, null AS n, date('2024-02-29') AS d,
       datetime('2026-12-05T04:49:00Z') AS dt, [date('2020-01-01'), null, 3] AS l,
       {at: date('2021-03-01'), inner: [{x: datetime('2022-01-01T00:00:00Z')}]} AS m,
       [[1, 2], ['a']] AS nested, duration('P1D') AS dur, point({x: 1, y: 2}) AS p
"""
GRAPH = """
CREATE p = (a:RowProbe {at: date('2024-02-29')})-[r:ROW_PROBE {k: 1}]->(b:RowProbe {k: 2})
RETURN a AS node, r AS rel, p AS path, [a] AS nodes, {n: b} AS holder
"""


def _records(db: Database, query: str) -> list[neo4j.Record]:
    records, _, _ = db.driver.execute_query(query, database_=db.database)
    return list(records)


def test_values_lists_and_maps_as_the_driver_exports_them(clean_db: Database) -> None:
    for record in _records(clean_db, VALUES):
        assert row_of(record) == native(record.data())


def test_a_graph_value_takes_the_drivers_export(clean_db: Database) -> None:
    for record in _records(clean_db, GRAPH):
        assert row_of(record) == native(record.data())
        assert row_of(record)["node"] == {"at": native(record["node"]["at"])}

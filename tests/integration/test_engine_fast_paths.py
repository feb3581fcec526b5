"""The engine's fast paths (issue 7, item 5) answer exactly as the plain ways they replace."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from graph_service.engine import control, screening
from graph_service.engine.lists import ListGenerator
from graph_service.settings import Settings
from graph_service.store.db import Database
from graph_service.store.runner import CHUNK
from loaders.files import load
from loaders.generate import generate

pytestmark = pytest.mark.integration


def _walk(db: Database, orgs: list[str], max_depth: int) -> control.ControlGraph:
    """The plain way: walk up level by level, the links into each subject within
    `max_depth` links (one query per level); truncated when a holder lies beyond."""
    graph = control.ControlGraph()
    seen: set[str] = set()
    frontier = sorted(set(orgs))
    for _ in range(max_depth + 1):
        frontier = [org for org in frontier if org not in seen]
        if not frontier:
            break
        seen.update(frontier)
        holders: set[str] = set()
        for row in db.control_edges_into(org_ids=frontier):
            graph.add_link(row.org, row)
            holders.add(row.holder)
        frontier = sorted(holders - seen)
    graph.truncated = bool(set(frontier) - seen)
    return graph


def _links(graph: control.ControlGraph) -> dict[str, list[tuple[object, ...]]]:
    found: dict[str, list[tuple[object, ...]]] = defaultdict(list)
    for org, holdings in graph.holdings_into.items():
        found[org] += sorted((h.holder, h.ratio, h.valid_from, h.valid_to) for h in holdings)
    for org, declared in graph.declared_into.items():
        found[org] += sorted(("declared", d.holder, d.valid_from, d.valid_to) for d in declared)
    return {org: links for org, links in found.items() if links}


def test_the_control_structure_in_one_statement_is_the_level_walk(
    clean_db: Database, settings: Settings, tmp_path: Path
) -> None:
    generate(3000, 5, tmp_path)  # pyramids 3-6 levels deep and ownership cycles
    assert not load(clean_db, settings.pseudonym_secret(), tmp_path, actor="test").errors
    rows, _, _ = clean_db.driver.execute_query(
        "MATCH (:Subject)-[:HOLDS_SHARES_IN]->(o:Subject) RETURN DISTINCT o.id AS id ORDER BY id",
        database_=clean_db.database,
    )
    orgs = [row["id"] for row in rows]
    assert len(orgs) > 100
    for depth in (2, 10, settings.control_max_depth):
        for chosen in (orgs[:1], orgs[::7], orgs):
            fast = control.load_control_graph(clean_db, chosen, depth)
            slow = _walk(clean_db, chosen, depth)
            assert _links(fast) == _links(slow)
            assert fast.kinds == slow.kinds
            assert fast.truncated == slow.truncated


def test_chunks_do_not_repeat_links(
    clean_db: Database, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate(600, 6, tmp_path)
    assert not load(clean_db, settings.pseudonym_secret(), tmp_path, actor="test").errors
    rows, _, _ = clean_db.driver.execute_query(
        "MATCH (:Subject)-[:HOLDS_SHARES_IN]->(o:Subject) RETURN DISTINCT o.id AS id ORDER BY id",
        database_=clean_db.database,
    )
    orgs = [row["id"] for row in rows]
    whole = control.load_control_graph(clean_db, orgs, 10)
    monkeypatch.setattr(control, "CHUNK", 7)
    assert _links(control.load_control_graph(clean_db, orgs, 10)) == _links(whole)


def test_skipping_candidates_that_cannot_control_changes_no_answer(
    clean_db: Database, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate(3000, 7, tmp_path)
    assert not load(clean_db, settings.pseudonym_secret(), tmp_path, actor="test").errors
    engine = screening.Engine(clean_db, settings.control_max_depth)
    day = date(2026, 11, 27)
    rows, _, _ = clean_db.driver.execute_query(
        "MATCH (h:Subject)-[:HOLDS_SHARES_IN]->(:Subject) RETURN DISTINCT h.id AS id ORDER BY id",
        database_=clean_db.database,
    )
    holders = [row["id"] for row in rows]
    pruned = engine.restrictions(holders, day, None)
    lists = {t: ListGenerator(engine).generate(t, day) for t in ("SERIOUS", "JOINT_SANCTION")}
    assert any(r.role == "ACTUAL_CONTROLLER" for rs in pruned.values() for r in rs)
    monkeypatch.setattr(screening, "_may_control", lambda _row: True)
    assert engine.restrictions(holders, day, None) == pruned
    for list_type, generated in lists.items():
        assert ListGenerator(engine).generate(list_type, day) == generated


def test_a_long_reach_read_in_parallel_chunks_is_the_one_transaction_reach(
    clean_db: Database, settings: Settings, tmp_path: Path
) -> None:
    """Issue 17: a list's reach keeps two chunks in flight; R-PROP-1..3 answer as read in
    one transaction, chunk after chunk, in the same order."""
    generate(3000, 8, tmp_path)
    assert not load(clean_db, settings.pseudonym_secret(), tmp_path, actor="test").errors
    engine = screening.Engine(clean_db, settings.control_max_depth)
    day = date(2026, 11, 27)
    rows, _, _ = clean_db.driver.execute_query(
        "MATCH (s:Subject) RETURN s.id AS id ORDER BY id", database_=clean_db.database
    )
    subjects = [row["id"] for row in rows]
    assert len(subjects) > 2 * CHUNK
    kinds = ["SERIOUS", "JOINT_SANCTION"]
    parallel = engine.reach(clean_db, subjects, day, kinds)
    sequential = clean_db.read_transaction(lambda tx: engine.reach(tx, subjects, day, kinds))
    assert parallel == sequential
    assert any(reached.row.chain for reached in parallel)

"""The benchmark's pieces on a tiny registry (issue 7): they run and agree; nothing is timed.

The benchmark itself (`python -m bench`) needs its own Neo4j and a service subprocess; here
its parts run against the test database instead: the registry is generated and loaded with
the loader's code, the subject pools are found, the naive ways (one-hop query loop and the
reference implementation over the registry in memory) decide like the service's engine, the
bare driver replays the engine's statements, the ICIJ converter writes files the loader
accepts, and the results file keeps one section per dataset.
"""

from __future__ import annotations

import lzma
import random
from pathlib import Path

import pytest

from bench import icij, naive, picks, report
from bench.bare import RecordingDatabase, record_statements, replay
from bench.client import percentile
from graph_service.domain.vocabulary import ALL_DISCLOSURES
from graph_service.engine.screening import Engine
from graph_service.settings import Settings
from graph_service.store.db import Database
from loaders.files import load
from loaders.generate import REFERENCE_DATE, generate

pytestmark = pytest.mark.integration

SUBJECTS = 300
MATTERS = ("GOV_PROCUREMENT", "CONSTRUCTION_BID", "BANK_LOAN", "FOOD_PERMIT", "MARKET_ENTRY")


@pytest.fixture
def registry(clean_db: Database, settings: Settings, tmp_path: Path) -> Path:
    folder = tmp_path / "registry"
    generate(SUBJECTS, 3, folder)
    loaded = load(clean_db, settings.pseudonym_secret(), folder, actor="test")
    assert not loaded.errors
    return folder


def test_pieces_of_the_benchmark_agree_with_the_engine(
    clean_db: Database, settings: Settings, registry: Path
) -> None:
    secret = settings.pseudonym_secret()
    pools = picks.find_pools(clean_db.driver, registry, secret, REFERENCE_DATE, seed=3)
    assert pools.random_orgs and pools.random_persons and pools.listed
    rng = random.Random(3)
    asks = [(s, rng.choice(MATTERS)) for s in picks.screening_pool(pools, 40, rng)]
    engine = Engine(clean_db, settings.control_max_depth, ALL_DISCLOSURES)
    expected = {(s, m): engine.screen([s], m, REFERENCE_DATE)[0].decision for s, m in asks}
    assert "restricted" in expected.values()

    one_hop = naive.OneHopSource(clean_db.driver)
    memory = naive.MemorySource(registry, secret)
    for (subject, matter), decision in expected.items():
        assert naive.decide(one_hop, subject, matter, REFERENCE_DATE) == decision
        assert naive.decide(memory, subject, matter, REFERENCE_DATE) == decision
    assert one_hop.queries > len(asks)

    recording = RecordingDatabase(settings, clean_db.registry)
    try:
        subject, matter = asks[0]
        recorded = record_statements(recording, subject, matter, REFERENCE_DATE)
        assert recorded.decision == expected[(subject, matter)]
        names = [s.name for s in recorded.statements if not s.alongside]
        assert "reach_subjects" in names and "append_query_log" not in names
        beside = [s.name for s in recorded.statements if s.alongside]
        # written alongside the reads, chained in one statement (R-SEC-3, R-SEC-5); the
        # recording process's first append learns the chain's head, then appends after it
        assert beside in (["append_query_log"], ["append_query_log", "append_query_log"])
        times = replay(clean_db.driver, clean_db.registry, recorded)
        assert times["total"] >= times["core"] > 0
    finally:
        recording.close()


def test_the_icij_converter_writes_a_registry_the_loader_accepts(
    clean_db: Database, settings: Settings, tmp_path: Path
) -> None:
    rows = ["node1,rel_type,node2"]
    for entity in range(10_000_001, 10_000_041):
        rows.append(f"{11_000_001 + entity % 3},intermediary_of,{entity}")
        rows += [f"{12_000_000 + entity % 97 + k},officer_of,{entity}" for k in range(3)]
        rows.append(f"{entity},registered_address,{14_000_001 + entity % 5}")
    rows += [
        "12000001,similar,12000002",
        "10000002,officer_of,10000003",
        "10000003,underlying,10000004",
    ]
    source = tmp_path / "edges.csv.xz"
    with lzma.open(source, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(rows) + "\n")
    counts = icij.convert(tmp_path / "icij", seed=1, source=source)
    assert counts["subjects"] == len({int(x) for r in rows[1:] for x in r.split(",")[::2]})
    assert counts["holdings"] > 0 and counts["roles"] > 0
    loaded = load(clean_db, settings.pseudonym_secret(), tmp_path / "icij", actor="test")
    assert not loaded.errors, loaded.errors[:5]


def test_results_keep_one_section_per_dataset(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    report.write_section("a", "## A\n\nfirst run of a", results)
    report.write_section("b", "## B\n\nrun of b", results)
    report.write_section("a", "## A\n\nsecond run of a", results)
    text = results.read_text(encoding="utf-8")
    assert text.count("## A") == 1 and "second run of a" in text and "run of b" in text
    assert "first run of a" not in text
    assert report.TARGETS[0].judge(25_000.0) == "met"
    assert report.TARGETS[1].judge(30.0) == "**missed**"
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == pytest.approx(2.5)

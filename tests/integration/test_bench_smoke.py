"""The benchmark's pieces on a tiny registry (issue 7): they run and agree; nothing is timed.

The benchmark itself (`python -m bench`) needs its own Neo4j and a service subprocess; here
its parts run against the test database instead: the registry is generated and loaded with
the loader's code, the subject pools are found, the naive ways (one-hop query loop and the
reference implementation over the registry in memory) decide like the service's engine, the
bare driver replays the engine's statements, the ICIJ converter writes files the loader
accepts, and the results file keeps one section per dataset.
"""

from __future__ import annotations

import json
import lzma
import random
from pathlib import Path

import pytest

from bench import answers as bench_answers
from bench import growth as bench_growth
from bench import icij, naive, picks, report, runner
from bench.bare import RecordingDatabase, record_statements, replay
from bench.client import Request, percentile
from bench.servers import BenchNeo4j
from graph_service.domain.vocabulary import ALL_DISCLOSURES
from graph_service.engine.screening import Engine
from graph_service.settings import Settings
from graph_service.store.db import Database
from loaders.files import load
from loaders.generate import REFERENCE_DATE, generate
from tests.helpers import free_port

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
    assert report.TARGETS[0].judge(60_000.0) == "met"
    assert report.TARGETS[1].judge(30.0) == "**missed**"
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == pytest.approx(2.5)


def test_targets_carry_their_spread_and_ratios_to_bare_and_naive() -> None:
    figures = {"screen_p99_ms": 12.0, "screen_bare_p99_ms": 6.0, "screen_naive_p99_ms": 24.0}
    spread = {"screen_p99_ms": [12.0, 9.0, 30.0]}
    row = next(line for line in report.targets_table(figures, spread).splitlines() if "p99" in line)
    assert "12.0 (9.0–30.0, n=3)" in row and "×2.00" in row and "×0.50" in row
    assert "**missed**" in row


def test_growth_fits_the_exponent_of_each_figure_and_draws_the_curve(tmp_path: Path) -> None:
    sizes = (10_000, 100_000, 1_000_000)
    growth = {
        "sizes": {
            str(n): {
                "figures": {"list_median_s": n / 10_000, "screen_p50_ms": 4.0},
                "spread": {"list_median_s": [n / 12_000, n / 10_000, n / 9_000]},
            }
            for n in sizes
        }
    }
    fitted = bench_growth.fits(growth)
    assert fitted["list_median_s"]["exponent"] == pytest.approx(1.0)
    assert fitted["screen_p50_ms"]["exponent"] == pytest.approx(0.0)
    assert fitted["list_median_s"]["national"] == pytest.approx(18_000.0)
    scaling = tmp_path / "SCALING.md"
    scaling.write_text(f"# S\n{bench_growth.BEGIN}\nold\n{bench_growth.END}\nrest\n")
    bench_growth.write_scaling(growth, scaling)
    text = scaling.read_text()
    assert "old" not in text and text.endswith("rest\n") and "| JOINT_SANCTION list (s) |" in text
    pytest.importorskip("matplotlib")
    bench_growth.plot(growth, tmp_path / "curve.png")
    assert (tmp_path / "curve.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_answers_compare_byte_for_byte_and_name_what_changed() -> None:
    def line(subject: str, decision: str) -> str:
        body = {"subjects": [subject], "matter": "BANK_LOAN"}
        return bench_answers.canonical(
            Request("POST", "/v1/screen", body), 200, {"results": [{"decision": decision}]}
        )

    before = [line("a", "allowed"), line("b", "restricted")]
    assert bench_answers.differences(before, list(before)) == []
    changed = bench_answers.differences(before, [line("a", "allowed"), line("b", "allowed")])
    assert changed == ["POST /v1/screen [BANK_LOAN: b…, 1]"]


def test_the_benchmark_runs_at_10000_subjects_and_answers_the_same_twice(
    tmp_path: Path,
) -> None:
    """`python -m bench.growth` end to end at 10,000 subjects on a Neo4j of its own (few
    requests, two repetitions): every phase of issue 17 reports, the growth file and the
    curve are written, and a second run's answers are byte-identical to the first's."""
    pytest.importorskip("matplotlib")
    results, state, port = tmp_path / "RESULTS.md", tmp_path / "state-10000", free_port()
    server = BenchNeo4j(state, port, "512m", "256m")
    where = ["--bolt-port", str(port), "--data-dir", str(tmp_path / "data")]
    where += ["--heap", "512m", "--pagecache", "256m"]
    small = ["--no-explorer", "--requests=40", "--warmup=10", "--lookups=20", "--compare=5"]
    small += ["--batches=1", "--mixed-requests=40", "--reports=10", "--naive-budget=5"]
    common = ["--results", str(results), "--out", str(tmp_path / "growth.json")]
    picture = ["--png", str(tmp_path / "curve.png"), "--scaling", ""]
    sizes = ["--sizes", "10000", "--repeat", "2", "--state-dir", f"10000={state}"]
    try:
        # the last --bolt-port wins: the second run below finds the server kept running
        bench_growth.main([*sizes, *common, *picture, "--", *small, *where, "--keep"])
        raw = json.loads((tmp_path / "results" / "generated-10000-seed1.json").read_text())
        for key in ("screen_p99_ms", "mixed_per_s", "mixed_p99_ms", "report_p99_ms"):
            assert len(raw["spread"][key]) == 2, key
        ratios = ("linked2_bare_ratio", "controllers_bare_ratio", "report_bare_ratio")
        for key in (*ratios, "batch_bare_s", "list_bare_s"):
            assert raw["figures"][key] > 0, key
        assert raw["details"]["mixed"]["statuses"] == {"200": raw["details"]["mixed"]["count"]}
        assert raw["details"]["replay"]["linked2"]["naive"]["agreement"] == 1.0
        tail = raw["details"]["replay"]["linked2"]["slowest"]  # where the p99 goes, by statement
        assert tail["lookups"] >= 1 and "expand_level" in tail["statements"]
        assert "10000" in json.loads((tmp_path / "growth.json").read_text())["sizes"]
        assert (tmp_path / "curve.png").exists()
        first = Path(raw["details"]["answers"]["file"])
        kept = first.with_suffix(".before.json")
        first.rename(kept)
        again = ["--subjects", "10000", "--state-dir", str(state), "--results", str(results)]
        again += ["--skip-load", "--only", "answers", "--answers-against", str(kept)]
        runner.main([*again, *where])
        raw = json.loads((tmp_path / "results" / "generated-10000-seed1.json").read_text())
        assert raw["details"]["answers"]["identical"], raw["details"]["answers"]["differing"]
    finally:
        server.stop()

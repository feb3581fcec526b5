"""`python -m bench`: the municipal-scale benchmark of issue 7, end to end.

    python -m bench --subjects 100000 [--seed 1] [--requests 2000] [--concurrency 4]
                    [--icij] [--keep] [--skip-load] [--heap 1g --pagecache 1g]
                    [--repeat N] [--only phase,...] [--answers-against FILE]

1. **Dataset**: a generated registry (`loaders.generate`, cached per size and seed under
   `~/.cache/credit-graph-bench/data`) or, with `--icij`, the ICIJ topology (`bench.icij`).
2. **Neo4j**: the benchmark's own server (its own state folder and Bolt port, never the
   test database), emptied and loaded with `graph-service load`'s code in a subprocess
   (rows/s, loader peak memory). `--skip-load` reuses a database holding the same dataset.
3. **Service**: `uvicorn graph_service.asgi:app` in a subprocess on a free loopback port,
   admin token from the environment; peak memory is its VmHWM.
4. **Figures**, over HTTP from a bounded concurrent client (threads, keep-alive), after a
   warm-up: single-subject screening (p50/p95/p99), batches of 1,000, linked look-up at
   depth 2 and 3, controllers, the mixed load of issue 17 (60 % screenings of 3 subjects,
   25 % linked look-ups, 15 % credit reports, 16 clients), the credit report of an
   organisation with a 500-entry query log at concurrency 8 (its default page, and the whole
   log in one page), the full JOINT_SANCTION list (median of 3), a list diff, and the
   explorer drawing a 1,000-node neighbourhood in headless Chromium. `--repeat N` runs each
   timed phase N times: every figure is then the median, reported with its min-max.
5. **Side by side**, on the same subjects one at a time: the service over HTTP, its engine in
   process and the bare driver replaying the same statements (these three in turn for each
   subject), the naive one-hop query loop and the reference implementation over the registry
   in memory (`bench.naive`); the same for the look-ups, a batch and a list
   (`bench.replays`). Each latency figure is also reported divided by its bare-driver and
   naive counterpart (`bench.report.REFERENCES`).
6. **Answers**: the service's answers to a fixed set of questions, written for a
   byte-identical comparison before and after a change (`bench.answers`).
7. **Report**: printed, and the dataset's section of `bench/RESULTS.md` rewritten.

The service and Neo4j are stopped at the end unless `--keep`.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import secrets
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bench import naive, picks, report
from bench.answers import phase_answers
from bench.bare import RecordingDatabase, record_statements, replay
from bench.client import Client, Outcome, Request, percentile, run_requests
from bench.loadtest import by_kind, requests_mix
from bench.replays import phase_replay
from bench.servers import DEFAULT_BOLT_PORT, DEFAULT_STATE_DIR, BenchNeo4j, Service, kib
from graph_service.engine.neighbours import find_neighbours
from graph_service.store.db import Database
from graph_service.store.queries import QueryRegistry
from loaders.generate import REFERENCE_DATE, generate

DATA_DIR = Path.home() / ".cache" / "credit-graph-bench" / "data"
AS_OF = REFERENCE_DATE
MATTERS = (
    "GOV_PROCUREMENT",
    "CONSTRUCTION_BID",
    "BANK_LOAN",
    "FOOD_PERMIT",
    "MARKET_ENTRY",
    "CIVIL_SERVICE_HIRING",
    "SUBSIDY",
    "HONOURS",
    "TAX_CREDIT_A",
    "COMPANY_OFFICER",
)
BIG_TIMEOUT = 1800.0


def loadavg() -> float:
    """The machine's one-minute load average (other work shares these 2 cores)."""
    return float(Path("/proc/loadavg").read_text(encoding="utf-8").split()[0])


def say(message: str) -> None:
    stamp = datetime.now().strftime("%H:%M:%S")
    print(f"[{stamp}] {message}", file=sys.stderr, flush=True)


@dataclass
class Run:
    """Everything one run measured; `figures` holds the numbers judged against targets."""

    args: argparse.Namespace
    dataset: str
    title: str
    data_dir: Path
    figures: dict[str, Any] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    spread: dict[str, list[float]] = field(default_factory=dict)  # every repetition's value

    def settle_spread(self) -> None:
        """Each repeated figure becomes the median of its repetitions (the list stays in
        `spread`, for the min-max of the report)."""
        for key, values in self.spread.items():
            finite = [v for v in values if not math.isnan(v)]
            self.figures[key] = statistics.median(finite) if finite else float("nan")


# ------------------------------------------------------------------------------- dataset


def prepare_dataset(args: argparse.Namespace) -> tuple[str, str, Path, dict[str, int]]:
    """(name, title, folder, item counts): generated or converted once, then cached."""
    if args.icij:
        from bench import icij

        name = f"icij-seed{args.seed}"
        title = "ICIJ Offshore Leaks topology (real topology, synthetic labels)"
        make: Callable[[Path], dict[str, int]] = lambda out: icij.convert(  # noqa: E731
            out, args.seed, args.icij_source or icij.EDGES, progress=say
        )
    else:
        name = f"generated-{args.subjects}-seed{args.seed}"
        title = f"{args.subjects:,} subjects, generated (seed {args.seed})"
        make = lambda out: generate(args.subjects, args.seed, out)  # noqa: E731
    folder = args.data_dir / name
    marker = folder / ".complete.json"
    if marker.exists():
        counts: dict[str, int] = json.loads(marker.read_text(encoding="utf-8"))
        say(f"dataset {name}: cached in {folder}")
        return name, title, folder, counts
    say(f"dataset {name}: writing {folder}")
    started = time.perf_counter()
    counts = make(folder)
    counts["_seconds"] = round(time.perf_counter() - started)
    marker.write_text(json.dumps(counts), encoding="utf-8")
    return name, title, folder, counts


def load_dataset(run: Run, server: BenchNeo4j) -> None:
    """Empty the benchmark database and load the registry (subprocess: `bench.loadstep`)."""
    marker = server.state_dir / "bench-loaded.json"
    if run.args.skip_load and marker.exists():
        loaded = json.loads(marker.read_text(encoding="utf-8"))
        if loaded.get("dataset") == run.dataset:
            say(f"reusing the database loaded on {loaded['at']} with {run.dataset}")
            run.details["load"] = loaded
            run.notes.append(
                f"load not repeated (`--skip-load`): figures of the load of {loaded['at']}"
            )
            _load_figures(run, loaded)
            return
    marker.unlink(missing_ok=True)
    say("emptying the benchmark database")
    server.wipe()
    say(f"loading {run.data_dir}")
    command = [sys.executable, "-m", "bench.loadstep", str(run.data_dir)]
    if run.args.bulk:
        command.append("--bulk")
    process = subprocess.Popen(
        command, env=server.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    out, err = process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"the load failed ({process.returncode}): {err.decode()[-2000:]}")
    result = json.loads(out.decode().strip().splitlines()[-1])
    result["dataset"] = run.dataset
    result["at"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    marker.write_text(json.dumps(result), encoding="utf-8")
    run.details["load"] = result
    _load_figures(run, result)


# Scans that bring the store into Neo4j's page cache: a service in production runs warm, and
# right after a load the first requests would otherwise measure the disk.
PREWARM = (
    "MATCH (n) RETURN count(n) AS n, sum(size(keys(n))) AS properties",
    "MATCH ()-[r]->() RETURN count(r) AS n, sum(size(keys(r))) AS properties",
    "MATCH (s:Subject) WHERE s.id >= '' RETURN count(s) AS n",
)


def prewarm(run: Run, server: BenchNeo4j) -> None:
    started = time.perf_counter()
    with server.driver() as driver:
        for query in PREWARM:
            driver.execute_query(query, database_="neo4j")
    run.details["prewarm_s"] = time.perf_counter() - started
    say(f"page cache warmed in {run.details['prewarm_s']:.0f} s")


def _load_figures(run: Run, result: dict[str, Any]) -> None:
    """`load_*` for `graph-service load`, `bulk_*` for `load --bulk` (two targets)."""
    prefix = "bulk" if result.get("path") == "bulk" else "load"
    rate = result["rows"] / result["seconds"] if result["seconds"] else 0
    run.figures.update(
        {
            f"{prefix}_rows": result["rows"],
            f"{prefix}_seconds": result["seconds"],
            f"{prefix}_rows_per_s": rate,
        }
    )
    say(f"{prefix}: {result['rows']:,} rows in {result['seconds']:.1f} s = {rate:,.0f} rows/s")


# ------------------------------------------------------------------------------ phases


def screen_request(subjects: list[str], matter: str) -> Request:
    return Request(
        "POST", "/v1/screen", {"subjects": subjects, "matter": matter, "as_of": str(AS_OF)}
    )


def summarise(outcome: Outcome) -> dict[str, Any]:
    return {
        "count": outcome.count,
        "p50_ms": outcome.percentile(50),
        "p95_ms": outcome.percentile(95),
        "p99_ms": outcome.percentile(99),
        "max_ms": max(outcome.latencies_ms) if outcome.latencies_ms else float("nan"),
        "throughput_per_s": outcome.throughput,
        "wall_s": outcome.wall_seconds,
        "statuses": {str(k): v for k, v in outcome.statuses.items()},
        "errors": outcome.errors[:5],
        "stopped_by_time": outcome.stopped_by_time,
    }


def phase_single(run: Run, service: Service, pools: picks.Pools, rng: random.Random) -> None:
    args = run.args
    subjects = picks.screening_pool(pools, args.requests + args.warmup, rng)
    requests = [screen_request([s], rng.choice(MATTERS)) for s in subjects]
    say(f"warm-up: {args.warmup} screenings")
    run_requests(
        service.base,
        service.admin_token,
        requests[: args.warmup],
        concurrency=args.concurrency,
        time_limit=args.time_limit,
    )
    say(f"single screening: {args.requests} requests, concurrency {args.concurrency}")
    outcome = run_requests(
        service.base,
        service.admin_token,
        requests[args.warmup :],
        concurrency=args.concurrency,
        time_limit=args.time_limit,
    )
    summary = summarise(outcome)
    run.details["single"] = summary
    run.figures["screen_p50_ms"] = summary["p50_ms"]
    run.figures["screen_p95_ms"] = summary["p95_ms"]
    run.figures["screen_p99_ms"] = summary["p99_ms"]
    say(
        f"  p50 {summary['p50_ms']:.1f} ms  p95 {summary['p95_ms']:.1f}"
        f"  p99 {summary['p99_ms']:.1f}"
        f"  ({summary['throughput_per_s']:.0f}/s, statuses {summary['statuses']})"
    )


def phase_batch(run: Run, service: Service, pools: picks.Pools, rng: random.Random) -> None:
    client = Client(service.base, service.admin_token)
    seconds: list[float] = []
    decisions: dict[str, int] = {}
    try:
        for i in range(run.args.batches):
            subjects = list(dict.fromkeys(picks.screening_pool(pools, 1300, rng)))[:1000]
            status, data, ms = client.call(screen_request(subjects, MATTERS[i % len(MATTERS)]))
            if status != 200:
                raise RuntimeError(f"batch screening answered {status}: {str(data)[:500]}")
            seconds.append(ms / 1000.0)
            for result in data["results"]:
                decisions[result["decision"]] = decisions.get(result["decision"], 0) + 1
    finally:
        client.close()
    run.details["batch"] = {"seconds": seconds, "decisions": decisions, "size": 1000}
    run.figures["batch_median_s"] = statistics.median(seconds)
    say(
        f"batch of 1,000: median {statistics.median(seconds):.2f} s over {len(seconds)} "
        f"({decisions})"
    )


def phase_get(
    run: Run,
    service: Service,
    key: str,
    paths: list[str],
    label: str,
    concurrency: int | None = None,
) -> dict[str, Any]:
    requests = [Request("GET", path) for path in paths]
    outcome = run_requests(
        service.base,
        service.admin_token,
        requests,
        concurrency=concurrency or run.args.concurrency,
        time_limit=run.args.time_limit,
    )
    summary = summarise(outcome)
    run.details[key] = summary
    say(
        f"{label}: p50 {summary['p50_ms']:.1f} ms  p99 {summary['p99_ms']:.1f} ms "
        f"({summary['count']} requests, statuses {summary['statuses']})"
    )
    return summary


def phase_linked(run: Run, service: Service, pools: picks.Pools, rng: random.Random) -> None:
    n = run.args.lookups
    for depth in (2, 3):
        subjects = picks.linked_pool(pools, n, rng)
        paths = [f"/v1/subjects/{quote(s)}/linked?depth={depth}&as_of={AS_OF}" for s in subjects]
        summary = phase_get(run, service, f"linked{depth}", paths, f"linked depth {depth}")
        run.figures[f"linked{depth}_p50_ms"] = summary["p50_ms"]
        run.figures[f"linked{depth}_p99_ms"] = summary["p99_ms"]


def phase_controllers(run: Run, service: Service, pools: picks.Pools, rng: random.Random) -> None:
    orgs = picks.controllers_pool(pools, run.args.lookups, rng)
    paths = [f"/v1/subjects/{quote(o)}/controllers?as_of={AS_OF}" for o in orgs]
    summary = phase_get(run, service, "controllers", paths, "controllers")
    run.figures["controllers_p50_ms"] = summary["p50_ms"]
    run.figures["controllers_p99_ms"] = summary["p99_ms"]


def phase_lists(run: Run, service: Service) -> None:
    client = Client(service.base, service.admin_token, timeout=BIG_TIMEOUT)
    try:
        seconds: list[float] = []
        count = 0
        for _ in range(3):
            status, data, ms = client.call(
                Request("GET", f"/v1/lists/JOINT_SANCTION/generated?as_of={AS_OF}")
            )
            if status != 200:
                raise RuntimeError(f"list generation answered {status}: {str(data)[:500]}")
            seconds.append(ms / 1000.0)
            count = data["count"]
            restrictions = sum(len(s["restrictions"]) for s in data["subjects"])
            say(
                f"JOINT_SANCTION list: {ms / 1000:.2f} s ({count:,} subjects, "
                f"{restrictions:,} restrictions)"
            )
        run.details["list"] = {"seconds": seconds, "subjects": count, "restrictions": restrictions}
        run.figures["list_median_s"] = statistics.median(seconds)
        frm = AS_OF.replace(year=AS_OF.year - 1)
        status, data, ms = client.call(
            Request("GET", f"/v1/lists/JOINT_SANCTION/diff?from={frm}&to={AS_OF}")
        )
        if status != 200:
            raise RuntimeError(f"list diff answered {status}: {str(data)[:500]}")
        changes = {k: len(data[k]) for k in ("added", "removed", "changed")}
        run.details["diff"] = {
            "seconds": ms / 1000.0,
            "from": str(frm),
            "to": str(AS_OF),
            **changes,
        }
        run.figures["diff_s"] = ms / 1000.0
        say(f"diff {frm} → {AS_OF}: {ms / 1000:.2f} s ({changes})")
    finally:
        client.close()


LONG_LOG = 500  # query-log entries of the subject whose report is timed (issue 17)
REPORT_CONCURRENCY = 8


def phase_report(run: Run, service: Service, pools: picks.Pools, rng: random.Random) -> None:
    """The credit report of an organisation read `LONG_LOG` times before (issue 17), at
    concurrency 8: the default page of its query log, then the whole log in one page (as the
    report answered before paging) for comparison, `--reports` and half as many times."""
    subject = rng.choice(pools.random_orgs)
    fill = [screen_request([subject], MATTERS[0])] * LONG_LOG
    run_requests(
        service.base, service.admin_token, fill, concurrency=REPORT_CONCURRENCY, time_limit=600
    )
    details: dict[str, Any] = {}
    reports = run.args.reports
    for label, query, n in (
        ("page", "", reports),
        ("whole", f"?log_limit={LONG_LOG}", reports // 2),
    ):
        path = f"/v1/subjects/{quote(subject)}/report{query}"
        client = Client(service.base, service.admin_token)
        try:
            status, data, _ = client.call(Request("GET", path))
        finally:
            client.close()
        if status != 200:
            raise RuntimeError(f"the report answered {status}: {str(data)[:300]}")
        outcome = run_requests(
            service.base,
            service.admin_token,
            [Request("GET", path)] * n,
            concurrency=REPORT_CONCURRENCY,
            time_limit=run.args.time_limit,
        )
        details[label] = {
            **summarise(outcome),
            "entries": len(data["query_log"]),
            "total": data["query_log_total"],
            "kib": len(json.dumps(data, ensure_ascii=False).encode()) / 1024,
        }
        x = details[label]
        say(
            f"report, {label} ({x['entries']} of {x['total']} log entries, {x['kib']:.0f} KiB): "
            f"p50 {x['p50_ms']:.1f} ms  p99 {x['p99_ms']:.1f} ms"
        )
    run.details["report"] = details
    run.figures["report_p50_ms"] = details["page"]["p50_ms"]
    run.figures["report_p99_ms"] = details["page"]["p99_ms"]


def phase_mixed(run: Run, service: Service, pools: picks.Pools, rng: random.Random) -> None:
    """Issue 17's mixed load: 60 % screenings of 3 subjects, 25 % linked look-ups at depth 2,
    15 % credit reports, from `--mixed-concurrency` clients (16)."""
    args = run.args
    ids = picks.screening_pool(pools, 3000, rng)
    warmup = min(args.warmup, args.mixed_requests)
    mix = requests_mix(
        ids, warmup + args.mixed_requests, rng, shares=(0.60, 0.25), per_screening=3, as_of=AS_OF
    )

    def send(requests: list[Request]) -> Outcome:
        return run_requests(
            service.base,
            service.admin_token,
            requests,
            concurrency=args.mixed_concurrency,
            time_limit=args.time_limit,
        )

    send(mix[:warmup])
    say(f"mixed load: {args.mixed_requests} requests, concurrency {args.mixed_concurrency}")
    outcome = send(mix[warmup:])
    summary = summarise(outcome)
    summary["kinds"] = by_kind(mix[warmup:], outcome)
    run.details["mixed"] = summary
    run.figures["mixed_per_s"] = summary["throughput_per_s"]
    run.figures["mixed_p50_ms"] = summary["p50_ms"]
    run.figures["mixed_p99_ms"] = summary["p99_ms"]
    say(
        f"  {summary['throughput_per_s']:.0f} requests/s, p50 {summary['p50_ms']:.1f} ms, p99 "
        f"{summary['p99_ms']:.1f} ms ({summary['kinds']}; statuses {summary['statuses']})"
    )


# ------------------------------------------------------------------- side by side


def phase_compare(
    run: Run, service: Service, server: BenchNeo4j, pools: picks.Pools, rng: random.Random
) -> None:
    """The same subjects, one at a time, five ways (module docstring, step 5)."""
    n = run.args.compare
    subjects = picks.screening_pool(pools, n, rng)
    asks = [(s, rng.choice(MATTERS)) for s in subjects]
    settings = server.settings()
    registry = QueryRegistry.load()
    # 1. the service over HTTP, 2. the engine in process recording its statements, 3. the
    # bare driver replaying them: one subject at a time, the three ways in turn, so that the
    # machine's noise of the moment falls on all three alike.
    client = Client(service.base, service.admin_token)
    recording = RecordingDatabase(settings, registry)
    driver = server.driver()
    http_ms: list[float] = []
    decisions: dict[str, str] = {}
    engine_ms: list[float] = []
    bare_total: list[float] = []
    bare_core: list[float] = []
    statements: list[int] = []
    by_name: dict[str, float] = {}
    try:
        for subject, matter in asks:
            status, data, ms = client.call(screen_request([subject], matter))
            if status != 200:
                raise RuntimeError(f"screening {subject} answered {status}: {str(data)[:300]}")
            http_ms.append(ms)
            decisions[subject + "|" + matter] = data["results"][0]["decision"]
            recorded = record_statements(recording, subject, matter, AS_OF)
            engine_ms.append(recorded.engine_ms)
            statements.append(len(recorded.statements))
            times = replay(driver, registry, recorded)
            bare_total.append(times["total"])
            bare_core.append(times["core"])
            for name, ms in times.items():
                if name not in ("total", "core"):
                    by_name[name] = by_name.get(name, 0.0) + ms
        # 4. the naive one-hop loop, within a time budget
        source = naive.OneHopSource(driver)
        onehop_ms: list[float] = []
        onehop_agree = 0
        began = time.perf_counter()
        for subject, matter in asks:
            t0 = time.perf_counter()
            decision = naive.decide(source, subject, matter, AS_OF)
            onehop_ms.append((time.perf_counter() - t0) * 1000.0)
            onehop_agree += decision == decisions[subject + "|" + matter]
            if time.perf_counter() - began > run.args.naive_budget:
                break
    finally:
        client.close()
        driver.close()
        recording.close()
    # 5. the reference implementation over the registry in memory (subprocess)
    memory = run_memory_reference(run, server, asks)
    done = len(onehop_ms)
    mem_results = memory.get("results", [])
    mem_agree = sum(
        r["decision"] == decisions[r["subject"] + "|" + r["matter"]] for r in mem_results
    )

    def mean(values: list[float]) -> float:
        return statistics.fmean(values) if values else float("nan")

    http_mean = mean(http_ms)
    http_mean_onehop = mean(http_ms[:done])
    http_mean_mem = mean(http_ms[: len(mem_results)])
    mem_ms = [r["ms"] for r in mem_results]
    compare = {
        "subjects": n,
        "restricted": sum(1 for d in decisions.values() if d == "restricted"),
        "http": {
            "p50_ms": percentile(http_ms, 50),
            "mean_ms": http_mean,
            "p99_ms": percentile(http_ms, 99),
        },
        "engine": {"p50_ms": percentile(engine_ms, 50), "mean_ms": mean(engine_ms)},
        "bare_total": {"p50_ms": percentile(bare_total, 50), "mean_ms": mean(bare_total)},
        "bare_core": {"p50_ms": percentile(bare_core, 50), "mean_ms": mean(bare_core)},
        "statements_per_screening": statistics.fmean(statements),
        "bare_ms_by_statement": {k: v / n for k, v in sorted(by_name.items())},
        "onehop": {
            "done": done,
            "p50_ms": percentile(onehop_ms, 50),
            "mean_ms": mean(onehop_ms),
            "queries_per_subject": source.queries / max(1, done),
            "agreement": onehop_agree / max(1, done),
            "ratio_mean": mean(onehop_ms) / http_mean_onehop,
        },
        "memory": {
            "done": len(mem_results),
            "p50_ms": percentile(mem_ms, 50),
            "mean_ms": mean(mem_ms),
            "agreement": mem_agree / max(1, len(mem_results)),
            "ratio_mean": mean(mem_ms) / http_mean_mem if mem_ms else float("nan"),
            "load_seconds": memory.get("load_seconds"),
            "peak_rss_mib": memory.get("peak_rss_kib", 0) / 1024,
            "whole": memory.get("whole", {}),
        },
    }
    run.details["compare"] = compare
    run.figures["overhead_ratio"] = compare["http"]["p50_ms"] / compare["bare_total"]["p50_ms"]
    run.figures["overhead_ratio_core"] = compare["http"]["p50_ms"] / compare["bare_core"]["p50_ms"]
    run.figures["screen_bare_p50_ms"] = compare["bare_total"]["p50_ms"]
    run.figures["screen_bare_p99_ms"] = percentile(bare_total, 99)
    run.figures["screen_naive_p50_ms"] = compare["onehop"]["p50_ms"]
    run.figures["screen_naive_p99_ms"] = percentile(onehop_ms, 99)
    run.figures["onehop_ratio"] = compare["onehop"]["ratio_mean"]
    run.figures["memory_ratio"] = compare["memory"]["ratio_mean"]
    say(
        f"side by side ({n} subjects, {compare['restricted']} restricted): HTTP p50 "
        f"{compare['http']['p50_ms']:.1f} ms, engine {compare['engine']['p50_ms']:.1f}, bare "
        f"{compare['bare_total']['p50_ms']:.1f} (core {compare['bare_core']['p50_ms']:.1f}); "
        f"one-hop mean {compare['onehop']['mean_ms']:.1f} ms x{compare['onehop']['ratio_mean']:.1f}"
        f" ({done} done, agree {compare['onehop']['agreement']:.0%}); memory mean "
        f"{compare['memory']['mean_ms']:.1f} ms x{compare['memory']['ratio_mean']:.2f}"
        f" (agree {compare['memory']['agreement']:.0%})"
    )


def run_memory_reference(
    run: Run, server: BenchNeo4j, asks: list[tuple[str, str]]
) -> dict[str, Any]:
    whole_limit = run.args.whole_limit if run.args.subjects <= 200_000 and not run.args.icij else 0
    with tempfile.TemporaryDirectory() as work:
        asks_file = Path(work) / "asks.json"
        out_file = Path(work) / "out.json"
        asks_file.write_text(json.dumps(asks), encoding="utf-8")
        command = [
            sys.executable,
            "-m",
            "bench.naive",
            "--data",
            str(run.data_dir),
            "--asks",
            str(asks_file),
            "--as-of",
            str(AS_OF),
            "--budget",
            str(run.args.naive_budget),
            "--whole-limit",
            str(whole_limit),
            "--out",
            str(out_file),
        ]
        say("reference implementation in memory (subprocess)")
        done = subprocess.run(
            command,
            input=server.pseudonym_key + "\n",
            text=True,
            capture_output=True,
            check=False,
            env=server.env(),
        )
        if done.returncode != 0:
            run.notes.append(f"in-memory reference failed: {done.stderr[-500:]}")
            return {}
        result: dict[str, Any] = json.loads(out_file.read_text(encoding="utf-8"))
        return result


# ---------------------------------------------------------------------- explorer


LINK_TYPES = (
    "LEGAL_REPRESENTATIVE_OF",
    "PRINCIPAL_OF",
    "ACTUAL_CONTROLLER_OF",
    "HOLDS_SHARES_IN",
    "BRANCH_OF",
)
# Well-connected subjects, but not hubs: a neighbourhood of about 1,000 nodes is wanted, and a
# hub's would be tens of thousands (ICIJ has holders of 30,000 companies).
EXPLORER_CENTERS = """
MATCH (s:Subject)
WITH s, COUNT {
  (s)-[:LEGAL_REPRESENTATIVE_OF|PRINCIPAL_OF|ACTUAL_CONTROLLER_OF|HOLDS_SHARES_IN|BRANCH_OF]-()
} AS degree
WHERE degree <= 300
ORDER BY degree DESC LIMIT 20
RETURN s.id AS id, degree
"""


def phase_explorer(run: Run, service: Service, server: BenchNeo4j) -> None:
    """Draw a 1,000-node two-hop neighbourhood of the dataset in headless Chromium."""
    from bench.explorer_render import synthetic_group

    db = Database(server.settings(), QueryRegistry.load())
    center = None
    depth = 2
    try:
        records, _, _ = db.driver.execute_query(EXPLORER_CENTERS, database_="neo4j")
        for depth in (2, 3):
            for record in records:
                rows = find_neighbours(db, str(record["id"]), LINK_TYPES, AS_OF, depth, 1001)
                if len(rows) > 1000:
                    center = str(record["id"])
                    break
            if center is not None:
                break
    finally:
        db.close()
    # A database that once needed the fallback below holds the synthetic group still.
    synthetic = center is None or center == synthetic_group()[0]
    if center is None:
        # No subject of the dataset has 1,000 subjects within two hops: draw the synthetic
        # group of bench/explorer_render.py (1,001 subjects), ingested through the API.
        from graph_service.domain.enums import LOAD_ORDER
        from tests.browser.live_server import post_json

        center, registry_items = synthetic_group()
        for kind in LOAD_ORDER:
            items = registry_items.get(kind.value)
            if items:
                post_json(
                    f"{service.base}/v1/ingest/{kind.value}", service.admin_token, {"items": items}
                )
    assert center is not None
    timings = render(service.base, service.admin_token, center, runs=3, limit=1000, depth=depth)
    fetch = statistics.median(t["fetchMs"] for t in timings)
    drawn = statistics.median(t["totalMs"] for t in timings)
    fps = statistics.median(t["fps"] for t in timings)
    run.details["explorer"] = {
        "center": center,
        "depth": depth,
        "synthetic": synthetic,
        "nodes": timings[0]["nodes"],
        "edges": timings[0]["edges"],
        "api_ms": fetch,
        "drawn_ms": drawn,
        "layout_ms": statistics.median(t["layoutMs"] for t in timings),
        "layout": timings[0].get("layout"),
        "fps": fps,
        "runs": len(timings),
    }
    run.figures["explorer_ms"] = fetch + drawn
    say(
        f"explorer: {timings[0]['nodes']} nodes, {timings[0]['edges']} edges: api {fetch:.0f} ms"
        f" + drawn {drawn:.0f} ms; {fps:.0f} fps zooming ({'synthetic' if synthetic else center})"
    )


def render(
    base: str, token: str, center: str, runs: int, limit: int, depth: int = 2
) -> list[dict[str, Any]]:
    """Open /explorer, draw `center`'s neighbourhood (the page's default layout) `runs` times."""
    from bench.explorer_render import FPS_SCRIPT, explorer_pages

    results: list[dict[str, Any]] = []
    for page in explorer_pages(base, token, runs):
        page.select_option("#depth", str(depth))
        page.fill("#limit", str(limit))
        timings: dict[str, Any] = page.evaluate("id => explorer.open(id)", center)
        timings["layout"] = page.eval_on_selector("#layout", "el => el.value")
        timings["fps"] = round(page.evaluate(FPS_SCRIPT), 1)
        results.append(timings)
    return results


# ------------------------------------------------------------------------ results


def machine(server: BenchNeo4j) -> dict[str, Any]:
    mem_kib = 0
    for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
        if line.startswith("MemTotal:"):
            mem_kib = int(line.split()[1])
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": mem_kib / 1024 / 1024,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "neo4j": f"{server.version()} community",
        "heap": server.heap,
        "pagecache": server.pagecache,
        "commit": commit + (" + uncommitted changes" if dirty else ""),
    }


def write_results(run: Run, server: BenchNeo4j, counts: dict[str, int], command: str) -> None:
    f, d = run.figures, run.details
    m = machine(server)
    lines = [
        f"## {run.title}",
        "",
        f"- command: `{command}`",
        f"- date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}; code: {m['commit']}",
        f"- machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory_gib']:.1f} GiB RAM, Linux "
        f"{m['kernel']}, Python {m['python']}; shared with other work while it ran",
        f"- Neo4j {m['neo4j']}: heap {m['heap']}, page cache {m['pagecache']}; the service: "
        f"uvicorn, {run.args.workers} worker(s), on loopback; client: "
        f"{run.args.concurrency} threads",
        "- dataset: "
        + ", ".join(f"{k} {v:,}" for k, v in counts.items() if not k.startswith("_") and v),
    ]
    if run.args.icij:
        from bench.icij import CITATION

        lines.append(f"- source: {CITATION}; real topology, synthetic labels (`bench/icij.py`)")
    load = d.get("load", {})
    repeats = (
        f"each timed phase run {run.args.repeat} times: the median, then the min–max of the runs"
        if run.args.repeat > 1
        else "each timed phase run once (`--repeat N` for a spread)"
    )
    lines += [
        "",
        "### Against the targets",
        "",
        f"Measured: {repeats}. ÷ bare and ÷ naive: the figure divided by the same percentile of "
        "the same route's statements replayed by the bare driver, and of the naive one-hop "
        "loop, one request at a time in this run (`bench/report.py`, REFERENCES).",
        "",
        report.targets_table(f, run.spread),
        "",
    ]
    rows = []
    if load:
        by_kind = ", ".join(
            f"{x['kind']} {x['rows'] / max(1e-9, x['check_seconds'] + x['write_seconds']):,.0f}"
            for x in load.get("files", [])
            if x["rows"] > 1000
        )
        bulk = load.get("path") == "bulk"
        phases = ", ".join(f"{k} {v:.0f} s" for k, v in load.get("phases", {}).items())
        rows.append(
            [
                "load (`--bulk`)" if bulk else "load",
                f"{load['rows']:,} rows in {load['seconds']:.0f} s = "
                f"{f['bulk_rows_per_s' if bulk else 'load_rows_per_s']:,.0f} rows/s (by kind, "
                f"check and write, rows/s: {by_kind}{'; then ' + phases if phases else ''}); "
                f"loader peak memory {load.get('loader_peak_rss_kib', 0) / 1024:,.0f} MiB",
            ]
        )
    s = d.get("single")
    if s:
        rows.append(
            [
                "single screening",
                f"p50 {fmt_ms(s['p50_ms'])}, p95 {fmt_ms(s['p95_ms'])}, "
                f"p99 {fmt_ms(s['p99_ms'])} ({s['count']:,} requests, {s['throughput_per_s']:.0f}"
                f"/s, statuses {s['statuses']})",
            ]
        )
    b = d.get("batch")
    if b:
        rows.append(
            [
                "batch of 1,000",
                f"median {statistics.median(b['seconds']):.2f} s of "
                f"{len(b['seconds'])} ({', '.join(f'{x:.2f}' for x in b['seconds'])}); "
                f"decisions {b['decisions']}",
            ]
        )
    for depth in (2, 3):
        x = d.get(f"linked{depth}")
        if x:
            rows.append(
                [
                    f"linked look-up, depth {depth}",
                    f"p50 {fmt_ms(x['p50_ms'])}, p99 {fmt_ms(x['p99_ms'])} ({x['count']} requests)",
                ]
            )
    c = d.get("controllers")
    if c:
        rows.append(
            [
                "controllers",
                f"p50 {fmt_ms(c['p50_ms'])}, p99 {fmt_ms(c['p99_ms'])} ({c['count']} requests)",
            ]
        )
    li = d.get("list")
    if li:
        rows.append(
            [
                "JOINT_SANCTION list",
                f"median {statistics.median(li['seconds']):.1f} s of 3 "
                f"({li['subjects']:,} subjects, {li['restrictions']:,} restrictions)",
            ]
        )
    df = d.get("diff")
    if df:
        rows.append(
            [
                "list diff",
                f"{df['seconds']:.1f} s ({df['from']} → {df['to']}: "
                f"{df['added']} added, {df['removed']} removed, {df['changed']} changed)",
            ]
        )
    rp = d.get("report")
    if rp:
        for label, what in (("page", "default page"), ("whole", "whole log in one page")):
            x = rp[label]
            rows.append(
                [
                    f"credit report, long query log, {what} (c={REPORT_CONCURRENCY})",
                    f"p50 {fmt_ms(x['p50_ms'])}, p99 {fmt_ms(x['p99_ms'])} ({x['count']} "
                    f"requests; {x['entries']} of {x['total']} entries, {x['kib']:.0f} KiB)",
                ]
            )
    ex = d.get("explorer")
    if ex:
        origin = (
            "synthetic group"
            if ex["synthetic"]
            else f"a subject of the dataset, depth {ex.get('depth', 2)}"
        )
        rows.append(
            [
                "explorer, 1,000-node neighbourhood",
                f"{ex['api_ms'] + ex['drawn_ms']:,.0f}"
                f" ms (API {ex['api_ms']:.0f} ms + drawn {ex['drawn_ms']:.0f} ms, "
                f"{ex.get('layout')} layout "
                f"{ex['layout_ms']:.0f} ms; {ex['nodes']} nodes, {ex['edges']} edges, "
                f"{origin}); {ex['fps']:.0f} fps zooming",
            ]
        )
    mx = d.get("mixed")
    if mx:
        rows.append(
            [
                "mixed load (60 % screening of 3, 25 % linked depth 2, 15 % reports)",
                f"{mx['throughput_per_s']:.0f} requests/s, p50 {fmt_ms(mx['p50_ms'])}, p99 "
                f"{fmt_ms(mx['p99_ms'])} ({mx['count']:,} requests: {mx['kinds']}; "
                f"{run.args.mixed_concurrency} clients; statuses {mx['statuses']})",
            ]
        )
    if "service_peak_mib" in f:
        rows.append(["service peak memory", f"{f['service_peak_mib']:,.0f} MiB (VmHWM)"])
    lines += ["### Figures", "", report.table(rows, ["what", "measured"]), ""]
    if run.args.repeat > 1:
        lines += [
            "The rows above are the last repetition's; every figure over the repetitions:",
            "",
            report.figures_table(f, run.spread),
            "",
        ]
    lines += replay_lines(d.get("replay"))
    an = d.get("answers")
    if an:
        verdict = (
            ""
            if "identical" not in an
            else "; against `"
            + an["against"]
            + "`: "
            + ("**byte-identical**" if an["identical"] else f"**different**: {an['differing']}")
        )
        lines += [f"Answers: {an['answers']} written to `{an['file']}`{verdict}.", ""]
    cmp_ = d.get("compare")
    if cmp_:
        on, me = cmp_["onehop"], cmp_["memory"]
        whole = me.get("whole", {})
        whole_text = (
            "not attempted at this size"
            if not whole.get("attempted")
            else f"finished in {whole['seconds']:.0f} s"
            if whole.get("finished")
            else f"no answer for one subject within {whole['seconds']:.0f} s (stopped)"
        )

        def way(label: str, key: str) -> list[str]:
            """A way measured on every subject: its p50, mean and mean ratio to HTTP."""
            ratio = cmp_[key]["mean_ms"] / cmp_["http"]["mean_ms"]
            mean = cmp_[key]["mean_ms"]
            return [label, fmt_ms(cmp_[key]["p50_ms"]), fmt_ms(mean), report.fmt(ratio, 2), "–"]

        rows = [
            ["the service over HTTP", *way("", "http")[1:3], "1", "–"],
            way("its route function in process (no HTTP)", "engine"),
            way(
                f"bare driver, the same {cmp_['statements_per_screening']:.1f} statements",
                "bare_total",
            ),
            way("bare driver, reach_subjects + applicable_measures only", "bare_core"),
            [
                "naive: one-hop query loop + Python joins "
                f"({on['queries_per_subject']:.0f} queries "
                f"a subject; {on['done']} subjects)",
                fmt_ms(on["p50_ms"]),
                fmt_ms(on["mean_ms"]),
                report.fmt(on["ratio_mean"], 2),
                f"{on['agreement']:.1%}",
            ],
            [
                f"naive: reference implementation, registry in memory ({me['done']} subjects; "
                f"load {report.fmt(me.get('load_seconds'))} s, {me['peak_rss_mib']:,.0f} MiB)",
                fmt_ms(me["p50_ms"]),
                fmt_ms(me["mean_ms"]),
                report.fmt(me["ratio_mean"], 2),
                f"{me['agreement']:.1%}",
            ],
        ]
        lines += [
            "### Side by side",
            "",
            f"The same {cmp_['subjects']} subjects ({cmp_['restricted']} restricted), one at a "
            "time; ratio = mean time of the way / mean time of the service on the subjects that "
            "way finished; agreement = same decision as the service. Service overhead ratio "
            f"(HTTP p50 / bare-driver p50, same statements): **{f['overhead_ratio']:.2f}**; "
            f"against reach_subjects + applicable_measures alone: {f['overhead_ratio_core']:.2f}.",
            "",
            report.table(rows, ["way", "p50", "mean", "ratio to the service", "agreement"]),
            "",
            "The reference implementation applied literally to the whole registry (its control "
            f"relation is computed for every subject at every date of interest): {whole_text}.",
            "",
            "Bare-driver time by statement (ms a screening): "
            + ", ".join(f"{k} {v:.2f}" for k, v in cmp_["bare_ms_by_statement"].items()),
            "",
        ]
    if "prewarm_s" in d:
        lines += [
            f"Before the figures, scans of every node and relationship warmed Neo4j's page cache "
            f"({d['prewarm_s']:.0f} s).",
            "",
        ]
    if d.get("loadavg"):
        lines += [
            "Load average (1 min) of the machine as each phase began: "
            + ", ".join(f"{k} {v:.1f}" for k, v in d["loadavg"].items()),
            "",
        ]
    if run.notes:
        lines += ["Notes: " + "; ".join(run.notes), ""]
    body = "\n".join(lines)
    print("\n" + body)
    report.write_section(run.dataset, body, run.args.results)
    raw = run.args.results.parent / "results" / f"{run.dataset}.json"
    raw.parent.mkdir(exist_ok=True)
    raw.write_text(
        json.dumps(
            {
                "dataset": run.dataset,
                "subjects": None if run.args.icij else run.args.subjects,
                "repeat": run.args.repeat,
                "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                "figures": f,
                "spread": run.spread,
                "details": d,
                "machine": m,
                "command": command,
            },
            indent=1,
            default=str,
        ),
        encoding="utf-8",
    )


def replay_lines(replay: dict[str, Any] | None) -> list[str]:
    """The look-up routes one at a time: HTTP, in process, bare driver, naive loop."""
    if not replay:
        return []
    rows = []
    for route, x in replay.items():
        naive_text = "–"
        nv = x.get("naive")
        if nv and nv["done"]:
            naive_text = (
                f"{fmt_ms(nv['p50_ms'])} / {fmt_ms(nv['p99_ms'])} ({nv['queries_per_lookup']:.0f} "
                f"queries a look-up, {nv['done']} done, same subjects {nv['agreement']:.0%})"
            )
        rows.append(
            [
                route,
                f"{fmt_ms(x['http']['p50_ms'])} / {fmt_ms(x['http']['p99_ms'])}",
                f"{fmt_ms(x['engine']['p50_ms'])} / {fmt_ms(x['engine']['p99_ms'])}",
                f"{fmt_ms(x['bare']['p50_ms'])} / {fmt_ms(x['bare']['p99_ms'])} "
                f"({x['statements']:.1f} statements)",
                report.fmt(x["http"]["p50_ms"] / x["bare"]["p50_ms"], 2),
                naive_text,
            ]
        )
    header = ["route", "HTTP p50 / p99", "in process", "bare driver", "HTTP ÷ bare (p50)"]
    return [
        "### Look-ups side by side (issue 17)",
        "",
        f"The same {next(iter(replay.values()))['subjects']} subjects per look-up route, one at "
        "a time, and one batch of 1,000 and one JOINT_SANCTION list, each asked three ways "
        "(`bench/replays.py`); the last repetition's.",
        "",
        report.table(rows, [*header, "naive one-hop loop p50 / p99"]),
        "",
        *_slowest_lines(replay),
    ]


def _slowest_lines(replay: dict[str, Any]) -> list[str]:
    """Per route, where its slowest look-ups spend their time (the tail's profile)."""
    lines = []
    for route, x in replay.items():
        tail = x.get("slowest")
        if not tail:
            continue
        top = ", ".join(
            f"`{name}` {fmt_ms(ms)}" for name, ms in list(tail["statements"].items())[:4]
        )
        lines.append(
            f"- {route}, its slowest {tail['lookups']} (5 %): {fmt_ms(tail['engine_ms'])} in "
            f"process, {fmt_ms(tail['bare_ms'])} bare; by statement (bare, mean): {top}"
        )
    return [*lines, ""] if lines else []


def fmt_ms(value: float) -> str:
    return f"{report.fmt(value, 2 if value < 1 else 1)} ms"


# --------------------------------------------------------------------------- main


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--icij", action="store_true", help="the ICIJ topology instead")
    parser.add_argument(
        "--icij-source",
        type=Path,
        default=None,
        help="the ICIJ edges file (default: bench/data/icij-offshoreleaks-2016-edges/edges.csv.xz)",
    )
    parser.add_argument("--keep", action="store_true", help="leave Neo4j running at the end")
    parser.add_argument(
        "--skip-load",
        action="store_true",
        help="reuse the database when it holds this dataset already",
    )
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--batches", type=int, default=5)
    parser.add_argument("--lookups", type=int, default=1000, help="requests per look-up kind")
    parser.add_argument("--compare", type=int, default=200, help="subjects compared side by side")
    parser.add_argument("--naive-budget", type=float, default=120.0)
    parser.add_argument("--whole-limit", type=float, default=60.0)
    parser.add_argument("--time-limit", type=float, default=600.0, help="per concurrent phase")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--no-explorer", action="store_true")
    parser.add_argument(
        "--only", default="", help=f"comma-separated phases to run (default all): {PHASES}"
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="run each timed phase N times: median, min-max"
    )
    parser.add_argument("--mixed-requests", type=int, default=2000)
    parser.add_argument("--mixed-concurrency", type=int, default=16)
    parser.add_argument(
        "--reports", type=int, default=400, help="credit reports of the default log page"
    )
    parser.add_argument(
        "--answers-out",
        type=Path,
        default=None,
        help="the answers phase's file (default bench/results/answers-<dataset>.json)",
    )
    parser.add_argument(
        "--answers-against",
        type=Path,
        default=None,
        help="an earlier answers file: the run says whether its answers are byte-identical",
    )
    parser.add_argument("--heap", default=os.environ.get("GRAPH_SERVICE_NEO4J_HEAP", "1g"))
    parser.add_argument(
        "--pagecache", default=os.environ.get("GRAPH_SERVICE_NEO4J_PAGECACHE", "1g")
    )
    parser.add_argument("--state-dir", type=Path, default=DEFAULT_STATE_DIR)
    parser.add_argument("--bolt-port", type=int, default=DEFAULT_BOLT_PORT)
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    parser.add_argument("--results", type=Path, default=report.RESULTS)
    parser.add_argument(
        "--bulk",
        action="store_true",
        help="load through `graph-service load --bulk` (neo4j-admin import) instead",
    )
    parser.add_argument(
        "--service-root",
        type=Path,
        default=None,
        help="run the service from this checkout of other code (answers before and after)",
    )
    return parser.parse_args(argv)


PHASES = (
    "single",
    "batch",
    "linked",
    "controllers",
    "mixed",
    "report",
    "compare",
    "replay",
    "lists",
    "answers",
    "explorer",
)
# Phases that time something, repeated `--repeat` times; `answers` only records the answers.
UNTIMED = ("answers",)


def run_phase(run: Run, phase: str, work: Callable[[], None], repetition: int) -> None:
    """One repetition of a phase: its figures go to the run's spread (`Run.settle_spread`
    then keeps their median); a failed phase is reported and the others still run."""
    repeated = run.args.repeat > 1 and phase not in UNTIMED
    label = f"{phase} #{repetition + 1}" if repeated else phase
    run.details.setdefault("loadavg", {})[label] = loadavg()
    if repeated:
        say(f"phase {label} of {run.args.repeat}")
    kept, run.figures = run.figures, {}
    try:
        work()
    except Exception as exc:
        run.notes.append(f"phase {label} failed: {exc!r}"[:600])
        say(f"phase {label} FAILED: {exc!r}")
    finally:
        for key, value in run.figures.items():
            run.spread.setdefault(key, []).append(value)
        run.figures = kept


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    command = "python -m bench " + shlex.join(sys.argv[1:] if argv is None else argv)
    only = {p for p in args.only.split(",") if p} or set(PHASES)
    if args.no_explorer:
        only.discard("explorer")
    name, title, folder, counts = prepare_dataset(args)
    run = Run(args, name, title, folder)
    server = BenchNeo4j(args.state_dir, args.bolt_port, args.heap, args.pagecache)
    say(
        f"Neo4j for the benchmark: {server.state_dir}, bolt port {server.bolt_port}, "
        f"heap {server.heap}, page cache {server.pagecache}"
    )
    server.start()
    service = Service(
        server.env(), secrets.token_urlsafe(24), workers=args.workers, cwd=args.service_root
    )
    try:
        load_dataset(run, server)
        prewarm(run, server)
        say(f"starting the service on {service.base}")
        service.start(args.state_dir / "bench-service.log")
        driver = server.driver()
        try:
            pools = picks.find_pools(driver, folder, server.pseudonym_key, AS_OF, args.seed)
        finally:
            driver.close()
        run.details["pools"] = pools.counts()
        say(f"subject pools: {pools.counts()}")
        rng = random.Random(args.seed)
        phases: dict[str, Callable[[], None]] = {
            "single": lambda: phase_single(run, service, pools, rng),
            "batch": lambda: phase_batch(run, service, pools, rng),
            "linked": lambda: phase_linked(run, service, pools, rng),
            "controllers": lambda: phase_controllers(run, service, pools, rng),
            "compare": lambda: phase_compare(run, service, server, pools, rng),
            "lists": lambda: phase_lists(run, service),
            "mixed": lambda: phase_mixed(run, service, pools, rng),
            "report": lambda: phase_report(run, service, pools, rng),
            "replay": lambda: phase_replay(run, service, server, pools, rng, AS_OF, say),
            "answers": lambda: phase_answers(run, service, pools, AS_OF, say),
            "explorer": lambda: phase_explorer(run, service, server),
        }
        for phase in PHASES:
            if phase in only:
                for repetition in range(1 if phase in UNTIMED else args.repeat):
                    run_phase(run, phase, phases[phase], repetition)
        run.settle_spread()
        run.figures["service_peak_mib"] = service.peak_rss_kib() / 1024
        pid = server.pid()
        neo4j_rss = kib("VmHWM", pid) if pid else None
        if neo4j_rss:
            run.details["neo4j_peak_rss_mib"] = neo4j_rss / 1024
        say(f"service peak memory {run.figures['service_peak_mib']:.0f} MiB")
    except BaseException as exc:
        run.notes.append(f"run interrupted: {exc!r}"[:300])
        raise
    finally:
        service.stop()
        try:
            write_results(run, server, counts, command)
        finally:
            if not args.keep:
                say("stopping the benchmark's Neo4j (use --keep to leave it running)")
                server.stop()


if __name__ == "__main__":
    main()

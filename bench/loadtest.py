"""A bounded load test on loopback (issue 9): a mix of screening, linked look-ups and credit
reports from several concurrent clients against the benchmark's registry.

    python -m bench.loadtest [--requests 10000] [--concurrency 8] [--time-limit 900]

It reuses the Neo4j that `python -m bench` left with its dataset (its own state folder and
port; run `python -m bench --subjects 100000 --keep` first), starts the service, sends a fixed
number of requests with a time limit, stops, and writes the percentiles to bench/RESULTS.md.
Nothing is asserted: the figures are reported.
"""

from __future__ import annotations

import argparse
import json
import random
import secrets
import tempfile
import time
from datetime import date
from pathlib import Path
from urllib.parse import quote

from bench.client import Outcome, Request, run_requests
from bench.report import write_section
from bench.servers import BenchNeo4j, Service

SAMPLE = "MATCH (s:Subject) WITH s SKIP toInteger(rand() * 1000) LIMIT 3000 RETURN s.id AS id"
RESTRICTED = (
    "MATCH (e:ListEntry)-[:LISTS]->(s:Subject) WHERE e.removed_on IS NULL "
    "RETURN DISTINCT s.id AS id LIMIT 1000"
)
MATTERS = ["GOV_PROCUREMENT", "FOOD_PERMIT", "CONSTRUCTION_BID", "SUBSIDY", "BANK_LOAN"]


def requests_mix(
    ids: list[str],
    n: int,
    rng: random.Random,
    *,
    shares: tuple[float, float] = (0.5, 0.25),
    per_screening: int = 1,
    as_of: date | None = None,
) -> list[Request]:
    """`shares` (screening, linked) of the requests, the rest credit reports: by default half
    screening of one subject, a quarter linked look-ups at depth 2, a quarter reports.
    `as_of` (default: the service's today) goes with every request."""
    day = {} if as_of is None else {"as_of": str(as_of)}
    query = "" if as_of is None else f"as_of={as_of}"
    mix: list[Request] = []
    for _ in range(n):
        subject = rng.choice(ids)
        draw = rng.random()
        if draw < shares[0]:
            subjects = [subject] + [rng.choice(ids) for _ in range(per_screening - 1)]
            body = {"subjects": subjects, "matter": rng.choice(MATTERS), **day}
            mix.append(Request("POST", "/v1/screen", body))
        elif draw < shares[0] + shares[1]:
            path = f"/v1/subjects/{quote(subject)}/linked?depth=2&limit=200&{query}"
            mix.append(Request("GET", path))
        else:
            mix.append(Request("GET", f"/v1/subjects/{quote(subject)}/report?{query}"))
    return mix


def by_kind(mix: list[Request], outcome: Outcome) -> str:
    kinds = {"POST /v1/screen": "screening", "/linked": "linked", "/report": "report"}
    counts = {name: 0 for name in kinds.values()}
    for request in mix[: outcome.count]:
        key = next(k for k in kinds if k in f"{request.method} {request.path}")
        counts[kinds[key]] += 1
    return ", ".join(f"{name} {count}" for name, count in counts.items())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--time-limit", type=float, default=900.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    server = BenchNeo4j()
    server.start()
    with server.driver() as driver:
        ids = [r["id"] for r in driver.execute_query(SAMPLE, database_="neo4j").records]
        ids += [r["id"] for r in driver.execute_query(RESTRICTED, database_="neo4j").records]
    if not ids:
        raise SystemExit("the benchmark database is empty: run `python -m bench --keep` first")
    mix = requests_mix(ids, args.requests, rng)
    service = Service(env=server.env(), admin_token=secrets.token_urlsafe(24))
    log = Path(tempfile.gettempdir()) / "bench-loadtest-service.log"
    service.start(log)
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    loaded = server.state_dir / "bench-loaded.json"
    dataset = json.loads(loaded.read_text(encoding="utf-8"))["dataset"] if loaded.exists() else ""
    try:
        outcome = run_requests(
            service.base,
            service.admin_token,
            mix,
            concurrency=args.concurrency,
            time_limit=args.time_limit,
        )
        peak = service.peak_rss_kib() // 1024
    finally:
        service.stop()
    errors = sum(n for status, n in outcome.statuses.items() if status >= 400)
    # run_requests notes a failed status as "path: 503 …", a transport failure as "path: Error…".
    errors += sum(1 for e in outcome.errors if not e.split(": ", 1)[-1][:1].isdigit())
    body = "\n".join(
        [
            "## Load test (issue 9): screening, linked look-ups and reports",
            "",
            f"- command: `python -m bench.loadtest --requests {args.requests} "
            f"--concurrency {args.concurrency} --time-limit {args.time_limit:g}`",
            f"- date: {started}; dataset: `{dataset}`, as `python -m bench` last loaded it "
            f"({len(ids):,} subjects sampled, restricted ones included)",
            "",
            "| figure | value |",
            "|---|---|",
            f"| requests sent | {outcome.count:,} ({by_kind(mix, outcome)}); stopped by the time "
            f"limit: {outcome.stopped_by_time} |",
            f"| statuses | {dict(sorted(outcome.statuses.items()))} |",
            f"| errors (4xx/5xx or transport) | {errors} |",
            "| latency | "
            + ", ".join(f"p{q} {outcome.percentile(q):.1f} ms" for q in (50, 95, 99))
            + " |",
            f"| throughput | {outcome.throughput:.0f} requests/s over "
            f"{outcome.wall_seconds:.0f} s, {args.concurrency} clients |",
            f"| service peak memory | {peak} MiB (VmHWM) |",
            "",
        ]
    )
    print(body)
    write_section("load-test", body)


if __name__ == "__main__":
    main()

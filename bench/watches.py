"""`python -m bench.watches`: the monitoring figures of issue 15 on a generated registry.

With N watches (default 10,000) on the benchmark's own Neo4j and the service in a
subprocess (its background monitor running as in production):

- lag: a 1,000-row entries batch listing organisations whose legal representatives are
  watched; seconds from the batch's answer until its last event is readable on
  `GET /v1/events` (target: 5 s);
- ingest throughput of 1,000-row record batches that reach no watched subject, with the N
  watches in place and with none (the watches parked under another label), alternated;
  target: at most 10 % slower;
- the daily sweep (`Monitor.sweep`, one day) and a re-screen of every watch (`--all`),
  in this process (target for the sweep: 60 s).

The watches are written directly (their states screened by the engine, as
`POST /v1/watches` does), since creating 10,000 over HTTP would only time the set-up.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import secrets
import shlex
import statistics
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench import runner
from bench.report import table, write_section
from bench.servers import BenchNeo4j, Service
from graph_service.domain.identity import pseudonymise
from graph_service.engine.monitor import Monitor, state_of
from graph_service.engine.screening import Engine
from graph_service.store.db import Database
from graph_service.store.queries import QueryRegistry

STATE_DIR = Path.home() / ".cache" / "credit-graph-bench-watches"
BATCH = 1_000
# Bench set-up statements (not the service's: those live in cypher/).
WRITE_WATCHES = """
UNWIND $rows AS row
MATCH (s:Subject {id: row.subject})
CREATE (w:Watch {id: row.id, key: row.id, subject: row.subject, matter: row.matter,
                 owner: 'admin:bench', role: 'admin', disclosures: $disclosures, label: 'bench',
                 reference: row.id, created_at: datetime(), decision: row.decision,
                 keys: row.keys, digest: row.digest, version: 0, active: true})
CREATE (w)-[:WATCHES]->(s)
"""
TAINTED = """
MATCH (:Watch)-[:WATCHES]->(x:Subject)
MATCH (x)-[:LEGAL_REPRESENTATIVE_OF|PRINCIPAL_OF|ACTUAL_CONTROLLER_OF|HOLDS_SHARES_IN*0..10]->(o)
RETURN DISTINCT o.id AS id
"""
PARK = "MATCH (w:Watch) REMOVE w:Watch SET w:ParkedWatch"
UNPARK = "MATCH (w:ParkedWatch) REMOVE w:ParkedWatch SET w:Watch"
OUTBOX = "MATCH (t:MonitorTask) RETURN count(t) AS n"
FORGET_SWEEP = "MATCH (m:MonitorState {name: 'sweep'}) DELETE m"  # the day never moves back


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class Api:
    """A JSON client of the service under test: a connection per call, since the pauses
    between calls outlast the server's keep-alive."""

    def __init__(self, base: str, token: str) -> None:
        host, port = base.removeprefix("http://").split(":")
        self.host, self.port = host, int(port)
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def call(self, method: str, path: str, body: Any = None) -> Any:
        payload = None if body is None else json.dumps(body).encode("utf-8")
        connection = http.client.HTTPConnection(self.host, self.port, timeout=600)
        try:
            connection.request(method, path, body=payload, headers=self.headers)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        if response.status >= 300:
            raise RuntimeError(f"{method} {path}: {response.status} {data[:500]!r}")
        return json.loads(data) if data else None


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def pick_sanction(folder: Path) -> tuple[str, str, str, str, str]:
    """(list, matter, domain, catalogue item, provider): a joint sanction measure reaching
    legal representatives, one of its matters, and that matter's domain for the records."""
    matters = {m["code"]: m["domain"] for m in read_jsonl(folder / "matters.jsonl")}
    for measure in read_jsonl(folder / "measures.jsonl"):
        if (
            measure["kind"] == "SANCTION"
            and "LEGAL_REPRESENTATIVE" in measure["roles"]
            and measure["matters"]
            and measure["published_at"] <= date.today().isoformat()
        ):
            matter = measure["matters"][0]
            catalogue = next(
                c["code"]
                for c in read_jsonl(folder / "catalogue.jsonl")
                if c["disclosure"] in {"PUBLIC", "SHARED"}
            )
            return measure["lists"][0], matter, matters[matter], catalogue, measure["authority"]
    raise RuntimeError("no joint sanction measure reaching legal representatives")


def representatives(folder: Path, key: str) -> dict[str, str]:
    """Organisation → the pseudonym of its current legal representative."""
    found: dict[str, str] = {}
    for role in read_jsonl(folder / "roles.jsonl"):
        if role["role"] == "LEGAL_REPRESENTATIVE" and role["valid_to"] is None:
            holder = role["holder"]
            rid = holder["resident_id"] if isinstance(holder, dict) else None
            if rid and role["valid_from"] < "2025-01-01":
                found[role["org"]] = pseudonymise(rid, key)
    return found


def write_watches(db: Database, subjects: list[str], matter: str) -> float:
    """Watch each subject for the matter with today's state; return the seconds taken."""
    started = time.perf_counter()
    engine = Engine(db, db.settings.control_max_depth)
    today = date.today()
    for start in range(0, len(subjects), 250):
        chunk = subjects[start : start + 250]
        rows = []
        for decision in engine.screen(chunk, matter, today):
            after, keys, digest = state_of(decision)
            rows.append(
                {
                    "id": f"w-{uuid.uuid4().hex}",
                    "subject": decision.subject,
                    "matter": matter,
                    "decision": after,
                    "keys": keys,
                    "digest": digest,
                }
            )
        db.driver.execute_query(
            WRITE_WATCHES,
            rows=rows,
            disclosures=["PUBLIC", "SHARED", "RESTRICTED"],
            database_=db.database,
        )
    return time.perf_counter() - started


def record_items(
    orgs: list[str], prefix: str, sanction: tuple[str, str, str, str, str]
) -> list[dict[str, Any]]:
    _, _, domain, catalogue, provider = sanction
    return [
        {
            "id": f"{prefix}-{i}",
            "subject": org,
            "type": "DISHONESTY",
            "category": 3,
            "serious": False,
            "document": f"津bench〔2025〕{prefix}{i}号",
            "provider": provider,
            "domain": domain,
            "catalogue_item": catalogue,
            "act_start": "2025-01-01",
            "act_end": "2025-06-30",
        }
        for i, org in enumerate(orgs)
    ]


def wait_outbox(db: Database, timeout: float = 600.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        records, _, _ = db.driver.execute_query(OUTBOX, database_=db.database)
        if records[0]["n"] == 0:
            return
        time.sleep(0.05)
    raise RuntimeError("the monitor's outbox was not emptied")


def last_event(api: Api) -> int:
    cursor = 0
    while True:
        page = api.call("GET", f"/v1/events?after={cursor}&limit=1000")
        if not page["events"]:
            return cursor
        cursor = page["next"]


def lag_of_batch(api: Api, db: Database, items: list[dict[str, Any]]) -> tuple[float, int]:
    """Post an entries batch; seconds from its answer to its last event readable, events."""
    cursor = last_event(api)
    api.call("POST", "/v1/ingest/entries", {"items": items})
    answered = time.perf_counter()
    seen_at = answered
    count = 0
    while True:
        page = api.call("GET", f"/v1/events?after={cursor}&limit=1000")
        if page["events"]:
            count += len(page["events"])
            cursor = page["next"]
            seen_at = time.perf_counter()
            continue
        records, _, _ = db.driver.execute_query(OUTBOX, database_=db.database)
        if records[0]["n"] == 0 and time.perf_counter() - seen_at > 0.5:
            return seen_at - answered, count
        if time.perf_counter() - answered > 120:
            return float("nan"), count
        time.sleep(0.02)


def throughput(api: Api, db: Database, batches: list[list[dict[str, Any]]]) -> float:
    """Rows per second of the record batches (each answered, its re-screen done)."""
    seconds = 0.0
    for items in batches:
        started = time.perf_counter()
        api.call("POST", "/v1/ingest/records", {"items": items})
        seconds += time.perf_counter() - started
        wait_outbox(db)  # the background work of one batch does not spill into the next
    return sum(len(b) for b in batches) / seconds


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.watches")
    parser.add_argument("--subjects", type=int, default=100_000)
    parser.add_argument("--watches", type=int, default=10_000)
    parser.add_argument("--lag-batches", type=int, default=3, help="entries batches timed")
    parser.add_argument("--rounds", type=int, default=4, help="alternations of the ingest phase")
    parser.add_argument("--batches", type=int, default=3, help="record batches per phase")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--query-timeout", type=float, default=600.0, help="a shared machine")
    parser.add_argument("--heap", default="1g")
    parser.add_argument("--pagecache", default="1g")
    parser.add_argument("--state-dir", type=Path, default=STATE_DIR)
    parser.add_argument("--bolt-port", type=int, default=7747)
    parser.add_argument("--data-dir", type=Path, default=runner.DATA_DIR)
    args = parser.parse_args(argv)
    args.icij = False
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    command = "python -m bench.watches " + shlex.join(sys.argv[1:] if argv is None else argv)
    name, title, folder, _ = runner.prepare_dataset(args)
    run = runner.Run(args, name, title, folder)
    server = BenchNeo4j(args.state_dir, args.bolt_port, args.heap, args.pagecache)
    server.start()
    runner.load_dataset(run, server)
    runner.prewarm(run, server)
    settings = server.settings(query_timeout=args.query_timeout)
    db = Database(settings, QueryRegistry.load())
    rng = random.Random(args.seed)
    tag = uuid.uuid4().hex[:6]  # new record and entry ids each run: no batch is `unchanged`
    figures: dict[str, Any] = {}
    service = Service(
        {
            **server.env(),
            "GRAPH_SERVICE_MONITOR_POLL": "0.2",
            "GRAPH_SERVICE_QUERY_TIMEOUT": str(args.query_timeout),
        },
        secrets.token_urlsafe(24),
    )
    try:
        db.driver.execute_query(
            "MATCH (n) WHERE n:Watch OR n:ParkedWatch OR n:WatchEvent OR n:MonitorTask "
            "DETACH DELETE n",
            database_=db.database,
        )
        sanction = pick_sanction(folder)
        list_id, matter = sanction[0], sanction[1]
        reps = representatives(folder, server.pseudonym_key)
        orgs = sorted(reps)
        rng.shuffle(orgs)
        lag_orgs = [orgs[k * BATCH : (k + 1) * BATCH] for k in range(args.lag_batches)]
        reached = sorted({reps[o] for o in orgs[: args.lag_batches * BATCH]})
        others = orgs[args.lag_batches * BATCH :]
        watched = reached + [reps[o] for o in others[: max(0, args.watches - len(reached))]]
        watched = sorted(set(watched))[: args.watches]
        if len(watched) < args.watches:  # persons representing several: the organisations too
            watched += others[-(args.watches - len(watched)) :]
        figures["watches"] = len(watched)
        say(f"writing {len(watched):,} watches for {matter}")
        figures["watch_setup_s"] = write_watches(db, watched, matter)
        records, _, _ = db.driver.execute_query(TAINTED, database_=db.database)
        tainted = {r["id"] for r in records}
        free = [o for o in orgs if o not in tainted]
        need = 2 * args.rounds * args.batches * BATCH
        if len(free) < need:
            raise RuntimeError(f"only {len(free):,} unwatched organisations; {need:,} needed")
        say(f"{len(free):,} organisations reach no watched subject")
        say(f"starting the service on {service.base}")
        service.start(args.state_dir / "bench-service.log")
        api = Api(service.base, service.admin_token)

        lags: list[float] = []
        counts: list[int] = []
        for k, reached_orgs in enumerate(lag_orgs):
            prefix = f"{tag}{k}"
            items = record_items(reached_orgs, f"BW{prefix}", sanction)
            api.call("POST", "/v1/ingest/records", {"items": items})
            wait_outbox(db)
            entries = [
                {
                    "id": f"EW{prefix}-{i}",
                    "list": list_id,
                    "subject": org,
                    "record": f"BW{prefix}-{i}",
                    "listed_at": date.today().isoformat(),
                    "basis": "bench",
                    "removal_conditions": "bench",
                    "remedy": "bench",
                }
                for i, org in enumerate(reached_orgs)
            ]
            lag, events = lag_of_batch(api, db, entries)
            lags.append(lag)
            counts.append(events)
            say(f"lag {lag:.2f} s for {events:,} events")
        figures.update(lag_s=statistics.median(lags), lag_max_s=max(lags), lags=lags)
        figures["lag_events"] = statistics.median(counts)

        with_watches: list[float] = []
        without: list[float] = []
        for r in range(args.rounds):
            for parked in (False, True):
                batches = []
                for b in range(args.batches):
                    start = ((2 * r + parked) * args.batches + b) * BATCH
                    chunk = free[start : start + BATCH]
                    batches.append(record_items(chunk, f"BT{tag}{r}{int(parked)}{b}", sanction))
                if parked:
                    db.driver.execute_query(PARK, database_=db.database)
                rate = throughput(api, db, batches)
                if parked:
                    db.driver.execute_query(UNPARK, database_=db.database)
                (without if parked else with_watches).append(rate)
                say(f"round {r}: {'no watches' if parked else 'watches'} {rate:,.0f} rows/s")
        figures["rows_per_s_watches"] = statistics.median(with_watches)
        figures["rows_per_s_none"] = statistics.median(without)
        figures["ingest_cost"] = 1 - figures["rows_per_s_watches"] / figures["rows_per_s_none"]
        service.stop()

        monitor = Monitor(db, settings.control_max_depth)
        tomorrow = date.today() + timedelta(days=1)
        db.driver.execute_query(FORGET_SWEEP, database_=db.database)
        db.set_sweep_day(day=date.today())
        started = time.perf_counter()
        figures["sweep_events"] = monitor.sweep(tomorrow)
        figures["sweep_s"] = time.perf_counter() - started
        db.driver.execute_query(FORGET_SWEEP, database_=db.database)
        db.set_sweep_day(day=date.today() - timedelta(days=365))
        started = time.perf_counter()
        figures["year_events"] = monitor.sweep(date.today())
        figures["year_s"] = time.perf_counter() - started
        started = time.perf_counter()
        figures["reconcile_events"] = monitor.reconcile(tomorrow)
        figures["reconcile_s"] = time.perf_counter() - started
        say(f"sweep {figures['sweep_s']:.1f} s, every watch {figures['reconcile_s']:.1f} s")
    finally:
        service.stop()
        db.close()
        if not args.keep:
            server.stop()
    write_results(name, title, args, figures, command)


def write_results(
    name: str, title: str, args: argparse.Namespace, f: dict[str, Any], command: str
) -> None:
    rows = [
        [
            "last event of a 1,000-row batch readable after the answer (median)",
            f"{f['lag_s']:.2f} s",
            f"{f['lag_events']:,.0f} events each; batches: "
            + ", ".join(f"{lag:.2f} s" for lag in f["lags"]),
            "5 s",
        ],
        [
            "ingest, 1,000-row record batches reaching no watch",
            f"{f['rows_per_s_watches']:,.0f} rows/s",
            f"{f['watches']:,} watches",
            "",
        ],
        ["the same with no watch", f"{f['rows_per_s_none']:,.0f} rows/s", "", ""],
        [
            "cost of the watches",
            f"{100 * f['ingest_cost']:.1f} %",
            f"median of {args.rounds} alternations",
            "10 %",
        ],
        ["daily sweep (one day)", f"{f['sweep_s']:.1f} s", f"{f['sweep_events']:,} events", "60 s"],
        [
            "sweep of a whole year missed (the service stopped for a year)",
            f"{f['year_s']:.1f} s",
            f"{f['year_events']:,} events",
            "",
        ],
        [
            "re-screen of every watch (`monitor run --all`)",
            f"{f['reconcile_s']:.1f} s",
            f"{f['reconcile_events']:,} events",
            "",
        ],
        ["writing the watches with today's state (set-up)", f"{f['watch_setup_s']:.1f} s", "", ""],
    ]
    body = (
        f"## Watches and events (issue 15): {title}, {f['watches']:,} watches\n\n"
        f"`{command}` on {date.today().isoformat()} "
        f"(load average {runner.loadavg():.1f} at the end).\n\n"
        + table(rows, ["figure", "measured", "detail", "target (issue 15, at 1M)"])
    )
    write_section(f"watches-{name}", body)
    print(body)


if __name__ == "__main__":
    main()

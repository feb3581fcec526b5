"""The query-log write alone (issue 17, item 1): `audit.log_reads` timed on the benchmark's
database, one subject an entry, at a few concurrencies.

    python -m bench.audit_probe [--writes 500] [--concurrency 1,4,8] [--state-dir D --bolt-port P]

It appends real chained entries (the database's chain grows by `--writes` per concurrency)
and prints p50 / p99 per concurrency and the statements one write ran. Run it from two trees
(before and after a change) against the same database, alternated, to compare them.
"""

from __future__ import annotations

import argparse
import json
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bench.bare import RecordingDatabase
from bench.client import percentile
from bench.servers import DEFAULT_BOLT_PORT, DEFAULT_STATE_DIR, BenchNeo4j
from graph_service.store import audit
from graph_service.store.queries import QueryRegistry

SUBJECTS = "MATCH (s:Subject) RETURN s.id AS id LIMIT 200"


def write_once(db: RecordingDatabase, subject: str) -> float:
    started = time.perf_counter()
    audit.log_reads(
        db,
        subjects=[subject],
        actor="admin:probe",
        role="admin",
        purpose=None,
        endpoint="bench.audit_probe",
        categories=["probe"],
    )
    return (time.perf_counter() - started) * 1000.0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=500)
    parser.add_argument("--concurrency", default="1,4,8")
    parser.add_argument("--state-dir", default=str(DEFAULT_STATE_DIR))
    parser.add_argument("--bolt-port", type=int, default=DEFAULT_BOLT_PORT)
    args = parser.parse_args(argv)
    server = BenchNeo4j(Path(args.state_dir), args.bolt_port)
    db = RecordingDatabase(server.settings(), QueryRegistry.load())
    out: dict[str, Any] = {}
    try:
        subjects = [str(row["id"]) for row in db.driver.execute_query(SUBJECTS).records]
        write_once(db, subjects[0])  # the first write of a process learns the chain's head
        db.statements = []
        write_once(db, subjects[1])
        out["statements"] = [statement.name for statement in db.statements]
        for concurrency in (int(c) for c in args.concurrency.split(",")):
            with ThreadPoolExecutor(max_workers=concurrency) as pool:
                times = list(
                    pool.map(
                        lambda i: write_once(db, subjects[i % len(subjects)]), range(args.writes)
                    )
                )
            out[f"c{concurrency}"] = {
                "p50_ms": round(percentile(times, 50), 2),
                "p99_ms": round(percentile(times, 99), 2),
            }
    finally:
        db.close()
    print(json.dumps(out))


if __name__ == "__main__":
    main()

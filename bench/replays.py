"""The look-up routes side by side with the bare driver and a naive loop (issue 17, item 2).

`phase_replay` does for the linked look-up at depth 2, the controllers and the credit report
what `runner.phase_compare` does for screening: the same subjects one at a time, each asked
over HTTP, then run in process by the route function on a `RecordingDatabase`, then its
statements replayed by the bare driver in the same transactions (`bench.bare`). For the
linked look-up a naive loop also finds the same neighbourhood with one one-hop query per
subject and one query per neighbour for its list entries, as an application without graph
queries would (`naive_linked`); its agreement is the share of answers with the same subjects.

The per-route p50 and p99 of each way go to `run.details["replay"]`; the ratios of the HTTP
figures to them go to `run.figures` (`<route>_bare_ratio`, `linked2_naive_ratio`).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from neo4j import Driver

from bench import picks
from bench.bare import ADMIN, Recorded, RecordingDatabase, record, replay
from bench.client import Client, Request, percentile
from graph_service.api.report import QUERY_LOG_PAGE
from graph_service.application.control import controllers as controllers_route
from graph_service.application.graph import linked as linked_route
from graph_service.application.lists import generated as generated_route
from graph_service.application.report import credit_report as report_route
from graph_service.application.screening import screen as screen_route
from graph_service.domain.enums import ListType
from graph_service.domain.screening import ScreenRequest
from graph_service.domain.vocabulary import ALL_LINK_TYPES
from graph_service.engine.lists import ListGenerator
from graph_service.engine.screening import Engine
from graph_service.rules.workdays import OFFICIAL
from graph_service.store.queries import QueryRegistry

if TYPE_CHECKING:
    import random

    from bench.runner import Run
    from bench.servers import BenchNeo4j, Service

LINKED_LIMIT = 500  # the route's default
NAIVE_ONE_HOP = (
    "MATCH (:Subject {id: $id})-[r:LEGAL_REPRESENTATIVE_OF|PRINCIPAL_OF|ACTUAL_CONTROLLER_OF|"
    "HOLDS_SHARES_IN|BRANCH_OF]-(n:Subject) "
    "RETURN n.id AS id, r.valid_from AS valid_from, r.valid_to AS valid_to"
)
NAIVE_ENTRIES = (
    "MATCH (e:ListEntry)-[:LISTS]->(:Subject {id: $id}) "
    "RETURN e.id AS id, e.listed_at AS listed_at, e.removed_on AS removed_on"
)


def _valid(row: dict[str, Any], as_of: date) -> bool:
    start, end = row["valid_from"], row["valid_to"]
    return (start is None or start.to_native() <= as_of) and (
        end is None or as_of < end.to_native()
    )


def naive_linked(driver: Driver, center: str, depth: int, as_of: date) -> tuple[list[str], int]:
    """The subjects within `depth` hops (ordered by hops then id, the route's first
    `LINKED_LIMIT`), from one-hop queries, and each one's list entries: (ids, queries run)."""
    queries = 0

    def run(query: str, **params: Any) -> list[dict[str, Any]]:
        nonlocal queries
        queries += 1
        records, _, _ = driver.execute_query(query, params, database_="neo4j")
        return [record.data() for record in records]

    seen = {center}
    found: list[tuple[int, str]] = []
    frontier = [center]
    for hops in range(1, depth + 1):
        nxt: set[str] = set()
        for node in frontier:
            for row in run(NAIVE_ONE_HOP, id=node):
                if row["id"] not in seen and _valid(row, as_of):
                    nxt.add(row["id"])
        seen.update(nxt)
        found += [(hops, s) for s in nxt]
        frontier = sorted(nxt)
    ids = [s for _, s in sorted(found)][:LINKED_LIMIT]
    for subject in ids:
        run(NAIVE_ENTRIES, id=subject)
    return ids, queries


def _ways(
    as_of: date,
) -> dict[str, tuple[Callable[[str], str], Callable[[str], Callable[[RecordingDatabase], Any]]]]:
    """Per route: its HTTP path for a subject, and its route function called in process."""
    return {
        "linked2": (
            lambda s: f"/v1/subjects/{quote(s)}/linked?depth=2&as_of={as_of}",
            lambda s: (
                lambda db: linked_route(
                    db,
                    db.settings,
                    ADMIN,
                    subject=s,
                    depth=2,
                    types=list(ALL_LINK_TYPES),
                    day=as_of,
                    limit=LINKED_LIMIT,
                )
            ),
        ),
        "controllers": (
            lambda s: f"/v1/subjects/{quote(s)}/controllers?as_of={as_of}",
            lambda s: (
                lambda db: controllers_route(
                    db, ADMIN, subject_id=s, day=as_of, depth=db.settings.control_max_depth
                )
            ),
        ),
        "report": (
            lambda s: f"/v1/subjects/{quote(s)}/report?as_of={as_of}",
            lambda s: (
                lambda db: report_route(
                    db,
                    db.settings,
                    OFFICIAL,
                    ADMIN,
                    s,
                    as_of=as_of,
                    log_before=None,
                    log_limit=QUERY_LOG_PAGE,
                )
            ),
        ),
    }


def _pool(route: str, pools: picks.Pools, n: int, rng: random.Random) -> list[str]:
    if route == "controllers":
        return picks.controllers_pool(pools, n, rng)
    if route == "linked2":
        return picks.linked_pool(pools, n, rng)
    return picks.screening_pool(pools, n, rng)


def _stats(values: list[float]) -> dict[str, float]:
    return {
        "p50_ms": percentile(values, 50),
        "p99_ms": percentile(values, 99),
        "mean_ms": statistics.fmean(values) if values else float("nan"),
    }


def _slowest(costs: list[tuple[float, float, dict[str, float]]]) -> dict[str, Any]:
    """Where the tail goes: the slowest 5 % of the look-ups in process (at least one), their
    mean time in process and by the bare driver, and the bare driver's mean ms per statement
    name, largest first (the profile behind a missed p99)."""
    if not costs:
        return {}
    tail = sorted(costs, key=lambda cost: cost[0], reverse=True)[: max(1, len(costs) // 20)]
    names = {name for _, _, times in tail for name in times} - {"total", "core"}
    per_name = {name: statistics.fmean(t.get(name, 0.0) for _, _, t in tail) for name in names}
    return {
        "lookups": len(tail),
        "engine_ms": statistics.fmean(cost[0] for cost in tail),
        "bare_ms": statistics.fmean(cost[1] for cost in tail),
        "statements": dict(sorted(per_name.items(), key=lambda item: -item[1])),
    }


def phase_replay(
    run: Run,
    service: Service,
    server: BenchNeo4j,
    pools: picks.Pools,
    rng: random.Random,
    as_of: date,
    say: Callable[[str], None],
) -> None:
    n = run.args.compare
    registry = QueryRegistry.load()
    client = Client(service.base, service.admin_token)
    recording = RecordingDatabase(server.settings(), registry)
    driver = server.driver()
    out: dict[str, Any] = {}
    try:
        for route, (path, call) in _ways(as_of).items():
            subjects = _pool(route, pools, n, rng)
            http_ms: list[float] = []
            engine_ms: list[float] = []
            bare_ms: list[float] = []
            statements: list[int] = []
            costs: list[tuple[float, float, dict[str, float]]] = []
            answers: list[tuple[str, list[str]]] = []
            for subject in subjects:
                status, data, ms = client.call(Request("GET", path(subject)))
                if status != 200:
                    raise RuntimeError(f"{route} of {subject} answered {status}: {str(data)[:300]}")
                http_ms.append(ms)
                if route == "linked2":
                    answers.append((subject, [r["id"] for r in data["results"]]))
                _, in_process, recorded = record(recording, call(subject))
                engine_ms.append(in_process)
                statements.append(len(recorded))
                times = replay(driver, registry, Recorded(subject, "", "", in_process, recorded))
                bare_ms.append(times["total"])
                costs.append((in_process, times["total"], times))
            result: dict[str, Any] = {
                "subjects": len(subjects),
                "http": _stats(http_ms),
                "engine": _stats(engine_ms),
                "bare": _stats(bare_ms),
                "statements": statistics.fmean(statements),
                "slowest": _slowest(costs),
            }
            if route == "linked2":
                result["naive"] = _naive(run, driver, answers, as_of, http_ms)
            out[route] = result
            run.figures[f"{route}_bare_ratio"] = result["http"]["p50_ms"] / result["bare"]["p50_ms"]
            run.figures[f"{route}_bare_p50_ms"] = result["bare"]["p50_ms"]
            run.figures[f"{route}_bare_p99_ms"] = result["bare"]["p99_ms"]
            say(
                f"{route} one at a time ({len(subjects)}): HTTP p50 "
                f"{result['http']['p50_ms']:.1f} ms, bare {result['bare']['p50_ms']:.1f} ms "
                f"(x{run.figures[f'{route}_bare_ratio']:.2f}, {result['statements']:.1f} "
                "statements)"
            )
        out.update(_whole_requests(run, client, recording, driver, registry, pools, rng, as_of))
    finally:
        client.close()
        driver.close()
        recording.close()
    run.details["replay"] = out
    naive = out.get("linked2", {}).get("naive")
    if naive and naive["done"]:
        run.figures["linked2_naive_ratio"] = naive["mean_ms"] / naive["http_mean_ms"]
        run.figures["linked2_naive_p50_ms"] = naive["p50_ms"]
        run.figures["linked2_naive_p99_ms"] = naive["p99_ms"]


def _whole_requests(
    run: Run,
    client: Client,
    recording: RecordingDatabase,
    driver: Driver,
    registry: QueryRegistry,
    pools: picks.Pools,
    rng: random.Random,
    as_of: date,
) -> dict[str, Any]:
    """A batch of 1,000 screenings and the JOINT_SANCTION list, once each way (HTTP, in
    process, bare driver): `batch_bare_s` and `list_bare_s` for the ratios of their figures."""
    subjects = list(dict.fromkeys(picks.screening_pool(pools, 1300, rng)))[:1000]
    body = {"subjects": subjects, "matter": "GOV_PROCUREMENT", "as_of": str(as_of)}
    screen = ScreenRequest(subjects=subjects, matter="GOV_PROCUREMENT", as_of=as_of)
    ways: dict[str, tuple[Request, Callable[[RecordingDatabase], Any]]] = {
        "batch": (
            Request("POST", "/v1/screen", body),
            lambda db: screen_route(db, db.settings, OFFICIAL, ADMIN, screen),
        ),
        "list": (
            Request("GET", f"/v1/lists/JOINT_SANCTION/generated?as_of={as_of}"),
            lambda db: generated_route(
                ListGenerator(Engine(db, db.settings.control_max_depth, ADMIN.disclosures)),
                ADMIN,
                list_type=ListType.JOINT_SANCTION,
                day=as_of,
                matter=None,
                measure=None,
            ),
        ),
    }
    out: dict[str, Any] = {}
    for name, (request, call) in ways.items():
        status, data, http_ms = client.call(request)
        if status != 200:
            raise RuntimeError(f"{name} answered {status}: {str(data)[:300]}")
        _, in_process, recorded = record(recording, call)
        times = replay(driver, registry, Recorded(name, "", "", in_process, recorded))
        out[name] = {
            "subjects": len(subjects) if name == "batch" else data["count"],
            "http": _stats([http_ms]),
            "engine": _stats([in_process]),
            "bare": _stats([times["total"]]),
            "statements": float(len(recorded)),
        }
        run.figures[f"{name}_bare_s"] = times["total"] / 1000.0
    return out


def _naive(
    run: Run,
    driver: Driver,
    answers: list[tuple[str, list[str]]],
    as_of: date,
    http_ms: list[float],
) -> dict[str, Any]:
    """The naive loop on the same subjects, within the run's naive budget."""
    naive_ms: list[float] = []
    agree = queries = 0
    began = time.perf_counter()
    for subject, expected in answers:
        t0 = time.perf_counter()
        ids, asked = naive_linked(driver, subject, 2, as_of)
        naive_ms.append((time.perf_counter() - t0) * 1000.0)
        queries += asked
        agree += ids == expected
        if time.perf_counter() - began > run.args.naive_budget:
            break
    done = len(naive_ms)
    return {
        "done": done,
        **_stats(naive_ms),
        "http_mean_ms": statistics.fmean(http_ms[:done]) if done else float("nan"),
        "queries_per_lookup": queries / max(1, done),
        "agreement": agree / max(1, done),
    }

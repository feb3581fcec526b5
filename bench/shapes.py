"""`python -m bench.shapes`: the worst-case shapes of issue 17, each timed on its routes.

    python -m bench.shapes [--requests 20] [--before-root OLD_CHECKOUT --before-requests 3]
                           [--state-dir DIR --bolt-port PORT --heap 1g --pagecache 1g] [--keep]

Shapes a real registry holds, each of which once stalled a route for every caller:

* ``holders``: one organisation with a 60 % group owner and 2,000 small holders whose
  holdings start and end on different days, listed for a dishonest act spanning those
  days. Routes: the generated joint sanction list, screening of the owner.
* ``layers``: five layers of nine companies, each holding 1/9 of every company of the next
  layer, under a person holding 60 % of each top company (9⁴ ownership paths from the
  person into a bottom company; the person controls them all). Route: its controllers.
* ``clique``: twelve companies of one district holding 5 % of one another, each holding 30 %
  of one company of another district. Routes: ownership cycles of that other district and
  of the clique's district, the controllers of a company below the clique.
* ``hub``: an ICIJ-style registered agent: a company with 20,000 shareholders, one of which
  is the centre of a linked look-up at depth 2. Route: the linked look-up.

Each shape is loaded (through the ingest API) into the benchmark's own Neo4j (its own state
folder and Bolt port, emptied first, never the test database), the service runs as a
`uvicorn` subprocess, and each route is asked `--requests` times one after the other:
median and p99 per route are printed, with the answer's size and `truncated`. With
`--before-root` (a checkout of older code, e.g. `git archive <commit> | tar -x -C DIR`),
the same routes are first asked of a service run from that checkout, `--before-requests`
times each, so the table reads before → now.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.client import Client, Request, percentile
from bench.servers import DEFAULT_BOLT_PORT, DEFAULT_STATE_DIR, BenchNeo4j, Service
from graph_service.domain.enums import LOAD_ORDER
from tests.factories import (
    item_authority,
    item_catalogue,
    item_domain,
    item_list,
    item_matter,
    item_measure,
    item_record,
    resident_id,
    uscc,
)

AS_OF = "2025-01-01"
MATTER = "MAT-1"
HOLDERS = 2_000
LAYERS, WIDTH = 5, 9
CLIQUE = 12
HUB_HOLDERS = 20_000
HUB_DISTRICT, CLIQUE_DISTRICT, TARGET_DISTRICT = "TJ-HX", "TJ-HD", "TJ-HP"

Registry = dict[str, list[dict[str, Any]]]


@dataclass
class Shape:
    """A named registry shape and the routes it once stalled (label → request)."""

    name: str
    registry: Registry
    routes: dict[str, Request] = field(default_factory=dict)


def _org(n: int, region: str = "TJ") -> dict[str, Any]:
    return {"kind": "LEGAL_PERSON", "name": f"Shape company {n}", "uscc": uscc(n), "region": region}


def _person(n: int) -> dict[str, Any]:
    return {
        "kind": "NATURAL_PERSON",
        "name": f"Shape person {n}",
        "resident_id": resident_id(n),
        "region": "TJ",
    }


def _holding(holder: Any, org: str, ratio: float, start: date, end: date | None = None) -> Any:
    return {
        "holder": holder,
        "org": org,
        "ratio": ratio,
        "valid_from": start.isoformat(),
        "valid_to": None if end is None else end.isoformat(),
    }


def reference() -> Registry:
    """Domain, matter, authority, catalogue item, joint sanction list and its measure (reaching
    the subject, its legal representative and its actual controller)."""
    return {
        "domains": [item_domain(1)],
        "matters": [item_matter(1)],
        "authorities": [item_authority(1)],
        "catalogue": [item_catalogue(1)],
        "lists": [item_list(1)],
        "measures": [item_measure(1, roles=["SELF", "LEGAL_REPRESENTATIVE", "ACTUAL_CONTROLLER"])],
    }


def holders_shape(count: int = HOLDERS) -> Shape:
    """A 60 % group owner and `count` holders of 0.02 % each, all coming and going on
    different days inside a listed act (issue 17: every holding bound was an evaluation)."""
    org, owner = uscc(1), uscc(2)
    start = date(2015, 1, 1)
    small = 0.4 / count
    holdings = [_holding(owner, org, 0.6, date(2014, 1, 1))] + [
        _holding(
            {"resident_id": resident_id(10_000 + i)},
            org,
            small,
            start + timedelta(days=i),
            start + timedelta(days=1_500 + i),
        )
        for i in range(count)
    ]
    record = item_record(1, act_start="2015-01-01", act_end="2024-06-30", category=3)
    entry = {
        "id": "ENT-1",
        "list": "LIST-1",
        "subject": org,
        "record": "REC-1",
        "listed_at": "2024-07-15",
        "basis": "Art. 30 and the published criteria of the list.",
        "removal_conditions": "Credit repair (Art. 45) or expiry of the record (Art. 42).",
        "remedy": "Objection to the credit management office (Art. 41).",
    }
    registry = reference() | {
        "subjects": [_org(1), _org(2)] + [_person(10_000 + i) for i in range(count)],
        "holdings": holdings,
        "records": [record],
        "entries": [entry],
    }
    routes = {
        "joint sanction list": Request(
            "GET", f"/v1/lists/JOINT_SANCTION/generated?as_of={AS_OF}&matter={MATTER}"
        ),
        "screening of the owner": Request(
            "POST", "/v1/screen", {"subjects": [owner], "matter": MATTER, "as_of": AS_OF}
        ),
    }
    return Shape("holders", registry, routes)


def layer_ids(layers: int = LAYERS, width: int = WIDTH) -> list[list[str]]:
    return [[uscc(100 + k * width + j) for j in range(width)] for k in range(layers)]


LAYER_OWNER = 20_000  # the resident id number of the person on top of the layers


def layers_shape(layers: int = LAYERS, width: int = WIDTH) -> Shape:
    """`layers` layers of `width` companies, each holding 1/`width` (in millionths) of every
    company of the next layer, under a person holding 60 % of each top company (issue 17:
    every simple path was enumerated)."""
    ids = layer_ids(layers, width)
    ratio = int(1_000_000 / width) / 1_000_000
    day = date(2016, 1, 1)
    owner = {"resident_id": resident_id(LAYER_OWNER)}
    holdings = [_holding(owner, top, 0.6, day) for top in ids[0]]
    holdings += [
        _holding(a, b, ratio, day) for k in range(layers - 1) for a in ids[k] for b in ids[k + 1]
    ]
    subjects = [_person(LAYER_OWNER)]
    subjects += [_org(100 + k * width + j) for k in range(layers) for j in range(width)]
    bottom = ids[-1][0]
    routes = {"controllers": Request("GET", f"/v1/subjects/{bottom}/controllers?as_of={AS_OF}")}
    return Shape("layers", {"subjects": subjects, "holdings": holdings}, routes)


def clique_ids(size: int = CLIQUE) -> tuple[list[str], list[str]]:
    return [uscc(300 + i) for i in range(size)], [uscc(400 + i) for i in range(size)]


def clique_shape(size: int = CLIQUE) -> Shape:
    """`size` companies of one district holding 5 % of one another, each 30 % of a company of
    another district (issue 17: every cycle was enumerated before the region filter)."""
    clique, targets = clique_ids(size)
    day = date(2016, 1, 1)
    holdings = [_holding(a, b, 0.05, day) for a in clique for b in clique if a != b]
    holdings += [_holding(a, t, 0.3, day) for a, t in zip(clique, targets, strict=True)]
    subjects = [_org(300 + i, CLIQUE_DISTRICT) for i in range(size)]
    subjects += [_org(400 + i, TARGET_DISTRICT) for i in range(size)]
    cycles = "/v1/analytics/cycles?as_of={}&region={}"
    routes = {
        "cycles of the other district": Request("GET", cycles.format(AS_OF, TARGET_DISTRICT)),
        "cycles of the clique's district": Request("GET", cycles.format(AS_OF, CLIQUE_DISTRICT)),
        "controllers below the clique": Request(
            "GET", f"/v1/subjects/{targets[0]}/controllers?as_of={AS_OF}"
        ),
    }
    return Shape("clique", {"subjects": subjects, "holdings": holdings}, routes)


def hub_shape(count: int = HUB_HOLDERS) -> Shape:
    """A registered agent with `count` shareholders; the linked look-up at depth 2 around one
    of them reaches the agent, then every other shareholder."""
    hub = uscc(500)
    day = date(2016, 1, 1)
    ratio = int(1_000_000 / count) / 1_000_000
    holders = [uscc(1_000 + i) for i in range(count)]
    subjects = [_org(500, HUB_DISTRICT)] + [_org(1_000 + i, HUB_DISTRICT) for i in range(count)]
    holdings = [_holding(h, hub, ratio, day) for h in holders]
    routes = {
        "linked depth 2": Request(
            "GET", f"/v1/subjects/{holders[count // 2]}/linked?depth=2&as_of={AS_OF}"
        )
    }
    return Shape("hub", {"subjects": subjects, "holdings": holdings}, routes)


SHAPES: dict[str, Callable[[], Shape]] = {
    "holders": holders_shape,
    "layers": layers_shape,
    "clique": clique_shape,
    "hub": hub_shape,
}


def merged(shapes: list[Shape]) -> Registry:
    """One registry of all shapes (their ids never collide), reference items once."""
    out: Registry = {}
    for shape in shapes:
        for kind, items in shape.registry.items():
            seen = out.setdefault(kind, [])
            seen.extend(item for item in items if item not in seen)
    return out


def ingest(client: Client, registry: Registry, chunk: int = 5_000) -> None:
    """Every kind in dependency order, through the ingest API."""
    for kind in LOAD_ORDER:
        items = registry.get(kind.value, [])
        for start in range(0, len(items), chunk):
            status, body, _ = client.call(
                Request("POST", f"/v1/ingest/{kind.value}", {"items": items[start : start + chunk]})
            )
            if status != 200:
                raise RuntimeError(f"ingest {kind.value}: {status} {str(body)[:500]}")


def summary(body: Any) -> str:
    """What the answer holds, in a few words: sizes and `truncated`."""
    if not isinstance(body, dict):
        return "?"
    parts = []
    for key in ("subjects", "results", "cycles", "ultimate_controllers", "effective_shares"):
        if isinstance(body.get(key), list):
            parts.append(f"{key} {len(body[key])}")
    if "beneficial_owners" in body:
        parts.append(f"controllers {len(body.get('controllers', []))}")
    if "truncated" in body:
        parts.append(f"truncated {str(body['truncated']).lower()}")
    return ", ".join(parts)


def time_routes(base: str, token: str, shapes: list[Shape], requests: int) -> dict[str, Any]:
    """Each route asked `requests` times in turn (after one warm-up): ms figures and summary."""
    figures: dict[str, Any] = {}
    client = Client(base, token, timeout=600.0)
    try:
        for shape in shapes:
            for label, request in shape.routes.items():
                status, body, _ = client.call(request)
                latencies = []
                for _ in range(requests):
                    status, body, ms = client.call(request)
                    latencies.append(ms)
                figures[f"{shape.name}: {label}"] = {
                    "status": status,
                    "median_ms": percentile(latencies, 50),
                    "p99_ms": percentile(latencies, 99),
                    "answer": summary(body),
                }
                say(f"{shape.name}: {label}: {figures[f'{shape.name}: {label}']}")
    finally:
        client.close()
    return figures


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run_service(
    server: BenchNeo4j,
    token: str,
    log: Path,
    shapes: list[Shape],
    requests: int,
    root: Path | None = None,
    load: bool = False,
) -> dict[str, Any]:
    """Start the service (from `root` when given), optionally load the shapes, time them."""
    service = Service(server.env(), token, cwd=root)
    service.start(log)
    try:
        if load:
            client = Client(service.base, token)
            try:
                ingest(client, merged(shapes))
            finally:
                client.close()
        return time_routes(service.base, token, shapes, requests)
    finally:
        service.stop()


def render(before: dict[str, Any], now: dict[str, Any]) -> str:
    """A Markdown table of median / p99 per route, before → now."""
    lines = [
        "| shape: route | before median / p99 | now median / p99 | answer now |",
        "|---|---|---|---|",
    ]
    for key, fig in now.items():
        old = before.get(key)
        was = f"{old['median_ms']:,.0f} / {old['p99_ms']:,.0f} ms" if old else "—"
        lines.append(
            f"| {key} | {was} | {fig['median_ms']:,.1f} / {fig['p99_ms']:,.1f} ms "
            f"| {fig['status']}: {fig['answer']} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.shapes", description=__doc__)
    parser.add_argument("--requests", type=int, default=20, help="per route, now")
    parser.add_argument("--before-root", type=Path, help="a checkout of older code to compare")
    parser.add_argument("--before-requests", type=int, default=3, help="per route, before")
    parser.add_argument("--only", default="", help="comma-separated shapes (default all)")
    parser.add_argument("--heap", default=os.environ.get("GRAPH_SERVICE_NEO4J_HEAP", "1g"))
    parser.add_argument(
        "--pagecache", default=os.environ.get("GRAPH_SERVICE_NEO4J_PAGECACHE", "1g")
    )
    parser.add_argument("--state-dir", type=Path, default=DEFAULT_STATE_DIR)
    parser.add_argument("--bolt-port", type=int, default=DEFAULT_BOLT_PORT)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--keep", action="store_true", help="leave Neo4j running at the end")
    parser.add_argument(
        "--skip-load", action="store_true", help="reuse the shapes loaded by an earlier run"
    )
    args = parser.parse_args(argv)
    names = [n for n in args.only.split(",") if n] or list(SHAPES)
    shapes = [SHAPES[name]() for name in names]
    server = BenchNeo4j(args.state_dir, args.bolt_port, args.heap, args.pagecache)
    token = secrets.token_urlsafe(24)
    logs = args.state_dir / "shapes-logs"
    logs.mkdir(parents=True, exist_ok=True)
    server.start()
    if not args.skip_load:
        say(f"emptying the benchmark database in {args.state_dir} (port {args.bolt_port})")
        server.wipe()
    try:
        before: dict[str, Any] = {}
        if args.before_root is not None:
            say(f"before: the service from {args.before_root}")
            before = run_service(
                server,
                token,
                logs / "before.log",
                shapes,
                args.before_requests,
                args.before_root,
                load=not args.skip_load,
            )
        say("now: the service from this checkout")
        load_now = not args.skip_load and args.before_root is None
        now = run_service(server, token, logs / "now.log", shapes, args.requests, load=load_now)
    finally:
        if not args.keep:
            server.stop()
    table = render(before, now)
    print(table)
    if args.json is not None:
        args.json.write_text(json.dumps({"before": before, "now": now}, indent=1), "utf-8")


if __name__ == "__main__":
    main()

"""The naive ways of screening, for the side-by-side ratios (issue 7, item 3a).

Both answer one subject at a time with the reference implementation of the rules
(`tests/reference/engine.py`, written from DESIGN §5 independently of the service) applied to
the part of the registry that can matter for that subject:

* the subject's own entries and records (SELF restrictions, rewards, withholding);
* the organisations it holds a role in, and those below it along holding / declared-control
  links (10 levels, as the service), with their entries;
* for each such organisation with an entry, everything above it along holding and
  declared-control links (10 levels): what its control, and so its ultimate controllers,
  depend on (R-SUBJ-3, R-PROP-3).

They differ only in where that part comes from:

* `OneHopSource`: a loop of one-hop Cypher queries (one per node and link type, the way an
  application without graph queries walks a graph), joined in Python;
* `MemorySource`: the whole registry held in Python dictionaries (read from the registry's
  JSONL files), so no database at all. `python -m bench.naive` runs it in a subprocess, so
  that its memory is measured apart, and also tries the reference implementation literally
  over the whole registry for one subject, with a time limit.
"""

from __future__ import annotations

import argparse
import json
import resource
import signal
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import FrameType
from typing import Any, Protocol

from neo4j import Driver

from graph_service.domain.identity import pseudonymise
from loaders.generate import reference_items
from tests.reference import engine as reference

MAX_DEPTH = 10
CONTROL_TYPES = ("HOLDS_SHARES_IN", "ACTUAL_CONTROLLER_OF")
ROLE_TYPES = {
    "LEGAL_REPRESENTATIVE_OF": "LEGAL_REPRESENTATIVE",
    "PRINCIPAL_OF": "PRINCIPAL",
    "ACTUAL_CONTROLLER_OF": "ACTUAL_CONTROLLER",
}
SANCTION_LISTS = {
    str(item["id"])
    for item in reference_items()["lists"]
    if item["type"] in ("SERIOUS", "JOINT_SANCTION")
}


@dataclass(frozen=True)
class Link:
    """A role or holding: `type` is the relationship type (…_OF or HOLDS_SHARES_IN)."""

    type: str
    holder: str
    org: str
    valid_from: Any
    valid_to: Any
    ratio: float | None


class Source(Protocol):
    def out_links(self, subject: str) -> list[Link]: ...

    def in_control_links(self, org: str) -> list[Link]: ...

    def entries_of(self, subject: str) -> list[dict[str, Any]]: ...

    def record(self, record_id: str) -> dict[str, Any] | None: ...

    def records_of(self, subject: str) -> list[dict[str, Any]]: ...


def _link_item(link: Link) -> tuple[str, dict[str, Any]]:
    if link.type == "HOLDS_SHARES_IN":
        return "holdings", {
            "holder": link.holder,
            "org": link.org,
            "ratio": link.ratio,
            "valid_from": link.valid_from,
            "valid_to": link.valid_to,
        }
    return "roles", {
        "role": ROLE_TYPES[link.type],
        "holder": link.holder,
        "org": link.org,
        "valid_from": link.valid_from,
        "valid_to": link.valid_to,
    }


def relevant_registry(source: Source, subject: str) -> dict[str, list[dict[str, Any]]]:
    """The part of the registry that decides `subject`'s screening (module docstring)."""
    registry: dict[str, list[dict[str, Any]]] = {
        kind: list(items) for kind, items in STATIC.items()
    }
    registry["roles"], registry["holdings"] = [], []
    links: dict[tuple[str, str, str, Any], Link] = {}
    records: dict[str, dict[str, Any]] = {}
    entries: dict[str, dict[str, Any]] = {}

    def add_entries(of: str) -> bool:
        found = False
        for entry in source.entries_of(of):
            entries[entry["id"]] = entry
            found = found or entry["list"] in SANCTION_LISTS
            if entry.get("record") and entry["record"] not in records:
                record = source.record(entry["record"])
                if record is not None:
                    records[record["id"]] = {"subject": entry["subject"], **record}
        return found

    add_entries(subject)
    for record in source.records_of(subject):
        records[record["id"]] = record
    # Organisations the subject holds a role in (1 hop) or sits above (10 hops).
    below: set[str] = set()
    frontier = [subject]
    seen = {subject}
    for depth in range(MAX_DEPTH):
        nxt: list[str] = []
        for node in frontier:
            for link in source.out_links(node):
                if depth > 0 and link.type not in CONTROL_TYPES:
                    continue
                links[(link.type, link.holder, link.org, link.valid_from)] = link
                below.add(link.org)
                if link.type in CONTROL_TYPES and link.org not in seen:
                    seen.add(link.org)
                    nxt.append(link.org)
        frontier = nxt
    # Above each listed organisation: its control structure.
    for org in sorted(below):
        if not add_entries(org):
            continue
        up_seen, up = {org}, [org]
        for _ in range(MAX_DEPTH):
            nxt = []
            for node in up:
                for link in source.in_control_links(node):
                    links[(link.type, link.holder, link.org, link.valid_from)] = link
                    if link.holder not in up_seen:
                        up_seen.add(link.holder)
                        nxt.append(link.holder)
            up = nxt
    for link in links.values():
        kind, item = _link_item(link)
        registry[kind].append(item)
    registry["records"] = list(records.values())
    registry["entries"] = list(entries.values())
    return registry


STATIC: dict[str, list[dict[str, Any]]] = {
    kind: items
    for kind, items in reference_items().items()
    if kind in ("domains", "matters", "lists", "recognitions", "measures")
}


def decide(source: Source, subject: str, matter: str, as_of: date) -> str:
    registry = relevant_registry(source, subject)
    return reference.screen(registry, subject, matter, as_of).decision


# --------------------------------------------------------------------- one-hop Cypher


class OneHopSource:
    """Every step one small Cypher query, as a loop in an application would run them."""

    OUT = (
        "MATCH (s:Subject {id: $id})-[k:LEGAL_REPRESENTATIVE_OF|PRINCIPAL_OF|"
        "ACTUAL_CONTROLLER_OF|HOLDS_SHARES_IN]->(o:Subject) "
        "RETURN type(k) AS type, o.id AS org, k.valid_from AS valid_from, "
        "k.valid_to AS valid_to, k.ratio AS ratio"
    )
    IN = (
        "MATCH (h:Subject)-[k:HOLDS_SHARES_IN|ACTUAL_CONTROLLER_OF]->(o:Subject {id: $id}) "
        "RETURN type(k) AS type, h.id AS holder, k.valid_from AS valid_from, "
        "k.valid_to AS valid_to, k.ratio AS ratio"
    )
    ENTRIES = (
        "MATCH (e:ListEntry)-[:LISTS]->(:Subject {id: $id}) "
        "RETURN e.id AS id, e.listed_at AS listed_at, e.removed_on AS removed_on"
    )
    ENTRY_LIST = "MATCH (:ListEntry {id: $id})-[:ON]->(l:List) RETURN l.id AS list"
    ENTRY_RECORD = "MATCH (:ListEntry {id: $id})-[:BASED_ON]->(r:Record) RETURN r.id AS record"
    RECORD = (
        "MATCH (r:Record {id: $id}) RETURN r.id AS id, r.type AS type, r.act_start AS act_start, "
        "r.act_end AS act_end, r.revoked_on AS revoked_on, r.repaired_on AS repaired_on"
    )
    RECORD_DOMAIN = "MATCH (:Record {id: $id})-[:IN_DOMAIN]->(d:Domain) RETURN d.code AS domain"
    OWN_RECORDS = "MATCH (:Subject {id: $id})-[:HAS_RECORD]->(r:Record) RETURN r.id AS id"

    def __init__(self, driver: Driver) -> None:
        self.driver = driver
        self.queries = 0

    def _run(self, query: str, **params: Any) -> list[dict[str, Any]]:
        self.queries += 1
        records, _, _ = self.driver.execute_query(query, params, database_="neo4j")
        return [_native(record.data()) for record in records]

    def out_links(self, subject: str) -> list[Link]:
        return [
            Link(r["type"], subject, r["org"], r["valid_from"], r["valid_to"], r["ratio"])
            for r in self._run(self.OUT, id=subject)
        ]

    def in_control_links(self, org: str) -> list[Link]:
        return [
            Link(r["type"], r["holder"], org, r["valid_from"], r["valid_to"], r["ratio"])
            for r in self._run(self.IN, id=org)
        ]

    def entries_of(self, subject: str) -> list[dict[str, Any]]:
        found = []
        for row in self._run(self.ENTRIES, id=subject):
            lists = self._run(self.ENTRY_LIST, id=row["id"])
            records = self._run(self.ENTRY_RECORD, id=row["id"])
            found.append(
                {
                    **row,
                    "subject": subject,
                    "list": lists[0]["list"] if lists else None,
                    "record": records[0]["record"] if records else None,
                }
            )
        return found

    def record(self, record_id: str) -> dict[str, Any] | None:
        rows = self._run(self.RECORD, id=record_id)
        if not rows:
            return None
        domains = self._run(self.RECORD_DOMAIN, id=record_id)
        return {**rows[0], "domain": domains[0]["domain"] if domains else None}

    def records_of(self, subject: str) -> list[dict[str, Any]]:
        found = []
        for row in self._run(self.OWN_RECORDS, id=subject):
            record = self.record(row["id"])
            if record is not None:
                found.append({**record, "subject": subject})
        return found


def _native(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v.to_native() if hasattr(v, "to_native") else v for k, v in row.items()}


# ------------------------------------------------------------------------ in memory


class MemorySource:
    """The whole registry in dictionaries, read once from `<kind>.jsonl` files."""

    def __init__(self, data_dir: Path, secret: str) -> None:
        self.secret = secret
        self.out: dict[str, list[Link]] = defaultdict(list)
        self.into: dict[str, list[Link]] = defaultdict(list)
        self.entries: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.records: dict[str, dict[str, Any]] = {}
        self.own_records: dict[str, list[str]] = defaultdict(list)
        self.rows = 0
        role_types = {v: k for k, v in ROLE_TYPES.items()}
        for item in _jsonl(data_dir / "roles.jsonl"):
            self._link(role_types[item["role"]], item)
        for item in _jsonl(data_dir / "holdings.jsonl"):
            self._link("HOLDS_SHARES_IN", item)
        for item in _jsonl(data_dir / "records.jsonl"):
            subject = self.ref(item["subject"])
            record = {
                "id": item["id"],
                "subject": subject,
                "type": item["type"],
                "act_start": item["act_start"],
                "act_end": item.get("act_end"),
                "domain": item.get("domain"),
            }
            self.records[item["id"]] = record
            self.own_records[subject].append(item["id"])
            self.rows += 1
        for item in _jsonl(data_dir / "entries.jsonl"):
            subject = self.ref(item["subject"])
            self.entries[subject].append(
                {
                    "id": item["id"],
                    "list": item["list"],
                    "subject": subject,
                    "record": item.get("record"),
                    "listed_at": item["listed_at"],
                }
            )
            self.rows += 1

    def ref(self, value: str | dict[str, str]) -> str:
        if isinstance(value, dict):
            return pseudonymise(value["resident_id"], self.secret)
        return value

    def _link(self, rel: str, item: dict[str, Any]) -> None:
        link = Link(
            rel,
            sys.intern(self.ref(item["holder"])),
            sys.intern(item["org"]),
            item["valid_from"],
            item.get("valid_to"),
            item.get("ratio"),
        )
        self.out[link.holder].append(link)
        if rel in CONTROL_TYPES:
            self.into[link.org].append(link)
        self.rows += 1

    def out_links(self, subject: str) -> list[Link]:
        return self.out.get(subject, [])

    def in_control_links(self, org: str) -> list[Link]:
        return self.into.get(org, [])

    def entries_of(self, subject: str) -> list[dict[str, Any]]:
        return self.entries.get(subject, [])

    def record(self, record_id: str) -> dict[str, Any] | None:
        return self.records.get(record_id)

    def records_of(self, subject: str) -> list[dict[str, Any]]:
        return [self.records[r] for r in self.own_records.get(subject, [])]

    def whole_registry(self) -> dict[str, list[dict[str, Any]]]:
        """Everything, in the reference implementation's input shape."""
        registry: dict[str, list[dict[str, Any]]] = {k: list(v) for k, v in STATIC.items()}
        registry["roles"], registry["holdings"] = [], []
        for links in self.out.values():
            for link in links:
                kind, item = _link_item(link)
                registry[kind].append(item)
        registry["records"] = list(self.records.values())
        registry["entries"] = [e for items in self.entries.values() for e in items]
        return registry


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


class _TimeUp(Exception):
    pass


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    raise _TimeUp


def run_memory(
    data_dir: Path,
    secret: str,
    asks: Iterable[tuple[str, str]],
    as_of: date,
    budget: float,
    whole_limit: float,
) -> dict[str, Any]:
    """Load, then decide each (subject, matter) until `budget` seconds have gone; then try
    the reference over the whole registry for the first subject within `whole_limit`."""
    started = time.perf_counter()
    source = MemorySource(data_dir, secret)
    load_seconds = time.perf_counter() - started
    load_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    asks = list(asks)
    results: list[dict[str, Any]] = []
    began = time.perf_counter()
    for subject, matter in asks:
        t0 = time.perf_counter()
        decision = decide(source, subject, matter, as_of)
        results.append(
            {
                "subject": subject,
                "matter": matter,
                "decision": decision,
                "ms": (time.perf_counter() - t0) * 1000.0,
            }
        )
        if time.perf_counter() - began > budget:
            break
    whole: dict[str, Any] = {"attempted": False}
    if whole_limit > 0 and asks:
        subject, matter = asks[0]
        signal.signal(signal.SIGALRM, _alarm)
        t0 = time.perf_counter()
        signal.alarm(int(whole_limit))
        try:
            registry = source.whole_registry()
            answer = reference.screen(registry, subject, matter, as_of)
            whole = {"attempted": True, "finished": True, "decision": answer.decision}
        except _TimeUp:
            whole = {"attempted": True, "finished": False}
        finally:
            signal.alarm(0)
        whole["seconds"] = time.perf_counter() - t0
    return {
        "rows": source.rows,
        "load_seconds": load_seconds,
        "load_peak_rss_kib": load_rss,
        "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "results": results,
        "whole": whole,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="The reference rules over the registry in memory")
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--asks", type=Path, required=True, help="JSON [[subject, matter], ...]")
    parser.add_argument("--as-of", type=date.fromisoformat, required=True)
    parser.add_argument("--budget", type=float, default=120.0)
    parser.add_argument("--whole-limit", type=float, default=60.0)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    secret = sys.stdin.readline().strip()
    asks = [tuple(a) for a in json.loads(args.asks.read_text(encoding="utf-8"))]
    out = run_memory(
        args.data,
        secret,
        asks,
        args.as_of,
        args.budget,
        args.whole_limit,
    )
    args.out.write_text(json.dumps(out), encoding="utf-8")


if __name__ == "__main__":
    main()

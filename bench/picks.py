"""Which subjects the benchmark asks about: restricted ones as well as random ones.

A uniform sample of a registry is almost all `allowed` subjects with no list entry near them,
which is the cheap case. The pools here mix, deterministically from the seed:

* subjects listed themselves on a sanction list (SELF),
* natural persons holding a role (legal representative, principal, declared controller) in a
  listed organisation (R-PROP-1),
* holders two or more links up the holding chain of a listed organisation (candidates for
  the ultimate-controller check, R-PROP-3),
* random subjects drawn from the registry's `subjects.jsonl` (ids computed as the service
  computes them: the USCC, or the keyed pseudonym of a resident ID).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from neo4j import Driver

from graph_service.domain.identity import pseudonymise

SANCTION_TYPES = ["SERIOUS", "JOINT_SANCTION"]

LISTED = """
MATCH (l:List)<-[:ON]-(e:ListEntry)-[:LISTS]->(s:Subject)
WHERE l.type IN $types AND e.listed_at <= $as_of AND e.removed_on IS NULL
RETURN DISTINCT s.id AS id, s.kind AS kind ORDER BY id
"""
ROLE_PERSONS = """
MATCH (l:List)<-[:ON]-(e:ListEntry)-[:LISTS]->(o:Subject)
WHERE l.type IN $types AND e.listed_at <= $as_of AND e.removed_on IS NULL
MATCH (p:NaturalPerson)-[:LEGAL_REPRESENTATIVE_OF|PRINCIPAL_OF|ACTUAL_CONTROLLER_OF]->(o)
RETURN DISTINCT p.id AS id ORDER BY id
"""
CHAIN_HOLDERS = """
MATCH (l:List)<-[:ON]-(e:ListEntry)-[:LISTS]->(o:Subject)
WHERE l.type IN $types AND e.listed_at <= $as_of AND e.removed_on IS NULL
WITH DISTINCT o ORDER BY o.id LIMIT 5000
CALL (o) {
  MATCH (o)<-[:HOLDS_SHARES_IN|ACTUAL_CONTROLLER_OF]-(:Subject)
        <-[:HOLDS_SHARES_IN|ACTUAL_CONTROLLER_OF]-{1,3}(h:Subject)
  WITH DISTINCT h ORDER BY h.id LIMIT 5
  RETURN h
}
RETURN DISTINCT h.id AS id ORDER BY id
"""
CONTROLLED_ORGS = """
MATCH (h:Subject)-[:HOLDS_SHARES_IN]->(o:Subject)<-[:HOLDS_SHARES_IN]-(:LegalPerson)
WITH DISTINCT o ORDER BY o.id LIMIT 20000
RETURN o.id AS id ORDER BY id
"""


@dataclass
class Pools:
    """Subject ids by how they relate to the lists, sorted; `random_*` from the files."""

    listed: list[str] = field(default_factory=list)
    role_persons: list[str] = field(default_factory=list)
    chain_holders: list[str] = field(default_factory=list)
    random_orgs: list[str] = field(default_factory=list)
    random_persons: list[str] = field(default_factory=list)
    group_orgs: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {name: len(value) for name, value in self.__dict__.items()}


def _ids(driver: Driver, query: str, **params: Any) -> list[str]:
    records, _, _ = driver.execute_query(query, params, database_="neo4j")
    return [str(record["id"]) for record in records]


def sample_subject_file(path: Path, secret: str, k: int, seed: int) -> tuple[list[str], list[str]]:
    """Reservoir samples of `k` organisation ids and `k` person ids, streaming the file."""
    rng = random.Random(seed)
    orgs: list[str] = []
    persons: list[str] = []
    seen_orgs = seen_persons = 0
    for item in _jsonl(path):
        if item.get("kind") == "NATURAL_PERSON":
            seen_persons += 1
            slot = rng.randrange(seen_persons) if seen_persons > k else len(persons)
            if slot < k:
                value = pseudonymise(str(item["resident_id"]), secret)
                if slot == len(persons):
                    persons.append(value)
                else:
                    persons[slot] = value
        else:
            seen_orgs += 1
            slot = rng.randrange(seen_orgs) if seen_orgs > k else len(orgs)
            if slot < k:
                if slot == len(orgs):
                    orgs.append(str(item["uscc"]))
                else:
                    orgs[slot] = str(item["uscc"])
    return orgs, persons


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def find_pools(driver: Driver, data_dir: Path, secret: str, as_of: date, seed: int) -> Pools:
    orgs, persons = sample_subject_file(data_dir / "subjects.jsonl", secret, 3000, seed)
    return Pools(
        listed=_ids(driver, LISTED, types=SANCTION_TYPES, as_of=as_of),
        role_persons=_ids(driver, ROLE_PERSONS, types=SANCTION_TYPES, as_of=as_of),
        chain_holders=_ids(driver, CHAIN_HOLDERS, types=SANCTION_TYPES, as_of=as_of),
        random_orgs=orgs,
        random_persons=persons,
        group_orgs=_ids(driver, CONTROLLED_ORGS),
    )


# Shares of a screening pool by kind: a quarter near a sanction, the rest random.
MIX = (("listed", 0.15), ("role_persons", 0.15), ("chain_holders", 0.10))


def screening_pool(pools: Pools, n: int, rng: random.Random) -> list[str]:
    """`n` subject ids (repeats allowed when a pool is small), shuffled."""
    chosen: list[str] = []
    for name, share in MIX:
        pool: list[str] = getattr(pools, name)
        if pool:
            chosen += [rng.choice(pool) for _ in range(round(n * share))]
    rest = pools.random_orgs + pools.random_persons
    chosen += [rng.choice(rest) for _ in range(n - len(chosen))]
    rng.shuffle(chosen)
    return chosen


def linked_pool(pools: Pools, n: int, rng: random.Random) -> list[str]:
    """Subjects for linked look-ups: half near a listed organisation, half random."""
    near = pools.listed + pools.role_persons + pools.chain_holders
    rest = pools.random_orgs + pools.random_persons
    chosen = [rng.choice(near) for _ in range(n // 2)] if near else []
    chosen += [rng.choice(rest) for _ in range(n - len(chosen))]
    rng.shuffle(chosen)
    return chosen


def controllers_pool(pools: Pools, n: int, rng: random.Random) -> list[str]:
    """Organisations for controller look-ups: half held by companies (chains), half random."""
    chosen = [rng.choice(pools.group_orgs) for _ in range(n // 2)] if pools.group_orgs else []
    chosen += [rng.choice(pools.random_orgs) for _ in range(n - len(chosen))]
    rng.shuffle(chosen)
    return chosen

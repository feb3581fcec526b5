"""A registry with a real topology and synthetic labels, from the ICIJ Offshore Leaks edges.

Source: `bench/data/icij-offshoreleaks-2016-edges/edges.csv.xz` (in the repository, 3 MB; its
`SOURCE.txt` names the origin; another copy with `--icij-source`), the edges of the ICIJ
Offshore Leaks Database (May 2016 release: Offshore Leaks 2013 and the Panama Papers;
838,105 nodes, 1,265,690 edges; header `node1,rel_type,node2`). Database under the Open
Database License (ODbL 1.0), contents under CC BY-SA 3.0: © International Consortium of
Investigative Journalists (ICIJ), https://offshoreleaks.icij.org. ICIJ: inclusion in the
database does not imply wrongdoing. Only node ids and relationship types are used; no
name, address or jurisdiction of the source reaches the registry.

The conversion (deterministic for a seed) keeps every node and the shape of every link and
gives them the labels of the municipal model (DESIGN §4), with the generator's helpers
(`loaders.generate`) so that records, entries and the catalogue look as in a generated
registry:

* nodes that something points at (`officer_of`, `intermediary_of`, `registered_address`,
  `underlying` targets) and intermediaries become organisations (a valid USCC each); the
  others (officers only) become natural persons with probability 0.8 (a valid resident ID
  each), else organisations;
* `officer_of`: the first person officer of an organisation is its legal representative, the
  second its principal, and 5 % of person officers are also its declared actual
  controller; every other officer is a shareholder (an organisation officer a declared
  controller in 10 % of cases);
* `intermediary_of`, `registered_address`, `underlying`: the source holds shares in the
  target (nominee and registered-agent holdings);
* `similar` (between two officers): a declared actual controller when the target is an
  organisation, else dropped (the model has no person-to-person link);
* ratios: each organisation's holders get random weights scaled to a total of 1 (60 %) or
  of 0.3-1, in millionths, so the holdings of an organisation never sum above 1; links
  start on the day the target was founded;
* records, list entries, rewards: the generator's rules for every person and organisation
  (4 % of organisations and 0.5 % of persons with dishonesty records, serious ones on the
  serious and joint sanction lists, court defaulters, positive records and reward entries);
  the domains, matters, authorities, catalogue, lists and measures: `reference_items()`.
"""

from __future__ import annotations

import argparse
import csv
import lzma
import random
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Final

from loaders import generate as gen_module
from loaders.generate import _COMPANY, _Generator, _Sink, reference_items

DATA: Final = Path(__file__).resolve().parent / "data"
EDGES: Final = DATA / "icij-offshoreleaks-2016-edges" / "edges.csv.xz"
CITATION: Final = (
    "ICIJ Offshore Leaks Database, May 2016 release (edges only): © International Consortium "
    "of Investigative Journalists, ODbL 1.0 / CC BY-SA 3.0, https://offshoreleaks.icij.org"
)

HOLDING_TYPES: Final = frozenset({"intermediary_of", "registered_address", "underlying"})
TARGET_IS_ORG: Final = frozenset(
    {"officer_of", "intermediary_of", "registered_address", "underlying"}
)
PERSON_SHARE: Final = 0.8
MILLION: Final = 1_000_000

# Per-organisation incoming links, encoded: holder >= 0 an organisation index, < 0 a person
# (-(index + 1)); kind 0 holding, 1 legal representative, 2 principal, 3 declared controller.
HOLD, LEGAL, PRINCIPAL, CONTROL = range(4)
ROLE_NAMES: Final = {
    LEGAL: "LEGAL_REPRESENTATIVE",
    PRINCIPAL: "PRINCIPAL",
    CONTROL: "ACTUAL_CONTROLLER",
}


def edges(path: Path = EDGES) -> Iterator[tuple[int, str, int]]:
    """(node1, rel_type, node2) of the source file, streamed."""
    with lzma.open(path, "rt", encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for node1, rel, node2 in reader:
            yield int(node1), rel, int(node2)


def convert(
    out_dir: Path,
    seed: int = 1,
    source: Path = EDGES,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Write `<kind>.jsonl` files of the registry; return the item counts and what was dropped."""
    say = progress or (lambda _message: None)
    started = time.perf_counter()
    # Pass 1: which nodes must be organisations.
    nodes: set[int] = set()
    org_nodes: set[int] = set()
    for node1, rel, node2 in edges(source):
        nodes.add(node1)
        nodes.add(node2)
        if rel in TARGET_IS_ORG:
            org_nodes.add(node2)
        if rel == "intermediary_of":
            org_nodes.add(node1)
    rng = random.Random(seed)
    persons: dict[int, int] = {}
    orgs: dict[int, int] = {}
    for node in sorted(nodes):
        if node not in org_nodes and rng.random() < PERSON_SHARE:
            persons[node] = len(persons)
        else:
            orgs[node] = len(orgs)
    del nodes, org_nodes
    say(
        f"{len(orgs):,} organisations, {len(persons):,} persons "
        f"({time.perf_counter() - started:.0f} s)"
    )
    # Pass 2: the incoming links of every organisation.
    incoming: list[list[tuple[int, int]]] = [[] for _ in range(len(orgs))]
    person_officers = [0] * len(orgs)
    dropped: dict[str, int] = {"similar_between_persons": 0, "self_links": 0, "repeated_links": 0}
    for node1, rel, node2 in edges(source):
        if node1 == node2:
            dropped["self_links"] += 1
            continue
        target = orgs.get(node2)
        holder = orgs[node1] if node1 in orgs else -(persons[node1] + 1)
        if target is None:
            dropped["similar_between_persons" if rel == "similar" else "self_links"] += 1
            continue
        if rel == "officer_of" and holder < 0:
            person_officers[target] += 1
            seen = person_officers[target]
            kind = LEGAL if seen == 1 else PRINCIPAL if seen == 2 else HOLD
            incoming[target].append((holder, kind))
            if rng.random() < 0.05:
                incoming[target].append((holder, CONTROL))
        elif rel == "officer_of":
            incoming[target].append((holder, CONTROL if rng.random() < 0.1 else HOLD))
        elif rel == "similar":
            incoming[target].append((holder, CONTROL))
        else:
            incoming[target].append((holder, HOLD))
    say(f"links read ({time.perf_counter() - started:.0f} s)")
    # Pass 3: write, with the generator's state standing for these nodes.
    out_dir.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        sink = _Sink(out_dir, stack)
        for kind_name, items in reference_items().items():
            for item in items:
                sink.write(kind_name, item)
        gen = _Generator(len(orgs) + len(persons), seed, sink, None)
        gen.n_person = len(persons)
        gen.n_org = gen.n_main = len(orgs)
        gen.n_branch = 0
        gen.plan_persons()
        gen.plan_organisations()
        gen.otype = bytearray([_COMPANY]) * len(orgs)  # all limited companies
        gen.persons()  # subjects, records, reward entries, as generated (R-INFO-7)
        say(f"persons written ({time.perf_counter() - started:.0f} s)")
        for j in range(len(orgs)):
            gen._subject(j, gen._org_name(j))
            legal = _write_links(gen, j, incoming[j], dropped)
            incoming[j] = []
            _org_records(gen, j, legal)
        say(f"organisations written ({time.perf_counter() - started:.0f} s)")
        counts = dict(sink.counts)
    counts.update({f"dropped_{k}": v for k, v in dropped.items()})
    return counts


def _holder_ref(gen: _Generator, holder: int) -> str | dict[str, str]:
    return gen.usccs[holder] if holder >= 0 else gen._pref(-holder - 1)


def _write_links(
    gen: _Generator, j: int, links: list[tuple[int, int]], dropped: dict[str, int]
) -> list[tuple[int, int, int | None]]:
    """Roles and holdings into organisation j; returns its legal representatives."""
    founded = gen.founded[j]
    day = gen_module._iso(founded)
    seen: set[tuple[int, int]] = set()
    holders: list[int] = []
    legal: list[tuple[int, int, int | None]] = []
    for holder, kind in links:
        if holder == j or (holder, kind) in seen:
            dropped["repeated_links"] += 1
            continue
        seen.add((holder, kind))
        if kind == HOLD:
            holders.append(holder)
            continue
        gen.sink.write(
            "roles",
            {
                "role": ROLE_NAMES[kind],
                "holder": _holder_ref(gen, holder),
                "org": gen.usccs[j],
                "valid_from": day,
                "valid_to": None,
            },
        )
        if kind == LEGAL:
            legal.append((-holder - 1, founded, None))
    if holders:
        rng = gen.rng
        total = 1.0 if rng.random() < 0.6 else rng.uniform(0.3, 1.0)
        total = min(total, 1.0 - len(holders) / MILLION)
        weights = [rng.expovariate(1.0) for _ in holders]
        scale = total / sum(weights)
        for holder, weight in zip(holders, weights, strict=True):
            micro = max(1, int(weight * scale * MILLION))
            gen.sink.write(
                "holdings",
                {
                    "holder": _holder_ref(gen, holder),
                    "org": gen.usccs[j],
                    "ratio": micro / MILLION,
                    "valid_from": day,
                    "valid_to": None,
                },
            )
    return legal


def _org_records(gen: _Generator, j: int, legal: list[tuple[int, int, int | None]]) -> None:
    """Records, entries and rewards of organisation j, as `_Generator.organisations` does."""
    rng = gen.rng
    dishonest = gen._org_dishonesty(j, legal)
    if rng.random() < 0.02:
        kind = rng.choice(
            ("COMMENDATION", "COMMENDATION", "COMMITMENT", "COMMITMENT", "DONATION", "VOLUNTEER")
        )
        record, title, start = gen._positive(gen.usccs[j], kind, gen.founded[j], person=False)
        if not dishonest and rng.random() < 0.5:
            gen._reward_entry(gen.usccs[j], record, title, start)
    elif not dishonest and rng.random() < 0.004:
        gen._reward_entry(gen.usccs[j], None, None, gen_module._POSITIVE_FIRST)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="ICIJ edges → a registry (real topology)")
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--source", type=Path, default=EDGES)
    args = parser.parse_args(argv)
    counts = convert(args.out, args.seed, args.source, progress=print)
    for kind, count in counts.items():
        print(f"{kind:<32} {count:>10,}")


if __name__ == "__main__":
    main()

"""The concurrent writers of a file load get parts that share no node (no lock waits, no
deadlocks), and every row lands in exactly one part."""

from __future__ import annotations

import random
from typing import Any

import pytest

from graph_service.domain.enums import IngestKind
from graph_service.store import ingest
from graph_service.store.ingest import _partitions


def _links(rng: random.Random, n: int) -> list[dict[str, Any]]:
    orgs = [f"O{i}" for i in range(n // 3)]
    people = [f"P{i}" for i in range(n // 2)]
    return [
        {"holder": rng.choice(people + orgs), "org": rng.choice(orgs), "n": i} for i in range(n)
    ]


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("parts", [2, 3])
def test_links_are_split_into_parts_that_share_no_node(
    monkeypatch: pytest.MonkeyPatch, seed: int, parts: int
) -> None:
    monkeypatch.setattr(ingest, "CHUNK", 10)
    rows = _links(random.Random(seed), 300)
    split = _partitions(IngestKind.ROLES, rows, parts)
    assert 1 <= len(split) <= parts
    assert sorted(row["n"] for part in split for row in part) == list(range(300))
    nodes = [{row["holder"] for row in part} | {row["org"] for row in part} for part in split]
    for i, first in enumerate(nodes):
        for second in nodes[i + 1 :]:
            assert not first & second


def test_subjects_are_dealt_out_and_small_batches_stay_whole() -> None:
    rows = [{"id": f"S{i}"} for i in range(30_000)]
    split = _partitions(IngestKind.SUBJECTS, rows, 2)
    assert [len(part) for part in split] == [15_000, 15_000]
    assert _partitions(IngestKind.SUBJECTS, rows[:100], 2) == [rows[:100]]
    assert _partitions(IngestKind.SUBJECTS, rows, 1) == [rows]

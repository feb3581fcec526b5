"""A fingerprint of everything in the graph, to prove that a refused batch wrote nothing."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from graph_service.store import audit
from graph_service.store.db import Database, native

# Nodes that belong to the platform, not to the registry (tokens may be created meanwhile).


@dataclass(frozen=True)
class GraphState:
    nodes: int
    relationships: int
    digest: str


def _key(value: Any, ignore: frozenset[str]) -> str:
    def strip(item: Any) -> Any:
        if isinstance(item, dict):
            return {k: strip(v) for k, v in item.items() if k not in ignore}
        if isinstance(item, list):
            return [strip(v) for v in item]
        return item

    return json.dumps(strip(native(value)), sort_keys=True, ensure_ascii=False, default=str)


def _unchained(labels: list[str], props: dict[str, Any]) -> dict[str, Any]:
    """An audit entry without its place in the chain (which follows timing and order)."""
    if set(labels) & set(audit.CHAINS):
        return {k: v for k, v in props.items() if k not in audit.CHAIN_FIELDS}
    return props


def graph_state(
    db: Database, *, ignore: frozenset[str] = frozenset(), chain: bool = True
) -> GraphState:
    """Counts of nodes and relationships, and a hash of every label set, relationship type
    and property (relationships named by their end nodes' labels and properties); properties
    named in `ignore` (such as the `at` of a StateChange) are left out, and with `chain=False`
    so are the audit chain's heads and its fields in the entries (store/audit.py)."""
    keep = (lambda labels, props: props) if chain else _unchained
    with db.driver.session(database=db.database) as session:
        nodes = sorted(
            _key([sorted(record["labels"]), keep(record["labels"], record["props"])], ignore)
            for record in session.run(
                "MATCH (n) WHERE NOT (n:SchemaVersion OR n:ApiToken) RETURN labels(n) AS labels, "
                "properties(n) AS props"
            )
            if chain or "AuditHead" not in record["labels"]
        )
        relationships = sorted(
            _key(
                [
                    record["type"],
                    record["props"],
                    [record["start"][0], keep(*record["start"])],
                    [record["end"][0], keep(*record["end"])],
                ],
                ignore,
            )
            for record in session.run(
                "MATCH (a)-[r]->(b) RETURN type(r) AS type, properties(r) AS props, "
                "[labels(a), properties(a)] AS start, [labels(b), properties(b)] AS end"
            )
        )
    digest = hashlib.sha256("\n".join([*nodes, "--", *relationships]).encode()).hexdigest()
    return GraphState(len(nodes), len(relationships), digest)

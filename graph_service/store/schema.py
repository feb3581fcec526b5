"""Schema migrations: `cypher/schema/V<version>_<nn>_<what>.cypher`, each version applied once."""

from __future__ import annotations

from collections.abc import Callable

from graph_service import logs
from graph_service.store import audit
from graph_service.store.db import Database

# Data steps in Python that run once, after their version's statements: V006 chains the
# audit entries written before the chain existed (docs/DECISIONS.md).
DATA_STEPS: dict[int, Callable[[Database], int]] = {6: audit.chain_existing}


def migrate(db: Database) -> int:
    """Apply every schema version not applied yet, in order; return the newest version."""
    rows = db.read("read_schema_version")
    applied = set(rows[0]["applied"]) if rows else set()
    pending = [(v, q) for v, q in db.registry.schema_migrations() if v not in applied]
    for _, query in pending:
        db.run_alone(query.name)
    for version in sorted({v for v, _ in pending}):
        if version in DATA_STEPS:
            logs.event("schema_data_step", version=version, rows=DATA_STEPS[version](db))
    if pending:
        applied |= {version for version, _ in pending}
        db.write("set_schema_version", applied=sorted(applied))
        logs.event("schema_migrated", versions=sorted({v for v, _ in pending}))
    return max(applied, default=0)

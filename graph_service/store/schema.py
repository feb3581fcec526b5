"""Schema migrations: `cypher/schema/V<version>_<nn>_<what>.cypher`, each version applied once."""

from __future__ import annotations

from graph_service import logs
from graph_service.store.db import Database


def migrate(db: Database) -> int:
    """Apply every schema version not applied yet, in order; return the newest version."""
    rows = db.read("read_schema_version")
    applied = set(rows[0]["applied"]) if rows else set()
    pending = [(v, q) for v, q in db.registry.schema_migrations() if v not in applied]
    for _, query in pending:
        db.run_alone(query.name)
    if pending:
        applied |= {version for version, _ in pending}
        db.write("set_schema_version", applied=sorted(applied))
        logs.event("schema_migrated", versions=sorted({v for v, _ in pending}))
    return max(applied, default=0)

"""Schema migrations: `cypher/schema/V<version>_<nn>_<what>.cypher`, applied once, in order."""

from __future__ import annotations

from graph_service import logs
from graph_service.store.db import Database


def migrate(db: Database) -> int:
    """Apply the schema statements newer than the stored version; return the version now."""
    rows = db.read("read_schema_version")
    current = int(rows[0]["version"]) if rows else 0
    migrations = db.registry.schema_migrations()
    applied = current
    for version, query in migrations:
        if version <= current:
            continue
        db.write(query.name)
        applied = max(applied, version)
    if applied != current:
        db.write("set_schema_version", version=applied)
        logs.event("schema_migrated", from_version=current, to_version=applied)
    return applied

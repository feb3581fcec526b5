"""Load a registry folder into the configured Neo4j and print the report as JSON.

Run as a subprocess by the benchmark (`python -m bench.loadstep FOLDER`), so that the
loader's memory is its own and is measured apart from the benchmark's. It is the code path
of `graph-service load FOLDER` (`loaders.files.load`) without the progress bars.
"""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path

from graph_service.settings import get_settings
from graph_service.store.db import Database
from graph_service.store.queries import QueryRegistry
from graph_service.store.schema import migrate
from loaders.files import load


def main(argv: list[str]) -> int:
    settings = get_settings()
    db = Database(settings, QueryRegistry.load())
    try:
        migrate(db)
        report = load(db, settings.pseudonym_secret(), Path(argv[0]), actor="bench")
    finally:
        db.close()
    out = {
        "rows": report.rows,
        "seconds": report.seconds,
        "errors": [f"{e.file}:{e.line}: {e.field} {e.message}" for e in report.errors[:20]],
        "error_count": len(report.errors),
        "loader_peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "files": [
            {
                "kind": f.source.kind.value,
                "rows": f.rows,
                "created": f.created,
                "check_seconds": f.check_seconds,
                "write_seconds": f.write_seconds,
            }
            for f in report.files
        ],
    }
    print(json.dumps(out))
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

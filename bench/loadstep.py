"""Load a registry folder into the configured Neo4j and print the report as JSON.

Run as a subprocess by the benchmark (`python -m bench.loadstep [--bulk] FOLDER`), so that
the loader's memory is its own and is measured apart from the benchmark's. It is the code
path of `graph-service load FOLDER` (`loaders.files.load`), or with `--bulk` of
`graph-service load --bulk FOLDER` (`loaders.bulk.bulk_load`: an empty managed database
only), without the progress bars.
"""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path
from typing import Any

from graph_service.settings import get_settings
from graph_service.store.db import Database
from graph_service.store.queries import QueryRegistry
from graph_service.store.schema import migrate
from loaders.bulk import BulkReport, bulk_load
from loaders.files import LoadReport, load


def _normal(folder: Path) -> tuple[LoadReport | BulkReport, dict[str, Any]]:
    settings = get_settings()
    db = Database(settings, QueryRegistry.load())
    try:
        migrate(db)
        report = load(db, settings.pseudonym_secret(), folder, actor="bench")
    finally:
        db.close()
    return report, {"path": "load"}


def _bulk(folder: Path) -> tuple[LoadReport | BulkReport, dict[str, Any]]:
    report = bulk_load(
        get_settings(), folder, actor="bench", say=lambda line: print(line, file=sys.stderr)
    )
    broken = [f"{c.chain}: {c.broken}" for c in report.chains if c.broken]
    extra = {"path": "bulk", "phases": report.phases, "broken_chains": broken}
    return report, extra


def main(argv: list[str]) -> int:
    bulk = "--bulk" in argv
    folder = Path(next(a for a in argv if a != "--bulk"))
    report, extra = (_bulk if bulk else _normal)(folder)
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
        **extra,
    }
    print(json.dumps(out))
    return 1 if report.errors or extra.get("broken_chains") else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

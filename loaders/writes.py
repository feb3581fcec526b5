"""The loaders' writes through the service's ingestion API: registry files (`graph-service
load`) and converted BODS, GLEIF or FollowTheMoney files (`graph-service import`). Either may
re-link any record to any matter or touch any control chain, so a write that changed
something re-screens every watch (issue 15)."""

from __future__ import annotations

import getpass
from pathlib import Path

from graph_service.engine.monitor import Monitor, Seeds
from graph_service.settings import Settings
from graph_service.store.db import Database
from loaders.files import LoadProgress, LoadReport
from loaders.files import load as load_files
from loaders.interop import Conversion, ImportReport, ingest_conversion


def actor() -> str:
    """Who writes, for the history of records and entries (R-TIME-5)."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _rescreen_every_watch(db: Database, settings: Settings) -> None:
    Monitor(db, settings.control_max_depth).note(db, Seeds(everything=True), "load")


def load_registry(
    db: Database, settings: Settings, path: Path, progress: LoadProgress
) -> LoadReport:
    """Check every row of every file, then write them all or nothing (loaders/files.py)."""
    report = load_files(db, settings.pseudonym_secret(), path, actor=actor(), progress=progress)
    if any(file.created or file.updated for file in report.files):
        _rescreen_every_watch(db, settings)
    return report


def import_conversion(db: Database, settings: Settings, conversion: Conversion) -> ImportReport:
    """Write converted items through the ingestion checks; all or nothing (ImportRefused)."""
    report = ingest_conversion(
        db,
        settings.pseudonym_secret(),
        conversion,
        actor=actor(),
        max_rows=settings.max_batch_rows,
    )
    if any(report.created.values()) or any(report.updated.values()):
        _rescreen_every_watch(db, settings)
    return report

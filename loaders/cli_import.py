"""`graph-service import FORMAT PATH`: BODS 0.4, GLEIF or FollowTheMoney files into the graph.

The file is converted into ingest items (DESIGN §6) by ``loaders.bods``, ``loaders.gleif`` or
``loaders.ftm`` and written through the same checks as ``POST /v1/ingest/{kind}``: every item
of every kind is checked before anything is written, and a refused import writes nothing.
Added to ``graph-service`` by ``loaders.cli.register``.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from graph_service.application.store import opened
from graph_service.domain.vocabulary import HOME_REGION, REGIONS
from graph_service.errors import GraphServiceError
from graph_service.settings import get_settings
from loaders.interop import Conversion, ImportRefused, ImportReport
from loaders.writes import import_conversion

__all__ = ["ImportFormat", "convert_path", "import_command"]

console = Console(stderr=True)
stdout = Console()


class ImportFormat(StrEnum):
    """The formats `graph-service import` reads."""

    BODS = "bods"
    GLEIF = "gleif"
    FTM = "ftm"


def convert_path(fmt: ImportFormat, path: Path, region: str = HOME_REGION) -> Conversion:
    """Read and convert a file or folder of the given format (no graph access)."""
    if not path.exists():
        raise typer.BadParameter(f"{path}: no such file or folder", param_hint="PATH")
    if fmt is ImportFormat.BODS:
        from loaders.bods import convert_bods, read_bods

        return convert_bods(read_bods(path), region=region)
    if fmt is ImportFormat.GLEIF:
        from loaders.gleif import convert_gleif, read_gleif

        return convert_gleif(read_gleif(path), region=region)
    try:
        from loaders.ftm import convert_ftm, read_ftm
    except ImportError as exc:
        raise typer.BadParameter(
            "FollowTheMoney needs the interop extra: pip install -e '.[interop]'",
            param_hint="FORMAT",
        ) from exc
    return convert_ftm(read_ftm(path), region=region)


def _summary(report: ImportReport) -> Table:
    table = Table(title=f"import {report.format}")
    for column in ("kind", "received", "created", "updated", "unchanged"):
        table.add_column(column, justify="left" if column == "kind" else "right")
    for kind, received in report.received.items():
        table.add_row(
            kind,
            f"{received:,}",
            f"{report.created.get(kind, 0):,}",
            f"{report.updated.get(kind, 0):,}",
            f"{report.unchanged.get(kind, 0):,}",
        )
    return table


def import_command(
    format: Annotated[ImportFormat, typer.Argument(help="bods, gleif or ftm.")],
    path: Annotated[Path, typer.Argument(help="A file, or a folder of files of that format.")],
    region: Annotated[
        str,
        typer.Option(help="Region for subjects outside Tianjin, Beijing and Hebei (TJ, BJ, HE)."),
    ] = HOME_REGION,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Convert and list the notes; write nothing.")
    ] = False,
    max_notes: Annotated[int, typer.Option(help="How many notes and errors to list.")] = 50,
) -> None:
    """Import BODS 0.4 statements, GLEIF Level 1/2 records or FollowTheMoney entities.

    Subjects, roles, holdings and branches pass the ingestion checks of the API; when any
    item is refused nothing is written, the errors are listed and the exit code is 1.
    Decisions the converter took (ranged shares, skipped interests, synthetic ids) are
    listed as notes.
    """
    if region not in REGIONS:
        raise typer.BadParameter("one of TJ, BJ, HE", param_hint="--region")
    conversion = convert_path(format, path, region)
    for note in conversion.notes[:max_notes]:
        console.print(escape(f"note: {note.record}: {note.message}"), highlight=False)
    if len(conversion.notes) > max_notes:
        console.print(f"... and {len(conversion.notes) - max_notes:,} more notes")
    if dry_run:
        counts = ", ".join(f"{k} {v:,}" for k, v in conversion.counts().items())
        stdout.print(f"converted ({counts}); nothing written (--dry-run)")
        return
    settings = get_settings()
    try:
        with opened(settings) as db:
            report = import_conversion(db, settings, conversion)
    except ImportRefused as exc:
        errors = exc.extensions.get("errors", [])
        console.print(f"[red]refused:[/red] {exc.detail}")
        for error in errors[:max_notes]:
            line = f"{error['kind']}[{error['row']}] {error['field']}: {error['message']}"
            console.print(escape(line), highlight=False)
        raise typer.Exit(code=1) from exc
    except GraphServiceError as exc:
        console.print(f"[red]error:[/red] {exc.detail}")
        raise typer.Exit(code=1) from exc
    stdout.print(_summary(report))
    if report.skipped_placeholders:
        stdout.print(
            f"{report.skipped_placeholders} placeholder(s) already stored: kept as they are"
        )

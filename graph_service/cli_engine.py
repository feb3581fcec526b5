"""`graph-service lists generate` and `graph-service screen`: the engine's answers offline.

The same Engine and ListGenerator as the API, so the answers are the same (R-OUT-1, R-OUT-2).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console

from graph_service.domain.enums import ListType
from graph_service.domain.identity import is_pseudonym, validate_uscc
from graph_service.domain.ingest import ResidentIdRef, resolve_ref
from graph_service.domain.screening import ScreenAnswer
from graph_service.engine.lists import ListGenerator, to_csv
from graph_service.engine.screening import Engine
from graph_service.errors import GraphServiceError
from graph_service.settings import get_settings
from graph_service.store.db import Database
from graph_service.store.queries import QueryRegistry

lists_app = typer.Typer(help="Generated lists (R-OUT-1).", no_args_is_help=True)
console = Console(stderr=True)


def _engine() -> Engine:
    settings = get_settings()
    return Engine(Database(settings, QueryRegistry.load()), settings.control_max_depth)


@lists_app.command("generate")
def generate_list(
    type_: Annotated[ListType, typer.Option("--type", help="The list type.")],
    out: Annotated[Path, typer.Option(help="Output file; .csv writes CSV, anything else JSON.")],
    as_of: Annotated[str | None, typer.Option(help="YYYY-MM-DD; default today.")] = None,
    matter: Annotated[str | None, typer.Option(help="Only measures reaching this matter.")] = None,
    measure: Annotated[str | None, typer.Option(help="Only this measure.")] = None,
) -> None:
    """Write the generated list as of a date: listed subjects and the persons reached."""
    engine = _engine()
    try:
        day = date.fromisoformat(as_of) if as_of else date.today()
        result = ListGenerator(engine).generate(type_.value, day, matter=matter, measure=measure)
    except (GraphServiceError, ValueError) as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(code=1) from exc
    finally:
        engine.db.close()
    if out.suffix.lower() == ".csv":
        out.write_bytes(to_csv(result).encode("utf-8"))
    else:
        out.write_text(result.model_dump_json(indent=2), encoding="utf-8")
    console.print(f"{result.count} subjects on the {type_.value} list as of {day} → {out}")


def _ref(value: str) -> str | ResidentIdRef:
    """A USCC or a person's pseudonym as it is; anything else is read as a resident ID."""
    try:
        return validate_uscc(value)
    except ValueError:
        pass
    return value if is_pseudonym(value) else ResidentIdRef(resident_id=value)


def screen(
    subjects: Annotated[list[str], typer.Argument(help="Subject ids, or resident IDs of persons.")],
    matter: Annotated[str, typer.Option(help="The matter code.")],
    as_of: Annotated[str | None, typer.Option(help="YYYY-MM-DD; default today.")] = None,
) -> None:
    """Screen subjects for a matter; prints the same JSON as POST /v1/screen."""
    settings = get_settings()
    secret = settings.pseudonym_secret()
    try:
        ids = [resolve_ref(_ref(value), secret) for value in subjects]
    except ValidationError as exc:
        console.print(f"[red]error:[/red] {exc.errors()[0]['msg']}")
        raise typer.Exit(code=1) from None
    engine = _engine()
    try:
        day = date.fromisoformat(as_of) if as_of else date.today()
        results = engine.screen(ids, matter, day, check=True)
        answer = ScreenAnswer(as_of=day, matter=matter, results=results)
    except (GraphServiceError, ValueError) as exc:
        errors = getattr(exc, "extensions", {}).get("errors", [])
        console.print(f"[red]error:[/red] {exc} {json.dumps(errors, ensure_ascii=False)}")
        raise typer.Exit(code=1) from exc
    finally:
        engine.db.close()
    typer.echo(json.dumps(answer.model_dump(mode="json"), ensure_ascii=False, indent=2))

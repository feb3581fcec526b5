"""The README's command list and code map say what the code has (issue 16 item 6)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import typer.main

from graph_service.cli import app

REPOSITORY = Path(__file__).resolve().parents[2]
README = (REPOSITORY / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    return README.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def _commands(command: Any, prefix: str = "") -> set[str]:
    children = getattr(command, "commands", None)
    if not children:
        return {prefix.strip()}
    found: set[str] = set()
    for name, child in children.items():
        found |= _commands(child, f"{prefix} {name}")
    return found


def _listed_commands(groups: set[str]) -> set[str]:
    """`graph-service neo4j start|stop|status` names three commands of a group; a word after
    a plain command (`import bods|gleif|ftm PATH`) is its argument."""
    listed: set[str] = set()
    for line in re.findall(r"^graph-service (.+)$", _section("Command line"), re.MULTILINE):
        words = line.split()
        for first in words[0].split("|"):
            if first in groups and len(words) > 1:
                listed |= {f"{first} {name}" for name in words[1].split("|")}
            else:
                listed.add(first)
    return listed


def test_the_command_list_names_every_command_and_no_other() -> None:
    command = typer.main.get_command(app)
    groups = set(getattr(command, "commands", {}))
    groups = {name for name in groups if getattr(command.commands[name], "commands", None)}  # type: ignore[attr-defined]
    assert _listed_commands(groups) == _commands(command)


def test_every_place_in_the_code_map_exists_and_every_package_is_mapped() -> None:
    mapped = re.findall(r"^\| `([^`]+)` \|", _section("Map of the code"), re.MULTILINE)
    assert [place for place in mapped if not (REPOSITORY / place).exists()] == []
    packages = sorted(
        f"graph_service/{path.parent.name}/"
        for path in (REPOSITORY / "graph_service").glob("*/__init__.py")
    )
    assert [package for package in packages if package not in mapped] == []

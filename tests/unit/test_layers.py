"""One-way layers (issue 16 item 4): the engine uses analytics, analytics never the engine."""

from __future__ import annotations

import ast
from pathlib import Path

import graph_service

SERVICE = Path(graph_service.__file__).resolve().parent


def _imported(path: Path) -> set[str]:
    """The modules a file imports, absolute names."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_issue_16_analytics_never_import_the_engine() -> None:
    edges = [
        f"{path.relative_to(SERVICE)} imports {module}"
        for path in sorted((SERVICE / "analytics").rglob("*.py"))
        for module in sorted(_imported(path))
        if module == "graph_service.engine" or module.startswith("graph_service.engine.")
    ]
    assert edges == []

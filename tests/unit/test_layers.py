"""The layers run one way (issue 16 item 4): api → application/engine → store → domain, with
analytics a library the engine uses, and `loaders/` beside the service, never imported by it."""

from __future__ import annotations

import ast
from pathlib import Path

SERVICE = Path(__file__).resolve().parents[2] / "graph_service"

# For each package of the service, the packages it must never import.
FORBIDDEN = {
    "domain": {"api", "application", "engine", "analytics", "store"},
    "rules": {"api", "application", "engine", "analytics", "store"},
    "store": {"api", "application", "engine", "analytics"},
    "analytics": {"api", "application", "engine"},
    "engine": {"api", "application"},
    "application": {"api"},
}


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def _package(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] == "loaders":
        return "loaders"
    return parts[1] if parts[0] == "graph_service" and len(parts) > 1 else None


def test_no_import_runs_against_the_layers() -> None:
    against = []
    for path in sorted(SERVICE.rglob("*.py")):
        mine = path.relative_to(SERVICE).parts[0]
        for module in sorted(_imports(path)):
            other = _package(module)
            if other == "loaders" or other in FORBIDDEN.get(mine, set()):
                against.append(f"{path.relative_to(SERVICE.parent)} imports {module}")
    assert against == []

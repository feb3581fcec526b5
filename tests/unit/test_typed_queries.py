"""The typed query layer (issue 16): generated from the Cypher headers, checked at start-up."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from graph_service.errors import QueryFileError
from graph_service.store import codegen
from graph_service.store.queries import QueryRegistry

REGISTRY = QueryRegistry.load()
SERVICE = Path(codegen.__file__).resolve().parents[1]
STORE = SERVICE / "store"
REPOSITORY = Path(codegen.__file__).resolve().parents[2]


def test_the_generated_module_is_what_the_headers_give() -> None:
    assert codegen.TARGET.read_text(encoding="utf-8") == codegen.render(REGISTRY), (
        "run `python -m graph_service.store.codegen`"
    )


def test_start_up_names_the_file_whose_header_the_module_disagrees_with() -> None:
    query = REGISTRY["reach_subjects"]
    codegen.check_generated(REGISTRY)
    changed = codegen.TARGET.read_text(encoding="utf-8").replace("act_until:", "act_until_day:", 1)
    with pytest.raises(QueryFileError, match=str(query.path)):
        codegen.check_generated(REGISTRY, changed)


def test_a_method_without_a_query_file_is_refused() -> None:
    extra = codegen.TARGET.read_text(encoding="utf-8") + (
        '\n    def gone(self) -> None:\n        return self._none("gone", {})\n'
    )
    with pytest.raises(QueryFileError, match="no query file"):
        codegen.check_generated(REGISTRY, extra)


def test_header_types_become_python_annotations() -> None:
    assert codegen.python_type("string") == "str"
    assert codegen.python_type("date?") == "_dt.date | None"
    assert codegen.python_type("list<string>") == "_b.list[str]"
    assert codegen.python_type("list<string>", param=True) == "_abc.Sequence[str]"
    assert codegen.python_type("map", param=True) == "_abc.Mapping[str, _t.Any]"
    assert codegen.python_type("any?") == "_t.Any"


def _named_query_calls(path: Path) -> list[str]:
    """`x.read("name", …)`-style calls: a query chosen by a string outside the store."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"read", "write", "run", "_rows"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and node.args[0].value in {q.name for q in REGISTRY}
        ):
            found.append(f"{path}:{node.lineno} {node.args[0].value}")
    return found


def test_only_the_store_calls_queries_by_name() -> None:
    outside = [
        path
        for folder in ("graph_service", "loaders", "bench", "tests")
        for path in sorted((REPOSITORY / folder).rglob("*.py"))
        if STORE not in path.parents
    ]
    calls = [call for path in outside for call in _named_query_calls(path)]
    assert calls == []

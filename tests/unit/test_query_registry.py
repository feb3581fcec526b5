"""The query registry refuses files whose header does not match their text."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_service.errors import QueryFileError
from graph_service.store.queries import QueryRegistry, parse_query_file

GOOD = """// name: {name}
// mode: read
// returns: many
// params:
//   $subject_id  string  the subject
// Finds a subject.
MATCH (s:Subject {{id: $subject_id}}) RETURN s.id AS id
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.cypher"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_parses(tmp_path: Path) -> None:
    query = parse_query_file(write(tmp_path, "find_subject", GOOD.format(name="find_subject")))
    assert query.params == ("subject_id",)
    assert query.mode == "read"
    assert query.text.startswith("MATCH")


def test_name_must_match_the_file(tmp_path: Path) -> None:
    with pytest.raises(QueryFileError, match=r"other\.cypher"):
        parse_query_file(write(tmp_path, "other", GOOD.format(name="find_subject")))


def test_undeclared_parameter_is_named(tmp_path: Path) -> None:
    text = GOOD.format(name="q").replace("RETURN", "WHERE s.x = $extra RETURN")
    with pytest.raises(QueryFileError, match="extra"):
        parse_query_file(write(tmp_path, "q", text))


def test_unused_declared_parameter_is_named(tmp_path: Path) -> None:
    text = GOOD.format(name="q").replace("{id: $subject_id}", "")
    with pytest.raises(QueryFileError, match="subject_id"):
        parse_query_file(write(tmp_path, "q", text))


def test_one_statement_per_file(tmp_path: Path) -> None:
    text = GOOD.format(name="q") + "; MATCH (n) RETURN n"
    with pytest.raises(QueryFileError, match="one statement"):
        parse_query_file(write(tmp_path, "q", text))


def test_unknown_mode_is_refused(tmp_path: Path) -> None:
    with pytest.raises(QueryFileError, match="mode"):
        parse_query_file(write(tmp_path, "q", GOOD.format(name="q").replace("read", "sometimes")))


def test_every_project_query_file_loads() -> None:
    registry = QueryRegistry.load()
    assert len(registry) > 0
    assert registry.schema_migrations(), "the schema is versioned as migrations"

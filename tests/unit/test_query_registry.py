"""The query registry refuses files whose header does not match their text."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_service.errors import QueryFileError
from graph_service.store.queries import QueryRegistry, parse_query_file, returned_columns

GOOD = """// name: {name}
// mode: read
// returns: many
// params:
//   $subject_id  string  the subject
// columns:
//   id  string
// Finds a subject.
MATCH (s:Subject {{id: $subject_id}}) RETURN s.id AS id
"""


COLUMNS = """// name: {name}
// mode: read
// returns: many
// params:
//   $subject_id  string  the subject
// columns:
//   {column}  string?
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


def test_declared_columns_must_match_the_return(tmp_path: Path) -> None:
    parse_query_file(write(tmp_path, "q", COLUMNS.format(name="q", column="id")))
    with pytest.raises(QueryFileError, match=r"q\.cypher.*\['ident'\].*\['id'\]"):
        parse_query_file(write(tmp_path, "q", COLUMNS.format(name="q", column="ident")))


def test_a_column_needs_a_known_type(tmp_path: Path) -> None:
    text = COLUMNS.format(name="q", column="id").replace("string?", "text")
    with pytest.raises(QueryFileError, match="bad declaration"):
        parse_query_file(write(tmp_path, "q", text))


def test_a_statement_returning_nothing_declares_no_columns(tmp_path: Path) -> None:
    text = COLUMNS.format(name="q", column="id").replace("returns: many", "returns: none")
    with pytest.raises(QueryFileError, match="returns none"):
        parse_query_file(write(tmp_path, "q", text))


@pytest.mark.parametrize(
    ("statement", "columns"),
    [
        ("MATCH (n) RETURN n", ["n"]),
        ("MATCH (n) RETURN DISTINCT n.id AS id, n ORDER BY id LIMIT 3", ["id", "n"]),
        ("CALL (x) { RETURN 1 AS inner } RETURN {a: 1, b: 2} AS m, [1, 2] AS l", ["m", "l"]),
        ("MATCH (n) SET n.x = 1", []),
        ("RETURN 'RETURN x AS y' AS text, count(*) AS count", ["text", "count"]),
        ("MATCH (a) RETURN a.id AS id UNION MATCH (b) RETURN b.id AS id", ["id"]),
    ],
)
def test_returned_columns_reads_the_last_top_level_return(
    statement: str, columns: list[str]
) -> None:
    assert returned_columns(statement) == columns


def test_every_project_query_declares_its_columns() -> None:
    for query in QueryRegistry.load():
        assert (query.returns == "none") == (not query.columns), query.path

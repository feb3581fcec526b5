"""The query registry: every `cypher/**/*.cypher` file loaded once, its header checked.

A file holds one statement under a header of `//` lines::

    // name: screen_subject
    // mode: read            (read | write | schema)
    // returns: many         (one | many | none)
    // params:
    //   $subject_id  string  the subject screened
    // columns:
    //   subject      string
    //   document     string?  (a trailing ? : the column may be null)
    // What it does, in a line or two.

Types are `string`, `int`, `float`, `boolean`, `date`, `datetime`, `map`, `any` and
`list<…>` of them. Start-up fails naming the file when the name differs from the file's
stem, the mode or returns is unknown, the declared parameters differ from the `$parameters`
the text uses, or the declared columns differ from those its last RETURN names. From the
headers `store/codegen.py` writes one typed method per query (`store/typed_queries.py`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from graph_service.errors import QueryFileError

CYPHER_DIR = Path(__file__).resolve().parents[1] / "cypher"

Mode = Literal["read", "write", "schema"]
Returns = Literal["one", "many", "none"]

_PARAM_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_PARAM_DECL = re.compile(r"^\$([A-Za-z_][A-Za-z0-9_]*)\s+(\S+)\s*(.*)$")
_COLUMN_DECL = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s+(\S+)\s*(.*)$")
_TYPE = re.compile(r"^(string|int|integer|float|boolean|date|datetime|map|any|list<(.+)>)\??$")
_STRING_LITERAL = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`")
_LINE_COMMENT = re.compile(r"//.*$", re.MULTILINE)
_KEYWORD = re.compile(r"\b(RETURN|ORDER\s+BY|SKIP|LIMIT|UNION)\b", re.IGNORECASE)
_ALIAS = re.compile(r"\s+AS\s+([A-Za-z_][A-Za-z0-9_]*)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Field:
    """A declared parameter or column: its name and header type (`string?` when nullable)."""

    name: str
    type: str


@dataclass(frozen=True)
class Query:
    """One named statement and what its header declares."""

    name: str
    mode: Mode
    returns: Returns
    params: tuple[str, ...]
    text: str
    path: Path
    param_types: tuple[Field, ...] = ()
    columns: tuple[Field, ...] = ()


def parse_query_file(path: Path) -> Query:
    """Parse and check one file; raise QueryFileError naming it on any mismatch."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header: dict[str, str] = {}
    declared: list[Field] = []
    columns: list[Field] = []
    body_start = len(lines)
    section = ""
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped.startswith("//"):
            body_start = index
            break
        content = stripped[2:].strip()
        indented = stripped[2:].startswith("  ")
        if section == "params" and content.startswith("$"):
            declared.append(_field(path, line, _PARAM_DECL.match(content)))
            continue
        if section == "columns" and indented:
            columns.append(_field(path, line, _COLUMN_DECL.match(content)))
            continue
        key, sep, value = content.partition(":")
        section = ""
        if sep and key in {"name", "mode", "returns", "params", "columns"}:
            header[key] = value.strip()
            section = key if key in {"params", "columns"} else ""
    text = "\n".join(lines[body_start:]).strip()
    _check(path, header, [field.name for field in declared], text)
    _check_columns(path, header, columns, text)
    return Query(
        name=header["name"],
        mode=header["mode"],  # type: ignore[arg-type]
        returns=header["returns"],  # type: ignore[arg-type]
        params=tuple(field.name for field in declared),
        text=text,
        path=path,
        param_types=tuple(declared),
        columns=tuple(columns),
    )


def _field(path: Path, line: str, match: re.Match[str] | None) -> Field:
    if match is None or not _TYPE.match(match.group(2)):
        raise QueryFileError(f"{path}: bad declaration line {line!r} (name, then a type)")
    return Field(match.group(1), match.group(2))


def _check(path: Path, header: dict[str, str], declared: list[str], text: str) -> None:
    for key in ("name", "mode", "returns"):
        if key not in header:
            raise QueryFileError(f"{path}: header lacks '// {key}:'")
    if header["name"] != path.stem:
        raise QueryFileError(f"{path}: name {header['name']!r} differs from the file name")
    if header["mode"] not in {"read", "write", "schema"}:
        raise QueryFileError(f"{path}: mode must be read, write or schema")
    if header["returns"] not in {"one", "many", "none"}:
        raise QueryFileError(f"{path}: returns must be one, many or none")
    if not text:
        raise QueryFileError(f"{path}: no statement after the header")
    if ";" in _STRING_LITERAL.sub("''", text).rstrip().rstrip(";"):
        raise QueryFileError(f"{path}: one statement per file")
    used = set(_PARAM_USE.findall(_STRING_LITERAL.sub("''", _LINE_COMMENT.sub("", text))))
    if len(set(declared)) != len(declared):
        raise QueryFileError(f"{path}: a parameter is declared twice")
    if used != set(declared):
        missing = sorted(used - set(declared))
        unused = sorted(set(declared) - used)
        raise QueryFileError(f"{path}: undeclared parameters {missing}, unused declared {unused}")


def _check_columns(path: Path, header: dict[str, str], columns: list[Field], text: str) -> None:
    names = [column.name for column in columns]
    returned = returned_columns(text)
    if header["returns"] == "none":
        if columns:
            raise QueryFileError(f"{path}: returns none but declares columns {names}")
        return
    if names != returned:
        raise QueryFileError(f"{path}: declared columns {names} differ from RETURN {returned}")


def returned_columns(text: str) -> list[str]:
    """The column names of a statement's last top-level RETURN, in order (`x AS name` gives
    `name`; a bare variable gives itself). Empty when the statement returns nothing."""
    code = _STRING_LITERAL.sub("''", _LINE_COMMENT.sub("", text))
    # Blank what lies inside brackets: a subquery's RETURN or a map's commas are not ours.
    flat = "".join(char if depth == 0 or char in ")]}" else " " for char, depth in _depths(code))
    returns = [m for m in _KEYWORD.finditer(flat) if m.group(1).upper() == "RETURN"]
    if not returns:
        return []
    start = returns[-1].end()
    stop = next((m.start() for m in _KEYWORD.finditer(flat, start)), len(code))
    clause = re.sub(r"^DISTINCT\b", "", code[start:stop].strip(), flags=re.IGNORECASE)
    commas = [i for i, (char, depth) in enumerate(_depths(clause)) if char == "," and depth == 0]
    bounds = zip([-1, *commas], [*commas, len(clause)], strict=True)
    items = [clause[a + 1 : b].strip() for a, b in bounds]
    return [_column_name(item) for item in items if item]


def _depths(code: str) -> Iterator[tuple[str, int]]:
    """Each character with its bracket depth (an opening bracket counts inside)."""
    depth = 0
    for char in code:
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        yield char, depth


def _column_name(item: str) -> str:
    alias = _ALIAS.search(item)
    return alias.group(1) if alias else item.strip()


class QueryRegistry:
    """All queries by name, loaded once."""

    def __init__(self, queries: dict[str, Query]) -> None:
        self._queries = queries

    @classmethod
    def load(cls, root: Path = CYPHER_DIR) -> QueryRegistry:
        queries: dict[str, Query] = {}
        for path in sorted(root.rglob("*.cypher")):
            query = parse_query_file(path)
            if query.name in queries:
                raise QueryFileError(
                    f"{path}: name {query.name!r} also used by {queries[query.name].path}"
                )
            queries[query.name] = query
        if not queries:
            raise QueryFileError(f"no query files under {root}")
        return cls(queries)

    def __getitem__(self, name: str) -> Query:
        try:
            return self._queries[name]
        except KeyError:
            raise QueryFileError(f"no query file named {name!r} under {CYPHER_DIR}") from None

    def __iter__(self) -> Iterator[Query]:
        return iter(self._queries.values())

    def __len__(self) -> int:
        return len(self._queries)

    def schema_migrations(self) -> list[tuple[int, Query]]:
        """Schema statements `V<version>_<nn>_<what>` in version order (migrations)."""
        found: list[tuple[int, Query]] = []
        for query in self._queries.values():
            match = re.match(r"V(\d+)_", query.name)
            if query.mode == "schema" and match:
                found.append((int(match.group(1)), query))
        return sorted(found, key=lambda item: (item[0], item[1].name))

"""The query registry: every `cypher/**/*.cypher` file loaded once, its header checked.

A file holds one statement under a header of `//` lines::

    // name: screen_subject
    // mode: read            (read | write | schema)
    // returns: many         (one | many | none)
    // params:
    //   $subject_id  string  the subject screened
    // What it does, in a line or two.

Start-up fails naming the file when the name differs from the file's stem, the mode or
returns is unknown, or the declared parameters differ from the `$parameters` the text uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from graph_service.errors import QueryFileError

CYPHER_DIR = Path(__file__).resolve().parents[2] / "cypher"

Mode = Literal["read", "write", "schema"]
Returns = Literal["one", "many", "none"]

_PARAM_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_PARAM_DECL = re.compile(r"^\$([A-Za-z_][A-Za-z0-9_]*)\s+(\S+)\s*(.*)$")
_STRING_LITERAL = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_LINE_COMMENT = re.compile(r"//.*$", re.MULTILINE)


@dataclass(frozen=True)
class Query:
    """One named statement and what its header declares."""

    name: str
    mode: Mode
    returns: Returns
    params: tuple[str, ...]
    text: str
    path: Path


def parse_query_file(path: Path) -> Query:
    """Parse and check one file; raise QueryFileError naming it on any mismatch."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header: dict[str, str] = {}
    declared: list[str] = []
    body_start = 0
    in_params = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped.startswith("//"):
            body_start = index
            break
        content = stripped[2:].strip()
        key, sep, value = content.partition(":")
        if in_params and content.startswith("$"):
            match = _PARAM_DECL.match(content)
            if match is None:
                raise QueryFileError(f"{path}: bad parameter line {line!r}")
            declared.append(match.group(1))
            continue
        in_params = False
        if sep and key in {"name", "mode", "returns", "params"}:
            header[key] = value.strip()
            in_params = key == "params"
    else:
        body_start = len(lines)
    text = "\n".join(lines[body_start:]).strip()
    _check(path, header, declared, text)
    return Query(
        name=header["name"],
        mode=header["mode"],  # type: ignore[arg-type]
        returns=header["returns"],  # type: ignore[arg-type]
        params=tuple(declared),
        text=text,
        path=path,
    )


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

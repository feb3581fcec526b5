"""Issue 16 item 2: every vocabulary and rule once (graph_service/domain/vocabulary.py).

A copy that reappears fails here naming its file: in Cypher, a quoted vocabulary word or a
numeric var-length bound where an ambient parameter would do; in Python (the service and
`loaders/`), a vocabulary word assigned (a constant, a collection, a default, a region
pattern) outside the vocabulary. Comparisons with a word a row carries are not copies.
Relationship types inside MATCH patterns are not quoted and stay: Cypher takes no parameter
there (docs/DECISIONS.md "Vocabularies and rules in one place (issue 16 item 2)").
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from graph_service.domain import vocabulary
from graph_service.settings import Settings
from graph_service.store.codegen import render
from graph_service.store.queries import _LINE_COMMENT, QueryRegistry
from graph_service.store.runner import with_ambient

ROOT = Path(__file__).resolve().parents[2]
VOCABULARY_HOME = {
    ROOT / "graph_service/domain/vocabulary.py",
    ROOT / "graph_service/domain/enums.py",  # the enums the vocabulary is built from
    ROOT / "graph_service/store/typed_queries.py",  # generated from the headers
}
WORDS = frozenset(
    {
        *vocabulary.ALL_LIST_TYPES,
        *vocabulary.ALL_LINK_TYPES,
        *vocabulary.ROLE_OF_LINK.values(),
        vocabulary.SELF_ROLE,
        *vocabulary.ALL_DISCLOSURES,
        *vocabulary.REGIONS,
    }
)
# (file relative to the repository, word): a copy that is not one, with its reason.
PYTHON_ALLOWED = {
    # Commitment kinds (Art. 33), a different vocabulary that also has a word PUBLIC.
    ("graph_service/application/report.py", "PUBLIC"),
    # Per-link-type default weights: data keyed by the link types, not a list of them.
    ("graph_service/analytics/risk.py", "ACTUAL_CONTROLLER_OF"),
    ("graph_service/analytics/risk.py", "LEGAL_REPRESENTATIVE_OF"),
    ("graph_service/analytics/risk.py", "PRINCIPAL_OF"),
    ("graph_service/analytics/risk.py", "BRANCH_OF"),
    ("graph_service/analytics/risk.py", "HOLDS_SHARES_IN"),
    # FollowTheMoney's schema for each link type: the export format's table, keyed by type.
    ("graph_service/interop/ftm.py", "ACTUAL_CONTROLLER_OF"),
    ("graph_service/interop/ftm.py", "LEGAL_REPRESENTATIVE_OF"),
    ("graph_service/interop/ftm.py", "PRINCIPAL_OF"),
    ("graph_service/interop/ftm.py", "HOLDS_SHARES_IN"),
    # Role words of FollowTheMoney's role texts: the import format's table, keyed by role.
    ("loaders/ftm.py", "LEGAL_REPRESENTATIVE"),
    ("loaders/ftm.py", "ACTUAL_CONTROLLER"),
    ("loaders/ftm.py", "PRINCIPAL"),
    # Other regions' identifier prefixes (ISO 3166-2 CN-xx and USCC province codes).
    ("loaders/interop.py", "TJ"),
    ("loaders/interop.py", "BJ"),
    ("loaders/interop.py", "HE"),
}
# Synthetic and demonstration data: every row names its region, list type, role, disclosure.
DATA_FILES = {"loaders/generate.py", "loaders/demo_data.py", "loaders/names.py"}
# Cypher files that keep a numeric var-length bound, with the reason.
BOUND_ALLOWED = {
    # The path finder's own limits (api/graph.py MAX_PATHS, MAX_HOPS), not a rule: the count
    # of SHORTEST takes no parameter (docs/DECISIONS.md).
    "find_paths.cypher",
}
_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'|\"((?:[^\"\\]|\\.)*)\"")
_NUMERIC_BOUND = re.compile(r"\{\s*\d*\s*,\s*\d+\s*\}|\*\s*\d*\s*\.\.\s*\d+|SHORTEST\s+\d+")
_REGION_REGEX = re.compile(r"\b(TJ|BJ|HE)\b.*\|")
# The five-year query period (R-TIME-1) computed in Cypher instead of `$expired_through`.
_YEARS_ARITHMETIC = re.compile(r"duration\s*\(\s*\{[^}]*\byears\b|duration\s*\(\s*'P\d+Y", re.I)


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name


def _python_files() -> list[Path]:
    files = sorted((ROOT / "graph_service").rglob("*.py")) + sorted(
        (ROOT / "loaders").rglob("*.py")
    )
    return [
        path for path in files if path not in VOCABULARY_HOME and _relative(path) not in DATA_FILES
    ]


_COLLECTION_CALLS = {"frozenset", "set", "tuple", "list", "dict"}


def _literal_strings(node: ast.AST) -> list[str]:
    """The strings a value spells out as data: itself, or the items (and keys) of literal
    collections, however nested; not those it merely compares with or passes to a call."""
    if isinstance(node, ast.Constant):
        return [node.value] if isinstance(node.value, str) else []
    children: list[ast.AST] = []
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        children = list(node.elts)
    elif isinstance(node, ast.Dict):
        children = [*(key for key in node.keys if key is not None), *node.values]
    elif isinstance(node, ast.Starred):
        children = [node.value]
    elif isinstance(node, ast.IfExp):
        children = [node.body, node.orelse]
    elif isinstance(node, ast.Call) and getattr(node.func, "id", "") in _COLLECTION_CALLS:
        children = list(node.args)
    return [text for child in children for text in _literal_strings(child)]


def _assigned_values(tree: ast.AST) -> list[ast.AST]:
    """Values bound to a name: assignments, and parameter defaults."""
    values: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            values.append(node.value)
        elif isinstance(node, ast.arguments):
            values.extend(node.defaults)
            values.extend(d for d in node.kw_defaults if d is not None)
    return values


def python_copies(path: Path) -> list[str]:
    """The vocabulary words `path` assigns (or builds a region pattern from)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for value in _assigned_values(tree):
        for text in _literal_strings(value):
            if (text in WORDS and (_relative(path), text) not in PYTHON_ALLOWED) or (
                _REGION_REGEX.search(text) and "(" in text
            ):
                found.append(f"{_relative(path)}:{getattr(value, 'lineno', '?')}: {text!r}")
    return found


def cypher_copies() -> list[str]:
    """Quoted vocabulary words and numeric var-length bounds in the statements."""
    found: list[str] = []
    for query in QueryRegistry.load():
        if query.mode == "schema":  # migrations are history: they never change
            continue
        code = _LINE_COMMENT.sub("", query.text)
        for match in _QUOTED.finditer(code):
            word = match.group(1) if match.group(1) is not None else match.group(2)
            if word in WORDS:
                found.append(f"{query.path.name}: '{word}' (an ambient parameter)")
        if _YEARS_ARITHMETIC.search(code):
            found.append(f"{query.path.name}: years added in Cypher (pass expired_through)")
        if query.path.name not in BOUND_ALLOWED:
            for match in _NUMERIC_BOUND.finditer(_QUOTED.sub("''", code)):
                found.append(f"{query.path.name}: {match.group(0)} (a bound as a parameter)")
    return found


def test_issue16_item2_no_vocabulary_word_quoted_in_cypher() -> None:
    assert cypher_copies() == []


def test_issue16_item2_no_vocabulary_copy_assigned_in_python() -> None:
    copies = [copy for path in _python_files() for copy in python_copies(path)]
    assert copies == []


def test_issue16_item2_the_scan_finds_a_copy(tmp_path: Path) -> None:
    """The scan would catch the copies it removed (a scan that finds nothing proves nothing)."""
    copy = tmp_path / "copy.py"
    copy.write_text(
        'SANCTIONS = ("SERIOUS", "JOINT_SANCTION")\n'
        'REGION = r"TJ(-[A-Z]{2,4})?|BJ|HE"\n'
        'def f(region: str = "TJ") -> str:\n    return region\n'
        'def g(kind: str) -> bool:\n    return kind == "SERIOUS"\n',
        encoding="utf-8",
    )
    assert len(python_copies(copy)) == 4
    assert _NUMERIC_BOUND.search("(dc)-[:SUBDOMAIN_OF]->{1,10}(dm)")
    assert _NUMERIC_BOUND.search("(s)<-[:HOLDS_SHARES_IN*1..10]-(x)")
    assert not _NUMERIC_BOUND.search("(s)<-[:HOLDS_SHARES_IN*1..]-(x)")
    assert _YEARS_ARITHMETIC.search("r.act_end > $after - duration({years: 5, days: 1})")


def test_issue16_item2_ambient_parameters_stay_out_of_the_typed_methods() -> None:
    """The generated methods never take an ambient parameter; the store supplies it."""
    text = render(QueryRegistry.load())
    for name in vocabulary.AMBIENT_NAMES:
        assert f" {name}:" not in text, name


def test_issue16_item2_every_ambient_parameter_is_used_and_supplied() -> None:
    """Each ambient name is declared by some header, and a query gets exactly the ambient
    values its header declares, the settings' depth bound among them."""
    registry = QueryRegistry.load()
    declared = {name for query in registry for name in query.params}
    assert declared >= vocabulary.AMBIENT_NAMES
    settings = Settings(control_max_depth=7)
    watches = with_ambient(registry["reach_watches"], {"everything": True}, settings)
    assert watches["control_max_depth"] == 7 and watches["everything"] is True
    reach = with_ambient(registry["reach_subjects"], {}, settings)
    assert reach["home_region"] == vocabulary.HOME_REGION
    assert reach["role_of_link"] == dict(vocabulary.ROLE_OF_LINK)
    assert "subdomain_depth" not in reach


def test_issue16_item2_roles_follow_the_role_links() -> None:
    """A role link's role is its name without `_OF` (what reach_subjects computed before)."""
    for link, role in vocabulary.ROLE_OF_LINK.items():
        assert link == role + "_OF"
    assert vocabulary.LINK_OF_ROLE["ACTUAL_CONTROLLER"] == vocabulary.DECLARED_CONTROL_LINK

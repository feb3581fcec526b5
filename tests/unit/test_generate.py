"""The synthetic registry generator and the hand-made demo registry (loaders/).

Both must be loadable as they are: valid identifiers, well-formed intervals, share sums never
above 1, every reference resolving within the files (R-SUBJ-1..4, R-INFO-3, R-INFO-5), and the
generator must give the same bytes for the same seed. The demo's story is checked against
the reference engine of DESIGN §5 (tests/reference/engine.py).
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from stdnum.cn import ric, uscc

from graph_service.domain.enums import IngestKind
from graph_service.domain.ingest import validate_items
from loaders import demo_data
from loaders.generate import KINDS, REFERENCE_DATE, generate
from tests.reference.engine import screen

Data = dict[str, list[dict[str, Any]]]

# DESIGN §6: the fields of each kind (required ones first, then the optional ones).
REQUIRED: dict[str, set[str]] = {
    "domains": {"code", "name"},
    "matters": {"code", "name", "domain"},
    "authorities": {"code", "name", "region"},
    "catalogue": {"code", "name", "disclosure"},
    "subjects": {"kind", "name", "region"},
    "roles": {"role", "holder", "org", "valid_from"},
    "holdings": {"holder", "org", "ratio", "valid_from"},
    "branches": {"branch", "parent"},
    "lists": {"id", "type", "issuer", "region", "criteria", "published_at"},
    "recognitions": {"region", "list_type", "valid_from", "valid_to"},
    "records": {
        "id", "subject", "type", "category", "provider", "domain", "catalogue_item", "act_start",
    },
    "entries": {"id", "list", "subject", "listed_at", "basis", "removal_conditions", "remedy"},
    "measures": {
        "code", "kind", "description", "legal_basis", "means", "authority", "lists",
        "published_at",
    },
}  # fmt: skip
OPTIONAL: dict[str, set[str]] = {
    "domains": {"parent"},
    "subjects": {"uscc", "resident_id", "extra", "consent"},
    "roles": {"valid_to"},
    "holdings": {"valid_to"},
    "records": {
        "serious", "document", "act_end", "legal_basis", "consent", "minor", "self_corrected",
        "extra",
    },
    "entries": {"record"},
    "measures": {"matters", "all_matters", "roles"},
}  # fmt: skip
DATE_FIELDS = {"valid_from", "valid_to", "published_at", "act_start", "act_end", "listed_at"}
REGION = re.compile(r"TJ(-[A-Z]{2,4})?|BJ|HE")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
SANCTION_TYPES = {"SERIOUS", "JOINT_SANCTION"}
POSITIVE_KINDS = {"COMMENDATION", "VOLUNTEER", "DONATION", "COMMITMENT"}
MEASURE_ROLES = {"SELF", "LEGAL_REPRESENTATIVE", "PRINCIPAL", "ACTUAL_CONTROLLER"}


def load(directory: Path) -> Data:
    data: Data = {}
    for kind in KINDS:
        with (directory / f"{kind}.jsonl").open(encoding="utf-8") as lines:
            data[kind] = [json.loads(line) for line in lines]
    return data


def file_bytes(directory: Path) -> dict[str, bytes]:
    return {kind: (directory / f"{kind}.jsonl").read_bytes() for kind in KINDS}


def day(value: str) -> date:
    return date.fromisoformat(value)


class Index:
    """The subjects of a registry, to resolve subject refs."""

    def __init__(self, data: Data) -> None:
        self.orgs = {s["uscc"] for s in data["subjects"] if s["kind"] != "NATURAL_PERSON"}
        self.persons = {s["resident_id"] for s in data["subjects"] if s["kind"] == "NATURAL_PERSON"}

    def resolve(self, ref: Any) -> tuple[str, str]:
        """("org" | "person", id); fails when the ref names no subject of the files."""
        if isinstance(ref, str):
            assert ref in self.orgs, f"unknown organisation {ref}"
            return "org", ref
        assert isinstance(ref, dict) and set(ref) == {"resident_id"}, ref
        assert ref["resident_id"] in self.persons, "unknown person"
        return "person", ref["resident_id"]

    def org(self, value: Any) -> str:
        kind, key = self.resolve(value)
        assert kind == "org", "an organisation is named by its USCC"
        return key


def check_shapes(data: Data) -> None:
    for kind in KINDS:
        for item in data[kind]:
            keys = set(item)
            assert REQUIRED[kind] <= keys, (kind, item)
            assert keys <= REQUIRED[kind] | OPTIONAL.get(kind, set()), (kind, item)
            for name in DATE_FIELDS & keys:
                value = item[name]
                if value is not None:
                    assert isinstance(value, str) and ISO_DATE.fullmatch(value), (kind, item)
                    day(value)


def check_subjects(data: Data) -> Index:
    usccs = [s["uscc"] for s in data["subjects"] if s["kind"] != "NATURAL_PERSON"]
    rids = [s["resident_id"] for s in data["subjects"] if s["kind"] == "NATURAL_PERSON"]
    assert len(usccs) == len(set(usccs)), "USCCs are unique"
    assert len(rids) == len(set(rids)), "resident IDs are unique"
    assert all(uscc.is_valid(code) for code in usccs)
    assert all(ric.is_valid(number) for number in rids)
    for subject in data["subjects"]:
        assert subject["kind"] in {"LEGAL_PERSON", "UNINCORPORATED_ORG", "NATURAL_PERSON"}
        assert REGION.fullmatch(subject["region"]), subject
        assert subject["name"]
        if subject["kind"] == "NATURAL_PERSON":
            assert "uscc" not in subject
            assert "extra" not in subject, "nothing more about a person than the contract asks"
        else:
            assert "resident_id" not in subject
    return Index(data)


def check_catalogue(data: Data) -> None:
    domains = {d["code"]: d["parent"] for d in data["domains"]}
    assert len(domains) == len(data["domains"])
    for code in domains:
        seen: set[str] = set()
        current: str | None = code
        while current is not None:
            assert current in domains, f"unknown parent domain {current}"
            assert current not in seen, "the domain hierarchy has no cycle"
            seen.add(current)
            current = domains[current]
    matters = {m["code"] for m in data["matters"]}
    assert all(m["domain"] in domains for m in data["matters"])
    authorities = {a["code"] for a in data["authorities"]}
    assert all(REGION.fullmatch(a["region"]) for a in data["authorities"])
    assert all(c["disclosure"] in {"PUBLIC", "SHARED", "RESTRICTED"} for c in data["catalogue"])
    lists = {x["id"]: x["type"] for x in data["lists"]}
    for lst in data["lists"]:
        assert lst["type"] in {"SERIOUS", "JOINT_SANCTION", "JOINT_REWARD"}
        assert lst["issuer"] in authorities and REGION.fullmatch(lst["region"])
    for measure in data["measures"]:
        assert measure["kind"] in {"SANCTION", "REWARD"}
        assert measure["authority"] in authorities
        assert measure["lists"] and all(x in lists for x in measure["lists"])
        assert all(m in matters for m in measure["matters"])
        assert measure["matters"] or measure["all_matters"]
        assert measure["roles"] and set(measure["roles"]) <= MEASURE_ROLES
        assert len(set(measure["roles"])) == len(measure["roles"])
        wanted = {"JOINT_REWARD"} if measure["kind"] == "REWARD" else SANCTION_TYPES
        assert {lists[x] for x in measure["lists"]} <= wanted, measure["code"]


def check_roles(data: Data, index: Index) -> None:
    keys: Counter[tuple[str, str, str, date]] = Counter()
    intervals: dict[tuple[str, str], list[tuple[date, date | None]]] = defaultdict(list)
    for role in data["roles"]:
        assert role["role"] in {"LEGAL_REPRESENTATIVE", "PRINCIPAL", "ACTUAL_CONTROLLER"}
        kind, holder = index.resolve(role["holder"])
        org = index.org(role["org"])
        assert holder != org
        if role["role"] != "ACTUAL_CONTROLLER":
            assert kind == "person", "legal representatives and principals are persons"
        start = day(role["valid_from"])
        end = None if role["valid_to"] is None else day(role["valid_to"])
        assert end is None or start < end, role
        keys[(role["role"], holder, org, start)] += 1
        if role["role"] != "ACTUAL_CONTROLLER":
            intervals[(org, role["role"])].append((start, end))
    assert max(keys.values()) == 1, "a role link is identified by type, holder, org, valid_from"
    for (org, role_type), spans in intervals.items():
        spans.sort(key=lambda span: span[0])
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert end is not None and end <= start, f"two {role_type}s of {org} at once"
    for org in index.orgs:
        assert (org, "LEGAL_REPRESENTATIVE") in intervals, f"{org} has no legal representative"
        assert (org, "PRINCIPAL") in intervals, f"{org} has no principal"


def check_holdings(data: Data, index: Index) -> None:
    keys: Counter[tuple[str, str, date]] = Counter()
    by_org: dict[str, list[tuple[Decimal, float, date, date | None]]] = defaultdict(list)
    for holding in data["holdings"]:
        _, holder = index.resolve(holding["holder"])
        org = index.org(holding["org"])
        assert holder != org
        ratio = holding["ratio"]
        assert isinstance(ratio, float) and 0 < ratio <= 1, holding
        start = day(holding["valid_from"])
        end = None if holding["valid_to"] is None else day(holding["valid_to"])
        assert end is None or start < end, holding
        keys[(holder, org, start)] += 1
        by_org[org].append((Decimal(repr(ratio)), ratio, start, end))
    assert max(keys.values()) == 1, "a holding is identified by holder, org, valid_from"
    for org, rows in by_org.items():
        for moment in {start for *_, start, _ in rows}:
            live = [
                (d, f)
                for d, f, start, end in rows
                if start <= moment and (end is None or moment < end)
            ]
            assert sum(d for d, _ in live) <= 1, f"shares of {org} above 1 on {moment}"
            assert sum(f for _, f in live) <= 1 + 1e-9  # the store's float check


def check_records(data: Data, index: Index) -> dict[str, dict[str, Any]]:
    domains = {d["code"] for d in data["domains"]}
    authorities = {a["code"] for a in data["authorities"]}
    catalogue = {c["code"] for c in data["catalogue"]}
    records = {r["id"]: r for r in data["records"]}
    assert len(records) == len(data["records"]), "record ids are unique"
    for r in data["records"]:
        kind, _ = index.resolve(r["subject"])
        assert r["provider"] in authorities
        assert r["domain"] in domains
        assert r["catalogue_item"] in catalogue
        start = day(r["act_start"])
        assert start <= REFERENCE_DATE
        assert r["act_end"] is None or start <= day(r["act_end"]) <= REFERENCE_DATE
        if r["type"] == "DISHONESTY":
            assert r["category"] in {1, 2, 3, 4, 5}
            assert isinstance(r["document"], str) and r["document"], "R-INFO-3: a document"
            if r["category"] == 2:
                assert not r.get("minor") and not r.get("self_corrected"), "Art. 12(2)"
        else:
            assert r["type"] == "POSITIVE" and r["category"] in POSITIVE_KINDS
            assert not r.get("serious"), "only dishonest acts are serious"
        if kind == "person":
            assert r.get("legal_basis") or r.get("consent"), "R-INFO-5"
    return records


def check_entries(data: Data, index: Index, records: dict[str, dict[str, Any]]) -> None:
    lists = {x["id"]: x["type"] for x in data["lists"]}
    ids = [e["id"] for e in data["entries"]]
    assert len(ids) == len(set(ids)), "entry ids are unique"
    for entry in data["entries"]:
        subject = index.resolve(entry["subject"])
        assert entry["list"] in lists
        assert entry["basis"] and entry["removal_conditions"] and entry["remedy"]
        assert day(entry["listed_at"]) <= REFERENCE_DATE
        record_id = entry.get("record")
        if lists[entry["list"]] in SANCTION_TYPES:
            assert record_id is not None, "sanction entries rest on a record"
            record = records[record_id]
            assert record["type"] == "DISHONESTY"
            if lists[entry["list"]] == "SERIOUS":
                assert record["serious"]
        elif record_id is not None:
            record = records[record_id]
            assert record["type"] == "POSITIVE"
        if record_id is not None:
            assert index.resolve(records[record_id]["subject"]) == subject


def check_branches(data: Data, index: Index) -> None:
    branches = [index.org(b["branch"]) for b in data["branches"]]
    assert len(branches) == len(set(branches)), "one parent per branch"
    for b in data["branches"]:
        assert index.org(b["parent"]) != b["branch"]


def check_registry(data: Data) -> None:
    check_shapes(data)
    check_catalogue(data)
    index = check_subjects(data)
    check_roles(data, index)
    check_holdings(data, index)
    check_branches(data, index)
    records = check_records(data, index)
    check_entries(data, index, records)


# --- the generator ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen1000")
    generate(1000, 7, out)
    return out


@pytest.fixture(scope="module")
def medium(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    out = tmp_path_factory.mktemp("gen3000")
    counts = generate(3000, 11, out)
    return out, counts


def test_same_seed_gives_the_same_bytes(small: Path, tmp_path: Path) -> None:
    generate(1000, 7, tmp_path)
    assert file_bytes(tmp_path) == file_bytes(small)


def test_another_seed_gives_other_data(small: Path, tmp_path: Path) -> None:
    generate(1000, 8, tmp_path)
    other, base = file_bytes(tmp_path), file_bytes(small)
    assert other["subjects"] != base["subjects"]
    assert other["holdings"] != base["holdings"]
    assert other["domains"] == base["domains"], "the reference catalogue is fixed"


def test_counts_are_the_lines_written(medium: tuple[Path, dict[str, int]]) -> None:
    out, counts = medium
    assert set(counts) == set(KINDS)
    for kind in KINDS:
        lines = (out / f"{kind}.jsonl").read_text(encoding="utf-8").splitlines()
        assert len(lines) == counts[kind]
    assert counts["subjects"] == 3000


def test_progress_adds_up_to_the_subjects(tmp_path: Path) -> None:
    calls: list[int] = []
    generate(2500, 1, tmp_path, progress=calls.append)
    assert sum(calls) == 2500 and all(n > 0 for n in calls)


def test_too_few_subjects_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least"):
        generate(10, 1, tmp_path)


@pytest.mark.parametrize("which", ["small", "medium"])
def test_generated_registry_is_consistent(which: str, request: pytest.FixtureRequest) -> None:
    fixture = request.getfixturevalue(which)
    out = fixture if isinstance(fixture, Path) else fixture[0]
    check_registry(load(out))


def test_generated_registry_has_the_economy_we_need(medium: tuple[Path, dict[str, int]]) -> None:
    data = load(medium[0])
    kinds = Counter(s["kind"] for s in data["subjects"])
    assert 0.55 < (kinds["LEGAL_PERSON"] + kinds["UNINCORPORATED_ORG"]) / 3000 < 0.65
    assert kinds["LEGAL_PERSON"] > 4 * kinds["UNINCORPORATED_ORG"] > 0
    regions = Counter(s["region"][:2] for s in data["subjects"])
    assert regions["BJ"] and regions["HE"] and regions["TJ"] > 0.9 * 3000
    # Roles: changes over time and declared controllers (R-SUBJ-2).
    roles = Counter(r["role"] for r in data["roles"])
    assert roles["ACTUAL_CONTROLLER"] > 0
    assert sum(1 for r in data["roles"] if r["valid_to"] is not None) > 0.05 * roles["PRINCIPAL"]
    # Holdings: single owners, pyramids at least 3 levels deep, ownership cycles (R-SUBJ-3).
    orgs = {s["uscc"] for s in data["subjects"] if s["kind"] != "NATURAL_PERSON"}
    assert any(h["ratio"] == 1.0 and isinstance(h["holder"], dict) for h in data["holdings"])
    graph = nx.DiGraph(
        (h["holder"], h["org"])
        for h in data["holdings"]
        if isinstance(h["holder"], str) and h["valid_to"] is None
    )
    assert any(True for _ in nx.simple_cycles(graph)), "some ownership cycle"
    assert nx.dag_longest_path_length(nx.condensation(graph)) >= 2, "a 3-level pyramid"
    assert len(data["branches"]) >= 0.02 * len(orgs)
    # Records over all categories, serious ones, expired and open-ended ones (R-INFO-3, R-TIME-1).
    dishonest = [r for r in data["records"] if r["type"] == "DISHONESTY"]
    assert {r["category"] for r in dishonest} == {1, 2, 3, 4, 5}
    assert 0.15 < sum(r["serious"] for r in dishonest) / len(dishonest) < 0.5
    assert any(r["act_end"] is None for r in dishonest)
    assert any(r["act_end"] and day(r["act_end"]) < date(2021, 11, 27) for r in dishonest)
    assert any(isinstance(r["subject"], dict) for r in dishonest), "some persons' records"
    assert any(r["type"] == "POSITIVE" for r in data["records"])
    lists = Counter(e["list"] for e in data["entries"])
    assert lists["TJ-SERIOUS"] and lists["TJ-JOINT-SANCTION"] and lists["TJ-JOINT-REWARD"]
    assert any(m["published_at"] > "2026-01-01" for m in data["measures"]), "R-LIST-4 shows"
    assert sum(m["all_matters"] for m in data["measures"]) >= 2


def test_documents_are_unique(medium: tuple[Path, dict[str, int]]) -> None:
    documents = [r["document"] for r in load(medium[0])["records"] if r["document"]]
    assert len(documents) == len(set(documents))


# --- the demo --------------------------------------------------------------------------------


def test_demo_files_are_what_demo_data_writes(tmp_path: Path) -> None:
    counts = demo_data.write_demo(tmp_path)
    assert file_bytes(tmp_path) == file_bytes(demo_data.DEMO_DIR), (
        "loaders/demo/ is stale: run `python -m loaders.demo_data`"
    )
    assert counts["subjects"] == len(demo_data.ORGS) + len(demo_data.PERSONS)


def test_demo_registry_is_consistent() -> None:
    check_registry(load(demo_data.DEMO_DIR))


def _engine_registry() -> tuple[dict[str, list[dict[str, Any]]], dict[str, str]]:
    """The demo with person refs turned into plain ids, as the reference engine takes them."""

    def plain(ref: Any) -> Any:
        return ref if isinstance(ref, str) else f"P-{ref['resident_id']}"

    registry: dict[str, list[dict[str, Any]]] = {}
    for kind, items in demo_data.demo_items().items():
        registry[kind] = [
            {k: plain(v) if k in {"subject", "holder"} else v for k, v in item.items()}
            for item in items
        ]
    keys = [*(o.key for o in demo_data.ORGS), *(p.key for p in demo_data.PERSONS)]
    return registry, {key: plain(demo_data.ref(key)) for key in keys}


@pytest.mark.parametrize(
    "case", demo_data.EXPECTATIONS, ids=lambda c: f"{c.subject}-{c.matter}-{c.as_of}"
)
def test_demo_story_holds_under_the_rules(case: demo_data.Expectation) -> None:
    registry, ids = _engine_registry()
    answer = screen(registry, ids[case.subject], case.matter, case.as_of)
    assert answer.decision == case.decision, case.shows
    assert {role for _, _, _, role, _ in answer.restrictions} == set(case.roles), case.shows
    assert bool(answer.withheld_rewards) == case.withheld, case.shows


@pytest.mark.parametrize("source", ["generated", "demo"])
def test_items_pass_the_ingest_validation(source: str, small: Path) -> None:
    """The files are accepted as they are by `POST /v1/ingest/{kind}` (DESIGN §6)."""
    directory = small if source == "generated" else demo_data.DEMO_DIR
    data = load(directory)
    for kind in map(IngestKind, KINDS):  # the kinds the files hold
        _, errors = validate_items(kind, data[kind.value])
        assert errors == [], (kind, errors[:3])

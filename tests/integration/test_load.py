"""`graph-service load` and `generate` against the real Neo4j: the demo and a generated
registry load, a bad folder is refused with every bad row listed and nothing written, a
re-run changes nothing, an interrupted load is completed by running it again, and no clear
resident ID reaches the graph (R-SUBJ-1)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from stdnum.cn import ric
from typer.testing import CliRunner

from graph_service.cli import app
from graph_service.domain.enums import LOAD_ORDER
from graph_service.settings import get_settings
from graph_service.store import ingest
from graph_service.store.db import Database
from graph_service.store.ingest import Ingestor
from loaders import files
from loaders.files import LoadReport, load
from tests.factories import item_holding, item_organisation, item_person, resident_id, uscc
from tests.helpers import PSEUDONYM_KEY, person_id
from tests.integration.graph_state import graph_state

DEMO = Path(__file__).resolve().parents[2] / "loaders" / "demo"
# 18 characters that read as a resident ID number, not inside a longer word or number.
RIC = re.compile(r"(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")


@pytest.fixture
def cli(clean_db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    """The CLI on the tests' Neo4j and pseudonym key, on an empty graph."""
    monkeypatch.setenv("GRAPH_SERVICE_PSEUDONYM_KEY", PSEUDONYM_KEY)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """A registry of 2,000 subjects written by `graph-service generate`."""
    out = tmp_path_factory.mktemp("registry") / "tj"
    result = CliRunner().invoke(app, ["generate", "--subjects", "2000", "--seed", "3", str(out)])
    assert result.exit_code == 0, result.output
    counts = {path.stem: len(_lines(path)) for path in out.glob("*.jsonl")}
    assert counts["subjects"] == 2000
    return out, counts


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _load(db: Database, path: Path, **options: Any) -> LoadReport:
    return load(db, PSEUDONYM_KEY, path, actor="test", **options)


def _totals(report: LoadReport) -> dict[str, tuple[int, int, int]]:
    return {f.source.kind.value: (f.created, f.updated, f.unchanged) for f in report.files}


def test_the_demo_loads_with_the_cli_and_again_unchanged(cli: CliRunner, db: Database) -> None:
    result = cli.invoke(app, ["load", str(DEMO)])
    assert result.exit_code == 0, result.output
    assert "load summary" in result.stdout
    loaded = graph_state(db)
    demo_rows = sum(len(_lines(path)) for path in DEMO.glob("*.jsonl"))
    assert f"{demo_rows:,}" in result.stdout  # the total row
    report = _load(db, DEMO)
    assert report.errors == []
    assert all(created == updated == 0 for created, updated, _ in _totals(report).values())
    assert sum(f.unchanged for f in report.files) == demo_rows
    assert graph_state(db) == loaded


def test_a_generated_registry_loads_completely(
    clean_db: Database, generated: tuple[Path, dict[str, int]]
) -> None:
    folder, counts = generated
    report = _load(clean_db, folder)
    assert report.errors == []
    assert [f.source.kind for f in report.files] == [k for k in LOAD_ORDER if k.value in counts]
    for file in report.files:
        assert (file.created, file.updated, file.unchanged) == (counts[file.source.kind], 0, 0)
    with clean_db.driver.session(database=clean_db.database) as session:
        subjects = session.run("MATCH (s:Subject) RETURN count(s) AS n").single(strict=True)
        changes = session.run(
            "MATCH (n:Record|ListEntry) WHERE NOT EXISTS { (n)-[:HAS_CHANGE]->(:StateChange) } "
            "RETURN count(n) AS n"
        ).single(strict=True)
    assert subjects["n"] == counts["subjects"]
    assert changes["n"] == 0  # R-TIME-5: every record and entry has its first change
    again = _load(clean_db, folder)
    assert sum(f.unchanged for f in again.files) == sum(counts.values())


def _resident_ids(folder: Path) -> set[str]:
    """Every resident ID number the generator wrote, as subjects or as refs."""
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "resident_id" and isinstance(item, str):
                    found.add(item.upper())
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in folder.glob("*.jsonl"):
        for line in _lines(path):
            walk(json.loads(line))
    return found


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_r_subj_1_no_clear_resident_id_anywhere_in_the_graph(
    clean_db: Database, generated: tuple[Path, dict[str, int]]
) -> None:
    folder, _ = generated
    assert _load(clean_db, folder).errors == []
    clear = _resident_ids(folder)
    assert len(clear) > 500
    with clean_db.driver.session(database=clean_db.database) as session:
        organisations = set(
            session.run(
                "MATCH (s:Subject) WHERE NOT s:NaturalPerson RETURN collect(s.id) AS ids"
            ).single(strict=True)["ids"]
        )
        values = [
            text
            for query in (
                "MATCH (n) RETURN [k IN keys(n) | n[k]] AS values",
                "MATCH ()-[r]->() RETURN [k IN keys(r) | r[k]] AS values",
            )
            for record in session.run(query)
            for text in _strings(record["values"])
        ]
    assert len(values) > 10_000
    leaked = []
    for text in values:
        upper = text.upper()
        # Every 18-character window against the generator's numbers ...
        if any(upper[i : i + 18] in clear for i in range(len(upper) - 17)):
            leaked.append(text)
        # ... and any valid resident ID number that is not an organisation's code.
        leaked.extend(
            m for m in RIC.findall(text) if ric.is_valid(m) and m.upper() not in organisations
        )
    assert leaked == []
    persons = [text for text in values if text.startswith("P") and len(text) == 33]
    assert persons  # the pseudonyms are there instead


def _bad_folder(tmp_path: Path) -> tuple[Path, str]:
    """A folder whose subjects (CSV) and roles (JSONL) carry bad rows among good ones."""
    folder = tmp_path / "bad"
    folder.mkdir()
    for kind in ("domains", "authorities", "catalogue"):
        shutil.copy(DEMO / f"{kind}.jsonl", folder)
    wrong = resident_id(2)[:-1] + ("0" if resident_id(2)[-1] != "0" else "1")
    (folder / "subjects.csv").write_text(
        "kind,name,uscc,resident_id,region,extra\n"
        f"LEGAL_PERSON,甲公司,{uscc(1)},,TJ,\n"
        f"NATURAL_PERSON,张三,,{resident_id(1)},TJ,\n"
        f"NATURAL_PERSON,李四,,{wrong},TJ,\n"
        f'LEGAL_PERSON,乙公司,{uscc(3)},,TJ-XX-1,"{{""血型"": ""A""}}"\n',
        encoding="utf-8",
    )
    roles = [
        {"role": "PRINCIPAL", "holder": {"resident_id": resident_id(1)}, "org": uscc(1),
         "valid_from": "2020-01-01"},
        {"role": "PRINCIPAL", "holder": {"resident_id": resident_id(9)}, "org": uscc(1),
         "valid_from": "2020-01-01"},
    ]  # fmt: skip
    (folder / "roles.jsonl").write_text(
        "".join(json.dumps(role) + "\n" for role in roles), encoding="utf-8"
    )
    return folder, wrong


def test_a_bad_folder_is_refused_with_its_rows_listed_and_nothing_written(
    cli: CliRunner, db: Database, tmp_path: Path
) -> None:
    folder, wrong = _bad_folder(tmp_path)
    before = graph_state(db)
    result = cli.invoke(app, ["load", str(folder)])
    assert result.exit_code == 1
    output = result.stderr
    assert "nothing was written" in output
    assert "subjects.csv:4: resident_id: R-SUBJ-1" in output
    assert "subjects.csv:5: region:" in output
    assert "subjects.csv:5: extra.血型: R-INFO-4" in output
    assert f"roles.jsonl:2: holder: unknown subject '{person_id(resident_id(9))}'" in output
    assert "roles.jsonl:1" not in output  # the good rows refer to subjects of the folder
    for number in (wrong, resident_id(1), resident_id(9)):
        assert number not in result.output
    assert graph_state(db) == before


def test_share_sums_count_the_holdings_of_the_folder(clean_db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "shares"
    folder.mkdir()
    subjects = [item_organisation(1), item_organisation(2), item_person(1)]
    holdings = [
        item_holding(1, ratio=0.6),
        item_holding(1, holder=uscc(2), ratio=0.5, valid_from="2021-01-01"),
    ]
    for kind, items in (("subjects", subjects), ("holdings", holdings)):
        (folder / f"{kind}.jsonl").write_text(
            "".join(json.dumps(item) + "\n" for item in items), encoding="utf-8"
        )
    report = _load(clean_db, folder)
    assert [(e.file, e.line, e.field) for e in report.errors] == [
        ("holdings.jsonl", 1, "ratio"),
        ("holdings.jsonl", 2, "ratio"),
    ]
    assert graph_state(clean_db).nodes == 0


def test_share_sums_count_stored_holdings_and_rows_of_every_chunk_over_time(
    clean_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R-SUBJ-3 across batches: a second load's holdings of an organisation add to the stored
    ones while both are valid, and to the rows of the file's other chunks."""
    monkeypatch.setattr(ingest, "VALIDATE_CHUNK", 2)
    first, second = tmp_path / "first", tmp_path / "second"
    people = [item_person(n) for n in range(1, 6)]
    _write_folder(
        first,
        subjects=[item_organisation(1), *people],
        holdings=[item_holding(1, ratio=0.5, valid_from="2020-01-01", valid_to="2021-01-01")],
    )
    assert _load(clean_db, first).errors == []
    holder = {"holder": {"resident_id": resident_id(2)}}
    _write_folder(
        second,
        holdings=[
            # After the stored holding ends, 0.5 + 0.3 + 0.2 is all the shares ...
            item_holding(1, **holder, ratio=0.5, valid_from="2021-01-01"),
            item_holding(1, holder={"resident_id": resident_id(3)}, ratio=0.3,
                         valid_from="2021-06-01"),
            item_holding(1, holder={"resident_id": resident_id(4)}, ratio=0.2,
                         valid_from="2022-01-01"),
        ],
    )  # fmt: skip
    assert _load(clean_db, second).errors == []
    # ... and one more holding, in the file's other chunks, is too many: while the stored half
    # held (from 2020) and after 2023.
    _write_folder(
        second,
        holdings=[
            item_holding(1, **holder, ratio=0.5, valid_from="2021-01-01"),
            item_holding(1, holder={"resident_id": resident_id(3)}, ratio=0.3,
                         valid_from="2021-06-01"),
            item_holding(1, holder={"resident_id": resident_id(4)}, ratio=0.2,
                         valid_from="2022-01-01"),
            item_holding(1, holder={"resident_id": resident_id(5)}, ratio=0.6,
                         valid_from="2019-06-01", valid_to="2020-06-01"),
            item_holding(1, holder={"resident_id": resident_id(5)}, ratio=0.1,
                         valid_from="2023-01-01"),
        ],
    )  # fmt: skip
    before = graph_state(clean_db)
    report = _load(clean_db, second)
    assert [(e.file, e.line, e.field) for e in report.errors] == [
        ("holdings.jsonl", line, "ratio") for line in range(1, 6)
    ]
    assert f"holdings of {uscc(1)} would sum to 1.1 on 2020-01-01" in report.errors[0].message
    assert graph_state(clean_db) == before


def _write_folder(folder: Path, **items: list[dict[str, Any]]) -> None:
    folder.mkdir(exist_ok=True)
    for kind, rows in items.items():
        (folder / f"{kind}.jsonl").write_text(
            "".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8"
        )


def test_an_interrupted_load_is_completed_by_running_it_again(
    clean_db: Database, generated: tuple[Path, dict[str, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, counts = generated
    write = Ingestor.write
    calls = []

    def crash_on_the_roles(self: Ingestor, kind: Any, rows: Any, *args: Any, **kw: Any) -> Any:
        calls.append(kind.value)
        if kind.value == "roles":
            raise ConnectionError("the machine went down")
        return write(self, kind, rows, *args, **kw)

    monkeypatch.setattr(Ingestor, "write", crash_on_the_roles)
    with pytest.raises(ConnectionError):
        _load(clean_db, folder, tx_rows=500)
    assert calls[-1] == "roles" and "subjects" in calls
    monkeypatch.setattr(Ingestor, "write", write)
    report = _load(clean_db, folder, tx_rows=500)
    totals = _totals(report)
    assert totals["subjects"] == (0, 0, counts["subjects"])  # written before the crash
    assert totals["roles"] == (counts["roles"], 0, 0)
    assert sum(created for created, _, _ in totals.values()) < sum(counts.values())


def test_generate_is_deterministic(tmp_path: Path) -> None:
    runner = CliRunner()
    for name in ("a", "b"):
        result = runner.invoke(
            app, ["generate", "--subjects", "300", "--seed", "9", str(tmp_path / name)]
        )
        assert result.exit_code == 0, result.output
    for path in (tmp_path / "a").glob("*.jsonl"):
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes()


def test_the_profile_reads_a_loaded_person(
    api: TestClient, db: Database, generated: tuple[Path, dict[str, int]]
) -> None:
    folder, _ = generated
    assert _load(db, folder).errors == []
    person = next(
        json.loads(line) for line in _lines(folder / "subjects.jsonl") if '"NATURAL_PERSON"' in line
    )
    response = api.get(f"/v1/subjects/{person_id(person['resident_id'])}")
    assert response.status_code == 200, response.json()
    assert response.json()["name"] == person["name"]
    assert person["resident_id"] not in response.text


def test_parallel_checking_and_writing_give_the_same_graph(
    clean_db: Database, generated: tuple[Path, dict[str, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The process pool that validates large files and the concurrent writers of subjects,
    roles and holdings (thresholds lowered to reach them with 2,000 subjects) write exactly
    what one process and one transaction at a time write."""
    folder, _ = generated
    serial = _load(clean_db, folder, workers=1, writers=1)
    assert serial.errors == []
    expected = graph_state(clean_db, ignore=frozenset({"at"}), chain=False)
    clean_db.driver.execute_query(
        "MATCH (n) WHERE NOT n:SchemaVersion AND NOT n:ApiToken DETACH DELETE n"
    )
    monkeypatch.setattr(files, "POOL_THRESHOLD", 1_000)
    monkeypatch.setattr(ingest, "VALIDATE_CHUNK", 400)
    monkeypatch.setattr(ingest, "CHUNK", 250)
    parallel = _load(clean_db, folder, workers=2, writers=3, tx_rows=700)
    assert parallel.errors == []
    assert _totals(parallel) == _totals(serial)
    assert graph_state(clean_db, ignore=frozenset({"at"}), chain=False) == expected

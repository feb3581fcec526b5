"""Import through the API and the Ingestor, export, validate, round trip (issue 8).

BODS, GLEIF and FtM imports go through the ingestion checks of `POST /v1/ingest/{kind}`;
exports are validated with libcovebods and FollowTheMoney's schemata; a round trip (import,
export, import) keeps subjects, links and shares, on the same graph (everything unchanged)
and, for subjects whose ids the export carries, on an empty one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import typer
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from graph_service.auth import Role, create_token
from graph_service.settings import get_settings
from graph_service.store.db import Database
from loaders.bods import convert_bods
from loaders.cli_import import ImportFormat, convert_path, import_command
from loaders.ftm import convert_ftm
from loaders.interop import ImportRefused, ingest_conversion
from tests.bods_validation import validate_bods
from tests.conftest import ADMIN_TOKEN
from tests.helpers import AUTHORITY_CODE, PSEUDONYM_KEY, load, person_id
from tests.integration.test_rules_scenarios import IN_OFFICE, REGISTRY, A
from tests.unit.test_bods import ANONYMOUS, CIRCULAR, DIRECT
from tests.unit.test_ftm import assert_valid_ftm
from tests.unit.test_gleif import FIXTURES as GLEIF

DAY = "2026-05-01"


def snapshot(db: Database) -> dict[str, Any]:
    """Subjects (id, kind, name) and links (type, holder, org, ratio, validity)."""
    with db.driver.session(database=db.database) as session:
        subjects = session.run(
            "MATCH (s:Subject) RETURN s.id AS id, s.kind AS kind, s.name AS name ORDER BY id"
        ).data()
        links = session.run(
            "MATCH (a:Subject)-[r:LEGAL_REPRESENTATIVE_OF|PRINCIPAL_OF|ACTUAL_CONTROLLER_OF|"
            "HOLDS_SHARES_IN]->(b:Subject) RETURN type(r) AS type, a.id AS holder, b.id AS org, "
            "r.ratio AS ratio, toString(r.valid_from) AS valid_from, "
            "toString(r.valid_to) AS valid_to ORDER BY type, holder, org, valid_from"
        ).data()
    return {"subjects": subjects, "links": links}


def import_fixture(db: Database, conversion: Any) -> Any:
    return ingest_conversion(db, PSEUDONYM_KEY, conversion, actor="test")


def fixtures() -> Any:
    return convert_path(ImportFormat.BODS, DIRECT.parent.parent)


def test_bods_fixtures_through_the_ingestor_and_the_ubo_query(
    api: TestClient, db: Database
) -> None:
    report = import_fixture(db, fixtures())
    assert report.created["subjects"] == 5 and report.created["holdings"] == 3
    conv = convert_bods(json.loads(DIRECT.read_text()))
    org = next(s["uscc"] for s in conv.subjects.values() if s["kind"] == "LEGAL_PERSON")
    jane = next(s for s in conv.subjects.values() if s["kind"] == "NATURAL_PERSON")
    answer = api.get(f"/v1/subjects/{org}/controllers", params={"as_of": DAY}).json()
    # 01: "find UBO" returns Jane Smith with a single hop and a 75 % aggregate interest.
    [ubo] = answer["ultimate_controllers"]
    assert ubo["subject"] == person_id(jane["resident_id"])
    assert len(ubo["path"]) == 2 and ubo["effective_share"] == pytest.approx(0.75)
    # 10: terminates, reports the cycle, no entity is its own UBO.
    circular = convert_bods(json.loads(CIRCULAR.read_text()))
    for code in circular.subjects:
        answer = api.get(f"/v1/subjects/{code}/controllers", params={"as_of": DAY}).json()
        assert answer["ultimate_controllers"] == [] and answer["beneficial_owners"] == []
        assert answer["cycles"] == [sorted(circular.subjects)]
    # Importing again changes nothing (idempotent, stable ids).
    again = import_fixture(db, fixtures())
    assert sum(again.created.values()) == 0 and sum(again.updated.values()) == 0


def test_import_through_the_api(api: TestClient, db: Database) -> None:
    conversion = convert_path(ImportFormat.GLEIF, GLEIF / "lei-data.json")
    load(api, {kind.value: items for kind, items in conversion.items().items()})
    relationships = convert_path(ImportFormat.GLEIF, GLEIF)
    report = import_fixture(db, relationships)
    # The Level 1 subjects stored through the API are not overwritten by placeholders.
    assert report.created["roles"] == 2 and report.created["subjects"] == 4
    assert report.skipped_placeholders == 0


def test_placeholders_never_overwrite_a_stored_subject(api: TestClient, db: Database) -> None:
    everything = convert_path(ImportFormat.GLEIF, GLEIF)
    import_fixture(db, everything)
    before = snapshot(db)
    relationships_only = convert_path(ImportFormat.GLEIF, GLEIF / "rr-data.json")
    report = import_fixture(db, relationships_only)
    assert report.skipped_placeholders == 3
    assert snapshot(db) == before


def test_a_refused_import_writes_nothing(api: TestClient, db: Database) -> None:
    conversion = fixtures()
    first = next(iter(conversion.holdings.values()))
    first["ratio"] = 1.5
    with pytest.raises(ImportRefused) as refused:
        import_fixture(db, conversion)
    assert refused.value.extensions["errors"][0]["kind"] == "holdings"
    assert snapshot(db)["subjects"] == []


def test_cli_import(api: TestClient, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRAPH_SERVICE_PSEUDONYM_KEY", PSEUDONYM_KEY)
    get_settings.cache_clear()
    app = typer.Typer()
    app.command("import")(import_command)

    @app.callback()
    def main() -> None:
        """The service's CLI, for the test."""

    try:
        result = CliRunner().invoke(app, ["import", "bods", str(ANONYMOUS)])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "subjects" in result.output
    names = [s["name"] for s in snapshot(db)["subjects"]]
    assert names == ["Opaque Holdings SA"]


def registry_with_bods(api: TestClient, db: Database) -> None:
    load(api, REGISTRY)
    import_fixture(db, fixtures())


def test_neighbourhood_exports_validate(api: TestClient, db: Database) -> None:
    registry_with_bods(api, db)
    response = api.get(
        f"/v1/export/bods/subjects/{A}/neighbourhood", params={"depth": 2, "as_of": "2021-06-01"}
    )
    assert response.status_code == 200, response.text
    statements = response.json()
    assert validate_bods(statements) == []
    types = {s["recordType"] for s in statements}
    assert types == {"entity", "person", "relationship"}
    assert "resident" not in response.text.lower()
    response = api.get(
        f"/v1/export/ftm/subjects/{A}/neighbourhood", params={"depth": 2, "as_of": "2021-06-01"}
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/x-ndjson")
    entities = [json.loads(line) for line in response.text.splitlines()]
    assert_valid_ftm(entities)
    assert {e["schema"] for e in entities} >= {"Company", "Person", "Ownership", "Representation"}


def test_list_exports_validate(api: TestClient, db: Database) -> None:
    registry_with_bods(api, db)
    params = {"as_of": "2022-01-01"}
    response = api.get("/v1/export/ftm/lists/JOINT_SANCTION", params=params)
    assert response.status_code == 200, response.text
    entities = [json.loads(line) for line in response.text.splitlines()]
    assert_valid_ftm(entities)
    sanctioned = {e["properties"]["entity"][0] for e in entities if e["schema"] == "Sanction"}
    assert {A, person_id(IN_OFFICE)} <= sanctioned
    response = api.get("/v1/export/bods/lists/JOINT_SANCTION", params=params)
    assert response.status_code == 200, response.text
    statements = response.json()
    assert validate_bods(statements) == []
    annotated = {s["recordId"] for s in statements if s.get("annotations")}
    assert {A, person_id(IN_OFFICE)} <= annotated
    assert api.get("/v1/export/xml/lists/JOINT_SANCTION").status_code == 422
    assert (
        api.get("/v1/export/bods/lists/JOINT_SANCTION", params={"matter": "NOPE"}).status_code
        == 422
    )


def test_an_authority_sees_masked_names_and_is_logged(api: TestClient, db: Database) -> None:
    registry_with_bods(api, db)
    token = create_token(db, role=Role.AUTHORITY, subject=None, label="t", authority=AUTHORITY_CODE)
    headers = {"Authorization": f"Bearer {token}"}
    response = api.get(
        f"/v1/export/bods/subjects/{A}/neighbourhood",
        params={"as_of": "2021-06-01", "purpose": "PUBLIC_PROCUREMENT"},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    names = [
        n["fullName"]
        for s in response.json()
        if s["recordType"] == "person"
        for n in s["recordDetails"].get("names", [])
    ]
    assert names and all(name.endswith("*") for name in names)
    with db.driver.session(database=db.database) as session:
        logged = session.run(
            "MATCH (q:QueryLog) WHERE q.endpoint STARTS WITH 'GET /v1/export' RETURN count(q) AS n"
        ).single()
    assert logged is not None and logged["n"] >= 1
    api.headers["Authorization"] = f"Bearer {ADMIN_TOKEN}"


def reimport(api: TestClient, db: Database, fmt: str, subject: str, depth: int = 2) -> Any:
    response = api.get(
        f"/v1/export/{fmt}/subjects/{subject}/neighbourhood",
        params={"depth": depth, "as_of": DAY},
    )
    assert response.status_code == 200, response.text
    if fmt == "bods":
        conversion = convert_bods(response.json())
    else:
        conversion = convert_ftm([json.loads(line) for line in response.text.splitlines()])
    return conversion


@pytest.mark.parametrize("fmt", ["bods", "ftm"])
def test_round_trip_on_the_same_graph_changes_nothing(
    api: TestClient, db: Database, fmt: str
) -> None:
    registry_with_bods(api, db)
    before = snapshot(db)
    conversion = reimport(api, db, fmt, A)
    report = import_fixture(db, conversion)
    assert sum(report.created.values()) == 0, report
    assert sum(report.updated.values()) == 0, report
    assert report.unchanged["holdings"] >= 2 and report.unchanged["roles"] >= 2
    assert snapshot(db) == before


@pytest.mark.parametrize("fmt", ["bods", "ftm"])
def test_round_trip_into_an_empty_graph_keeps_subjects_links_and_shares(
    api: TestClient, db: Database, fmt: str
) -> None:
    conversion = fixtures()
    import_fixture(db, conversion)
    before = snapshot(db)
    centres = [s["uscc"] for s in conversion.subjects.values() if s.get("uscc")]
    exported = [reimport(api, db, fmt, code, depth=1) for code in centres]
    with db.driver.session(database=db.database) as session:
        session.run("MATCH (s:Subject) DETACH DELETE s").consume()
    for back in exported:
        import_fixture(db, back)
    after = snapshot(db)
    assert [(s["id"], s["kind"]) for s in after["subjects"]] == [
        (s["id"], s["kind"]) for s in before["subjects"]
    ]
    assert after["links"] == before["links"]


def test_unknown_subject_and_bounds(api: TestClient) -> None:
    assert api.get("/v1/export/bods/subjects/nobody/neighbourhood").status_code == 404
    response = api.get(f"/v1/export/ftm/subjects/{A}/neighbourhood", params={"depth": 4})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "depth"


def test_fixture_paths_exist() -> None:
    assert Path(GLEIF).is_dir() and DIRECT.is_file()

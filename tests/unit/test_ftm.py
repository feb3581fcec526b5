"""FollowTheMoney import and export through the `followthemoney` package (issue 8).

The fixture is a small FtM file built here with FtM's own model (so it is valid FtM): a
Chinese company with its USCC, a foreign company and organisation, persons with and without
a PRC resident ID, ownerships (exact and ranged), directorships, a representation and a
sanction. Exports are validated against FtM's schemata.
"""

from __future__ import annotations

import doctest
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from followthemoney import model

import loaders.ftm
from graph_service.domain.enums import IngestKind
from graph_service.domain.ingest import validate_items
from graph_service.interop.ftm import (
    link_entity,
    list_entities,
    neighbourhood_entities,
    subject_entity,
)
from graph_service.interop.model import ExportLink, ExportSubject
from loaders.ftm import convert_ftm, read_ftm
from tests.factories import resident_id, uscc

CN_CO, RID = uscc(901), resident_id(901)
LEI = "213800FERQ5LE3H7WJ58"


def entity(schema: str, entity_id: str, **props: Any) -> dict[str, Any]:
    proxy = model.make_entity(schema)
    proxy.id = entity_id
    for name, value in props.items():
        proxy.add(name, value)
    data: dict[str, Any] = proxy.to_dict()
    return data


def fixture() -> list[dict[str, Any]]:
    return [
        entity("Company", "co-cn", name="天津海河贸易有限公司", uscCode=CN_CO, jurisdiction="cn"),
        entity("Company", "co-gb", name="Acme Ltd", jurisdiction="gb", leiCode=LEI),
        entity("Organization", "org-x", name="Harbour Association"),
        entity("Person", "p-cn", name="王建国", idNumber=RID, religion="Buddhism"),
        entity("Person", "p-gb", name="Jane Smith", nationality="gb"),
        entity("Ownership", "own-1", owner="p-gb", asset="co-gb", percentage="75",
               startDate="2010"),
        entity("Ownership", "own-2", owner="co-gb", asset="co-cn", percentage="25-50%",
               startDate="2018-05-01", endDate="2023-01-01"),
        entity("Ownership", "own-3", owner="p-cn", asset="co-cn", role="实际控制人",
               startDate="2019-01-01"),
        entity("Ownership", "own-4", owner="p-cn", asset="org-x"),
        entity("Directorship", "dir-1", director="p-cn", organization="co-cn", role="法定代表人",
               startDate="2019-01-01"),
        entity("Directorship", "dir-2", director="p-gb", organization="co-cn", role="Director",
               startDate="2019-01-01"),
        entity("Directorship", "dir-3", director="co-gb", organization="co-cn",
               role="general manager", startDate="2019-01-01"),
        entity("Representation", "rep-1", agent="p-gb", client="org-x",
               role="legal representative", startDate="2020-02-02"),
        entity("Sanction", "san-1", entity="co-gb", authority="OFSI", program="UK Russia"),
        entity("Vessel", "v-1", name="Sea Star"),
    ]  # fmt: skip


def convert() -> Any:
    return convert_ftm(fixture(), default_from=date(2024, 1, 1))


def test_fixture_file_reads_as_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "entities.ftm.jsonl"
    path.write_text("".join(json.dumps(e) + "\n" for e in fixture()), encoding="utf-8")
    assert read_ftm(path) == fixture()
    assert convert_ftm(read_ftm(path), default_from=date(2024, 1, 1)).items() == convert().items()


def test_subjects() -> None:
    conv = convert()
    for kind, items in conv.items().items():
        assert validate_items(IngestKind(kind), items)[1] == [], kind
    assert conv.subjects[CN_CO]["kind"] == "LEGAL_PERSON"
    assert "synthetic_uscc" not in conv.subjects[CN_CO]["extra"]
    assert conv.subjects[CN_CO]["region"] == "TJ"
    person = conv.subjects[RID]
    assert person["name"] == "王建国" and "synthetic_id" not in person["extra"]
    # R-INFO-4: religion is never read, let alone stored.
    assert "religion" not in json.dumps(person, ensure_ascii=False).lower()
    kinds = {s["name"]: s["kind"] for s in conv.subjects.values()}
    assert kinds["Harbour Association"] == "UNINCORPORATED_ORG"
    jane = next(s for s in conv.subjects.values() if s["name"] == "Jane Smith")
    assert jane["extra"]["synthetic_id"] is True and jane["extra"]["nationality"] == "gb"
    acme = next(s for s in conv.subjects.values() if s["name"] == "Acme Ltd")
    assert acme["extra"]["source_key"] == "cglei-213800FERQ5LE3H7WJ58"  # meets GLEIF's
    assert acme["extra"]["sanctions"] == "OFSI, UK Russia"
    assert any("Vessel is not imported" in n.message for n in conv.notes)


def test_links() -> None:
    conv = convert()
    acme = next(s["uscc"] for s in conv.subjects.values() if s["name"] == "Acme Ltd")
    jane = next(s["resident_id"] for s in conv.subjects.values() if s["name"] == "Jane Smith")
    holdings = {(str(h["holder"]), h["org"]): h for h in conv.holdings.values()}
    assert holdings[(str({"resident_id": jane}), acme)]["ratio"] == 0.75
    ranged = holdings[(acme, CN_CO)]
    assert ranged["ratio"] == 0.375  # the midpoint of 25-50 %
    assert (ranged["valid_from"], ranged["valid_to"]) == ("2018-05-01", "2023-01-01")
    roles = {(r["role"], r["org"], r["valid_from"]) for r in conv.roles.values()}
    assert ("ACTUAL_CONTROLLER", CN_CO, "2019-01-01") in roles
    assert ("LEGAL_REPRESENTATIVE", CN_CO, "2019-01-01") in roles
    assert any(r[0] == "LEGAL_REPRESENTATIVE" and r[2] == "2020-02-02" for r in roles)
    notes = " ".join(n.message for n in conv.notes)
    assert "ownership without a percentage" in notes  # own-4
    assert "no role of Art. 32" in notes  # a plain director
    assert "a PRINCIPAL is a natural person" in notes  # a company as general manager
    assert len(conv.roles) == 3


def assert_valid_ftm(entities: list[dict[str, Any]]) -> None:
    """FtM's own validation, plus what it leaves to the caller: known properties, required
    properties present, entity references resolvable."""
    ids = {e["id"] for e in entities}
    for data in entities:
        schema = model.get(data["schema"])
        assert schema is not None, data["schema"]
        assert schema.validate(data) is None  # type: ignore[arg-type]
        for name in data["properties"]:
            assert name in schema.properties, (schema.name, name)
        for name in schema.required:
            assert data["properties"].get(name), (schema.name, name)
        for name, values in data["properties"].items():
            if schema.properties[name].type.name == "entity":
                assert set(values) <= ids, (schema.name, name)
        proxy = model.get_proxy(data)
        assert proxy.to_dict()["properties"] == data["properties"]  # nothing was cleaned away


def test_export_validates_and_reads_back() -> None:
    conv = convert()
    subjects = []
    pseudonyms: dict[str, str] = {}
    for i, (key, item) in enumerate(sorted(conv.subjects.items())):
        subject_id = item.get("uscc") or f"P{i:032x}"
        pseudonyms[key] = subject_id
        subjects.append(
            ExportSubject(subject_id, item["kind"], item["name"], item["region"], item["extra"])
        )

    def sid(ref: Any) -> str:
        return pseudonyms[ref if isinstance(ref, str) else ref["resident_id"]]

    links = [
        ExportLink("HOLDS_SHARES_IN", sid(h["holder"]), h["org"], h["ratio"],
                   date.fromisoformat(h["valid_from"]),
                   date.fromisoformat(h["valid_to"]) if h["valid_to"] else None)
        for h in conv.holdings.values()
    ] + [
        ExportLink(f"{r['role']}_OF", sid(r["holder"]), r["org"], None,
                   date.fromisoformat(r["valid_from"]), None)
        for r in conv.roles.values()
    ]  # fmt: skip
    exported = neighbourhood_entities(subjects, links)
    assert_valid_ftm(exported)
    assert not any("idNumber" in e["properties"] for e in exported)  # R-SUBJ-1
    back = convert_ftm(exported, default_from=date(2024, 1, 1))
    # Synthetic subjects come back with the same ids; the real person by pseudonym.
    synthetic = {k for k, s in conv.subjects.items() if s["extra"].get("source_key")}
    assert synthetic <= set(back.subjects)
    assert CN_CO in back.subjects
    assert {h["ratio"] for h in back.holdings.values()} == {
        h["ratio"] for h in conv.holdings.values()
    }
    assert len(back.roles) == len(conv.roles)
    assert pseudonyms[RID] in back.references


def test_sanction_export_validates() -> None:
    from graph_service.domain.screening import GeneratedList, ListedSubject, Restriction

    person = ExportSubject("P" + "1" * 32, "NATURAL_PERSON", "王*", "TJ", {})
    org = ExportSubject(CN_CO, "LEGAL_PERSON", "天津海河贸易有限公司", "TJ", {})
    restriction = Restriction(
        measure="M1", description="限制参加政府采购", list="L1", entry="E1", record="R1",
        document="津市监罚〔2021〕15号", role="LEGAL_REPRESENTATIVE", via=CN_CO,
        path=[person.id, "LEGAL_REPRESENTATIVE_OF", CN_CO, "LISTS", "E1", "BASED_ON", "R1"],
        legal_basis="第二十九条", authority="TJ-SAMR", until=date(2026, 9, 29),
        remedy="行政复议", act_start=date(2021, 3, 1), act_end=date(2021, 9, 30),
    )  # fmt: skip
    generated = GeneratedList(
        list_type="JOINT_SANCTION", as_of=date(2022, 1, 1), matter=None, measure=None, count=1,
        subjects=[ListedSubject(subject=person.id, kind="NATURAL_PERSON", name="王*",
                                region="TJ", restrictions=[restriction], rewards=[])],
    )  # fmt: skip
    link = ExportLink("LEGAL_REPRESENTATIVE_OF", person.id, CN_CO, None, date(2020, 6, 1))
    exported = list_entities(generated, [person, org], [link])
    assert_valid_ftm(exported)
    [sanction] = [e for e in exported if e["schema"] == "Sanction"]
    assert sanction["properties"]["entity"] == [person.id]
    assert "LEGAL_REPRESENTATIVE" in sanction["properties"]["reason"][0]
    people = [e for e in exported if e["schema"] == "Person"]
    assert people[0]["properties"]["topics"] == ["sanction.linked"]


def test_a_branch_has_no_ftm_link() -> None:
    assert link_entity(ExportLink("BRANCH_OF", "a", "b"), {}) is None
    assert subject_entity(ExportSubject(CN_CO, "LEGAL_PERSON", "x", "TJ", {})).to_dict()[
        "properties"
    ]["uscCode"] == [CN_CO]


@pytest.mark.parametrize("module", [loaders.ftm])
def test_doctests(module: Any) -> None:
    assert doctest.testmod(module).failed == 0

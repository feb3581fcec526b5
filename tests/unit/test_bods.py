"""BODS 0.4 import and export on the shared fixtures, against their `.expected.md` (issue 8).

The fixtures (tests/fixtures/bods-v04-fixtures) are synthetic conformance cases; each test
names the expectation of the specification it checks.
"""

from __future__ import annotations

import doctest
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import loaders.bods
import loaders.interop
from graph_service.analytics.control import DeclaredControl, Holding, ultimate_controllers
from graph_service.domain.enums import IngestKind
from graph_service.domain.ingest import validate_items
from graph_service.interop.bods import neighbourhood_statements
from graph_service.interop.model import ExportLink, ExportSubject
from loaders.bods import convert_bods, read_bods, share_ratio
from loaders.interop import Conversion, synthetic_uscc
from tests.bods_validation import validate_bods
from tests.factories import uscc

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bods-v04-fixtures"
DIRECT = FIXTURES / "core" / "01-direct-ownership.json"
CIRCULAR = FIXTURES / "edge-cases" / "10-circular-ownership.json"
ANONYMOUS = FIXTURES / "edge-cases" / "11-anonymous-person.json"
AT = date(2026, 4, 17)
REAL = uscc(101)


def ids(ref: str | dict[str, str]) -> str:
    return ref if isinstance(ref, str) else ref["resident_id"]


def control_links(conv: Conversion) -> tuple[list[Holding], list[DeclaredControl]]:
    holdings = [
        Holding(ids(h["holder"]), h["org"], h["ratio"], date.fromisoformat(h["valid_from"]))
        for h in conv.holdings.values()
    ]
    declared = [
        DeclaredControl(ids(r["holder"]), r["org"], date.fromisoformat(r["valid_from"]))
        for r in conv.roles.values()
        if r["role"] == "ACTUAL_CONTROLLER"
    ]
    return holdings, declared


def assert_valid_items(conv: Conversion) -> None:
    """Every item passes the row rules of POST /v1/ingest/{kind}."""
    for kind, items in conv.items().items():
        _, errors = validate_items(IngestKind(kind), items)
        assert errors == [], (kind, errors)


def test_fixtures_are_present() -> None:
    assert (FIXTURES / "VERSION").read_text().strip() == "0.1.0"


def test_01_direct_ownership_one_entity_one_person_one_relationship() -> None:
    conv = convert_bods(read_bods(DIRECT))
    kinds = sorted(s["kind"] for s in conv.subjects.values())
    assert kinds == ["LEGAL_PERSON", "NATURAL_PERSON"]
    assert_valid_items(conv)
    org = next(s for s in conv.subjects.values() if s["kind"] == "LEGAL_PERSON")
    person = next(s for s in conv.subjects.values() if s["kind"] == "NATURAL_PERSON")
    assert org["name"] == "Acme Holdings Ltd" and person["name"] == "Jane Smith"
    # Both interest types are kept, not collapsed: the shareholding as a 75 % holding, the
    # 75 % voting rights as declared control.
    [holding] = conv.holdings.values()
    assert holding["ratio"] == 0.75 and holding["valid_from"] == "2010-01-01"
    [role] = conv.roles.values()
    assert role["role"] == "ACTUAL_CONTROLLER" and role["org"] == org["uscc"]
    # Provenance: the source and its record ids stay on the subjects.
    assert org["extra"]["source"] == "bods"
    assert org["extra"]["bods_record_id"] == "rec-acme-holdings-ltd"
    assert org["extra"]["identifiers"] == "GB-COH:10000001"
    assert org["extra"]["jurisdiction"] == "GB"
    assert person["extra"]["bods_record_id"] == "rec-jane-smith-1975"


def test_01_ids_are_stable_across_runs() -> None:
    first, second = convert_bods(read_bods(DIRECT)), convert_bods(read_bods(DIRECT))
    assert first.items() == second.items()
    org = next(s for s in first.subjects.values() if s["kind"] == "LEGAL_PERSON")
    # A foreign entity without a USCC gets a synthetic one: valid, flagged, never real (0...).
    assert org["uscc"] == synthetic_uscc(org["extra"]["source_key"])
    assert org["uscc"].startswith("0") and org["extra"]["synthetic_uscc"] is True
    person = next(s for s in first.subjects.values() if s["kind"] == "NATURAL_PERSON")
    assert int(person["resident_id"][6:10]) < 1900  # a synthetic resident ID names nobody
    assert person["extra"]["synthetic_id"] is True


def test_01_find_ubo_returns_jane_smith_in_one_hop_at_75_percent() -> None:
    conv = convert_bods(read_bods(DIRECT))
    org = next(s["uscc"] for s in conv.subjects.values() if s["kind"] == "LEGAL_PERSON")
    person = next(s["resident_id"] for s in conv.subjects.values() if s.get("resident_id"))
    holdings, declared = control_links(conv)
    answer = ultimate_controllers(org, holdings, declared, AT, natural_persons={person})
    [ubo] = answer.ultimate_controllers
    assert ubo.subject == person and ubo.path == [person, org]
    assert ubo.effective_share == pytest.approx(0.75)
    assert answer.beneficial_owners == {person: pytest.approx(0.75)}


def test_10_circular_ownership_keeps_both_edges_and_terminates() -> None:
    conv = convert_bods(read_bods(CIRCULAR))
    assert_valid_items(conv)
    assert [s["kind"] for s in conv.subjects.values()] == ["LEGAL_PERSON", "LEGAL_PERSON"]
    # Both edges are independently sourced facts: none is dropped as a duplicate.
    assert len(conv.holdings) == 2 and {h["ratio"] for h in conv.holdings.values()} == {1.0}
    alpha = next(s["uscc"] for s in conv.subjects.values() if s["name"] == "Alpha Corp Ltd")
    beta = next(s["uscc"] for s in conv.subjects.values() if s["name"] == "Beta Corp Ltd")
    holdings, declared = control_links(conv)
    for org in (alpha, beta):
        answer = ultimate_controllers(org, holdings, declared, AT, natural_persons=set())
        # No natural-person UBO, the cycle is reported, no entity is its own UBO.
        assert answer.ultimate_controllers == []
        assert answer.beneficial_owners == {}
        assert answer.cycles == [sorted([alpha, beta])]
        # Circular shareholding does not inflate the totals to 200 %.
        assert all(share <= 1.0 + 1e-9 for share in answer.effective_shares.values())
        assert org not in answer.effective_shares


def test_11_declared_unknown_owner_is_kept_without_a_placeholder_person() -> None:
    conv = convert_bods(read_bods(ANONYMOUS))
    assert_valid_items(conv)
    [entity] = conv.subjects.values()
    # MUST NOT synthesise a placeholder person; MUST preserve the reason code verbatim and
    # the free-text description.
    assert entity["kind"] == "LEGAL_PERSON"
    assert entity["extra"]["unspecified_owner_reason"] == (
        "subjectUnableToConfirmOrIdentifyBeneficialOwner"
    )
    assert entity["extra"]["unspecified_owner_description"].startswith(
        "The subject entity has reported"
    )
    assert not conv.roles and not conv.holdings
    assert any("not specified" in n.message for n in conv.notes)
    assert entity["extra"]["jurisdiction"] == "PA"


def statement(
    record_id: str, record_type: str, details: dict[str, Any], **extra: Any
) -> dict[str, Any]:
    return {
        "statementId": f"s-{record_id}-{extra.pop('n', 0)}-0000-0000-0000-000000000000",
        "statementDate": extra.pop("date", "2024-01-01"),
        "recordId": record_id,
        "recordType": record_type,
        "recordStatus": extra.pop("status", "new"),
        "publicationDetails": {"publicationDate": "2024-01-01", "bodsVersion": "0.4"},
        "recordDetails": details,
    }


def entity(record_id: str, **details: Any) -> dict[str, Any]:
    body = {"isComponent": False, "entityType": {"type": "registeredEntity"}, "name": record_id}
    return statement(record_id, "entity", {**body, **details})


def person(record_id: str, person_type: str = "knownPerson") -> dict[str, Any]:
    body = {"isComponent": False, "personType": person_type}
    if person_type == "knownPerson":
        body["names"] = [{"type": "legal", "fullName": record_id}]
    return statement(record_id, "person", body)


def relationship(
    record_id: str, subject: str, party: str, *interests: dict[str, Any], **kw: Any
) -> dict[str, Any]:
    details = {
        "isComponent": False,
        "subject": subject,
        "interestedParty": party,
        "interests": list(interests),
    }
    return statement(record_id, "relationship", details, **kw)


def test_ranged_shares_take_the_midpoint() -> None:
    # The decision: both bounds → midpoint; a lower bound alone → the bound (nudged when
    # exclusive, so "more than 50 %" stays control); an upper bound alone → half of it.
    assert share_ratio({"exclusiveMinimum": 25, "maximum": 50}) == (0.375, 0.2501)
    assert share_ratio({"exclusiveMinimum": 50, "exclusiveMaximum": 75})[0] == pytest.approx(0.625)
    assert share_ratio({"minimum": 75, "maximum": 100}) == (0.875, 0.75)
    assert (share_ratio({"exclusiveMinimum": 50})[0] or 0) > 0.5
    assert share_ratio({"exact": 0}) == (None, None)
    assert share_ratio(None) == (None, None)


def test_interests_map_to_roles_and_holdings() -> None:
    statements = [
        entity("org", identifiers=[{"scheme": "CN-SAIC", "id": REAL}]),
        entity("parent"),
        person("boss"),
        person("someone", "anonymousPerson"),
        relationship(
            "r1",
            "org",
            "boss",
            {"type": "otherInfluenceOrControl", "details": "法定代表人", "startDate": "2020-01-01"},
            {"type": "seniorManagingOfficial", "startDate": "2020-01-01", "endDate": "2022-01-01"},
            {"type": "boardMember", "startDate": "2020-01-01"},
            {"type": "votingRights", "share": {"exact": 30}},
        ),
        relationship(
            "r2",
            "org",
            "parent",
            {"type": "shareholding", "share": {"exclusiveMinimum": 50, "maximum": 75}},
            {"type": "seniorManagingOfficial"},
            {"type": "appointmentOfBoard", "startDate": "2019-05-01"},
        ),
        relationship("r3", "org", "someone", {"type": "shareholding", "share": {"exact": 10}}),
        relationship(
            "r4",
            "org",
            "parent",
            {"type": "otherInfluenceOrControl"},
            status="closed",
            date="2023-06-01",
        ),
    ]
    conv = convert_bods(statements)
    by_role = {(r["role"], r["valid_from"], r["valid_to"]) for r in conv.roles.values()}
    assert ("LEGAL_REPRESENTATIVE", "2020-01-01", None) in by_role
    assert ("PRINCIPAL", "2020-01-01", "2022-01-01") in by_role
    assert ("ACTUAL_CONTROLLER", "2019-05-01", None) in by_role
    assert ("ACTUAL_CONTROLLER", "2023-06-01", "2023-06-01") not in by_role  # closed same day
    ratios = sorted(h["ratio"] for h in conv.holdings.values())
    assert ratios == [0.1, 0.625]
    messages = " ".join(n.message for n in conv.notes)
    assert "boardMember is no role" in messages
    assert "votingRights of 50 % or less" in messages
    assert "PRINCIPAL is a natural person" in messages
    # A real USCC is taken as it is; the anonymous person is kept as such.
    assert REAL in conv.subjects and "synthetic_uscc" not in conv.subjects[REAL]["extra"]
    anonymous = next(
        s
        for s in conv.subjects.values()
        if s.get("extra", {}).get("person_type") == "anonymousPerson"
    )
    assert anonymous["name"] == "(anonymous person)" and anonymous["extra"]["placeholder"] is True


def test_a_later_statement_replaces_an_earlier_one_of_the_same_record() -> None:
    old = entity("org")
    new = entity("org", name="Renamed Ltd")
    new["statementDate"] = "2025-01-01"
    new["statementId"] = "s-org-1-0000-0000-0000-000000000000"
    conv = convert_bods([new, old])
    [subject] = conv.subjects.values()
    assert subject["name"] == "Renamed Ltd"


def test_export_validates_with_libcovebods_and_reads_back() -> None:
    conv = convert_bods([*read_bods(DIRECT), *read_bods(ANONYMOUS)])
    org = next(s for s in conv.subjects.values() if s["name"] == "Acme Holdings Ltd")
    jane = next(s for s in conv.subjects.values() if s["kind"] == "NATURAL_PERSON")
    opaque = next(s for s in conv.subjects.values() if s["name"] == "Opaque Holdings SA")
    subjects = [
        ExportSubject(org["uscc"], "LEGAL_PERSON", org["name"], "TJ", org["extra"]),
        ExportSubject("P" + "0" * 32, "NATURAL_PERSON", jane["name"], "TJ", jane["extra"]),
        ExportSubject(opaque["uscc"], "LEGAL_PERSON", opaque["name"], "TJ", opaque["extra"]),
    ]
    links = [
        ExportLink("HOLDS_SHARES_IN", "P" + "0" * 32, org["uscc"], 0.75, date(2010, 1, 1)),
        ExportLink("ACTUAL_CONTROLLER_OF", "P" + "0" * 32, org["uscc"], None, date(2010, 1, 1)),
    ]
    statements = neighbourhood_statements(subjects, links, AT)
    assert validate_bods(statements) == []
    assert all(s["publicationDetails"]["bodsVersion"] == "0.4" for s in statements)
    back = convert_bods(json.loads(json.dumps(statements)))
    assert {s["uscc"] for s in back.subjects.values() if s.get("uscc")} == {
        org["uscc"],
        opaque["uscc"],
    }
    assert {s.get("resident_id") for s in back.subjects.values()} - {None} == {jane["resident_id"]}
    [holding] = back.holdings.values()
    assert holding["ratio"] == 0.75
    reopened = next(s for s in back.subjects.values() if s.get("uscc") == opaque["uscc"])
    assert (
        reopened["extra"]["unspecified_owner_reason"] == opaque["extra"]["unspecified_owner_reason"]
    )


def test_doctests() -> None:
    for module in (loaders.bods, loaders.interop):
        assert doctest.testmod(module).failed == 0

"""POST /v1/ingest/{kind} against the real Neo4j: every validation rule of issue 3 refuses the
whole batch with the bad rows named and nothing written; idempotency, updates, round trips
through GET /v1/subjects/{id}, the first StateChange of records and entries (R-TIME-5), and
a 100,000-row batch under the same guarantees."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph_service.auth import Role, create_token
from graph_service.domain.enums import IngestKind
from graph_service.store.db import Database
from graph_service.store.ingest import Ingestor
from tests.factories import (
    OMIT,
    item_authority,
    item_branch,
    item_catalogue,
    item_domain,
    item_entry,
    item_holding,
    item_list,
    item_matter,
    item_measure,
    item_organisation,
    item_person,
    item_record,
    item_role,
    resident_id,
    uscc,
)
from tests.helpers import AUTHORITY_CODE, PSEUDONYM_KEY, load, person_id
from tests.integration.graph_state import graph_state

PROBLEM = "application/problem+json"
PERSON = {"resident_id": resident_id(1)}


def base_registry() -> dict[str, list[dict[str, Any]]]:
    """Two organisations (2 a branch of 1), a person representing and owning 60 % of 1, a
    dishonesty record of 1 on a joint sanction list, a positive record, a reward list."""
    return {
        "domains": [item_domain(1), item_domain(2, parent="DOM-1")],
        "matters": [item_matter(1)],
        "authorities": [item_authority(1)],
        "catalogue": [item_catalogue(1), item_catalogue(2, disclosure="RESTRICTED")],
        "subjects": [item_organisation(1), item_organisation(2), item_person(1)],
        "roles": [item_role(1)],
        "holdings": [item_holding(1)],
        "branches": [item_branch(1)],
        "records": [
            item_record(1),
            item_record(1, id="REC-POS", type="POSITIVE", category="COMMENDATION", document=None),
        ],
        "lists": [item_list(1), item_list(2, type="JOINT_REWARD", issuer="AUTH-1")],
        "entries": [item_entry(1)],
        "measures": [item_measure(1)],
    }


@pytest.fixture
def base(api: TestClient) -> TestClient:
    load(api, base_registry())
    return api


def refused(
    api: TestClient,
    db: Database,
    kind: str,
    items: list[Any],
    expected: list[tuple[int, str]],
) -> list[dict[str, Any]]:
    """Post a batch that must be refused: 422 problem+json naming every expected (row, field),
    and the graph exactly as it was."""
    before = graph_state(db)
    response = api.post(f"/v1/ingest/{kind}", json={"items": items})
    assert response.status_code == 422, response.json()
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["type"] == "urn:credit-graph:problem:validation"
    named = {(error["row"], error["field"]) for error in body["errors"]}
    for row, field in expected:
        assert (row, field) in named, (row, field, body["errors"])
    # Only the bad rows are named: the good rows mixed in pass.
    assert {row for row, _ in named} == {row for row, _ in expected}, body["errors"]
    assert graph_state(db) == before
    errors: list[dict[str, Any]] = body["errors"]
    return errors


def accepted(api: TestClient, kind: str, items: list[Any]) -> dict[str, Any]:
    response = api.post(f"/v1/ingest/{kind}", json={"items": items})
    assert response.status_code == 200, response.json()
    body: dict[str, Any] = response.json()
    return body


# --- every rule: bad rows mixed with good ones ----------------------------------------------

Case = tuple[str, Callable[[], list[Any]], list[tuple[int, str]]]

CASES: list[tuple[str, Case]] = [
    (
        "r_subj_1_bad_uscc_check_character",
        (
            "subjects",
            lambda: [
                item_organisation(10),
                item_organisation(11, uscc=uscc(11)[:-1] + ("0" if uscc(11)[-1] != "0" else "1")),
                item_organisation(12),
            ],
            [(1, "uscc")],
        ),
    ),
    (
        "r_subj_1_malformed_uscc",
        (
            "subjects",
            lambda: [item_organisation(10), item_organisation(11, uscc="91-12")],
            [(1, "uscc")],
        ),
    ),
    (
        "r_subj_1_bad_resident_id",
        (
            "subjects",
            lambda: [
                item_person(10),
                item_person(11, resident_id=resident_id(11)[:-1] + "0"),
                item_person(12, resident_id="990101196001010010"),
            ],
            [(1, "resident_id"), (2, "resident_id")],
        ),
    ),
    (
        "r_info_3_dishonesty_without_document",
        (
            "records",
            lambda: [item_record(1, id="REC-A"), item_record(1, id="REC-B", document=None)],
            [(1, "document")],
        ),
    ),
    (
        "r_info_3_category_2_minor",
        (
            "records",
            lambda: [
                item_record(1, id="REC-A", category=2),
                item_record(1, id="REC-B", category=2, minor=True),
            ],
            [(1, "minor")],
        ),
    ),
    (
        "r_info_3_category_2_self_corrected",
        (
            "records",
            lambda: [
                item_record(1, id="REC-A", category=2, self_corrected=True),
                item_record(1, id="REC-B", category=3, self_corrected=True),
            ],
            [(0, "self_corrected")],
        ),
    ),
    (
        "r_info_4_chinese_never_collected_attribute_in_extra",
        (
            "subjects",
            lambda: [
                item_organisation(10, extra={"注册资本": "100万元"}),
                item_organisation(11, extra={"法定代表人血型": "A"}),
            ],
            [(1, "extra.法定代表人血型")],
        ),
    ),
    (
        "r_info_4_english_never_collected_attribute_in_extra",
        (
            "records",
            lambda: [
                item_record(1, id="REC-A", extra={"summary": "late filing"}),
                item_record(1, id="REC-B", extra={"medicalHistory": "x"}),
                item_record(1, id="REC-C", consent="written consent", extra={"religion": "x"}),
            ],
            [(1, "extra.medicalHistory"), (2, "extra.religion")],
        ),
    ),
    (
        "r_info_4_never_collected_attribute_as_a_field",
        (
            "subjects",
            lambda: [item_organisation(10), item_person(11, blood_type="A")],
            [(1, "blood_type")],
        ),
    ),
    (
        "r_info_4_financial_attribute_without_consent",
        (
            "subjects",
            lambda: [
                item_person(10, consent="书面同意 2024-01-05", extra={"年收入": 120000}),
                item_person(11, extra={"年收入": 120000}),
                item_organisation(12, extra={"tax_amount": 5}),
            ],
            [(1, "extra.年收入"), (2, "extra.tax_amount")],
        ),
    ),
    (
        "r_info_4_financial_attribute_of_a_record_without_consent",
        (
            "records",
            lambda: [item_record(1, id="REC-A", extra={"depositBalance": 1.0})],
            [(0, "extra.depositBalance")],
        ),
    ),
    (
        "r_info_5_person_record_without_basis_by_resident_id",
        (
            "records",
            lambda: [
                item_record(1, id="REC-A", subject=PERSON, legal_basis="Art. 11"),
                item_record(1, id="REC-B", subject=PERSON),
            ],
            [(1, "legal_basis")],
        ),
    ),
    (
        "r_info_5_person_record_without_basis_by_person_id",
        (
            "records",
            lambda: [
                item_record(1, id="REC-A", subject=person_id(resident_id(1)), consent="同意"),
                item_record(1, id="REC-B", subject=person_id(resident_id(1))),
            ],
            [(1, "legal_basis")],
        ),
    ),
    (
        "unknown_subject",
        (
            "records",
            lambda: [
                item_record(1, id="REC-A"),
                item_record(1, id="REC-B", subject=uscc(99)),
                item_record(
                    1, id="REC-C", subject={"resident_id": resident_id(99)}, legal_basis="Art. 11"
                ),
            ],
            [(1, "subject"), (2, "subject")],
        ),
    ),
    (
        "unknown_role_holder_and_org",
        (
            "roles",
            lambda: [
                item_role(1, role="PRINCIPAL"),
                item_role(1, holder={"resident_id": resident_id(99)}),
                item_role(1, org=uscc(99), valid_from="2021-01-01"),
            ],
            [(1, "holder"), (2, "org")],
        ),
    ),
    (
        "unknown_list_and_record",
        (
            "entries",
            lambda: [
                item_entry(1, id="ENT-A"),
                item_entry(1, id="ENT-B", list="LIST-NONE"),
                item_entry(1, id="ENT-C", record="REC-NONE"),
            ],
            [(1, "list"), (2, "record")],
        ),
    ),
    (
        "unknown_domain",
        (
            "records",
            lambda: [item_record(1, id="REC-A"), item_record(1, id="REC-B", domain="DOM-NONE")],
            [(1, "domain")],
        ),
    ),
    (
        "unknown_domain_of_matter_and_parent",
        (
            "matters",
            lambda: [item_matter(1, code="MAT-A"), item_matter(1, code="MAT-B", domain="DOM-X")],
            [(1, "domain")],
        ),
    ),
    (
        "unknown_parent_domain",
        (
            "domains",
            lambda: [
                item_domain(5, parent="DOM-6"),
                item_domain(6),
                item_domain(7, parent="DOM-NONE"),
            ],
            [(2, "parent")],
        ),
    ),
    (
        "unknown_matter",
        (
            "measures",
            lambda: [
                item_measure(1, code="MEA-A"),
                item_measure(1, code="MEA-B", matters=["MAT-1", "MAT-NONE"]),
            ],
            [(1, "matters")],
        ),
    ),
    (
        "unknown_list_of_measure",
        (
            "measures",
            lambda: [item_measure(1, code="MEA-B", lists=["LIST-NONE"])],
            [(0, "lists")],
        ),
    ),
    (
        "unknown_authority",
        (
            "records",
            lambda: [item_record(1, id="REC-A"), item_record(1, id="REC-B", provider="AUTH-X")],
            [(1, "provider")],
        ),
    ),
    (
        "unknown_issuer_and_implementing_authority",
        (
            "lists",
            lambda: [item_list(3, issuer="AUTH-1"), item_list(4, issuer="AUTH-X")],
            [(1, "issuer")],
        ),
    ),
    (
        "unknown_implementing_authority",
        (
            "measures",
            lambda: [item_measure(1, code="MEA-B", authority="AUTH-X")],
            [(0, "authority")],
        ),
    ),
    (
        "unknown_catalogue_item",
        (
            "records",
            lambda: [
                item_record(1, id="REC-A"),
                item_record(1, id="REC-B", catalogue_item="CAT-NONE"),
            ],
            [(1, "catalogue_item")],
        ),
    ),
    (
        "r_subj_3_ratio_outside_0_1",
        (
            "holdings",
            lambda: [
                item_holding(1, holder=uscc(2), ratio=0.3, valid_from="2019-01-01"),
                item_holding(1, holder=uscc(2), ratio=0, valid_from="2018-01-01"),
                item_holding(1, holder=uscc(2), ratio=1.5, valid_from="2017-01-01"),
                item_holding(1, holder=uscc(2), ratio=-0.1, valid_from="2016-01-01"),
            ],
            [(1, "ratio"), (2, "ratio"), (3, "ratio")],
        ),
    ),
    (
        "r_subj_3_holdings_above_1_within_the_batch",
        (
            "holdings",
            lambda: [
                item_holding(2, holder=uscc(1), ratio=0.7, valid_from="2021-01-01"),
                item_holding(
                    2, holder=PERSON, ratio=0.4, valid_from="2022-01-01", valid_to="2023-01-01"
                ),
            ],
            [(0, "ratio"), (1, "ratio")],
        ),
    ),
    (
        "r_subj_3_holdings_above_1_with_the_stored_ones",
        (
            "holdings",
            # The stored 60 % of uscc(1) by person 1 runs from 2020 on: 0.6 + 0.5 in 2024.
            lambda: [item_holding(1, holder=uscc(2), ratio=0.5, valid_from="2024-01-01")],
            [(0, "ratio")],
        ),
    ),
    (
        "r_subj_2_valid_from_after_valid_to",
        (
            "roles",
            lambda: [
                item_role(1, role="PRINCIPAL", valid_to="2021-01-01"),
                item_role(
                    1, role="ACTUAL_CONTROLLER", valid_from="2022-01-01", valid_to="2021-12-31"
                ),
            ],
            [(1, "valid_to")],
        ),
    ),
    (
        "r_subj_3_holding_valid_from_after_valid_to",
        (
            "holdings",
            lambda: [item_holding(1, ratio=0.1, valid_from="2022-01-01", valid_to="2021-01-01")],
            [(0, "valid_to")],
        ),
    ),
    (
        "r_time_1_act_start_after_act_end",
        (
            "records",
            lambda: [
                item_record(1, id="REC-A"),
                item_record(1, id="REC-B", act_start="2023-07-01", act_end="2023-06-30"),
            ],
            [(1, "act_end")],
        ),
    ),
    (
        "r_list_1_sanction_entry_without_dishonesty_record",
        (
            "entries",
            lambda: [
                item_entry(1, id="ENT-A", list="LIST-2", record=None),  # reward list: fine
                item_entry(1, id="ENT-B", record=None),
                item_entry(1, id="ENT-C", record="REC-POS"),
                item_entry(1, id="ENT-D", record=OMIT),
            ],
            [(1, "record"), (2, "record"), (3, "record")],
        ),
    ),
    (
        "unknown_fields",
        (
            "subjects",
            lambda: [item_organisation(10), item_organisation(11, nickname="老王")],
            [(1, "nickname")],
        ),
    ),
    (
        "unknown_fields_of_records",
        (
            "records",
            lambda: [item_record(1, id="REC-A", note="x"), item_record(1, id="REC-B")],
            [(0, "note")],
        ),
    ),
]


@pytest.mark.parametrize(
    ("kind", "build", "expected"), [c for _, c in CASES], ids=[n for n, _ in CASES]
)
def test_bad_rows_refuse_the_batch_and_nothing_is_written(
    base: TestClient,
    db: Database,
    kind: str,
    build: Callable[[], list[Any]],
    expected: list[tuple[int, str]],
) -> None:
    errors = refused(base, db, kind, build(), expected)
    assert all(error["message"] for error in errors)


def test_r_subj_1_refusal_does_not_repeat_the_resident_id(base: TestClient, db: Database) -> None:
    bad = resident_id(11)[:-1] + ("0" if resident_id(11)[-1] != "0" else "1")
    items = [item_person(11, resident_id=bad), item_person(12, nickname="x")]
    response = base.post("/v1/ingest/subjects", json={"items": items})
    assert response.status_code == 422
    assert bad not in response.text and resident_id(12) not in response.text
    assert "R-SUBJ-1" in response.text


def test_r_info_4_messages_cite_the_rule(base: TestClient, db: Database) -> None:
    errors = refused(
        base, db, "subjects", [item_organisation(11, extra={"指纹": "x"})], [(0, "extra.指纹")]
    )
    assert errors[0]["message"].startswith("R-INFO-4 (Art. 16)")


def test_r_subj_3_holdings_summing_above_1_across_two_batches(
    api: TestClient, db: Database
) -> None:
    registry = base_registry()
    registry.pop("holdings")
    load(api, registry)
    accepted(api, "holdings", [item_holding(1, ratio=0.6, valid_from="2020-01-01")])
    # Before the stored holding starts, or after the new one ends, the sum stays at or below 1.
    accepted(
        api,
        "holdings",
        [item_holding(1, holder=uscc(2), ratio=0.4, valid_from="2018-01-01", valid_to=None)],
    )
    refused(
        api,
        db,
        "holdings",
        [item_holding(1, holder=uscc(2), ratio=0.45, valid_from="2018-01-01")],
        [(0, "ratio")],
    )
    accepted(
        api,
        "holdings",
        [
            item_holding(
                1, holder=uscc(2), ratio=0.9, valid_from="2018-01-01", valid_to="2020-01-01"
            )
        ],
    )


def test_r_info_4_financial_attributes_pass_with_consent(base: TestClient) -> None:
    items = [
        item_person(10, consent="书面同意，已告知可能后果", extra={"年收入": 1, "taxAmount": 2})
    ]
    assert accepted(base, "subjects", items)["created"] == 1


def test_refused_batch_lists_every_bad_row(base: TestClient, db: Database) -> None:
    items = [item_record(1, id=f"REC-{n}", document=None) for n in range(10, 15)]
    items.insert(2, item_record(1, id="REC-GOOD"))
    expected = [(row, "document") for row in (0, 1, 3, 4, 5)]
    refused(base, db, "records", items, expected)


# --- idempotency, updates, round trip --------------------------------------------------------


def test_the_same_batches_again_are_unchanged(api: TestClient, db: Database) -> None:
    registry = base_registry()
    load(api, registry)
    before = graph_state(db)
    for kind, items in registry.items():
        body = accepted(api, kind, items)
        assert body == {
            **body,
            "received": len(items),
            "created": 0,
            "updated": 0,
            "unchanged": len(items),
        }, kind
    assert graph_state(db) == before


def test_changes_are_counted_as_updates(base: TestClient, db: Database) -> None:
    def outcome(kind: str, items: list[Any]) -> tuple[int, int, int]:
        body = accepted(base, kind, items)
        return body["created"], body["updated"], body["unchanged"]

    renamed = item_organisation(1, name="Company 1 renamed")
    assert outcome("subjects", [renamed, item_organisation(2)]) == (0, 1, 1)
    assert outcome("roles", [item_role(1, valid_to="2024-01-01")]) == (0, 1, 0)
    assert outcome("holdings", [item_holding(1, ratio=0.5)]) == (0, 1, 0)
    new_record = item_record(
        2, id="REC-N", subject=uscc(2), provider="AUTH-1", domain="DOM-1", catalogue_item="CAT-1"
    )
    assert outcome("records", [item_record(1, serious=True), new_record]) == (1, 1, 0)
    assert outcome("entries", [item_entry(1, remedy="Administrative review.")]) == (0, 1, 0)
    assert outcome("measures", [item_measure(1, roles=["SELF"])]) == (0, 1, 0)
    assert outcome("domains", [item_domain(2, parent=None), item_domain(1)]) == (0, 1, 1)
    with db.driver.session(database=db.database) as session:
        parents = session.run(
            "MATCH (d:Domain {code: 'DOM-2'}) RETURN COUNT { (d)-[:SUBDOMAIN_OF]->() } AS n"
        ).single()
    assert parents is not None and parents["n"] == 0
    with db.driver.session(database=db.database) as session:
        stored = session.run(
            "MATCH (s:Subject {id: $id}) RETURN s.name AS name, labels(s) AS labels", id=uscc(1)
        ).single()
    assert stored is not None and stored["name"] == "Company 1 renamed"
    # An organisation that changes form keeps one kind label.
    assert outcome("subjects", [item_organisation(1, kind="UNINCORPORATED_ORG")]) == (0, 1, 0)
    with db.driver.session(database=db.database) as session:
        labels = session.run("MATCH (s:Subject {id: $id}) RETURN labels(s) AS l", id=uscc(1))
        assert sorted(labels.single(strict=True)["l"]) == ["Subject", "UnincorporatedOrg"]


def test_a_branch_moved_to_another_parent_is_an_update(base: TestClient, db: Database) -> None:
    accepted(base, "subjects", [item_organisation(3)])
    body = accepted(base, "branches", [item_branch(1, parent=uscc(3))])
    assert (body["created"], body["updated"]) == (0, 1)
    with db.driver.session(database=db.database) as session:
        parents = [
            r["p"]
            for r in session.run(
                "MATCH (:Subject {id: $b})-[:BRANCH_OF]->(p) RETURN p.id AS p", b=uscc(2)
            )
        ]
    assert parents == [uscc(3)]


def test_subject_ids_come_back_in_item_order_and_persons_are_pseudonyms(api: TestClient) -> None:
    items = [item_person(5), item_organisation(6), item_person(7), item_organisation(4)]
    response = api.post("/v1/ingest/subjects", json={"items": items})
    assert response.status_code == 200
    ids = response.json()["ids"]
    assert ids == [person_id(resident_id(5)), uscc(6), person_id(resident_id(7)), uscc(4)]
    assert all(rid not in response.text for rid in (resident_id(5), resident_id(7)))
    assert ids[0].startswith("P") and len(ids[0]) == 33


def test_round_trip_through_the_profile(base: TestClient) -> None:
    registry = base_registry()
    accepted(
        base,
        "subjects",
        [item_organisation(1, extra={"注册资本": "500万元", "employees": 12, "listed": False})],
    )
    org = base.get(f"/v1/subjects/{uscc(1)}", params={"as_of": "2024-01-01"})
    assert org.status_code == 200, org.json()
    body = org.json()
    subject = registry["subjects"][0]
    assert {k: body[k] for k in ("id", "kind", "name", "region", "masked_id")} == {
        "id": uscc(1),
        "kind": subject["kind"],
        "name": subject["name"],
        "region": subject["region"],
        "masked_id": None,
    }
    assert body["extra"] == {"注册资本": "500万元", "employees": 12, "listed": False}
    assert body["roles"] == [
        {
            "role": "LEGAL_REPRESENTATIVE",
            "holder": person_id(resident_id(1)),
            "holder_name": "Person 1",
            "org": uscc(1),
            "org_name": "Company 1",
            "valid_from": "2020-01-01",
            "valid_to": None,
        }
    ]
    assert body["holdings"] == [
        {
            "holder": person_id(resident_id(1)),
            "holder_name": "Person 1",
            "org": uscc(1),
            "org_name": "Company 1",
            "ratio": 0.6,
            "valid_from": "2020-01-01",
            "valid_to": None,
        }
    ]
    record = item_record(1)
    by_id = {r["id"]: r for r in body["records"]}
    assert by_id["REC-1"] == {
        "id": "REC-1",
        "type": record["type"],
        "category": "3",
        "serious": False,
        "document": record["document"],
        "domain": "DOM-1",
        "catalogue_item": "CAT-1",
        "act_start": record["act_start"],
        "act_end": record["act_end"],
        "state": "in_force",
    }
    assert by_id["REC-POS"]["category"] == "COMMENDATION"
    assert body["entries"] == [
        {
            "id": "ENT-1",
            "list": "LIST-1",
            "list_type": "JOINT_SANCTION",
            "record": "REC-1",
            "listed_at": "2023-07-15",
            "removed_on": None,
            "state": "in_force",
        }
    ]
    person = base.get(f"/v1/subjects/{person_id(resident_id(1))}").json()
    assert person["kind"] == "NATURAL_PERSON"
    assert person["masked_id"] == resident_id(1)[:4] + "*" * 10 + resident_id(1)[-4:]
    assert resident_id(1) not in str(person)
    assert [r["role"] for r in person["roles"]] == ["LEGAL_REPRESENTATIVE"]


def test_profile_follows_as_of(base: TestClient) -> None:
    accepted(
        base,
        "roles",
        [item_role(1, role="PRINCIPAL", valid_from="2021-01-01", valid_to="2022-01-01")],
    )

    def roles(as_of: str) -> list[str]:
        body = base.get(f"/v1/subjects/{uscc(1)}", params={"as_of": as_of}).json()
        return sorted(r["role"] for r in body["roles"])

    assert roles("2019-06-01") == []
    assert roles("2021-06-01") == ["LEGAL_REPRESENTATIVE", "PRINCIPAL"]
    assert roles("2022-01-01") == ["LEGAL_REPRESENTATIVE"]
    early = base.get(f"/v1/subjects/{uscc(1)}", params={"as_of": "2023-01-01"}).json()
    assert early["records"] == [] and early["entries"] == []  # acted / listed later
    # R-TIME-1: five years after the act ended the record leaves the regulators' view.
    late = base.get(f"/v1/subjects/{uscc(1)}", params={"as_of": "2028-07-01"}).json()
    assert {r["id"]: r["state"] for r in late["records"]}["REC-1"] == "expired"


def test_profile_access(base: TestClient, db: Database) -> None:
    accepted(base, "records", [item_record(1, id="REC-SECRET", catalogue_item="CAT-2")])
    url = f"/v1/subjects/{uscc(1)}"
    as_admin = base.get(url, params={"as_of": "2024-01-01"}).json()
    assert "REC-SECRET" in {r["id"] for r in as_admin["records"]}
    authority = create_token(
        db, role=Role.AUTHORITY, subject=None, label="test", authority=AUTHORITY_CODE
    )
    headers = {"Authorization": f"Bearer {authority}"}
    assert base.get(url, headers=headers).status_code == 403  # no purpose (R-SEC-1)
    response = base.get(
        url, headers=headers, params={"purpose": "PUBLIC_PROCUREMENT", "as_of": "2024-01-01"}
    )
    assert response.status_code == 200
    assert "REC-SECRET" not in {r["id"] for r in response.json()["records"]}  # R-INFO-2
    late = base.get(url, headers=headers, params={"purpose": "BIDDING", "as_of": "2028-07-01"})
    assert "REC-1" not in {r["id"] for r in late.json()["records"]}  # R-TIME-1
    public = create_token(db, role=Role.PUBLIC, subject=None, label="test")
    assert base.get(url, headers={"Authorization": f"Bearer {public}"}).status_code == 403
    own = create_token(db, role=Role.SUBJECT, subject=uscc(1), label="test")
    assert base.get(url, headers={"Authorization": f"Bearer {own}"}).status_code == 200
    other = create_token(db, role=Role.SUBJECT, subject=uscc(2), label="test")
    assert base.get(url, headers={"Authorization": f"Bearer {other}"}).status_code == 403
    with db.driver.session(database=db.database) as session:
        logged = session.run(
            "MATCH (q:QueryLog {subject: $id}) "
            "WHERE q.endpoint = 'GET /v1/subjects/{id}' RETURN q.purpose AS purpose",
            id=uscc(1),
        ).value()
    assert sorted(logged, key=str) == sorted([None, None, "PUBLIC_PROCUREMENT", "BIDDING"], key=str)


def test_unknown_subject_is_a_404_that_does_not_repeat_the_id(base: TestClient) -> None:
    response = base.get(f"/v1/subjects/{resident_id(42)}")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    assert resident_id(42) not in response.json()["detail"]


# --- history (R-TIME-5) ------------------------------------------------------------------------


def _changes(db: Database, label: str, key: str) -> list[dict[str, Any]]:
    with db.driver.session(database=db.database) as session:
        return [
            record.data()
            for record in session.run(
                "MATCH (n {id: $key})-[:HAS_CHANGE]->(c:StateChange) WHERE $label IN labels(n) "
                "RETURN c.by AS by, c.from AS from, c.to AS to, c.reason AS reason, "
                "c.at IS NOT NULL AS dated ORDER BY c.at",
                key=key,
                label=label,
            )
        ]


def test_r_time_5_ingest_starts_the_history_of_records_and_entries(
    base: TestClient, db: Database
) -> None:
    first = {"from": None, "to": "in_force", "dated": True}
    for label, key, reason in (("Record", "REC-1", "ingested"), ("ListEntry", "ENT-1", "listed")):
        changes = _changes(db, label, key)
        assert len(changes) == 1
        assert changes[0] == {**first, "reason": reason, "by": changes[0]["by"]}
        assert changes[0]["by"].startswith("admin:")
    accepted(base, "records", [item_record(1)])  # unchanged: no new history
    assert len(_changes(db, "Record", "REC-1")) == 1
    accepted(base, "records", [item_record(1, serious=True)])
    assert [c["reason"] for c in _changes(db, "Record", "REC-1")] == [
        "ingested",
        "updated by ingest",
    ]


# --- all or nothing at scale -------------------------------------------------------------------


def test_a_failure_while_writing_rolls_the_whole_batch_back(clean_db: Database) -> None:
    ingestor = Ingestor(clean_db, PSEUDONYM_KEY)
    items = [item_domain(n) for n in range(12_000)]
    written = []

    def crash_after_the_first_chunk(rows: int) -> None:
        written.append(rows)
        if len(written) == 2:
            raise RuntimeError("the connection dropped")

    before = graph_state(clean_db)
    with pytest.raises(RuntimeError):
        ingestor.ingest(IngestKind.DOMAINS, items, "test", progress=crash_after_the_first_chunk)
    assert graph_state(clean_db) == before


def test_a_batch_of_100000_rows_keeps_the_guarantees(api: TestClient, db: Database) -> None:
    items = [item_organisation(n) if n % 2 else item_person(n) for n in range(100_000)]
    wrong = uscc(99_999)[:-1] + ("0" if uscc(99_999)[-1] != "0" else "1")
    bad = [*items[:-1], item_organisation(99_999, uscc=wrong)]
    response = api.post("/v1/ingest/subjects", json={"items": bad})
    assert response.status_code == 422
    assert [(e["row"], e["field"]) for e in response.json()["errors"]] == [(99_999, "uscc")]
    assert graph_state(db).nodes == 0
    body = accepted(api, "subjects", items)
    assert (body["received"], body["created"]) == (100_000, 100_000)
    assert body["ids"][:3] == [person_id(resident_id(0)), uscc(1), person_id(resident_id(2))]
    assert body["ids"][-1] == uscc(99_999) and len(set(body["ids"])) == 100_000
    again = accepted(api, "subjects", items)
    assert (again["unchanged"], again["created"], again["updated"]) == (100_000, 0, 0)
    with db.driver.session(database=db.database) as session:
        count = session.run("MATCH (s:Subject) RETURN count(s) AS n").single()
    assert count is not None and count["n"] == 100_000

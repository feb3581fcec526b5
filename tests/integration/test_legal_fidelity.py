"""Issue 13, items 1-8: the second ring of wrong answers, each test named after its article or
requirement id (the regulation's articles as REQUIREMENTS.md and DESIGN §5 cite them)."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph_service.auth import Role
from graph_service.engine.lists import ListGenerator
from graph_service.engine.screening import Engine
from graph_service.store.db import Database
from tests.factories import resident_id, uscc
from tests.helpers import load, person_id, screen
from tests.integration.test_access import bearer, registry_with_hidden_records
from tests.integration.test_rules_scenarios import IN_OFFICE, REGISTRY, A, B, measure

Registry = dict[str, list[dict[str, Any]]]
KEYS = ("measure", "list", "entry", "role", "via")


def story(**changes: Any) -> Registry:
    """The scenario registry of test_rules_scenarios, with items replaced by id or code."""
    registry = copy.deepcopy(REGISTRY)
    for kind, items in changes.items():
        for item in items:
            key = "code" if "code" in item else "id"
            registry[kind] = [i for i in registry[kind] if i.get(key) != item[key]] + [item]
    return registry


def record_of_a(**fields: Any) -> dict[str, Any]:
    return {**next(r for r in REGISTRY["records"] if r["id"] == "R-FOOD-1"), **fields}


def entry(entry_id: str, **fields: Any) -> dict[str, Any]:
    return {**next(e for e in REGISTRY["entries"] if e["id"] == entry_id), **fields}


def keys(restrictions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: r[k] for k in KEYS} for r in restrictions]


def refused(api: TestClient, kind: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    response = api.post(f"/v1/ingest/{kind}", json={"items": items})
    assert response.status_code == 422, response.json()
    assert response.headers["content-type"].startswith("application/problem+json")
    errors: list[dict[str, Any]] = response.json()["errors"]
    return errors


# --- item 1: the decision does not depend on who asks (Art. 24, 29) ---------------------------


def test_art_24_29_withholding_counts_a_record_the_caller_may_not_see(
    api: TestClient, db: Database
) -> None:
    registry = registry_with_hidden_records()
    registry["records"] = [r for r in registry["records"] if r["id"] != "R-TAX"]
    load(api, registry)
    body = {"subjects": [B], "matter": "GOV_PROCUREMENT", "as_of": "2023-06-01"}
    office = api.post("/v1/screen", json=body).json()["results"][0]
    authority = api.post(
        "/v1/screen",
        params={"purpose": "ADMINISTRATIVE_PERMIT"},
        json=body,
        headers=bearer(db, Role.AUTHORITY),
    ).json()["results"][0]
    assert office["decision"] == authority["decision"] == "allowed"
    assert [w["measure"] for w in authority["withheld_rewards"]] == ["M-REWARD"]
    (reason,) = authority["withheld_rewards"][0]["reasons"]
    assert "R-SI" in reason and "withheld" in reason and "津税" not in reason


def test_art_24_29_generated_list_and_its_export_agree_whoever_asks(
    api: TestClient, db: Database
) -> None:
    load(api, registry_with_hidden_records())
    params = {"as_of": "2023-06-01", "purpose": "ADMINISTRATIVE_PERMIT"}
    office = api.get("/v1/lists/JOINT_SANCTION/generated", params=params).json()
    authority = api.get(
        "/v1/lists/JOINT_SANCTION/generated", params=params, headers=bearer(db, Role.AUTHORITY)
    ).json()
    assert [s["subject"] for s in office["subjects"]] == [
        s["subject"] for s in authority["subjects"]
    ]
    for mine, theirs in zip(office["subjects"], authority["subjects"], strict=True):
        assert keys(mine["restrictions"]) == keys(theirs["restrictions"])
    hidden = [r for s in authority["subjects"] for r in s["restrictions"] if r["entry"] == "E-B-SI"]
    assert hidden and all(r["document"] is None and r["record_withheld"] for r in hidden)
    exported = api.get(
        "/v1/export/bods/lists/JOINT_SANCTION", params=params, headers=bearer(db, Role.AUTHORITY)
    )
    assert exported.status_code == 200
    assert B in exported.text and "津税〔2023〕R-SI" not in exported.text


# --- item 2: dates at the edges (R-TIME-1) ----------------------------------------------------


def test_r_time_1_dates_outside_the_plausible_range_are_refused_naming_field_and_row(
    api: TestClient,
) -> None:
    load(api, {k: v for k, v in REGISTRY.items() if k not in {"records", "entries"}})
    far = [record_of_a(id="R-OK"), record_of_a(id="R-FAR", act_end="9999-12-31")]
    errors = refused(api, "records", far)
    assert [(e["row"], e["field"]) for e in errors] == [(1, "act_end")]
    assert "2099-12-31" in errors[0]["message"]
    early = refused(api, "records", [record_of_a(act_start="1899-12-31")])
    assert [(e["row"], e["field"]) for e in early] == [(0, "act_start")]


def _leap_day_story(api: TestClient) -> None:
    """A's act ended on 29 February 2020: the five years end with 27 February 2025."""
    load(
        api,
        story(
            records=[record_of_a(act_start="2019-10-01", act_end="2020-02-29")],
            entries=[entry("E-A", listed_at="2020-03-15")],
        ),
    )


@pytest.mark.parametrize(
    ("day", "in_force"), [("2025-02-27", True), ("2025-02-28", False), ("2025-03-01", False)]
)
def test_r_time_1_a_29_february_act_end_everywhere_expiry_is_decided(
    api: TestClient, day: str, in_force: bool
) -> None:
    _leap_day_story(api)
    result = screen(api, A, "FOOD_PERMIT", day)
    assert (result["decision"] == "restricted") is in_force
    if in_force:
        assert {r["until"] for r in result["restrictions"]} == {"2025-02-27"}
    listed = api.get("/v1/lists/JOINT_SANCTION/generated", params={"as_of": day}).json()
    assert (A in {s["subject"] for s in listed["subjects"]}) is in_force
    diff = api.get("/v1/lists/JOINT_SANCTION/diff", params={"from": "2024-01-01", "to": day})
    assert diff.status_code == 200, diff.json()
    removed = {c["subject"]: c["reasons"] for c in diff.json()["removed"]}
    assert (A in removed) is not in_force
    if not in_force:
        assert any("expired" in reason for reason in removed[A])
    report = api.get(f"/v1/subjects/{A}/report", params={"as_of": day}).json()
    (record,) = [r for r in report["records"] if r["id"] == "R-FOOD-1"]
    assert record["in_force"] is in_force
    objection = api.post(
        "/v1/records/R-FOOD-1/objections", json={"reason": "事实有误", "filed_on": day}
    )
    assert objection.status_code == (201 if in_force else 409), objection.json()


@pytest.mark.parametrize("edge", ["1900-01-01", "2099-12-31"])
def test_r_time_1_the_ends_of_the_date_range_answer_everywhere(api: TestClient, edge: str) -> None:
    start = "1900-01-01" if edge == "1900-01-01" else "2021-03-01"
    load(
        api,
        story(
            records=[record_of_a(act_start=start, act_end=edge)],
            entries=[entry("E-A", listed_at="2021-10-15")],
        ),
    )
    in_force = edge == "2099-12-31"
    for day in ("2024-01-01", "2099-12-31"):
        assert (screen(api, A, "FOOD_PERMIT", day)["decision"] == "restricted") is in_force
        for path, params in (
            ("/v1/lists/JOINT_SANCTION/generated", {"as_of": day}),
            ("/v1/lists/JOINT_SANCTION/diff", {"from": "1900-01-01", "to": day}),
            (f"/v1/subjects/{A}/report", {"as_of": day}),
            (f"/v1/subjects/{A}", {"as_of": day}),
            ("/v1/graph/neighbourhood", {"id": A, "as_of": day}),
        ):
            response = api.get(path, params=params)
            assert response.status_code == 200, (path, response.json())


def test_r_out_1_identifiers_with_a_pipe_keep_the_diff_whole(api: TestClient) -> None:
    registry = story(
        entries=[entry("E-A", id="E|A|1")],
        measures=[measure("M|FOOD", ["FOOD_PERMIT"], ["SELF"], "2020-01-01")],
    )
    load(api, registry)
    diff = api.get(
        "/v1/lists/JOINT_SANCTION/diff", params={"from": "2021-01-01", "to": "2022-01-01"}
    )
    assert diff.status_code == 200, diff.json()
    (added,) = [c for c in diff.json()["added"] if c["subject"] == A]
    assert "M|FOOD|E|A|1|SELF|" in added["after"]
    assert "new entry E|A|1" in added["reasons"]


# --- item 3: a list takes effect from its own publication (Art. 28, 30) ----------------------


def test_art_28_30_an_entry_takes_effect_from_its_lists_publication(api: TestClient) -> None:
    lists = [{**lst, "published_at": "2022-01-01"} for lst in REGISTRY["lists"]]
    load(api, story(lists=lists))
    assert screen(api, A, "FOOD_PERMIT", "2021-12-31")["decision"] == "allowed"
    assert screen(api, A, "FOOD_PERMIT", "2022-01-01")["decision"] == "restricted"
    assert screen(api, B, "GOV_PROCUREMENT", "2021-12-31")["decision"] == "allowed"
    assert screen(api, B, "GOV_PROCUREMENT", "2022-01-01")["decision"] == "rewarded"
    early = api.get("/v1/lists/JOINT_SANCTION/generated", params={"as_of": "2021-12-31"})
    assert early.json()["subjects"] == []
    diff = api.get(
        "/v1/lists/JOINT_SANCTION/diff", params={"from": "2021-12-31", "to": "2022-01-01"}
    )
    (added,) = [c for c in diff.json()["added"] if c["subject"] == A]
    assert added["reasons"] == ["list of entry E-A published (Art. 28, 30)"]
    report = api.get(f"/v1/subjects/{A}/report", params={"as_of": "2021-12-31"}).json()
    assert [e["in_force"] for e in report["entries"]] == [False]


# --- item 4: an entry rests on a record of the subject it lists (R-PROP-1, Art. 28) ----------


def test_r_prop_1_an_entry_rests_on_a_record_of_the_subject_it_lists(api: TestClient) -> None:
    load(api, {k: v for k, v in REGISTRY.items() if k not in {"entries", "measures"}})
    errors = refused(api, "entries", [entry("E-A"), entry("E-A", id="E-B-X", subject=B)])
    assert [(e["row"], e["field"]) for e in errors] == [(1, "record")]
    assert "R-PROP-1" in errors[0]["message"]


def test_art_27_28_a_serious_list_entry_rests_on_a_serious_record(api: TestClient) -> None:
    registry = story(records=[record_of_a(serious=False)])
    registry["lists"].append({**REGISTRY["lists"][0], "id": "SL", "type": "SERIOUS"})
    load(api, {k: v for k, v in registry.items() if k not in {"entries", "measures"}})
    errors = refused(api, "entries", [entry("E-A", id="E-SL", list="SL")])
    assert [(e["row"], e["field"]) for e in errors] == [(0, "record")]
    assert api.post("/v1/ingest/entries", json={"items": [entry("E-A")]}).status_code == 200


def test_art_29_30_a_measure_targets_only_lists_of_its_own_kind(api: TestClient) -> None:
    load(api, {k: v for k, v in REGISTRY.items() if k != "measures"})
    errors = refused(
        api,
        "measures",
        [
            measure("M-OK", ["FOOD_PERMIT"], ["SELF"], "2020-01-01"),
            measure("M-R", ["GOV_PROCUREMENT"], ["SELF"], "2020-01-01", kind="REWARD"),
            measure("M-S", ["FOOD_PERMIT"], ["SELF"], "2020-01-01", lists=("JR",)),
        ],
    )
    assert [(e["row"], e["field"]) for e in errors] == [(1, "lists"), (2, "lists")]


def test_art_28_a_list_keeps_its_type_under_its_entries_and_measures(api: TestClient) -> None:
    load(api, REGISTRY)
    turned = [{**REGISTRY["lists"][0], "type": "JOINT_REWARD"}, REGISTRY["lists"][1]]
    errors = refused(api, "lists", turned)
    assert [(e["row"], e["field"]) for e in errors] == [(0, "type")]
    unused = {**REGISTRY["lists"][0], "id": "NEW", "type": "SERIOUS"}
    load(api, {"lists": [unused]})
    load(api, {"lists": [{**unused, "type": "JOINT_SANCTION"}]})  # nothing rests on it yet


# --- item 5: what the law removes is removed (Art. 42 para 2, 43, 45 para 2) -----------------


def test_art_42_43_45_removed_records_leave_every_report_but_the_office_and_the_subject(
    api: TestClient, db: Database
) -> None:
    revoked = record_of_a(
        id="R-REVOKED", document="津市监罚〔2023〕9号", act_start="2023-01-01", act_end="2023-02-01"
    )
    load(api, story(records=[revoked]))
    with db.driver.session(database=db.database) as session:
        session.run("MATCH (r:Record {id: 'R-REVOKED'}) SET r.revoked_on = date('2024-01-01')")
    day = {"as_of": "2026-10-01"}  # R-FOOD-1 (act ended 2021-09-30) expired on 2026-09-30
    others = {
        Role.AUTHORITY: {**day, "purpose": "AUDIT"},
        Role.INVESTIGATOR: day,
        Role.PUBLIC: day,
    }
    for role, params in others.items():
        report = api.get(f"/v1/subjects/{A}/report", params=params, headers=bearer(db, role))
        assert report.status_code == 200, (role, report.json())
        assert report.json()["records"] == [], role
        assert report.json()["entries"] == [], role
    for headers in ({}, bearer(db, Role.SUBJECT, subject=A)):
        full = api.get(f"/v1/subjects/{A}/report", params=day, headers=headers).json()
        marks = {r["id"]: (r["in_force"], r["removed"]) for r in full["records"]}
        assert marks == {"R-FOOD-1": (False, "expired"), "R-REVOKED": (False, "revoked")}
        assert [(e["entry"], e["in_force"]) for e in full["entries"]] == [("E-A", False)]


# --- item 6: free reports are counted in the year the report is issued (Art. 39) -------------


def test_art_39_free_reports_are_counted_in_the_year_the_report_is_issued(
    api: TestClient, db: Database
) -> None:
    load(api, REGISTRY)
    me = person_id(IN_OFFICE)
    headers = bearer(db, Role.SUBJECT, subject=me)
    counted = [
        api.get(f"/v1/subjects/{me}/report", params={"as_of": day}, headers=headers).json()[
            "free_reports"
        ]
        for day in ("2021-05-01", "2024-05-01", "2026-01-01")
    ]
    assert [c["year"] for c in counted] == [date.today().year] * 3
    assert [c["issued"] for c in counted] == [1, 2, 3]
    assert counted[-1]["free_remaining"] == 0


# --- item 7: the depth bound never names the wrong controller (R-PROP-3) ----------------------

CHAIN = [uscc(400 + i) for i in range(12)]  # CHAIN[0] is listed; CHAIN[i] holds CHAIN[i - 1]
TOP = resident_id(499)


def _chain_registry() -> Registry:
    registry = copy.deepcopy(REGISTRY)
    registry["subjects"] += [
        {"kind": "LEGAL_PERSON", "name": f"控股{i}", "uscc": o, "region": "TJ"}
        for i, o in enumerate(CHAIN)
    ] + [{"kind": "NATURAL_PERSON", "name": "顶层", "resident_id": TOP, "region": "TJ"}]
    holders: list[Any] = [*CHAIN[1:], {"resident_id": TOP}]
    registry["holdings"] += [
        {"holder": h, "org": o, "ratio": 1.0, "valid_from": "2010-01-01", "valid_to": None}
        for h, o in zip(holders, CHAIN, strict=True)
    ]
    registry["records"] = [record_of_a(id="R-CHAIN", subject=CHAIN[0])]
    registry["entries"] = [entry("E-A", id="E-CHAIN", subject=CHAIN[0], record="R-CHAIN")]
    return registry


def test_r_prop_3_a_chain_twelve_levels_long_reaches_its_top_under_the_default_bound(
    api: TestClient,
) -> None:
    load(api, _chain_registry())
    top = screen(api, person_id(TOP), "FOOD_PERMIT", "2023-01-01")
    assert {(r["role"], r["via"]) for r in top["restrictions"]} == {("ACTUAL_CONTROLLER", CHAIN[0])}
    assert len(top["restrictions"][0]["path"]) == 2 * 12 + 5  # TOP, 11 holding companies
    assert screen(api, CHAIN[10], "FOOD_PERMIT", "2023-01-01")["decision"] == "allowed"


def test_r_prop_3_beyond_the_depth_bound_no_intermediate_is_named_and_it_says_so(
    api: TestClient, db: Database
) -> None:
    load(api, _chain_registry())
    engine = Engine(db, max_depth=10)
    day = date(2023, 1, 1)
    everyone = [*CHAIN, person_id(TOP)]
    reached = engine.restrictions(everyone, day, "FOOD_PERMIT")
    assert set(reached) == {CHAIN[0]}
    assert all(r.control_truncated for r in reached[CHAIN[0]])
    listed = ListGenerator(engine).generate("JOINT_SANCTION", day)
    assert [s.subject for s in listed.subjects] == [CHAIN[0]]
    assert all(r.control_truncated for r in listed.subjects[0].restrictions)


# --- item 8: Art. 32 follows the joint sanction list, not the serious list --------------------


def test_art_32_a_serious_list_alone_does_not_withhold_the_responsible_persons_rewards(
    api: TestClient,
) -> None:
    serious = {**REGISTRY["lists"][0], "type": "SERIOUS"}
    load(api, story(lists=[serious]))
    me = person_id(IN_OFFICE)
    rewarded = screen(api, me, "GOV_PROCUREMENT", "2023-01-01")
    assert rewarded["decision"] == "rewarded" and rewarded["withheld_rewards"] == []
    # DESIGN §5 rule 3: the serious list's own measure still reaches the roles it names.
    restricted = screen(api, me, "FOOD_PERMIT", "2023-01-01")
    assert {(r["role"], r["via"]) for r in restricted["restrictions"]} == {
        ("LEGAL_REPRESENTATIVE", A)
    }


def test_art_32_a_joint_sanction_list_withholds_the_responsible_persons_rewards(
    api: TestClient,
) -> None:
    load(api, REGISTRY)
    withheld = screen(api, person_id(IN_OFFICE), "GOV_PROCUREMENT", "2023-01-01")
    assert withheld["decision"] == "allowed"
    assert [w["measure"] for w in withheld["withheld_rewards"]] == ["M-REWARD"]

"""Property tests: the Cypher engine against the independent reference (tests/reference).

Hypothesis builds random registries (role intervals, cyclic holdings, records, lists,
measures, domain trees, repaired/revoked records and removed entries), loads them into the
real Neo4j through the API, and compares screening (R-OUT-2) and generated lists (R-OUT-1)
with `tests.reference.engine`, written from DESIGN.md §5 alone. Rules: R-PROP-1..4, R-PROP-7,
R-LIST-4, R-TIME-1, R-SUBJ-3; and (issue 13) lists published after their entries (Art. 28,
30), leap days (R-TIME-1), records under every catalogue disclosure screened by callers of
every level (Art. 24, 29, R-INFO-2), and entries resting on another subject's record or a
light record on a serious list, which the ingest must refuse (R-PROP-1, Art. 27, 28).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from graph_service.engine.lists import ListGenerator
from graph_service.engine.screening import Engine
from graph_service.store.db import Database
from tests.factories import resident_id, uscc
from tests.helpers import load, person_id
from tests.reference import engine as reference

DAYS = [
    date(2015, 1, 1),
    date(2016, 2, 29),
    date(2017, 6, 1),
    date(2019, 1, 1),
    date(2020, 2, 29),
    date(2020, 6, 1),
    date(2021, 1, 1),
    date(2022, 3, 1),
]
# 28 February 2021 and 2025: the first days out of force of acts ended on a 29 February.
AS_OF = [
    date(2018, 1, 1),
    date(2021, 2, 28),
    date(2021, 3, 1),
    date(2023, 1, 1),
    date(2025, 2, 27),
    date(2025, 2, 28),
    date(2026, 1, 1),
]
CATALOGUE = {"C1": "PUBLIC", "C2": "SHARED", "C3": "RESTRICTED"}
# R-INFO-2: the disclosures each caller sees (tests.reference.engine.ROLE_DISCLOSURES).
CALLERS = ("admin", "authority", "public")
RATIOS = [0.2, 0.3, 0.5, 0.6, 0.7, 0.8]
ROLES = ["LEGAL_REPRESENTATIVE", "PRINCIPAL", "ACTUAL_CONTROLLER"]
MEASURE_ROLES = ["SELF", *ROLES]
LISTS = {
    "L-SERIOUS": "SERIOUS",
    "L-JOINT": "JOINT_SANCTION",
    "L-REWARD": "JOINT_REWARD",
    "L-BJ": "SERIOUS",
    "L-HE-REWARD": "JOINT_REWARD",
}
REGIONS = {"L-BJ": "BJ", "L-HE-REWARD": "HE"}  # R-LIST-6: effective only while recognised
TEXT = {"basis": "第三十条", "removal_conditions": "信用修复", "remedy": "行政复议"}


def iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


@st.composite
def interval(draw: st.DrawFn) -> tuple[date, date | None]:
    start = draw(st.sampled_from(DAYS))
    later = [d for d in DAYS if d > start]
    end = draw(st.one_of(st.none(), st.sampled_from(later))) if later else None
    return start, end


@st.composite
def registries(draw: st.DrawFn) -> dict[str, Any]:
    """A small random registry, in the ingest format with subject refs as ids."""
    n_domains = draw(st.integers(2, 5))
    domains = [{"code": "D0", "name": "D0", "parent": None}]
    for i in range(1, n_domains):
        parent = draw(st.sampled_from([None, *[d["code"] for d in domains]]))
        domains.append({"code": f"D{i}", "name": f"D{i}", "parent": parent})
    matters = [
        {"code": f"M{i}", "name": f"M{i}", "domain": draw(st.sampled_from(domains))["code"]}
        for i in range(3)
    ]
    orgs = [uscc(500 + i) for i in range(draw(st.integers(2, 5)))]
    rids = [resident_id(500 + i) for i in range(draw(st.integers(1, 4)))]
    people = [person_id(r) for r in rids]
    subjects = [
        {"kind": "LEGAL_PERSON", "name": f"O{i}", "uscc": o, "region": "TJ", "id": o}
        for i, o in enumerate(orgs)
    ] + [
        {"kind": "NATURAL_PERSON", "name": f"P{i}", "resident_id": r, "region": "TJ", "id": p}
        for i, (r, p) in enumerate(zip(rids, people, strict=True))
    ]
    roles, role_keys = [], set()
    for _ in range(draw(st.integers(1, 8))):
        role = draw(st.sampled_from(ROLES))
        org = draw(st.sampled_from(orgs))
        holders = people if role != "ACTUAL_CONTROLLER" else [s for s in people + orgs if s != org]
        holder = draw(st.sampled_from(holders))
        start, end = draw(interval())
        if (role, holder, org, start) not in role_keys:
            role_keys.add((role, holder, org, start))
            roles.append(
                {
                    "role": role,
                    "holder": holder,
                    "org": org,
                    "valid_from": iso(start),
                    "valid_to": iso(end),
                }
            )
    holdings: list[dict[str, Any]] = []
    room = dict.fromkeys(orgs, 1.0)
    for _ in range(draw(st.integers(1, 8))):
        org = draw(st.sampled_from(orgs))
        holder = draw(st.sampled_from([s for s in people + orgs if s != org]))
        ratio = draw(st.sampled_from(RATIOS))
        start, end = draw(interval())
        key = (holder, org, iso(start))
        if ratio <= room[org] + 1e-9 and key not in {
            (h["holder"], h["org"], h["valid_from"]) for h in holdings
        }:
            room[org] -= ratio
            holdings.append(
                {
                    "holder": holder,
                    "org": org,
                    "ratio": ratio,
                    "valid_from": iso(start),
                    "valid_to": iso(end),
                }
            )
    records, entries = [], []
    for i in range(draw(st.integers(1, 4))):
        subject = draw(st.sampled_from(orgs + orgs + orgs + people))
        start, end = draw(interval())
        record = {
            "id": f"R{i}",
            "subject": subject,
            "type": "DISHONESTY",
            "category": draw(st.integers(1, 5)),
            "serious": draw(st.sampled_from([True, True, True, False])),
            "document": f"津罚〔2020〕{i}号",
            "provider": "A1",
            "domain": draw(st.sampled_from(domains))["code"],
            "catalogue_item": draw(st.sampled_from(sorted(CATALOGUE))),
            "act_start": iso(start),
            "act_end": iso(end),
            "legal_basis": "条例第十二条" if subject in people else None,
        }
        workflow = draw(st.sampled_from([None, None, None, "repaired_on", "revoked_on"]))
        if workflow:
            record[workflow] = iso(draw(st.sampled_from(AS_OF)))
        records.append(record)
        for list_id in draw(st.sets(st.sampled_from(["L-SERIOUS", "L-JOINT", "L-BJ"]), min_size=1)):
            # Now and then an entry names another subject than its record's (refused at ingest).
            listed = subject if draw(st.integers(0, 7)) else draw(st.sampled_from(orgs + people))
            entry = {
                "id": f"E{i}{list_id}",
                "list": list_id,
                "subject": listed,
                "record": record["id"],
                "listed_at": iso(draw(st.sampled_from(DAYS))),
                **TEXT,
            }
            if draw(st.integers(0, 5)) == 0:
                entry["removed_on"] = iso(draw(st.sampled_from(AS_OF)))
            entries.append(entry)
    for i, subject in enumerate(draw(st.sets(st.sampled_from(orgs + people), max_size=3))):
        entries.append(
            {
                "id": f"W{i}",
                "list": draw(st.sampled_from(["L-REWARD", "L-HE-REWARD"])),
                "subject": subject,
                "record": None,
                "listed_at": iso(draw(st.sampled_from(DAYS))),
                **TEXT,
            }
        )
    measures = []
    for i in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["SANCTION", "SANCTION", "REWARD"]))
        all_matters = draw(st.booleans()) and draw(st.booleans())
        lists = (
            sorted(draw(st.sets(st.sampled_from(["L-REWARD", "L-HE-REWARD"]), min_size=1)))
            if kind == "REWARD"
            else sorted(
                draw(st.sets(st.sampled_from(["L-SERIOUS", "L-JOINT", "L-BJ"]), min_size=1))
            )
        )
        measures.append(
            {
                "code": f"X{i}",
                "kind": kind,
                "description": "d",
                "legal_basis": "第二十九条",
                "means": "m",
                "authority": "A1",
                "lists": lists,
                "all_matters": all_matters,
                "matters": []
                if all_matters
                else sorted(
                    draw(st.sets(st.sampled_from([str(m["code"]) for m in matters]), min_size=1))
                ),
                "roles": sorted(draw(st.sets(st.sampled_from(MEASURE_ROLES), min_size=1))),
                "published_at": iso(draw(st.sampled_from(DAYS + AS_OF))),
            }
        )
    recognitions = [
        {"region": region, "list_type": list_type, "valid_from": iso(start), "valid_to": iso(end)}
        for region, list_type in (("BJ", "SERIOUS"), ("HE", "JOINT_REWARD"))
        if draw(st.booleans())
        for start, end in [draw(interval())]
    ]
    return {
        "catalogue": [
            {"code": code, "name": code, "disclosure": disclosure}
            for code, disclosure in CATALOGUE.items()
        ],
        "recognitions": recognitions,
        "domains": domains,
        "matters": matters,
        "subjects": subjects,
        "roles": roles,
        "holdings": holdings,
        "records": records,
        "entries": entries,
        "measures": measures,
        "lists": [
            {
                "id": k,
                "type": v,
                "issuer": "A1",
                "region": REGIONS.get(k, "TJ"),
                "criteria": "c",
                # Art. 28, 30: some lists are published after entries were listed on them.
                "published_at": iso(draw(st.sampled_from([date(2010, 1, 1), *DAYS]))),
            }
            for k, v in LISTS.items()
        ],
    }


WORKFLOW_FIELDS = {"records": ("repaired_on", "revoked_on"), "entries": ("removed_on",)}
SET_WORKFLOW_DATE = {
    "repaired_on": "MATCH (n:Record {id: $id}) SET n.repaired_on = date($day)",
    "revoked_on": "MATCH (n:Record {id: $id}) SET n.revoked_on = date($day)",
    "removed_on": "MATCH (n:ListEntry {id: $id}) SET n.removed_on = date($day)",
}


def ingest(api: TestClient, db: Database, registry: dict[str, Any]) -> None:
    """Load through the API, then set workflow dates the way the workflows store them."""
    dropped = {
        "subjects": {"id"},
        "records": {"repaired_on", "revoked_on"},
        "entries": {"removed_on"},
    }
    payload = {
        kind: [
            {k: v for k, v in item.items() if k not in dropped.get(kind, set())} for item in items
        ]
        for kind, items in registry.items()
    }
    payload["authorities"] = [{"code": "A1", "name": "局", "region": "TJ"}]
    load(api, {kind: items for kind, items in payload.items() if kind != "entries"})
    # R-PROP-1, Art. 27, 28: the batch is refused naming exactly the rows the reference refuses.
    bad = reference.refused_entries(registry)
    if bad:
        response = api.post("/v1/ingest/entries", json={"items": payload["entries"]})
        assert response.status_code == 422, response.json()
        assert {(e["row"], e["field"]) for e in response.json()["errors"]} == {
            (i, "record") for i in bad
        }
        event("an entry refused (another subject's or a light record)")
    registry["entries"] = [e for i, e in enumerate(registry["entries"]) if i not in bad]
    kept = [e for i, e in enumerate(payload["entries"]) if i not in bad]
    load(api, {"entries": kept})
    with db.driver.session(database=db.database) as session:
        for kind, fields in WORKFLOW_FIELDS.items():
            for item in registry[kind]:
                for field in fields:
                    if item.get(field):
                        session.run(SET_WORKFLOW_DATE[field], id=item["id"], day=item[field])


PROPERTY_SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


@PROPERTY_SETTINGS
@given(registry=registries())
def test_screening_matches_the_reference(
    api: TestClient, db: Database, registry: dict[str, Any]
) -> None:
    with db.driver.session(database=db.database) as session:
        session.run(
            "MATCH (n) WHERE NOT n:SchemaVersion AND NOT n:ApiToken DETACH DELETE n"
        ).consume()
    ingest(api, db, registry)
    engines = {
        caller: Engine(db, max_depth=20, disclosures=sorted(reference.ROLE_DISCLOSURES[caller]))
        for caller in CALLERS
    }
    subjects = [s["id"] for s in registry["subjects"]]
    for as_of in AS_OF:
        for matter in [m["code"] for m in registry["matters"]]:
            expected = {s: reference.screen(registry, s, matter, as_of) for s in subjects}
            for caller, engine in engines.items():
                answers = {r.subject: r for r in engine.screen(subjects, matter, as_of)}
                for subject in subjects:
                    got, want = answers[subject], expected[subject]
                    context = (caller, subject, matter, as_of)
                    assert {
                        (r.measure, r.entry, r.record, r.role, r.via) for r in got.restrictions
                    } == want.restrictions, context
                    assert {(r.measure, r.entry) for r in got.rewards} == want.rewards, context
                    assert {(r.measure, r.entry) for r in got.withheld_rewards} == (
                        want.withheld_rewards
                    ), context
                    assert got.decision == want.decision, context
                    # Art. 24, 29, R-INFO-2: what the caller may not see is withheld, marked.
                    for r in got.restrictions:
                        seen = reference.visible(registry, r.record, caller)
                        assert (r.document is not None) is seen, context
                        assert (r.record_withheld is None) is seen, context
                    event(f"decision: {got.decision}")
                    for restriction in got.restrictions:
                        event(f"reached as {restriction.role}")
                        if restriction.record_withheld:
                            event(f"a record withheld from {caller}, the measure applied")
                        if restriction.recognised:
                            event("restricted through a recognised BJ list (R-LIST-6)")


@PROPERTY_SETTINGS
@given(registry=registries())
def test_generated_lists_match_the_reference(
    api: TestClient, db: Database, registry: dict[str, Any]
) -> None:
    with db.driver.session(database=db.database) as session:
        session.run(
            "MATCH (n) WHERE NOT n:SchemaVersion AND NOT n:ApiToken DETACH DELETE n"
        ).consume()
    ingest(api, db, registry)
    generator = ListGenerator(Engine(db, max_depth=20, disclosures=["PUBLIC", "SHARED"]))
    for as_of in AS_OF:
        for matter in [None, registry["matters"][0]["code"]]:
            for list_type in ("SERIOUS", "JOINT_SANCTION"):
                got = generator.generate(list_type, as_of, matter=matter)
                rows = {
                    (s.subject, r.measure, r.entry, r.record, r.role, r.via)
                    for s in got.subjects
                    for r in s.restrictions
                }
                assert rows == reference.generated_list(registry, list_type, as_of, matter), (
                    list_type,
                    as_of,
                    matter,
                )
            got = generator.generate("JOINT_REWARD", as_of, matter=matter)
            rewarded: set[tuple[str | None, ...]] = {
                (s.subject, w.measure, w.entry) for s in got.subjects for w in s.rewards
            }
            assert rewarded == reference.generated_list(registry, "JOINT_REWARD", as_of, matter)

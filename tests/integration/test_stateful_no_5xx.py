"""No accepted input ever makes a read answer 5xx (issue 13 item 2, R-TIME-1, DESIGN §7).

A stateful property test: hypothesis ingests random valid batches through the API, one step at
a time (subjects, roles, holdings, records with dates at the ends of the accepted range and on
29 February, lists published at any date, entries, measures, identifiers holding `|`), and
after each step calls every read route the data feeds. Whatever was accepted, no answer is a
5xx.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    rule,
    run_state_machine_as_test,
)

from graph_service.rules.credit_time import EARLIEST_DATE, LATEST_DATE
from graph_service.store.db import Database
from tests.factories import resident_id, uscc
from tests.helpers import person_id

EDGE_DAYS = [
    EARLIEST_DATE,
    date(1999, 12, 31),
    date(2016, 2, 29),
    date(2020, 2, 29),
    date(2021, 2, 28),
    date(2025, 2, 28),
    date(2026, 12, 4),
    LATEST_DATE,
]
DAYS = st.one_of(st.sampled_from(EDGE_DAYS), st.dates(EARLIEST_DATE, LATEST_DATE))
AS_OF = ["1900-01-01", "2020-02-29", "2025-02-28", "2026-12-04", "2099-12-31"]
IDS = st.text(alphabet="AB|-:中 1", min_size=1, max_size=6).filter(lambda s: s.strip() == s)
LIST_TYPES = ("SERIOUS", "JOINT_SANCTION", "JOINT_REWARD")
BASE: dict[str, list[dict[str, Any]]] = {
    "domains": [
        {"code": "D", "name": "领域", "parent": None},
        {"code": "D|1", "name": "子领域", "parent": "D"},
    ],
    "matters": [{"code": "M|1", "name": "事项", "domain": "D|1"}],
    "authorities": [{"code": "A|1", "name": "局", "region": "TJ"}],
    "catalogue": [
        {"code": "C-P", "name": "公开", "disclosure": "PUBLIC"},
        {"code": "C-R", "name": "限制", "disclosure": "RESTRICTED"},
    ],
}


def iso(day: date) -> str:
    return day.isoformat()


class Registry(RuleBasedStateMachine):
    """Random valid batches, and every read route after each."""

    api: TestClient
    db: Database
    orgs = Bundle("orgs")
    people = Bundle("people")
    records = Bundle("records")
    lists = Bundle("lists")

    def __init__(self) -> None:
        super().__init__()
        self.counter = 0
        self.subjects: list[str] = []
        self.list_types: dict[str, str] = {}

    def post(self, kind: str, items: list[dict[str, Any]]) -> bool:
        response = self.api.post(f"/v1/ingest/{kind}", json={"items": items})
        assert response.status_code < 500, response.text
        return response.status_code == 200

    def next_number(self) -> int:
        self.counter += 1
        return self.counter

    @initialize()
    def base(self) -> None:
        with self.db.driver.session(database=self.db.database) as session:
            session.run(
                "MATCH (n) WHERE NOT n:SchemaVersion AND NOT n:ApiToken DETACH DELETE n"
            ).consume()
        for kind, items in BASE.items():
            assert self.post(kind, items)

    @rule(target=orgs)
    def add_org(self) -> str:
        org = uscc(700 + self.next_number())
        assert self.post(
            "subjects", [{"kind": "LEGAL_PERSON", "name": "公司", "uscc": org, "region": "TJ"}]
        )
        self.subjects.append(org)
        return org

    @rule(target=people)
    def add_person(self) -> str:
        rid = resident_id(700 + self.next_number())
        item = {"kind": "NATURAL_PERSON", "name": "人", "resident_id": rid, "region": "TJ"}
        assert self.post("subjects", [item])
        self.subjects.append(person_id(rid))
        return person_id(rid)

    @rule(
        holder=people,
        org=orgs,
        start=DAYS,
        kind=st.sampled_from(["LEGAL_REPRESENTATIVE", "PRINCIPAL"]),
    )
    def add_role(self, holder: str, org: str, start: date, kind: str) -> None:
        self.post("roles", [{"role": kind, "holder": holder, "org": org, "valid_from": iso(start)}])

    @rule(holder=st.one_of(orgs, people), org=orgs, start=DAYS, ratio=st.sampled_from([0.3, 1.0]))
    def add_holding(self, holder: str, org: str, start: date, ratio: float) -> None:
        item = {"holder": holder, "org": org, "ratio": ratio, "valid_from": iso(start)}
        self.post("holdings", [item])

    @rule(
        target=records,
        subject=st.one_of(orgs, people),
        record_id=IDS,
        start=DAYS,
        end=st.one_of(st.none(), DAYS),
        catalogue=st.sampled_from(["C-P", "C-R"]),
    )
    def add_record(
        self, subject: str, record_id: str, start: date, end: date | None, catalogue: str
    ) -> tuple[str, str]:
        if end is not None and end < start:
            start, end = end, start
        key = f"R{record_id}"
        item = {
            "id": key,
            "subject": subject,
            "type": "DISHONESTY",
            "category": 4,
            "serious": True,
            "document": "津罚〔2020〕1号",
            "provider": "A|1",
            "domain": "D|1",
            "catalogue_item": catalogue,
            "act_start": iso(start),
            "act_end": None if end is None else iso(end),
            "legal_basis": "条例第十二条",
        }
        self.post("records", [item])
        return key, subject

    @rule(target=lists, list_id=IDS, list_type=st.sampled_from(LIST_TYPES), published=DAYS)
    def add_list(self, list_id: str, list_type: str, published: date) -> str:
        item = {
            "id": f"L{list_id}",
            "type": self.list_types.get(f"L{list_id}", list_type),
            "issuer": "A|1",
            "region": "TJ",
            "criteria": "c",
            "published_at": iso(published),
        }
        if self.post("lists", [item]):
            self.list_types[item["id"]] = item["type"]
        return item["id"]

    @rule(record=records, list_id=lists, entry_id=IDS, listed=DAYS)
    def add_entry(self, record: tuple[str, str], list_id: str, entry_id: str, listed: date) -> None:
        record_id, subject = record
        reward = self.list_types.get(list_id) == "JOINT_REWARD"
        item = {
            "id": f"E{entry_id}",
            "list": list_id,
            "subject": subject,
            "record": None if reward else record_id,
            "listed_at": iso(listed),
            "basis": "第三十条",
            "removal_conditions": "修复",
            "remedy": "复议",
        }
        self.post("entries", [item])

    @rule(list_id=lists, code=IDS, published=DAYS, all_matters=st.booleans())
    def add_measure(self, list_id: str, code: str, published: date, all_matters: bool) -> None:
        reward = self.list_types.get(list_id) == "JOINT_REWARD"
        item = {
            "code": f"X{code}",
            "kind": "REWARD" if reward else "SANCTION",
            "description": "d",
            "legal_basis": "第二十九条",
            "means": "m",
            "authority": "A|1",
            "lists": [list_id],
            "matters": [] if all_matters else ["M|1"],
            "all_matters": all_matters,
            "roles": ["SELF", "LEGAL_REPRESENTATIVE", "PRINCIPAL", "ACTUAL_CONTROLLER"],
            "published_at": iso(published),
        }
        self.post("measures", [item])

    @rule(as_of=st.sampled_from(AS_OF), since=st.sampled_from(AS_OF))
    def read_everything(self, as_of: str, since: str) -> None:
        subjects = self.subjects[:20]
        calls: list[tuple[str, str, dict[str, Any]]] = []
        if subjects:
            body = {"subjects": subjects, "matter": "M|1", "as_of": as_of}
            response = self.api.post("/v1/screen", json=body)
            assert response.status_code < 500, response.text
        first, last = sorted([since, as_of])
        for list_type in LIST_TYPES:
            calls += [
                ("GET", f"/v1/lists/{list_type}/generated", {"as_of": as_of}),
                ("GET", f"/v1/lists/{list_type}/generated", {"as_of": as_of, "format": "csv"}),
                ("GET", f"/v1/lists/{list_type}/diff", {"from": first, "to": last}),
                ("GET", f"/v1/export/ftm/lists/{list_type}", {"as_of": as_of}),
            ]
        for subject in subjects[:3]:
            calls += [
                ("GET", f"/v1/subjects/{subject}", {"as_of": as_of}),
                ("GET", f"/v1/subjects/{subject}/report", {"as_of": as_of}),
                ("GET", f"/v1/subjects/{subject}/controllers", {"as_of": as_of}),
                ("GET", f"/v1/subjects/{subject}/linked", {"as_of": as_of}),
                ("GET", "/v1/graph/neighbourhood", {"id": subject, "as_of": as_of}),
                ("GET", "/v1/graph/explain", {"id": subject, "as_of": as_of}),
                ("GET", f"/v1/analytics/subjects/{subject}/risk", {"as_of": as_of}),
            ]
        calls += [
            ("GET", "/v1/analytics/groups", {"as_of": as_of}),
            ("GET", "/v1/analytics/key-persons", {"as_of": as_of}),
            ("GET", "/v1/analytics/cycles", {"as_of": as_of}),
            ("GET", "/v1/analytics/data-quality", {"as_of": as_of}),
        ]
        for method, path, params in calls:
            response = self.api.request(method, path, params=params)
            assert response.status_code < 500, (path, params, response.text)


def test_r_time_1_random_accepted_batches_never_make_a_read_answer_5xx(
    api: TestClient, db: Database
) -> None:
    Registry.api, Registry.db = api, db
    run_state_machine_as_test(
        Registry,
        settings=settings(
            max_examples=8,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )

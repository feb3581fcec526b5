"""Legal scenarios, one per rule of DESIGN.md §5, each named after its requirement id.

The story: 天津市海河餐饮管理有限公司 (A) was fined under the general procedure for a food-safety
violation from 2021-03-01 to 2021-09-30 (津市监罚〔2021〕15号) and put on the joint sanction
list. Its legal representatives changed over time; a holding company (H) owns 80 % of it and
a person owns 70 % of H; another person is A's declared actual controller.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.factories import resident_id, uscc
from tests.helpers import load, person_id, screen

A, H, B = uscc(101), uscc(102), uscc(103)
LEFT_BEFORE, IN_OFFICE, APPOINTED_AFTER, PRINCIPAL, OWNER, DECLARED, GOOD = (
    resident_id(n) for n in (201, 202, 203, 204, 205, 206, 207)
)


def person(rid: str, name: str) -> dict[str, Any]:
    return {"kind": "NATURAL_PERSON", "name": name, "resident_id": rid, "region": "TJ-HP"}


def org(code: str, name: str) -> dict[str, Any]:
    return {"kind": "LEGAL_PERSON", "name": name, "uscc": code, "region": "TJ-HP"}


def role(kind: str, rid: str, valid_from: str, valid_to: str | None) -> dict[str, Any]:
    return {
        "role": kind,
        "holder": {"resident_id": rid},
        "org": A,
        "valid_from": valid_from,
        "valid_to": valid_to,
    }


def measure(
    code: str,
    matters: list[str],
    roles: list[str],
    published: str,
    all_matters: bool = False,
    kind: str = "SANCTION",
    lists: tuple[str, ...] = ("JS",),
) -> dict[str, Any]:
    return {
        "code": code,
        "kind": kind,
        "description": f"措施 {code}",
        "legal_basis": "《天津市社会信用条例》第二十九条",
        "means": "不予受理",
        "authority": "TJ-SAMR",
        "lists": list(lists),
        "matters": matters,
        "all_matters": all_matters,
        "roles": roles,
        "published_at": published,
    }


REGISTRY: dict[str, list[dict[str, Any]]] = {
    "domains": [
        {"code": "FOOD", "name": "食品安全", "parent": None},
        {"code": "FOOD.CATERING", "name": "餐饮服务", "parent": "FOOD"},
        {"code": "CONSTRUCTION", "name": "建设工程", "parent": None},
        {"code": "PROCUREMENT", "name": "政府采购", "parent": None},
    ],
    "matters": [
        {"code": "FOOD_PERMIT", "name": "食品经营许可", "domain": "FOOD"},
        {"code": "CONSTRUCTION_BID", "name": "工程建设招投标", "domain": "CONSTRUCTION"},
        {"code": "GOV_PROCUREMENT", "name": "政府采购", "domain": "PROCUREMENT"},
    ],
    "authorities": [{"code": "TJ-SAMR", "name": "天津市市场监督管理委员会", "region": "TJ"}],
    "catalogue": [{"code": "ADMIN_PENALTY", "name": "行政处罚信息", "disclosure": "PUBLIC"}],
    "subjects": [
        org(A, "天津市海河餐饮管理有限公司"),
        org(H, "天津市津投控股有限公司"),
        org(B, "天津市诚信建筑有限公司"),
        person(LEFT_BEFORE, "王建国"),
        person(IN_OFFICE, "李明"),
        person(APPOINTED_AFTER, "张伟"),
        person(PRINCIPAL, "刘芳"),
        person(OWNER, "陈志强"),
        person(DECLARED, "赵丽"),
        person(GOOD, "孙诚"),
    ],
    "roles": [
        role("LEGAL_REPRESENTATIVE", LEFT_BEFORE, "2015-01-01", "2020-06-01"),
        role("LEGAL_REPRESENTATIVE", IN_OFFICE, "2020-06-01", "2022-03-01"),
        role("LEGAL_REPRESENTATIVE", APPOINTED_AFTER, "2022-03-01", None),
        role("PRINCIPAL", PRINCIPAL, "2010-01-01", None),
        role("ACTUAL_CONTROLLER", DECLARED, "2019-01-01", None),
    ],
    "holdings": [
        {"holder": H, "org": A, "ratio": 0.8, "valid_from": "2010-01-01", "valid_to": None},
        {
            "holder": {"resident_id": OWNER},
            "org": H,
            "ratio": 0.7,
            "valid_from": "2010-01-01",
            "valid_to": None,
        },
    ],
    "records": [
        {
            "id": "R-FOOD-1",
            "subject": A,
            "type": "DISHONESTY",
            "category": 2,
            "serious": True,
            "document": "津市监罚〔2021〕15号",
            "provider": "TJ-SAMR",
            "domain": "FOOD.CATERING",
            "catalogue_item": "ADMIN_PENALTY",
            "act_start": "2021-03-01",
            "act_end": "2021-09-30",
        }
    ],
    "lists": [
        {
            "id": "JS",
            "type": "JOINT_SANCTION",
            "issuer": "TJ-SAMR",
            "region": "TJ",
            "criteria": "严重违法失信",
            "published_at": "2020-01-01",
        },
        {
            "id": "JR",
            "type": "JOINT_REWARD",
            "issuer": "TJ-SAMR",
            "region": "TJ",
            "criteria": "守信激励",
            "published_at": "2020-01-01",
        },
    ],
    "entries": [
        {
            "id": "E-A",
            "list": "JS",
            "subject": A,
            "record": "R-FOOD-1",
            "listed_at": "2021-10-15",
            "basis": "第三十条",
            "removal_conditions": "信用修复",
            "remedy": "可依法申请行政复议或提起行政诉讼",
        },
        {
            "id": "E-B",
            "list": "JR",
            "subject": B,
            "record": None,
            "listed_at": "2021-01-01",
            "basis": "守信",
            "removal_conditions": "失信",
            "remedy": "异议",
        },
        {
            "id": "E-LR",
            "list": "JR",
            "subject": {"resident_id": IN_OFFICE},
            "record": None,
            "listed_at": "2021-01-01",
            "basis": "守信",
            "removal_conditions": "失信",
            "remedy": "异议",
        },
    ],
    "measures": [
        measure(
            "M-FOOD",
            ["FOOD_PERMIT"],
            ["SELF", "LEGAL_REPRESENTATIVE", "PRINCIPAL", "ACTUAL_CONTROLLER"],
            "2020-01-01",
        ),
        measure("M-BID", ["CONSTRUCTION_BID"], ["SELF"], "2020-01-01"),
        measure("M-ALL", [], ["SELF"], "2024-06-01", all_matters=True),
        measure(
            "M-REWARD", ["GOV_PROCUREMENT"], ["SELF"], "2020-01-01", kind="REWARD", lists=("JR",)
        ),
    ],
}


@pytest.fixture
def story(api: TestClient) -> TestClient:
    load(api, REGISTRY)
    return api


def measures_of(result: dict[str, Any]) -> set[tuple[str, str]]:
    return {(r["measure"], r["role"]) for r in result["restrictions"]}


def test_r_prop_1_the_organisation_and_its_responsible_persons_are_restricted(
    story: TestClient,
) -> None:
    assert measures_of(screen(story, A, "FOOD_PERMIT", "2024-01-01")) == {("M-FOOD", "SELF")}
    principal = screen(story, person_id(PRINCIPAL), "FOOD_PERMIT", "2024-01-01")
    assert measures_of(principal) == {("M-FOOD", "PRINCIPAL")}
    assert principal["restrictions"][0]["via"] == A
    declared = screen(story, person_id(DECLARED), "FOOD_PERMIT", "2024-01-01")
    assert measures_of(declared) == {("M-FOOD", "ACTUAL_CONTROLLER")}


def test_r_prop_2_only_the_representative_in_office_during_the_act_is_reached(
    story: TestClient,
) -> None:
    in_office = screen(story, person_id(IN_OFFICE), "FOOD_PERMIT", "2024-01-01")
    assert in_office["decision"] == "restricted"
    assert measures_of(in_office) == {("M-FOOD", "LEGAL_REPRESENTATIVE")}
    for rid in (LEFT_BEFORE, APPOINTED_AFTER):
        assert screen(story, person_id(rid), "FOOD_PERMIT", "2024-01-01")["decision"] == "allowed"


def test_r_prop_3_the_ultimate_controller_is_reached_not_the_holding_company(
    story: TestClient,
) -> None:
    owner = screen(story, person_id(OWNER), "FOOD_PERMIT", "2024-01-01")
    assert measures_of(owner) == {("M-FOOD", "ACTUAL_CONTROLLER")}
    assert owner["restrictions"][0]["path"] == [
        person_id(OWNER),
        "HOLDS_SHARES_IN",
        H,
        "HOLDS_SHARES_IN",
        A,
        "LISTS",
        "E-A",
        "BASED_ON",
        "R-FOOD-1",
    ]
    assert screen(story, H, "FOOD_PERMIT", "2024-01-01")["decision"] == "allowed"


def test_r_prop_4_a_food_safety_record_does_not_restrict_construction_bidding(
    story: TestClient,
) -> None:
    assert (
        screen(story, A, "CONSTRUCTION_BID", "2024-01-01")["decision"] == "allowed"
    )  # M-ALL not yet published
    assert screen(story, A, "FOOD_PERMIT", "2024-01-01")["decision"] == "restricted"


def test_r_list_4_a_measure_applies_only_once_published(story: TestClient) -> None:
    assert screen(story, A, "CONSTRUCTION_BID", "2024-05-31")["decision"] == "allowed"
    after = screen(story, A, "CONSTRUCTION_BID", "2024-06-01")
    assert measures_of(after) == {("M-ALL", "SELF")}, "all_matters reaches construction too"


def test_r_time_1_the_restriction_ends_the_day_the_five_year_window_closes(
    story: TestClient,
) -> None:
    last_day = screen(story, A, "FOOD_PERMIT", "2026-09-29")
    assert last_day["decision"] == "restricted"
    assert last_day["restrictions"][0]["until"] == "2026-09-29"
    assert screen(story, A, "FOOD_PERMIT", "2026-09-30")["decision"] == "allowed"


def test_r_prop_6_every_restriction_is_explained(story: TestClient) -> None:
    (restriction,) = screen(story, person_id(IN_OFFICE), "FOOD_PERMIT", "2024-01-01")[
        "restrictions"
    ]
    assert restriction["document"] == "津市监罚〔2021〕15号"
    assert restriction["legal_basis"] == "《天津市社会信用条例》第二十九条"
    assert restriction["authority"] == "TJ-SAMR"
    assert restriction["remedy"] == "可依法申请行政复议或提起行政诉讼"
    assert restriction["list"] == "JS" and restriction["entry"] == "E-A"
    assert restriction["path"] == [
        person_id(IN_OFFICE),
        "LEGAL_REPRESENTATIVE_OF",
        A,
        "LISTS",
        "E-A",
        "BASED_ON",
        "R-FOOD-1",
    ]


def test_r_prop_7_rewards_are_withheld_from_a_responsible_person_of_a_sanctioned_org(
    story: TestClient,
) -> None:
    good = screen(story, B, "GOV_PROCUREMENT", "2024-01-01")
    assert good["decision"] == "rewarded"
    assert [r["measure"] for r in good["rewards"]] == ["M-REWARD"]
    lr = screen(story, person_id(IN_OFFICE), "GOV_PROCUREMENT", "2024-01-01")
    assert lr["decision"] == "allowed"
    (withheld,) = lr["withheld_rewards"]
    assert withheld["measure"] == "M-REWARD"
    assert any("E-A" in reason for reason in withheld["reasons"])


def test_screening_refuses_unknown_subjects_naming_the_row(story: TestClient) -> None:
    response = story.post("/v1/screen", json={"subjects": [A, uscc(999)], "matter": "FOOD_PERMIT"})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"row": 1, "field": "subjects", "message": "unknown subject"}
    ]


def test_r_list_6_a_beijing_list_counts_only_while_the_agreement_is_in_force(
    story: TestClient,
) -> None:
    load(
        story,
        {
            "authorities": [{"code": "BJ-FGW", "name": "北京市发展和改革委员会", "region": "BJ"}],
            "lists": [
                {
                    "id": "BJ-SERIOUS",
                    "type": "SERIOUS",
                    "issuer": "BJ-FGW",
                    "region": "BJ",
                    "criteria": "北京市严重失信主体名单",
                    "published_at": "2020-01-01",
                }
            ],
            "recognitions": [
                {
                    "region": "BJ",
                    "list_type": "SERIOUS",
                    "valid_from": "2022-01-01",
                    "valid_to": "2025-01-01",
                }
            ],
            "entries": [
                {
                    "id": "E-BJ",
                    "list": "BJ-SERIOUS",
                    "subject": B,
                    "record": "R-BJ",
                    "listed_at": "2021-06-01",
                    "basis": "互认",
                    "removal_conditions": "修复",
                    "remedy": "异议",
                }
            ],
            "records": [
                {
                    **REGISTRY["records"][0],
                    "id": "R-BJ",
                    "subject": B,
                    "document": "京发改罚〔2021〕3号",
                }
            ],
            "measures": [
                measure("M-BJ", ["FOOD_PERMIT"], ["SELF"], "2020-01-01", lists=("BJ-SERIOUS",))
            ],
        },
    )
    assert screen(story, B, "FOOD_PERMIT", "2021-12-31")["decision"] == "allowed"
    (restriction,) = screen(story, B, "FOOD_PERMIT", "2023-01-01")["restrictions"]
    assert restriction["recognised"] == "BJ"
    assert screen(story, B, "FOOD_PERMIT", "2025-01-01")["decision"] == "allowed"

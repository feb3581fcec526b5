"""Hand scenarios proving the reference engine of DESIGN §5 behaves (before it judges Cypher)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.reference.engine import add_years, generated_list, refused_entries, screen, visible

ORG = "91120000000000001X"
HOLDCO = "91120000000000002X"
D = date(2024, 1, 15)

Item = dict[str, Any]


def registry(
    *,
    roles: list[Item] | None = None,
    holdings: list[Item] | None = None,
    records: list[Item] | None = None,
    entries: list[Item] | None = None,
    measures: list[Item] | None = None,
) -> dict[str, list[Item]]:
    """A construction-bidding dishonesty of ORG, on a joint sanction list, and a catalogue."""
    return {
        "domains": [
            {"code": "CONSTRUCTION", "name": "construction", "parent": None},
            {"code": "BIDDING", "name": "construction bidding", "parent": "CONSTRUCTION"},
            {"code": "FOOD", "name": "food safety", "parent": None},
        ],
        "matters": [
            {"code": "BID", "name": "construction project bidding", "domain": "BIDDING"},
            {"code": "FOOD_PERMIT", "name": "food business permit", "domain": "FOOD"},
        ],
        "subjects": [
            {"id": ORG, "kind": "LEGAL_PERSON", "uscc": ORG, "name": "Org"},
            {"id": HOLDCO, "kind": "LEGAL_PERSON", "uscc": HOLDCO, "name": "HoldCo"},
            *({"id": p, "kind": "NATURAL_PERSON", "name": p} for p in ("P1", "P2", "P3")),
        ],
        "roles": roles or [],
        "holdings": holdings or [],
        "records": records
        if records is not None
        else [
            {
                "id": "R1",
                "subject": ORG,
                "type": "DISHONESTY",
                "category": 4,
                "serious": True,
                "document": "(2022)津01执123号",
                "domain": "CONSTRUCTION",
                "act_start": "2022-01-01",
                "act_end": "2022-06-30",
            }
        ],
        "lists": [
            {"id": "LJS", "type": "JOINT_SANCTION", "published_at": "2020-01-01"},
            {"id": "LJR", "type": "JOINT_REWARD", "published_at": "2020-01-01"},
        ],
        "entries": entries
        if entries is not None
        else [
            {"id": "E1", "list": "LJS", "subject": ORG, "record": "R1", "listed_at": "2022-08-01"}
        ],
        "measures": measures
        if measures is not None
        else [
            {
                "code": "X_BID",
                "kind": "SANCTION",
                "lists": ["LJS"],
                "matters": ["BID"],
                "all_matters": False,
                "roles": ["SELF", "LEGAL_REPRESENTATIVE", "PRINCIPAL", "ACTUAL_CONTROLLER"],
                "published_at": "2021-01-01",
            }
        ],
    }


def role(kind: str, holder: str, start: str, end: str | None = None, org: str = ORG) -> Item:
    return {"role": kind, "holder": holder, "org": org, "valid_from": start, "valid_to": end}


def test_r_prop_1_org_itself_and_legal_representative_during_act_are_restricted() -> None:
    reg = registry(roles=[role("LEGAL_REPRESENTATIVE", "P1", "2019-01-01")])
    assert screen(reg, ORG, "BID", D).restrictions == {("X_BID", "E1", "R1", "SELF", None)}
    ans = screen(reg, "P1", "BID", D)
    assert ans.decision == "restricted"
    assert ans.restrictions == {("X_BID", "E1", "R1", "LEGAL_REPRESENTATIVE", ORG)}


def test_r_prop_2_legal_representative_who_left_before_the_act_is_not_reached() -> None:
    # valid_to is exclusive: gone on the day the act started.
    reg = registry(roles=[role("LEGAL_REPRESENTATIVE", "P1", "2019-01-01", "2022-01-01")])
    assert screen(reg, "P1", "BID", D).decision == "allowed"
    # One day of overlap is enough.
    reg = registry(roles=[role("LEGAL_REPRESENTATIVE", "P1", "2019-01-01", "2022-01-02")])
    assert screen(reg, "P1", "BID", D).decision == "restricted"


def test_r_prop_2_principal_appointed_after_the_act_is_not_reached() -> None:
    reg = registry(roles=[role("PRINCIPAL", "P2", "2022-07-01")])
    assert screen(reg, "P2", "BID", D).decision == "allowed"
    reg = registry(roles=[role("PRINCIPAL", "P2", "2022-06-30")])  # the act's last day
    assert screen(reg, "P2", "BID", D).decision == "restricted"


def test_r_prop_2_ongoing_act_runs_up_to_as_of() -> None:
    records = registry()["records"]
    records[0] = {**records[0], "act_end": None}
    reg = registry(records=records, roles=[role("PRINCIPAL", "P2", "2023-06-01")])
    assert screen(reg, "P2", "BID", D).decision == "restricted"


def test_r_prop_3_ultimate_controller_through_chain_not_intermediate() -> None:
    holdings = [
        {"holder": "P3", "org": HOLDCO, "ratio": 0.6, "valid_from": "2018-01-01", "valid_to": None},
        {"holder": HOLDCO, "org": ORG, "ratio": 0.7, "valid_from": "2018-01-01", "valid_to": None},
    ]
    reg = registry(holdings=holdings)
    assert screen(reg, "P3", "BID", D).restrictions == {
        ("X_BID", "E1", "R1", "ACTUAL_CONTROLLER", ORG)
    }
    assert screen(reg, HOLDCO, "BID", D).decision == "allowed"
    # Exactly 50 % is not control (R-SUBJ-3).
    holdings[0] = {**holdings[0], "ratio": 0.5}
    assert screen(registry(holdings=holdings), "P3", "BID", D).decision == "allowed"


def test_r_prop_3_declared_controller_is_reached_and_so_is_whoever_controls_it() -> None:
    holdings = [
        {"holder": "P3", "org": HOLDCO, "ratio": 0.9, "valid_from": "2018-01-01", "valid_to": None}
    ]
    reg = registry(
        holdings=holdings, roles=[role("ACTUAL_CONTROLLER", HOLDCO, "2020-01-01", "2022-03-01")]
    )
    assert screen(reg, HOLDCO, "BID", D).restrictions == {
        ("X_BID", "E1", "R1", "ACTUAL_CONTROLLER", ORG)
    }
    assert screen(reg, "P3", "BID", D).decision == "restricted"


def test_r_prop_3_control_acquired_during_the_act_counts() -> None:
    holdings = [
        {"holder": "P3", "org": ORG, "ratio": 0.8, "valid_from": "2022-05-01", "valid_to": None}
    ]
    assert screen(registry(holdings=holdings), "P3", "BID", D).decision == "restricted"
    holdings[0] = {**holdings[0], "valid_from": "2022-07-01"}
    assert screen(registry(holdings=holdings), "P3", "BID", D).decision == "allowed"


def test_r_prop_1_measure_roles_limit_who_is_reached() -> None:
    measures = registry()["measures"]
    measures[0] = {**measures[0], "roles": ["SELF"]}
    reg = registry(measures=measures, roles=[role("LEGAL_REPRESENTATIVE", "P1", "2019-01-01")])
    assert screen(reg, "P1", "BID", D).decision == "allowed"
    assert screen(reg, ORG, "BID", D).decision == "restricted"


def test_r_list_4_measure_published_after_as_of_does_not_apply() -> None:
    measures = registry()["measures"]
    measures[0] = {**measures[0], "published_at": "2024-01-16"}
    reg = registry(measures=measures)
    assert screen(reg, ORG, "BID", D).decision == "allowed"
    assert screen(reg, ORG, "BID", date(2024, 1, 16)).decision == "restricted"


def test_r_prop_4_food_safety_record_does_not_restrict_construction_bidding() -> None:
    records = registry()["records"]
    records[0] = {**records[0], "domain": "FOOD"}
    measures = registry()["measures"]
    measures[0] = {**measures[0], "matters": ["BID", "FOOD_PERMIT"]}
    reg = registry(records=records, measures=measures)
    assert screen(reg, ORG, "BID", D).decision == "allowed"
    assert screen(reg, ORG, "FOOD_PERMIT", D).decision == "restricted"
    # Unless the catalogue says the measure applies across all matters.
    measures[0] = {**measures[0], "matters": [], "all_matters": True}
    assert screen(registry(records=records, measures=measures), ORG, "BID", D).decision == (
        "restricted"
    )


def test_r_prop_4_domain_hierarchy_links_both_ways() -> None:
    # Record in the parent domain, matter in the subdomain: linked (shown by the base case).
    assert screen(registry(), ORG, "BID", D).decision == "restricted"
    records = registry()["records"]
    records[0] = {**records[0], "domain": "BIDDING"}
    measures = registry()["measures"]
    measures[0] = {**measures[0], "matters": ["BID"]}
    assert screen(registry(records=records, measures=measures), ORG, "BID", D).decision == (
        "restricted"
    )


def test_r_time_1_restriction_gone_the_day_after_the_five_year_window() -> None:
    reg = registry()
    last_day = date(2027, 6, 29)  # act ended 2022-06-30; queryable for five years
    assert screen(reg, ORG, "BID", last_day).decision == "restricted"
    assert screen(reg, ORG, "BID", date(2027, 6, 30)).decision == "allowed"


def test_r_time_1_five_years_from_29_february() -> None:
    assert add_years(date(2024, 2, 29), 5) == date(2029, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)


def test_r_time_2_r_time_4_revoked_repaired_removed_are_not_in_force() -> None:
    base = registry()
    for field, kind in (("revoked_on", "records"), ("repaired_on", "records")):
        items = [{**base[kind][0], field: "2024-01-15"}]
        assert screen(registry(**{kind: items}), ORG, "BID", D).decision == "allowed"
        assert screen(registry(**{kind: items}), ORG, "BID", date(2024, 1, 14)).decision == (
            "restricted"
        )
    entries = [{**base["entries"][0], "removed_on": "2024-01-15"}]
    assert screen(registry(entries=entries), ORG, "BID", D).decision == "allowed"
    # Listed in the future: not yet in force.
    entries = [{**base["entries"][0], "listed_at": "2024-02-01"}]
    assert screen(registry(entries=entries), ORG, "BID", D).decision == "allowed"


REWARD = {
    "code": "Y_FAST",
    "kind": "REWARD",
    "lists": ["LJR"],
    "matters": [],
    "all_matters": True,
    "roles": ["SELF"],
    "published_at": "2021-01-01",
}
REWARD_ENTRY = {"id": "E9", "list": "LJR", "subject": "P1", "listed_at": "2023-01-01"}


def test_r_prop_7_reward_applies_to_a_clean_subject() -> None:
    reg = registry(measures=[*registry()["measures"], REWARD], entries=[REWARD_ENTRY])
    ans = screen(reg, "P1", "BID", D)
    assert ans.decision == "rewarded"
    assert ans.rewards == {("Y_FAST", "E9")} and not ans.withheld_rewards
    assert generated_list(reg, "JOINT_REWARD", D) == {("P1", "Y_FAST", "E9")}


def test_r_prop_7_reward_withheld_for_responsible_person_of_listed_org() -> None:
    base = registry()
    reg = registry(
        measures=[*base["measures"], REWARD],
        entries=[*base["entries"], REWARD_ENTRY],
        # The measure reaches only SELF, but R-PROP-7 looks at every responsible role.
        roles=[role("PRINCIPAL", "P1", "2021-01-01", "2023-01-01")],
    )
    ans = screen(reg, "P1", "BID", D)
    assert ans.withheld_rewards == {("Y_FAST", "E9")} and not ans.rewards
    assert ans.decision == "restricted"  # the principal is also restricted for bidding
    # For a matter not linked to the act there is no restriction, the reward stays withheld.
    ans = screen(reg, "P1", "FOOD_PERMIT", D)
    assert ans.decision == "allowed" and ans.withheld_rewards == {("Y_FAST", "E9")}
    assert generated_list(reg, "JOINT_REWARD", D) == set()


def test_r_prop_7_reward_withheld_for_own_dishonesty_record_in_force() -> None:
    own = {
        "id": "R2",
        "subject": "P1",
        "type": "DISHONESTY",
        "category": 2,
        "serious": False,
        "document": "津市监罚〔2023〕7号",
        "domain": "FOOD",
        "act_start": "2023-03-01",
        "act_end": "2023-03-02",
    }
    reg = registry(records=[*registry()["records"], own], measures=[REWARD], entries=[REWARD_ENTRY])
    ans = screen(reg, "P1", "BID", D)
    assert ans.decision == "allowed" and ans.withheld_rewards == {("Y_FAST", "E9")}
    reg["records"][1] = {**own, "revoked_on": "2023-12-01"}
    assert screen(reg, "P1", "BID", D).decision == "rewarded"


def test_r_out_1_generated_sanction_list_includes_propagated_persons() -> None:
    holdings = [
        {"holder": "P3", "org": HOLDCO, "ratio": 1.0, "valid_from": "2018-01-01", "valid_to": None},
        {"holder": HOLDCO, "org": ORG, "ratio": 0.51, "valid_from": "2018-01-01", "valid_to": None},
    ]
    reg = registry(holdings=holdings, roles=[role("LEGAL_REPRESENTATIVE", "P1", "2019-01-01")])
    rows = {
        (ORG, "X_BID", "E1", "R1", "SELF", None),
        ("P1", "X_BID", "E1", "R1", "LEGAL_REPRESENTATIVE", ORG),
        ("P3", "X_BID", "E1", "R1", "ACTUAL_CONTROLLER", ORG),
    }
    assert generated_list(reg, "JOINT_SANCTION", D) == rows
    assert generated_list(reg, "JOINT_SANCTION", D, matter="BID") == rows
    assert generated_list(reg, "JOINT_SANCTION", D, matter="FOOD_PERMIT") == set()
    assert generated_list(reg, "SERIOUS", D) == set()


@pytest.mark.parametrize("as_of", [date(2021, 12, 31), date(2022, 7, 31)])
def test_r_time_1_nothing_before_the_act_or_the_listing(as_of: date) -> None:
    assert screen(registry(), ORG, "BID", as_of).decision == "allowed"


def test_art_32_a_serious_list_alone_withholds_no_responsible_persons_reward() -> None:
    base = registry()
    serious = [{"id": "LJS", "type": "SERIOUS", "published_at": "2020-01-01"}, base["lists"][1]]
    reg = {
        **registry(
            measures=[*base["measures"], REWARD],
            entries=[*base["entries"], REWARD_ENTRY],
            roles=[role("PRINCIPAL", "P1", "2021-01-01", "2023-01-01")],
        ),
        "lists": serious,
    }
    ans = screen(reg, "P1", "FOOD_PERMIT", D)
    assert ans.decision == "rewarded" and ans.rewards == {("Y_FAST", "E9")}
    # DESIGN §5 rule 3: the serious list's measure still reaches the principal it names.
    assert screen(reg, "P1", "BID", D).restrictions == {("X_BID", "E1", "R1", "PRINCIPAL", ORG)}


def test_art_28_30_an_entry_waits_for_its_lists_publication() -> None:
    reg = registry()
    reg["lists"] = [{**reg["lists"][0], "published_at": "2024-02-01"}, reg["lists"][1]]
    assert screen(reg, ORG, "BID", D).decision == "allowed"
    assert screen(reg, ORG, "BID", date(2024, 2, 1)).decision == "restricted"


def test_r_prop_1_art_28_entries_on_another_subjects_or_a_light_record_are_refused() -> None:
    reg = registry(
        entries=[
            {"id": "E1", "list": "LJS", "subject": ORG, "record": "R1", "listed_at": "2022-08-01"},
            {
                "id": "E2",
                "list": "LJS",
                "subject": HOLDCO,
                "record": "R1",
                "listed_at": "2022-08-01",
            },
        ]
    )
    assert refused_entries(reg) == {1}
    reg["lists"].append({"id": "LS", "type": "SERIOUS", "published_at": "2020-01-01"})
    reg["records"][0]["serious"] = False
    reg["entries"][1] = {**reg["entries"][0], "id": "E3", "list": "LS"}
    assert refused_entries(reg) == {1}


def test_art_24_29_r_info_2_who_asks_changes_what_is_seen_not_the_decision() -> None:
    reg = registry()
    reg["catalogue"] = [{"code": "C-R", "disclosure": "RESTRICTED"}]
    reg["records"][0]["catalogue_item"] = "C-R"
    assert screen(reg, ORG, "BID", D).decision == "restricted"  # screen() takes no role
    assert visible(reg, "R1", "admin") and not visible(reg, "R1", "authority")
    assert not visible(reg, "R1", "public")

"""The explorer in headless Chromium (issue 6, R-OUT-3): search → expand → filter → as-of →
select a restricted person (path highlighted, explanation panel) → path finder → layouts →
export, on the legal scenario's group; masking by role; errors; keyboard; 1,000 nodes; the
analytics overlay (issue 8).

Screenshots of every step land in test-artifacts/ (kept by CI as artefacts).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Page, expect

from bench.explorer_render import synthetic_group
from graph_service.auth import Role, create_token
from graph_service.store.db import Database
from tests.browser.conftest import ARTIFACTS, Tab
from tests.conftest import ADMIN_TOKEN
from tests.factories import uscc
from tests.helpers import AUTHORITY_CODE, load, person_id
from tests.integration.test_graph_api import BRANCH, GROUP
from tests.integration.test_rules_scenarios import (
    APPOINTED_AFTER,
    DECLARED,
    IN_OFFICE,
    OWNER,
    PRINCIPAL,
    A,
    H,
    org,
)

pytestmark = [pytest.mark.browser, pytest.mark.integration]


@pytest.fixture
def story(api: TestClient) -> TestClient:
    load(api, GROUP)
    return api


class Explorer:
    """What an investigator does, in terms of the page."""

    def __init__(self, tab: Tab, base: str) -> None:
        self.page: Page = tab.page
        self.tab = tab
        self.base = base

    def start(self, token: str = ADMIN_TOKEN) -> None:
        self.page.goto(f"{self.base}/explorer")
        expect(self.page.locator("#token-dialog")).to_be_visible()
        self.page.fill("#token-input", token)
        self.page.click("#token-save")
        expect(self.page.locator("#token-dialog")).to_be_hidden()

    def shot(self, name: str) -> None:
        self.page.screenshot(path=str(ARTIFACTS / f"explorer-{name}.png"))

    def search_and_open(self, q: str, subject: str) -> None:
        self.page.fill("#search-input", q)
        self.page.click("#search-button")
        self.page.click(f'#search-results button[data-id="{subject}"]')
        self.wait_for_node(subject)
        self.page.wait_for_function(
            "id => explorer.state.selected === id && explorer.state.timings.last", arg=subject
        )

    def js(self, script: str, arg: Any = None) -> Any:
        return self.page.evaluate(script, arg)

    def nodes(self) -> set[str]:
        return set(self.js("() => explorer.cy().nodes().map(n => n.id())"))

    def edge_types(self) -> set[str]:
        return set(self.js("() => explorer.cy().edges().map(e => e.data('type'))"))

    def wait_for_node(self, node: str, present: bool = True) -> None:
        self.page.wait_for_function(
            "([id, present]) => explorer.cy().getElementById(id).nonempty() === present",
            arg=[node, present],
        )

    def _point(self, node: str) -> tuple[float, float]:
        """Centre the node on the canvas at a readable zoom; return its page coordinates."""
        position = self.js(
            """id => { const cy = explorer.cy(); const n = cy.getElementById(id);
                 cy.zoom(1.2); cy.center(n); return n.renderedPosition(); }""",
            node,
        )
        box = self.page.locator("#cy").bounding_box()
        assert box is not None
        return box["x"] + position["x"], box["y"] + position["y"]

    def click_node(self, node: str) -> None:
        x, y = self._point(node)
        self.page.mouse.click(x, y)
        self.page.wait_for_function("id => explorer.state.selected === id", arg=node)

    def double_click_node(self, node: str) -> None:
        x, y = self._point(node)
        self.page.mouse.dblclick(x, y)

    def fit(self) -> None:
        # a block body: returning the Core object would make Playwright serialise the graph
        self.js("() => { explorer.cy().fit(undefined, 30); }")


@pytest.fixture
def explorer(tab: Tab, live_url: str) -> Explorer:
    return Explorer(tab, live_url)


def test_an_investigator_follows_a_sanction_through_the_group(
    story: TestClient, explorer: Explorer
) -> None:
    page = explorer.page
    explorer.start()
    page.select_option("#depth", "1")
    page.fill("#as-of", "2024-01-01")

    # search by a partial Chinese name, open the company
    explorer.search_and_open("海河餐饮", A)
    assert explorer.nodes() >= {A, H, person_id(APPOINTED_AFTER), person_id(DECLARED)}
    assert person_id(OWNER) not in explorer.nodes()
    expect(page.locator("#selection h3")).to_have_text("天津市海河餐饮管理有限公司")
    expect(page.locator("#status")).to_contain_text("个节点")
    explorer.shot("01-search")

    # expand the holding company by double-click: its owner appears; collapse and expand again
    explorer.double_click_node(H)
    explorer.wait_for_node(person_id(OWNER))
    explorer.double_click_node(H)
    explorer.wait_for_node(person_id(OWNER), present=False)
    explorer.click_node(H)
    page.click("#expand")  # the same from the keyboard-reachable button
    explorer.wait_for_node(person_id(OWNER))
    explorer.fit()
    explorer.shot("02-expand")

    # filter: without shareholdings no holding link is drawn and the owner leaves
    page.uncheck('input[name="types"][value="HOLDS_SHARES_IN"]')
    explorer.wait_for_node(person_id(OWNER), present=False)
    assert "HOLDS_SHARES_IN" not in explorer.edge_types()
    assert "LEGAL_REPRESENTATIVE_OF" in explorer.edge_types()
    explorer.shot("03-filter")
    page.check('input[name="types"][value="HOLDS_SHARES_IN"]')
    explorer.wait_for_node(person_id(OWNER))

    # as of 2021 the legal representative in office is 李明, not 张伟
    page.fill("#as-of", "2021-01-01")
    explorer.wait_for_node(person_id(IN_OFFICE))
    explorer.wait_for_node(person_id(APPOINTED_AFTER), present=False)
    explorer.fit()
    explorer.shot("04-as-of-2021")
    page.fill("#as-of", "2024-01-01")
    explorer.wait_for_node(person_id(APPOINTED_AFTER))
    explorer.wait_for_node(person_id(IN_OFFICE), present=False)

    # the owner is restricted through the holding chain (R-PROP-3): path and explanation
    assert explorer.js(
        "id => explorer.cy().getElementById(id).hasClass('restricted')", person_id(OWNER)
    )
    explorer.click_node(person_id(OWNER))
    panel = page.locator("#explanation")
    expect(panel).to_be_visible()
    for text in (
        "M-FOOD",
        "JS",
        "《天津市社会信用条例》第二十九条",
        "津市监罚〔2021〕15号",
        "TJ-SAMR",
        "2026-09-29",
        "可依法申请行政复议或提起行政诉讼",
        "实际控制人",
    ):
        expect(panel).to_contain_text(text)
    page.wait_for_function("() => explorer.cy().$('.highlighted').length >= 9")
    highlighted = set(explorer.js("() => explorer.cy().$('.highlighted').map(e => e.id())"))
    assert {person_id(OWNER), H, A, "E-A", "R-FOOD-1"} <= highlighted
    assert len(explorer.js("() => explorer.cy().edges('.highlighted').map(e => e.id())")) == 4
    explorer.fit()
    explorer.shot("05-explanation")

    # path finder between the owner and the declared controller
    page.click("#path-from-selected")
    page.select_option("#node-list", person_id(DECLARED))
    page.wait_for_function("id => explorer.state.selected === id", arg=person_id(DECLARED))
    page.click("#path-to-selected")
    page.click("#path-find")
    expect(page.locator("#path-results li")).to_have_count(1)
    expect(page.locator("#path-results")).to_contain_text("3 跳")
    page.wait_for_function("() => explorer.cy().edges('.highlighted').length === 3")
    explorer.fit()
    explorer.shot("06-paths")

    # hierarchy layout for control chains: holders above what they hold
    page.select_option("#layout", "breadthfirst")
    expect(page.locator("#status")).to_contain_text("布局完成")
    above = explorer.js(
        """([owner, holding, company]) => { const cy = explorer.cy();
             const y = id => cy.getElementById(id).position('y');
             return y(owner) < y(holding) && y(holding) < y(company); }""",
        [person_id(OWNER), H, A],
    )
    assert above
    explorer.shot("07-hierarchy")

    # export the visible graph: a PNG image and a CSV of nodes and links
    with page.expect_download() as png_download:
        page.click("#export-png")
    png = ARTIFACTS / "explorer-export.png"
    png_download.value.save_as(png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    with page.expect_download() as csv_download:
        page.click("#export-csv")
    exported = ARTIFACTS / "explorer-export.csv"
    csv_download.value.save_as(exported)
    rows = list(csv.DictReader(io.StringIO(exported.read_text(encoding="utf-8-sig"))))
    shown = explorer.nodes()
    assert {row["id"] for row in rows if row["element"] == "node"} == shown
    company = next(row for row in rows if row["id"] == A)
    assert company["name"] == "天津市海河餐饮管理有限公司" and company["joint_sanction"] == "true"
    holding = next(r for r in rows if r["kind_or_type"] == "HOLDS_SHARES_IN" and r["source"] == H)
    assert (holding["target"], holding["ratio"]) == (A, "0.8")

    # English labels on request
    page.click("#lang-toggle")
    expect(page.locator("h1")).to_have_text("Credit graph explorer")
    expect(panel).to_contain_text("Legal basis")
    assert explorer.js("id => explorer.cy().getElementById(id).data('label')", A).endswith("[R][J]")
    explorer.shot("08-english")
    assert explorer.tab.errors == []  # no script error, no CSP refusal


def test_names_are_masked_for_an_authority_and_errors_are_readable(
    story: TestClient, explorer: Explorer, db: Database
) -> None:
    page = explorer.page
    explorer.start(token="not-a-token")
    page.fill("#search-input", "王建国")
    page.click("#search-button")
    expect(page.locator("#error")).to_contain_text("unknown bearer token")
    expect(page.locator("#token-dialog")).to_be_visible()  # asked again, the search is retried
    page.fill(
        "#token-input",
        create_token(db, role=Role.AUTHORITY, subject=None, label="ui", authority=AUTHORITY_CODE),
    )
    page.select_option("#purpose-select", "ADMINISTRATIVE_INSPECTION")  # Art. 19 (R-SEC-1)
    page.click("#token-save")
    expect(page.locator("#search-results")).to_contain_text("王*")
    expect(page.locator("#search-results")).not_to_contain_text("王建国")
    page.fill("#as-of", "2024-01-01")
    explorer.search_and_open("海河餐饮", A)
    label = explorer.js(
        "id => explorer.cy().getElementById(id).data('name')", person_id(APPOINTED_AFTER)
    )
    assert label == "张*"
    page.fill("#limit", "5000")
    page.select_option("#depth", "3")  # the page clamps the limit; the server would refuse it
    expect(page.locator("#limit")).to_have_value("2000")
    expect(page.locator("#error")).to_be_hidden()
    explorer.shot("09-masked")
    errors = [e for e in explorer.tab.errors if "401" not in e]
    assert errors == []


def test_the_explorer_works_from_the_keyboard(story: TestClient, explorer: Explorer) -> None:
    page = explorer.page
    explorer.start()
    page.fill("#as-of", "2024-01-01")
    page.select_option("#depth", "1")
    page.focus("#search-input")
    page.keyboard.type("津投")
    page.keyboard.press("Enter")
    expect(page.locator("#search-results button").first).to_be_focused()
    page.keyboard.press("Enter")
    explorer.wait_for_node(H)
    page.focus("#node-list")
    page.select_option("#node-list", A)  # a listbox, operable with the arrow keys
    page.wait_for_function("id => explorer.state.selected === id", arg=A)
    page.focus("#expand")
    page.keyboard.press("Enter")
    explorer.wait_for_node(person_id(APPOINTED_AFTER))
    expect(page.locator("#collapse")).to_be_enabled()
    page.focus("#collapse")
    page.keyboard.press("Enter")
    explorer.wait_for_node(person_id(APPOINTED_AFTER), present=False)
    for control in (
        "#lang-toggle",
        "#token-button",
        "#as-of",
        "#depth",
        "#layout",
        "#path-find",
        "#export-png",
        "#export-csv",
        "#node-list",
    ):
        page.focus(control)
        assert page.evaluate(
            "s => document.activeElement === document.querySelector(s)", control
        ), control
    assert explorer.tab.errors == []


def test_a_1000_node_neighbourhood_is_drawn(api: TestClient, explorer: Explorer) -> None:
    """Not a timed test (bench/explorer_render.py prints the figures): the 1,001 subjects of
    the synthetic group are all drawn, and the timings are kept as an artefact."""
    center, registry = synthetic_group()
    load(api, registry)
    page = explorer.page
    explorer.start()
    page.select_option("#depth", "2")
    page.fill("#limit", "2000")
    page.fill("#search-input", center)
    page.click("#search-button")
    page.click(f'#search-results button[data-id="{center}"]')
    page.wait_for_function("() => explorer.cy().nodes().length === 1001", timeout=120_000)
    page.wait_for_function(
        "() => explorer.state.timings.last && explorer.state.timings.last.nodes === 1001"
    )
    timings = explorer.js("() => explorer.state.timings.last")
    assert timings["edges"] == 1000
    (ARTIFACTS / "explorer-render-1000.json").write_text(json.dumps(timings, indent=2))
    print(f"1,000-node neighbourhood drawn: {timings}")
    explorer.shot("10-thousand-nodes")
    assert explorer.tab.errors == []


# The group plus a logistics company that A's legal representative also represents (he ties
# it to the group) and two companies A's principal represents (outside the group's links).
C, D, E = uscc(106), uscc(107), uscc(108)
OVERLAY_GROUP: dict[str, list[dict[str, Any]]] = {
    **GROUP,
    "subjects": [
        *GROUP["subjects"],
        org(C, "天津市海河物流有限公司"),
        org(D, "天津市和平置业有限公司"),
        org(E, "天津市和平物业服务有限公司"),
    ],
    "roles": [
        *GROUP["roles"],
        *(
            {
                "role": "LEGAL_REPRESENTATIVE",
                "holder": {"resident_id": rid},
                "org": code,
                "valid_from": "2022-03-01",
                "valid_to": None,
            }
            for rid, code in ((APPOINTED_AFTER, C), (PRINCIPAL, D), (PRINCIPAL, E))
        ),
    ],
}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_analytics_overlays_colour_groups_mark_key_persons_and_explain_risk(
    api: TestClient, explorer: Explorer
) -> None:
    load(api, OVERLAY_GROUP)
    day = {"as_of": "2024-01-01"}
    risk = api.get(f"/v1/analytics/subjects/{A}/risk", params={"depth": 2, **day}).json()
    page = explorer.page
    explorer.start()
    page.fill("#as-of", "2024-01-01")
    page.select_option("#depth", "2")
    explorer.search_and_open("海河餐饮", A)
    for node in (C, D, E, BRANCH):
        explorer.wait_for_node(node)

    def having(cls: str) -> set[str]:
        return set(explorer.js("c => explorer.cy().nodes('.' + c).map(n => n.id())", cls))

    # affiliated groups, switched on from the keyboard: one colour for A, H and C
    page.focus("#overlay-groups")
    page.keyboard.press("Space")
    page.wait_for_function("() => explorer.cy().nodes('.grouped').length === 3")
    assert having("grouped") == having("group-0") == {A, H, C}
    assert not having("grouped") & {D, E, BRANCH}
    legend = page.locator("#overlay-legend")
    expect(legend).to_be_visible()
    expect(legend).to_contain_text("集团 1：天津市海河餐饮管理有限公司 等 3 家组织")

    # key persons: both representatives whose removal splits the group, outlined and marked
    page.check("#overlay-key-persons")
    page.wait_for_function("() => explorer.cy().nodes('.key-person').length === 2")
    assert having("key-person") == {person_id(APPOINTED_AFTER), person_id(PRINCIPAL)}
    label = "id => explorer.cy().getElementById(id).data('label')"
    assert explorer.js(label, person_id(PRINCIPAL)).endswith("[关]")
    expect(legend).to_contain_text("关键人员")
    page.select_option("#node-list", person_id(APPOINTED_AFTER))
    expect(page.locator("#selection")).to_contain_text("移除后集团分裂")

    # risk association of the selected company: figures, restricted neighbours, their reasons
    page.check("#overlay-risk")
    page.select_option("#node-list", A)
    panel = page.locator("#risk")
    expect(panel).to_be_visible()
    near = {item["subject"]["id"] for item in risk["restricted"]}
    assert near >= {person_id(OWNER), person_id(DECLARED), person_id(PRINCIPAL)}
    page.wait_for_function("n => explorer.cy().nodes('.risk-near').length === n", arg=len(near))
    assert having("risk-near") == near
    expect(page.locator("#risk-restricted li")).to_have_count(risk["restricted_count"])
    for text in (
        "受限主体数",
        str(risk["restricted_count"]),
        str(risk["within"]),
        f"{round(risk['share'] * 1000) / 10:g}%",
        f"{risk['score']:g}",
        "陈志强",
        "赵丽",
        "刘芳",
        "M-FOOD on JS",
        "天津市津投控股有限公司",
    ):
        expect(panel).to_contain_text(text)
    page.click("#clear-highlight")  # the restriction path faded the rest: show the overlay
    legend.scroll_into_view_if_needed()
    explorer.fit()
    explorer.shot("11-overlays")
    SCREENSHOTS.mkdir(exist_ok=True)
    shutil.copyfile(ARTIFACTS / "explorer-11-overlays.png", SCREENSHOTS / "explorer-overlays.png")

    # English labels for the overlay; then clear it all
    page.click("#lang-toggle")
    expect(page.locator("#overlay-title")).to_have_text("Analytics overlay")
    expect(legend).to_contain_text("Group 1:")
    expect(panel).to_contain_text("Restricted subjects")
    page.click("#overlay-clear")
    page.wait_for_function("() => explorer.cy().nodes('.grouped, .key-person, .risk-near').empty()")
    expect(panel).to_be_hidden()
    expect(legend).to_be_hidden()
    for box in ("#overlay-groups", "#overlay-key-persons", "#overlay-risk"):
        expect(page.locator(box)).not_to_be_checked()
    assert not explorer.js(label, person_id(PRINCIPAL)).endswith("[K]")
    assert explorer.tab.errors == []

"""How long the explorer takes to draw a 1,000-node neighbourhood (issue 6, R-OUT-3).

Run against the configured Neo4j (`make neo4j` first); prints the figures, asserts nothing::

    .venv/bin/python -m bench.explorer_render [--subsidiaries 40] [--holders 22] [--runs 3]

It starts the service on a free loopback port with a one-off admin token, ingests a
synthetic group (ids from a reserved range, so re-runs update rather than duplicate, and
nothing else is touched), opens /explorer in Debian's headless Chromium and times, per
layout: the API answer, building the elements, the layout and the first paint; then the
frame rate while zooming and panning the drawn graph.
"""

from __future__ import annotations

import argparse
import math
import secrets
import statistics
from collections.abc import Iterator
from typing import Any

from playwright.sync_api import Page, sync_playwright

from graph_service.domain.enums import LOAD_ORDER
from graph_service.main import create_app
from graph_service.settings import Settings
from tests.browser.live_server import CHROMIUM, CHROMIUM_ARGS, post_json, serve
from tests.factories import resident_id, uscc

FIRST_ORG = 7_000_000  # uscc(n) and resident_id(n) from here on are the bench's own
FIRST_PERSON = 7_000_000
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰", "涛", "明", "超"]


def synthetic_group(subsidiaries: int = 40, holders: int = 22) -> tuple[str, dict[str, Any]]:
    """A group company holding `subsidiaries` companies, each with a legal representative,
    a principal and `holders` individual shareholders: 1 + subsidiaries × (holders + 3)
    subjects within two hops of the group (1,001 with the defaults). Every eighth subsidiary
    is on a joint sanction list, so badges and restrictions are computed too."""
    group = uscc(FIRST_ORG)
    registry: dict[str, list[dict[str, Any]]] = {
        "domains": [{"code": "BENCH", "name": "基准测试", "parent": None}],
        "matters": [{"code": "BENCH_MATTER", "name": "基准事项", "domain": "BENCH"}],
        "authorities": [{"code": "BENCH-AUTH", "name": "基准测试局", "region": "TJ"}],
        "catalogue": [{"code": "BENCH-CAT", "name": "行政处罚信息", "disclosure": "PUBLIC"}],
        "subjects": [
            {
                "kind": "LEGAL_PERSON",
                "name": "天津市滨海控股集团有限公司",
                "uscc": group,
                "region": "TJ-BH",
            }
        ],
        "roles": [],
        "holdings": [],
        "records": [],
        "lists": [
            {
                "id": "BENCH-JS",
                "type": "JOINT_SANCTION",
                "issuer": "BENCH-AUTH",
                "region": "TJ",
                "criteria": "基准",
                "published_at": "2020-01-01",
            }
        ],
        "entries": [],
        "measures": [
            {
                "code": "BENCH-M",
                "kind": "SANCTION",
                "description": "限制招投标",
                "legal_basis": "《天津市社会信用条例》第二十九条",
                "means": "不予受理",
                "authority": "BENCH-AUTH",
                "lists": ["BENCH-JS"],
                "matters": ["BENCH_MATTER"],
                "all_matters": False,
                "roles": ["SELF", "LEGAL_REPRESENTATIVE"],
                "published_at": "2020-01-01",
            }
        ],
    }
    person = FIRST_PERSON
    for i in range(subsidiaries):
        org = uscc(FIRST_ORG + 1 + i)
        registry["subjects"].append(
            {
                "kind": "LEGAL_PERSON",
                "name": f"天津市滨海第{i + 1}实业有限公司",
                "uscc": org,
                "region": "TJ-BH",
            }
        )
        registry["holdings"].append(
            {
                "holder": group,
                "org": org,
                "ratio": 0.51,
                "valid_from": "2018-01-01",
                "valid_to": None,
            }
        )
        for slot in range(holders + 2):
            rid = resident_id(person)
            name = SURNAMES[person % len(SURNAMES)] + GIVEN[(person // 7) % len(GIVEN)]
            person += 1
            registry["subjects"].append(
                {"kind": "NATURAL_PERSON", "name": name, "resident_id": rid, "region": "TJ-BH"}
            )
            if slot < 2:
                role = "LEGAL_REPRESENTATIVE" if slot == 0 else "PRINCIPAL"
                registry["roles"].append(
                    {
                        "role": role,
                        "holder": {"resident_id": rid},
                        "org": org,
                        "valid_from": "2018-01-01",
                        "valid_to": None,
                    }
                )
            else:
                registry["holdings"].append(
                    {
                        "holder": {"resident_id": rid},
                        "org": org,
                        "ratio": math.floor(4900 / holders) / 10000,
                        "valid_from": "2018-01-01",
                        "valid_to": None,
                    }
                )
        if i % 8 == 0:
            registry["records"].append(
                {
                    "id": f"BENCH-R-{i}",
                    "subject": org,
                    "type": "DISHONESTY",
                    "category": 3,
                    "serious": False,
                    "document": f"津执字〔2023〕第{i + 1}号",
                    "provider": "BENCH-AUTH",
                    "domain": "BENCH",
                    "catalogue_item": "BENCH-CAT",
                    "act_start": "2023-03-01",
                    "act_end": "2023-06-30",
                }
            )
            registry["entries"].append(
                {
                    "id": f"BENCH-E-{i}",
                    "list": "BENCH-JS",
                    "subject": org,
                    "record": f"BENCH-R-{i}",
                    "listed_at": "2023-07-15",
                    "basis": "第三十条",
                    "removal_conditions": "信用修复",
                    "remedy": "可申请行政复议",
                }
            )
    return group, registry


# Frames drawn while the canvas zooms in and out and pans: smooth means near the screen rate.
FPS_SCRIPT = """
async () => {
  const cy = explorer.cy();
  let frames = 0, running = true;
  const tick = () => { frames += 1; if (running) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  const started = performance.now();
  const zoom = cy.zoom(), pan = cy.pan();
  await cy.animation({ zoom: zoom * 2.5, duration: 1000 }).play().promise();
  await cy.animation({ pan: { x: pan.x - 300, y: pan.y - 200 }, duration: 1000 }).play().promise();
  await cy.animation({ zoom, pan, duration: 1000 }).play().promise();
  running = false;
  return frames / ((performance.now() - started) / 1000);
}
"""


LAYOUTS = ("fcose", "breadthfirst", "radial")


def explorer_pages(base: str, token: str, runs: int) -> Iterator[Page]:
    """`runs` fresh /explorer pages in headless Chromium, signed in with `token`, each ready
    to draw (the page's own script loaded), closed once the caller moves on."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1440, "height": 900})
                context.add_init_script(f"sessionStorage.setItem('credit-graph.token', {token!r});")
                page = context.new_page()
                page.set_default_timeout(300_000)
                page.goto(f"{base}/explorer")
                page.wait_for_function("() => window.explorer && window.explorer.cy()")
                yield page
                context.close()
        finally:
            browser.close()


def measure(base: str, token: str, center: str, runs: int) -> list[dict[str, Any]]:
    """`runs` times, in a fresh page: draw the centre's two-hop neighbourhood as an
    investigator would (API answer, elements, default layout, first paint), then re-run
    every layout on it, then measure the frame rate while zooming and panning."""
    return [draw(page, center) for page in explorer_pages(base, token, runs)]


def draw(page: Page, center: str) -> dict[str, Any]:
    page.select_option("#depth", "2")
    page.fill("#limit", "2000")
    timings: dict[str, Any] = page.evaluate("id => explorer.open(id)", center)
    timings["default_layout"] = page.eval_on_selector("#layout", "el => el.value")
    for layout in LAYOUTS:
        page.select_option("#layout", layout)
        timings[f"{layout}Ms"] = page.evaluate("() => explorer.layout()")
    timings["fps"] = round(page.evaluate(FPS_SCRIPT), 1)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subsidiaries", type=int, default=40)
    parser.add_argument("--holders", type=int, default=22)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    token = secrets.token_urlsafe(32)
    settings = Settings(admin_token=token)
    center, registry = synthetic_group(args.subsidiaries, args.holders)
    with serve(create_app(settings)) as base:
        for kind in LOAD_ORDER:
            items = registry.get(kind.value)
            if items:
                post_json(f"{base}/v1/ingest/{kind.value}", token, {"items": items})
        results = measure(base, token, center, args.runs)

    def median(key: str) -> float:
        return float(statistics.median(run[key] for run in results))

    first = results[0]
    print(
        f"explorer: {first['nodes']} nodes, {first['edges']} links within 2 hops, "
        f"median of {args.runs} fresh pages"
    )
    print(
        f"  first draw ({first['default_layout']} layout): api {median('fetchMs'):.0f} ms + "
        f"elements {median('buildMs'):.0f} ms + layout {median('layoutMs'):.0f} ms, "
        f"painted after {median('totalMs'):.0f} ms; "
        f"search click to picture {median('fetchMs') + median('totalMs'):.0f} ms"
    )
    print(
        "  re-layout: "
        + ", ".join(f"{layout} {median(layout + 'Ms'):.0f} ms" for layout in LAYOUTS)
    )
    print(f"  zoom and pan: {median('fps'):.0f} frames per second")


if __name__ == "__main__":
    main()

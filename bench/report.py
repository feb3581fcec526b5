"""Figures against the targets of issue 7, printed and written to bench/RESULTS.md.

RESULTS.md keeps one section per dataset between `<!-- bench:<name> -->` and
`<!-- /bench:<name> -->`; a run replaces its own dataset's section and leaves the rest of the
file (the other datasets, the notes written by hand) as it is.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"

HEADER = """# Benchmark results

Produced by `python -m bench` (see `bench/runner.py` for what each figure measures). Each
section below is one dataset, rewritten by the run that produced it, with its command. The
targets are the issue's, stated for 1,000,000 subjects on this 2-core machine; the smaller
runs are judged against them too, for orientation.

"""


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    limit: float
    higher_is_better: bool = False

    def judge(self, value: float | None) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "not measured"
        ok = value >= self.limit if self.higher_is_better else value <= self.limit
        return "met" if ok else "**missed**"


TARGETS: tuple[Target, ...] = (
    Target("load_rows_per_s", "load >= 50,000 rows/s", 50_000, higher_is_better=True),
    Target(
        "bulk_rows_per_s",
        "first load of an empty database (`--bulk`) >= 150,000 rows/s",
        150_000,
        higher_is_better=True,
    ),
    Target("screen_p99_ms", "single screening p99 <= 10 ms (concurrency 4)", 10),
    Target("batch_median_s", "batch of 1,000 <= 1.5 s", 1.5),
    Target("linked2_p99_ms", "linked look-up depth 2 p99 <= 20 ms", 20),
    Target("list_median_s", "full joint sanction list <= 5 s", 5),
    Target("overhead_ratio", "HTTP p50 / bare-driver p50 <= 1.2", 1.2),
    Target("mixed_per_s", "mixed load >= 300 requests/s (concurrency 16)", 300, True),
    Target("mixed_p99_ms", "mixed load p99 <= 100 ms", 100),
    Target("report_p99_ms", "credit report, long query log, p99 <= 50 ms (concurrency 8)", 50),
    Target("service_peak_mib", "service peak memory <= 1 GiB", 1024),
)

# The figure of the same route measured by the bare driver replaying the service's statements
# and by the naive one-hop loop, one request at a time in the same run (bench.runner's
# `compare` phase for screening, bench.replays for the look-ups): `figure / reference`.
REFERENCES: dict[str, tuple[str | None, str | None]] = {
    "screen_p50_ms": ("screen_bare_p50_ms", "screen_naive_p50_ms"),
    "screen_p99_ms": ("screen_bare_p99_ms", "screen_naive_p99_ms"),
    "linked2_p50_ms": ("linked2_bare_p50_ms", "linked2_naive_p50_ms"),
    "linked2_p99_ms": ("linked2_bare_p99_ms", "linked2_naive_p99_ms"),
    "controllers_p50_ms": ("controllers_bare_p50_ms", None),
    "controllers_p99_ms": ("controllers_bare_p99_ms", None),
    "report_p50_ms": ("report_bare_p50_ms", None),
    "report_p99_ms": ("report_bare_p99_ms", None),
    "batch_median_s": ("batch_bare_s", None),
    "list_median_s": ("list_bare_s", None),
}


def fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        if math.isnan(value):
            return "–"
        if abs(value) >= 100:
            return f"{value:,.0f}"
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def table(rows: list[list[str]], header: list[str]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def spread_text(key: str, figures: dict[str, Any], spread: dict[str, list[float]]) -> str:
    """`median (min–max, n runs)`, or the single value of a figure measured once."""
    value = figures.get(key)
    digits = 2 if isinstance(value, float) and abs(value) < 10 else 1
    values = [v for v in spread.get(key, []) if not math.isnan(v)]
    if len(values) < 2:
        return fmt(value, digits)
    low, high = fmt(min(values), digits), fmt(max(values), digits)
    return f"{fmt(value, digits)} ({low}–{high}, n={len(values)})"


def ratio_text(key: str, figures: dict[str, Any], which: int) -> str:
    reference = REFERENCES.get(key, (None, None))[which]
    value, base = figures.get(key), figures.get(reference) if reference else None
    if not isinstance(value, int | float) or not isinstance(base, int | float) or not base:
        return "–"
    if math.isnan(value) or math.isnan(base):
        return "–"
    return f"×{value / base:.2f}"


def targets_table(figures: dict[str, Any], spread: dict[str, list[float]] | None = None) -> str:
    """Each target: the median over the run's repetitions (min–max), its ratio to the bare
    driver's and to the naive loop's same figure, and whether the median meets it."""
    rows = []
    for target in TARGETS:
        rows.append(
            [
                target.label,
                spread_text(target.key, figures, spread or {}),
                ratio_text(target.key, figures, 0),
                ratio_text(target.key, figures, 1),
                target.judge(figures.get(target.key)),
            ]
        )
    header = ["target (issues 7 and 17, at 1M)", "measured: median (min–max)", "÷ bare", "÷ naive"]
    return table(rows, [*header, "status"])


def figures_table(figures: dict[str, Any], spread: dict[str, list[float]]) -> str:
    """Every figure of the run (the targets' and the others), as in `targets_table`."""
    rows = [
        [
            f"`{key}`",
            spread_text(key, figures, spread),
            ratio_text(key, figures, 0),
            ratio_text(key, figures, 1),
        ]
        for key in sorted(figures)
        if isinstance(figures[key], int | float)
    ]
    return table(rows, ["figure", "median (min–max)", "÷ bare", "÷ naive"])


def write_section(name: str, body: str, path: Path = RESULTS) -> None:
    """Replace (or append) the section of dataset `name` in RESULTS.md."""
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    block = f"{start}\n{body.strip()}\n{end}"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    replace: Callable[[re.Match[str]], str] = lambda _match: block  # noqa: E731
    text = pattern.sub(replace, text) if pattern.search(text) else text.rstrip() + "\n\n" + block
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.rstrip() + "\n", encoding="utf-8")

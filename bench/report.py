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
    Target("load_rows_per_s", "load >= 20,000 rows/s", 20_000, higher_is_better=True),
    Target("screen_p99_ms", "single screening p99 <= 25 ms", 25),
    Target("batch_median_s", "batch of 1,000 <= 1.5 s", 1.5),
    Target("linked2_p99_ms", "linked look-up depth 2 p99 <= 50 ms", 50),
    Target("list_median_s", "full joint sanction list <= 60 s", 60),
    Target("overhead_ratio", "service overhead ratio <= 1.5", 1.5),
    Target("report_p99_ms", "credit report, 500-entry query log, p99 <= 50 ms (c=8)", 50),
    Target("service_peak_mib", "service peak memory <= 1 GiB", 1024),
)


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


def targets_table(figures: dict[str, Any]) -> str:
    rows = []
    for target in TARGETS:
        value = figures.get(target.key)
        digits = 2 if isinstance(value, float) and abs(value) < 10 else 1
        rows.append([target.label, fmt(value, digits), target.judge(value)])
    return table(rows, ["target (issue 7, at 1M)", "measured", "status"])


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

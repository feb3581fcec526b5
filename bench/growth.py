"""How each figure grows with the registry (issue 17, Growth): `python -m bench` at several
generated sizes, one curve per figure, a fitted exponent each.

    python -m bench.growth --sizes 100000,1000000,5000000 [--repeat 3] [--skip-load]
        [--state-dir 1000000=/path/of/a/loaded/state ...] [--collect-only] [-- BENCH ARGS]

1. For each size, `python -m bench --subjects SIZE` in a subprocess, with its own state
   folder (`--state-root` + `-SIZE`, or `--state-dir SIZE=PATH`) and a free Bolt port, so the
   loaded databases stay side by side; `--skip-load` reuses a folder that holds the size's
   dataset already. Every size runs with the same request counts (`GROWTH_ARGS`); arguments
   after `--` go to every run after them (`--heap 3g --pagecache 4g`, `--data-dir`). Each
   run writes its section of bench/RESULTS.md and its figures to
   `bench/results/generated-SIZE-seedN.json`, as `python -m bench` always does.
   `--collect-only` runs nothing and reads those files (a size run by hand counts too).
2. The figures of every size go to `bench/results/growth.json` (sizes measured before, by
   earlier invocations, are kept: 1M and 5M can be added later).
3. Per figure, a least-squares line through (log size, log median): `figure ~ size^b`. The
   exponent b says how the cost grows: 0 flat (an index seek and a local walk), 1 linear
   (a list over every listed subject).
4. `docs/scaling-curve.png`: every figure against size on log-log axes, min–max of the
   repetitions as error bars, the fitted line and b in each panel (matplotlib, the optional
   `bench` dependencies: `pip install -e '.[bench]'`).
5. The table of docs/SCALING.md §6 between `<!-- growth:begin -->` and `<!-- growth:end -->`:
   per figure the sizes measured, b, and the fitted value at 1M and at national scale.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import report
from tests.helpers import free_port

ROOT = Path(__file__).resolve().parent.parent
GROWTH_JSON = ROOT / "bench" / "results" / "growth.json"
PNG = ROOT / "docs" / "scaling-curve.png"
SCALING = ROOT / "docs" / "SCALING.md"
NATIONAL = 180_000_000  # docs/SCALING.md §6.1, A1
BEGIN, END = "<!-- growth:begin -->", "<!-- growth:end -->"
# What every size runs unless the arguments after `--` say otherwise (the last value wins):
# the same counts at every size, small enough for 100k on the shared 2-core machine.
GROWTH_ARGS = (
    "--no-explorer",
    "--requests=600",
    "--warmup=100",
    "--lookups=300",
    "--compare=60",
    "--batches=3",
    "--mixed-requests=800",
    "--reports=150",
    "--naive-budget=15",
    "--whole-limit=0",
)


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    unit: str


# The figures plotted and fitted, in panel order.
FIGURES: tuple[Figure, ...] = (
    Figure("load_rows_per_s", "load", "rows/s"),
    Figure("bulk_rows_per_s", "first load, `--bulk`", "rows/s"),
    Figure("screen_p50_ms", "screening p50 (concurrency 4)", "ms"),
    Figure("screen_p99_ms", "screening p99 (concurrency 4)", "ms"),
    Figure("screen_bare_p50_ms", "screening, bare driver p50", "ms"),
    Figure("overhead_ratio", "HTTP p50 / bare p50", "ratio"),
    Figure("batch_median_s", "batch of 1,000", "s"),
    Figure("linked2_p50_ms", "linked depth 2 p50", "ms"),
    Figure("linked2_p99_ms", "linked depth 2 p99", "ms"),
    Figure("controllers_p99_ms", "controllers p99", "ms"),
    Figure("mixed_per_s", "mixed load (concurrency 16)", "requests/s"),
    Figure("mixed_p99_ms", "mixed load p99", "ms"),
    Figure("report_p99_ms", "credit report p99 (long log)", "ms"),
    Figure("list_median_s", "JOINT_SANCTION list", "s"),
    Figure("diff_s", "list diff", "s"),
    Figure("service_peak_mib", "service peak memory", "MiB"),
)


def fit(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """(b, a) of the least-squares line log y = a + b log x; None below two distinct sizes
    or with a value that is not positive."""
    usable = [(x, y) for x, y in points if x > 0 and y > 0 and not math.isnan(y)]
    if len({x for x, _ in usable}) < 2:
        return None
    xs = [math.log(x) for x, _ in usable]
    ys = [math.log(y) for _, y in usable]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )
    return b, my - b * mx


def predict(fitted: tuple[float, float], size: float) -> float:
    b, a = fitted
    return math.exp(a + b * math.log(size))


def points(growth: dict[str, Any], key: str) -> list[tuple[int, float, float, float]]:
    """(size, median, min, max) of a figure at every size that measured it."""
    found = []
    for size, entry in sorted(growth["sizes"].items(), key=lambda item: int(item[0])):
        value = entry["figures"].get(key)
        if not isinstance(value, int | float) or math.isnan(value):
            continue
        spread = [v for v in entry.get("spread", {}).get(key, []) if not math.isnan(v)]
        low, high = (min(spread), max(spread)) if spread else (value, value)
        found.append((int(size), float(value), float(low), float(high)))
    return found


# ---------------------------------------------------------------------------- running


def run_size(size: int, state_dir: Path, args: argparse.Namespace, extra: list[str]) -> None:
    command = [
        sys.executable,
        "-m",
        "bench",
        "--subjects",
        str(size),
        "--seed",
        str(args.seed),
        "--state-dir",
        str(state_dir),
        "--bolt-port",
        str(free_port()),
        "--repeat",
        str(args.repeat),
        "--results",
        str(args.results),
        *(["--skip-load"] if args.skip_load else []),
        *GROWTH_ARGS,
        *extra,
    ]
    print(f"growth: {' '.join(command)}", file=sys.stderr, flush=True)
    subprocess.run(command, check=True)


def raw_file(results: Path, size: int, seed: int) -> Path:
    return results.parent / "results" / f"generated-{size}-seed{seed}.json"


def collect(growth: dict[str, Any], sizes: list[int], results: Path, seed: int) -> None:
    for size in sizes:
        path = raw_file(results, size, seed)
        if not path.exists():
            print(f"growth: no figures for {size:,} ({path})", file=sys.stderr)
            continue
        raw = json.loads(path.read_text(encoding="utf-8"))
        growth["sizes"][str(size)] = {
            "figures": raw["figures"],
            "spread": raw.get("spread", {}),
            "repeat": raw.get("repeat", 1),
            "command": raw.get("command"),
            "date": raw.get("date"),
            "loadavg": raw.get("details", {}).get("loadavg", {}),
            "machine": raw.get("machine", {}),
        }


def fits(growth: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out = {}
    for figure in FIGURES:
        measured = points(growth, figure.key)
        fitted = fit([(s, v) for s, v, _, _ in measured])
        if fitted is None:
            continue
        out[figure.key] = {
            "exponent": fitted[0],
            "sizes": [s for s, *_ in measured],
            "largest": measured[-1][1],
            "at_1m": predict(fitted, 1_000_000),
            "national": predict(fitted, NATIONAL),
        }
    return out


# ---------------------------------------------------------------------------- writing


def plot(growth: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    shown = [f for f in FIGURES if len(points(growth, f.key)) >= 1]
    columns = 4
    rows = max(1, math.ceil(len(shown) / columns))
    fig, axes = plt.subplots(rows, columns, figsize=(4.2 * columns, 3.2 * rows), squeeze=False)
    for ax, figure in zip(axes.flat, shown, strict=False):
        measured = points(growth, figure.key)
        sizes = [s for s, *_ in measured]
        medians = [v for _, v, _, _ in measured]
        below = [v - lo for _, v, lo, _ in measured]
        above = [hi - v for _, v, _, hi in measured]
        ax.errorbar(sizes, medians, yerr=[below, above], fmt="o", capsize=3, color="C0")
        fitted = fit(list(zip(sizes, medians, strict=True)))
        title = figure.label
        if fitted is not None:
            xs = [min(sizes), max(sizes)]
            ax.plot(xs, [predict(fitted, x) for x in xs], "--", color="C1")
            title += f"\nb = {fitted[0]:.2f}"
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_title(title, fontsize=9)
        ax.set_ylabel(figure.unit, fontsize=8)
        ax.tick_params(labelsize=7)
        ax.grid(True, which="both", linewidth=0.3)
    for ax in list(axes.flat)[len(shown) :]:
        ax.set_visible(False)
    fig.suptitle(
        "credit-graph bench: figures against generated subjects (log-log; median, min–max "
        "of the repetitions; dashed: fitted size^b)",
        fontsize=10,
    )
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=90)
    plt.close(fig)


def scaling_table(growth: dict[str, Any]) -> str:
    fitted = fits(growth)
    rows = []
    for figure in FIGURES:
        f = fitted.get(figure.key)
        if f is None:
            continue
        rows.append(
            [
                f"{figure.label} ({figure.unit})",
                ", ".join(f"{s:,}" for s in f["sizes"]),
                report.fmt(f["largest"], 2),
                f"{f['exponent']:.2f}",
                report.fmt(f["at_1m"], 2),
                report.fmt(f["national"], 2),
            ]
        )
    sizes = sorted(growth["sizes"], key=int)
    loads = []
    for size in sizes:
        seen = growth["sizes"][size].get("loadavg", {}).values()
        if seen:
            loads.append(f"{int(size):,}: {min(seen):.0f}–{max(seen):.0f}")
    header = [
        "figure",
        "sizes measured",
        "at the largest",
        "exponent b",
        "fit at 1M",
        f"fit at {NATIONAL:.1e}".replace("e+0", "e"),
    ]
    return "\n".join(
        [
            f"Written by `python -m bench.growth` ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC) from "
            f"`bench/results/growth.json`: sizes {', '.join(f'{int(s):,}' for s in sizes)}; "
            f"load average (1 min) of the machine while each ran: {'; '.join(loads) or '–'}. "
            "Plot: `docs/scaling-curve.png`.",
            "",
            report.table(rows, header),
        ]
    )


def write_scaling(growth: dict[str, Any], path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise SystemExit(f"{path} has no {BEGIN} … {END} block for the growth table")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{BEGIN}\n{scaling_table(growth)}\n{END}{tail}", encoding="utf-8")


# ------------------------------------------------------------------------------- main


def parse(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    extra: list[str] = []
    if "--" in argv:
        at = argv.index("--")
        argv, extra = argv[:at], argv[at + 1 :]
    parser = argparse.ArgumentParser(prog="python -m bench.growth", description=__doc__)
    parser.add_argument("--sizes", default="100000,1000000,5000000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument(
        "--state-root",
        default=str(Path(tempfile.gettempdir()) / "bench-growth"),
        help="the state folder of size SIZE is ROOT-SIZE",
    )
    parser.add_argument(
        "--state-dir",
        action="append",
        default=[],
        metavar="SIZE=PATH",
        help="the state folder of one size (a database loaded earlier), repeatable",
    )
    parser.add_argument("--collect-only", action="store_true", help="run nothing, re-plot")
    parser.add_argument("--results", type=Path, default=report.RESULTS)
    parser.add_argument("--out", type=Path, default=GROWTH_JSON)
    parser.add_argument("--png", type=Path, default=PNG)
    parser.add_argument("--scaling", default=str(SCALING), help="'' to leave it alone")
    return parser.parse_args(argv), extra


def main(argv: list[str] | None = None) -> None:
    args, extra = parse(sys.argv[1:] if argv is None else argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s]
    dirs = {int(k): Path(v) for k, v in (item.split("=", 1) for item in args.state_dir)}
    if not args.collect_only:
        for size in sizes:
            run_size(size, dirs.get(size, Path(f"{args.state_root}-{size}")), args, extra)
    growth: dict[str, Any] = (
        json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {"sizes": {}}
    )
    collect(growth, sizes, args.results, args.seed)
    growth["fits"] = fits(growth)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(growth, indent=1, default=str) + "\n", encoding="utf-8")
    plot(growth, args.png)
    if args.scaling:
        write_scaling(growth, Path(args.scaling))
    print(scaling_table(growth))
    print(f"growth: {args.out}, {args.png}", file=sys.stderr)


if __name__ == "__main__":
    main()

"""The service's answers on a fixed set of questions, for a byte-identical before/after check.

A speed-up must not change an answer (issue 7, item 5; issue 17, acceptance). The `answers`
phase of `python -m bench` asks the running service, over HTTP, a set of questions fixed by the
dataset and the seed: single-subject screenings of every pooled subject (listed, reached
through roles and chains, random) for three matters, in batches of 1,000; linked look-ups at
depth 2 and controllers of 100 subjects each; the SERIOUS, JOINT_SANCTION and JOINT_REWARD
lists; the JOINT_SANCTION diff over a year. Each answer is written as one line of canonical
JSON (sorted keys), so two runs agree exactly when their files are byte-identical. Credit
reports are left out: they hold the query log, which every run lengthens.

    python -m bench --subjects 100000 --skip-load --only answers                  # before
    python -m bench --subjects 100000 --skip-load --only answers \\
        --answers-against bench/results/answers-generated-100000-seed1.before.json  # after
    python -m bench.answers BEFORE AFTER          # or compare two files afterwards
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from bench.client import Client, Request

if TYPE_CHECKING:
    from bench.picks import Pools
    from bench.runner import Run
    from bench.servers import Service

MATTERS = ("GOV_PROCUREMENT", "BANK_LOAN", "FOOD_PERMIT")
LISTS = ("SERIOUS", "JOINT_SANCTION", "JOINT_REWARD")
LOOKUPS = 100
BATCH = 1000


def questions(pools: Pools, as_of: date) -> Iterator[Request]:
    """The fixed questions, in a fixed order (every id list sorted)."""
    screened = sorted(
        set(pools.listed + pools.role_persons + pools.chain_holders)
        | set(pools.random_orgs + pools.random_persons)
    )
    for matter in MATTERS:
        for start in range(0, len(screened), BATCH):
            body = {"subjects": screened[start : start + BATCH], "matter": matter}
            yield Request("POST", "/v1/screen", {**body, "as_of": str(as_of)})
    near = sorted(set(pools.listed + pools.role_persons))[: LOOKUPS // 2]
    for subject in near + sorted(pools.random_orgs)[: LOOKUPS - len(near)]:
        yield Request("GET", f"/v1/subjects/{quote(subject)}/linked?depth=2&as_of={as_of}")
    for org in sorted(pools.group_orgs)[:LOOKUPS]:
        yield Request("GET", f"/v1/subjects/{quote(org)}/controllers?as_of={as_of}")
    for list_type in LISTS:
        yield Request("GET", f"/v1/lists/{list_type}/generated?as_of={as_of}")
    year_before = as_of.replace(year=as_of.year - 1)
    yield Request("GET", f"/v1/lists/JOINT_SANCTION/diff?from={year_before}&to={as_of}")


def canonical(request: Request, status: int, answer: Any) -> str:
    """One line: the question and its answer, keys sorted, no insignificant spaces."""
    question = {"method": request.method, "path": request.path, "body": request.body}
    line = {"question": question, "status": status, "answer": answer}
    return json.dumps(line, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def collect(base: str, token: str, pools: Pools, as_of: date) -> list[str]:
    client = Client(base, token, timeout=1800.0)
    try:
        lines = []
        for request in questions(pools, as_of):
            status, answer, _ = client.call(request)
            lines.append(canonical(request, status, answer))
        return lines
    finally:
        client.close()


def differences(before: list[str], after: list[str]) -> list[str]:
    """The questions answered differently (or asked by one file only), by method and path."""

    def by_question(lines: list[str]) -> dict[str, str]:
        keyed = {}
        for line in lines:
            question = json.loads(line)["question"]
            body = question["body"] or {}
            key = f"{question['method']} {question['path']}"
            if "subjects" in body:
                key += f" [{body['matter']}: {body['subjects'][0]}…, {len(body['subjects'])}]"
            keyed[key] = line
        return keyed

    old, new = by_question(before), by_question(after)
    return [key for key in sorted(old.keys() | new.keys()) if old.get(key) != new.get(key)]


def digest(lines: list[str]) -> str:
    return hashlib.sha256(("\n".join(lines) + "\n").encode("utf-8")).hexdigest()


def phase_answers(
    run: Run, service: Service, pools: Pools, as_of: date, say: Callable[[str], None]
) -> None:
    lines = collect(service.base, service.admin_token, pools, as_of)
    out = run.args.answers_out or (
        run.args.results.parent / "results" / f"answers-{run.dataset}.json"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result: dict[str, Any] = {"file": str(out), "answers": len(lines), "sha256": digest(lines)}
    say(f"answers: {len(lines)} written to {out} (sha256 {result['sha256'][:16]}…)")
    against = run.args.answers_against
    if against is not None:
        before = against.read_text(encoding="utf-8").splitlines()
        changed = differences(before, lines)
        result.update(against=str(against), identical=before == lines, differing=changed[:20])
        verdict = (
            "byte-identical"
            if before == lines
            else f"DIFFERENT on {len(changed)} questions: {changed[:5]}"
        )
        say(f"answers against {against}: {verdict}")
        run.notes.append(f"answers against `{against}`: {verdict}"[:600])
    run.details["answers"] = result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Compare two answers files of `python -m bench`")
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    before = args.before.read_text(encoding="utf-8").splitlines()
    after = args.after.read_text(encoding="utf-8").splitlines()
    if before == after:
        print(f"byte-identical: {len(after)} answers, sha256 {digest(after)}")
        return 0
    changed = differences(before, after)
    print(f"different on {len(changed)} questions:")
    for key in changed:
        print(f"  {key}")
    return 1


if __name__ == "__main__":
    sys.exit(main())

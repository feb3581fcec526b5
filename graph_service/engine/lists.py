"""Generated lists and their diffs (R-OUT-1): the engine's answers for everyone reached."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from graph_service.domain.screening import (
    GeneratedList,
    ListChange,
    ListDiff,
    ListedSubject,
    Restriction,
    Reward,
)
from graph_service.engine.screening import Engine
from graph_service.rules.credit_time import expires_on
from graph_service.store.runner import chunks
from graph_service.store.typed_queries import DiffFactsRow, SubjectSummariesRow

CSV_COLUMNS = (
    "subject",
    "kind",
    "name",
    "region",
    "role",
    "via",
    "measure",
    "list",
    "entry",
    "record",
    "document",
    "legal_basis",
    "authority",
    "until",
    "remedy",
    "objection",
)


class Key(NamedTuple):
    """A restriction or reward of a listed subject, as diffs compare them (R-OUT-1). Kept as
    a tuple, never joined into a string: identifiers may hold any character."""

    measure: str
    entry: str
    role: str
    via: str

    def text(self) -> str:
        """The public rendering in `before`/`after`: `measure|entry|role|via`."""
        return f"{self.measure}|{self.entry}|{self.role}|{self.via}"


def _keys(listed: ListedSubject) -> set[Key]:
    """The key of every restriction and reward of a listed subject."""
    keys = {Key(r.measure, r.entry, r.role, r.via or "") for r in listed.restrictions}
    return keys | {Key(w.measure, w.entry, "REWARD", "") for w in listed.rewards}


class ListGenerator:
    """Builds a list of a type as of a date: the listed subjects and everyone reached."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.db = engine.db

    def generate(
        self,
        list_type: str,
        as_of: date,
        *,
        matter: str | None = None,
        measure: str | None = None,
    ) -> GeneratedList:
        candidates = [
            r.subject
            for r in self.db.list_candidates(
                list_type=list_type, as_of=as_of, max_depth=self.engine.max_depth
            )
        ]
        if list_type == "JOINT_REWARD":
            found = self._rewarded(candidates, as_of, matter, measure)
        else:
            restricted = self.engine.restrictions(
                candidates, as_of, matter, measure=measure, list_types=[list_type]
            )
            found = {s: ([*items], []) for s, items in restricted.items()}
        summaries = self._summaries(found)
        subjects = [
            ListedSubject(
                subject=subject,
                kind=summary.kind if summary else None,
                name=summary.name if summary else None,
                region=summary.region if summary else None,
                restrictions=restrictions,
                rewards=rewards,
            )
            for subject, (restrictions, rewards) in sorted(found.items())
            for summary in [summaries.get(subject)]
        ]
        return GeneratedList(
            list_type=list_type,
            as_of=as_of,
            matter=matter,
            measure=measure,
            count=len(subjects),
            subjects=subjects,
        )

    def _rewarded(
        self, candidates: list[str], as_of: date, matter: str | None, measure: str | None
    ) -> dict[str, tuple[list[Restriction], list[Reward]]]:
        """R-PROP-7: listed on a reward list, the measure applies, and nothing withholds it."""
        # A list's worth of subjects: one transaction per statement, none outliving the timeout.
        rewards = self.engine.reward_rows(self.db, candidates, as_of, matter)
        withheld = self.engine.withholding(self.db, sorted(rewards), as_of)
        found: dict[str, tuple[list[Restriction], list[Reward]]] = {}
        for subject, rows in rewards.items():
            granted = [
                Reward(**row)
                for row in rows
                if row["list_type"] == "JOINT_REWARD"
                and (measure is None or row["measure"] == measure)
            ]
            if granted and subject not in withheld:
                found[subject] = ([], granted)
        return found

    def _summaries(self, subjects: Iterable[str]) -> dict[str, SubjectSummariesRow]:
        rows: dict[str, SubjectSummariesRow] = {}
        for chunk in chunks(sorted(subjects), 5_000):
            for row in self.db.subject_summaries(ids=chunk):
                rows[row.subject] = row
        return rows

    def diff(self, list_type: str, from_date: date, to_date: date) -> ListDiff:
        """Added, removed and changed subjects between two dates, each with its reasons."""
        before = {s.subject: s for s in self.generate(list_type, from_date).subjects}
        after = {s.subject: s for s in self.generate(list_type, to_date).subjects}
        keys_before = {s: _keys(v) for s, v in before.items()}
        keys_after = {s: _keys(v) for s, v in after.items()}
        moved = [
            k
            for s in set(before) | set(after)
            for k in keys_before.get(s, set()) ^ keys_after.get(s, set())
        ]
        explain = _Explainer(self, moved, from_date, to_date)
        changes: dict[str, list[ListChange]] = {"added": [], "removed": [], "changed": []}
        for subject in sorted(set(before) | set(after)):
            old, new = keys_before.get(subject, set()), keys_after.get(subject, set())
            if old == new:
                continue
            change = "added" if not old else "removed" if not new else "changed"
            listed = after.get(subject) or before[subject]
            reasons = sorted(
                {*(explain.gone(k) for k in old - new), *(explain.came(k) for k in new - old)}
            )
            changes[change].append(
                ListChange(
                    subject=subject,
                    name=listed.name,
                    change=change,
                    reasons=reasons,
                    before=[k.text() for k in sorted(old)],
                    after=[k.text() for k in sorted(new)],
                )
            )
        return ListDiff(list_type=list_type, from_date=from_date, to_date=to_date, **changes)


class _Explainer:
    """Names why a restriction key appeared or disappeared between two dates."""

    def __init__(self, gen: ListGenerator, keys: Iterable[Key], start: date, end: date) -> None:
        parts = list(keys)
        entries = sorted({p.entry for p in parts})
        measures = sorted({p.measure for p in parts})
        self.facts: dict[str, DiffFactsRow] = {
            r.entry: r for r in gen.db.diff_facts(entries=entries)
        }
        self.published = {
            r.measure: r.published_at for r in gen.db.measures_published(codes=measures)
        }
        self.start, self.end = start, end

    def _between(self, day: date | None) -> bool:
        return day is not None and self.start < day <= self.end

    def gone(self, key: Key) -> str:
        measure, entry, role, _via = key
        facts = self.facts.get(entry)
        if facts is not None:
            expiry = expires_on(facts.act_end)
            # A repair also takes the entry off the list (Art. 46): name the repair, the cause.
            if self._between(facts.repaired_on):
                return f"record behind {entry} repaired"
            if self._between(facts.revoked_on):
                return f"record behind {entry} revoked"
            if self._between(facts.removed_on):
                return f"entry {entry} removed"
            if expiry is not None and expiry <= self.end:
                return f"record behind {entry} expired (five years after the act, R-TIME-1)"
        return f"{measure} no longer reaches the subject through {role} (role or control change)"

    def came(self, key: Key) -> str:
        measure, entry, role, _via = key
        facts = self.facts.get(entry)
        if facts is not None:
            if self._between(facts.listed_at):
                return f"new entry {entry}"
            if self._between(facts.list_published_at):
                return f"list of entry {entry} published (Art. 28, 30)"
            if self._between(facts.act_start):
                return f"new record behind {entry}"
        if self._between(self.published.get(measure)):
            return f"measure {measure} published"
        return f"{measure} now reaches the subject through {role} (role or control change)"


def to_csv(generated: GeneratedList) -> str:
    """One row per restriction or reward, a header row, UTF-8 with a BOM for spreadsheets."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for listed in generated.subjects:
        head = [listed.subject, listed.kind, listed.name, listed.region]
        for r in listed.restrictions:
            writer.writerow(
                [
                    *head,
                    r.role,
                    r.via,
                    r.measure,
                    r.list,
                    r.entry,
                    r.record,
                    r.document,
                    r.legal_basis,
                    r.authority,
                    r.until,
                    r.remedy,
                    r.objection,
                ]
            )
        for w in listed.rewards:
            writer.writerow(
                [
                    *head,
                    "SELF",
                    None,
                    w.measure,
                    w.list,
                    w.entry,
                    None,
                    None,
                    w.legal_basis,
                    w.authority,
                    None,
                    None,
                    False,
                ]
            )
    return "\ufeff" + out.getvalue()

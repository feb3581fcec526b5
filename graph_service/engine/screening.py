"""Screening (R-OUT-2): who is restricted, rewarded or allowed for a matter on a date.

The reach of each list entry (DESIGN §5 rules 1 and 3) and the linked matters of each
measure (rule 2) are graph traversals in Cypher; control through chains of holdings is
checked with networkx (R-PROP-3); this module joins them into explained answers (R-PROP-6).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import Any

from graph_service.analytics.control import CONTROL_THRESHOLD, RATIO_EPSILON
from graph_service.domain.screening import (
    Note,
    Restriction,
    Reward,
    SubjectDecision,
    WithheldReward,
)
from graph_service.domain.vocabulary import (
    ALL_DISCLOSURES,
    ALL_LIST_TYPES,
    ART_32_LIST_TYPES,
    SELF_ROLE,
)
from graph_service.engine.control import ChainChecker, load_control_graph
from graph_service.errors import ValidationFailed
from graph_service.rules.credit_time import expired_through, last_day_in_force
from graph_service.store.db import Database
from graph_service.store.runner import CHUNK, chunks
from graph_service.store.typed_queries import (
    ApplicableMeasuresRow,
    ReachSubjectsRow,
    Repository,
)

# Statements of a long list's reach in flight at once: one decoding in Python (which holds
# the GIL) while Neo4j runs the other; more would only queue on a machine of few cores.
IN_FLIGHT = 2


@dataclass(frozen=True)
class Reached:
    """An entry in force reaching a subject (a `reach_subjects` row) and what the engine
    derives from it: the path that explains it, the last day it holds, and whether the
    control chain above the listed organisation is longer than the bound (R-PROP-3)."""

    row: ReachSubjectsRow
    path: list[str]
    until: date | None
    control_truncated: bool


def _direct_path(row: ReachSubjectsRow) -> list[str]:
    tail = ["LISTS", row.entry, "BASED_ON", row.record]
    if row.role == SELF_ROLE or row.via is None:
        return [row.subject, *tail]
    return [row.subject, f"{row.role}_OF", row.via, *tail]


def _reach_rows(
    repo: Repository,
    subject_ids: Sequence[str],
    as_of: date,
    list_types: Sequence[str],
    max_depth: int,
) -> list[ReachSubjectsRow]:
    """`reach_subjects` chunk by chunk, the rows in the chunks' order. A list's worth read
    through the Database (each statement its own transaction) keeps `IN_FLIGHT` chunks
    running, so that Neo4j works on one while Python decodes another (issue 17)."""

    def chunk_rows(chunk: list[str]) -> list[ReachSubjectsRow]:
        return repo.reach_subjects(
            subject_ids=chunk,
            as_of=as_of,
            list_types=list(list_types),
            expired_through=expired_through(as_of),
            max_depth=max_depth,
        )

    parts = list(chunks(subject_ids))
    if len(parts) > 1 and isinstance(repo, Database):
        with ThreadPoolExecutor(IN_FLIGHT, thread_name_prefix="reach") as pool:
            return [row for part in pool.map(chunk_rows, parts) for row in part]
    return [row for part in parts for row in chunk_rows(part)]


class Engine:
    """Runs the rules of DESIGN §5 against the graph.

    A request-sized question (`screen`, `restrictions` of a few subjects) is one unit of work:
    one read transaction, passed down as the `repo` every step reads through; the steps also
    take a `repo` of their caller's (the Database itself for a long list: one transaction per
    statement, so no single one outlives the query timeout)."""

    def __init__(
        self, db: Database, max_depth: int, disclosures: Sequence[str] = ALL_DISCLOSURES
    ) -> None:
        self.db = db
        self.max_depth = max_depth
        # Art. 24, 29: every record counts whoever asks; R-INFO-2: the caller's disclosure
        # level decides only what of a record the explanation shows.
        self.disclosures = frozenset(disclosures)

    def reach(
        self, repo: Repository, subject_ids: Sequence[str], as_of: date, list_types: Sequence[str]
    ) -> list[Reached]:
        """Entries in force reaching each subject, with the role, `via` and `path` (R-PROP-1..3)."""
        rows = _reach_rows(repo, subject_ids, as_of, list_types, self.max_depth)
        direct = [row for row in rows if not row.chain]
        reached = {(r.subject, r.entry, r.role, r.via) for r in direct}
        chained = [
            r
            for r in rows
            if r.chain and (r.subject, r.entry, r.role, r.via) not in reached and _may_control(r)
        ]
        verified, cut = self._verified_chain(repo, chained)
        found = [(row, _direct_path(row)) for row in direct] + verified
        return [
            Reached(
                row=row,
                path=path,
                until=last_day_in_force(row.act_end),
                # R-PROP-3: the control chain above the listed organisation exceeds the bound.
                control_truncated=(row.via or row.subject) in cut,
            )
            for row, path in found
        ]

    def _verified_chain(
        self, repo: Repository, rows: list[ReachSubjectsRow]
    ) -> tuple[list[tuple[ReachSubjectsRow, list[str]]], set[str]]:
        """Keep chain candidates who were ultimate controllers during the act (R-PROP-3), each
        with its path; and the listed organisations whose control chain the depth bound cuts."""
        if not rows:
            return [], set()
        orgs = {row.via for row in rows if row.via is not None}
        # engine/control.py still reads by name; a Database and a Transaction both can.
        graph = load_control_graph(repo, orgs, self.max_depth)
        checker = ChainChecker(graph, self.max_depth)
        kept = []
        for row in rows:
            if row.via is None:
                continue
            found = checker.controllers(row.via, row.act_start, row.act_until)
            controller = found.get(row.subject)
            if controller is None:
                continue
            path: list[str] = []
            for holder, org in zip(controller.path, controller.path[1:], strict=False):
                path += [holder, checker.link_type(holder, org)]
            kept.append((row, [*path, row.via, "LISTS", row.entry, "BASED_ON", row.record]))
        cut = (
            {row.via for row in rows if row.via is not None and checker.cut(row.via)}
            if graph.truncated
            else set()
        )
        return kept, cut

    def restrictions(
        self,
        subject_ids: Sequence[str],
        as_of: date,
        matter: str | None,
        *,
        measure: str | None = None,
        list_types: Sequence[str] = ALL_LIST_TYPES,
    ) -> dict[str, list[Restriction]]:
        """Restrictions per subject: each reaching entry × each applicable measure whose roles
        include the role that reached the subject (R-PROP-1, R-PROP-4, R-LIST-4/5)."""
        if len(subject_ids) <= CHUNK:  # a request's worth: one transaction (a list: many)
            return self.db.read_transaction(
                lambda tx: self.restrictions_in(tx, subject_ids, as_of, matter, measure, list_types)
            )
        return self.restrictions_in(self.db, subject_ids, as_of, matter, measure, list_types)

    def restrictions_in(
        self,
        repo: Repository,
        subject_ids: Sequence[str],
        as_of: date,
        matter: str | None,
        measure: str | None,
        list_types: Sequence[str],
    ) -> dict[str, list[Restriction]]:
        """`restrictions`, read through the caller's unit of work."""
        reached = self.reach(repo, subject_ids, as_of, list_types)
        # The applicable measures depend on the list and the record's domain only (R-PROP-4),
        # so they are asked once per distinct pair, however many records share it.
        pairs = sorted({(r.row.list, r.row.domain) for r in reached if r.row.domain})
        measures: dict[tuple[str, str | None], list[ApplicableMeasuresRow]] = defaultdict(list)
        for chunk in chunks(pairs):
            for m in repo.applicable_measures(
                pairs=[{"list": lst, "domain": dom} for lst, dom in chunk],
                as_of=as_of,
                matter=matter,
                measure=measure,
            ):
                measures[(m.list, m.domain)].append(m)
        found: dict[str, dict[tuple[str, ...], Restriction]] = defaultdict(dict)
        for reach in reached:
            for m in measures.get((reach.row.list, reach.row.domain), ()):
                if reach.row.role in m.roles:
                    restriction = _restriction(reach, m, self.disclosures)
                    found[reach.row.subject][_restriction_key(restriction)] = restriction
        return {subject: [items[key] for key in sorted(items)] for subject, items in found.items()}

    def screen(
        self, subject_ids: Sequence[str], matter: str, as_of: date, *, check: bool = False
    ) -> list[SubjectDecision]:
        """The decision per subject, in the order asked (DESIGN §5 'decision'): one read
        transaction (one connection hand-out and one commit instead of one per statement, and
        a consistent snapshot; the query timeout bounds the whole unit, and transient failures
        retry it whole).

        With `check`, unknown subjects (naming their row) and an unknown matter are refused
        first, from the same round trip that finds the rewards."""
        return self.db.read_transaction(
            lambda tx: self._screen(tx, subject_ids, matter, as_of, check)
        )

    def _screen(
        self, repo: Repository, subject_ids: Sequence[str], matter: str, as_of: date, check: bool
    ) -> list[SubjectDecision]:
        rewards, known, matter_known, notes = self._subject_facts(repo, subject_ids, as_of, matter)
        if check:
            _refuse_unknown(subject_ids, known, matter, matter_known)
        restricted = self.restrictions_in(repo, subject_ids, as_of, matter, None, ALL_LIST_TYPES)
        withheld_reasons = self.withholding(repo, sorted(rewards), as_of)
        results = []
        for subject in subject_ids:
            granted: list[Reward] = []
            withheld: list[WithheldReward] = []
            for row in rewards.get(subject, []):
                reasons = withheld_reasons.get(subject)
                if reasons:
                    withheld.append(WithheldReward(**row, reasons=reasons))
                else:
                    granted.append(Reward(**row))
            restrictions = restricted.get(subject, [])
            decision = "restricted" if restrictions else "rewarded" if granted else "allowed"
            results.append(
                SubjectDecision(
                    subject=subject,
                    decision=decision,
                    restrictions=restrictions,
                    rewards=granted,
                    withheld_rewards=withheld,
                    notes=notes.get(subject, []),
                )
            )
        return results

    def reward_rows(
        self, repo: Repository, subject_ids: Sequence[str], as_of: date, matter: str | None
    ) -> dict[str, list[dict[str, Any]]]:
        """The reward measures that apply to each subject, withheld or not (R-PROP-7)."""
        return self._subject_facts(repo, subject_ids, as_of, matter)[0]

    def _subject_facts(
        self, repo: Repository, subject_ids: Sequence[str], as_of: date, matter: str | None
    ) -> tuple[dict[str, list[dict[str, Any]]], set[str], bool, dict[str, list[Note]]]:
        """(rewards by subject, the known subjects, whether the matter exists, the notes of
        commitments not kept by subject): one statement per chunk. Only subjects with a reward
        (a note) are keys of the rewards (the notes)."""
        rewards: dict[str, list[dict[str, Any]]] = defaultdict(list)
        notes: dict[str, list[Note]] = {}
        known: set[str] = set()
        matter_known = True
        repeated = False
        for chunk in chunks(subject_ids):
            for row in repo.screen_subjects(subject_ids=chunk, as_of=as_of, matter=matter):
                if row.known:
                    known.add(row.subject)
                if row.broken_commitments:  # Art. 33: beside the decision, not a sanction
                    notes[row.subject] = [Note(**c) for c in row.broken_commitments]
                matter_known = bool(row.matter_known)
                if row.rewards:
                    repeated = repeated or row.subject in rewards
                    rewards[row.subject].extend(row.rewards)
        if repeated:  # a subject asked twice: its rows in (measure, entry) order, as asked twice
            for rows in rewards.values():
                rows.sort(key=lambda r: (r["measure"], r["entry"]))
        return rewards, known, matter_known, notes

    def withholding(
        self, repo: Repository, subject_ids: Sequence[str], as_of: date
    ) -> dict[str, list[str]]:
        """Why rewards are withheld (R-PROP-7): own dishonesty records in force, and entries on
        joint sanction lists reaching the subject as a responsible person (Art. 32). Every
        record counts whoever asks (Art. 24, 29); one the caller may not see is named without
        its content."""
        reasons: dict[str, set[str]] = defaultdict(set)
        if not subject_ids:
            return {}
        for chunk in chunks(subject_ids):
            for row in repo.dishonesty_in_force(
                subject_ids=chunk, as_of=as_of, expired_through=expired_through(as_of)
            ):
                reason = f"record {row.record} in force"
                if row.disclosure not in self.disclosures:
                    reason += f" ({_withheld_marker(row.disclosure)})"
                reasons[row.subject].add(reason)
        for reach in self.reach(repo, subject_ids, as_of, ART_32_LIST_TYPES):
            if reach.row.role != SELF_ROLE:
                reasons[reach.row.subject].add(
                    f"{reach.row.role} of {reach.row.via} listed by entry {reach.row.entry}"
                )
        return {subject: sorted(items) for subject, items in reasons.items()}


def _may_control(row: ReachSubjectsRow) -> bool:
    """Can the chain candidate control `via` at all (R-SUBJ-3)? Only links into `via` from the
    candidate or from below it count towards its control, so without a declared control among
    them and with their ratios summing (over every interval) to 50 % or less, it cannot: the
    ultimate-controller check is skipped, not weakened (a margin keeps float sums safe)."""
    if row.control_declared:
        return True
    return float(row.control_bound or 0.0) > CONTROL_THRESHOLD - RATIO_EPSILON


def _refuse_unknown(
    subject_ids: Sequence[str], known: set[str], matter: str | None, matter_known: bool
) -> None:
    errors: list[dict[str, Any]] = [
        {"row": i, "field": "subjects", "message": "unknown subject"}
        for i, subject in enumerate(subject_ids)
        if subject not in known
    ]
    if not matter_known:
        errors.append({"field": "matter", "message": f"unknown matter {matter!r}"})
    if errors:
        raise ValidationFailed("unknown subjects or matter", errors=errors)


def _withheld_marker(disclosure: str) -> str:
    return (
        f"content withheld: the record's catalogue item is {disclosure}, not disclosed to this "
        "caller (R-INFO-2, Art. 24)"
    )


def _restriction(
    reach: Reached, measure: ApplicableMeasuresRow, disclosures: frozenset[str]
) -> Restriction:
    """The restriction and its explanation; a record the caller may not see keeps its id and
    the measure's facts, and its document and act dates give way to a marker (Art. 24, 29)."""
    row = reach.row
    shown = row.disclosure in disclosures
    return Restriction(
        measure=measure.measure,
        description=measure.description,
        list=row.list,
        entry=row.entry,
        record=row.record,
        document=row.document if shown else None,
        record_withheld=None if shown else _withheld_marker(row.disclosure),
        role=row.role,
        via=row.via,
        path=reach.path,
        legal_basis=measure.legal_basis,
        authority=measure.authority,
        until=reach.until,
        remedy=row.remedy,
        serious=bool(row.serious),
        objection=row.objection,
        act_start=row.act_start if shown else None,
        act_end=row.act_end if shown else None,
        recognised=row.recognised,
        control_truncated=reach.control_truncated,
    )


def _restriction_key(r: Restriction) -> tuple[str, ...]:
    return (r.measure, r.entry, r.record, r.role, r.via or "")

"""Watches and their events (issue 15): re-screen exactly the watched subjects a change can
reach, and append an event when a watched decision or its set of restriction keys moves.

A change (an ingest batch, a workflow, a bulk load) leaves a task in the monitor's outbox,
naming what it touched (`Seeds`); ingest batches write it in their own transaction, so a
crash between the change and the re-screen loses nothing. A worker (in the service, or
`graph-service monitor run`) takes the tasks, finds the watches they reach in the graph
(`reach_watches`, the reverse of the screening's reach), screens those subjects again with
the screening engine, and appends the events. The passage of time is the daily sweep: the
records, entries, measures, lists and agreements whose day came since the last sweep are
the seeds. Events are appended only when the watch is still at the state the re-screen
started from, with a unique key per watch and state version: never twice.
"""

from __future__ import annotations

import hashlib
import json
import threading
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Final

from graph_service import logs
from graph_service.domain.enums import IngestKind
from graph_service.domain.monitor import Event, RestrictionKey
from graph_service.domain.screening import SubjectDecision
from graph_service.engine.screening import Engine
from graph_service.rules.credit_time import expired_through
from graph_service.store.db import Database, Transaction
from graph_service.store.runner import chunks
from graph_service.store.typed_queries import (
    AppendEventsRow,
    ReadEventsRow,
    Repository,
    WatchStatesRow,
)

# Watches re-screened per screening call: short read transactions, well inside the timeout.
SCREEN_CHUNK: Final = 250
# Outbox tasks taken at a time, and seconds after which a dead worker's claim lapses.
TASK_BATCH: Final = 20
TASK_LEASE: Final = 300
# How often a watch whose state a concurrent re-screen moved first is screened again.
CONFLICT_ROUNDS: Final = 3


@dataclass
class Seeds:
    """What a change touched; `reach_watches` turns it into the watches it can reach."""

    subjects: set[str] = field(default_factory=set)
    records: set[str] = field(default_factory=set)
    lists: set[str] = field(default_factory=set)
    catalogue: set[str] = field(default_factory=set)
    recognitions: set[tuple[str, str]] = field(default_factory=set)
    matters: set[str] = field(default_factory=set)
    everything: bool = False

    def __bool__(self) -> bool:
        return (
            self.everything
            or any((self.subjects, self.records, self.lists, self.catalogue, self.recognitions))
            or bool(self.matters)
        )

    def to_json(self) -> str:
        return json.dumps(
            {
                "subjects": sorted(self.subjects),
                "records": sorted(self.records),
                "lists": sorted(self.lists),
                "catalogue": sorted(self.catalogue),
                "recognitions": sorted(self.recognitions),
                "matters": sorted(self.matters),
                "everything": self.everything,
            }
        )

    @classmethod
    def from_json(cls, text: str) -> Seeds:
        data = json.loads(text)
        return cls(
            subjects=set(data["subjects"]),
            records=set(data["records"]),
            lists=set(data["lists"]),
            catalogue=set(data["catalogue"]),
            recognitions={(region, kind) for region, kind in data["recognitions"]},
            matters=set(data["matters"]),
            everything=bool(data["everything"]),
        )

    def watches(self, repo: Repository) -> list[str]:
        """The watches these seeds reach (`reach_watches`)."""
        rows = repo.reach_watches(
            subject_ids=sorted(self.subjects),
            record_ids=sorted(self.records),
            list_ids=sorted(self.lists),
            catalogue_codes=sorted(self.catalogue),
            recognitions=[{"region": r, "list_type": t} for r, t in sorted(self.recognitions)],
            matters=sorted(self.matters),
            everything=self.everything,
        )
        return [row.id for row in rows]


def seeds_of_batch(kind: IngestKind, rows: Sequence[dict[str, Any]]) -> Seeds:
    """What a batch of prepared ingest rows touches. Subjects, links, records, entries and
    lists reach the subjects they name; a measure its lists (the caller adds the lists it
    targeted before); a catalogue item its records; a matter the watches for it; the domain
    tree every watch (it re-links every matter to every record; docs/DECISIONS.md).
    Authorities change no decision."""
    seeds = Seeds()
    if kind is IngestKind.SUBJECTS:
        seeds.subjects = {row["id"] for row in rows}
    elif kind in {IngestKind.ROLES, IngestKind.HOLDINGS}:
        seeds.subjects = {row["org"] for row in rows} | {row["holder"] for row in rows}
    elif kind is IngestKind.BRANCHES:
        seeds.subjects = {row["branch"] for row in rows} | {row["parent"] for row in rows}
    elif kind is IngestKind.RECORDS:
        seeds.records = {row["id"] for row in rows}
        seeds.subjects = {row["subject"] for row in rows}
    elif kind is IngestKind.ENTRIES:
        seeds.subjects = {row["subject"] for row in rows}
    elif kind is IngestKind.LISTS:
        seeds.lists = {row["id"] for row in rows}
    elif kind is IngestKind.MEASURES:
        seeds.lists = {lst for row in rows for lst in row["lists"]}
    elif kind is IngestKind.RECOGNITIONS:
        seeds.recognitions = {(row["region"], row["list_type"]) for row in rows}
    elif kind is IngestKind.CATALOGUE:
        seeds.catalogue = {row["code"] for row in rows}
    elif kind is IngestKind.MATTERS:
        seeds.matters = {row["code"] for row in rows}
    elif kind is IngestKind.DOMAINS:
        seeds.everything = True
    return seeds


def restriction_keys(decision: SubjectDecision) -> list[RestrictionKey]:
    """The state's restrictions: one per (measure, entry, role, via), in key order."""
    found: dict[tuple[str, str, str, str], RestrictionKey] = {}
    for r in decision.restrictions:
        key = (r.measure, r.entry, r.role, r.via or "")
        found.setdefault(
            key,
            RestrictionKey(
                measure=r.measure,
                entry=r.entry,
                role=r.role,
                via=r.via,
                list=r.list,
                record=r.record,
            ),
        )
    return [found[key] for key in sorted(found)]


def state_of(decision: SubjectDecision) -> tuple[str, list[str], str]:
    """(decision, restriction keys, digest): what a watch remembers and compares."""
    keys = ["|".join((k.measure, k.entry, k.role, k.via or "")) for k in restriction_keys(decision)]
    text = json.dumps([decision.decision, keys])
    return decision.decision, keys, hashlib.sha256(text.encode("utf-8")).hexdigest()


def event_of(row: AppendEventsRow | ReadEventsRow) -> Event:
    """An event as stored (its restrictions as JSON) to the public model."""
    return Event(
        id=row.id,
        watch=row.watch,
        subject=row.subject,
        matter=row.matter,
        before=row.before,
        after=row.after,
        at=row.at,
        cause=row.cause,
        restrictions=[RestrictionKey(**item) for item in json.loads(row.restrictions)],
    )


@dataclass(frozen=True)
class AppendedEvent:
    """An event just appended, with who owns the watch and the full decision behind it."""

    event: Event
    owner: str
    role: str
    decision: SubjectDecision


# Called after each commit of new events: the place where hits owing feedback are opened
# for an authority's `restricted` or `rewarded` event (issue 15, item 3).
EventHook = Callable[[Sequence[AppendedEvent]], None]


class Monitor:
    """Notes changes, re-screens the watches they reach, sweeps the days, appends events."""

    def __init__(self, db: Database, max_depth: int, hooks: Iterable[EventHook] = ()) -> None:
        self.db = db
        self.max_depth = max_depth
        self.hooks = list(hooks)
        self.worker = f"monitor-{uuid.uuid4().hex[:8]}"
        # Set when a change is noted, so that the background worker runs at once.
        self.wake = threading.Event()

    # --- noting changes ------------------------------------------------------------------

    def note(self, repo: Repository, seeds: Seeds, cause: str) -> None:
        """Leave a task in the outbox (inside the change's transaction when given one)."""
        if not seeds:
            return
        repo.add_task(id=uuid.uuid4().hex, seeds=seeds.to_json(), cause=cause)

    def before_write(self, tx: Transaction, kind: IngestKind, rows: list[dict[str, Any]]) -> Seeds:
        """An ingest batch's seeds, read before its rows are written (ChangeObserver)."""
        seeds = seeds_of_batch(kind, rows)
        if kind is IngestKind.MEASURES:  # the lists a measure stops targeting change too
            codes = sorted({row["code"] for row in rows})
            seeds.lists |= {row.list for row in tx.find_measure_lists(codes=codes)}
        return seeds

    def written(self, tx: Transaction, kind: IngestKind, seeds: Seeds) -> None:
        """The batch changed something: its task joins the batch's transaction."""
        self.note(tx, seeds, f"ingest:{kind.value}")

    # --- working ---------------------------------------------------------------------------

    def process_pending(self, today: date | None = None) -> int:
        """Take the outbox's tasks until it is empty; return the events appended."""
        day = today or date.today()
        appended = 0
        while True:
            tasks = self.db.claim_tasks(worker=self.worker, limit=TASK_BATCH, lease=TASK_LEASE)
            if not tasks:
                return appended
            for task in tasks:
                appended += len(self.rescreen_reach(Seeds.from_json(task.seeds), task.cause, day))
            self.db.finish_tasks(ids=[task.id for task in tasks])

    def rescreen_reach(self, seeds: Seeds, cause: str, today: date) -> list[AppendedEvent]:
        """Re-screen the watches the seeds reach; append the events of the states that moved."""
        return self.rescreen(seeds.watches(self.db), cause, today)

    def rescreen(self, watch_ids: Sequence[str], cause: str, today: date) -> list[AppendedEvent]:
        """Screen the watches' subjects as of `today` with the screening engine and append an
        event for each watch whose decision or restriction keys differ from the last known."""
        appended: list[AppendedEvent] = []
        pending = sorted(set(watch_ids))
        for _ in range(CONFLICT_ROUNDS):
            if not pending:
                break
            lost: list[str] = []
            for chunk in chunks(pending, SCREEN_CHUNK):
                done, conflicts = self._rescreen_chunk(chunk, cause, today)
                appended += done
                lost += conflicts
            pending = lost
        if appended:
            logs.event("watch_events", count=len(appended), cause=cause)
            self._call_hooks(appended)
        return appended

    def _rescreen_chunk(
        self, ids: Sequence[str], cause: str, today: date
    ) -> tuple[list[AppendedEvent], list[str]]:
        watches = self.db.watch_states(ids=list(ids))
        groups: dict[tuple[str, tuple[str, ...]], list[WatchStatesRow]] = defaultdict(list)
        for watch in watches:
            groups[(watch.matter, tuple(watch.disclosures))].append(watch)
        rows: list[dict[str, Any]] = []
        decisions: dict[str, SubjectDecision] = {}
        for (matter, disclosures), members in groups.items():
            engine = Engine(self.db, self.max_depth, disclosures)
            subjects = sorted({w.subject for w in members})
            by_subject = {d.subject: d for d in engine.screen(subjects, matter, today)}
            for watch in members:
                decision = by_subject[watch.subject]
                after, keys, digest = state_of(decision)
                if digest == watch.digest:
                    continue
                decisions[watch.id] = decision
                restrictions = [k.model_dump() for k in restriction_keys(decision)]
                rows.append(
                    {
                        "watch": watch.id,
                        "version": watch.version,
                        "key": f"{watch.id}:{watch.version}",
                        "before": watch.decision,
                        "after": after,
                        "keys": keys,
                        "digest": digest,
                        "restrictions": json.dumps(restrictions, ensure_ascii=False),
                        "cause": cause,
                    }
                )
        if not rows:
            return [], []
        written = self.db.append_events(events=rows)
        roles = {w.id: w.role for w in watches}
        done = [
            AppendedEvent(
                event=event_of(row),
                owner=row.owner,
                role=roles[row.watch],
                decision=decisions[row.watch],
            )
            for row in written
        ]
        landed = {row.watch for row in written}
        return done, [row["watch"] for row in rows if row["watch"] not in landed]

    def _call_hooks(self, appended: Sequence[AppendedEvent]) -> None:
        for hook in self.hooks:
            try:
                hook(appended)
            except Exception as exc:  # a hook's failure never loses the events themselves
                logs.event("event_hook_failed", error=type(exc).__name__)

    # --- the passage of time ---------------------------------------------------------------

    def sweep(self, today: date | None = None) -> int:
        """The daily sweep: re-screen what the days since the last sweep reach (expiry after
        five years, repairs and revocations taking effect, listing and removal days,
        publication of measures and lists, recognition agreements); return events appended."""
        day = today or date.today()
        rows = self.db.read_sweep_day()
        last = rows[0].last_day if rows else day - timedelta(days=1)
        if last >= day:
            return 0
        due = self.db.find_due_changes(
            after=last,
            until=day,
            expired_after=expired_through(last),
            expired_until=expired_through(day),
        )
        assert due is not None  # aggregations only: always one row
        by_cause = {
            "time:expiry": Seeds(records=set(due.expired)),
            "time:repair": Seeds(records=set(due.repaired)),
            "time:revocation": Seeds(records=set(due.revoked)),
            "time:listing": Seeds(subjects=set(due.listed)),
            "time:removal": Seeds(subjects=set(due.removed)),
            "time:publication": Seeds(lists=set(due.measure_lists) | set(due.published_lists)),
            "time:recognition": Seeds(
                recognitions={(g["region"], g["list_type"]) for g in due.recognitions}
            ),
        }
        appended = 0
        for cause, seeds in by_cause.items():
            if seeds:
                appended += len(self.rescreen_reach(seeds, cause, day))
        self.db.set_sweep_day(day=day)
        logs.event("monitor_sweep", day=day.isoformat(), events=appended)
        return appended

    def sweep_due(self, today: date | None = None) -> bool:
        """True when the day has not been swept yet."""
        day = today or date.today()
        rows = self.db.read_sweep_day()
        return not rows or rows[0].last_day < day

    def reconcile(self, today: date | None = None) -> int:
        """Re-screen every active watch (after a bulk load, or to check the whole state)."""
        ids = Seeds(everything=True).watches(self.db)
        return len(self.rescreen(ids, "reconcile", today or date.today()))

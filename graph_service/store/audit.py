"""The tamper-evident audit trail (R-SEC-3, R-SEC-5, R-TIME-5): the one way audit entries are
written, and the walk that checks them.

Two chains: the query log (`QueryLog`, who read which subject) and the state changes
(`StateChange`, how records and list entries changed). Each entry carries `seq` (1, 2, ... in
its chain), `digest` (SHA-256 of its content: every other property) and `hash`, a keyed
HMAC-SHA256 over the chain's name, `seq`, the previous entry's `hash` and `digest`. The chain's
`AuditHead` node holds the last `seq` and `hash` and a keyed `seal` over both, so deleting
entries at the end is found too. The key is derived from the pseudonym key, which lives
outside the database: someone who can edit the database but not read the state folder can
neither forge an entry nor re-chain the entries after one they changed.

Appends take the head's write lock inside the writer's transaction, so concurrent writers, in
this process or another, form one chain, and an entry exists only if its transaction
committed. A state change locks the head first (`lock_audit_head`); the query log appends in
one statement that checks the head is where this process last saw it and otherwise writes
nothing (`append_query_log`, optimistic); refused twice, it appends under the head's lock. A
state change is chained as the last step of its writer's transaction, so the head is held
only from then to the commit, never during an ingest.

**New audit writers must use this module**: `log_reads` for a query-log entry (its own
transaction, committed before the answer leaves) and `record_changes` for a state change
(inside the writer's transaction, as its last statement). Never CREATE a `QueryLog` or a
`StateChange` in Cypher of your own: `graph-service audit verify` reports such an entry as
inserted directly in the database.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from graph_service.settings import Settings
from graph_service.store.db import Database, Row, Transaction

QUERY_LOG = "QueryLog"
STATE_CHANGE = "StateChange"
CHAINS = (QUERY_LOG, STATE_CHANGE)
CHAIN_FIELDS = frozenset({"seq", "digest", "hash"})
PAGE = 10_000  # entries read or chained per round trip (verify, the V006 migration)
_READERS = {QUERY_LOG: "read_query_log_chain", STATE_CHANGE: "read_state_change_chain"}
_NODE_TYPES = {
    "Record": "record",
    "ListEntry": "entry",
    "Commitment": "commitment",
    "Hit": "hit",
}


@lru_cache(maxsize=4)
def _key(secret: str) -> bytes:
    return hmac.new(secret.encode(), b"credit-graph audit chain v1", hashlib.sha256).digest()


def audit_key(settings: Settings) -> bytes:
    """The chain's HMAC key, derived from the pseudonym key (so a backup that carries the one
    carries the other, and a restore that refuses a different pseudonym key keeps the chain
    verifiable)."""
    return _key(settings.pseudonym_secret())


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def content_digest(props: dict[str, Any]) -> str:
    """SHA-256 of an entry's content: every stored property but the chain fields, as sorted
    JSON (a property stored as null does not exist in Neo4j, so None is left out)."""
    content = {k: _plain(v) for k, v in props.items() if k not in CHAIN_FIELDS and v is not None}
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def link_hash(key: bytes, chain: str, seq: int, previous: str, digest: str) -> str:
    message = f"{chain}\n{seq}\n{previous}\n{digest}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def head_seal(key: bytes, chain: str, seq: int, last: str) -> str:
    message = f"head\n{chain}\n{seq}\n{last}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


@dataclass
class _Chained:
    """Entries with their chain fields, and the head after them."""

    entries: list[dict[str, Any]]
    seq: int
    hash: str
    seal: str


def _chain(key: bytes, chain: str, head: Row, contents: Iterable[dict[str, Any]]) -> _Chained:
    seq, previous = int(head["seq"] or 0), str(head["hash"] or "")
    entries = []
    for content in contents:
        seq += 1
        props = {k: v for k, v in content.items() if v is not None}
        props["seq"] = seq
        props["digest"] = content_digest(props)
        props["hash"] = previous = link_hash(key, chain, seq, previous, props["digest"])
        entries.append(props)
    return _Chained(entries, seq, previous, head_seal(key, chain, seq, previous))


# --- writing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Read:
    """One request's query-log entries: its subjects and what is logged with each."""

    subjects: tuple[str, ...]
    fields: dict[str, Any]


@dataclass
class _Slot:
    read: _Read
    done: bool = False
    error: BaseException | None = None


class _GroupCommit:
    """Query-log appends of one process, committed together: while one transaction holds the
    chain's head, the requests that arrive queue here rather than on the head's lock in
    Neo4j, and the next transaction writes all of them (one head lock and one commit for
    several requests). Each request still returns only once its own entries have committed.
    Leader/follower, no thread of its own: the first waiting request writes the batch."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.pending: list[_Slot] = []
        self.writing = False
        self.turn = threading.Condition()
        # The head after this process's last append, or as its last attempt found it; -1
        # matches no head, so the first append learns it (one statement more, once).
        self.head: tuple[int, str] = (-1, "")

    def append(self, read: _Read) -> None:
        slot = _Slot(read)
        with self.turn:
            self.pending.append(slot)
            while self.writing and not slot.done:
                self.turn.wait()
            if not slot.done:
                self.writing = True
                batch, self.pending = self.pending, []
        if not slot.done:
            error: BaseException | None = None
            try:
                self._write([s.read for s in batch])
            except BaseException as exc:  # every request of the batch fails with it
                error = exc
            with self.turn:
                for member in batch:
                    member.done, member.error = True, error
                self.writing = False
                self.turn.notify_all()
        if slot.error is not None:
            raise slot.error

    def _write(self, reads: list[_Read]) -> None:
        """Optimistic first: one statement that appends after the head this process last
        saw, if the head is still there (always so with one process). Refused (another
        process appended, or a subject is unknown), once more after the head it returned;
        refused again, under the head's lock in a transaction, so a process that keeps
        losing the race is never starved."""
        subjects = sorted({subject for read in reads for subject in read.subjects})
        at = datetime.now(UTC)
        row = self._append(self.db.write_unchained, reads, subjects, at, self.head)
        if row is not None and not row["appended"]:
            known = sorted(row["known"])
            row = self._append(self.db.write_unchained, reads, known, at, self.head)
        if row is None or row["appended"]:
            return
        with self.db.transaction(chained=False) as tx:
            head = tx.run("lock_audit_head", chain=QUERY_LOG)[0]
            known = sorted(row["known"])
            for _ in range(2):  # the head is ours until the commit; only `known` can shrink
                locked = (int(head["seq"]), str(head["hash"]))
                row = self._append(tx.run, reads, known, at, locked)
                if row is None or row["appended"]:
                    return
                known = sorted(row["known"])

    def _append(
        self,
        run: Callable[..., list[Row]],
        reads: list[_Read],
        known: list[str],
        at: datetime,
        head: tuple[int, str],
    ) -> Row | None:
        """Chain the reads' entries about `known` subjects after `head` and run
        `append_query_log`; its row (None: no subject known), and the head it left."""
        key = audit_key(self.db.settings)
        contents = [
            {"subject": subject, "at": at, **read.fields}
            for read in reads
            for subject in read.subjects
            if subject in known
        ]
        chained = _chain(key, QUERY_LOG, {"seq": head[0], "hash": head[1]}, contents)
        rows = run(
            "append_query_log",
            subjects=known,
            expected=head[0],
            entries=chained.entries,
            seq=chained.seq,
            hash=chained.hash,
            seal=chained.seal,
        )
        if not rows:
            return None
        self.head = (int(rows[0]["seq"]), str(rows[0]["hash"]))
        return rows[0]


_APPENDERS: weakref.WeakKeyDictionary[Database, _GroupCommit] = weakref.WeakKeyDictionary()
_APPENDERS_LOCK = threading.Lock()


def log_reads(
    db: Database,
    *,
    subjects: Sequence[str],
    actor: str,
    role: str,
    purpose: str | None,
    endpoint: str,
    categories: Sequence[str],
    authority: str | None = None,
    purpose_outside_remit: bool = False,
) -> None:
    """Append one chained query-log entry per known subject (R-SEC-3, R-SEC-5); it has
    committed when this returns (with those of concurrent requests: `_GroupCommit`). Not
    chained to the process's later reads by bookmarks (`Database.transaction`'s reason)."""
    with _APPENDERS_LOCK:
        appender = _APPENDERS.get(db)
        if appender is None:
            appender = _APPENDERS[db] = _GroupCommit(db)
    fields = {
        "actor": actor,
        "role": role,
        "authority": authority,  # the authority an authority token acts for (Art. 21)
        "purpose_outside_remit": purpose_outside_remit,  # Art. 22
        "purpose": purpose,
        "endpoint": endpoint,
        "categories": list(categories),
    }
    appender.append(_Read(tuple(subjects), fields))


@dataclass(frozen=True)
class Change:
    """One state change, about the node (`Record`, `ListEntry`, `Commitment`, `Hit` or
    `Deletion`) it hangs from.

    `content` is what the entry stores besides `at` (added here): for records and entries
    `node`, `node_type`, `from`, `to`, `reason`, `by` and, for corrections, `changes`."""

    owner_label: str
    owner: str
    content: dict[str, Any] = field(default_factory=dict)


def state_change(
    owner_label: str,
    owner: str,
    *,
    before: str | None,
    after: str,
    reason: str,
    by: str,
    changes: str | None = None,
) -> Change:
    """A record's, list entry's, commitment's or hit's change from state `before` to `after`
    (R-TIME-5)."""
    return Change(
        owner_label,
        owner,
        {
            "node": owner,
            "node_type": _NODE_TYPES[owner_label],
            "from": before,
            "to": after,
            "reason": reason,
            "by": by,
            "changes": changes,
        },
    )


def record_changes(tx: Transaction, changes: Sequence[Change]) -> None:
    """Chain state changes inside the writer's transaction: call it as the transaction's last
    statement, so the chain's head is locked only until the commit (R-TIME-5)."""
    if not changes:
        return
    key = audit_key(tx.settings)
    head = tx.run("lock_audit_head", chain=STATE_CHANGE)[0]
    at = datetime.now(UTC)
    chained = _chain(key, STATE_CHANGE, head, ({**c.content, "at": at} for c in changes))
    tx.run(
        "append_state_changes",
        entries=[
            {"owner_label": c.owner_label, "owner": c.owner, "props": props}
            for c, props in zip(changes, chained.entries, strict=True)
        ],
        seq=chained.seq,
        hash=chained.hash,
        seal=chained.seal,
    )


@dataclass(frozen=True)
class ImportedChain:
    """State changes chained for the import files of an empty database (`loaders.bulk`): the
    stored properties of each entry, chain fields included, and its head's properties."""

    entries: list[dict[str, Any]]
    head: dict[str, Any]


def chain_for_import(settings: Settings, changes: Sequence[Change], at: datetime) -> ImportedChain:
    """The StateChange chain that `record_changes` would leave in an empty database for
    `changes` made at `at` (seq 1, 2, ...), for a bulk import to write instead of appending
    (R-TIME-5); `verify` walks it like any other."""
    key = audit_key(settings)
    empty: Row = {"seq": 0, "hash": ""}
    chained = _chain(key, STATE_CHANGE, empty, ({**c.content, "at": at} for c in changes))
    head = {
        "chain": STATE_CHANGE,
        "seq": chained.seq,
        "hash": chained.hash,
        "seal": chained.seal,
        "locked_at": at,
    }
    return ImportedChain(chained.entries, head)


def redact_changes(tx: Transaction, record_id: str, deletion_id: str) -> list[int]:
    """Empty the history of a record deleted on request (Art. 43 para. 1) and return the
    sequence numbers emptied: the caller names them in the deletion's own state change, which
    is what lets `verify` tell a lawful redaction from an edit."""
    rows = tx.run("redact_state_changes", record_id=record_id, deletion_id=deletion_id)
    return [int(row["seq"]) for row in rows if row["seq"] is not None]


# --- the V006 migration --------------------------------------------------------------------


def chain_existing(db: Database) -> int:
    """Chain, once, the entries written before the chain existed, oldest first (by `at`, then
    element id); return how many. Run by the V006 migration only: run later, it would also
    chain entries inserted directly in the database, which `verify` must report instead."""
    key = audit_key(db.settings)
    done = 0
    while rows := db.read("find_unchained_entries", limit=PAGE):
        for chain in CHAINS:
            mine = [row for row in rows if row["chain"] == chain]
            if not mine:
                continue
            contents = [_legacy_content(row) for row in mine]
            with db.transaction() as tx:
                head = tx.run("lock_audit_head", chain=chain)[0]
                chained = _chain(key, chain, head, contents)
                tx.run(
                    "chain_existing_entries",
                    chain=chain,
                    entries=[
                        {"element_id": row["element_id"], "props": props}
                        for row, props in zip(mine, chained.entries, strict=True)
                    ],
                    seq=chained.seq,
                    hash=chained.hash,
                    seal=chained.seal,
                )
        done += len(rows)
    return done


def _legacy_content(row: Row) -> dict[str, Any]:
    props = dict(row["props"])
    if row["chain"] == STATE_CHANGE and row["owners"]:
        label, owner = row["owners"][0]
        if label in _NODE_TYPES:
            props.setdefault("node", owner)
            props.setdefault("node_type", _NODE_TYPES[label])
    return props


# --- verification --------------------------------------------------------------------------


@dataclass
class ChainReport:
    """One chain's walk: how many entries, and the first break found (None when intact)."""

    chain: str
    entries: int = 0
    broken: str | None = None


def _describe(chain: str, props: dict[str, Any]) -> str:
    at = _plain(props.get("at")) or "?"
    if chain == QUERY_LOG:
        return f"{chain} seq {props.get('seq')} (subject {props.get('subject')}, at {at})"
    return f"{chain} seq {props.get('seq')} ({props.get('node_type')} {props.get('node')}, at {at})"


class _Walk:
    """The chain-order walk of one chain; stops at the first break."""

    def __init__(self, key: bytes, chain: str) -> None:
        self.key, self.chain = key, chain
        self.report = ChainReport(chain)
        self.previous = ""
        self.redacted: dict[int, dict[str, Any]] = {}
        self.listed: set[int] = set()

    def step(self, row: Row) -> bool:
        """Check one entry; False (with the report's `broken` set) at a break."""
        seq, props = int(row["seq"]), dict(row["props"])
        expected = self.report.entries + 1
        name = _describe(self.chain, props)
        if seq < expected:
            return self._break(f"{name}: a second entry with this sequence number (inserted)")
        if seq > expected:
            return self._break(
                f"{self.chain} seq {expected}: missing (deleted); the chain goes on at {name}"
            )
        digest = str(props.get("digest"))
        if "redacted_by" in props:
            self.redacted[seq] = props
        elif content_digest(props) != digest:
            return self._break(f"{name}: content edited (it no longer matches its digest)")
        if link_hash(self.key, self.chain, seq, self.previous, digest) != props.get("hash"):
            return self._break(
                f"{name}: does not follow seq {seq - 1} (reordered, inserted or re-hashed)"
            )
        owners = row["owners"]
        kept = self.chain == STATE_CHANGE and "redacted_by" not in props
        if kept and owners != [props.get("node")]:
            return self._break(f"{name}: hangs from {owners or 'nothing'} (moved)")
        self.listed.update(int(s) for s in props.get("redacted") or [])
        self.previous = str(props["hash"])
        self.report.entries = seq
        return True

    def finish(self, head: dict[str, Any] | None, total: int) -> None:
        if self.report.broken is not None:
            return
        last = self.report.entries
        for seq, props in sorted(self.redacted.items()):
            if seq not in self.listed:
                self._break(f"{_describe(self.chain, props)}: emptied without a deletion")
                return
        if head is None:
            if last:
                self._break(f"{self.chain}: the chain's head is missing (deleted)")
            elif total:
                self._break(f"{self.chain}: {total} entries and no chain (inserted)")
            return
        if int(head["seq"]) > last:
            self._break(
                f"{self.chain} seq {last + 1}: missing (deleted); the head says the chain "
                f"ends at seq {head['seq']}"
            )
        elif head["hash"] != self.previous or (
            last and head_seal(self.key, self.chain, last, self.previous) != head.get("seal")
        ):
            self._break(f"{self.chain}: the chain's head was edited")
        elif total > last:
            self._break(
                f"{self.chain}: {total - last} entries outside the chain (inserted directly)"
            )

    def _break(self, message: str) -> bool:
        self.report.broken = message
        return False


def verify(db: Database) -> list[ChainReport]:
    """Walk both chains in order; each report names its first broken entry, if any.

    Edited content breaks the digest; a deleted entry leaves a gap in `seq` (or, at the end, a
    head that points past the last entry); reordered or re-numbered entries break the hash,
    which covers `seq` and the previous hash; an entry inserted without a `seq` makes more
    entries than the chain holds, and one inserted with a `seq` either repeats a number or
    cannot carry a valid keyed hash. A state change moved to another node no longer hangs
    from the node it names. Safe on a live service: each walk ends at its head as read when
    the walk starts, so entries appended meanwhile wait for the next run."""
    key = audit_key(db.settings)
    state = db.read("read_audit_heads")[0]
    heads = {head["chain"]: head for head in state["heads"]}
    totals = {QUERY_LOG: state["query_logs"], STATE_CHANGE: state["state_changes"]}
    reports = []
    for chain in CHAINS:
        walk = _Walk(key, chain)
        after = 0
        # Up to the head read first: entries appended while the walk runs come after it.
        end = int(heads[chain]["seq"]) if chain in heads else None
        while walk.report.broken is None:
            rows = db.read(_READERS[chain], after=after, limit=PAGE)
            rows = [row for row in rows if end is None or row["seq"] <= end]
            if not rows or not all(walk.step(row) for row in rows):
                break
            after = int(rows[-1]["seq"])
        walk.finish(heads.get(chain), int(totals[chain]))
        if walk.report.broken is not None and "inserted directly" in walk.report.broken:
            walk.report.broken += _first_unchained(db, chain)
        reports.append(walk.report)
    return reports


def _first_unchained(db: Database, chain: str) -> str:
    for row in db.read("find_unchained_entries", limit=PAGE):
        if row["chain"] == chain:
            return f"; the first: {_describe(chain, row['props'])}"
    return ""

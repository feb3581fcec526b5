"""All-or-nothing, idempotent batch ingestion: validate every row, check references, upsert.

Row validation is pure (graph_service.domain.ingest), and so is building the rows that the
upsert queries take (`build_chunk`, which a process pool may run); this module adds what needs
the graph (references, subject kinds, per-organisation share sums: the verifiers) and the
writes. The API ingests a batch in one transaction (`Ingestor.ingest`), so a failed batch
changes nothing and a retried one answers `unchanged`. A folder load (loaders.files) first
checks every file (`check`, with `Pending` standing for the keys the earlier files will
write) and only then writes them (`write`) in transactions of at most `TX_ROWS` rows.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache, partial
from itertools import repeat
from typing import Any, Final, Protocol, TypeVar

from neo4j.exceptions import TransientError

from graph_service.domain.enums import EntryState, IngestKind, ListType, SubjectKind
from graph_service.domain.identity import is_pseudonym, mask_resident_id, pseudonymise
from graph_service.domain.ingest import (
    CommitmentItem,
    DomainItem,
    EntryItem,
    HoldingItem,
    ListItem,
    MatterItem,
    MeasureItem,
    RecognitionItem,
    RecordItem,
    ResidentIdRef,
    RoleItem,
    RowError,
    SubjectItem,
    record_needs_basis_error,
    validate_items,
)
from graph_service.domain.vocabulary import DECLARED_CONTROL_LINK, LINK_OF_ROLE, SANCTION_LIST_TYPES
from graph_service.errors import PayloadTooLarge, StoreUnavailable, ValidationFailed
from graph_service.rules import clock
from graph_service.store import audit
from graph_service.store.db import Database, Row, Transaction

# Rows per UNWIND statement: large enough to amortise a round trip, small enough that one
# statement's state stays well inside a 1 GiB heap (measured: 5,000 beats 20,000).
CHUNK: Final = 5_000
# Rows per transaction of a file load (`Ingestor.write`); the API writes a batch in one.
# Measured on 2 cores with 2 writers: 5,000 beats 10,000 and 20,000 (commits overlap better).
TX_ROWS: Final = 5_000
# Rows validated at a time, so that progress moves while a large file is checked.
VALIDATE_CHUNK: Final = 5_000
# Concurrent write transactions of a file load, and how often a transaction that failed for
# a transient reason (a deadlock, a leader switch) is tried.
WRITERS: Final = 2
RETRIES: Final = 3

SUBJECT_LABELS: Final = {
    "NATURAL_PERSON": "NaturalPerson",
    "LEGAL_PERSON": "LegalPerson",
    "UNINCORPORATED_ORG": "UnincorporatedOrg",
}
# Kinds whose writes start a history (R-TIME-5): the upsert records who ingested.
# Kinds whose created and updated rows get a chained StateChange (R-TIME-5).
WITH_HISTORY: Final = {
    IngestKind.RECORDS: "Record",
    IngestKind.ENTRIES: "ListEntry",
    IngestKind.COMMITMENTS: "Commitment",
}
_CREATED: Final = {IngestKind.ENTRIES: "listed", IngestKind.COMMITMENTS: "commitment made"}
# Kinds whose rows lock only their own subject, or the two subjects they link: they can be
# split into parts that share no node. (Records, entries, measures and matters all link to
# a few shared nodes, domains or lists, and are written by one transaction at a time.)
PARALLEL_KINDS: Final = frozenset({IngestKind.SUBJECTS, IngestKind.ROLES, IngestKind.HOLDINGS})

_T = TypeVar("_T")
Prepared = list[dict[str, Any]]
Progress = Callable[[int], None]
ReadQuery = Callable[..., list[Row]]


@dataclass
class IngestResult:
    """The answer of POST /v1/ingest/{kind} (DESIGN.md §6)."""

    kind: str
    received: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    ids: list[str] | None = None


@dataclass
class Checked:
    """A checked batch: the rows ready to write, or the errors that refuse it."""

    kind: IngestKind
    rows: Prepared
    errors: list[RowError]
    ids: list[str] | None = None


# One encoder for every digest: json.dumps with options builds a new one per call.
_DIGEST_ENCODER: Final = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str)


def digest(props: dict[str, Any]) -> str:
    """A content hash of what is stored (never of clear resident ids): same batch → unchanged."""
    return hashlib.sha256(_DIGEST_ENCODER.encode(props).encode("utf-8")).hexdigest()


@lru_cache(maxsize=65_536)  # a few values repeat over every link of a registry
def _link_digest(valid_to: date | None, ratio: float | None = None) -> str:
    """The digest of a role (valid_to) or a holding (ratio and valid_to)."""
    if ratio is None:
        return digest({"valid_to": valid_to})
    return digest({"ratio": ratio, "valid_to": valid_to})


# --- pending keys of a folder load ---------------------------------------------------------

# The lookup each kind's keys answer, and the columns its checks read.
_LOOKUP_OF_KIND: Final[dict[IngestKind, str]] = {
    IngestKind.DOMAINS: "find_domains",
    IngestKind.MATTERS: "find_matters",
    IngestKind.AUTHORITIES: "find_authorities",
    IngestKind.CATALOGUE: "find_catalogue_items",
    IngestKind.SUBJECTS: "find_subjects",
    IngestKind.RECORDS: "find_records",
    IngestKind.LISTS: "find_lists",
}


Columns = tuple[tuple[str, Any], ...]


def _lookup_row(kind: IngestKind, row: dict[str, Any]) -> tuple[str, Columns | None]:
    """A prepared row's key, and the columns its lookup query returns besides the key."""
    if kind is IngestKind.SUBJECTS:
        return row["id"], (("kind", row["props"]["kind"]),)
    if kind is IngestKind.RECORDS:
        # R-PROP-1, Art. 28: an entry's checks need the record's subject and seriousness.
        props = row["props"]
        return row["id"], (
            ("type", props["type"]),
            ("subject", row["subject"]),
            ("serious", props["serious"]),
        )
    if kind is IngestKind.LISTS:
        return row["id"], (("type", row["props"]["type"]),)
    return row["code"], None


@dataclass
class Pending:
    """Keys that earlier files of the same load will have written by the time this one is:
    references to them are accepted although the graph does not hold them yet.

    The checks read only the kind or type of what a key names, so keys with the same one
    share one answer row (a million subjects hold three)."""

    found: dict[str, dict[str, Row]] = field(default_factory=lambda: defaultdict(dict))
    _answers: dict[Columns | None, Row] = field(default_factory=dict)

    def add(self, kind: IngestKind, rows: Prepared) -> None:
        lookup = _LOOKUP_OF_KIND.get(kind)
        if lookup is not None:
            found = self.found[lookup]
            for row in rows:
                key, column = _lookup_row(kind, row)
                answer = self._answers.get(column)
                if answer is None:
                    answer = self._answers[column] = {} if column is None else dict(column)
                found[key] = answer


# --- the graph checks ----------------------------------------------------------------------


@dataclass
class Batch:
    """One batch under preparation: the row errors found and the cached graph lookups."""

    read: ReadQuery
    pending: Pending
    errors: list[RowError] = field(default_factory=list)
    _cache: dict[str, dict[str, Row | None]] = field(default_factory=lambda: defaultdict(dict))

    def error(self, row: int, field_name: str, message: str) -> None:
        self.errors.append(RowError(row=row, field=field_name, message=message))

    def take_errors(self, positions: Sequence[int]) -> list[RowError]:
        """The errors found so far, their rows turned into item indices; then none."""
        taken = [e.model_copy(update={"row": positions[e.row]}) for e in self.errors]
        self.errors = []
        return taken

    def lookup(self, query: str, keys: Iterable[str | None]) -> dict[str, Row | None]:
        """For each key: what `query` finds (pending keys first), or None. What the graph
        answers is cached per batch; pending keys are not copied into the cache."""
        cache = self._cache[query]
        pending = self.pending.found.get(query, {})
        found: dict[str, Row | None] = {}
        wanted: list[str] = []
        for key in set(keys):
            if key is None:
                continue
            answer = pending.get(key)
            if answer is not None:
                found[key] = answer
            elif key in cache:
                found[key] = cache[key]
            else:
                wanted.append(key)
        wanted.sort()
        for start in range(0, len(wanted), CHUNK):
            for row in self.read(query, keys=wanted[start : start + CHUNK]):
                cache[row["key"]] = row
        for key in wanted:
            found[key] = cache.setdefault(key, None)
        return found

    def require(
        self, query: str, refs: Sequence[tuple[int, str, str | None]], what: str, also: set[str]
    ) -> None:
        """Every (row, field, key) must name something stored, pending or in this batch."""
        known = self.lookup(query, (key for _, _, key in refs if key not in also))
        for row, field_name, key in refs:
            if key is not None and key not in also and known.get(key) is None:
                self.error(row, field_name, f"unknown {what} {key!r}")

    def check_subjects(
        self, refs: Sequence[tuple[int, str, str]], *, organisation: bool | None = None
    ) -> None:
        """Every ref names a subject; `organisation` True/False also requires its kind."""
        kinds = self.lookup("find_subjects", (key for _, _, key in refs))
        for row, field_name, key in refs:
            found = kinds.get(key)
            if found is None:
                self.error(row, field_name, f"unknown subject {key!r}")
            elif organisation is True and found["kind"] == SubjectKind.NATURAL_PERSON:
                self.error(row, field_name, f"{key!r} is a natural person, not an organisation")
            elif organisation is False and found["kind"] != SubjectKind.NATURAL_PERSON:
                self.error(
                    row, field_name, "R-SUBJ-2 (Art. 32): this role is held by a natural person"
                )

    def subject_kind(self, key: str) -> str | None:
        found = self.lookup("find_subjects", [key]).get(key)
        return None if found is None else str(found["kind"])


def _dates(props: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in props.items()}


def _extra(extra: dict[str, Any] | None) -> str | None:
    return json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else None


# --- rows: what the upsert query of each kind takes, built without the graph ---------------
#
# Builders are pure (validated items in, rows out), so that a large file can be built by
# several processes; verifiers then check the rows against the graph and the pending keys.


class _Refs:
    """Subject refs as stored ids: persons by their keyed pseudonym (R-SUBJ-1), computed once
    per person and batch (the same person is named by many rows of a roles file)."""

    def __init__(self, secret: str) -> None:
        self.secret = secret
        self._pseudonyms: dict[str, str] = {}

    def __call__(self, value: str | ResidentIdRef) -> str:
        if isinstance(value, str):
            return value
        number = value.resident_id
        pseudonym = self._pseudonyms.get(number)
        if pseudonym is None:
            pseudonym = self._pseudonyms[number] = pseudonymise(number, self.secret)
        return pseudonym


def _build_domains(items: Sequence[DomainItem], refs: _Refs) -> Prepared:
    return [
        {
            "code": it.code,
            "name": it.name,
            "parent": it.parent,
            "digest": digest({"name": it.name, "parent": it.parent}),
        }
        for it in items
    ]


def _build_matters(items: Sequence[MatterItem], refs: _Refs) -> Prepared:
    return [
        {
            "code": it.code,
            "name": it.name,
            "domain": it.domain,
            "digest": digest({"name": it.name, "domain": it.domain}),
        }
        for it in items
    ]


def _build_named(items: Sequence[Any], attribute: str) -> Prepared:
    """Authorities (name, region) and catalogue items (name, disclosure)."""
    rows: Prepared = []
    for it in items:
        value = str(getattr(it, attribute))
        rows.append(
            {
                "code": it.code,
                "name": it.name,
                attribute: value,
                "digest": digest({"name": it.name, attribute: value}),
            }
        )
    return rows


def _build_authorities(items: Sequence[Any], refs: _Refs) -> Prepared:
    return _build_named(items, "region")


def _build_catalogue(items: Sequence[Any], refs: _Refs) -> Prepared:
    return _build_named(items, "disclosure")


def _build_subjects(items: Sequence[SubjectItem], refs: _Refs) -> Prepared:
    rows: Prepared = []
    for it in items:
        kind = str(it.kind)
        if it.resident_id is not None:
            # R-SUBJ-1: only the keyed pseudonym and the mask reach the graph.
            subject_id = pseudonymise(it.resident_id, refs.secret)
            masked = mask_resident_id(it.resident_id)
        else:
            subject_id, masked = str(it.uscc), None
        props = {
            "kind": kind,
            "name": it.name,
            "region": it.region,
            "masked_id": masked,
            "consent": it.consent,  # R-INFO-4: the consent that admits financial attributes
            "extra": _extra(it.extra),
        }
        props["digest"] = digest(props)
        rows.append({"id": subject_id, "label": SUBJECT_LABELS[kind], "props": props})
    return rows


def _build_roles(items: Sequence[RoleItem], refs: _Refs) -> Prepared:
    return [
        {
            "type": LINK_OF_ROLE[str(it.role)],
            "holder": refs(it.holder),
            "org": it.org,
            "valid_from": it.valid_from,
            "valid_to": it.valid_to,
            "digest": _link_digest(it.valid_to),
        }
        for it in items
    ]


def _build_holdings(items: Sequence[HoldingItem], refs: _Refs) -> Prepared:
    return [
        {
            "holder": refs(it.holder),
            "org": it.org,
            "ratio": it.ratio,
            "valid_from": it.valid_from,
            "valid_to": it.valid_to,
            "digest": _link_digest(it.valid_to, it.ratio),
        }
        for it in items
    ]


def _build_branches(items: Sequence[Any], refs: _Refs) -> Prepared:
    return [{"branch": it.branch, "parent": it.parent} for it in items]


def _build_records(items: Sequence[RecordItem], refs: _Refs) -> Prepared:
    rows: Prepared = []
    for it in items:
        props = {
            "type": str(it.type),
            "category": str(it.category),
            "serious": it.serious,
            "document": it.document,
            "legal_basis": it.legal_basis,
            "consent": it.consent,
            "act_start": it.act_start,
            "act_end": it.act_end,
            "provider_code": it.provider,
            "domain_code": it.domain,
            "catalogue_code": it.catalogue_item,
            "extra": _extra(it.extra),
        }
        subject = refs(it.subject)
        props["digest"] = digest({**_dates(props), "subject": subject})
        rows.append(
            {
                "id": it.id,
                "label": "Dishonesty" if props["type"] == "DISHONESTY" else "Positive",
                "subject": subject,
                "domain": it.domain,
                "catalogue_item": it.catalogue_item,
                "provider": it.provider,
                "props": props,
                # R-INFO-5: decided once the store knows whether the subject is a person.
                "basis_error": record_needs_basis_error(it),
            }
        )
    return rows


def _build_lists(items: Sequence[ListItem], refs: _Refs) -> Prepared:
    rows: Prepared = []
    for it in items:
        props = {
            "type": str(it.type),
            "region": it.region,
            "criteria": it.criteria,
            "published_at": it.published_at,
            "issuer_code": it.issuer,
        }
        props["digest"] = digest(_dates(props))
        rows.append({"id": it.id, "issuer": it.issuer, "props": props})
    return rows


def _build_recognitions(items: Sequence[RecognitionItem], refs: _Refs) -> Prepared:
    """R-LIST-6 (Art. 8): an agreement is keyed by region, list type and start."""
    return [
        {
            "key": f"{it.region}:{it.list_type}:{it.valid_from.isoformat()}",
            "region": it.region,
            "list_type": str(it.list_type),
            "valid_from": it.valid_from,
            "valid_to": it.valid_to,
            "digest": digest({"valid_to": it.valid_to}),
        }
        for it in items
    ]


def _build_entries(items: Sequence[EntryItem], refs: _Refs) -> Prepared:
    rows: Prepared = []
    for it in items:
        props = {
            "listed_at": it.listed_at,
            "basis": it.basis,
            "removal_conditions": it.removal_conditions,
            "remedy": it.remedy,
            "list_id": it.list,
            "record_id": it.record,
        }
        subject = refs(it.subject)
        proposed = it.state is EntryState.PROPOSED  # Art. 28 para. 3: only on creation
        props["digest"] = digest({**_dates(props), "subject": subject, "proposed": proposed})
        rows.append(
            {
                "id": it.id,
                "list": it.list,
                "subject": subject,
                "record": it.record,
                "proposed": proposed,
                "notified_on": clock.today(),  # Art. 24 para. 1: the day the subject is told
                "props": props,
            }
        )
    return rows


def _build_measures(items: Sequence[MeasureItem], refs: _Refs) -> Prepared:
    rows: Prepared = []
    for it in items:
        props = {
            "kind": str(it.kind),
            "description": it.description,
            "legal_basis": it.legal_basis,
            "means": it.means,
            "all_matters": it.all_matters,
            "roles": sorted(str(role) for role in it.roles),
            "published_at": it.published_at,
            "authority_code": it.authority,
            "list_ids": sorted(set(it.lists)),
            "matter_codes": sorted(set(it.matters)),
        }
        props["digest"] = digest(_dates(props))
        rows.append(
            {
                "code": it.code,
                "authority": it.authority,
                "lists": props["list_ids"],
                "matters": props["matter_codes"],
                "props": props,
            }
        )
    return rows


def _build_commitments(items: Sequence[CommitmentItem], refs: _Refs) -> Prepared:
    rows: Prepared = []
    for it in items:
        subject = refs(it.subject)
        props = {
            "subject_id": subject,
            "matter_code": it.matter,
            "kind": str(it.kind),
            "made_on": it.made_on,
            "content": it.content,
            "due_on": it.due_on,
            "authority_code": it.authority,
        }
        props["digest"] = digest(_dates(props))
        rows.append(
            {
                "id": it.id,
                "subject": subject,
                "matter": it.matter,
                "authority": it.authority,
                "props": props,
            }
        )
    return rows


Builder = Callable[[Sequence[Any], _Refs], Prepared]

BUILDERS: Final[dict[IngestKind, Builder]] = {
    IngestKind.DOMAINS: _build_domains,
    IngestKind.MATTERS: _build_matters,
    IngestKind.AUTHORITIES: _build_authorities,
    IngestKind.CATALOGUE: _build_catalogue,
    IngestKind.SUBJECTS: _build_subjects,
    IngestKind.ROLES: _build_roles,
    IngestKind.HOLDINGS: _build_holdings,
    IngestKind.BRANCHES: _build_branches,
    IngestKind.RECORDS: _build_records,
    IngestKind.LISTS: _build_lists,
    IngestKind.RECOGNITIONS: _build_recognitions,
    IngestKind.ENTRIES: _build_entries,
    IngestKind.MEASURES: _build_measures,
    IngestKind.COMMITMENTS: _build_commitments,
}


@dataclass(frozen=True)
class BuiltChunk:
    """The rows built from one chunk of items, where they came from, and the rows refused."""

    rows: Prepared
    positions: list[int]  # the item index of each row
    errors: list[RowError]
    size: int  # items read, refused ones included


def build_chunk(kind: IngestKind, items: Sequence[Any], start: int, secret: str) -> BuiltChunk:
    """Validate items (the first being item `start` of its batch) and build their rows.
    Pure, so that it can run in a worker process."""
    valid, errors = validate_items(kind, list(items))
    bad = {error.row for error in errors}
    return BuiltChunk(
        rows=BUILDERS[kind](valid, _Refs(secret)),
        positions=[start + row for row in range(len(items)) if row not in bad],
        errors=[error.model_copy(update={"row": start + error.row}) for error in errors],
        size=len(items),
    )


# --- the graph checks of each kind's rows -----------------------------------------------------


def _verify_domains(batch: Batch, rows: Prepared) -> None:
    """Run on the whole batch: a parent may come later than its children."""
    codes = {row["code"] for row in rows}
    refs = [(i, "parent", r["parent"]) for i, r in enumerate(rows)]
    batch.require("find_domains", refs, "domain", codes)


def _verify_matters(batch: Batch, rows: Prepared) -> None:
    refs = [(i, "domain", r["domain"]) for i, r in enumerate(rows)]
    batch.require("find_domains", refs, "domain", set())


def _verify_nothing(batch: Batch, rows: Prepared) -> None:
    """Authorities, catalogue items, subjects and recognitions refer to nothing."""


def _verify_roles(batch: Batch, rows: Prepared) -> None:
    controllers = DECLARED_CONTROL_LINK
    people = [(i, "holder", r["holder"]) for i, r in enumerate(rows) if r["type"] != controllers]
    batch.check_subjects(people, organisation=False)
    batch.check_subjects(
        [(i, "holder", r["holder"]) for i, r in enumerate(rows) if r["type"] == controllers]
    )
    batch.check_subjects([(i, "org", r["org"]) for i, r in enumerate(rows)], organisation=True)


def _verify_holdings(batch: Batch, rows: Prepared) -> None:
    batch.check_subjects([(i, "holder", r["holder"]) for i, r in enumerate(rows)])
    batch.check_subjects([(i, "org", r["org"]) for i, r in enumerate(rows)], organisation=True)


Holding = tuple[float, date, date | None]  # (ratio, valid_from, valid_to)

# Ratios are summed as integers in units of 2**-64, so that a sum is exact whatever the order
# of its terms (a running float sum drifts as holdings start and end).
_SHARE_UNIT: Final = 2**64
_SHARE_LIMIT: Final = round((1.0 + 1e-9) * _SHARE_UNIT)


def first_excess(holdings: Iterable[Holding]) -> tuple[date, float] | None:
    """The first moment at which the holdings sum above 1, and the sum then; None if never.

    A holding counts from valid_from (included) to valid_to (excluded). The sum only rises
    where a holding starts, so a sweep over the starts and ends in date order finds it in
    O(n log n): at each date, the ends are applied with the starts.
    """
    changes: dict[date, int] = defaultdict(int)
    starts: set[date] = set()
    for ratio, valid_from, valid_to in holdings:
        units = round(ratio * _SHARE_UNIT)
        changes[valid_from] += units
        starts.add(valid_from)
        if valid_to is not None:
            changes[valid_to] -= units
    total = 0
    for moment in sorted(changes):
        total += changes[moment]
        if total > _SHARE_LIMIT and moment in starts:
            return moment, total / _SHARE_UNIT
    return None


def _check_share_sums(batch: Batch, rows: Prepared) -> None:
    """R-SUBJ-3: the holdings of one organisation never sum above 1 at any time, counting the
    stored ones and the whole batch (run once all its rows are built).

    A holding is keyed by (holder, org, valid_from): a row replaces the stored holding with
    that key.
    """
    by_org: dict[str, dict[tuple[str, date], Holding]] = defaultdict(dict)
    orgs = sorted({r["org"] for r in rows})
    for start in range(0, len(orgs), CHUNK):
        for h in batch.read("find_holdings_of_orgs", orgs=orgs[start : start + CHUNK]):
            by_org[h["org"]][(h["holder"], h["valid_from"])] = (
                h["ratio"],
                h["valid_from"],
                h["valid_to"],
            )
    rows_of_org: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        by_org[r["org"]][(r["holder"], r["valid_from"])] = (
            r["ratio"],
            r["valid_from"],
            r["valid_to"],
        )
        rows_of_org[r["org"]].append(i)
    for org, row_ids in rows_of_org.items():
        holdings = by_org[org]
        if len(holdings) < 2:
            continue  # one ratio is at most 1 (checked row by row)
        excess = first_excess(holdings.values())
        if excess is not None:
            moment, total = excess
            for i in row_ids:
                batch.error(
                    i,
                    "ratio",
                    f"R-SUBJ-3: holdings of {org} would sum to {total:.4g} "
                    f"on {moment.isoformat()} (at most 1)",
                )


def _verify_branches(batch: Batch, rows: Prepared) -> None:
    for field_name in ("branch", "parent"):
        refs = [(i, field_name, r[field_name]) for i, r in enumerate(rows)]
        batch.check_subjects(refs, organisation=True)


def _verify_records(batch: Batch, rows: Prepared) -> None:
    batch.check_subjects([(i, "subject", r["subject"]) for i, r in enumerate(rows)])
    for i, r in enumerate(rows):
        # R-INFO-5: a record about a natural person carries a legal basis or consent.
        basis_error = r.pop("basis_error")
        if basis_error and batch.subject_kind(r["subject"]) == SubjectKind.NATURAL_PERSON:
            batch.error(i, "legal_basis", basis_error)
    for query, field_name, what in (
        ("find_domains", "domain", "domain"),
        ("find_catalogue_items", "catalogue_item", "catalogue item"),
        ("find_authorities", "provider", "authority"),
    ):
        refs = [(i, field_name, r[field_name]) for i, r in enumerate(rows)]
        batch.require(query, refs, what, set())


def _verify_lists(batch: Batch, rows: Prepared) -> None:
    refs = [(i, "issuer", r["issuer"]) for i, r in enumerate(rows)]
    batch.require("find_authorities", refs, "authority", set())
    # Art. 28: a list's type decides what its entries and measures mean; it does not change
    # under them (a sanction list turned reward list would reward its sanctioned subjects).
    stored = batch.lookup("find_lists", (r["id"] for r in rows))
    for i, r in enumerate(rows):
        found = stored.get(r["id"])
        if found is not None and found.get("used") and found["type"] != r["props"]["type"]:
            batch.error(
                i,
                "type",
                f"Art. 28: the list is a {found['type']} list with entries or measures; its "
                "type cannot change under them",
            )


def _verify_entries(batch: Batch, rows: Prepared) -> None:
    batch.check_subjects([(i, "subject", r["subject"]) for i, r in enumerate(rows)])
    lists = batch.lookup("find_lists", (r["list"] for r in rows))
    records = batch.lookup("find_records", (r["record"] for r in rows))
    for i, r in enumerate(rows):
        list_row = lists.get(r["list"])
        record_row = records.get(r["record"]) if r["record"] is not None else None
        if list_row is None:
            batch.error(i, "list", f"unknown list {r['list']!r}")
        if r["record"] is not None and record_row is None:
            batch.error(i, "record", f"unknown record {r['record']!r}")
        elif record_row is not None and record_row.get("subject") != r["subject"]:
            batch.error(
                i,
                "record",
                "R-PROP-1 (Art. 28): an entry rests on a record of the subject it lists",
            )
        elif (
            list_row is not None
            and list_row["type"] == ListType.SERIOUS.value
            and record_row is not None
            and record_row["type"] == "DISHONESTY"
            and not record_row.get("serious")
        ):
            batch.error(
                i,
                "record",
                "Art. 27, 28: an entry on a serious list rests on a serious dishonesty record",
            )
        elif (
            list_row is not None
            and list_row["type"] in SANCTION_LIST_TYPES
            and (record_row is None or record_row["type"] != "DISHONESTY")
        ):
            batch.error(
                i,
                "record",
                "R-LIST-1 (Art. 28), R-INFO-3: an entry on a serious or joint sanction list "
                "rests on a dishonesty record",
            )
        # Art. 28 para. 3 (issue 13 item 10): a statement precedes a sanction-list entry only.
        if r["proposed"] and list_row is not None and list_row["type"] not in SANCTION_LIST_TYPES:
            batch.error(i, "state", "Art. 28 para. 3: only a sanction-list entry is proposed")


def _verify_measures(batch: Batch, rows: Prepared) -> None:
    batch.require(
        "find_authorities",
        [(i, "authority", r["authority"]) for i, r in enumerate(rows)],
        "authority",
        set(),
    )
    for query, field_name, what in (
        ("find_lists", "lists", "list"),
        ("find_matters", "matters", "matter"),
    ):
        refs = [(i, field_name, key) for i, r in enumerate(rows) for key in r[field_name]]
        batch.require(query, refs, what, set())
    # Art. 29, 30: sanction measures target sanction lists, reward measures reward lists.
    lists = batch.lookup("find_lists", (key for r in rows for key in r["lists"]))
    for i, r in enumerate(rows):
        reward = r["props"]["kind"] == "REWARD"
        for key in r["lists"]:
            found = lists.get(key)
            if found is not None and (found["type"] == ListType.JOINT_REWARD.value) != reward:
                batch.error(
                    i,
                    "lists",
                    f"Art. 29, 30: a {r['props']['kind']} measure cannot target the "
                    f"{found['type']} list {key!r}",
                )


def _verify_commitments(batch: Batch, rows: Prepared) -> None:
    batch.check_subjects([(i, "subject", r["subject"]) for i, r in enumerate(rows)])
    batch.require(
        "find_matters", [(i, "matter", r["matter"]) for i, r in enumerate(rows)], "matter", set()
    )
    refs = [(i, "authority", r["authority"]) for i, r in enumerate(rows)]
    batch.require("find_authorities", refs, "authority", set())


Verifier = Callable[[Batch, Prepared], None]

# The checks of each chunk of a batch's rows, as it is built ...
VERIFIERS: Final[dict[IngestKind, Verifier]] = {
    IngestKind.DOMAINS: _verify_nothing,
    IngestKind.MATTERS: _verify_matters,
    IngestKind.AUTHORITIES: _verify_nothing,
    IngestKind.CATALOGUE: _verify_nothing,
    IngestKind.SUBJECTS: _verify_nothing,
    IngestKind.ROLES: _verify_roles,
    IngestKind.HOLDINGS: _verify_holdings,
    IngestKind.BRANCHES: _verify_branches,
    IngestKind.RECORDS: _verify_records,
    IngestKind.LISTS: _verify_lists,
    IngestKind.RECOGNITIONS: _verify_nothing,
    IngestKind.ENTRIES: _verify_entries,
    IngestKind.MEASURES: _verify_measures,
    IngestKind.COMMITMENTS: _verify_commitments,
}
# ... and those that need all its rows.
WHOLE_BATCH_VERIFIERS: Final[dict[IngestKind, Verifier]] = {
    IngestKind.DOMAINS: _verify_domains,
    IngestKind.HOLDINGS: _check_share_sums,
}


def _row_key(kind: IngestKind, row: dict[str, Any]) -> tuple[Any, ...]:
    """What identifies a written row: two rows of a batch with one key are ambiguous."""
    if kind is IngestKind.ROLES:
        return (row["type"], row["holder"], row["org"], row["valid_from"])
    if kind is IngestKind.HOLDINGS:
        return (row["holder"], row["org"], row["valid_from"])
    if kind is IngestKind.BRANCHES:
        return (row["branch"],)
    return (row.get("id", row.get("code", row.get("key"))),)


_KEY_FIELD: Final[dict[IngestKind, str]] = {
    IngestKind.ROLES: "valid_from",
    IngestKind.HOLDINGS: "valid_from",
    IngestKind.BRANCHES: "branch",
    IngestKind.RECORDS: "id",
    IngestKind.LISTS: "id",
    IngestKind.ENTRIES: "id",
    IngestKind.RECOGNITIONS: "valid_from",
    IngestKind.COMMITMENTS: "id",
}


def _unique_rows(
    kind: IngestKind,
    rows: Prepared,
    positions: Sequence[int],
    seen: dict[tuple[Any, ...], int],
    batch: Batch,
) -> None:
    """One row per key per batch, so the outcome does not depend on row order. (Within a
    validation chunk validate_items already says so; this also spans chunks, and roles and
    holdings, whose key is the link.) `seen` holds the item index of each key met so far."""
    field_name = _KEY_FIELD.get(kind, "code")
    for i, (row, position) in enumerate(zip(rows, positions, strict=True)):
        first = seen.setdefault(_row_key(kind, row), position)
        if first != position:
            if kind is IngestKind.SUBJECTS:
                field_name = "resident_id" if is_pseudonym(row["id"]) else "uscc"
            # The key is not repeated: it may stand for a resident ID (R-SUBJ-1).
            batch.error(i, field_name, f"row {first} has the same key; one item per key")


def _dedupe(errors: Iterable[RowError]) -> list[RowError]:
    """Errors in row order; of two errors on one field of one row, the first is kept."""
    seen: set[tuple[int, str]] = set()
    kept = []
    for error in sorted(errors, key=lambda e: (e.row, e.field)):
        if (error.row, error.field) not in seen:
            seen.add((error.row, error.field))
            kept.append(error)
    return kept


def refused(kind: IngestKind, errors: Sequence[RowError]) -> ValidationFailed:
    """The 422 problem that lists every bad row (DESIGN §6)."""
    rows = len({e.row for e in errors})
    return ValidationFailed(
        f"{len(errors)} error(s) in {rows} row(s) of the {kind.value} batch; nothing was written",
        errors=[{"row": e.row, "field": e.field, "message": e.message} for e in errors],
    )


def _partitions(kind: IngestKind, rows: Prepared, parts: int) -> list[Prepared]:
    """Split rows into at most `parts` lists that touch disjoint sets of nodes: subjects by
    row; links by connected component of the holder-organisation graph, the largest
    components first to the lightest part."""
    if parts <= 1 or len(rows) < 2 * CHUNK:
        return [rows]
    if kind is IngestKind.SUBJECTS:
        return [rows[i::parts] for i in range(parts)]
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for row in rows:
        a, b = root(row["holder"]), root(row["org"])
        if a != b:
            parent[a] = b
    components: dict[str, Prepared] = defaultdict(list)
    for row in rows:
        components[root(row["org"])].append(row)
    split: list[Prepared] = [[] for _ in range(parts)]
    for component in sorted(components.values(), key=len, reverse=True):
        min(split, key=len).extend(component)
    return [part for part in split if part]


def ingest_change(kind: IngestKind, outcome: str, node: Row, actor: str) -> audit.Change:
    """The StateChange of a record, list entry or commitment created or updated by ingest
    (R-TIME-5)."""
    reason = _CREATED.get(kind, "ingested") if outcome == "created" else "updated by ingest"
    return audit.state_change(
        WITH_HISTORY[kind], node["id"], before=None, after=node["state"], reason=reason, by=actor
    )


class ChangeObserver(Protocol):
    """Told about an API batch inside its transaction (the monitor's outbox, issue 15): what
    the rows touch is read before they are written, and noted once the batch changed
    something; an unchanged batch notes nothing."""

    def before_write(self, tx: Transaction, kind: IngestKind, rows: Prepared) -> Any: ...

    def written(self, tx: Transaction, kind: IngestKind, note: Any) -> None: ...


class Ingestor:
    """Checks batches against the row rules and the graph, and upserts them."""

    def __init__(
        self,
        db: Database,
        pseudonym_secret: str,
        max_rows: int | None = None,
        observer: ChangeObserver | None = None,
    ) -> None:
        self.db = db
        self.secret = pseudonym_secret
        self.max_rows = max_rows
        self.observer = observer

    def ingest(
        self, kind: IngestKind, items: list[Any], actor: str, progress: Progress | None = None
    ) -> IngestResult:
        """One batch, all or nothing: checked and written in a single transaction."""
        if self.max_rows is not None and len(items) > self.max_rows:
            raise PayloadTooLarge(f"a batch holds at most {self.max_rows} rows; got {len(items)}")
        result = IngestResult(kind=kind.value, received=len(items))
        with self.db.transaction() as tx:
            checked = self.check(kind, items, read=tx.run)
            if checked.errors:
                raise refused(kind, checked.errors)
            result.ids = checked.ids
            note = self.observer.before_write(tx, kind, checked.rows) if self.observer else None
            self._write_rows(tx, kind, checked.rows, actor, result, progress)
            if kind is IngestKind.DOMAINS:
                self._link_domains(tx, rows=checked.rows)
            if self.observer is not None and (result.created or result.updated):
                self.observer.written(tx, kind, note)
        return result

    def check(
        self,
        kind: IngestKind,
        items: Sequence[Any],
        *,
        read: ReadQuery | None = None,
        pending: Pending | None = None,
        progress: Progress | None = None,
        pool: Executor | None = None,
    ) -> Checked:
        """Validate rows and check them against the graph (and `pending`); write nothing.

        `read` runs lookups (inside the caller's transaction for the API; auto-commit reads
        by default). `pool`, when given, validates and builds chunks of rows in parallel
        (a process pool: the work is Python). `progress` is told how many rows were built.
        """
        starts = range(0, len(items), VALIDATE_CHUNK)
        chunks = [items[start : start + VALIDATE_CHUNK] for start in starts]
        if pool is None or len(chunks) < 2:
            built: Iterable[BuiltChunk] = map(
                build_chunk, repeat(kind), chunks, starts, repeat(self.secret)
            )
        else:
            built = pool.map(build_chunk, repeat(kind), chunks, starts, repeat(self.secret))
        return self.verify(kind, built, read=read, pending=pending, progress=progress)

    def verify(
        self,
        kind: IngestKind,
        built: Iterable[BuiltChunk],
        *,
        read: ReadQuery | None = None,
        pending: Pending | None = None,
        progress: Progress | None = None,
    ) -> Checked:
        """Check built chunks against the graph (and `pending`) as they come, so that a
        loader's workers build the next chunks meanwhile; then the whole-batch checks."""
        batch = Batch(read=read or self.db.read, pending=pending or Pending())
        rows: Prepared = []
        positions: list[int] = []  # the item index of each row
        errors: list[RowError] = []
        seen: dict[tuple[Any, ...], int] = {}
        for chunk in built:
            errors.extend(chunk.errors)
            VERIFIERS[kind](batch, chunk.rows)
            _unique_rows(kind, chunk.rows, chunk.positions, seen, batch)
            errors.extend(batch.take_errors(chunk.positions))
            rows.extend(chunk.rows)
            positions.extend(chunk.positions)
            if progress is not None:
                progress(chunk.size)
        seen.clear()
        WHOLE_BATCH_VERIFIERS.get(kind, _verify_nothing)(batch, rows)
        errors.extend(batch.take_errors(positions))
        checked = Checked(kind=kind, rows=rows, errors=_dedupe(errors))
        if kind is IngestKind.SUBJECTS and not errors:
            checked.ids = [row["id"] for row in rows]
        return checked

    def write(
        self,
        kind: IngestKind,
        rows: Prepared,
        actor: str,
        *,
        tx_rows: int = TX_ROWS,
        writers: int | None = None,
        progress: Progress | None = None,
    ) -> IngestResult:
        """Upsert checked rows in transactions of at most `tx_rows` rows each.

        Subjects, roles and holdings are split into `writers` (default `WRITERS`) parts that
        share no node and are written by as many concurrent transactions (one transaction
        runs on one server thread; disjoint parts never wait for each other's locks).

        Not atomic as a whole: a crash leaves some transactions written, and since every
        upsert is idempotent, running the same load again completes it.
        """
        parallel = WRITERS if writers is None else writers
        parts = _partitions(kind, rows, parallel if kind in PARALLEL_KINDS else 1)
        if len(parts) == 1:
            results = [self._write_part(kind, parts[0], actor, tx_rows, progress)]
        else:
            write_part = partial(
                self._write_part, kind=kind, actor=actor, tx_rows=tx_rows, progress=progress
            )
            with ThreadPoolExecutor(max_workers=len(parts)) as pool:
                results = list(pool.map(lambda part: write_part(rows=part), parts))
        result = IngestResult(kind=kind.value, received=len(rows))
        for part_result in results:
            result.created += part_result.created
            result.updated += part_result.updated
            result.unchanged += part_result.unchanged
        if kind is IngestKind.DOMAINS:
            # Parents may come later in the file than their children: link once all exist.
            for start in range(0, len(rows), tx_rows):
                self._retry(partial(self._link_domains, rows=rows[start : start + tx_rows]))
        return result

    def _write_part(
        self,
        kind: IngestKind,
        rows: Prepared,
        actor: str,
        tx_rows: int,
        progress: Progress | None,
    ) -> IngestResult:
        result = IngestResult(kind=kind.value, received=len(rows))
        for start in range(0, len(rows), tx_rows):
            part = rows[start : start + tx_rows]
            counted = self._retry(partial(self._write_tx, kind=kind, rows=part, actor=actor))
            result.created += counted.created
            result.updated += counted.updated
            result.unchanged += counted.unchanged
            if progress is not None:
                progress(len(part))  # once committed, so that a retry does not count twice
        return result

    def _write_tx(
        self, tx: Transaction, *, kind: IngestKind, rows: Prepared, actor: str
    ) -> IngestResult:
        counted = IngestResult(kind=kind.value, received=len(rows))
        self._write_rows(tx, kind, rows, actor, counted, None)
        return counted

    def _retry(self, work: Callable[[Transaction], _T]) -> _T:
        """One transaction, run again when the server reports a transient failure (such as
        a deadlock): the upserts are idempotent, so a second run is safe."""
        attempt = 1
        while True:
            try:
                with self.db.transaction() as tx:
                    return work(tx)
            except StoreUnavailable as exc:
                if attempt == RETRIES or not isinstance(exc.__cause__, TransientError):
                    raise
            time.sleep(0.5 * attempt)
            attempt += 1

    def _write_rows(
        self,
        tx: Transaction,
        kind: IngestKind,
        rows: Prepared,
        actor: str,
        result: IngestResult,
        progress: Progress | None,
    ) -> None:
        changes: list[audit.Change] = []
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            for outcome in tx.run(f"upsert_{kind.value}", rows=chunk):
                name = outcome["outcome"]
                setattr(result, name, getattr(result, name) + outcome["rows"])
                if kind in WITH_HISTORY:
                    changed = outcome["changed"]
                    changes.extend(ingest_change(kind, name, node, actor) for node in changed)
            if kind is IngestKind.ENTRIES:  # from when each takes effect (Art. 28)
                tx.run("set_entry_effect", ids=[row["id"] for row in chunk])
            if progress is not None:
                progress(len(chunk))
        # Last in the transaction: the chain's head is held only until the commit.
        audit.record_changes(tx, changes)

    @staticmethod
    def _link_domains(tx: Transaction, *, rows: Prepared) -> None:
        links = [{"code": r["code"], "parent": r["parent"]} for r in rows]
        for start in range(0, len(links), CHUNK):
            tx.run("link_domain_parents", rows=links[start : start + CHUNK])

"""All-or-nothing, idempotent batch ingestion: validate every row, check references, upsert.

Row validation is pure (graph_service.domain.ingest); this module adds what needs the graph
(references, subject kinds, per-organisation share sums) and writes in one transaction, so a
failed batch changes nothing and a retried one answers `unchanged`.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graph_service.domain.enums import IngestKind, ListType, SubjectKind
from graph_service.domain.identity import mask_resident_id, pseudonymise
from graph_service.domain.ingest import (
    ResidentIdRef,
    RowError,
    record_needs_basis_error,
    resolve_ref,
    validate_items,
)
from graph_service.errors import PayloadTooLarge, ValidationFailed
from graph_service.store.db import Database, Transaction

CHUNK = 5_000
SANCTION_LISTS = {ListType.SERIOUS.value, ListType.JOINT_SANCTION.value}
ROLE_TYPES = {
    "LEGAL_REPRESENTATIVE": "LEGAL_REPRESENTATIVE_OF",
    "PRINCIPAL": "PRINCIPAL_OF",
    "ACTUAL_CONTROLLER": "ACTUAL_CONTROLLER_OF",
}
SUBJECT_LABELS = {
    "NATURAL_PERSON": "NaturalPerson",
    "LEGAL_PERSON": "LegalPerson",
    "UNINCORPORATED_ORG": "UnincorporatedOrg",
}


@dataclass
class IngestResult:
    """The answer of POST /v1/ingest/{kind} (DESIGN.md §6)."""

    kind: str
    received: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    ids: list[str] | None = None


def digest(props: dict[str, Any]) -> str:
    """A content hash of what is stored (never of clear resident ids): same batch → unchanged."""
    text = json.dumps(props, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Batch:
    """One batch under preparation: its rows, the row errors found, and the graph lookups."""

    tx: Transaction
    secret: str
    errors: list[RowError] = field(default_factory=list)
    _subject_kinds: dict[str, str] = field(default_factory=dict)

    def error(self, row: int, field_name: str, message: str) -> None:
        self.errors.append(RowError(row=row, field=field_name, message=message))

    def ref(self, value: str | ResidentIdRef) -> str:
        """A subject ref as the stored id: persons by their keyed pseudonym (R-SUBJ-1)."""
        return resolve_ref(value, self.secret)

    def existing(self, query: str, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
        wanted = sorted(set(keys))
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(wanted), CHUNK):
            for row in self.tx.run(query, keys=wanted[start : start + CHUNK]):
                found[row["key"]] = row
        return found

    def subject_kinds(self, ids: Iterable[str]) -> dict[str, str]:
        missing = set(ids) - set(self._subject_kinds)
        for key, row in self.existing("find_subjects", missing).items():
            self._subject_kinds[key] = row["kind"]
        return self._subject_kinds

    def require(
        self, query: str, refs: Sequence[tuple[int, str, str | None]], what: str, also: set[str]
    ) -> None:
        """Every (row, field, key) must name something stored or in this batch (`also`)."""
        keys = {key for _, _, key in refs if key is not None}
        known = set(self.existing(query, keys - also)) | also
        for row, field_name, key in refs:
            if key is not None and key not in known:
                self.error(row, field_name, f"unknown {what} {key!r}")


Prepared = list[dict[str, Any]]
Preparer = Callable[[Batch, list[Any]], Prepared]


def _dates(props: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in props.items()}


def _prepare_domains(batch: Batch, items: list[Any]) -> Prepared:
    codes = {item.code for item in items}
    batch.require(
        "find_domains", [(i, "parent", it.parent) for i, it in enumerate(items)], "domain", codes
    )
    for i, item in enumerate(items):
        if item.parent == item.code:
            batch.error(i, "parent", "a domain cannot be its own parent")
    return [
        {
            "code": it.code,
            "name": it.name,
            "parent": it.parent,
            "digest": digest({"name": it.name, "parent": it.parent}),
        }
        for it in items
    ]


def _prepare_matters(batch: Batch, items: list[Any]) -> Prepared:
    batch.require(
        "find_domains", [(i, "domain", it.domain) for i, it in enumerate(items)], "domain", set()
    )
    return [
        {
            "code": it.code,
            "name": it.name,
            "domain": it.domain,
            "digest": digest({"name": it.name, "domain": it.domain}),
        }
        for it in items
    ]


def _prepare_authorities(batch: Batch, items: list[Any]) -> Prepared:
    return [
        {
            "code": it.code,
            "name": it.name,
            "region": it.region,
            "digest": digest({"name": it.name, "region": it.region}),
        }
        for it in items
    ]


def _prepare_catalogue(batch: Batch, items: list[Any]) -> Prepared:
    return [
        {
            "code": it.code,
            "name": it.name,
            "disclosure": str(it.disclosure),
            "digest": digest({"name": it.name, "disclosure": str(it.disclosure)}),
        }
        for it in items
    ]


def _prepare_subjects(batch: Batch, items: list[Any]) -> Prepared:
    rows = []
    for it in items:
        kind = str(it.kind)
        if kind == SubjectKind.NATURAL_PERSON:
            subject_id = pseudonymise(it.resident_id, batch.secret)
            masked = mask_resident_id(it.resident_id)
        else:
            subject_id, masked = it.uscc, None
        props = {
            "kind": kind,
            "name": it.name,
            "region": it.region,
            "masked_id": masked,
            "extra": json.dumps(it.extra, ensure_ascii=False, sort_keys=True) if it.extra else None,
        }
        props["digest"] = digest(props)
        rows.append({"id": subject_id, "label": SUBJECT_LABELS[kind], "props": props})
    return rows


def _check_subjects(
    batch: Batch, refs: list[tuple[int, str, str]], *, organisation: bool | None = None
) -> None:
    kinds = batch.subject_kinds(key for _, _, key in refs)
    for row, field_name, key in refs:
        kind = kinds.get(key)
        if kind is None:
            batch.error(row, field_name, f"unknown subject {key!r}")
        elif organisation is True and kind == SubjectKind.NATURAL_PERSON:
            batch.error(row, field_name, f"{key!r} is a natural person, not an organisation")
        elif organisation is False and kind != SubjectKind.NATURAL_PERSON:
            batch.error(row, field_name, "this role is held by a natural person (R-SUBJ-2)")


def _prepare_roles(batch: Batch, items: list[Any]) -> Prepared:
    rows = []
    for i, it in enumerate(items):
        role = str(it.role)
        rows.append(
            {
                "type": ROLE_TYPES[role],
                "holder": batch.ref(it.holder),
                "org": it.org,
                "valid_from": it.valid_from,
                "valid_to": it.valid_to,
                "digest": digest({"valid_to": it.valid_to}),
            }
        )
        person_only = role != "ACTUAL_CONTROLLER"
        _check_subjects(
            batch, [(i, "holder", rows[-1]["holder"])], organisation=False if person_only else None
        )
    _check_subjects(batch, [(i, "org", r["org"]) for i, r in enumerate(rows)], organisation=True)
    return rows


def _prepare_holdings(batch: Batch, items: list[Any]) -> Prepared:
    rows = [
        {
            "holder": batch.ref(it.holder),
            "org": it.org,
            "ratio": it.ratio,
            "valid_from": it.valid_from,
            "valid_to": it.valid_to,
            "digest": digest({"ratio": it.ratio, "valid_to": it.valid_to}),
        }
        for it in items
    ]
    _check_subjects(batch, [(i, "holder", r["holder"]) for i, r in enumerate(rows)])
    _check_subjects(batch, [(i, "org", r["org"]) for i, r in enumerate(rows)], organisation=True)
    for i, r in enumerate(rows):
        if r["holder"] == r["org"]:
            batch.error(i, "holder", "an organisation cannot hold shares in itself")
    _check_share_sums(batch, rows)
    return rows


def _check_share_sums(batch: Batch, rows: Prepared) -> None:
    """R-SUBJ-3: the holdings of one organisation never sum above 1 at any time."""
    by_org: dict[str, dict[tuple[str, date], tuple[float, date, date | None]]] = defaultdict(dict)
    orgs = sorted({r["org"] for r in rows})
    for start in range(0, len(orgs), CHUNK):
        for h in batch.tx.run("find_holdings_of_orgs", orgs=orgs[start : start + CHUNK]):
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
        holdings = list(by_org[org].values())
        for moment in sorted({vf for _, vf, _ in holdings}):
            total = sum(
                ratio for ratio, vf, vt in holdings if vf <= moment and (vt is None or moment < vt)
            )
            if total > 1.0 + 1e-9:
                for i in row_ids:
                    batch.error(
                        i,
                        "ratio",
                        f"holdings of {org} would sum to {total:.4g} "
                        f"on {moment.isoformat()} (at most 1)",
                    )
                break


def _prepare_branches(batch: Batch, items: list[Any]) -> Prepared:
    rows = [{"branch": it.branch, "parent": it.parent} for it in items]
    _check_subjects(
        batch, [(i, "branch", r["branch"]) for i, r in enumerate(rows)], organisation=True
    )
    _check_subjects(
        batch, [(i, "parent", r["parent"]) for i, r in enumerate(rows)], organisation=True
    )
    return rows


def _prepare_records(batch: Batch, items: list[Any]) -> Prepared:
    rows = []
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
            "extra": json.dumps(it.extra, ensure_ascii=False, sort_keys=True) if it.extra else None,
        }
        subject = batch.ref(it.subject)
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
            }
        )
    _check_subjects(batch, [(i, "subject", r["subject"]) for i, r in enumerate(rows)])
    kinds = batch.subject_kinds(r["subject"] for r in rows)
    for i, (it, r) in enumerate(zip(items, rows, strict=True)):
        if kinds.get(r["subject"]) == SubjectKind.NATURAL_PERSON:
            message = record_needs_basis_error(it)
            if message:
                batch.error(i, "legal_basis", message)
    batch.require(
        "find_domains", [(i, "domain", it.domain) for i, it in enumerate(items)], "domain", set()
    )
    batch.require(
        "find_catalogue_items",
        [(i, "catalogue_item", it.catalogue_item) for i, it in enumerate(items)],
        "catalogue item",
        set(),
    )
    batch.require(
        "find_authorities",
        [(i, "provider", it.provider) for i, it in enumerate(items)],
        "authority",
        set(),
    )
    return rows


def _prepare_lists(batch: Batch, items: list[Any]) -> Prepared:
    batch.require(
        "find_authorities",
        [(i, "issuer", it.issuer) for i, it in enumerate(items)],
        "authority",
        set(),
    )
    rows = []
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


def _prepare_entries(batch: Batch, items: list[Any]) -> Prepared:
    rows = []
    for it in items:
        props = {
            "listed_at": it.listed_at,
            "basis": it.basis,
            "removal_conditions": it.removal_conditions,
            "remedy": it.remedy,
            "list_id": it.list,
            "record_id": it.record,
        }
        subject = batch.ref(it.subject)
        props["digest"] = digest({**_dates(props), "subject": subject})
        rows.append(
            {"id": it.id, "list": it.list, "subject": subject, "record": it.record, "props": props}
        )
    _check_subjects(batch, [(i, "subject", r["subject"]) for i, r in enumerate(rows)])
    lists = batch.existing("find_lists", (r["list"] for r in rows))
    records = batch.existing("find_records", (r["record"] for r in rows if r["record"]))
    for i, r in enumerate(rows):
        list_row = lists.get(r["list"])
        if list_row is None:
            batch.error(i, "list", f"unknown list {r['list']!r}")
            continue
        if r["record"] is not None and r["record"] not in records:
            batch.error(i, "record", f"unknown record {r['record']!r}")
        elif list_row["type"] in SANCTION_LISTS and (
            r["record"] is None or records[r["record"]]["type"] != "DISHONESTY"
        ):
            batch.error(
                i,
                "record",
                "an entry on a sanction list rests on a dishonesty record (R-LIST-1, R-INFO-3)",
            )
    return rows


def _prepare_measures(batch: Batch, items: list[Any]) -> Prepared:
    batch.require(
        "find_authorities",
        [(i, "authority", it.authority) for i, it in enumerate(items)],
        "authority",
        set(),
    )
    batch.require(
        "find_lists",
        [(i, "lists", key) for i, it in enumerate(items) for key in it.lists],
        "list",
        set(),
    )
    batch.require(
        "find_matters",
        [(i, "matters", key) for i, it in enumerate(items) for key in it.matters],
        "matter",
        set(),
    )
    rows = []
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
            "list_ids": sorted(it.lists),
            "matter_codes": sorted(it.matters),
        }
        props["digest"] = digest(_dates(props))
        rows.append(
            {
                "code": it.code,
                "authority": it.authority,
                "lists": sorted(it.lists),
                "matters": sorted(it.matters),
                "props": props,
            }
        )
    return rows


PREPARERS: dict[IngestKind, Preparer] = {
    IngestKind.DOMAINS: _prepare_domains,
    IngestKind.MATTERS: _prepare_matters,
    IngestKind.AUTHORITIES: _prepare_authorities,
    IngestKind.CATALOGUE: _prepare_catalogue,
    IngestKind.SUBJECTS: _prepare_subjects,
    IngestKind.ROLES: _prepare_roles,
    IngestKind.HOLDINGS: _prepare_holdings,
    IngestKind.BRANCHES: _prepare_branches,
    IngestKind.RECORDS: _prepare_records,
    IngestKind.LISTS: _prepare_lists,
    IngestKind.ENTRIES: _prepare_entries,
    IngestKind.MEASURES: _prepare_measures,
}
WITH_ACTOR = {IngestKind.RECORDS, IngestKind.ENTRIES}


def _unique_links(kind: IngestKind, rows: Prepared, batch: Batch) -> None:
    """A role or holding twice in one batch is ambiguous: refuse rather than pick one.
    (Codes, ids and identifiers are checked row by row in validate_items.)"""
    if kind not in {IngestKind.ROLES, IngestKind.HOLDINGS}:
        return
    seen: dict[tuple[Any, ...], int] = {}
    for i, row in enumerate(rows):
        key = (row.get("type"), row["holder"], row["org"], row["valid_from"])
        if key in seen:
            batch.error(i, "valid_from", f"the same link as row {seen[key]} of this batch")
        seen.setdefault(key, i)


class Ingestor:
    """Runs one batch of one kind: validate, check against the graph, upsert; all or nothing."""

    def __init__(self, db: Database, pseudonym_secret: str, max_rows: int) -> None:
        self.db = db
        self.secret = pseudonym_secret
        self.max_rows = max_rows

    def ingest(
        self,
        kind: IngestKind,
        items: list[Any],
        actor: str,
        progress: Callable[[int], None] | None = None,
    ) -> IngestResult:
        if len(items) > self.max_rows:
            raise PayloadTooLarge(f"a batch holds at most {self.max_rows} rows; got {len(items)}")
        models, errors = validate_items(kind, items)
        if errors:
            raise _row_errors(kind, errors)
        result = IngestResult(kind=kind.value, received=len(items))
        with self.db.transaction() as tx:
            batch = Batch(tx=tx, secret=self.secret)
            rows = PREPARERS[kind](batch, models)
            _unique_links(kind, rows, batch)
            if batch.errors:
                raise _row_errors(kind, batch.errors)
            if kind is IngestKind.SUBJECTS:
                result.ids = [row["id"] for row in rows]
            self._write(tx, kind, rows, actor, result, progress)
        return result

    def _write(
        self,
        tx: Transaction,
        kind: IngestKind,
        rows: Prepared,
        actor: str,
        result: IngestResult,
        progress: Callable[[int], None] | None,
    ) -> None:
        extra = {"actor": actor} if kind in WITH_ACTOR else {}
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            for outcome in tx.run(f"upsert_{kind.value}", rows=chunk, **extra):
                setattr(
                    result,
                    outcome["outcome"],
                    getattr(result, outcome["outcome"]) + outcome["rows"],
                )
            if progress is not None:
                progress(len(chunk))
        if kind is IngestKind.DOMAINS:
            tx.run(
                "link_domain_parents",
                rows=[{"code": r["code"], "parent": r["parent"]} for r in rows],
            )


def _row_errors(kind: IngestKind, errors: Sequence[RowError]) -> ValidationFailed:
    ordered = sorted(errors, key=lambda e: (e.row, e.field))
    rows = len({e.row for e in ordered})
    return ValidationFailed(
        f"{len(ordered)} error(s) in {rows} row(s) of the {kind.value} batch; nothing was written",
        errors=[{"row": e.row, "field": e.field, "message": e.message} for e in ordered],
    )

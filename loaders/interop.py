"""What the interoperability importers share: ids for subjects the registry does not know,
the conversion they produce, and its ingestion through the validated path.

Importers (``loaders.bods``, ``loaders.gleif``, ``loaders.ftm``) turn a source format into
ingest items of DESIGN §6 (``subjects``, ``roles``, ``holdings``, ``branches``); they never
write Cypher. :func:`ingest_conversion` checks every item of every kind with the same
:class:`~graph_service.store.ingest.Ingestor` as ``POST /v1/ingest/{kind}`` and ``graph-service
load`` and writes only when all are clean (all or nothing).

Identifiers (docs/DECISIONS.md, "Interoperability"):

* An organisation without a USCC (a foreign company, an LEI-only record) gets a **synthetic
  USCC** derived from a *source key*: ``0`` + 16 characters of SHA-256 + the GB 32100 check
  character. GB 32100 assigns no registration authority ``0``, so a synthetic code can never
  be a real one; ``extra.synthetic_uscc`` says so and ``extra.source_key`` keeps the key.
* A natural person without a PRC resident ID number gets a **synthetic resident ID** derived
  from the source key: a county code, a birth date in 1000-1899 and a sequence number, with
  the GB 11643 check digit. No living person was born before 1900, so it names nobody; like
  every resident ID it is pseudonymised at ingestion and never stored (R-SUBJ-1).
* The **source key** is ``cglei-<LEI>`` for an entity with an LEI (so GLEIF, BODS and FtM
  records of one LEI meet), else ``cg<format>-`` + 24 hex digits of SHA-256 of the record's
  id in its source. The exporters write the source key as the record's id, and an id that
  already has the shape of a source key is taken as it is: export, then import, gives the
  same subject ids.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any, Final

import stdnum.cn
from stdnum.cn import ric, uscc

from graph_service.domain.enums import IngestKind
from graph_service.domain.identity import is_pseudonym, pseudonymise
from graph_service.domain.ingest import RowError
from graph_service.errors import GraphServiceError
from graph_service.store.db import Database
from graph_service.store.ingest import Checked, Ingestor, Pending

__all__ = [
    "Conversion",
    "ImportRefused",
    "ImportReport",
    "ingest_conversion",
    "lei_key",
    "region_of",
    "source_key",
    "synthetic_resident_id",
    "synthetic_uscc",
]

_USCC_ALPHABET: Final = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_KEY: Final = re.compile(r"cg(?:bods|ftm)-[0-9a-f]{24}|cglei-[0-9A-Z]{20}")
_FIRST_DAY: Final = date(1000, 1, 1)
_DAYS: Final = (date(1899, 12, 31) - _FIRST_DAY).days + 1
# Kinds an import writes, in dependency order.
IMPORT_KINDS: Final = (
    IngestKind.SUBJECTS,
    IngestKind.ROLES,
    IngestKind.HOLDINGS,
    IngestKind.BRANCHES,
)
# R-LIST-6 regions by ISO 3166-2 subdivision (letters or GB/T 2260 digits) and USCC prefix.
_REGIONS: Final = {
    **{f"CN-{code}": region for code, region in (("TJ", "TJ"), ("BJ", "BJ"), ("HE", "HE"))},
    **{f"CN-{code}": region for code, region in (("12", "TJ"), ("11", "BJ"), ("13", "HE"))},
}
_USCC_PROVINCES: Final = {"12": "TJ", "11": "BJ", "13": "HE"}


def _digest(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest(), "big")


def source_key(namespace: str, raw: str) -> str:
    """The key a synthetic id derives from; an id already shaped like a key is kept.

    >>> source_key("bods", "rec-jane-smith-1975")
    'cgbods-bb9bf49b77b0517958e5bc68'
    >>> source_key("ftm", "cgbods-bb9bf49b77b0517958e5bc68")
    'cgbods-bb9bf49b77b0517958e5bc68'
    """
    if _KEY.fullmatch(raw):
        return raw
    digest = hashlib.sha256(f"{namespace}:{raw}".encode()).hexdigest()
    return f"cg{namespace}-{digest[:24]}"


def lei_key(lei: str) -> str:
    """The source key of an LEI: the same across GLEIF, BODS and FtM records."""
    return "cglei-" + lei.strip().upper()


def is_source_key(value: str) -> bool:
    return _KEY.fullmatch(value) is not None


def synthetic_uscc(key: str) -> str:
    """A valid USCC that no registration authority issues (first character ``0``).

    >>> code = synthetic_uscc("cglei-001GPB6A9XPE8XJICC14")
    >>> code[0], uscc.is_valid(code), code == synthetic_uscc("cglei-001GPB6A9XPE8XJICC14")
    ('0', True, True)
    """
    n = _digest("uscc:" + key)
    digits = f"{n % 10**7:07d}"
    n //= 10**7
    chars = []
    for _ in range(9):
        chars.append(_USCC_ALPHABET[n % 31])
        n //= 31
    body = "0" + digits + "".join(chars)
    return body + uscc.calc_check_digit(body)


def is_synthetic_uscc(code: str) -> bool:
    return code.startswith("0")


@cache
def _county_codes() -> tuple[str, ...]:
    """County codes of stdnum's GB/T 2260 table that were valid before 1900 (no start year)."""
    table = Path(stdnum.cn.__file__).with_name("loc.dat")
    codes: list[str] = []
    province = ""
    for line in table.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        if not line.startswith(" "):
            province = line.split()[0]
            continue
        code, _, rest = line.strip().partition(" ")
        name = rest.partition("=")[2].strip('"')
        if len(code) == 4 and not code.endswith("00") and not re.match(r"\[\d", name):
            codes.append(province + code)
    return tuple(c for c in codes if ric.is_valid(_with_check(f"{c}18500101000")))


def _with_check(body: str) -> str:
    """17 digits + the GB 11643 check digit (stdnum expects a placeholder in its place)."""
    return body + str(ric.calc_check_digit(body + "0"))


def synthetic_resident_id(key: str) -> str:
    """A valid resident ID number of nobody: born in 1000-1899 in a county of the GB/T 2260
    table, derived from ``key``.

    >>> rid = synthetic_resident_id("cgbods-bb9bf49b77b0517958e5bc68")
    >>> ric.is_valid(rid), int(rid[6:10]) < 1900
    (True, True)
    """
    counties = _county_codes()
    n = _digest("ric:" + key)
    county = counties[n % len(counties)]
    n //= len(counties)
    born = _FIRST_DAY + timedelta(days=n % _DAYS)
    n //= _DAYS
    return _with_check(f"{county}{born.year:04d}{born.month:02d}{born.day:02d}{n % 1000:03d}")


def region_of(code: str | None, default: str) -> str:
    """The service's region for an ISO 3166-2 subdivision (CN-TJ, CN-BJ, CN-HE), else
    ``default``: foreign subjects are filed under the importing region (extra keeps their
    jurisdiction)."""
    if not code:
        return default
    code = code.strip().upper()
    return _REGIONS.get(code, default)


def region_of_uscc(code: str, default: str) -> str:
    """GB 32100 characters 3-4 are the province of registration (12 Tianjin, 11 Beijing,
    13 Hebei)."""
    return default if is_synthetic_uscc(code) else _USCC_PROVINCES.get(code[2:4], default)


def to_date(value: Any) -> date | None:
    """A date from ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or a timestamp (partial dates are
    rounded to the first day, as BODS advises); None when absent or unreadable."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    match = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2) or 1), int(match.group(3) or 1))
    except ValueError:
        return None


# --- the conversion ------------------------------------------------------------------------


@dataclass(frozen=True)
class Note:
    """Something an importer decided or skipped, with the source record it concerns."""

    record: str
    message: str


@dataclass
class Conversion:
    """Ingest items (DESIGN §6) converted from one source, with what was decided or skipped.

    ``placeholders`` are subjects known only as the other end of a link (a GLEIF parent
    outside the file): they are created when absent and never overwrite a stored subject.
    ``references`` are subject ids the source names but does not describe (persons of an
    earlier export, named by pseudonym): they must exist already.
    """

    format: str
    subjects: dict[str, dict[str, Any]] = field(default_factory=dict)
    roles: dict[tuple[str, str, str, str], dict[str, Any]] = field(default_factory=dict)
    holdings: dict[tuple[str, str, str], dict[str, Any]] = field(default_factory=dict)
    branches: dict[str, dict[str, Any]] = field(default_factory=dict)
    # The lower bound of each holding whose ratio is the midpoint of a range.
    minimums: dict[tuple[str, str, str], float] = field(default_factory=dict)
    placeholders: set[str] = field(default_factory=set)
    references: set[str] = field(default_factory=set)
    notes: list[Note] = field(default_factory=list)

    def note(self, record: str, message: str) -> None:
        self.notes.append(Note(record, message))

    def add_subject(self, key: str, item: dict[str, Any], *, placeholder: bool = False) -> None:
        """Keyed by the subject's identifier (USCC or resident ID); a real record replaces
        a placeholder, never the reverse."""
        if key in self.subjects and placeholder:
            return
        if not placeholder:
            self.placeholders.discard(key)
        else:
            self.placeholders.add(key)
        self.subjects[key] = item

    def add_role(self, record: str, item: dict[str, Any]) -> None:
        """One link per (role, holder, organisation, start): a repeat is merged (R-SUBJ-2)."""
        key = (item["role"], _ref_key(item["holder"]), item["org"], item["valid_from"])
        if key in self.roles:
            self.note(record, f"{item['role']} link already given by another record: merged")
            return
        self.roles[key] = item

    def add_holding(self, record: str, item: dict[str, Any], minimum: float | None = None) -> None:
        """One holding per (holder, organisation, start); repeats add up (capped at 1).
        ``minimum`` is the range's lower bound when the ratio is a range's midpoint."""
        key = (_ref_key(item["holder"]), item["org"], item["valid_from"])
        if minimum is not None and key not in self.holdings:
            self.minimums[key] = minimum
        old = self.holdings.get(key)
        if old is not None:
            old["ratio"] = min(1.0, round(old["ratio"] + item["ratio"], 6))
            self.note(
                record,
                "a second holding with the same holder, organisation and start"
                " was added to the first",
            )
            return
        self.holdings[key] = item

    def items(self) -> dict[IngestKind, list[dict[str, Any]]]:
        return {
            IngestKind.SUBJECTS: list(self.subjects.values()),
            IngestKind.ROLES: list(self.roles.values()),
            IngestKind.HOLDINGS: list(self.holdings.values()),
            IngestKind.BRANCHES: list(self.branches.values()),
        }

    def counts(self) -> dict[str, int]:
        return {kind.value: len(items) for kind, items in self.items().items()}


def _ref_key(ref: str | Mapping[str, str]) -> str:
    return ref if isinstance(ref, str) else "rid:" + ref["resident_id"]


def share_sums_fit(conversion: Conversion) -> None:
    """R-SUBJ-3: an organisation's holdings sum to at most 1. Where ranged shares taken at
    their midpoint overflow, each ranged holding of that organisation falls back to its
    range's minimum; the ingest refuses what still overflows, naming the organisation."""
    by_org: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for key, item in conversion.holdings.items():
        by_org[item["org"]].append(key)
    for org, keys in sorted(by_org.items()):
        if sum(conversion.holdings[k]["ratio"] for k in keys) <= 1.0 + 1e-9:
            continue
        lowered = [k for k in keys if k in conversion.minimums]
        for k in lowered:
            conversion.holdings[k]["ratio"] = conversion.minimums[k]
        if lowered:
            conversion.note(org, "ranged shares overflow 100 % at their midpoints: minimums used")


def subject_ref(item: Mapping[str, Any]) -> str | dict[str, str]:
    """The ref of a subject item: an organisation's USCC or a person's resident ID."""
    if item.get("uscc"):
        return str(item["uscc"])
    return {"resident_id": str(item["resident_id"])}


def person_reference(value: str) -> str | None:
    """A person id of this service (an export's pseudonym), named without the resident ID."""
    return value if is_pseudonym(value) else None


# --- ingestion -----------------------------------------------------------------------------


class ImportRefused(GraphServiceError):
    """An import whose items the Ingestor refuses: nothing was written."""

    slug, title, status = "validation", "Invalid input", 422


@dataclass
class ImportReport:
    """What an import did, per kind, and the converter's notes."""

    format: str
    received: dict[str, int]
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    skipped_placeholders: int = 0
    notes: list[Note] = field(default_factory=list)
    errors: list[tuple[str, RowError]] = field(default_factory=list)


def _subject_id(item: Mapping[str, Any], secret: str) -> str:
    if item.get("uscc"):
        return str(item["uscc"])
    return pseudonymise(str(item["resident_id"]), secret)


def ingest_conversion(
    db: Database,
    secret: str,
    conversion: Conversion,
    *,
    actor: str,
    max_rows: int | None = None,
) -> ImportReport:
    """Check every item of every kind with the Ingestor, then write them; all or nothing.

    Placeholders already in the graph are left as they are. When any row is refused nothing
    is written and :class:`ImportRefused` lists every error (kind, row, field, message).
    """
    items = conversion.items()
    report = ImportReport(conversion.format, conversion.counts(), notes=list(conversion.notes))
    placeholder_ids = {
        _subject_id(conversion.subjects[key], secret): key for key in conversion.placeholders
    }
    if placeholder_ids:
        stored = {row.key for row in db.find_subjects(keys=sorted(placeholder_ids))}
        keep = [
            item
            for item in items[IngestKind.SUBJECTS]
            if _subject_id(item, secret) not in stored
            or _subject_id(item, secret) not in placeholder_ids
        ]
        report.skipped_placeholders = len(items[IngestKind.SUBJECTS]) - len(keep)
        items[IngestKind.SUBJECTS] = keep
    ingestor = Ingestor(db, secret, max_rows)
    pending = Pending()
    checked: list[Checked] = []
    for kind in IMPORT_KINDS:
        if not items[kind]:
            continue
        result = ingestor.check(kind, items[kind], pending=pending)
        report.errors.extend((kind.value, error) for error in result.errors)
        pending.add(kind, result.rows)
        checked.append(result)
    if report.errors:
        raise ImportRefused(
            f"{len(report.errors)} item(s) refused; nothing was written",
            errors=[
                {"kind": kind, "row": e.row, "field": e.field, "message": e.message}
                for kind, e in report.errors
            ],
        )
    for result in checked:
        written = ingestor.write(result.kind, result.rows, actor)
        report.created[result.kind.value] = written.created
        report.updated[result.kind.value] = written.updated
        report.unchanged[result.kind.value] = written.unchanged
    return report


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def iter_json_records(path: Path) -> Iterable[Any]:
    """A JSON array, a JSON object (its list under a known key, or itself), or JSON lines."""
    import json

    text = path.read_text(encoding="utf-8-sig")
    stripped = text.lstrip()
    if stripped.startswith("["):
        yield from json.loads(text)
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        for line in text.splitlines():
            if line.strip():
                yield json.loads(line)
        return
    if isinstance(data, dict):
        for key in ("records", "data", "statements", "entities"):
            if isinstance(data.get(key), list):
                yield from data[key]
                return
    yield data

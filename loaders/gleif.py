"""GLEIF Level 1 (LEI-CDF) and Level 2 (RR-CDF, reporting exceptions) → ingest items.

Reads the golden-copy records as JSON (an array, JSON lines, or ``{"records": [...]}``) or
XML (``lei:LEIData``, ``rr:RelationshipData``, ``repex:ReportingExceptionsData``); a folder is
read file by file, each file's kind told by its content.

Mapping (docs/DECISIONS.md, "Interoperability"):

* An LEI record is an organisation: ``UNINCORPORATED_ORG`` for the categories FUND, BRANCH
  and SOLE_PROPRIETOR (no legal personality of their own), else ``LEGAL_PERSON``. Its USCC is
  the registration-authority entity id when that is a valid USCC of a PRC entity, else a
  synthetic USCC of the key ``cglei-<LEI>``. Status, category, jurisdiction and the LEI go
  to ``extra``; a region comes from the legal address (CN-TJ, CN-BJ, CN-HE), else the
  importing region.
* ``IS_ULTIMATELY_CONSOLIDATED_BY`` and ``IS_DIRECTLY_CONSOLIDATED_BY`` (accounting
  consolidation, i.e. control under IFRS 10 / US GAAP): the parent is a declared
  ``ACTUAL_CONTROLLER`` of the child (the same parent by both: one link). A consolidation
  percentage (``RelationshipQuantifiers``, unit PERCENTAGE) on a *direct* relationship also
  gives a holding of that ratio.
* ``IS_INTERNATIONAL_BRANCH_OF``: a branch link (R-SUBJ-4). Fund relationships (managed-by,
  sub-fund, feeder) are not control: skipped with a note.
* The relationship period (RELATIONSHIP_PERIOD) gives ``valid_from`` / ``valid_to``; an
  INACTIVE relationship with no end ends on its last update. ANNULLED and DUPLICATE
  registrations are errors at the source and are skipped.
* A parent not in the Level 1 input becomes a placeholder organisation ("LEI <code>",
  ``extra.placeholder``), created only when absent, so a later Level 1 import completes it.
* Reporting exceptions (no parent reported, and why) stay on the child's ``extra``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from stdnum import lei as stdnum_lei

from graph_service.domain.identity import validate_uscc
from graph_service.domain.vocabulary import HOME_REGION
from loaders.interop import (
    Conversion,
    as_list,
    iter_json_records,
    lei_key,
    region_of,
    synthetic_uscc,
    to_date,
)

__all__ = ["GleifInput", "convert_gleif", "read_gleif"]

CONTROL: Final = frozenset({"IS_DIRECTLY_CONSOLIDATED_BY", "IS_ULTIMATELY_CONSOLIDATED_BY"})
BRANCH: Final = "IS_INTERNATIONAL_BRANCH_OF"
UNINCORPORATED: Final = frozenset({"FUND", "BRANCH", "SOLE_PROPRIETOR"})
SKIPPED_REGISTRATIONS: Final = frozenset({"ANNULLED", "DUPLICATE"})
# XML containers whose children form a list in the JSON form.
_LISTS: Final = frozenset(
    {"OtherEntityNames", "RelationshipPeriods", "RelationshipQuantifiers", "OtherAddresses"}
)


@dataclass
class GleifInput:
    """Records of the three kinds, as JSON-shaped dicts."""

    entities: list[dict[str, Any]] = field(default_factory=list)
    relationships: list[dict[str, Any]] = field(default_factory=list)
    exceptions: list[dict[str, Any]] = field(default_factory=list)

    def add(self, record: Mapping[str, Any]) -> None:
        if "Relationship" in record:
            self.relationships.append(dict(record))
        elif "ExceptionCategory" in record:
            self.exceptions.append(dict(record))
        elif "LEI" in record and "Entity" in record:
            self.entities.append(dict(record))


def _text(value: Any) -> str | None:
    """GLEIF JSON wraps some values as ``{"$": value}``."""
    if isinstance(value, Mapping):
        value = value.get("$")
    return None if value is None else str(value)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _element(elem: ET.Element) -> Any:
    children = list(elem)
    if not children:
        return (elem.text or "").strip()
    if _local(elem.tag) in _LISTS:
        return [_element(child) for child in children]
    result: dict[str, Any] = {}
    for child in children:
        name = _local(child.tag)
        value = _element(child)
        if name in result:
            result[name] = [*as_list(result[name]), value]
        else:
            result[name] = value
    return result


def _xml_records(path: Path) -> Iterator[dict[str, Any]]:
    """Stream the records of a GLEIF XML file (LEIRecord, RelationshipRecord, Exception)."""
    for _, elem in ET.iterparse(path, events=("end",)):  # noqa: S314 - see the import
        name = _local(elem.tag)
        if name in {"LEIRecord", "RelationshipRecord", "Exception"}:
            record = _element(elem)
            if isinstance(record, dict):
                yield record
            elem.clear()


def read_gleif(path: Path) -> GleifInput:
    """Read a file or every ``.json``/``.jsonl``/``.xml`` file of a folder."""
    files = (
        sorted(p for p in path.rglob("*") if p.suffix in {".json", ".jsonl", ".xml"})
        if path.is_dir()
        else [path]
    )
    found = GleifInput()
    for file in files:
        records = _xml_records(file) if file.suffix == ".xml" else iter_json_records(file)
        for record in records:
            if isinstance(record, Mapping):
                found.add(record)
    return found


def _lei(value: Any) -> str | None:
    text = (_text(value) or "").strip().upper()
    return text if stdnum_lei.is_valid(text) else None


def _entity(conv: Conversion, record: Mapping[str, Any], region: str) -> str | None:
    lei = _lei(record.get("LEI"))
    if lei is None:
        conv.note(str(record.get("LEI")), "not a valid LEI: skipped")
        return None
    entity = record.get("Entity") or {}
    registration = record.get("Registration") or {}
    jurisdiction = _text(entity.get("LegalJurisdiction"))
    authority = entity.get("RegistrationAuthority") or {}
    local_id = (_text(authority.get("RegistrationAuthorityEntityID")) or "").strip()
    code: str | None = None
    if (jurisdiction or "").upper().startswith("CN") and local_id:
        try:
            code = validate_uscc(local_id)
        except ValueError:
            code = None
    extra: dict[str, Any] = {"source": "gleif", "lei": lei}
    if code is None:
        key = lei_key(lei)
        code = synthetic_uscc(key)
        extra.update(synthetic_uscc=True, source_key=key)
    for name, value in (
        ("jurisdiction", jurisdiction),
        ("entity_category", _text(entity.get("EntityCategory"))),
        ("entity_status", _text(entity.get("EntityStatus"))),
        ("registration_status", _text(registration.get("RegistrationStatus"))),
        ("legal_form", _text((entity.get("LegalForm") or {}).get("EntityLegalFormCode"))),
        ("creation_date", _text(entity.get("EntityCreationDate"))),
    ):
        if value:
            extra[name] = value[:10] if name == "creation_date" else value
    address = entity.get("LegalAddress") or {}
    subdivision = _text(address.get("Region")) or jurisdiction
    category = _text(entity.get("EntityCategory")) or ""
    conv.add_subject(
        code,
        {
            "kind": "UNINCORPORATED_ORG" if category in UNINCORPORATED else "LEGAL_PERSON",
            "name": (_text(entity.get("LegalName")) or f"LEI {lei}")[:500],
            "uscc": code,
            "region": region_of(subdivision, region),
            "extra": extra,
        },
    )
    return code


def _placeholder(conv: Conversion, lei: str, region: str) -> str:
    key = lei_key(lei)
    code = synthetic_uscc(key)
    conv.add_subject(
        code,
        {
            "kind": "LEGAL_PERSON",
            "name": f"LEI {lei}",
            "uscc": code,
            "region": region,
            "extra": {
                "source": "gleif",
                "lei": lei,
                "placeholder": True,
                "synthetic_uscc": True,
                "source_key": key,
            },
        },
        placeholder=True,
    )
    return code


def _period(rel: Mapping[str, Any], registration: Mapping[str, Any]) -> tuple[Any, Any]:
    periods = [p for p in as_list(rel.get("RelationshipPeriods")) if isinstance(p, Mapping)]
    chosen = [p for p in periods if _text(p.get("PeriodType")) == "RELATIONSHIP_PERIOD"]
    period = (chosen or periods or [{}])[0]
    start = to_date(_text(period.get("StartDate"))) or to_date(
        _text(registration.get("InitialRegistrationDate"))
    )
    end = to_date(_text(period.get("EndDate")))
    if end is None and _text(rel.get("RelationshipStatus")) == "INACTIVE":
        end = to_date(_text(registration.get("LastUpdateDate")))
    return start, end


def _percentage(rel: Mapping[str, Any]) -> float | None:
    for q in as_list(rel.get("RelationshipQuantifiers")):
        if not isinstance(q, Mapping) or _text(q.get("QuantifierUnits")) != "PERCENTAGE":
            continue
        try:
            amount = float(_text(q.get("QuantifierAmount")) or "nan")
        except ValueError:
            continue
        if 0 < amount <= 100:
            return round(amount / 100, 6)
    return None


def _relationship(
    conv: Conversion, record: Mapping[str, Any], codes: Mapping[str, str], region: str
) -> None:
    rel = record.get("Relationship") or {}
    registration = record.get("Registration") or {}
    start_node, end_node = rel.get("StartNode") or {}, rel.get("EndNode") or {}
    child, parent = _lei(start_node.get("NodeID")), _lei(end_node.get("NodeID"))
    kind = _text(rel.get("RelationshipType")) or ""
    label = f"{child}->{parent}:{kind}"
    if child is None or parent is None:
        conv.note(label, "an end is not an LEI: skipped")
        return
    status = _text(registration.get("RegistrationStatus")) or ""
    if status in SKIPPED_REGISTRATIONS:
        conv.note(label, f"registration {status}: skipped")
        return
    if kind not in CONTROL and kind != BRANCH:
        conv.note(label, f"{kind} is not control: skipped")
        return
    start, end = _period(rel, registration)
    if start is None:
        conv.note(label, "no start date: skipped")
        return
    if end is not None and end <= start:
        conv.note(label, "ended on or before it started: skipped")
        return
    org = codes.get(child) or _placeholder(conv, child, region)
    holder = codes.get(parent) or _placeholder(conv, parent, region)
    if kind == BRANCH:
        if org in conv.branches:
            conv.note(label, "a branch has one parent (R-SUBJ-4): the first is kept")
        else:
            conv.branches[org] = {"branch": org, "parent": holder}
        return
    span = {"valid_from": start.isoformat(), "valid_to": end.isoformat() if end else None}
    conv.add_role(label, {"role": "ACTUAL_CONTROLLER", "holder": holder, "org": org, **span})
    ratio = _percentage(rel)
    if ratio is not None and kind == "IS_DIRECTLY_CONSOLIDATED_BY":
        conv.add_holding(label, {"holder": holder, "org": org, "ratio": ratio, **span})


def convert_gleif(data: GleifInput, *, region: str = HOME_REGION) -> Conversion:
    """Convert GLEIF records; ``region`` files entities outside Tianjin, Beijing and Hebei."""
    conv = Conversion("gleif")
    codes: dict[str, str] = {}
    for record in data.entities:
        code = _entity(conv, record, region)
        lei = _lei(record.get("LEI"))
        if code is not None and lei is not None:
            codes[lei] = code
    for record in data.relationships:
        _relationship(conv, record, codes, region)
    for record in data.exceptions:
        lei = _lei(record.get("LEI"))
        category = _text(record.get("ExceptionCategory")) or ""
        reason = _text(record.get("ExceptionReason")) or ""
        if lei is None or lei not in codes:
            conv.note(str(record.get("LEI")), "reporting exception of an LEI not in the input")
            continue
        field_name = {
            "DIRECT_ACCOUNTING_CONSOLIDATION_PARENT": "gleif_no_direct_parent",
            "ULTIMATE_ACCOUNTING_CONSOLIDATION_PARENT": "gleif_no_ultimate_parent",
        }.get(category, "gleif_exception")
        conv.subjects[codes[lei]]["extra"][field_name] = reason
    return conv

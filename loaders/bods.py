"""BODS 0.4 statements → ingest items (issue 8): persons, entities, relationships.

Records are followed by ``recordId``: the latest statement of a record (by ``statementDate``,
then file order) describes it; a ``closed`` relationship ends on its statement date.

Mapping (docs/DECISIONS.md, "Interoperability"):

=============================================  ==============================================
BODS                                           credit-graph
=============================================  ==============================================
entity (registered, legal entity, state …)     ``LEGAL_PERSON``; ``arrangement`` →
                                               ``UNINCORPORATED_ORG``
person                                         ``NATURAL_PERSON`` (names and nationality only)
anonymousPerson / unknownPerson record          a person kept as such: named "(anonymous
                                               person)" / "(unknown person)", ``extra.person_type``
                                               and ``extra.placeholder``; its links are imported
inline ``interestedParty`` {reason}             no person (the fixture's specification forbids
                                               a placeholder): ``extra.unspecified_owner_reason``
                                               and ``…_description`` on the subject entity
shareholding                                   holding; exact share, or the midpoint of a
                                               range (a lower bound alone: that bound, nudged
                                               up by 0.01 point when exclusive)
votingRights above 50 %                        ``ACTUAL_CONTROLLER`` (voting control)
appointmentOfBoard, otherInfluenceOrControl,   ``ACTUAL_CONTROLLER``; ``details`` naming the legal
controlViaCompanyRulesOrArticles,              representative (法定代表人) →
controlByLegalFramework                        ``LEGAL_REPRESENTATIVE``
seniorManagingOfficial                         ``PRINCIPAL`` (persons only)
other interest types                           skipped with a note (no Art. 32 role)
startDate / endDate                            ``valid_from`` / ``valid_to`` (BODS: "the date
                                               from which the interest ceased"); no start:
                                               the statement date
=============================================  ==============================================

Identifiers: an organisation's USCC is taken from an identifier whose scheme starts with
``CN-`` (e.g. ``CN-SAIC``) or from the synthetic-USCC identifier of an export; a person's
resident ID from a ``CHN-IDCARD`` identifier. Otherwise the ids are synthetic
(``loaders.interop``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any, Final

from graph_service.domain.enums import Role
from graph_service.domain.identity import is_pseudonym, validate_resident_id, validate_uscc
from graph_service.domain.vocabulary import HOME_REGION
from graph_service.interop.model import SYNTHETIC_USCC_SCHEME_NAME
from loaders.interop import (
    Conversion,
    is_source_key,
    iter_json_records,
    lei_key,
    region_of,
    region_of_uscc,
    share_sums_fit,
    source_key,
    synthetic_resident_id,
    synthetic_uscc,
    to_date,
)

__all__ = ["SYNTHETIC_USCC_SCHEME_NAME", "convert_bods", "read_bods", "share_ratio"]

#: The identifier an export gives a synthetic USCC (no org-id.guide scheme: it is ours).
RESIDENT_ID_SCHEME: Final = "CHN-IDCARD"
CONTROL_INTERESTS: Final = frozenset(
    {
        "appointmentOfBoard",
        "otherInfluenceOrControl",
        "controlViaCompanyRulesOrArticles",
        "controlByLegalFramework",
    }
)
LEGAL_REPRESENTATIVE_WORDS: Final = ("legal representative", "legalrepresentative", "法定代表人")
ABSENT_NAMES: Final = {
    "anonymousPerson": "(anonymous person)",
    "unknownPerson": "(unknown person)",
    "anonymousEntity": "(anonymous entity)",
    "unknownEntity": "(unknown entity)",
}


def read_bods(path: Path) -> list[dict[str, Any]]:
    """Statements from a JSON array, JSON lines, or a folder of such ``.json``/``.jsonl``."""
    files = (
        sorted(p for p in path.rglob("*") if p.suffix in {".json", ".jsonl"})
        if path.is_dir()
        else [path]
    )
    statements: list[dict[str, Any]] = []
    for file in files:
        statements.extend(s for s in iter_json_records(file) if isinstance(s, dict))
    return statements


def share_ratio(share: Mapping[str, Any] | None) -> tuple[float | None, float | None]:
    """(ratio in (0, 1], lower bound when the ratio is a range's midpoint), from a BODS share.

    >>> share_ratio({"exact": 75})
    (0.75, None)
    >>> share_ratio({"exclusiveMinimum": 50, "maximum": 75})
    (0.625, 0.5001)
    >>> share_ratio({"exclusiveMinimum": 50})
    (0.5001, None)
    >>> share_ratio({"maximum": 25})
    (0.125, None)
    """
    if not share:
        return None, None
    exact = share.get("exact")
    if isinstance(exact, int | float):
        ratio = exact / 100
        return (round(ratio, 6), None) if 0 < ratio <= 1 else (None, None)
    low = share.get("minimum")
    nudge = 0.0
    if low is None and share.get("exclusiveMinimum") is not None:
        low, nudge = share["exclusiveMinimum"], 0.01  # "more than x %" stays more than x
    high = share.get("maximum", share.get("exclusiveMaximum"))
    minimum: float | None
    if low is not None and high is not None:
        ratio, minimum = (float(low) + float(high)) / 200, (float(low) + nudge) / 100
    elif low is not None:
        ratio, minimum = (float(low) + nudge) / 100, None
    elif high is not None:
        ratio, minimum = float(high) / 200, None
    else:
        return None, None
    if not 0 < ratio <= 1:
        return None, None
    return round(ratio, 6), (round(minimum, 6) if minimum else None)


def _latest(statements: Iterable[Mapping[str, Any]], conv: Conversion) -> dict[str, dict[str, Any]]:
    """The latest statement of each record (statementDate, then file order)."""
    records: dict[str, tuple[str, int, dict[str, Any]]] = {}
    for index, statement in enumerate(statements):
        record_id = statement.get("recordId")
        version = str((statement.get("publicationDetails") or {}).get("bodsVersion", ""))
        if not record_id or statement.get("recordType") not in {"entity", "person", "relationship"}:
            conv.note(
                str(statement.get("statementId", index)),
                f"not a BODS 0.4 record statement (bodsVersion {version or 'absent'}): skipped",
            )
            continue
        stamp = str(statement.get("statementDate") or "")
        old = records.get(record_id)
        if old is None or (stamp, index) >= (old[0], old[1]):
            records[record_id] = (stamp, index, dict(statement))
    return {key: value[2] for key, value in records.items()}


def _identifiers(details: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [i for i in details.get("identifiers") or [] if isinstance(i, Mapping)]


def _entity_identity(record_id: str, details: Mapping[str, Any]) -> tuple[str, str | None]:
    """(USCC, source key when the USCC is synthetic)."""
    if is_source_key(record_id):
        return synthetic_uscc(record_id), record_id
    if _valid_uscc(record_id):  # this service's own id, from an export
        return record_id, (f"uscc:{record_id}" if record_id.startswith("0") else None)
    for identifier in _identifiers(details):
        value = str(identifier.get("id", "")).strip()
        scheme = str(identifier.get("scheme", ""))
        if scheme.startswith("CN-") or identifier.get("schemeName") == SYNTHETIC_USCC_SCHEME_NAME:
            try:
                code = validate_uscc(value)
            except ValueError:
                continue
            return code, (None if not code.startswith("0") else f"uscc:{code}")
    for identifier in _identifiers(details):
        if identifier.get("scheme") == "XI-LEI" and identifier.get("id"):
            key = lei_key(str(identifier["id"]))
            return synthetic_uscc(key), key
    key = source_key("bods", record_id)
    return synthetic_uscc(key), key


def _entity(conv: Conversion, record_id: str, st: Mapping[str, Any], region: str) -> str:
    details = st.get("recordDetails") or {}
    entity_type = str((details.get("entityType") or {}).get("type", "registeredEntity"))
    code, key = _entity_identity(record_id, details)
    jurisdiction = (details.get("jurisdiction") or {}).get("code")
    extra: dict[str, Any] = {
        "source": "bods",
        "bods_record_id": record_id,
        "entity_type": entity_type,
    }
    if key is not None:
        extra.update(synthetic_uscc=True, source_key=key if not key.startswith("uscc:") else None)
    if jurisdiction:
        extra["jurisdiction"] = str(jurisdiction)
    ids = [f"{i.get('scheme') or i.get('schemeName')}:{i.get('id')}" for i in _identifiers(details)]
    ids = [i for i in ids if not i.startswith(SYNTHETIC_USCC_SCHEME_NAME)]
    if ids:
        extra["identifiers"] = "; ".join(ids)
    for field, name in (("foundingDate", "founding_date"), ("dissolutionDate", "dissolution_date")):
        if details.get(field):
            extra[name] = str(details[field])
    if st.get("recordStatus") == "closed":
        extra["closed"] = True
    name = str(details.get("name") or ABSENT_NAMES.get(entity_type) or f"(entity {record_id})")
    kind = "UNINCORPORATED_ORG" if entity_type == "arrangement" else "LEGAL_PERSON"
    conv.add_subject(
        code,
        {
            "kind": kind,
            "name": name[:500],
            "uscc": code,
            "region": region_of(jurisdiction, region_of_uscc(code, region)),
            "extra": {k: v for k, v in extra.items() if v is not None},
        },
        # A record named by this service's own id (an export) never overwrites the subject.
        placeholder=is_source_key(record_id) or _valid_uscc(record_id),
    )
    return code


def _person_name(details: Mapping[str, Any], person_type: str) -> str:
    for name in details.get("names") or []:
        if not isinstance(name, Mapping):
            continue
        full = name.get("fullName") or " ".join(
            str(name[p]) for p in ("givenName", "familyName") if name.get(p)
        )
        if full:
            return str(full)[:500]
    return ABSENT_NAMES.get(person_type, "(unnamed person)")


def _person(
    conv: Conversion, record_id: str, st: Mapping[str, Any], region: str
) -> str | dict[str, str]:
    """Add the person and return its ref: a pseudonym (reference), or its resident ID."""
    details = st.get("recordDetails") or {}
    person_type = str(details.get("personType", "knownPerson"))
    if is_pseudonym(record_id):
        conv.references.add(record_id)
        return record_id
    resident_id: str | None = None
    key: str | None = None
    for identifier in _identifiers(details):
        if identifier.get("scheme") == RESIDENT_ID_SCHEME:
            try:
                resident_id = validate_resident_id(str(identifier.get("id", "")))
                break
            except ValueError:
                conv.note(record_id, "a CHN-IDCARD identifier is not a valid resident ID: ignored")
    if resident_id is None:
        key = source_key("bods", record_id)
        resident_id = synthetic_resident_id(key)
    extra: dict[str, Any] = {"source": "bods", "bods_record_id": record_id}
    if key is not None:
        extra.update(synthetic_id=True, source_key=key)
    if person_type != "knownPerson":
        extra.update(person_type=person_type, placeholder=True)
        reason = (details.get("unspecifiedPersonDetails") or {}).get("reason")
        if reason:
            extra["unspecified_reason"] = str(reason)
    nationalities = [
        str(n.get("code")) for n in details.get("nationalities") or [] if isinstance(n, Mapping)
    ]
    if any(nationalities):
        extra["nationality"] = ", ".join(n for n in nationalities if n)
    conv.add_subject(
        resident_id,
        {
            "kind": "NATURAL_PERSON",
            "name": _person_name(details, person_type),
            "resident_id": resident_id,
            "region": region,
            "extra": extra,
        },
        placeholder=is_source_key(record_id),
    )
    return {"resident_id": resident_id}


def _interest_dates(
    interest: Mapping[str, Any], st: Mapping[str, Any]
) -> tuple[date | None, date | None]:
    stated = to_date(st.get("statementDate"))
    start = to_date(interest.get("startDate")) or stated
    end = to_date(interest.get("endDate"))
    if end is None and st.get("recordStatus") == "closed":
        end = stated
    return start, end


def _is_legal_representative(interest: Mapping[str, Any]) -> bool:
    details = str(interest.get("details") or "").lower()
    return any(word in details for word in LEGAL_REPRESENTATIVE_WORDS)


def _relationship(
    conv: Conversion,
    record_id: str,
    st: Mapping[str, Any],
    refs: Mapping[str, str | dict[str, str]],
    persons: set[str],
) -> None:
    details = st.get("recordDetails") or {}
    subject, party = details.get("subject"), details.get("interestedParty")
    org = refs.get(subject) if isinstance(subject, str) else None
    if not isinstance(org, str) or org in persons:
        conv.note(record_id, "the subject is not an entity of this file: skipped")
        return
    if isinstance(party, Mapping):
        # BODS 0.4 inline unspecified party: kept on the entity, no placeholder person.
        item = conv.subjects[org]
        extra = item.setdefault("extra", {})
        for field, name in (
            ("reason", "unspecified_owner_reason"),
            ("description", "unspecified_owner_description"),
        ):
            if party.get(field):
                old = extra.get(name)
                value = str(party[field])
                extra[name] = value if not old or old == value else f"{old}; {value}"
        conv.note(
            record_id, f"interested party not specified ({party.get('reason')}): kept on the entity"
        )
        return
    holder = refs.get(party) if isinstance(party, str) else None
    if holder is None:
        conv.note(record_id, "the interested party is not a record of this file: skipped")
        return
    is_person = isinstance(holder, dict) or holder in persons
    for interest in details.get("interests") or []:
        if not isinstance(interest, Mapping):
            continue
        kind = str(interest.get("type", ""))
        start, end = _interest_dates(interest, st)
        if start is None:
            conv.note(record_id, f"{kind}: no start date and no statement date: skipped")
            continue
        if end is not None and end <= start:
            conv.note(record_id, f"{kind}: ended on or before it started: skipped")
            continue
        span = {"valid_from": start.isoformat(), "valid_to": end.isoformat() if end else None}
        if kind == "shareholding":
            ratio, minimum = share_ratio(interest.get("share"))
            if ratio is None:
                conv.note(record_id, "shareholding without a share in (0, 100] %: skipped")
                continue
            conv.add_holding(
                record_id, {"holder": holder, "org": org, "ratio": ratio, **span}, minimum
            )
            continue
        role: str | None = None
        if kind == "votingRights":
            ratio, _ = share_ratio(interest.get("share"))
            if ratio is not None and ratio > 0.5:
                role = Role.ACTUAL_CONTROLLER.value
            else:
                conv.note(record_id, "votingRights of 50 % or less (or unknown): no control")
                continue
        elif kind in CONTROL_INTERESTS:
            role = (
                Role.LEGAL_REPRESENTATIVE.value
                if _is_legal_representative(interest)
                else Role.ACTUAL_CONTROLLER.value
            )
        elif kind == "seniorManagingOfficial":
            role = Role.PRINCIPAL.value
        if role is None:
            conv.note(record_id, f"{kind or 'an interest'} is no role of Art. 32: skipped")
            continue
        if role != "ACTUAL_CONTROLLER" and not is_person:
            conv.note(record_id, f"{kind}: a {role} is a natural person: skipped")
            continue
        conv.add_role(record_id, {"role": role, "holder": holder, "org": org, **span})


def convert_bods(
    statements: Iterable[Mapping[str, Any]], *, region: str = HOME_REGION
) -> Conversion:
    """Convert BODS 0.4 statements; ``region`` files subjects outside Tianjin, Beijing and
    Hebei (their jurisdiction stays in ``extra``)."""
    conv = Conversion("bods")
    records = _latest(statements, conv)
    refs: dict[str, str | dict[str, str]] = {}
    persons: set[str] = set()
    for record_id, st in sorted(records.items()):
        if st["recordType"] == "entity":
            refs[record_id] = _entity(conv, record_id, st, region)
        elif st["recordType"] == "person":
            ref = _person(conv, record_id, st, region)
            refs[record_id] = ref
            if isinstance(ref, str):
                persons.add(ref)
    # Records named by a relationship but not described here: this service's own ids.
    for _, st in sorted(records.items()):
        if st["recordType"] != "relationship":
            continue
        details = st.get("recordDetails") or {}
        for end in (details.get("subject"), details.get("interestedParty")):
            if isinstance(end, str) and end not in refs:
                if is_pseudonym(end):
                    refs[end] = end
                    persons.add(end)
                    conv.references.add(end)
                elif _valid_uscc(end):
                    refs[end] = end
                    conv.references.add(end)
    for record_id, st in sorted(records.items()):
        if st["recordType"] == "relationship":
            _relationship(conv, record_id, st, refs, persons)
    share_sums_fit(conv)
    return conv


def _valid_uscc(value: str) -> bool:
    try:
        validate_uscc(value)
    except ValueError:
        return False
    return True

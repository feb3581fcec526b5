"""FollowTheMoney entities → ingest items (issue 8), through the ``followthemoney`` package.

Needs the optional ``interop`` extra (``pip install -e .[interop]``).

Mapping (docs/DECISIONS.md, "Interoperability"):

* ``Person`` → ``NATURAL_PERSON``: a PRC resident ID from ``idNumber`` when one validates,
  else a synthetic one (``loaders.interop``); an entity id that is a person id of this
  service (an export's pseudonym) names a stored person. Only names and nationality are
  kept: religion, ethnicity and the like are never read (R-INFO-4).
* ``Company`` (and a bare ``LegalEntity``) → ``LEGAL_PERSON``; ``Organization`` →
  ``UNINCORPORATED_ORG``. The USCC is ``uscCode`` when valid, else synthetic from
  ``cglei-<leiCode>`` or the entity id.
* ``Ownership`` → a holding (``percentage``; a range "a-b" at its midpoint); an ownership
  whose ``role`` names the actual controller (实际控制人) → ``ACTUAL_CONTROLLER``.
* ``Directorship`` and ``Representation`` → a role when ``role`` names it: legal
  representative (法定代表人), principal / general manager (主要负责人, 负责人, 总经理),
  actual controller; other directors and agents hold no Art. 32 role and are skipped.
* ``Sanction`` → kept on the sanctioned subject as ``extra.sanctions`` (authority, program,
  dates): a foreign or non-Art. 12 measure is not a record, which would need a legally
  effective document, an Art. 12 category and a domain (R-INFO-3).
* Dates: ``startDate`` / ``endDate``; partial dates round to the first day; a link without
  a start starts on the entity's ``modifiedAt`` / ``retrievedAt``, else ``default_from`` (the
  import day): an unknown start is never pushed into the past (R-PROP-2).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any, Final

from followthemoney import model
from followthemoney.proxy import EntityProxy

from graph_service.domain.identity import is_pseudonym, validate_resident_id, validate_uscc
from graph_service.domain.vocabulary import HOME_REGION
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

__all__ = ["ROLE_WORDS", "convert_ftm", "percentage_ratio", "read_ftm", "role_of"]

ROLE_WORDS: Final = {
    "LEGAL_REPRESENTATIVE": ("legal representative", "法定代表人"),
    "ACTUAL_CONTROLLER": ("actual controller", "实际控制人"),
    "PRINCIPAL": ("principal", "主要负责人", "负责人", "general manager", "总经理"),
}
LINK_SCHEMATA: Final = ("Ownership", "Directorship", "Representation")
_RANGE: Final = re.compile(r"^\s*([\d.]+)\s*%?\s*[-–~]\s*([\d.]+)\s*%?\s*$")
_NUMBER: Final = re.compile(r"^\s*([\d.]+)\s*%?\s*$")


def read_ftm(path: Path) -> list[dict[str, Any]]:
    """Entities from FtM JSON lines (``ftm export``), a JSON array, or a folder of them."""
    files = (
        sorted(p for p in path.rglob("*") if p.suffix in {".json", ".jsonl", ".ftm"})
        if path.is_dir()
        else [path]
    )
    return [e for file in files for e in iter_json_records(file) if isinstance(e, dict)]


def role_of(text: str | None) -> str | None:
    """The Art. 32 role a free-text FtM role names, or None.

    >>> role_of("法定代表人 (legal representative)"), role_of("Director")
    ('LEGAL_REPRESENTATIVE', None)
    """
    lowered = (text or "").lower()
    for role, words in ROLE_WORDS.items():
        if any(word in lowered for word in words):
            return role
    return None


def percentage_ratio(text: str | None) -> tuple[float | None, float | None]:
    """(ratio, lower bound of a range) from an FtM ``percentage``: "75", "75%", "25-50".

    >>> percentage_ratio("75"), percentage_ratio("25-50%"), percentage_ratio("n/a")
    ((0.75, None), (0.375, 0.25), (None, None))
    """
    if not text:
        return None, None
    match = _RANGE.match(text)
    try:
        if match:
            low, high = float(match.group(1)), float(match.group(2))
            ratio, minimum = (low + high) / 200, low / 100
        else:
            number = _NUMBER.match(text)
            if number is None:
                return None, None
            ratio, minimum = float(number.group(1)) / 100, None
    except ValueError:
        return None, None
    if not 0 < ratio <= 1:
        return None, None
    return round(ratio, 6), (round(minimum, 6) if minimum else None)


def _person(conv: Conversion, proxy: EntityProxy, region: str) -> str | dict[str, str]:
    entity_id = str(proxy.id)
    if is_pseudonym(entity_id):
        conv.references.add(entity_id)
        return entity_id
    resident_id: str | None = None
    for value in proxy.get("idNumber"):
        try:
            resident_id = validate_resident_id(value)
            break
        except ValueError:
            continue
    extra: dict[str, Any] = {"source": "ftm", "ftm_id": entity_id}
    if resident_id is None:
        key = source_key("ftm", entity_id)
        resident_id = synthetic_resident_id(key)
        extra.update(synthetic_id=True, source_key=key)
    nationality = sorted({*proxy.get("nationality"), *proxy.get("citizenship")})
    if nationality:
        extra["nationality"] = ", ".join(nationality)
    conv.add_subject(
        resident_id,
        {
            "kind": "NATURAL_PERSON",
            "name": (proxy.caption or "(unnamed person)")[:500],
            "resident_id": resident_id,
            "region": region,
            "extra": extra,
        },
        # An entity named by this service's own id (an export) never overwrites the subject.
        placeholder=is_source_key(entity_id),
    )
    return {"resident_id": resident_id}


def _organisation(conv: Conversion, proxy: EntityProxy, region: str) -> str:
    entity_id = str(proxy.id)
    code: str | None = None
    key: str | None = None
    if is_source_key(entity_id):
        key = entity_id
    elif _uscc_or_none(entity_id) is not None:
        code = _uscc_or_none(entity_id)  # this service's own id, from an export
    else:
        for value in proxy.get("uscCode"):
            try:
                code = validate_uscc(value)
                break
            except ValueError:
                continue
        if code is None:
            leis = proxy.get("leiCode")
            key = lei_key(leis[0]) if leis else source_key("ftm", entity_id)
    extra: dict[str, Any] = {"source": "ftm", "ftm_id": entity_id, "ftm_schema": proxy.schema.name}
    if key is not None:
        code = synthetic_uscc(key)
        extra.update(synthetic_uscc=True, source_key=key)
    assert code is not None
    if code.startswith("0"):
        extra["synthetic_uscc"] = True
    jurisdictions = [*proxy.get("jurisdiction"), *proxy.get("country")]
    if jurisdictions:
        extra["jurisdiction"] = jurisdictions[0].upper()
    for prop in ("leiCode", "registrationNumber"):
        values = proxy.get(prop)
        if values:
            extra[prop] = "; ".join(values)
    subdivision = f"CN-{code[2:4]}" if not extra.get("synthetic_uscc") else None
    kind = "LEGAL_PERSON"
    if proxy.schema.is_a("Organization") and not proxy.schema.is_a("Company"):
        kind = "UNINCORPORATED_ORG"
    conv.add_subject(
        code,
        {
            "kind": kind,
            "name": (proxy.caption or f"(organisation {entity_id})")[:500],
            "uscc": code,
            "region": region_of(subdivision, region_of_uscc(code, region)),
            "extra": extra,
        },
        placeholder=is_source_key(entity_id) or _uscc_or_none(entity_id) is not None,
    )
    return code


def _uscc_or_none(value: str) -> str | None:
    try:
        return validate_uscc(value)
    except ValueError:
        return None


def _span(proxy: EntityProxy, default_from: date) -> tuple[date, date | None]:
    start = to_date(proxy.first("startDate")) or to_date(proxy.first("date"))
    if start is None:
        start = (
            to_date(proxy.first("modifiedAt"))
            or to_date(proxy.first("retrievedAt"))
            or default_from
        )
    return start, to_date(proxy.first("endDate"))


def _link(
    conv: Conversion,
    proxy: EntityProxy,
    refs: Mapping[str, str | dict[str, str]],
    persons: set[str],
    default_from: date,
) -> None:
    schema = proxy.schema
    label = f"{schema.name}:{proxy.id}"
    if schema.is_a("Ownership"):
        holder_id, org_id = proxy.first("owner"), proxy.first("asset")
    elif schema.is_a("Directorship"):
        holder_id, org_id = proxy.first("director"), proxy.first("organization")
    else:
        holder_id, org_id = proxy.first("agent"), proxy.first("client")
    holder = refs.get(holder_id or "")
    org = refs.get(org_id or "")
    if holder is None or not isinstance(org, str) or org in persons:
        conv.note(label, "an end is not a person or organisation of this file: skipped")
        return
    start, end = _span(proxy, default_from)
    if end is not None and end <= start:
        conv.note(label, "ended on or before it started: skipped")
        return
    span = {"valid_from": start.isoformat(), "valid_to": end.isoformat() if end else None}
    role = role_of(" ".join(proxy.get("role")))
    is_person = isinstance(holder, dict) or holder in persons
    if schema.is_a("Ownership"):
        ratio, minimum = percentage_ratio(proxy.first("percentage"))
        if ratio is not None:
            item = {"holder": holder, "org": org, "ratio": ratio, **span}
            conv.add_holding(label, item, minimum)
        if role != "ACTUAL_CONTROLLER":
            if ratio is None:
                conv.note(label, "ownership without a percentage in (0, 100]: skipped")
            return
    if role is None:
        conv.note(label, f"role {proxy.get('role')} is no role of Art. 32: skipped")
        return
    if role != "ACTUAL_CONTROLLER" and not is_person:
        conv.note(label, f"a {role} is a natural person: skipped")
        return
    conv.add_role(label, {"role": role, "holder": holder, "org": org, **span})


def _sanction(conv: Conversion, proxy: EntityProxy, refs: Mapping[str, Any]) -> None:
    target = refs.get(proxy.first("entity") or "")
    key = target if isinstance(target, str) else (target or {}).get("resident_id")
    if key is None or key not in conv.subjects:
        conv.note(f"Sanction:{proxy.id}", "the sanctioned entity is not in this file: skipped")
        return
    parts = [
        " / ".join(proxy.get("authority")),
        " / ".join(proxy.get("program")),
        "–".join(v for v in (proxy.first("startDate"), proxy.first("endDate")) if v),
    ]
    text = ", ".join(p for p in parts if p) or "sanction"
    extra = conv.subjects[key].setdefault("extra", {})
    extra["sanctions"] = f"{extra['sanctions']}; {text}" if extra.get("sanctions") else text


def convert_ftm(
    entities: Iterable[Mapping[str, Any]],
    *,
    region: str = HOME_REGION,
    default_from: date | None = None,
) -> Conversion:
    """Convert FtM entities; unknown schemata are skipped with a note."""
    conv = Conversion("ftm")
    proxies: list[EntityProxy] = []
    for data in entities:
        try:
            proxies.append(model.get_proxy(dict(data), cleaned=False))
        except Exception as exc:
            conv.note(str(data.get("id")), f"not a FollowTheMoney entity: {exc}")
    refs: dict[str, str | dict[str, str]] = {}
    persons: set[str] = set()
    for proxy in sorted(proxies, key=lambda p: str(p.id)):
        if proxy.schema.is_a("Person"):
            ref = _person(conv, proxy, region)
            refs[str(proxy.id)] = ref
            if isinstance(ref, str):
                persons.add(ref)
        elif proxy.schema.is_a("Organization") or proxy.schema.name == "LegalEntity":
            refs[str(proxy.id)] = _organisation(conv, proxy, region)
    day = default_from or date.today()
    for proxy in proxies:
        schema = proxy.schema
        if (
            schema.is_a("Ownership")
            or schema.is_a("Directorship")
            or schema.name == "Representation"
        ):
            _link(conv, proxy, refs, persons, day)
        elif schema.is_a("Sanction"):
            _sanction(conv, proxy, refs)
        elif str(proxy.id) not in refs:
            conv.note(f"{schema.name}:{proxy.id}", f"schema {schema.name} is not imported")
    share_sums_fit(conv)
    return conv

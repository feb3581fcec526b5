"""Subjects, links and generated lists → BODS 0.4 statements (issue 8).

Checked in the tests with ``libcovebods`` (JSON schema and the additional checks).

* Entities: ``registeredEntity`` (or the imported entity type); a real USCC as an identifier
  of scheme ``CN-SAIC``, a synthetic one under the scheme name "credit-graph synthetic
  USCC" (no org-id.guide scheme claims it), and the identifiers an import kept.
* Persons: ``knownPerson`` (or the imported anonymous / unknown type), full name and
  nationality; no identifier, so no resident ID ever leaves (R-SUBJ-1). The record id is the
  person's id (pseudonym) or, when synthetic, its source key.
* One relationship per holder and organisation, with one interest per link:
  ``shareholding`` (exact share, beneficial when a person holds 25 % or more, R-SUBJ-3),
  ``otherInfluenceOrControl`` with details 实际控制人 (actual controller) or 法定代表人
  (legal representative), ``seniorManagingOfficial`` with details 主要负责人 (principal).
* A BODS-declared unknown owner kept on an entity is written back as a relationship whose
  interested party is the inline ``{reason, description}``.
* A generated list: its subjects and the links on the explanation paths, each listed or
  reached subject's statement annotated (``commenting``) with its restrictions or rewards.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Final

from graph_service.domain.screening import GeneratedList
from graph_service.interop.model import (
    SYNTHETIC_USCC_SCHEME_NAME,
    USCC_SCHEME,
    ExportLink,
    ExportSubject,
    link_key,
)

__all__ = ["list_statements", "neighbourhood_statements"]

PUBLISHER: Final = {"name": "credit-graph (municipal social credit registry)"}
SOURCE: Final = {
    "type": ["officialRegister"],
    "description": "Municipal public credit information platform (credit-graph)",
}
UNSPECIFIED_REASONS: Final = frozenset(
    {
        "noBeneficialOwners",
        "subjectUnableToConfirmOrIdentifyBeneficialOwner",
        "interestedPartyHasNotProvidedInformation",
        "subjectExemptFromDisclosure",
        "interestedPartyExemptFromDisclosure",
        "unknown",
        "informationUnknownToPublisher",
    }
)
ENTITY_TYPES: Final = frozenset(
    {"registeredEntity", "legalEntity", "arrangement", "anonymousEntity", "unknownEntity"}
)
PERSON_TYPES: Final = frozenset({"knownPerson", "anonymousPerson", "unknownPerson"})


def _statement_id(*parts: object) -> str:
    text = "|".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()  # 64 characters (BODS: 32-64)


def _envelope(record_id: str, record_type: str, subject: str, day: date) -> dict[str, Any]:
    return {
        "statementId": _statement_id(record_type, record_id, day),
        "declarationSubject": subject,
        "statementDate": day.isoformat(),
        "publicationDetails": {
            "publicationDate": day.isoformat(),
            "bodsVersion": "0.4",
            "publisher": dict(PUBLISHER),
        },
        "source": dict(SOURCE),
        "recordId": record_id,
        "recordStatus": "new",
        "recordType": record_type,
    }


def _entity(subject: ExportSubject, day: date) -> dict[str, Any]:
    extra = subject.extra
    entity_type = str(extra.get("entity_type") or "registeredEntity")
    details: dict[str, Any] = {
        "isComponent": False,
        "entityType": {"type": entity_type if entity_type in ENTITY_TYPES else "registeredEntity"},
        "name": subject.name or subject.id,
    }
    identifiers: list[dict[str, str]] = []
    if subject.synthetic:
        identifiers.append({"schemeName": SYNTHETIC_USCC_SCHEME_NAME, "id": subject.id})
        if extra.get("jurisdiction"):
            code = str(extra["jurisdiction"])
            details["jurisdiction"] = {"name": code, "code": code[:6]}
    else:
        identifiers.append(
            {"scheme": USCC_SCHEME, "schemeName": "统一社会信用代码 (USCC)", "id": subject.id}
        )
        details["jurisdiction"] = {"name": "China", "code": "CN"}
    if extra.get("lei"):
        identifiers.append({"scheme": "XI-LEI", "id": str(extra["lei"])})
    for text in str(extra.get("identifiers") or "").split(";"):
        scheme, sep, value = text.strip().partition(":")
        if sep and value and scheme != "XI-LEI":
            identifiers.append({"scheme": scheme, "id": value})
    details["identifiers"] = identifiers
    for field, name in (("founding_date", "foundingDate"), ("dissolution_date", "dissolutionDate")):
        if extra.get(field):
            details[name] = str(extra[field])[:10]
    statement = _envelope(subject.record_id, "entity", subject.record_id, day)
    statement["recordDetails"] = details
    return statement


def _person(subject: ExportSubject, day: date) -> dict[str, Any]:
    extra = subject.extra
    person_type = str(extra.get("person_type") or "knownPerson")
    person_type = person_type if person_type in PERSON_TYPES else "knownPerson"
    details: dict[str, Any] = {"isComponent": False, "personType": person_type}
    if person_type == "knownPerson" or not extra.get("placeholder"):
        details["names"] = [{"type": "legal", "fullName": subject.name or subject.id}]
    reason = extra.get("unspecified_reason")
    if person_type != "knownPerson" and reason in UNSPECIFIED_REASONS:
        details["unspecifiedPersonDetails"] = {"reason": reason}
    nationalities = [c.strip() for c in str(extra.get("nationality") or "").split(",")]
    if any(len(c) == 2 for c in nationalities):
        details["nationalities"] = [{"name": c, "code": c} for c in nationalities if len(c) == 2]
    statement = _envelope(subject.record_id, "person", subject.record_id, day)
    statement["recordDetails"] = details
    return statement


def _interest(link: ExportLink, holder_is_person: bool) -> dict[str, Any]:
    interest: dict[str, Any]
    if link.type == "HOLDS_SHARES_IN":
        ratio = link.ratio or 0.0
        interest = {
            "type": "shareholding",
            "directOrIndirect": "direct",
            # R-SUBJ-3: a natural person with 25 % or more is a beneficial owner.
            "beneficialOwnershipOrControl": holder_is_person and ratio >= 0.25 - 1e-9,
            "share": {"exact": round(ratio * 100, 6)},
        }
    elif link.type == "PRINCIPAL_OF":
        interest = {
            "type": "seniorManagingOfficial",
            "details": "主要负责人 (principal)",
            "beneficialOwnershipOrControl": False,
        }
    elif link.type == "LEGAL_REPRESENTATIVE_OF":
        interest = {
            "type": "otherInfluenceOrControl",
            "details": "法定代表人 (legal representative)",
            "beneficialOwnershipOrControl": False,
        }
    else:
        interest = {
            "type": "otherInfluenceOrControl",
            "details": "实际控制人 (actual controller)",
            "beneficialOwnershipOrControl": holder_is_person,
        }
    if link.valid_from is not None:
        interest["startDate"] = link.valid_from.isoformat()
    if link.valid_to is not None:
        interest["endDate"] = link.valid_to.isoformat()
    return interest


def _relationships(
    subjects: Mapping[str, ExportSubject], links: Sequence[ExportLink], day: date
) -> list[dict[str, Any]]:
    grouped: dict[tuple[str, str], list[ExportLink]] = defaultdict(list)
    for link in links:
        if link.type != "BRANCH_OF" and link.source in subjects and link.target in subjects:
            grouped[(link.source, link.target)].append(link)
    statements: list[dict[str, Any]] = []
    for (holder, org), group in sorted(grouped.items()):
        org_record = subjects[org].record_id
        record_id = "cgrel-" + link_key(holder, org)
        statement = _envelope(record_id, "relationship", org_record, day)
        statement["recordDetails"] = {
            "isComponent": False,
            "subject": org_record,
            "interestedParty": subjects[holder].record_id,
            "interests": [_interest(link, subjects[holder].is_person) for link in group],
        }
        statements.append(statement)
    for subject in subjects.values():
        reason = subject.extra.get("unspecified_owner_reason")
        if subject.is_person or reason not in UNSPECIFIED_REASONS:
            continue
        party: dict[str, Any] = {"reason": reason}
        if subject.extra.get("unspecified_owner_description"):
            party["description"] = str(subject.extra["unspecified_owner_description"])
        record_id = "cgrel-" + link_key(subject.id, "unspecified")
        statement = _envelope(record_id, "relationship", subject.record_id, day)
        statement["recordDetails"] = {
            "isComponent": False,
            "subject": subject.record_id,
            "interestedParty": party,
        }
        statements.append(statement)
    return statements


def _subject_statement(subject: ExportSubject, day: date) -> dict[str, Any]:
    return _person(subject, day) if subject.is_person else _entity(subject, day)


def neighbourhood_statements(
    subjects: Sequence[ExportSubject], links: Sequence[ExportLink], day: date
) -> list[dict[str, Any]]:
    """Entity and person statements first, then the relationships among them."""
    by_id = {s.id: s for s in subjects}
    statements = [_subject_statement(s, day) for s in subjects]
    return statements + _relationships(by_id, links, day)


def list_statements(
    generated: GeneratedList, subjects: Sequence[ExportSubject], links: Sequence[ExportLink]
) -> list[dict[str, Any]]:
    """A generated list: its subjects annotated with what restricts or rewards them, and
    the relationships on the explanation paths."""
    day = generated.as_of
    comments: dict[str, list[str]] = defaultdict(list)
    for listed in generated.subjects:
        for r in listed.restrictions:
            reach = "itself listed" if r.role == "SELF" else f"{r.role} of {r.via} (Art. 32)"
            until = f", until {r.until.isoformat()}" if r.until else ""
            comments[listed.subject].append(
                f"{generated.list_type} {r.list} entry {r.entry}: measure {r.measure} "
                f"({r.legal_basis}), {reach}, record {r.record} ({r.document}){until}; "
                f"remedy: {r.remedy}"
            )
        for w in listed.rewards:
            comments[listed.subject].append(
                f"{generated.list_type} {w.list} entry {w.entry}: reward {w.measure} "
                f"({w.legal_basis})"
            )
    statements: list[dict[str, Any]] = []
    for subject in subjects:
        statement = _subject_statement(subject, day)
        notes = comments.get(subject.id)
        if notes:
            statement["annotations"] = [
                {
                    "statementPointerTarget": "",
                    "motivation": "commenting",
                    "description": note,
                    "creationDate": day.isoformat(),
                    "createdBy": dict(PUBLISHER),
                }
                for note in notes
            ]
        statements.append(statement)
    return statements + _relationships({s.id: s for s in subjects}, links, day)

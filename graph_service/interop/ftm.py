"""Subjects, links and generated lists → FollowTheMoney entities (issue 8).

Needs the optional ``interop`` extra. Entities are built with ``followthemoney``'s model, so
every value is cleaned and checked by its property type (an invalid USCC is dropped by FtM
itself); the tests validate the output against the schemata.

* ``LEGAL_PERSON`` → ``Company``, ``UNINCORPORATED_ORG`` → ``Organization``,
  ``NATURAL_PERSON`` → ``Person`` (name and nationality; never a resident ID, R-SUBJ-1).
  The entity id is the subject's id, or its source key when the id is synthetic, so that
  ``loaders.ftm`` reads the export back to the same ids.
* ``HOLDS_SHARES_IN`` → ``Ownership`` with ``percentage``; ``ACTUAL_CONTROLLER_OF`` →
  ``Ownership`` with role 实际控制人 (actual controller); ``LEGAL_REPRESENTATIVE_OF`` →
  ``Representation`` with role 法定代表人 (legal representative); ``PRINCIPAL_OF`` →
  ``Directorship`` with role 主要负责人 (principal). Branches have no FtM link: not exported.
* A generated list: each restriction → a ``Sanction`` of the reached subject (authority,
  list as program, measure, legal basis as provisions, until as end date, the role and the
  organisation it came through in the reason); the listed subject gets topic ``sanction``,
  a person reached through a role ``sanction.linked``. A reward → a note.
* A BODS-declared unknown owner (``extra.unspecified_owner_reason``) → the entity's notes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from followthemoney import model
from followthemoney.proxy import EntityProxy

from graph_service.domain.screening import GeneratedList
from graph_service.interop.model import ExportLink, ExportSubject, link_key

__all__ = ["LINK_ROLES", "link_entity", "list_entities", "neighbourhood_entities", "subject_entity"]

SCHEMA_OF_KIND: Final = {
    "LEGAL_PERSON": "Company",
    "UNINCORPORATED_ORG": "Organization",
    "NATURAL_PERSON": "Person",
}
LINK_ROLES: Final = {
    "ACTUAL_CONTROLLER_OF": ("Ownership", "owner", "asset", "实际控制人 (actual controller)"),
    "LEGAL_REPRESENTATIVE_OF": (
        "Representation",
        "agent",
        "client",
        "法定代表人 (legal representative)",
    ),
    "PRINCIPAL_OF": ("Directorship", "director", "organization", "主要负责人 (principal)"),
    "HOLDS_SHARES_IN": ("Ownership", "owner", "asset", ""),
}


def subject_entity(subject: ExportSubject, topics: Iterable[str] = ()) -> EntityProxy:
    """One subject as a Person, Company or Organization."""
    entity = model.make_entity(SCHEMA_OF_KIND.get(subject.kind or "", "LegalEntity"))
    entity.id = subject.record_id
    entity.add("name", subject.name or subject.id)
    extra = subject.extra
    if subject.is_person:
        for code in str(extra.get("nationality") or "").split(","):
            entity.add("nationality", code.strip().lower() or None, quiet=True)
    else:
        if not subject.synthetic:
            entity.add("uscCode", subject.id, quiet=True)
            entity.add("jurisdiction", "cn", quiet=True)
        for key in ("lei", "leiCode"):
            entity.add("leiCode", extra.get(key), quiet=True)
        entity.add("jurisdiction", str(extra.get("jurisdiction") or "").lower() or None, quiet=True)
        entity.add("registrationNumber", extra.get("registrationNumber"), quiet=True)
        reason = extra.get("unspecified_owner_reason")
        if reason:
            description = extra.get("unspecified_owner_description")
            note = f"BODS unspecified interested party: {reason}"
            entity.add("notes", f"{note} — {description}" if description else note)
    if extra.get("sanctions"):
        entity.add("notes", f"Sanctions (imported): {extra['sanctions']}")
    for topic in topics:
        entity.add("topics", topic, quiet=True)
    return entity


def link_entity(link: ExportLink, ids: Mapping[str, str]) -> EntityProxy | None:
    """One link as an Ownership, Representation or Directorship; None for a branch."""
    spec = LINK_ROLES.get(link.type)
    if spec is None:
        return None
    schema, source_prop, target_prop, role = spec
    entity = model.make_entity(schema)
    entity.id = "cglink-" + link_key(link.type, link.source, link.target, link.valid_from)
    entity.add(source_prop, ids.get(link.source, link.source))
    entity.add(target_prop, ids.get(link.target, link.target))
    if role:
        entity.add("role", role)
    if link.type == "HOLDS_SHARES_IN" and link.ratio is not None:
        entity.add("percentage", f"{round(link.ratio * 100, 6):g}")
    if link.valid_from is not None:
        entity.add("startDate", link.valid_from.isoformat())
    if link.valid_to is not None:
        entity.add("endDate", link.valid_to.isoformat())
    return entity


def neighbourhood_entities(
    subjects: Sequence[ExportSubject], links: Sequence[ExportLink]
) -> list[dict[str, Any]]:
    """Subjects and the links among them, as FtM entity dicts (subjects first)."""
    ids = {s.id: s.record_id for s in subjects}
    entities = [subject_entity(s) for s in subjects]
    for link in links:
        entity = link_entity(link, ids)
        if entity is not None:
            entities.append(entity)
    return [e.to_dict() for e in entities]


def list_entities(
    generated: GeneratedList, subjects: Sequence[ExportSubject], links: Sequence[ExportLink]
) -> list[dict[str, Any]]:
    """A generated list: its subjects (with sanction topics), the links that explain how a
    restriction reaches a person, and one Sanction per restriction."""
    ids = {s.id: s.record_id for s in subjects}
    topics: dict[str, set[str]] = {}
    sanctions: list[EntityProxy] = []
    notes: dict[str, list[str]] = {}
    for listed in generated.subjects:
        for r in listed.restrictions:
            topics.setdefault(listed.subject, set()).add(
                "sanction" if r.role == "SELF" else "sanction.linked"
            )
            sanction = model.make_entity("Sanction")
            sanction.id = "cgsanction-" + link_key(
                generated.as_of, listed.subject, r.measure, r.entry, r.role, r.via
            )
            sanction.add("entity", ids.get(listed.subject, listed.subject))
            sanction.add("authority", r.authority)
            sanction.add("program", f"{generated.list_type} {r.list}")
            sanction.add("programId", r.list)
            reach = "" if r.role == "SELF" else f"; as {r.role} of {r.via} (Art. 32)"
            if r.recognised:
                reach += f"; a {r.recognised} list recognised under Art. 8"
            sanction.add("reason", f"{r.measure}: {r.description}{reach}")
            sanction.add("provisions", r.legal_basis)
            sanction.add("recordId", r.entry)
            sanction.add("date", generated.as_of.isoformat())
            if r.until is not None:
                sanction.add("endDate", r.until.isoformat())
            sanction.add(
                "summary",
                f"entry {r.entry}, record {r.record}, document {r.document}; remedy: {r.remedy}",
            )
            sanction.add("status", "objected" if r.objection else "in force")
            sanctions.append(sanction)
        for w in listed.rewards:
            notes.setdefault(listed.subject, []).append(
                f"{generated.list_type} {w.list}: reward {w.measure} (entry {w.entry})"
            )
    entities: list[EntityProxy] = []
    for subject in subjects:
        entity = subject_entity(subject, sorted(topics.get(subject.id, ())))
        for note in notes.get(subject.id, []):
            entity.add("notes", note)
        entities.append(entity)
    for link in links:
        linked = link_entity(link, ids)
        if linked is not None:
            entities.append(linked)
    return [e.to_dict() for e in (*entities, *sanctions)]

"""Independent reference implementation of the rules of DESIGN.md §5 (the test oracle).

Written from DESIGN.md §5 and REQUIREMENTS.md alone, over the ingest contract of DESIGN.md §6,
so that property tests can compare the Cypher engine with it on random registries. It does
**not** import ``graph_service`` (in particular not ``graph_service.analytics.control``): the
control chain of R-SUBJ-3 is re-derived here another way (per-subject closure with exact
fractions instead of a global worklist with floats).

Input: ``registry = {kind: [item, ...]}`` with kinds ``domains``, ``matters``, ``subjects``,
``roles``, ``holdings``, ``records``, ``lists``, ``entries``, ``measures`` and the item fields
of DESIGN §6. Subject references (``subject``, ``holder``, ``org``) are plain subject ids.
Dates are ``YYYY-MM-DD`` strings (``date`` objects are accepted too). Workflow state the store
keeps is given as extra fields: ``revoked_on`` / ``repaired_on`` on records and
``removed_on`` on entries; such a date ``<= D`` takes the item out of force at ``D``.

Choices where the text leaves room (keep the engine in step, see docs/DECISIONS.md):

* R-TIME-1: a record leaves at ``act_end + 5 years``, by calendar year
  (``date.replace(year=y + 5)``); 29 February falls back to 28 February. In force while
  ``D < that day``. An open ``act_end`` (None) never expires.
* The act period is ``[act_start, act_end]`` inclusive; an open ``act_end`` means up to ``D``.
  A role ``[valid_from, valid_to)`` overlaps it when ``valid_from <= end`` and (``valid_to`` is
  None or ``valid_to > act_start``) (R-PROP-2).
* Control (R-SUBJ-3): ``S`` controls ``O`` when declared, or the direct ratio plus the ratios
  held by organisations ``S`` controls exceed 1/2 exactly (Fraction of the decimal ratio), or
  ``S`` controls an organisation declared as controller of ``O`` (the chain through a
  declaration). Holdings of an organisation in itself are ignored.
* A measure without ``published_at`` counts as never published (R-LIST-4).
* Reward entries need no record; sanction entries without a record in force reach no one.
* Art. 28, 30: an entry takes effect from its list's ``published_at`` (a list without one
  never does), as from its own ``listed_at``.
* Art. 32 (DESIGN §5): an organisation's act enters its responsible persons' own records, and
  so withholds their rewards, only when it is on a JOINT_SANCTION list; a SERIOUS list's
  measures reach the roles they name, but withhold nothing by themselves.
* Art. 24, 29 and R-INFO-2: whether a measure applies does not depend on who asks; the caller's
  role decides only which records it may *see* (``visible``): ``admin`` and the subject all,
  ``authority`` and ``investigator`` PUBLIC and SHARED, ``public`` PUBLIC. The registry's
  ``catalogue`` items carry the ``disclosure``.
* R-PROP-1, Art. 27, 28: an entry rests on a record of the subject it lists, and an entry on a
  SERIOUS list on a serious record; ``refused_entries`` names the entries that break this
  (the service refuses them at ingest).
* Mutual recognition of lists (R-LIST-6) and objections are not modelled (an objection leaves
  the record in force).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any, Literal

__all__ = [
    "ROLE_DISCLOSURES",
    "GeneratedRow",
    "ReferenceDecision",
    "Registry",
    "RestrictionKey",
    "RewardKey",
    "add_years",
    "generated_list",
    "refused_entries",
    "screen",
    "visible",
]

Registry = Mapping[str, Sequence[Mapping[str, Any]]]
#: (measure, entry, record, role, via); via is the organisation, None for SELF.
RestrictionKey = tuple[str, str, str, str, str | None]
#: (measure, entry)
RewardKey = tuple[str, str]
#: (subject, measure, entry, record, role, via) for sanction lists,
#: (subject, measure, entry) for JOINT_REWARD.
GeneratedRow = tuple[str | None, ...]
Decision = Literal["restricted", "allowed", "rewarded"]

SANCTION_LIST_TYPES = frozenset({"JOINT_SANCTION", "SERIOUS"})
ART_32_LIST_TYPES = frozenset({"JOINT_SANCTION"})
#: R-INFO-2: the catalogue disclosures each role may see (the subject sees all its own).
ROLE_DISCLOSURES: Mapping[str, frozenset[str]] = {
    "admin": frozenset({"PUBLIC", "SHARED", "RESTRICTED"}),
    "subject": frozenset({"PUBLIC", "SHARED", "RESTRICTED"}),
    "authority": frozenset({"PUBLIC", "SHARED"}),
    "investigator": frozenset({"PUBLIC", "SHARED"}),
    "public": frozenset({"PUBLIC"}),
}
RESPONSIBLE_ROLES = ("LEGAL_REPRESENTATIVE", "PRINCIPAL", "ACTUAL_CONTROLLER")
HALF = Fraction(1, 2)


@dataclass(frozen=True)
class ReferenceDecision:
    """The reference screening answer for one subject, matter and date (R-OUT-2)."""

    subject: str
    decision: Decision
    restrictions: frozenset[RestrictionKey] = field(default_factory=frozenset)
    rewards: frozenset[RewardKey] = field(default_factory=frozenset)
    withheld_rewards: frozenset[RewardKey] = field(default_factory=frozenset)


# --- dates ---------------------------------------------------------------------------------


def _day(value: object) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value)
    raise TypeError(f"not a date: {value!r}")


def _required_day(value: object) -> date:
    day = _day(value)
    if day is None:
        raise ValueError("missing date")
    return day


def add_years(day: date, years: int) -> date:
    """Same day ``years`` later on the calendar; 29 February falls back to 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def _gone_by(value: object, d: date) -> bool:
    """A workflow date (revoked_on, repaired_on, removed_on) takes effect on that day."""
    when = _day(value)
    return when is not None and when <= d


# --- the registry, indexed -------------------------------------------------------------------


@dataclass(frozen=True)
class _Link:
    holder: str
    org: str
    valid_from: date
    valid_to: date | None

    def at(self, t: date) -> bool:
        return self.valid_from <= t and (self.valid_to is None or t < self.valid_to)

    def overlaps(self, start: date, end: date) -> bool:
        # R-PROP-2: the role was held at some time during the act [start, end].
        return self.valid_from <= end and (self.valid_to is None or self.valid_to > start)


@dataclass(frozen=True)
class _Share:
    link: _Link
    ratio: Fraction


class _Index:
    """The registry keyed for look-ups; control relations cached by date."""

    def __init__(self, registry: Registry) -> None:
        def items(kind: str) -> Sequence[Mapping[str, Any]]:
            return registry.get(kind, ())

        self.parent: dict[str, str | None] = {d["code"]: d.get("parent") for d in items("domains")}
        self.matter_domain: dict[str, str | None] = {
            m["code"]: m.get("domain") for m in items("matters")
        }
        self.records: dict[str, Mapping[str, Any]] = {r["id"]: r for r in items("records")}
        self.lists: dict[str, Mapping[str, Any]] = {x["id"]: x for x in items("lists")}
        self.recognitions: Sequence[Mapping[str, Any]] = items("recognitions")
        self.entries: list[Mapping[str, Any]] = list(items("entries"))
        self.measures: list[Mapping[str, Any]] = list(items("measures"))
        self.roles: dict[str, list[tuple[str, _Link]]] = defaultdict(list)  # org -> roles
        self.declared: list[_Link] = []
        for r in items("roles"):
            link = _Link(r["holder"], r["org"], _required_day(r["valid_from"]), _day(r["valid_to"]))
            self.roles[r["org"]].append((r["role"], link))
            if r["role"] == "ACTUAL_CONTROLLER":
                self.declared.append(link)
        self.shares: list[_Share] = [
            _Share(
                _Link(x["holder"], x["org"], _required_day(x["valid_from"]), _day(x["valid_to"])),
                Fraction(str(x["ratio"])),
            )
            for x in items("holdings")
            if x["holder"] != x["org"]  # treasury shares do not count
        ]
        self._control_cache: dict[date, dict[str, set[str]]] = {}

    # -- R-PROP-4: linked matters -----------------------------------------------------------

    def _lineage(self, code: str | None) -> list[str]:
        chain: list[str] = []
        while code is not None and code not in chain:
            chain.append(code)
            code = self.parent.get(code)
        return chain

    def linked(self, matter: str, record_domain: str | None) -> bool:
        """Same domain, or one is an ancestor of the other by SUBDOMAIN_OF."""
        matter_domain = self.matter_domain.get(matter)
        if matter_domain is None or record_domain is None:
            return False
        return record_domain in self._lineage(matter_domain) or matter_domain in self._lineage(
            record_domain
        )

    # -- R-SUBJ-3: control chain ------------------------------------------------------------

    def control(self, t: date) -> dict[str, set[str]]:
        """``subject -> organisations it controls`` at ``t``, each subject closed on its own."""
        cached = self._control_cache.get(t)
        if cached is not None:
            return cached
        direct: dict[str, dict[str, Fraction]] = defaultdict(lambda: defaultdict(Fraction))
        for s in self.shares:
            if s.link.at(t):
                direct[s.link.holder][s.link.org] += s.ratio
        declared: dict[str, set[str]] = defaultdict(set)
        for d in self.declared:
            if d.at(t) and d.holder != d.org:
                declared[d.holder].add(d.org)
        subjects = set(direct) | set(declared)
        orgs = {o for held in direct.values() for o in held} | {
            o for held in declared.values() for o in held
        }
        relation: dict[str, set[str]] = {}
        for subject in subjects:
            mine: set[str] = set()
            grew = True
            while grew:
                grew = False
                for org in orgs - mine - {subject}:
                    total = direct[subject].get(org, Fraction(0)) + sum(
                        (direct[x].get(org, Fraction(0)) for x in mine if x != org), Fraction(0)
                    )
                    if (
                        org in declared[subject]
                        or any(org in declared[x] for x in mine)
                        or total > HALF
                    ):
                        mine.add(org)
                        grew = True
            relation[subject] = mine
        self._control_cache[t] = relation
        return relation

    def ultimate_controllers(self, org: str, t: date) -> set[str]:
        """Subjects that control ``org`` and that nobody controls (R-SUBJ-3, R-PROP-3)."""
        relation = self.control(t)
        controlled = {o for orgs in relation.values() for o in orgs}
        return {s for s, orgs in relation.items() if org in orgs and s not in controlled}

    def ultimate_controllers_during(self, org: str, start: date, end: date) -> set[str]:
        """Union over ``[start, end]``: at ``start`` and at every validity bound inside."""
        times = {start}
        for link in [s.link for s in self.shares] + self.declared:
            for bound in (link.valid_from, link.valid_to):
                if bound is not None and start < bound <= end:
                    times.add(bound)
        found: set[str] = set()
        for t in times:
            found |= self.ultimate_controllers(org, t)
        return found

    # -- DESIGN §5 rule 1 -------------------------------------------------------------------

    def record_in_force(self, record_id: str | None, d: date) -> Mapping[str, Any] | None:
        record = self.records.get(record_id) if record_id is not None else None
        if record is None or record.get("type") != "DISHONESTY":
            return None
        if _required_day(record["act_start"]) > d:
            return None
        if _gone_by(record.get("revoked_on"), d) or _gone_by(record.get("repaired_on"), d):
            return None
        act_end = _day(record.get("act_end"))
        if act_end is not None and d >= add_years(act_end, 5):  # R-TIME-1
            return None
        return record

    def entry_in_force(self, entry: Mapping[str, Any], d: date) -> bool:
        """Listed by ``d``, not removed, on a list published by ``d`` (Art. 28, 30) that takes
        effect here at ``d``."""
        listed = _required_day(entry["listed_at"]) <= d and not _gone_by(entry.get("removed_on"), d)
        published = _day(self.lists.get(entry["list"], {}).get("published_at"))
        return (
            listed
            and published is not None
            and published <= d
            and self.list_effective(entry["list"], d)
        )

    def list_effective(self, list_id: str, d: date) -> bool:
        """R-LIST-6: a Beijing or Hebei list only while an agreement for its type is in force."""
        lst = self.lists.get(list_id, {})
        if str(lst.get("region", "TJ")).startswith("TJ"):
            return True
        return any(
            g["region"] == lst.get("region")
            and g["list_type"] == lst.get("type")
            and _required_day(g["valid_from"]) <= d
            and not _gone_by(g.get("valid_to"), d)
            for g in self.recognitions
        )

    # -- DESIGN §5 rule 3 -------------------------------------------------------------------

    def responsible(
        self, org: str, record: Mapping[str, Any], d: date
    ) -> set[tuple[str, str, str | None]]:
        """``(subject, role, via)`` reached through ``org`` for the act of ``record``."""
        start = _required_day(record["act_start"])
        end = _day(record.get("act_end")) or d
        reached: set[tuple[str, str, str | None]] = set()
        for role, link in self.roles.get(org, ()):
            if role in RESPONSIBLE_ROLES and link.overlaps(start, end):  # R-PROP-1/2
                reached.add((link.holder, role, org))
        for subject in self.ultimate_controllers_during(org, start, end):  # R-PROP-3
            reached.add((subject, "ACTUAL_CONTROLLER", org))
        return reached

    @staticmethod
    def published(measure: Mapping[str, Any], d: date) -> bool:
        published_at = _day(measure.get("published_at"))
        return published_at is not None and published_at <= d  # R-LIST-4

    # -- the facts --------------------------------------------------------------------------

    def restrictions(
        self, d: date, matter: str | None, list_types: Iterable[str] | None = None
    ) -> set[tuple[str, str, str, str, str, str | None]]:
        """Every ``(subject, measure, entry, record, role, via)`` at ``d``.

        ``matter`` None asks for every matter: a measure counts when some matter it concerns
        is linked to the record's domain (or it covers all matters).
        """
        types = None if list_types is None else set(list_types)
        rows: set[tuple[str, str, str, str, str, str | None]] = set()
        for entry in self.entries:
            lst = self.lists.get(entry["list"])
            if lst is None or (types is not None and lst.get("type") not in types):
                continue
            if not self.entry_in_force(entry, d):
                continue
            record = self.record_in_force(entry.get("record"), d)
            if record is None:
                continue
            reached: set[tuple[str, str, str | None]] | None = None
            for measure in self.measures:
                if measure.get("kind") != "SANCTION" or entry["list"] not in measure["lists"]:
                    continue
                if not self.published(measure, d):
                    continue
                if not measure.get("all_matters"):  # R-PROP-4: some linked matter
                    concerned = list(measure.get("matters", ()))
                    asked = concerned if matter is None else [matter]
                    if not any(
                        m in concerned and self.linked(m, record.get("domain")) for m in asked
                    ):
                        continue
                roles = set(measure.get("roles", ()))
                if "SELF" in roles:
                    rows.add(
                        (entry["subject"], measure["code"], entry["id"], record["id"], "SELF", None)
                    )
                if reached is None:
                    reached = self.responsible(entry["subject"], record, d)
                for subject, role, via in reached:
                    if role in roles:
                        rows.add((subject, measure["code"], entry["id"], record["id"], role, via))
        return rows

    def rewards(
        self, d: date, matter: str | None, list_types: Iterable[str] | None = None
    ) -> set[tuple[str, str, str]]:
        """Every applicable reward ``(subject, measure, entry)`` at ``d``, withheld or not."""
        types = None if list_types is None else set(list_types)
        rows: set[tuple[str, str, str]] = set()
        for measure in self.measures:
            if measure.get("kind") != "REWARD" or not self.published(measure, d):
                continue
            if (
                matter is not None
                and not measure.get("all_matters")
                and matter not in measure.get("matters", ())
            ):
                continue
            for entry in self.entries:
                lst = self.lists.get(entry["list"])
                if lst is None or (types is not None and lst.get("type") not in types):
                    continue
                if entry["list"] in measure["lists"] and self.entry_in_force(entry, d):
                    rows.add((entry["subject"], measure["code"], entry["id"]))
        return rows

    def withheld(self, d: date) -> set[str]:
        """Subjects whose rewards are withheld at ``d`` (R-PROP-7)."""
        out: set[str] = set()
        for record_id, item in self.records.items():
            if self.record_in_force(record_id, d) is not None:
                out.add(item["subject"])
        for entry in self.entries:
            lst = self.lists.get(entry["list"])
            if lst is None or lst.get("type") not in ART_32_LIST_TYPES:
                continue
            if not self.entry_in_force(entry, d):
                continue
            record = self.record_in_force(entry.get("record"), d)
            if record is None:
                continue
            # Art. 32: the organisation's act on a joint sanction list is in its responsible
            # persons' own record.
            out |= {subject for subject, _, _ in self.responsible(entry["subject"], record, d)}
        return out


# --- public API ------------------------------------------------------------------------------


def screen(registry: Registry, subject_id: str, matter_code: str, as_of: date) -> ReferenceDecision:
    """Decide ``restricted`` / ``rewarded`` / ``allowed`` for one subject (DESIGN §5).

    Examples
    --------
    >>> reg = {"records": [], "entries": [], "measures": []}
    >>> screen(reg, "P1", "BID", date(2024, 1, 1)).decision
    'allowed'
    """
    index = _Index(registry)
    restrictions = frozenset(
        (measure, entry, record, role, via)
        for subject, measure, entry, record, role, via in index.restrictions(as_of, matter_code)
        if subject == subject_id
    )
    applicable = {
        (measure, entry)
        for subject, measure, entry in index.rewards(as_of, matter_code)
        if subject == subject_id
    }
    withheld = subject_id in index.withheld(as_of)
    rewards = frozenset() if withheld else frozenset(applicable)
    withheld_rewards = frozenset(applicable) if withheld else frozenset()
    decision: Decision
    if restrictions:
        decision = "restricted"
    elif rewards:
        decision = "rewarded"
    else:
        decision = "allowed"
    return ReferenceDecision(subject_id, decision, restrictions, rewards, withheld_rewards)


def generated_list(
    registry: Registry, list_type: str, as_of: date, matter: str | None = None
) -> set[GeneratedRow]:
    """The generated list of ``list_type`` at ``as_of`` (R-OUT-1), propagated persons included.

    For ``SERIOUS`` / ``JOINT_SANCTION``: ``(subject, measure, entry, record, role, via)`` for
    every sanction measure reaching a subject through an entry on a list of that type. For
    ``JOINT_REWARD``: ``(subject, measure, entry)`` for rewards not withheld. ``matter`` None
    asks for every matter (a sanction measure counts when a matter it concerns is linked).
    """
    index = _Index(registry)
    if list_type == "JOINT_REWARD":
        withheld = index.withheld(as_of)
        rewarded = (r for r in index.rewards(as_of, matter, {list_type}) if r[0] not in withheld)
        return set[GeneratedRow](rewarded)
    return set[GeneratedRow](index.restrictions(as_of, matter, {list_type}))


def visible(registry: Registry, record_id: str, role: str) -> bool:
    """R-INFO-2: may a caller of ``role`` see the record's content (its catalogue item's
    disclosure)? The answer changes what is shown, never whether a measure applies."""
    record = next(r for r in registry.get("records", ()) if r["id"] == record_id)
    disclosure = next(
        (
            c.get("disclosure")
            for c in registry.get("catalogue", ())
            if c["code"] == record.get("catalogue_item")
        ),
        "PUBLIC",
    )
    return disclosure in ROLE_DISCLOSURES[role]


def refused_entries(registry: Registry) -> set[int]:
    """Indexes of the ``entries`` an ingest must refuse (R-PROP-1, Art. 27, 28): resting on a
    record of another subject, or on a SERIOUS list resting on a record that is not serious."""
    records = {r["id"]: r for r in registry.get("records", ())}
    lists = {x["id"]: x for x in registry.get("lists", ())}
    bad: set[int] = set()
    for i, entry in enumerate(registry.get("entries", ())):
        record = records.get(entry.get("record")) if entry.get("record") is not None else None
        if record is None:
            continue
        other_subject = record["subject"] != entry["subject"]
        serious_list = lists.get(entry["list"], {}).get("type") == "SERIOUS"
        if other_subject or (serious_list and not record.get("serious")):
            bad.add(i)
    return bad


def ultimate_controllers(registry: Registry, org: str, t: date) -> set[str]:
    """The ultimate controllers of ``org`` at ``t`` by the control chain (R-SUBJ-3)."""
    return _Index(registry).ultimate_controllers(org, t)

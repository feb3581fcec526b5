"""The words the rules are written in, once: list types, link types and the roles they carry,
regions, disclosures, who sees a person's name, and the domain tree's depth (issue 16 item 2).

Python imports them from here; Cypher receives them as AMBIENT parameters (`AMBIENT`), which
the store adds to every call of a query whose header declares them, so no caller passes them
and no statement spells them. Only relationship types inside a MATCH pattern stay literal:
Cypher takes no parameter there (docs/DECISIONS.md "Vocabularies and rules in one place";
tests/unit/test_vocabulary_once.py holds the line).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from typing import Any, Final

from graph_service.domain.enums import Disclosure, ListType, MeasureRole

# ------------------------------------------------------------------------------ list types

#: R-LIST-1, R-LIST-2 (Art. 28, 30): every kind of list, in the order answers list them.
ALL_LIST_TYPES: Final = tuple(t.value for t in ListType)
#: Art. 46: the lists whose entries sanction (and notify the subject, Art. 28 para 3).
SANCTION_LIST_TYPES: Final = (ListType.SERIOUS.value, ListType.JOINT_SANCTION.value)
#: Art. 32 names the joint sanction list only: role holders answer for that list.
ART_32_LIST_TYPES: Final = (ListType.JOINT_SANCTION.value,)
#: The joint reward list (Art. 30): its entries need no dishonesty record.
REWARD_LIST_TYPE: Final = ListType.JOINT_REWARD.value


# ------------------------------------------------------------------------------ link types


class LinkType(StrEnum):
    """The subject-to-subject links of DESIGN §4 the explorer follows."""

    LEGAL_REPRESENTATIVE_OF = "LEGAL_REPRESENTATIVE_OF"
    PRINCIPAL_OF = "PRINCIPAL_OF"
    ACTUAL_CONTROLLER_OF = "ACTUAL_CONTROLLER_OF"
    HOLDS_SHARES_IN = "HOLDS_SHARES_IN"
    BRANCH_OF = "BRANCH_OF"


#: The subject-to-subject links of DESIGN §4.
ALL_LINK_TYPES: Final = tuple(t.value for t in LinkType)
#: R-SUBJ-2 (Art. 32): the links that carry a role, and the role each carries (the link's
#: name without `_OF`); ingest maps a role row to its link with `LINK_OF_ROLE`.
ROLE_OF_LINK: Final[Mapping[str, str]] = {
    LinkType.LEGAL_REPRESENTATIVE_OF.value: MeasureRole.LEGAL_REPRESENTATIVE.value,
    LinkType.PRINCIPAL_OF.value: MeasureRole.PRINCIPAL.value,
    LinkType.ACTUAL_CONTROLLER_OF.value: MeasureRole.ACTUAL_CONTROLLER.value,
}
LINK_OF_ROLE: Final[Mapping[str, str]] = {role: link for link, role in ROLE_OF_LINK.items()}
ROLE_LINK_TYPES: Final = tuple(ROLE_OF_LINK)
#: R-SUBJ-3: the links a control chain climbs (holdings, declared control).
CONTROL_LINK_TYPES: Final = (LinkType.HOLDS_SHARES_IN.value, LinkType.ACTUAL_CONTROLLER_OF.value)
#: The link that declares control (R-SUBJ-3), and the role a chain's top holds (R-PROP-3).
DECLARED_CONTROL_LINK: Final = LinkType.ACTUAL_CONTROLLER_OF.value
CONTROLLER_ROLE: Final = MeasureRole.ACTUAL_CONTROLLER.value
#: A measure reaching the listed subject itself (R-LIST-3).
SELF_ROLE: Final = MeasureRole.SELF.value
#: Links that tie organisations into an affiliated group: shared legal representatives,
#: controllers or holdings (issue 8). PRINCIPAL_OF and BRANCH_OF may be asked for.
GROUP_LINK_TYPES: Final = (
    LinkType.LEGAL_REPRESENTATIVE_OF.value,
    LinkType.ACTUAL_CONTROLLER_OF.value,
    LinkType.HOLDS_SHARES_IN.value,
)
#: Links by which a person represents an organisation (key persons, Art. 32).
REPRESENTATION_LINK_TYPES: Final = frozenset(
    {LinkType.LEGAL_REPRESENTATIVE_OF.value, LinkType.PRINCIPAL_OF.value}
)

# --------------------------------------------------------------------------------- regions

#: The region whose lists apply without a recognition agreement (R-LIST-6, Art. 8): Tianjin;
#: its districts are `TJ-<code>`, so a region is home when it starts with this code.
HOME_REGION: Final = "TJ"
#: Every region a subject or list may name: home (and its districts), Beijing, Hebei.
REGIONS: Final = (HOME_REGION, "BJ", "HE")
#: A valid region code: a home district `TJ-XX`, or one of REGIONS.
REGION_PATTERN: Final = re.compile(rf"{HOME_REGION}(-[A-Z]{{2,4}})?|BJ|HE")


def is_home_region(region: str) -> bool:
    """R-LIST-6: whether a list of this region applies without recognition (Cypher:
    `region STARTS WITH $home_region`).

    >>> is_home_region("TJ-HP"), is_home_region("BJ")
    (True, False)
    """
    return region.startswith(HOME_REGION)


def within_region(value: str | None, region: str) -> bool:
    """Whether a subject's region lies within `region`: the region itself or one of its
    districts (`TJ-HP` within `TJ`); Cypher: `o.region = $region OR o.region STARTS WITH
    $region + '-'` (analytics/region_organisations.cypher).

    >>> within_region("TJ-HP", "TJ"), within_region("TJX", "TJ"), within_region(None, "TJ")
    (True, False, False)
    """
    return value is not None and (value == region or value.startswith(region + "-"))


# ------------------------------------------------------------------------------ disclosures

#: R-INFO-2 (Art. 10): a catalogue item's disclosure attributes, widest audience first.
ALL_DISCLOSURES: Final = tuple(d.value for d in Disclosure)
#: What the public sees, and what authorities share among themselves (Art. 10).
PUBLIC_DISCLOSURES: Final = (Disclosure.PUBLIC.value,)
SHARED_DISCLOSURES: Final = (Disclosure.PUBLIC.value, Disclosure.SHARED.value)
#: Interviews (Art. 44) are shown to whoever sees shared information.
INTERVIEW_DISCLOSURE: Final = Disclosure.SHARED.value

# ---------------------------------------------------------------------------------- masking

#: R-SEC-2: the roles (graph_service.auth.Role values) that see a natural person's name in
#: clear; every other role sees its first character and `*`.
CLEAR_NAME_ROLES: Final = frozenset({"admin", "investigator"})
#: R-INFO-2 (Art. 13-14): the roles that may read a natural person's information at all (a
#: wider set: an authority reads a person's report, but the explorer masks the name for it).
PERSON_INFORMATION_ROLES: Final = frozenset({"admin", "authority", "investigator", "subject"})


def mask_name(name: str | None, kind: str | None, role: str) -> str | None:
    """The one place a name is masked: a natural person's name shows only its first character
    unless the role may see it (R-SEC-2); organisations' names are public registry data.

    >>> mask_name("王建国", "NATURAL_PERSON", "authority")
    '王*'
    >>> mask_name("王建国", "NATURAL_PERSON", "investigator")
    '王建国'
    """
    if not name or kind != "NATURAL_PERSON" or role in CLEAR_NAME_ROLES:
        return name
    return name[0] + "*"


# ------------------------------------------------------------------------------ depth bounds

#: The deepest domain hierarchy a matter link follows (R-PROP-4): a subdomain at most this
#: many SUBDOMAIN_OF links below its ancestor counts as within it.
SUBDOMAIN_DEPTH: Final = 10

# ----------------------------------------------------------------------- Cypher's parameters

#: The ambient parameters: every query whose header declares one of these names receives
#: its value from the store (store/runner.py); the generated typed methods do not take them.
#: `control_max_depth` joins them from the settings (GRAPH_SERVICE_CONTROL_MAX_DEPTH).
AMBIENT: Final[Mapping[str, Any]] = {
    "home_region": HOME_REGION,
    "sanction_list_types": list(SANCTION_LIST_TYPES),
    "reward_list_type": REWARD_LIST_TYPE,
    "role_of_link": dict(ROLE_OF_LINK),
    "self_role": SELF_ROLE,
    "controller_role": CONTROLLER_ROLE,
    "declared_control_link": DECLARED_CONTROL_LINK,
    "interview_disclosure": INTERVIEW_DISCLOSURE,
    "subdomain_depth": SUBDOMAIN_DEPTH,
}
#: Ambient parameters whose value the settings give, not this module.
SETTINGS_AMBIENT: Final = frozenset({"control_max_depth"})
AMBIENT_NAMES: Final = frozenset(AMBIENT) | SETTINGS_AMBIENT

"""The closed vocabularies of REQUIREMENTS.md and DESIGN §4/§6, as string enums.

Values equal the words of the public ingestion contract, so a member compares equal to the
JSON string it came from.
"""

from enum import StrEnum
from typing import Final


class SubjectKind(StrEnum):
    """R-SUBJ-1 (Art. 2): the three kinds of credit subject."""

    LEGAL_PERSON = "LEGAL_PERSON"
    UNINCORPORATED_ORG = "UNINCORPORATED_ORG"
    NATURAL_PERSON = "NATURAL_PERSON"


class Role(StrEnum):
    """R-SUBJ-2 (Art. 32): the roles a subject holds in an organisation."""

    LEGAL_REPRESENTATIVE = "LEGAL_REPRESENTATIVE"
    PRINCIPAL = "PRINCIPAL"
    ACTUAL_CONTROLLER = "ACTUAL_CONTROLLER"


class MeasureRole(StrEnum):
    """R-LIST-3, R-PROP-1: whom a measure reaches, the listed subject itself or a role holder."""

    SELF = "SELF"
    LEGAL_REPRESENTATIVE = "LEGAL_REPRESENTATIVE"
    PRINCIPAL = "PRINCIPAL"
    ACTUAL_CONTROLLER = "ACTUAL_CONTROLLER"


class RecordType(StrEnum):
    """R-INFO-3, R-INFO-7: dishonesty (Art. 12) or positive (Art. 15, 33) information."""

    DISHONESTY = "DISHONESTY"
    POSITIVE = "POSITIVE"


class PositiveKind(StrEnum):
    """R-INFO-7 (Art. 15, 33): the categories of positive information."""

    COMMENDATION = "COMMENDATION"
    VOLUNTEER = "VOLUNTEER"
    DONATION = "DONATION"
    COMMITMENT = "COMMITMENT"


class ListType(StrEnum):
    """R-LIST-1, R-LIST-2 (Art. 28, 30): the three kinds of list."""

    SERIOUS = "SERIOUS"
    JOINT_SANCTION = "JOINT_SANCTION"
    JOINT_REWARD = "JOINT_REWARD"


class EntryState(StrEnum):
    """How an entry arrives (Art. 28 para. 3): `proposed` awaits the subject's statement and
    the credit office's confirmation; `confirmed` (the default) takes effect at once."""

    PROPOSED = "proposed"
    CONFIRMED = "confirmed"


class MeasureKind(StrEnum):
    """R-LIST-3 (Art. 31): a catalogued measure sanctions or rewards."""

    SANCTION = "SANCTION"
    REWARD = "REWARD"


class Disclosure(StrEnum):
    """R-INFO-2 (Art. 10): a catalogue item's disclosure attribute."""

    PUBLIC = "PUBLIC"
    SHARED = "SHARED"
    RESTRICTED = "RESTRICTED"


class CommitmentKind(StrEnum):
    """Art. 33: a written commitment made to obtain a permit under the commitment system
    (告知承诺), or a voluntary public commitment (公开信用承诺)."""

    PERMIT = "PERMIT"
    PUBLIC = "PUBLIC"


class IngestKind(StrEnum):
    """The `{kind}` of `POST /v1/ingest/{kind}` (DESIGN §6)."""

    DOMAINS = "domains"
    MATTERS = "matters"
    AUTHORITIES = "authorities"
    CATALOGUE = "catalogue"
    SUBJECTS = "subjects"
    ROLES = "roles"
    HOLDINGS = "holdings"
    BRANCHES = "branches"
    RECORDS = "records"
    LISTS = "lists"
    RECOGNITIONS = "recognitions"
    ENTRIES = "entries"
    MEASURES = "measures"
    COMMITMENTS = "commitments"


# Every kind after the kinds its items refer to, so a full load in this order never meets a
# dangling reference: matters -> domains; roles, holdings, branches -> subjects; records ->
# subjects, authorities, domains, catalogue; lists -> authorities; entries -> lists, subjects,
# records; measures -> authorities, lists, matters; commitments -> subjects, matters, authorities.
LOAD_ORDER: Final[tuple[IngestKind, ...]] = (
    IngestKind.DOMAINS,
    IngestKind.MATTERS,
    IngestKind.AUTHORITIES,
    IngestKind.CATALOGUE,
    IngestKind.SUBJECTS,
    IngestKind.ROLES,
    IngestKind.HOLDINGS,
    IngestKind.BRANCHES,
    IngestKind.RECORDS,
    IngestKind.LISTS,
    IngestKind.RECOGNITIONS,
    IngestKind.ENTRIES,
    IngestKind.MEASURES,
    IngestKind.COMMITMENTS,
)

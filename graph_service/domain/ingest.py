"""Ingestion items: what `POST /v1/ingest/{kind}` accepts, checked before anything is written.

One pydantic model per kind, with the field names of DESIGN §6 (a public contract). Every rule
that a row can be judged by on its own is enforced here; rules that need the graph (does the
list exist, is the subject a person when it is given by id only) are the store's.
`validate_items` turns a batch into models and per-row errors, so a batch is refused whole
(DESIGN §6: all-or-nothing, every bad row listed).
"""

import re
from collections.abc import Mapping
from datetime import date, datetime
from functools import lru_cache
from typing import Annotated, Any, Final, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Strict,
    StringConstraints,
    Tag,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from graph_service.domain.enums import (
    CommitmentKind,
    Disclosure,
    EntryState,
    IngestKind,
    ListType,
    MeasureKind,
    MeasureRole,
    PositiveKind,
    RecordType,
    Role,
    SubjectKind,
)
from graph_service.domain.identity import (
    is_pseudonym,
    pseudonymise,
    validate_resident_id,
    validate_uscc,
)
from graph_service.domain.vocabulary import REGION_PATTERN
from graph_service.rules.credit_time import EARLIEST_DATE, LATEST_DATE, within_ingest_range


def _rule(rule: str, message: str) -> PydanticCustomError:
    """An error whose message starts with the requirement it enforces, `rule` being an id and
    maybe its articles (`R-INFO-3 (Art. 12): ...`); the error type is the id (`r_info_3`)."""
    error_type = rule.split()[0].lower().replace("-", "_")
    return PydanticCustomError(error_type, f"{rule}: {message}")


# --- field types -------------------------------------------------------------------------

Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]

_ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: object) -> object:
    """Only `YYYY-MM-DD` (or a `date`): pydantic alone would also take timestamps."""
    day: date | None = None
    if isinstance(value, date) and not isinstance(value, datetime):
        day = value
    elif isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            day = None
    if day is None:
        raise PydanticCustomError("date_format", "must be a calendar date written YYYY-MM-DD")
    if not within_ingest_range(day):
        # R-TIME-1: one implausible date (say act_end 9999-12-31) must not reach the rules.
        raise PydanticCustomError(
            "date_range",
            f"R-TIME-1: must lie between {EARLIEST_DATE.isoformat()} and {LATEST_DATE.isoformat()}",
        )
    return day


IsoDate = Annotated[date, BeforeValidator(_iso_date)]

_REGION: Final = REGION_PATTERN


def _region(value: str) -> str:
    # R-LIST-6 (Art. 8): Tianjin (optionally a district) and its partners Beijing and Hebei.
    if not _REGION.fullmatch(value):
        raise _rule("R-LIST-6 (Art. 8)", "region is TJ or TJ-<district code>, BJ or HE")
    return value


Region = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_region)]


def _uscc(value: str) -> str:
    try:
        return validate_uscc(value)
    except ValueError as exc:
        raise PydanticCustomError("r_subj_1", str(exc)) from None


def _resident_id(value: str) -> str:
    try:
        return validate_resident_id(value)
    except ValueError as exc:
        raise PydanticCustomError("r_subj_1", str(exc)) from None


Uscc = Annotated[Code, AfterValidator(_uscc)]
ResidentId = Annotated[Code, AfterValidator(_resident_id)]


class ResidentIdRef(BaseModel):
    """A natural person named by resident ID number; the store turns it into the pseudonym."""

    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)

    # R-SUBJ-1: kept out of repr so that a logged model never shows the number.
    resident_id: ResidentId = Field(repr=False)


def _subject_id(value: str) -> str:
    # R-SUBJ-1: subject ids are USCCs or pseudonyms, so a clear resident ID cannot pass as one
    # (and the message does not repeat the value, which may be one).
    if is_pseudonym(value):
        return value
    try:
        return validate_uscc(value)
    except ValueError:
        raise _rule(
            "R-SUBJ-1",
            "a subject ref is an organisation's USCC, a person's id (P + 32 hex digits) "
            'as returned by the service, or {"resident_id": "..."}',
        ) from None


def _ref_tag(value: Any) -> str | None:
    if isinstance(value, str):
        return "subject-id"
    if isinstance(value, dict | ResidentIdRef):
        return "resident-id-ref"
    return None


SubjectRef = Annotated[
    Annotated[Code, AfterValidator(_subject_id), Tag("subject-id")]
    | Annotated[ResidentIdRef, Tag("resident-id-ref")],
    Discriminator(
        _ref_tag,
        custom_error_type="subject_ref",
        custom_error_message='a subject ref is a subject id string or {"resident_id": "..."}',
    ),
]


def ref_is_person(ref: str | ResidentIdRef) -> bool:
    """A ref names a natural person when it is a resident ID or a pseudonym (never a USCC)."""
    return isinstance(ref, ResidentIdRef) or is_pseudonym(ref)


def resolve_ref(ref: str | ResidentIdRef, secret: str) -> str:
    """The subject id a ref stands for (R-SUBJ-1: persons by their keyed pseudonym)."""
    return ref if isinstance(ref, str) else pseudonymise(ref.resident_id, secret)


def _scalar(value: object) -> object:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise PydanticCustomError(
        "extra_value", "an extra attribute is a string, number, boolean or null"
    )


# --- R-INFO-4: attributes that Art. 16 keeps out -------------------------------------------
#
# Terms are matched against attribute names. A Chinese term matches anywhere in the name. An
# English term matches from the start of a word of the name, which is split at case changes,
# underscores, spaces and other punctuation and compared in lower case, words run together
# ("bloodType", "blood_type" and "BLOODTYPE" all give "bloodtype"); a term of four letters or
# fewer must also end at a word end, so "gene" refuses "gene_test" but not "general".

# Art. 16 para. 2: religious belief, blood type, disease and medical history, biometric data
# are never collected.
NEVER_COLLECTED_ATTRIBUTES: Final[tuple[str, ...]] = (
    "religio", "faith", "belief",
    "bloodtype", "bloodgroup",
    "disease", "illness", "sickness", "medical", "diagnos", "patholog",
    "healthcondition", "healthstatus", "healthrecord",
    "biometric", "fingerprint", "face", "facial", "faceprint", "facerecogn", "iris", "retina",
    "dna", "gene", "genetic", "genom", "genotyp", "voiceprint", "palmprint", "gait",
    "宗教", "信仰", "血型", "疾病", "病史", "病历", "病歷", "病情", "医疗", "醫療", "诊断",
    "健康状况", "生物识别", "生物特征", "指纹", "指紋", "人脸", "人臉", "面部", "脸部", "面容",
    "虹膜", "视网膜", "基因", "遗传", "声纹", "聲紋", "掌纹", "步态",
)  # fmt: skip

# Art. 16 para. 3: income, deposits, securities, commercial insurance, real estate and tax
# amounts only with the subject's written consent after being told the possible consequences.
CONSENT_ONLY_ATTRIBUTES: Final[tuple[str, ...]] = (
    "income", "salary", "salaries", "wage", "wages", "deposit", "savings", "bankbalance",
    "securities", "stockholding", "commercialinsurance", "lifeinsurance", "insurancepolic",
    "realestate", "realproperty", "houseproperty",
    "taxamount", "taxpaid", "taxespaid", "taxpayment", "amountoftax",
    "收入", "工资", "薪资", "薪酬", "薪金", "存款", "储蓄", "证券", "股票", "债券",
    "商业保险", "保单", "不动产", "房产", "纳税额", "纳税数额", "纳税金额", "税额",
)  # fmt: skip

_WORD: Final = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
_WHOLE_WORD_MAX: Final = 4


def _mentioned(name: str, terms: tuple[str, ...]) -> str | None:
    """The first of `terms` that the attribute name mentions, by the rule above."""
    words = [word.lower() for word in _WORD.findall(name)]
    joined = "".join(words)
    starts: set[int] = set()
    ends: set[int] = set()
    position = 0
    for word in words:
        starts.add(position)
        position += len(word)
        ends.add(position)
    for term in terms:
        if not term.isascii():
            if term in name:
                return term
        elif any(
            joined.startswith(term, start)
            and (len(term) > _WHOLE_WORD_MAX or start + len(term) in ends)
            for start in starts
        ):
            return term
    return None


@lru_cache(maxsize=4096)  # attribute names repeat row after row in a large batch
def refused_attribute_reason(name: str, *, consent: bool) -> str | None:
    """Why R-INFO-4 (Art. 16) refuses an attribute of this name, or None when it may pass."""
    term = _mentioned(name, NEVER_COLLECTED_ATTRIBUTES)
    if term is not None:
        return (
            f"R-INFO-4 (Art. 16): {name!r} (matches {term!r}) is religion, blood type, disease"
            " or medical history or biometric data, which is never collected"
        )
    term = None if consent else _mentioned(name, CONSENT_ONLY_ATTRIBUTES)
    if term is not None:
        return (
            f"R-INFO-4 (Art. 16): {name!r} (matches {term!r}) is income, deposits, securities,"
            " commercial insurance, real estate or tax amount, refused unless the item carries"
            " the subject's written consent in `consent`"
        )
    return None


def _attribute_name(name: str, info: ValidationInfo) -> str:
    # R-INFO-4: checked per key, so every refused key is reported as `extra.<key>`; `consent`
    # is declared before `extra` in the models, so it is in info.data when given and valid.
    reason = refused_attribute_reason(name, consent=info.data.get("consent") is not None)
    if reason is not None:
        raise PydanticCustomError("r_info_4", reason)
    return name


# Further attributes of a subject or record: scalar values, names that Art. 16 allows.
Extra = dict[
    Annotated[Code, AfterValidator(_attribute_name)],
    Annotated[str | int | float | bool | None, BeforeValidator(_scalar)],
]


# --- model-level errors --------------------------------------------------------------------

_Problem = tuple[str, PydanticCustomError, object]  # (field, error, offending input)


def _raise_problems(model: str, problems: list[_Problem]) -> None:
    """Report cross-field rule failures on the field each rule is about, all at once."""
    if problems:
        raise ValidationError.from_exception_data(
            model,
            [
                InitErrorDetails(type=error, loc=(field,), input=value)
                for field, error, value in problems
            ],
        )


def _interval_problem(rule: str, valid_from: date, valid_to: date | None) -> list[_Problem]:
    # DESIGN §4: a link counts when valid_from <= t < valid_to, so valid_to == valid_from is empty.
    if valid_to is not None and valid_to <= valid_from:
        return [("valid_to", _rule(rule, "valid_to must be after valid_from"), valid_to)]
    return []


# --- the items -----------------------------------------------------------------------------


class IngestItem(BaseModel):
    """Base of all items: unknown fields are refused, items are immutable once checked."""

    # hide_input_in_errors: an error's text must not carry a resident ID (R-SUBJ-1).
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)


class DomainItem(IngestItem):
    """A domain of dishonest acts (R-PROP-4); `parent` builds the SUBDOMAIN_OF hierarchy."""

    code: Code
    name: Name
    parent: Code | None = None

    @model_validator(mode="after")
    def _not_own_parent(self) -> Self:
        if self.parent == self.code:
            problem = _rule("R-PROP-4 (Art. 29)", "a domain is not its own parent")
            _raise_problems(type(self).__name__, [("parent", problem, self.parent)])
        return self


class MatterItem(IngestItem):
    """A matter a measure restricts, in a domain (R-PROP-4)."""

    code: Code
    name: Name
    domain: Code


class AuthorityItem(IngestItem):
    """A provider, issuer or implementing authority (R-INFO-1, R-LIST-3)."""

    code: Code
    name: Name
    region: Region


class CatalogueItem(IngestItem):
    """An item of the public credit information catalogue (R-INFO-2, Art. 10)."""

    code: Code
    name: Name
    disclosure: Disclosure


class SubjectItem(IngestItem):
    """A credit subject (R-SUBJ-1): organisations by USCC, natural persons by resident ID."""

    kind: SubjectKind
    name: Name
    uscc: Uscc | None = None
    resident_id: ResidentId | None = Field(default=None, repr=False)
    region: Region
    consent: Text | None = None  # R-INFO-4: written consent that admits financial attributes
    extra: Extra | None = None

    @model_validator(mode="after")
    def _identifier_fits_kind(self) -> Self:
        # R-SUBJ-1: exactly the identifier of the subject's kind. Inputs of resident_id
        # problems are left out so no error object holds the number.
        problems: list[_Problem] = []
        if self.kind is SubjectKind.NATURAL_PERSON:
            if self.resident_id is None:
                message = "a natural person is identified by resident_id"
                problems.append(("resident_id", _rule("R-SUBJ-1", message), None))
            if self.uscc is not None:
                message = "a natural person has no uscc; give resident_id"
                problems.append(("uscc", _rule("R-SUBJ-1", message), self.uscc))
        else:
            if self.uscc is None:
                message = "an organisation is identified by its uscc"
                problems.append(("uscc", _rule("R-SUBJ-1", message), None))
            if self.resident_id is not None:
                message = "an organisation has no resident_id; give uscc"
                problems.append(("resident_id", _rule("R-SUBJ-1", message), None))
        _raise_problems(type(self).__name__, problems)
        return self


class RoleItem(IngestItem):
    """A role held in an organisation over an interval (R-SUBJ-2, Art. 32)."""

    role: Role
    holder: SubjectRef
    org: Uscc
    valid_from: IsoDate
    valid_to: IsoDate | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problems = _interval_problem("R-SUBJ-2", self.valid_from, self.valid_to)
        # DESIGN §4: legal representatives and principals are natural persons.
        if self.role is not Role.ACTUAL_CONTROLLER and not ref_is_person(self.holder):
            message = f"a {self.role} is a natural person: give a person id or resident_id"
            problems.append(("holder", _rule("R-SUBJ-2 (Art. 32)", message), self.holder))
        elif self.holder == self.org:
            message = "an organisation holds no role in itself"
            problems.append(("holder", _rule("R-SUBJ-2 (Art. 32)", message), self.holder))
        _raise_problems(type(self).__name__, problems)
        return self


def _ratio(value: float) -> float:
    # R-SUBJ-3, DESIGN §4: a holding is a share in (0, 1]; NaN fails both comparisons.
    if not 0 < value <= 1:
        raise _rule("R-SUBJ-3", "ratio is a share with 0 < ratio <= 1")
    return value


class HoldingItem(IngestItem):
    """A shareholding over an interval, the input of control and beneficial ownership (R-SUBJ-3)."""

    holder: SubjectRef
    org: Uscc
    # Strict: a JSON number; a bool or a string is a mistake upstream, not a ratio.
    ratio: Annotated[float, Strict(), AfterValidator(_ratio)]
    valid_from: IsoDate
    valid_to: IsoDate | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problems = _interval_problem("R-SUBJ-3", self.valid_from, self.valid_to)
        if self.holder == self.org:
            message = "an organisation's own shares give no control"
            problems.append(("holder", _rule("R-SUBJ-3", message), self.holder))
        _raise_problems(type(self).__name__, problems)
        return self


class BranchItem(IngestItem):
    """A branch linked to its parent organisation (R-SUBJ-4)."""

    branch: Uscc
    parent: Uscc

    @model_validator(mode="after")
    def _distinct(self) -> Self:
        if self.branch == self.parent:
            problem = _rule("R-SUBJ-4", "an organisation is not its own branch")
            _raise_problems(type(self).__name__, [("parent", problem, self.parent)])
        return self


def _dishonesty_category(value: object) -> int:
    # R-INFO-3: Art. 12 items (1) to (5); "3" is taken for 3, as CSV files carry text.
    if isinstance(value, str) and value.strip() in {"1", "2", "3", "4", "5"}:
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
        return value
    raise _rule("R-INFO-3 (Art. 12)", "a dishonesty category is 1 to 5, the items of Art. 12")


def _positive_kind(value: object) -> PositiveKind:
    if isinstance(value, str) and value in set(PositiveKind):
        return PositiveKind(value)
    kinds = ", ".join(PositiveKind)
    raise _rule("R-INFO-7 (Art. 15, 33)", f"a positive category is one of {kinds}")


class RecordItem(IngestItem):
    """A dishonesty (R-INFO-3) or positive (R-INFO-7) credit record about one subject."""

    id: Code
    subject: SubjectRef
    type: RecordType
    category: int | PositiveKind
    serious: bool = False  # R-INFO-6 (Art. 27)
    document: Name | None = None  # R-INFO-3: the legally effective document (文书)
    provider: Code  # R-INFO-1: an authority code
    domain: Code  # R-PROP-4
    catalogue_item: Code  # R-INFO-2
    act_start: IsoDate
    act_end: IsoDate | None = None
    legal_basis: Text | None = None  # R-INFO-5
    consent: Text | None = None  # R-INFO-4, R-INFO-5
    minor: bool = False  # R-INFO-3, Art. 12(2)
    self_corrected: bool = False  # R-INFO-3, Art. 12(2)
    extra: Extra | None = None

    @field_validator("category", mode="before")
    @classmethod
    def _category_of_type(cls, value: object, info: ValidationInfo) -> object:
        # Without a valid type the type's own error is enough.
        record_type = info.data.get("type")
        if record_type is RecordType.DISHONESTY:
            return _dishonesty_category(value)
        if record_type is RecordType.POSITIVE:
            return _positive_kind(value)
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problems: list[_Problem] = []
        if self.type is RecordType.DISHONESTY:
            if self.document is None:
                message = "a dishonesty record cites the legally effective document it rests on"
                problems.append(("document", _rule("R-INFO-3 (Art. 12)", message), None))
            if self.category == 2:
                # Art. 12(2): only general-procedure penalties, not minor or self-corrected acts.
                for flag in ("minor", "self_corrected"):
                    if getattr(self, flag):
                        message = f"a category 2 record (Art. 12(2)) cannot be {flag}"
                        problems.append((flag, _rule("R-INFO-3 (Art. 12)", message), True))
        elif self.serious:
            message = "only a dishonest act can be serious"
            problems.append(("serious", _rule("R-INFO-6 (Art. 27)", message), True))
        if self.act_end is not None and self.act_end < self.act_start:
            message = "act_end must not be before act_start"
            problems.append(("act_end", _rule("R-TIME-1 (Art. 42)", message), self.act_end))
        # R-INFO-5: a person's ref is recognisable from the ref alone; ids of unknown kind
        # are left to the store (record_needs_basis_error).
        basis_error = record_needs_basis_error(self) if ref_is_person(self.subject) else None
        if basis_error is not None:
            problems.append(("legal_basis", PydanticCustomError("r_info_5", basis_error), None))
        _raise_problems(type(self).__name__, problems)
        return self


def record_needs_basis_error(record: RecordItem) -> str | None:
    """R-INFO-5 (Art. 11, 16): the error for a record about a natural person, if it has neither
    `legal_basis` nor `consent`; for the store to call once it knows the subject is a person."""
    if record.legal_basis is None and record.consent is None:
        return (
            "R-INFO-5 (Art. 11, 16): a record about a natural person carries its legal_basis"
            " or the person's consent"
        )
    return None


class ListItem(IngestItem):
    """A serious, joint sanction or joint reward list with its published criteria (R-LIST-2)."""

    id: Code
    type: ListType
    issuer: Code
    region: Region  # R-LIST-6: BJ and HE lists count under mutual recognition
    criteria: Text
    published_at: IsoDate


class RecognitionItem(IngestItem):
    """A mutual-recognition agreement with Beijing or Hebei for one list type (R-LIST-6, Art. 8).

    While it is in force, lists of that type issued in that region take effect here.
    """

    region: Annotated[str, StringConstraints(pattern=r"^(BJ|HE)$")]
    list_type: ListType
    valid_from: IsoDate
    valid_to: IsoDate | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        _raise_problems(
            type(self).__name__, _interval_problem("R-LIST-6", self.valid_from, self.valid_to)
        )
        return self


class EntryItem(IngestItem):
    """A subject's entry on a list (R-LIST-1: basis, removal conditions and remedy stated)."""

    id: Code
    list: Code
    subject: SubjectRef
    record: Code | None = None  # required on sanction lists: the store checks the list's type
    listed_at: IsoDate
    basis: Text
    removal_conditions: Text
    remedy: Text
    # Art. 28 para. 3 (an extension of DESIGN §6, docs/DECISIONS.md): read on creation only;
    # null (an empty CSV cell) is confirmed.
    state: EntryState | None = None


class MeasureItem(IngestItem):
    """A measure of the catalogue (R-LIST-3, Art. 31)."""

    code: Code
    kind: MeasureKind
    description: Text
    legal_basis: Text
    means: Text
    authority: Code
    lists: list[Code]
    matters: list[Code] = Field(default_factory=list)
    all_matters: bool = False  # R-PROP-4
    roles: list[MeasureRole] = Field(default_factory=lambda: [MeasureRole.SELF])
    published_at: IsoDate  # R-LIST-4

    @field_validator("lists")
    @classmethod
    def _targets_a_list(cls, lists: list[str]) -> list[str]:
        if not lists:
            raise _rule("R-LIST-3 (Art. 31)", "a measure targets at least one list")
        return lists

    @field_validator("roles")
    @classmethod
    def _roles_once(cls, roles: list[MeasureRole]) -> list[MeasureRole]:
        if not roles or len(set(roles)) != len(roles):
            raise _rule("R-LIST-3 (Art. 31)", "roles names at least one role, each once")
        return roles

    @model_validator(mode="after")
    def _has_matters(self) -> Self:
        if not self.matters and not self.all_matters:
            message = "a measure concerns at least one matter unless all_matters is true"
            _raise_problems(
                type(self).__name__, [("matters", _rule("R-PROP-4 (Art. 29)", message), [])]
            )
        return self


class CommitmentItem(IngestItem):
    """A credit commitment (Art. 33, R-INFO-7): made for a matter, perhaps due by a day, held
    by the authority it was made to (`authority`; none: the credit office holds it)."""

    id: Code
    subject: SubjectRef
    matter: Code
    kind: CommitmentKind
    made_on: IsoDate
    content: Text
    due_on: IsoDate | None = None
    authority: Code | None = None

    @model_validator(mode="after")
    def _due_after_made(self) -> Self:
        if self.due_on is not None and self.due_on < self.made_on:
            message = "due_on must not be before made_on"
            _raise_problems(
                type(self).__name__, [("due_on", _rule("R-INFO-7 (Art. 33)", message), self.due_on)]
            )
        return self


ITEM_MODELS: Final[Mapping[IngestKind, type[IngestItem]]] = {
    IngestKind.DOMAINS: DomainItem,
    IngestKind.MATTERS: MatterItem,
    IngestKind.AUTHORITIES: AuthorityItem,
    IngestKind.CATALOGUE: CatalogueItem,
    IngestKind.SUBJECTS: SubjectItem,
    IngestKind.ROLES: RoleItem,
    IngestKind.HOLDINGS: HoldingItem,
    IngestKind.BRANCHES: BranchItem,
    IngestKind.RECORDS: RecordItem,
    IngestKind.LISTS: ListItem,
    IngestKind.RECOGNITIONS: RecognitionItem,
    IngestKind.ENTRIES: EntryItem,
    IngestKind.MEASURES: MeasureItem,
    IngestKind.COMMITMENTS: CommitmentItem,
}


# --- batches -------------------------------------------------------------------------------


class RowError(BaseModel):
    """One reason a batch is refused: the item's index, the field path and what is wrong."""

    model_config = ConfigDict(frozen=True)

    row: int
    field: str
    message: str


# Required fields whose absence breaks a named rule: "Field required" becomes the rule.
_REQUIRED_BY_RULE: Final[Mapping[tuple[IngestKind, str], str]] = {
    (IngestKind.ENTRIES, "basis"): "R-LIST-1 (Art. 28): an entry states the basis for listing",
    (IngestKind.ENTRIES, "removal_conditions"): (
        "R-LIST-1 (Art. 28): an entry states the conditions for removal"
    ),
    (IngestKind.ENTRIES, "remedy"): "R-LIST-1 (Art. 28): an entry states the remedy",
    (IngestKind.LISTS, "criteria"): "R-LIST-2 (Art. 30): a list's criteria are published",
    (IngestKind.MEASURES, "legal_basis"): "R-LIST-3 (Art. 31): a measure states its legal basis",
    (IngestKind.MEASURES, "authority"): (
        "R-LIST-3 (Art. 31): a measure states its implementing authority"
    ),
    (IngestKind.MEASURES, "means"): "R-LIST-3 (Art. 31): a measure states its means",
    (IngestKind.MEASURES, "published_at"): (
        "R-LIST-4 (Art. 24): a measure applies only once published"
    ),
    (IngestKind.RECORDS, "document"): (
        "R-INFO-3 (Art. 12): document names the legally effective document"
    ),
    (IngestKind.RECORDS, "provider"): "R-INFO-1 (Art. 9): a record carries its provider",
    (IngestKind.RECORDS, "catalogue_item"): (
        "R-INFO-2 (Art. 10): a record is classified by a catalogue item"
    ),
    (IngestKind.COMMITMENTS, "content"): "R-INFO-7 (Art. 33): a commitment states what it promises",
}
_ABSENT: Final = frozenset({"missing", "string_too_short", "string_type"})

# Parts of a pydantic error location that name no field: the subject ref's union tags and
# the marker of a dict key.
_NOT_FIELDS: Final = frozenset({"subject-id", "resident-id-ref", "[key]"})

# The field that identifies an item within a batch; roles and holdings may repeat.
_KEY_FIELD: Final[Mapping[IngestKind, str]] = {
    IngestKind.DOMAINS: "code",
    IngestKind.MATTERS: "code",
    IngestKind.AUTHORITIES: "code",
    IngestKind.CATALOGUE: "code",
    IngestKind.BRANCHES: "branch",  # R-SUBJ-4: one parent per branch
    IngestKind.RECORDS: "id",
    IngestKind.LISTS: "id",
    IngestKind.ENTRIES: "id",
    IngestKind.MEASURES: "code",
    IngestKind.COMMITMENTS: "id",
}


def _message(kind: IngestKind, path: list[str], error: Any) -> str:
    """Pydantic's message, or the rule's when a generic error hides one."""
    if error["type"] == "extra_forbidden" and path:
        # R-INFO-4: a refused attribute outside `extra` is named as such, not as "extra".
        reason = refused_attribute_reason(path[-1], consent=True)
        if reason is not None:
            return reason
    rule = _REQUIRED_BY_RULE.get((kind, path[0])) if len(path) == 1 else None
    absent = error["type"] in _ABSENT and (error["type"] != "string_type" or error["input"] is None)
    if rule is not None and absent:
        return f"{rule}; {path[0]} is required and may not be empty"
    return str(error["msg"])


def _row_errors(kind: IngestKind, row: int, exc: ValidationError) -> list[RowError]:
    errors: list[RowError] = []
    for error in exc.errors(include_url=False):
        path = [str(part) for part in error["loc"] if part not in _NOT_FIELDS]
        errors.append(RowError(row=row, field=".".join(path), message=_message(kind, path, error)))
    return errors


def _duplicates(kind: IngestKind, rows: list[tuple[int, IngestItem]]) -> list[RowError]:
    """One item per key per batch, so a batch's outcome does not depend on row order."""
    errors: list[RowError] = []
    first_row: dict[tuple[str, object], int] = {}
    for row, item in rows:
        if isinstance(item, SubjectItem):
            field = "uscc" if item.uscc is not None else "resident_id"
        elif kind in _KEY_FIELD:
            field = _KEY_FIELD[kind]
        else:
            continue
        first = first_row.setdefault((field, getattr(item, field)), row)
        if first != row:
            # The value is not repeated: it may be a resident ID (R-SUBJ-1).
            message = f"row {first} has the same {field}; a batch has one item per {field}"
            errors.append(RowError(row=row, field=field, message=message))
    return errors


def validate_items(kind: IngestKind, items: list[Any]) -> tuple[list[IngestItem], list[RowError]]:
    """Check a batch: the models of the valid rows in order, and every error of every row.

    The batch is all-or-nothing (DESIGN §6): write the models only when there is no error.
    """
    model = ITEM_MODELS[kind]
    valid: list[tuple[int, IngestItem]] = []
    errors: list[RowError] = []
    for row, item in enumerate(items):
        if not isinstance(item, Mapping):
            errors.append(RowError(row=row, field="", message="an item is a JSON object"))
            continue
        try:
            valid.append((row, model.model_validate(item)))
        except ValidationError as exc:
            errors.extend(_row_errors(kind, row, exc))
    errors.extend(_duplicates(kind, valid))
    errors.sort(key=lambda error: error.row)
    return [item for _, item in valid], errors


class IngestRequest(BaseModel):
    """A batch of items of one kind; each item is checked row by row (DESIGN.md §6)."""

    items: list[Any] = Field(description="Items in the format of the kind (DESIGN.md §6)")


class IngestResponse(BaseModel):
    kind: str
    received: int
    created: int
    updated: int
    unchanged: int
    ids: list[str] | None = Field(
        default=None, description="Subject ids in item order (subjects only)"
    )

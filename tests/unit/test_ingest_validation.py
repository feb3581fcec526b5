"""The ingestion items of DESIGN §6 and the rules a row is judged by on its own."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from graph_service.domain.enums import LOAD_ORDER, IngestKind, MeasureRole, PositiveKind
from graph_service.domain.identity import pseudonymise
from graph_service.domain.ingest import (
    ITEM_MODELS,
    RecordItem,
    ResidentIdRef,
    RoleItem,
    record_needs_basis_error,
    ref_is_person,
    resolve_ref,
    validate_items,
)
from tests import factories as f
from tests.factories import OMIT, resident_id, uscc

SECRET = "unit-test-secret"
PERSON_ID = pseudonymise(resident_id(1), SECRET)

BUILDERS: dict[IngestKind, list[Callable[..., dict[str, Any]]]] = {
    IngestKind.DOMAINS: [f.item_domain],
    IngestKind.MATTERS: [f.item_matter],
    IngestKind.AUTHORITIES: [f.item_authority],
    IngestKind.CATALOGUE: [f.item_catalogue],
    IngestKind.SUBJECTS: [f.item_organisation, f.item_person],
    IngestKind.ROLES: [f.item_role],
    IngestKind.HOLDINGS: [f.item_holding],
    IngestKind.BRANCHES: [f.item_branch],
    IngestKind.RECORDS: [f.item_record],
    IngestKind.LISTS: [f.item_list],
    IngestKind.RECOGNITIONS: [f.item_recognition],
    IngestKind.ENTRIES: [f.item_entry],
    IngestKind.MEASURES: [f.item_measure],
    IngestKind.COMMITMENTS: [f.item_commitment],
}


def errors(kind: IngestKind, *items: Any) -> list[tuple[int, str, str]]:
    """(row, field, message) of every error in a batch."""
    return [(e.row, e.field, e.message) for e in validate_items(kind, list(items))[1]]


def refused(kind: IngestKind, item: Any, field: str, rule: str) -> bool:
    """The single item is refused on `field` with a message that starts with `rule`."""
    return any(
        row == 0 and fld == field and message.startswith(rule)
        for row, fld, message in errors(kind, item)
    )


def accepted(kind: IngestKind, item: Any) -> Any:
    models, problems = validate_items(kind, [item])
    assert problems == []
    return models[0]


# --- the batch ---------------------------------------------------------------------------


def test_load_order_and_models_cover_every_kind_once() -> None:
    assert sorted(LOAD_ORDER) == sorted(IngestKind)
    assert len(set(LOAD_ORDER)) == len(LOAD_ORDER)
    assert set(ITEM_MODELS) == set(IngestKind) == set(BUILDERS)


@pytest.mark.parametrize(
    ("kind", "build"),
    [(kind, build) for kind, builders in BUILDERS.items() for build in builders],
)
def test_factory_items_are_valid(kind: IngestKind, build: Callable[..., dict[str, Any]]) -> None:
    model = accepted(kind, build(3))
    assert isinstance(model, ITEM_MODELS[kind])


def test_every_error_of_every_row_is_returned_with_its_row() -> None:
    items = [
        f.item_record(1),
        f.item_record(2, act_start="2023/03/01", provider=""),
        "not an object",
        f.item_record(4, type="NEUTRAL"),
    ]
    models, problems = validate_items(IngestKind.RECORDS, items)
    assert [m.id for m in models if isinstance(m, RecordItem)] == ["REC-1"]
    assert {(p.row, p.field) for p in problems} == {
        (1, "act_start"),
        (1, "provider"),
        (2, ""),
        (3, "type"),
    }


def test_unknown_field_is_refused() -> None:
    assert [field for _, field, _ in errors(IngestKind.DOMAINS, f.item_domain(colour="red"))] == [
        "colour"
    ]


@pytest.mark.parametrize("value", [" DOM-1 ", "DOM-1"])
def test_codes_are_stripped(value: str) -> None:
    assert accepted(IngestKind.DOMAINS, f.item_domain(code=value)).code == "DOM-1"


@pytest.mark.parametrize(
    ("field", "value"),
    [("code", ""), ("code", "   "), ("code", "x" * 201), ("name", "x" * 501), ("code", 7)],
)
def test_codes_and_names_are_non_empty_and_bounded(field: str, value: object) -> None:
    assert [fld for _, fld, _ in errors(IngestKind.DOMAINS, f.item_domain(**{field: value}))] == [
        field
    ]


@pytest.mark.parametrize(
    "value",
    ["2023/03/01", "20230301", "2023-3-1", "2023-03-01T00:00:00", "2023-02-30", 1677628800, None],
)
def test_dates_are_iso_calendar_dates(value: object) -> None:
    assert [fld for _, fld, _ in errors(IngestKind.RECORDS, f.item_record(act_start=value))] == [
        "act_start"
    ]


def test_dates_are_parsed() -> None:
    record = accepted(IngestKind.RECORDS, f.item_record())
    assert (record.act_start, record.act_end) == (date(2023, 3, 1), date(2023, 6, 30))


def test_duplicate_keys_in_one_batch_are_refused() -> None:
    assert errors(IngestKind.RECORDS, f.item_record(1), f.item_record(2), f.item_record(1)) == [
        (2, "id", "row 0 has the same id; a batch has one item per id")
    ]


def test_r_subj_1_duplicate_person_is_refused_without_repeating_the_id() -> None:
    problems = errors(IngestKind.SUBJECTS, f.item_person(1), f.item_person(1, name="Other"))
    assert [(row, field) for row, field, _ in problems] == [(1, "resident_id")]
    assert resident_id(1) not in problems[0][2]


def test_items_are_immutable() -> None:
    record = accepted(IngestKind.RECORDS, f.item_record())
    with pytest.raises(ValidationError):
        record.id = "other"


# --- subjects (R-SUBJ-1) -----------------------------------------------------------------


def test_r_subj_1_organisation_needs_a_valid_uscc() -> None:
    assert refused(IngestKind.SUBJECTS, f.item_organisation(uscc=OMIT), "uscc", "R-SUBJ-1")
    bad = uscc(1)[:-1] + ("0" if uscc(1)[-1] != "0" else "1")
    assert refused(IngestKind.SUBJECTS, f.item_organisation(uscc=bad), "uscc", "R-SUBJ-1")
    kind = "UNINCORPORATED_ORG"
    assert refused(IngestKind.SUBJECTS, f.item_organisation(kind=kind, uscc=None), "uscc", "R-")


def test_r_subj_1_organisation_has_no_resident_id() -> None:
    item = f.item_organisation(resident_id=resident_id(1))
    assert refused(IngestKind.SUBJECTS, item, "resident_id", "R-SUBJ-1")


def test_r_subj_1_uscc_is_stored_compact() -> None:
    item = f.item_organisation(uscc=uscc(1).lower())
    assert accepted(IngestKind.SUBJECTS, item).uscc == uscc(1)


def test_r_subj_1_person_needs_a_valid_resident_id_and_no_uscc() -> None:
    assert refused(IngestKind.SUBJECTS, f.item_person(resident_id=OMIT), "resident_id", "R-SUBJ-1")
    bad = resident_id(1)[:-1] + ("0" if resident_id(1)[-1] != "0" else "1")
    assert refused(IngestKind.SUBJECTS, f.item_person(resident_id=bad), "resident_id", "R-SUBJ-1")
    assert refused(IngestKind.SUBJECTS, f.item_person(uscc=uscc(1)), "uscc", "R-SUBJ-1")


def test_r_subj_1_resident_id_never_appears_in_errors_or_repr() -> None:
    rid = resident_id(1)
    bad = rid[:-1] + ("0" if rid[-1] != "0" else "1")
    items = [
        f.item_person(resident_id=bad),
        f.item_organisation(resident_id=rid),
        f.item_role(holder=rid),
        f.item_role(org=rid),
    ]
    for kind, item in zip(
        [IngestKind.SUBJECTS, IngestKind.SUBJECTS, IngestKind.ROLES, IngestKind.ROLES],
        items,
        strict=True,
    ):
        problems = errors(kind, item)
        assert problems
        assert all(rid not in message and bad not in message for _, _, message in problems)
        with pytest.raises(ValidationError) as raised:
            ITEM_MODELS[kind].model_validate(item)
        assert rid not in str(raised.value)
        assert bad not in str(raised.value)
    assert rid not in repr(accepted(IngestKind.SUBJECTS, f.item_person()))
    assert rid not in repr(ResidentIdRef(resident_id=rid))


@pytest.mark.parametrize("region", ["TJ", "TJ-HP", "TJ-BHXQ", "BJ", "HE"])
def test_r_list_6_region_is_tianjin_beijing_or_hebei(region: str) -> None:
    accepted(IngestKind.SUBJECTS, f.item_organisation(region=region))
    accepted(IngestKind.AUTHORITIES, f.item_authority(region=region))
    accepted(IngestKind.LISTS, f.item_list(region=region))


@pytest.mark.parametrize("region", ["tj", "SH", "TJ-", "TJ-H", "TJ-ABCDE", "TJ HP", "BJ-DC", ""])
def test_r_list_6_other_regions_are_refused(region: str) -> None:
    assert refused(IngestKind.SUBJECTS, f.item_organisation(region=region), "region", "R-LIST-6")
    assert refused(IngestKind.AUTHORITIES, f.item_authority(region=region), "region", "R-LIST-6")
    assert refused(IngestKind.LISTS, f.item_list(region=region), "region", "R-LIST-6")


def test_subject_extra_carries_scalars() -> None:
    extra = {"registered_capital": 1_000_000, "listed": False, "website": "x", "rating": None}
    assert accepted(IngestKind.SUBJECTS, f.item_organisation(extra=extra)).extra == extra
    problems = errors(IngestKind.SUBJECTS, f.item_organisation(extra={"shops": [1, 2]}))
    assert [field for _, field, _ in problems] == ["extra.shops"]


# --- R-INFO-4 (Art. 16) ------------------------------------------------------------------

NEVER_COLLECTED = [
    "religion",
    "religious_belief",
    "Faith",
    "bloodType",
    "Blood Type",
    "BLOOD_TYPE",
    "blood-group",
    "medical_history",
    "MedicalRecord",
    "disease",
    "diagnosis",
    "fingerprint",
    "face_image",
    "faceId",
    "facial features",
    "DNA",
    "DNAProfile",
    "iris",
    "gene",
    "genetic_test",
    "voiceprint",
    "宗教信仰",
    "血型",
    "疾病史",
    "病史",
    "病历编号",
    "医疗记录",
    "生物识别信息",
    "指纹",
    "人脸图像",
    "面部特征",
    "虹膜",
    "基因检测",
    "声纹",
    "DNA检测结果",
]

FINANCIAL = [
    "income",
    "annual_income",
    "salary",
    "monthlyWage",
    "bankDeposit",
    "securities_holdings",
    "commercial insurance",
    "real_estate",
    "taxAmount",
    "tax_paid",
    "收入",
    "工资",
    "存款",
    "证券账户",
    "股票",
    "商业保险",
    "不动产",
    "房产",
    "纳税额",
    "应纳税额",
]

HARMLESS = [
    "general_manager",
    "generation",
    "facebook_page",
    "interface",
    "surface_area",
    "irish_branch",
    "registered_capital",
    "industry",
    "经营范围",
    "注册资本",
]


@pytest.mark.parametrize("key", NEVER_COLLECTED)
def test_r_info_4_never_collected_attribute_is_refused_even_with_consent(key: str) -> None:
    extra = {key: "x"}
    for kind, item in [
        (IngestKind.SUBJECTS, f.item_person(extra=extra)),
        (IngestKind.SUBJECTS, f.item_organisation(extra=extra, consent="signed 2023-01-01")),
        (IngestKind.RECORDS, f.item_record(extra=extra, consent="signed 2023-01-01")),
    ]:
        assert refused(kind, item, f"extra.{key}", "R-INFO-4 (Art. 16)")


@pytest.mark.parametrize("key", FINANCIAL)
def test_r_info_4_financial_attribute_is_refused_without_consent(key: str) -> None:
    extra = {key: 1000}
    assert refused(IngestKind.SUBJECTS, f.item_person(extra=extra), f"extra.{key}", "R-INFO-4")
    assert refused(IngestKind.RECORDS, f.item_record(extra=extra), f"extra.{key}", "R-INFO-4")


@pytest.mark.parametrize("key", FINANCIAL)
def test_r_info_4_financial_attribute_is_accepted_with_consent(key: str) -> None:
    extra = {key: 1000}
    consent = "written consent no. 17, consequences explained"
    accepted(IngestKind.SUBJECTS, f.item_person(extra=extra, consent=consent))
    accepted(IngestKind.RECORDS, f.item_record(extra=extra, consent=consent))


def test_r_info_4_empty_consent_does_not_count() -> None:
    problems = errors(IngestKind.RECORDS, f.item_record(extra={"income": 1}, consent=" "))
    assert {field for _, field, _ in problems} == {"consent", "extra.income"}


@pytest.mark.parametrize("key", HARMLESS)
def test_r_info_4_names_that_only_resemble_are_accepted(key: str) -> None:
    accepted(IngestKind.SUBJECTS, f.item_organisation(extra={key: "x"}))


def test_r_info_4_every_refused_key_is_reported() -> None:
    extra = {"宗教": "x", "blood_type": "A", "salary": 1, "ok": 1, "bad_value": [1]}
    problems = errors(IngestKind.RECORDS, f.item_record(extra=extra))
    assert {field for _, field, _ in problems} == {
        "extra.宗教",
        "extra.blood_type",
        "extra.salary",
        "extra.bad_value",
    }


def test_r_info_4_refused_attribute_outside_extra_is_named() -> None:
    problems = errors(IngestKind.SUBJECTS, f.item_person(fingerprint="..."))
    assert [(field, message[:19]) for _, field, message in problems] == [
        ("fingerprint", "R-INFO-4 (Art. 16):")
    ]


# --- roles (R-SUBJ-2) --------------------------------------------------------------------


@pytest.mark.parametrize("valid_to", ["2019-12-31", "2020-01-01"])
def test_r_subj_2_valid_to_must_be_after_valid_from(valid_to: str) -> None:
    item = f.item_role(valid_from="2020-01-01", valid_to=valid_to)
    assert refused(IngestKind.ROLES, item, "valid_to", "R-SUBJ-2")


def test_r_subj_2_role_interval_may_be_open_or_closed() -> None:
    role = accepted(IngestKind.ROLES, f.item_role(valid_to=OMIT))
    assert isinstance(role, RoleItem)
    assert role.valid_to is None
    assert accepted(IngestKind.ROLES, f.item_role(valid_to="2020-01-02")).valid_to == date(
        2020, 1, 2
    )


def test_r_subj_2_role_needs_a_known_role_an_org_and_a_start() -> None:
    problems = errors(IngestKind.ROLES, f.item_role(role="OWNER", org="ACME", valid_from=OMIT))
    assert {field for _, field, _ in problems} == {"role", "org", "valid_from"}


@pytest.mark.parametrize("role", ["LEGAL_REPRESENTATIVE", "PRINCIPAL"])
def test_r_subj_2_representative_and_principal_are_natural_persons(role: str) -> None:
    assert refused(IngestKind.ROLES, f.item_role(role=role, holder=uscc(9)), "holder", "R-SUBJ-2")
    accepted(IngestKind.ROLES, f.item_role(role=role, holder=PERSON_ID))


def test_r_subj_2_actual_controller_may_be_an_organisation() -> None:
    accepted(IngestKind.ROLES, f.item_role(role="ACTUAL_CONTROLLER", holder=uscc(9)))
    item = f.item_role(role="ACTUAL_CONTROLLER", holder=uscc(1), org=uscc(1))
    assert refused(IngestKind.ROLES, item, "holder", "R-SUBJ-2")


def test_r_subj_1_subject_ref_resident_id_is_validated() -> None:
    item = f.item_role(holder={"resident_id": "120101"})
    assert refused(IngestKind.ROLES, item, "holder.resident_id", "R-SUBJ-1")
    item = f.item_role(holder={"resident_id": resident_id(1), "name": "x"})
    assert [field for _, field, _ in errors(IngestKind.ROLES, item)] == ["holder.name"]


@pytest.mark.parametrize("holder", [resident_id(1), "P123", "ACME", 7, ["x"], None])
def test_r_subj_1_subject_ref_is_a_uscc_a_pseudonym_or_a_resident_id(holder: object) -> None:
    # A clear resident ID is not a subject id: persons are named by {"resident_id": ...}.
    assert [field for _, field, _ in errors(IngestKind.ROLES, f.item_role(holder=holder))] == [
        "holder"
    ]


def test_subject_refs_tell_persons_and_resolve_to_ids() -> None:
    person = ResidentIdRef(resident_id=resident_id(1))
    assert ref_is_person(person)
    assert ref_is_person(PERSON_ID)
    assert not ref_is_person(uscc(1))
    assert resolve_ref(person, SECRET) == PERSON_ID
    assert resolve_ref(uscc(1), SECRET) == uscc(1)


# --- holdings (R-SUBJ-3) -----------------------------------------------------------------


@pytest.mark.parametrize("ratio", [0, -0.1, 1.0001, float("nan"), float("inf"), "0.5", True])
def test_r_subj_3_ratio_is_a_share_in_0_1(ratio: object) -> None:
    assert [field for _, field, _ in errors(IngestKind.HOLDINGS, f.item_holding(ratio=ratio))] == [
        "ratio"
    ]


@pytest.mark.parametrize("ratio", [1, 1.0, 0.25, 1e-9])
def test_r_subj_3_ratio_bounds_are_open_below_and_closed_above(ratio: float) -> None:
    accepted(IngestKind.HOLDINGS, f.item_holding(ratio=ratio))


def test_r_subj_3_ratio_error_cites_the_rule() -> None:
    assert refused(IngestKind.HOLDINGS, f.item_holding(ratio=2), "ratio", "R-SUBJ-3")


@pytest.mark.parametrize("valid_to", ["2019-12-31", "2020-01-01"])
def test_r_subj_3_holding_interval_must_be_non_empty(valid_to: str) -> None:
    item = f.item_holding(valid_from="2020-01-01", valid_to=valid_to)
    assert refused(IngestKind.HOLDINGS, item, "valid_to", "R-SUBJ-3")


def test_r_subj_3_organisation_does_not_hold_itself() -> None:
    item = f.item_holding(holder=uscc(1), org=uscc(1))
    assert refused(IngestKind.HOLDINGS, item, "holder", "R-SUBJ-3")
    accepted(IngestKind.HOLDINGS, f.item_holding(holder=uscc(2), org=uscc(1)))


# --- branches (R-SUBJ-4) -----------------------------------------------------------------


def test_r_subj_4_branch_and_parent_are_distinct_valid_usccs() -> None:
    item = f.item_branch(branch=uscc(1), parent=uscc(1))
    assert refused(IngestKind.BRANCHES, item, "parent", "R-SUBJ-4")
    assert refused(IngestKind.BRANCHES, f.item_branch(branch="X"), "branch", "R-SUBJ-1")


def test_r_subj_4_a_branch_has_one_parent_per_batch() -> None:
    problems = errors(IngestKind.BRANCHES, f.item_branch(1), f.item_branch(1, parent=uscc(5)))
    assert [(row, field) for row, field, _ in problems] == [(1, "branch")]


# --- records (R-INFO-*) ------------------------------------------------------------------


@pytest.mark.parametrize("document", [OMIT, None, "", "  "])
def test_r_info_3_dishonesty_without_document_is_refused(document: object) -> None:
    item = f.item_record(document=document)
    assert refused(IngestKind.RECORDS, item, "document", "R-INFO-3 (Art. 12)")


@pytest.mark.parametrize(("category", "expected"), [(1, 1), (5, 5), ("3", 3), (" 4 ", 4)])
def test_r_info_3_dishonesty_category_is_1_to_5(category: object, expected: int) -> None:
    assert accepted(IngestKind.RECORDS, f.item_record(category=category)).category == expected


@pytest.mark.parametrize("category", [0, 6, "6", "0", True, 2.0, "COMMENDATION", None])
def test_r_info_3_other_dishonesty_categories_are_refused(category: object) -> None:
    item = f.item_record(category=category)
    assert refused(IngestKind.RECORDS, item, "category", "R-INFO-3")


@pytest.mark.parametrize("flag", ["minor", "self_corrected"])
def test_r_info_3_minor_or_self_corrected_penalty_is_refused(flag: str) -> None:
    item = f.item_record(category=2, **{flag: True})
    assert refused(IngestKind.RECORDS, item, flag, "R-INFO-3")
    # Art. 12(2) only concerns administrative penalties (category 2).
    accepted(IngestKind.RECORDS, f.item_record(category=3, **{flag: True}))


@pytest.mark.parametrize("category", list(PositiveKind))
def test_r_info_7_positive_category_is_a_positive_kind(category: PositiveKind) -> None:
    item = f.item_record(type="POSITIVE", category=category.value, document=None)
    assert accepted(IngestKind.RECORDS, item).category is category


@pytest.mark.parametrize("category", [1, "1", "commendation", "AWARD"])
def test_r_info_7_other_positive_categories_are_refused(category: object) -> None:
    item = f.item_record(type="POSITIVE", category=category)
    assert refused(IngestKind.RECORDS, item, "category", "R-INFO-7")


def test_r_info_6_only_a_dishonest_act_is_serious() -> None:
    item = f.item_record(type="POSITIVE", category="DONATION", serious=True)
    assert refused(IngestKind.RECORDS, item, "serious", "R-INFO-6")
    assert accepted(IngestKind.RECORDS, f.item_record(serious=True)).serious is True


def test_r_time_1_act_end_is_not_before_act_start() -> None:
    item = f.item_record(act_start="2023-03-01", act_end="2023-02-28")
    assert refused(IngestKind.RECORDS, item, "act_end", "R-TIME-1")
    accepted(IngestKind.RECORDS, f.item_record(act_start="2023-03-01", act_end="2023-03-01"))
    accepted(IngestKind.RECORDS, f.item_record(act_end=None))


@pytest.mark.parametrize("subject", [{"resident_id": resident_id(1)}, PERSON_ID])
def test_r_info_5_record_about_a_person_needs_legal_basis_or_consent(subject: object) -> None:
    item = f.item_record(subject=subject)
    assert refused(IngestKind.RECORDS, item, "legal_basis", "R-INFO-5")
    accepted(IngestKind.RECORDS, f.item_record(subject=subject, legal_basis="Art. 11"))
    accepted(IngestKind.RECORDS, f.item_record(subject=subject, consent="signed 2023-01-01"))


def test_r_info_5_helper_for_the_store() -> None:
    record = accepted(IngestKind.RECORDS, f.item_record())
    message = record_needs_basis_error(record)
    assert message is not None
    assert message.startswith("R-INFO-5")
    with_basis = accepted(IngestKind.RECORDS, f.item_record(legal_basis="Art. 11"))
    assert record_needs_basis_error(with_basis) is None


@pytest.mark.parametrize(
    ("field", "rule"),
    [("provider", "R-INFO-1"), ("catalogue_item", "R-INFO-2"), ("domain", "")],
)
def test_r_info_1_record_names_provider_domain_and_catalogue_item(field: str, rule: str) -> None:
    assert refused(IngestKind.RECORDS, f.item_record(**{field: OMIT}), field, rule)


# --- lists and entries (R-LIST-1, R-LIST-2) ----------------------------------------------


def test_r_list_2_list_has_type_issuer_and_published_criteria() -> None:
    assert refused(IngestKind.LISTS, f.item_list(criteria=OMIT), "criteria", "R-LIST-2")
    item = f.item_list(type="BLACKLIST", issuer=OMIT, published_at=OMIT)
    assert {field for _, field, _ in errors(IngestKind.LISTS, item)} == {
        "type",
        "issuer",
        "published_at",
    }


@pytest.mark.parametrize("field", ["basis", "removal_conditions", "remedy"])
@pytest.mark.parametrize("value", [OMIT, None, "", " "])
def test_r_list_1_entry_states_basis_removal_conditions_and_remedy(
    field: str, value: object
) -> None:
    item = f.item_entry(**{field: value})
    assert refused(IngestKind.ENTRIES, item, field, "R-LIST-1 (Art. 28)")


def test_entry_record_is_optional_here() -> None:
    # Sanction-list entries need their record; the list's type is in the graph (store check).
    assert accepted(IngestKind.ENTRIES, f.item_entry(record=OMIT)).record is None


# --- measures (R-LIST-3, R-PROP-4) -------------------------------------------------------


@pytest.mark.parametrize("value", [OMIT, None, ""])
def test_r_list_3_measure_states_its_legal_basis(value: object) -> None:
    item = f.item_measure(legal_basis=value)
    assert refused(IngestKind.MEASURES, item, "legal_basis", "R-LIST-3")


def test_r_list_3_measure_targets_at_least_one_list() -> None:
    assert refused(IngestKind.MEASURES, f.item_measure(lists=[]), "lists", "R-LIST-3")
    assert refused(IngestKind.MEASURES, f.item_measure(lists=[""]), "lists.0", "")


def test_r_prop_4_measure_concerns_matters_unless_all_matters() -> None:
    assert refused(IngestKind.MEASURES, f.item_measure(matters=[]), "matters", "R-PROP-4")
    assert refused(IngestKind.MEASURES, f.item_measure(matters=OMIT), "matters", "R-PROP-4")
    accepted(IngestKind.MEASURES, f.item_measure(matters=[], all_matters=True))


def test_r_list_3_measure_roles_default_to_self() -> None:
    measure = accepted(IngestKind.MEASURES, f.item_measure(roles=OMIT))
    assert measure.roles == [MeasureRole.SELF]


@pytest.mark.parametrize(
    "roles", [[], ["SELF", "SELF"], ["PRINCIPAL", "LEGAL_REPRESENTATIVE", "PRINCIPAL"]]
)
def test_r_list_3_measure_roles_are_non_empty_and_distinct(roles: list[str]) -> None:
    assert refused(IngestKind.MEASURES, f.item_measure(roles=roles), "roles", "R-LIST-3")


def test_r_list_3_measure_roles_are_measure_roles() -> None:
    problems = errors(IngestKind.MEASURES, f.item_measure(roles=["SELF", "OWNER"]))
    assert [field for _, field, _ in problems] == ["roles.1"]


def test_r_list_4_measure_has_a_publication_date_and_a_kind() -> None:
    assert refused(
        IngestKind.MEASURES, f.item_measure(published_at=OMIT), "published_at", "R-LIST-4"
    )
    problems = errors(IngestKind.MEASURES, f.item_measure(kind="FINE"))
    assert [field for _, field, _ in problems] == ["kind"]


# --- reference data ----------------------------------------------------------------------


def test_r_prop_4_domain_is_not_its_own_parent() -> None:
    assert refused(IngestKind.DOMAINS, f.item_domain(1, parent="DOM-1"), "parent", "R-PROP-4")
    assert accepted(IngestKind.DOMAINS, f.item_domain(2, parent="DOM-1")).parent == "DOM-1"


def test_r_prop_4_matter_is_in_a_domain() -> None:
    problems = errors(IngestKind.MATTERS, f.item_matter(domain=OMIT))
    assert [field for _, field, _ in problems] == ["domain"]


@pytest.mark.parametrize("disclosure", ["PUBLIC", "SHARED", "RESTRICTED"])
def test_r_info_2_catalogue_item_has_a_disclosure_attribute(disclosure: str) -> None:
    accepted(IngestKind.CATALOGUE, f.item_catalogue(disclosure=disclosure))


def test_r_info_2_unknown_disclosure_is_refused() -> None:
    problems = errors(IngestKind.CATALOGUE, f.item_catalogue(disclosure="SECRET"))
    assert [field for _, field, _ in problems] == ["disclosure"]


def test_art33_commitment_rules() -> None:
    """R-INFO-7 (Art. 33): a commitment's kind is PERMIT or PUBLIC, it states its content, and
    it is not due before it was made; the authority and the due day are optional."""
    kind = IngestKind.COMMITMENTS
    assert refused(kind, f.item_commitment(1, due_on="2024-01-01"), "due_on", "R-INFO-7")
    assert refused(kind, f.item_commitment(1, content=""), "content", "R-INFO-7")
    assert errors(kind, f.item_commitment(1, kind="PRIVATE"))[0][1] == "kind"
    accepted(kind, f.item_commitment(1, kind="PUBLIC", due_on=OMIT, authority=OMIT))

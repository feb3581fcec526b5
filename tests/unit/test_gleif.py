"""GLEIF Level 1 and Level 2 import on the shared fixtures (issue 8).

The fixtures (tests/fixtures/gleif-l1-l2-fixtures) are real golden-copy records: 13 LEI
records, 10 relationship records (8 fund relationships, 2 accounting consolidations of an
entity outside the Level 1 file) and 10 reporting exceptions, in JSON and XML.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from stdnum.cn import uscc as stdnum_uscc

from graph_service.domain.enums import IngestKind
from graph_service.domain.ingest import validate_items
from loaders.gleif import GleifInput, convert_gleif, read_gleif
from loaders.interop import Conversion, lei_key, synthetic_uscc
from tests.factories import uscc

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "gleif-l1-l2-fixtures"
CHILD, DIRECT, ULTIMATE = "010CMKZ3VON21WF2ZD45", "ZZG38T0MDR3QY1ETUA76", "3C7474T6CDKPR9K6YT90"


def read(*names: str) -> GleifInput:
    data = GleifInput()
    for name in names:
        found = read_gleif(FIXTURES / name)
        data.entities += found.entities
        data.relationships += found.relationships
        data.exceptions += found.exceptions
    return data


def assert_valid_items(conv: Conversion) -> None:
    for kind, items in conv.items().items():
        _, errors = validate_items(IngestKind(kind), items)
        assert errors == [], (kind, errors)


def by_lei(conv: Conversion) -> dict[str, dict[str, Any]]:
    return {s["extra"]["lei"]: s for s in conv.subjects.values()}


def test_level_1_records_become_organisations() -> None:
    data = read("lei-data.json")
    assert len(data.entities) == 13
    conv = convert_gleif(data)
    assert_valid_items(conv)
    subjects = by_lei(conv)
    assert len(subjects) == 13
    fund = subjects["001GPB6A9XPE8XJICC14"]
    assert fund["name"] == "Fidelity Advisor Leveraged Company Stock Fund"
    assert fund["kind"] == "UNINCORPORATED_ORG"  # a fund has no legal personality
    assert fund["extra"]["entity_category"] == "FUND"
    assert fund["extra"]["jurisdiction"] == "US-MA"
    assert fund["region"] == "TJ"  # foreign: filed under the importing region
    dentsu = subjects["213800FERQ5LE3H7WJ58"]
    assert dentsu["kind"] == "LEGAL_PERSON"
    # No USCC: a synthetic one from the LEI, the same whatever the source format.
    assert dentsu["uscc"] == synthetic_uscc(lei_key("213800FERQ5LE3H7WJ58"))
    assert stdnum_uscc.is_valid(dentsu["uscc"]) and dentsu["uscc"].startswith("0")
    assert dentsu["extra"]["synthetic_uscc"] is True
    retired = subjects["00TR8NKAEL48RGTZEW89"]
    assert retired["extra"]["entity_status"] == "INACTIVE"
    assert retired["extra"]["registration_status"] == "RETIRED"


def test_consolidation_gives_declared_control_and_fund_links_are_skipped() -> None:
    conv = convert_gleif(read("lei-data.json", "rr-data.json"))
    assert_valid_items(conv)
    child = synthetic_uscc(lei_key(CHILD))
    controllers = {
        (r["holder"], r["valid_from"], r["valid_to"])
        for r in conv.roles.values()
        if r["org"] == child and r["role"] == "ACTUAL_CONTROLLER"
    }
    # Direct and ultimate consolidating parents: both declared actual controllers, from the
    # relationship period's start (2018-02-06), open-ended.
    assert controllers == {
        (synthetic_uscc(lei_key(DIRECT)), "2018-02-06", None),
        (synthetic_uscc(lei_key(ULTIMATE)), "2018-02-06", None),
    }
    # The three LEIs outside the Level 1 file are placeholders, created only when absent.
    assert conv.placeholders == {synthetic_uscc(lei_key(x)) for x in (CHILD, DIRECT, ULTIMATE)}
    assert conv.subjects[child]["name"] == f"LEI {CHILD}"
    assert conv.subjects[child]["extra"]["placeholder"] is True
    skipped = [n for n in conv.notes if "is not control" in n.message]
    assert len(skipped) == 8  # managed-by and sub-fund relationships
    assert not conv.holdings and not conv.branches


def test_xml_and_json_agree() -> None:
    from_json = convert_gleif(read("lei-data.json", "rr-data.json"))
    from_xml = convert_gleif(read("lei-data.xml", "rr-data.xml"))
    assert from_json.items() == from_xml.items()


def test_reporting_exceptions_stay_on_the_entity() -> None:
    conv = convert_gleif(read("lei-data.json", "repex-data.json"))
    subjects = by_lei(conv)
    assert subjects["001GPB6A9XPE8XJICC14"]["extra"]["gleif_no_direct_parent"] == "NO_KNOWN_PERSON"
    assert subjects["004L5FPTUREIWK9T2N63"]["extra"]["gleif_no_direct_parent"] == (
        "NON_CONSOLIDATING"
    )


def test_a_folder_is_read_by_content() -> None:
    data = read_gleif(FIXTURES)
    # JSON and XML copies of the same records, plus the second exceptions file.
    assert len(data.entities) == 13 * 2 + 1
    assert len(data.relationships) == 10 * 2
    assert len(data.exceptions) == 10 + 2
    conv = convert_gleif(data)
    assert len(by_lei(conv)) == 13 + 1 + 3
    assert len(conv.roles) == 2  # the XML copy is merged, not doubled


def lei_record(lei: str, **entity: Any) -> dict[str, Any]:
    return {
        "LEI": lei,
        "Entity": {"LegalName": f"Entity {lei[:4]}", "EntityCategory": "GENERAL", **entity},
        "Registration": {"RegistrationStatus": "ISSUED"},
    }


def rr_record(child: str, parent: str, kind: str, **rel: Any) -> dict[str, Any]:
    periods = rel.pop(
        "periods", [{"StartDate": "2019-01-01T00:00:00Z", "PeriodType": "RELATIONSHIP_PERIOD"}]
    )
    return {
        "Relationship": {
            "StartNode": {"NodeID": child, "NodeIDType": "LEI"},
            "EndNode": {"NodeID": parent, "NodeIDType": "LEI"},
            "RelationshipType": kind,
            "RelationshipPeriods": periods,
            "RelationshipStatus": rel.pop("status", "ACTIVE"),
            **rel,
        },
        "Registration": {
            "RegistrationStatus": "PUBLISHED",
            "LastUpdateDate": "2023-05-01T00:00:00Z",
        },
    }


def test_a_prc_entity_keeps_its_uscc_and_region() -> None:
    a, b, c = "213800FERQ5LE3H7WJ58", "213800BJPX8V9HVY1Y11", "1595D0QCK7Y15293JK84"
    code = uscc(4242)
    data = GleifInput(
        entities=[
            lei_record(
                a,
                LegalJurisdiction="CN",
                RegistrationAuthority={"RegistrationAuthorityEntityID": code},
                LegalAddress={"Region": "CN-TJ", "Country": "CN"},
            ),
            lei_record(b, LegalAddress={"Region": "CN-BJ", "Country": "CN"}),
            lei_record(c),
        ],
        relationships=[
            rr_record(
                a,
                b,
                "IS_DIRECTLY_CONSOLIDATED_BY",
                RelationshipQuantifiers=[
                    {
                        "MeasurementMethod": "ACCOUNTING_CONSOLIDATION",
                        "QuantifierAmount": "80.00",
                        "QuantifierUnits": "PERCENTAGE",
                    }
                ],
            ),
            rr_record(c, b, "IS_ULTIMATELY_CONSOLIDATED_BY", status="INACTIVE"),
            rr_record(c, a, "IS_INTERNATIONAL_BRANCH_OF"),
        ],
    )
    conv = convert_gleif(data, region="HE")
    assert_valid_items(conv)
    subjects = by_lei(conv)
    assert subjects[a]["uscc"] == code and "synthetic_uscc" not in subjects[a]["extra"]
    assert subjects[a]["region"] == "TJ" and subjects[b]["region"] == "BJ"
    assert subjects[c]["region"] == "HE"
    b_code, c_code = subjects[b]["uscc"], subjects[c]["uscc"]
    [holding] = conv.holdings.values()
    assert (holding["holder"], holding["org"], holding["ratio"]) == (b_code, code, 0.8)
    ended = next(r for r in conv.roles.values() if r["org"] == c_code)
    assert ended["valid_to"] == "2023-05-01"  # INACTIVE: ends on its last update
    assert conv.branches == {c_code: {"branch": c_code, "parent": code}}

"""The hand-made demo registry: a few dozen Tianjin subjects, each there to show one rule.

The single source of the files in `loaders/demo/` (`python -m loaders.demo_data` rewrites
them); `loaders/demo/README.md` tells the story. The reference catalogue (domains, matters,
authorities, catalogue items, lists, measures) is the generator's (`reference_items()`), so
the demo and the synthetic data speak the same vocabulary. "Today" is `DEMO_TODAY`
(2026-11-27). `EXPECTATIONS` states, for each rule of DESIGN §5, which screening answer the
demo must give; tests check them against the reference engine.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Final, NamedTuple

from loaders.generate import (
    REFERENCE_DATE,
    Item,
    Ref,
    court_basis,
    dishonesty_basis,
    entry_item,
    joint_basis,
    make_resident_id,
    make_uscc,
    reference_items,
    reward_basis,
    serious_basis,
    write_items,
)

DEMO_TODAY: Final = REFERENCE_DATE
DEMO_DIR: Final = Path(__file__).resolve().parent / "demo"


class Org(NamedTuple):
    """An organisation of the demo, named by a short key."""

    key: str
    name: str
    kind: str  # LEGAL_PERSON or UNINCORPORATED_ORG
    division: str  # GB/T 2260 code in the USCC
    body: str  # the 8 characters of the organisation code before its check character
    region: str
    established: str
    industry: str


class Person(NamedTuple):
    """A natural person of the demo, named by a short key."""

    key: str
    name: str
    place: str  # birth place code of the resident ID
    born: date
    order: int  # odd for men, even for women
    region: str


ORGS: Final[tuple[Org, ...]] = (
    Org("JINWEIYUAN", "天津市津味园餐饮管理有限公司", "LEGAL_PERSON", "120101", "34081127",
        "TJ-HP", "2015-04-01", "餐饮服务"),
    Org("JINWEIYUAN_NK", "天津市津味园餐饮管理有限公司南开分公司", "UNINCORPORATED_ORG",
        "120104", "MA06RXK3", "TJ-NK", "2019-09-01", "餐饮服务"),
    Org("HONGYUAN_GROUP", "天津宏远控股集团有限公司", "LEGAL_PERSON", "120103", "55042871",
        "TJ-HX", "2010-03-18", "商务服务"),
    Org("HONGYUAN_BUILD", "天津宏远建设工程有限公司", "LEGAL_PERSON", "120116", "59961402",
        "TJ-BH", "2012-06-20", "建筑施工"),
    Org("HAIHE_LOGISTICS", "天津海河物流有限公司", "LEGAL_PERSON", "120116", "MA05JQ8T",
        "TJ-BH", "2016-08-08", "道路货物运输"),
    Org("JINGANG_TRANSPORT", "天津市津港运输有限公司", "LEGAL_PERSON", "120116", "30019475",
        "TJ-BH", "2014-05-12", "道路货物运输"),
    Org("XINDA_TRADE", "天津市鑫达商贸有限公司", "LEGAL_PERSON", "120104", "MA05P2WU",
        "TJ-NK", "2017-03-15", "批发零售"),
    Org("LVYUAN_ENV", "天津绿源环保科技有限公司", "LEGAL_PERSON", "120111", "07863352",
        "TJ-XQ", "2013-09-09", "环保工程"),
    Org("KANGNING_PHARMACY", "天津市康宁大药房连锁有限公司", "LEGAL_PERSON", "120105",
        "58327716", "TJ-HB", "2011-11-11", "药品经营"),
    Org("CHENGXINDA", "天津诚信达电子科技有限公司", "LEGAL_PERSON", "120116", "MA07LC4N",
        "TJ-BH", "2016-02-26", "电子元器件制造"),
    Org("JINQIAO_LEASING", "天津金桥融资租赁有限公司", "LEGAL_PERSON", "120116", "MA06D9KE",
        "TJ-BH", "2018-07-01", "融资租赁"),
    Org("FUMANYUAN_FOOD", "香河县福满园食品有限公司", "LEGAL_PERSON", "131024", "33610458",
        "HE", "2015-01-20", "食品生产"),
)  # fmt: skip

PERSONS: Final[tuple[Person, ...]] = (
    Person("ZHOU_JIANGUO", "周建国", "120101", date(1968, 3, 12), 31, "TJ-HP"),
    Person("SUN_LIXIN", "孙立新", "120104", date(1975, 7, 8), 115, "TJ-NK"),
    Person("QIAN_YATING", "钱雅婷", "120103", date(1988, 11, 23), 42, "TJ-HX"),
    Person("WU_ZHIGANG", "吴志刚", "120102", date(1972, 2, 14), 57, "TJ-HD"),
    Person("ZHENG_HAITAO", "郑海涛", "120105", date(1965, 9, 30), 13, "TJ-HB"),
    Person("LUO_XIAODONG", "罗晓东", "120104", date(1984, 1, 15), 77, "TJ-NK"),
    Person("FENG_DEMING", "冯德明", "120103", date(1960, 5, 5), 19, "TJ-HX"),
    Person("HE_XIULAN", "何秀兰", "120103", date(1963, 12, 1), 28, "TJ-HX"),
    Person("CHEN_LI", "陈立", "120107", date(1978, 4, 16), 233, "TJ-BH"),
    Person("MA_JUN", "马俊", "120110", date(1970, 10, 10), 91, "TJ-DL"),
    Person("HAN_MEI", "韩梅", "120112", date(1982, 6, 6), 64, "TJ-JN"),
    Person("LIN_ZHIQIANG", "林志强", "120104", date(1980, 1, 20), 135, "TJ-NK"),
    Person("ZHAO_LIJUAN", "赵丽娟", "120111", date(1976, 8, 18), 206, "TJ-XQ"),
    Person("YANG_FAN", "杨帆", "120105", date(1985, 3, 3), 51, "TJ-HB"),
    Person("XU_JING", "徐静", "120105", date(1979, 12, 12), 88, "TJ-HB"),
    Person("LIU_YANG", "刘洋", "120107", date(1983, 5, 21), 171, "TJ-BH"),
    Person("GAO_FENG", "高峰", "120108", date(1981, 9, 9), 95, "TJ-BH"),
    Person("TANG_JIANHUA", "唐建华", "120101", date(1969, 4, 4), 39, "TJ-HP"),
    Person("CAO_MING", "曹明", "120113", date(1977, 7, 7), 143, "HE"),
    Person("HUANG_ZHIWEI", "黄志伟", "120102", date(1990, 2, 2), 317, "TJ-HD"),
    Person("WANG_SHUFEN", "王淑芬", "120106", date(1958, 10, 10), 26, "TJ-HQ"),
)

_ORG_BY_KEY: Final = {org.key: org for org in ORGS}
_PERSON_BY_KEY: Final = {person.key: person for person in PERSONS}


def uscc_of(key: str) -> str:
    """The USCC of a demo organisation."""
    org = _ORG_BY_KEY[key]
    return make_uscc("1", org.division, org.body)


def resident_id_of(key: str) -> str:
    """The resident ID number of a demo person."""
    person = _PERSON_BY_KEY[key]
    return make_resident_id(person.place, person.born, person.order)


def ref(key: str) -> Ref:
    """The subject ref of a demo subject: a USCC, or `{"resident_id": ...}` for a person."""
    if key in _ORG_BY_KEY:
        return uscc_of(key)
    return {"resident_id": resident_id_of(key)}


# (role, holder, org, valid_from, valid_to)
ROLES: Final[tuple[tuple[str, str, str, str, str | None], ...]] = (
    # 津味园: three legal representatives in turn around the 2023 act; a separate principal;
    # a declared actual controller who holds only 25 %.
    ("LEGAL_REPRESENTATIVE", "ZHOU_JIANGUO", "JINWEIYUAN", "2015-04-01", "2023-01-01"),
    ("LEGAL_REPRESENTATIVE", "SUN_LIXIN", "JINWEIYUAN", "2023-01-01", "2024-03-01"),
    ("LEGAL_REPRESENTATIVE", "QIAN_YATING", "JINWEIYUAN", "2024-03-01", None),
    ("PRINCIPAL", "ZHOU_JIANGUO", "JINWEIYUAN", "2015-04-01", "2019-07-01"),
    ("PRINCIPAL", "WU_ZHIGANG", "JINWEIYUAN", "2019-07-01", None),
    ("ACTUAL_CONTROLLER", "ZHENG_HAITAO", "JINWEIYUAN", "2018-05-01", None),
    ("LEGAL_REPRESENTATIVE", "LUO_XIAODONG", "JINWEIYUAN_NK", "2019-09-01", None),
    ("PRINCIPAL", "LUO_XIAODONG", "JINWEIYUAN_NK", "2019-09-01", None),
    # 宏远: the group's owner is no officer of the building company.
    ("LEGAL_REPRESENTATIVE", "FENG_DEMING", "HONGYUAN_GROUP", "2010-03-18", None),
    ("PRINCIPAL", "HE_XIULAN", "HONGYUAN_GROUP", "2010-03-18", None),
    ("LEGAL_REPRESENTATIVE", "CHEN_LI", "HONGYUAN_BUILD", "2012-06-20", None),
    ("PRINCIPAL", "CHEN_LI", "HONGYUAN_BUILD", "2012-06-20", None),
    ("LEGAL_REPRESENTATIVE", "MA_JUN", "HAIHE_LOGISTICS", "2016-08-08", None),
    ("PRINCIPAL", "MA_JUN", "HAIHE_LOGISTICS", "2016-08-08", None),
    ("LEGAL_REPRESENTATIVE", "HAN_MEI", "JINGANG_TRANSPORT", "2014-05-12", None),
    ("PRINCIPAL", "HAN_MEI", "JINGANG_TRANSPORT", "2014-05-12", None),
    ("LEGAL_REPRESENTATIVE", "LIN_ZHIQIANG", "XINDA_TRADE", "2017-03-15", None),
    ("PRINCIPAL", "LIN_ZHIQIANG", "XINDA_TRADE", "2017-03-15", None),
    ("LEGAL_REPRESENTATIVE", "ZHAO_LIJUAN", "LVYUAN_ENV", "2013-09-09", None),
    ("PRINCIPAL", "ZHAO_LIJUAN", "LVYUAN_ENV", "2013-09-09", None),
    ("LEGAL_REPRESENTATIVE", "YANG_FAN", "KANGNING_PHARMACY", "2011-11-11", None),
    ("PRINCIPAL", "XU_JING", "KANGNING_PHARMACY", "2011-11-11", None),
    ("LEGAL_REPRESENTATIVE", "LIU_YANG", "CHENGXINDA", "2016-02-26", None),
    ("PRINCIPAL", "LIU_YANG", "CHENGXINDA", "2016-02-26", None),
    ("LEGAL_REPRESENTATIVE", "TANG_JIANHUA", "JINQIAO_LEASING", "2018-07-01", None),
    ("PRINCIPAL", "TANG_JIANHUA", "JINQIAO_LEASING", "2018-07-01", None),
    ("LEGAL_REPRESENTATIVE", "CAO_MING", "FUMANYUAN_FOOD", "2015-01-20", None),
    ("PRINCIPAL", "CAO_MING", "FUMANYUAN_FOOD", "2015-01-20", None),
)

# (holder, org, ratio, valid_from, valid_to)
HOLDINGS: Final[tuple[tuple[str, str, float, str, str | None], ...]] = (
    # 津味园: nobody above 50 %; control is declared (郑海涛).
    ("ZHOU_JIANGUO", "JINWEIYUAN", 0.45, "2015-04-01", None),
    ("WU_ZHIGANG", "JINWEIYUAN", 0.3, "2015-04-01", None),
    ("ZHENG_HAITAO", "JINWEIYUAN", 0.25, "2015-04-01", None),
    # 冯德明 -> 宏远控股 (90 %) -> 宏远建设 (70 %): a two-level chain.
    ("FENG_DEMING", "HONGYUAN_GROUP", 0.9, "2010-03-18", None),
    ("HE_XIULAN", "HONGYUAN_GROUP", 0.1, "2010-03-18", None),
    ("HONGYUAN_GROUP", "HONGYUAN_BUILD", 0.7, "2012-06-20", None),
    ("CHEN_LI", "HONGYUAN_BUILD", 0.3, "2012-06-20", None),
    # 海河物流 <-> 津港运输: a cross-holding since 2018 (an ownership cycle).
    ("MA_JUN", "HAIHE_LOGISTICS", 1.0, "2016-08-08", "2018-01-01"),
    ("MA_JUN", "HAIHE_LOGISTICS", 0.8, "2018-01-01", None),
    ("JINGANG_TRANSPORT", "HAIHE_LOGISTICS", 0.2, "2018-01-01", None),
    ("HAN_MEI", "JINGANG_TRANSPORT", 1.0, "2014-05-12", "2018-01-01"),
    ("HAN_MEI", "JINGANG_TRANSPORT", 0.65, "2018-01-01", None),
    ("HAIHE_LOGISTICS", "JINGANG_TRANSPORT", 0.35, "2018-01-01", None),
    ("LIN_ZHIQIANG", "XINDA_TRADE", 1.0, "2017-03-15", None),
    ("ZHAO_LIJUAN", "LVYUAN_ENV", 1.0, "2013-09-09", None),
    ("YANG_FAN", "KANGNING_PHARMACY", 0.6, "2011-11-11", None),
    ("XU_JING", "KANGNING_PHARMACY", 0.4, "2011-11-11", None),
    ("LIU_YANG", "CHENGXINDA", 0.55, "2016-02-26", None),
    ("GAO_FENG", "CHENGXINDA", 0.45, "2016-02-26", None),
    ("TANG_JIANHUA", "JINQIAO_LEASING", 1.0, "2018-07-01", None),
    ("CAO_MING", "FUMANYUAN_FOOD", 1.0, "2015-01-20", None),
)

BRANCHES: Final[tuple[tuple[str, str], ...]] = (("JINWEIYUAN_NK", "JINWEIYUAN"),)


class Record(NamedTuple):
    """A credit record of the demo."""

    id: str
    subject: str
    type: str
    category: int | str
    serious: bool
    document: str | None
    provider: str
    domain: str
    catalogue_item: str
    act_start: str
    act_end: str | None
    summary: str


RECORDS: Final[tuple[Record, ...]] = (
    Record("DEMO-R01", "JINWEIYUAN", "DISHONESTY", 2, True, "津市监罚〔2023〕15号", "TJ-SAMR",
           "FOOD.CATERING", "ADMIN_PENALTY", "2023-03-01", "2023-05-20",
           "使用超过保质期的食品原料加工食品，致十余名顾客食物中毒"),
    Record("DEMO-R02", "HONGYUAN_BUILD", "DISHONESTY", 2, True, "津住建罚〔2022〕31号", "TJ-ZJW",
           "CONSTRUCTION.BIDDING", "ADMIN_PENALTY", "2022-04-10", "2022-07-30",
           "在滨海新区安置房项目施工招标中串通投标"),
    Record("DEMO-R03", "XINDA_TRADE", "DISHONESTY", 4, False, "（2024）津0104执1562号",
           "TJ-HIGH-COURT", "FINANCE.CREDIT", "COURT_DEFAULTER", "2024-05-10", None,
           "有履行能力而拒不履行生效判决确定的还款义务（金融借款合同纠纷）"),
    Record("DEMO-R04", "LVYUAN_ENV", "DISHONESTY", 2, True, "津环罚〔2020〕27号", "TJ-SEE",
           "ENVIRONMENT.EMISSIONS", "ADMIN_PENALTY", "2020-06-01", "2020-10-31",
           "篡改自动监测数据，超标排放大气污染物"),
    Record("DEMO-R05", "KANGNING_PHARMACY", "DISHONESTY", 2, True, "津药监罚〔2025〕9号",
           "TJ-MPA", "DRUGS", "ADMIN_PENALTY", "2025-02-10", "2025-04-30", "销售假药"),
    Record("DEMO-R06", "JINQIAO_LEASING", "DISHONESTY", 2, True, "津金融罚〔2024〕6号", "TJ-JRJ",
           "FINANCE.CREDIT", "ADMIN_PENALTY", "2024-01-15", "2024-06-30",
           "以融资租赁名义违规发放贷款"),
    Record("DEMO-R07", "FUMANYUAN_FOOD", "DISHONESTY", 2, True, "冀市监罚〔2024〕21号", "HE-SAMR",
           "FOOD.PRODUCTION", "ADMIN_PENALTY", "2024-04-01", "2024-05-15",
           "生产不符合食品安全标准的食品并销往天津"),
    Record("DEMO-R08", "HUANG_ZHIWEI", "DISHONESTY", 4, False, "（2023）津0102执2087号",
           "TJ-HIGH-COURT", "FINANCE.CREDIT", "COURT_DEFAULTER", "2023-08-01", None,
           "有履行能力而拒不履行生效判决确定的还款义务（民间借贷纠纷）"),
    Record("DEMO-R09", "CHEN_LI", "POSITIVE", "COMMENDATION", False, None, "TJ-GOV", "HONOURS",
           "COMMENDATION", "2021-04-28", "2021-04-28", "天津市劳动模范"),
    Record("DEMO-R10", "CHENGXINDA", "POSITIVE", "COMMENDATION", False, None, "TJ-SAMR",
           "HONOURS", "COMMENDATION", "2024-12-20", "2024-12-20", "天津市守合同重信用企业"),
    Record("DEMO-R11", "CHENGXINDA", "POSITIVE", "COMMITMENT", False, None, "TJ-FGW", "MARKET",
           "CREDIT_COMMITMENT", "2025-03-01", "2026-03-01", "作出信用承诺并按期履行"),
    Record("DEMO-R12", "WANG_SHUFEN", "POSITIVE", "VOLUNTEER", False, None, "TJ-WMB",
           "PUBLIC_WELFARE", "VOLUNTEER", "2024-12-05", "2024-12-05", "天津市优秀志愿者"),
)  # fmt: skip

# (entry id, list, record, listed_at); the subject is the record's.
ENTRIES: Final[tuple[tuple[str, str, str, str], ...]] = (
    ("DEMO-E01", "TJ-SERIOUS", "DEMO-R01", "2023-06-15"),
    ("DEMO-E02", "TJ-JOINT-SANCTION", "DEMO-R01", "2023-06-25"),
    ("DEMO-E03", "TJ-SERIOUS", "DEMO-R02", "2022-09-05"),
    ("DEMO-E04", "TJ-JOINT-SANCTION", "DEMO-R02", "2022-09-15"),
    ("DEMO-E05", "TJ-COURT-DEFAULTERS", "DEMO-R03", "2024-06-05"),
    ("DEMO-E06", "TJ-SERIOUS", "DEMO-R04", "2021-01-15"),
    ("DEMO-E07", "TJ-JOINT-SANCTION", "DEMO-R04", "2021-01-20"),
    ("DEMO-E08", "TJ-SERIOUS", "DEMO-R05", "2025-05-20"),
    ("DEMO-E09", "TJ-JOINT-SANCTION", "DEMO-R05", "2025-05-28"),
    ("DEMO-E10", "TJ-SERIOUS", "DEMO-R06", "2024-08-01"),
    ("DEMO-E11", "TJ-JOINT-SANCTION", "DEMO-R06", "2024-08-10"),
    ("DEMO-E12", "HE-SERIOUS", "DEMO-R07", "2024-06-20"),
    ("DEMO-E13", "TJ-COURT-DEFAULTERS", "DEMO-R08", "2023-09-01"),
    ("DEMO-E14", "TJ-JOINT-REWARD", "DEMO-R09", "2021-06-01"),
    ("DEMO-E15", "TJ-JOINT-REWARD", "DEMO-R10", "2025-02-15"),
    ("DEMO-E16", "TJ-JOINT-REWARD", "DEMO-R12", "2025-01-10"),
)

_PERSON_POSITIVE_BASIS: Final = "《天津市社会信用条例》第十一条、第十五条"


def _subject_items() -> list[Item]:
    items: list[Item] = []
    for org in ORGS:
        items.append(
            {
                "kind": org.kind,
                "name": org.name,
                "uscc": uscc_of(org.key),
                "region": org.region,
                "extra": {"established": org.established, "industry": org.industry},
            }
        )
    for person in PERSONS:
        items.append(
            {
                "kind": "NATURAL_PERSON",
                "name": person.name,
                "resident_id": resident_id_of(person.key),
                "region": person.region,
            }
        )
    return items


def _record_item(record: Record) -> Item:
    person = record.subject in _PERSON_BY_KEY
    legal_basis: str | None = None
    if person:
        dishonest = record.type == "DISHONESTY" and isinstance(record.category, int)
        legal_basis = (
            dishonesty_basis(int(record.category)) if dishonest else _PERSON_POSITIVE_BASIS
        )
    return {
        "id": record.id,
        "subject": ref(record.subject),
        "type": record.type,
        "category": record.category,
        "serious": record.serious,
        "document": record.document,
        "provider": record.provider,
        "domain": record.domain,
        "catalogue_item": record.catalogue_item,
        "act_start": record.act_start,
        "act_end": record.act_end,
        "legal_basis": legal_basis,
        "minor": False,
        "self_corrected": False,
        "extra": {"summary": record.summary},
    }


def _entry_items() -> list[Item]:
    records = {record.id: record for record in RECORDS}
    items: list[Item] = []
    for entry_id, list_id, record_id, listed_at in ENTRIES:
        record = records[record_id]
        document = record.document or ""
        if list_id == "TJ-JOINT-REWARD":
            basis = reward_basis(record.summary)
        elif list_id == "TJ-COURT-DEFAULTERS":
            basis = court_basis(document)
        elif list_id == "TJ-JOINT-SANCTION":
            basis = joint_basis(document)
        else:
            basis = serious_basis(document)
        listed = date.fromisoformat(listed_at)
        items.append(entry_item(entry_id, list_id, ref(record.subject), record_id, listed, basis))
    return items


def demo_items() -> dict[str, list[Item]]:
    """Every demo item by kind, the reference catalogue included."""
    items = reference_items()
    items["subjects"] = _subject_items()
    items["roles"] = [
        {"role": role, "holder": ref(holder), "org": uscc_of(org), "valid_from": start,
         "valid_to": end}
        for role, holder, org, start, end in ROLES
    ]  # fmt: skip
    items["holdings"] = [
        {"holder": ref(holder), "org": uscc_of(org), "ratio": ratio, "valid_from": start,
         "valid_to": end}
        for holder, org, ratio, start, end in HOLDINGS
    ]  # fmt: skip
    items["branches"] = [
        {"branch": uscc_of(branch), "parent": uscc_of(parent)} for branch, parent in BRANCHES
    ]
    items["records"] = [_record_item(record) for record in RECORDS]
    items["entries"] = _entry_items()
    return items


def write_demo(out_dir: Path) -> dict[str, int]:
    """Write the demo registry as `<kind>.jsonl` files; returns the item count per kind."""
    return write_items(out_dir, demo_items())


class Expectation(NamedTuple):
    """What screening a demo subject for a matter must answer (DESIGN §5)."""

    subject: str  # key of ORGS or PERSONS
    matter: str
    as_of: date
    decision: str  # restricted, allowed or rewarded
    shows: str  # the rule the case shows
    roles: tuple[str, ...] = ()  # the roles through which a restriction reaches the subject
    withheld: bool = False  # a reward applies but is withheld (R-PROP-7)


_EARLY_2026: Final = date(2026, 5, 1)
_MID_2025: Final = date(2025, 6, 1)
_EARLY_2027: Final = date(2027, 1, 15)

EXPECTATIONS: Final[tuple[Expectation, ...]] = (
    Expectation("JINWEIYUAN", "FOOD_PERMIT", DEMO_TODAY, "restricted",
                "a food-safety record restricts the food permit (R-PROP-4)", ("SELF",)),
    Expectation("JINWEIYUAN", "CONSTRUCTION_BID", DEMO_TODAY, "allowed",
                "... but not construction bidding: the matter is not linked (R-PROP-4)"),
    Expectation("SUN_LIXIN", "FOOD_PERMIT", DEMO_TODAY, "restricted",
                "legal representative in office during the act is reached (R-PROP-1/2)",
                ("LEGAL_REPRESENTATIVE",)),
    Expectation("ZHOU_JIANGUO", "FOOD_PERMIT", DEMO_TODAY, "allowed",
                "legal representative who left before the act is not reached (R-PROP-2)"),
    Expectation("QIAN_YATING", "FOOD_PERMIT", DEMO_TODAY, "allowed",
                "legal representative appointed after the act is not reached (R-PROP-2)"),
    Expectation("WU_ZHIGANG", "FOOD_PERMIT", DEMO_TODAY, "restricted",
                "principal responsible person is reached (R-PROP-1)", ("PRINCIPAL",)),
    Expectation("ZHENG_HAITAO", "FOOD_PERMIT", DEMO_TODAY, "restricted",
                "declared actual controller is reached (R-PROP-1)", ("ACTUAL_CONTROLLER",)),
    Expectation("JINWEIYUAN_NK", "FOOD_PERMIT", DEMO_TODAY, "allowed",
                "the branch is not listed, so not restricted (R-SUBJ-4)"),
    Expectation("HONGYUAN_BUILD", "CONSTRUCTION_BID", DEMO_TODAY, "restricted",
                "bid rigging restricts construction bidding (R-PROP-4)", ("SELF",)),
    Expectation("HONGYUAN_BUILD", "GOV_PROCUREMENT", DEMO_TODAY, "allowed",
                "... but not government procurement (R-PROP-4)"),
    Expectation("FENG_DEMING", "CONSTRUCTION_QUALIFICATION", DEMO_TODAY, "restricted",
                "ultimate controller through a 2-level chain is reached (R-PROP-3)",
                ("ACTUAL_CONTROLLER",)),
    Expectation("HONGYUAN_GROUP", "CONSTRUCTION_QUALIFICATION", DEMO_TODAY, "allowed",
                "the intermediate holding company is not reached (R-PROP-3)"),
    Expectation("HE_XIULAN", "CONSTRUCTION_QUALIFICATION", DEMO_TODAY, "allowed",
                "a 10 % shareholder of the group controls nothing (R-SUBJ-3)"),
    Expectation("CHEN_LI", "CONSTRUCTION_QUALIFICATION", DEMO_TODAY, "restricted",
                "legal representative during the bid rigging is reached (R-PROP-1)",
                ("LEGAL_REPRESENTATIVE", "PRINCIPAL"), withheld=True),
    Expectation("CHEN_LI", "HONOURS", DEMO_TODAY, "allowed",
                "his own reward is withheld: legal rep of a sanctioned company (R-PROP-7)",
                withheld=True),
    Expectation("XINDA_TRADE", "HONOURS", DEMO_TODAY, "restricted",
                "court defaulter: an all-matters measure (R-PROP-4)", ("SELF",)),
    Expectation("LIN_ZHIQIANG", "CIVIL_SERVICE_HIRING", DEMO_TODAY, "restricted",
                "... which reaches its legal rep, principal and 100 % owner (R-PROP-1)",
                ("LEGAL_REPRESENTATIVE", "PRINCIPAL", "ACTUAL_CONTROLLER")),
    Expectation("HUANG_ZHIWEI", "TALENT_INTRO", DEMO_TODAY, "restricted",
                "a natural person on the court defaulter list (R-INFO-5, R-PROP-4)", ("SELF",)),
    Expectation("LVYUAN_ENV", "ENV_PERMIT", _MID_2025, "restricted",
                "a 2020 act restricts while its five-year window runs (R-TIME-1)", ("SELF",)),
    Expectation("LVYUAN_ENV", "ENV_PERMIT", DEMO_TODAY, "allowed",
                "... and no longer after 2025-10-31 (R-TIME-1)"),
    Expectation("KANGNING_PHARMACY", "DRUG_PERMIT", DEMO_TODAY, "restricted",
                "an objected record stays in force with its mark (R-TIME-3)", ("SELF",)),
    Expectation("JINQIAO_LEASING", "BANK_LOAN", _EARLY_2026, "allowed",
                "S-FINANCE is not yet published on 2026-05-01 (R-LIST-4)"),
    Expectation("JINQIAO_LEASING", "BANK_LOAN", DEMO_TODAY, "restricted",
                "... and applies once published on 2026-06-01 (R-LIST-4)", ("SELF",)),
    Expectation("CHENGXINDA", "SUBSIDY", DEMO_TODAY, "rewarded",
                "a plain rewarded company (R-PROP-7)"),
    Expectation("CHENGXINDA", "BANK_LOAN", DEMO_TODAY, "allowed",
                "R-FEWER-INSPECTIONS is published only on 2027-01-01 (R-LIST-4)"),
    Expectation("CHENGXINDA", "BANK_LOAN", _EARLY_2027, "rewarded",
                "... and then rewards across all matters (R-LIST-4, R-PROP-4)"),
    Expectation("WANG_SHUFEN", "HONOURS", DEMO_TODAY, "rewarded",
                "a rewarded volunteer (R-INFO-7)"),
    Expectation("FUMANYUAN_FOOD", "FOOD_PRODUCTION_PERMIT", DEMO_TODAY, "restricted",
                "a Hebei serious-list entry, under mutual recognition (R-LIST-6)", ("SELF",)),
)  # fmt: skip


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEMO_DIR
    for kind, count in write_demo(target).items():
        print(f"{kind:12} {count:5}")

"""A synthetic municipal credit registry: Tianjin's economy as ingestion items (DESIGN §6).

`generate(n, seed, out_dir)` writes one JSONL file per ingest kind (`<kind>.jsonl`, one item a
line, in the exact item format of DESIGN §6) for `n` credit subjects: about 60 % organisations
with valid USCCs and 40 % natural persons with valid resident ID numbers, the roles and
shareholdings that link them (pyramids, ownership cycles, role changes over time), branches,
dishonesty and positive records, list entries, and the fixed reference catalogue (domains,
matters, authorities, catalogue items, lists, measures) that `reference_items()` also gives to
the hand-made demo (`loaders.demo_data`).

The output is a pure function of `(n, seed)`: one `random.Random(seed)`, fixed dates
(`REFERENCE_DATE` stands for "today"), no set iteration. Memory is O(n) small values (ids,
dates, a few bytes per subject); every item is written as soon as it is made.
"""

from __future__ import annotations

import bisect
import itertools
import json
import math
import random
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from typing import IO, Final

from stdnum.cn import ric, uscc

from loaders import names

Item = dict[str, object]
Ref = str | dict[str, str]

# Every ingest kind, in an order in which each kind's references are already loaded.
KINDS: Final[tuple[str, ...]] = (
    "domains",
    "matters",
    "authorities",
    "catalogue",
    "subjects",
    "roles",
    "holdings",
    "branches",
    "lists",
    "recognitions",
    "records",
    "entries",
    "measures",
)

# "Today" for the data: records end before it, entries are listed on or before it.
REFERENCE_DATE: Final = date(2026, 11, 27)

_ENCODER: Final = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))

# --- reference catalogue ------------------------------------------------------------------

# (code, name, parent): the domains of dishonest acts; matters are linked through them (R-PROP-4).
DOMAINS: Final[tuple[tuple[str, str, str | None], ...]] = (
    ("MARKET", "市场监管", None),
    ("FOOD", "食品安全", None),
    ("FOOD.PRODUCTION", "食品生产", "FOOD"),
    ("FOOD.CATERING", "餐饮服务", "FOOD"),
    ("FOOD.DISTRIBUTION", "食品销售", "FOOD"),
    ("DRUGS", "药品安全", None),
    ("CONSTRUCTION", "工程建设", None),
    ("CONSTRUCTION.BIDDING", "工程建设招标投标", "CONSTRUCTION"),
    ("CONSTRUCTION.QUALITY", "工程质量安全", "CONSTRUCTION"),
    ("LAND", "自然资源和土地", None),
    ("TAX", "税收管理", None),
    ("TAX.INVOICE", "发票管理", "TAX"),
    ("ENVIRONMENT", "生态环境", None),
    ("ENVIRONMENT.EMISSIONS", "污染物排放", "ENVIRONMENT"),
    ("PROCUREMENT", "政府采购", None),
    ("FINANCE", "金融", None),
    ("FINANCE.CREDIT", "信贷", "FINANCE"),
    ("FINANCE.SECURITIES", "证券发行", "FINANCE"),
    ("LABOUR", "劳动保障", None),
    ("LABOUR.WAGES", "工资支付", "LABOUR"),
    ("LABOUR.SOCIAL_INSURANCE", "社会保险", "LABOUR"),
    ("TRANSPORT", "交通运输", None),
    ("EDUCATION", "教育", None),
    ("MEDICAL", "医疗服务", None),
    ("PUBLIC_FUNDS", "财政资金与项目支持", None),
    ("PUBLIC_FUNDS.RESEARCH", "科研项目", "PUBLIC_FUNDS"),
    ("PERSONNEL", "人事管理", None),
    ("HONOURS", "表彰奖励", None),
    ("PUBLIC_WELFARE", "公益慈善", None),
)

# (code, name, domain): the matters an authority decides (Art. 19).
MATTERS: Final[tuple[tuple[str, str, str], ...]] = (
    ("MARKET_ENTRY", "企业设立登记（市场准入）", "MARKET"),
    ("COMPANY_OFFICER", "担任企业法定代表人、董事、监事、高级管理人员", "MARKET"),
    ("FOOD_PERMIT", "食品经营许可", "FOOD"),
    ("FOOD_PRODUCTION_PERMIT", "食品生产许可", "FOOD.PRODUCTION"),
    ("DRUG_PERMIT", "药品经营许可", "DRUGS"),
    ("CONSTRUCTION_BID", "工程建设招投标", "CONSTRUCTION.BIDDING"),
    ("CONSTRUCTION_QUALIFICATION", "建筑业企业资质审批", "CONSTRUCTION"),
    ("LAND_SUPPLY", "国有土地使用权出让", "LAND"),
    ("TAX_CREDIT_A", "纳税信用A级评价", "TAX"),
    ("EXPORT_TAX_REFUND", "出口退税", "TAX"),
    ("ENV_PERMIT", "排污许可", "ENVIRONMENT"),
    ("GOV_PROCUREMENT", "政府采购", "PROCUREMENT"),
    ("BANK_LOAN", "银行贷款", "FINANCE.CREDIT"),
    ("BOND_ISSUE", "发行企业债券", "FINANCE.SECURITIES"),
    ("LABOUR_DISPATCH_PERMIT", "劳务派遣经营许可", "LABOUR"),
    ("EMPLOYMENT_SUBSIDY", "稳岗补贴", "LABOUR.SOCIAL_INSURANCE"),
    ("TRANSPORT_PERMIT", "道路运输经营许可", "TRANSPORT"),
    ("SCHOOL_LICENCE", "民办学校办学许可", "EDUCATION"),
    ("MEDICAL_LICENCE", "医疗机构执业许可", "MEDICAL"),
    ("SUBSIDY", "财政补贴", "PUBLIC_FUNDS"),
    ("RESEARCH_FUNDING", "科研项目立项与经费支持", "PUBLIC_FUNDS.RESEARCH"),
    ("CIVIL_SERVICE_HIRING", "公务员招录", "PERSONNEL"),
    ("TALENT_INTRO", "人才引进", "PERSONNEL"),
    ("HONOURS", "评先评优", "HONOURS"),
)

# (code, name, region): providers, list issuers and implementing authorities.
AUTHORITIES: Final[tuple[tuple[str, str, str], ...]] = (
    ("TJ-FGW", "天津市发展和改革委员会", "TJ"),
    ("TJ-SAMR", "天津市市场监督管理委员会", "TJ"),
    ("TJ-MPA", "天津市药品监督管理局", "TJ"),
    ("TJ-TAX", "国家税务总局天津市税务局", "TJ"),
    ("TJ-ZJW", "天津市住房和城乡建设委员会", "TJ"),
    ("TJ-GHZY", "天津市规划和自然资源局", "TJ"),
    ("TJ-SEE", "天津市生态环境局", "TJ"),
    ("TJ-CZJ", "天津市财政局", "TJ"),
    ("TJ-JRJ", "天津市地方金融监督管理局", "TJ"),
    ("TJ-RSJ", "天津市人力资源和社会保障局", "TJ"),
    ("TJ-JTW", "天津市交通运输委员会", "TJ"),
    ("TJ-JW", "天津市教育委员会", "TJ"),
    ("TJ-WJW", "天津市卫生健康委员会", "TJ"),
    ("TJ-KJJ", "天津市科学技术局", "TJ"),
    ("TJ-ZWFW", "天津市政务服务办公室", "TJ"),
    ("TJ-MZJ", "天津市民政局", "TJ"),
    ("TJ-WMB", "天津市精神文明建设委员会办公室", "TJ"),
    ("TJ-GOV", "天津市人民政府", "TJ"),
    ("TJ-HIGH-COURT", "天津市高级人民法院", "TJ"),
    ("BJ-FGW", "北京市发展和改革委员会", "BJ"),
    ("BJ-SAMR", "北京市市场监督管理局", "BJ"),
    ("HE-FGW", "河北省发展和改革委员会", "HE"),
    ("HE-SAMR", "河北省市场监督管理局", "HE"),
)

# (code, name, disclosure): the public credit information catalogue (Art. 10, R-INFO-2).
CATALOGUE: Final[tuple[tuple[str, str, str], ...]] = (
    ("ADMIN_FRAUD", "以欺骗、贿赂等不正当手段取得行政许可、确认、给付、奖励信息", "PUBLIC"),
    ("ADMIN_PENALTY", "行政处罚信息（一般程序）", "PUBLIC"),
    ("ADMIN_ENFORCEMENT", "拒不履行行政决定被强制执行信息", "PUBLIC"),
    ("COURT_DEFAULTER", "失信被执行人信息", "PUBLIC"),
    ("TAX_ARREARS", "欠缴税款信息", "SHARED"),
    ("WAGE_ARREARS", "拖欠农民工工资信息", "SHARED"),
    ("SOCIAL_INSURANCE_ARREARS", "社会保险费欠缴信息", "RESTRICTED"),
    ("COMMENDATION", "表彰奖励信息", "PUBLIC"),
    ("VOLUNTEER", "志愿服务信息", "RESTRICTED"),
    ("DONATION", "慈善捐赠信息", "SHARED"),
    ("CREDIT_COMMITMENT", "信用承诺及履行信息", "PUBLIC"),
)

_LIST_PUBLISHED: Final[dict[str, date]] = {
    "TJ-SERIOUS": date(2021, 1, 1),
    "TJ-JOINT-SANCTION": date(2021, 1, 1),
    "TJ-JOINT-REWARD": date(2021, 1, 1),
    "TJ-COURT-DEFAULTERS": date(2013, 10, 1),
    "BJ-SERIOUS": date(2021, 3, 1),
    "HE-SERIOUS": date(2021, 3, 1),
}

LISTS: Final[tuple[Item, ...]] = (
    {
        "id": "TJ-SERIOUS",
        "type": "SERIOUS",
        "issuer": "TJ-FGW",
        "region": "TJ",
        "criteria": "存在《天津市社会信用条例》第二十七条规定的严重失信行为，"
        "经有关行政机关依法认定的信用主体（天津市严重失信主体名单）",
        "published_at": "2021-01-01",
    },
    {
        "id": "TJ-JOINT-SANCTION",
        "type": "JOINT_SANCTION",
        "issuer": "TJ-FGW",
        "region": "TJ",
        "criteria": "符合依照《天津市社会信用条例》第三十条制定的失信联合惩戒对象名单认定标准的"
        "信用主体（天津市失信联合惩戒对象名单）",
        "published_at": "2021-01-01",
    },
    {
        "id": "TJ-JOINT-REWARD",
        "type": "JOINT_REWARD",
        "issuer": "TJ-FGW",
        "region": "TJ",
        "criteria": "符合依照《天津市社会信用条例》第三十条制定的守信联合激励对象名单认定标准，"
        "无失信信息记录且获得表彰奖励、信用承诺履行良好的信用主体（天津市守信联合激励对象名单）",
        "published_at": "2021-01-01",
    },
    {
        "id": "TJ-COURT-DEFAULTERS",
        "type": "JOINT_SANCTION",
        "issuer": "TJ-HIGH-COURT",
        "region": "TJ",
        "criteria": "依照《最高人民法院关于公布失信被执行人名单信息的若干规定》，"
        "有履行能力而拒不履行生效法律文书确定义务的被执行人（失信被执行人名单）",
        "published_at": "2013-10-01",
    },
    {
        "id": "BJ-SERIOUS",
        "type": "SERIOUS",
        "issuer": "BJ-FGW",
        "region": "BJ",
        "criteria": "依照《北京市社会信用条例》认定的严重失信主体，"
        "按京津冀区域信用合作机制互认（北京市严重失信主体名单）",
        "published_at": "2021-03-01",
    },
    {
        "id": "HE-SERIOUS",
        "type": "SERIOUS",
        "issuer": "HE-FGW",
        "region": "HE",
        "criteria": "依照《河北省社会信用信息条例》认定的严重失信主体，"
        "按京津冀区域信用合作机制互认（河北省严重失信主体名单）",
        "published_at": "2021-03-01",
    },
)

_ALL_MATTERS: Final = [code for code, _, _ in MATTERS]
_PERMITS: Final = [
    "MARKET_ENTRY",
    "FOOD_PERMIT",
    "FOOD_PRODUCTION_PERMIT",
    "DRUG_PERMIT",
    "CONSTRUCTION_QUALIFICATION",
    "ENV_PERMIT",
    "TRANSPORT_PERMIT",
    "SCHOOL_LICENCE",
    "MEDICAL_LICENCE",
    "LABOUR_DISPATCH_PERMIT",
]
_ROLES_ALL: Final = ["LEGAL_REPRESENTATIVE", "PRINCIPAL", "ACTUAL_CONTROLLER"]
_REG: Final = "《天津市社会信用条例》"


def _measure(
    code: str,
    kind: str,
    description: str,
    legal_basis: str,
    means: str,
    authority: str,
    lists: list[str],
    matters: list[str],
    published_at: str,
    *,
    roles: Sequence[str] = ("SELF",),
    all_matters: bool = False,
) -> Item:
    return {
        "code": code,
        "kind": kind,
        "description": description,
        "legal_basis": legal_basis,
        "means": means,
        "authority": authority,
        "lists": lists,
        "matters": matters,
        "all_matters": all_matters,
        "roles": list(roles),
        "published_at": published_at,
    }


# The measure catalogue (Art. 31, R-LIST-3): rewards of Art. 25, sanctions of Art. 26 on the
# joint sanction lists, sanctions of Art. 29 on the serious lists (Beijing's and Hebei's count
# under mutual recognition, R-LIST-6). All-matters measures also list every matter, so they
# concern each matter whichever way a reader takes "applies across all matters".
MEASURES: Final[tuple[Item, ...]] = (
    _measure(
        "R-GREEN-CHANNEL", "REWARD",
        "对守信联合激励对象办理行政许可开辟绿色通道，优先办理",
        f"{_REG}第二十五条第一项", "优先受理、优先审查、优先办结",
        "TJ-ZWFW", ["TJ-JOINT-REWARD"], _PERMITS, "2021-06-30",
    ),
    _measure(
        "R-TOLERANCE", "REWARD",
        "行政许可容缺受理：非关键性申请材料暂缺的先行受理，限期补正",
        f"{_REG}第二十五条第一项", "容缺受理、简化程序",
        "TJ-ZWFW", ["TJ-JOINT-REWARD"],
        ["FOOD_PERMIT", "DRUG_PERMIT", "ENV_PERMIT", "TRANSPORT_PERMIT", "MARKET_ENTRY"],
        "2022-03-15",
    ),
    _measure(
        "R-FUNDING-PRIORITY", "REWARD",
        "在财政性资金和项目支持中，同等条件下列为优先选择对象",
        f"{_REG}第二十五条第二项", "同等条件下优先安排资金和项目",
        "TJ-CZJ", ["TJ-JOINT-REWARD"], ["SUBSIDY", "RESEARCH_FUNDING", "EMPLOYMENT_SUBSIDY"],
        "2021-06-30",
    ),
    _measure(
        "R-HONOURS-PRIORITY", "REWARD",
        "在评先评优、人才引进中同等条件下优先考虑",
        f"{_REG}第二十五条第四项", "同等条件下优先推荐",
        "TJ-RSJ", ["TJ-JOINT-REWARD"], ["HONOURS", "TALENT_INTRO"], "2021-09-01",
    ),
    _measure(
        "R-TAX-SERVICE", "REWARD",
        "纳税服务便利：出口退税优先办理",
        f"{_REG}第二十五条第一项、第四项", "出口退税绿色通道，优先审核",
        "TJ-TAX", ["TJ-JOINT-REWARD"], ["EXPORT_TAX_REFUND", "TAX_CREDIT_A"], "2022-01-01",
    ),
    _measure(
        "R-FEWER-INSPECTIONS", "REWARD",
        "在日常监管中合理减少检查频次（2027年版措施清单新增，自公布之日起实施）",
        f"{_REG}第二十五条第三项", "降低“双随机、一公开”抽查比例和频次",
        "TJ-SAMR", ["TJ-JOINT-REWARD"], _ALL_MATTERS, "2027-01-01", all_matters=True,
    ),
    _measure(
        "S-NO-COMMITMENT", "SANCTION",
        "在办理行政许可过程中，减少对其采取告知承诺制审批等便利化措施的范围",
        f"{_REG}第二十六条第一款第一项", "不适用告知承诺制，严格审查全部申请材料",
        "TJ-ZWFW", ["TJ-JOINT-SANCTION"], _PERMITS, "2021-06-30",
    ),
    _measure(
        "S-TRADING-SCORE", "SANCTION",
        "在公共资源交易中给予信用减分、降低信用等级",
        f"{_REG}第二十六条第一款第二项", "公共资源交易信用评分扣减、信用等级降级",
        "TJ-ZWFW", ["TJ-JOINT-SANCTION"], ["GOV_PROCUREMENT", "CONSTRUCTION_BID", "LAND_SUPPLY"],
        "2021-06-30",
    ),
    _measure(
        "S-KEY-SUPERVISION", "SANCTION",
        "在日常监管中列为重点监管对象，增加监管频次，加强现场检查",
        f"{_REG}第二十六条第一款第三项", "提高抽查比例和频次，加强现场检查",
        "TJ-SAMR", ["TJ-JOINT-SANCTION", "TJ-COURT-DEFAULTERS"], _PERMITS, "2021-06-30",
    ),
    _measure(
        "S-HONOURS", "SANCTION",
        "限制参加评先评优和人才引进",
        f"{_REG}第二十六条第一款第五项", "取消评先评优、人才引进资格",
        "TJ-RSJ", ["TJ-JOINT-SANCTION"], ["HONOURS", "TALENT_INTRO"], "2021-09-01",
        roles=("SELF", "LEGAL_REPRESENTATIVE", "PRINCIPAL"),
    ),
    _measure(
        "S-HIGH-CONSUMPTION", "SANCTION",
        "限制失信被执行人及其法定代表人、主要负责人、实际控制人高消费及非生活和工作必需的消费行为",
        f"{_REG}第二十六条第一款第五项；"
        "《最高人民法院关于限制被执行人高消费及有关消费的规定》第三条",
        "限制乘坐飞机、列车软卧，限制在星级以上宾馆、高消费场所消费",
        "TJ-HIGH-COURT", ["TJ-COURT-DEFAULTERS"], _ALL_MATTERS, "2021-01-01",
        roles=("SELF", *_ROLES_ALL), all_matters=True,
    ),
    _measure(
        "S-MARKET-ENTRY", "SANCTION",
        "限制进入相关市场或者行业",
        f"{_REG}第二十九条第一项",
        "依法不予办理相关行业准入许可和资质审批，限制参与政府采购、招标投标和国有土地出让",
        "TJ-SAMR", ["TJ-SERIOUS", "BJ-SERIOUS", "HE-SERIOUS"],
        [*_PERMITS, "GOV_PROCUREMENT", "CONSTRUCTION_BID", "LAND_SUPPLY"], "2021-06-30",
    ),
    _measure(
        "S-POSITION", "SANCTION",
        "限制相关任职资格：限制担任相关行业企业的法定代表人、主要负责人，限制公务员招录和人才引进",
        f"{_REG}第二十九条第二项、第三十二条", "依法不予任职登记，取消招录、引进资格",
        "TJ-RSJ", ["TJ-SERIOUS", "TJ-JOINT-SANCTION"],
        ["COMPANY_OFFICER", "CIVIL_SERVICE_HIRING", "TALENT_INTRO", *_PERMITS], "2021-06-30",
        roles=_ROLES_ALL,
    ),
    _measure(
        "S-FINANCE", "SANCTION",
        "限制开展相关金融业务",
        f"{_REG}第二十九条第三项", "金融机构审慎授信，限制发行企业债券",
        "TJ-JRJ", ["TJ-SERIOUS"], ["BANK_LOAN", "BOND_ISSUE"], "2026-06-01",
    ),
    _measure(
        "S-SUBSIDY", "SANCTION",
        "限制享受相关资助扶持政策",
        f"{_REG}第二十九条第四项", "不予安排财政补贴、科研经费和稳岗补贴，取消出口退税便利",
        "TJ-CZJ", ["TJ-SERIOUS", "BJ-SERIOUS", "HE-SERIOUS"],
        ["SUBSIDY", "RESEARCH_FUNDING", "EMPLOYMENT_SUBSIDY", "EXPORT_TAX_REFUND", "TAX_CREDIT_A"],
        "2021-06-30",
    ),
    _measure(
        "S-HONOURS-SERIOUS", "SANCTION",
        "限制获得相关荣誉称号",
        f"{_REG}第二十九条第五项", "不予授予相关荣誉称号，已授予的依法撤销",
        "TJ-GOV", ["TJ-SERIOUS"], ["HONOURS"], "2021-06-30",
        roles=("SELF", "LEGAL_REPRESENTATIVE", "PRINCIPAL"),
    ),
)  # fmt: skip


# R-LIST-6 (Art. 8): mutual recognition with Hebei of serious lists since 2023; the Beijing
# agreement on serious lists ended in 2024, so Beijing's list shows the rule's other side.
RECOGNITIONS: Final[tuple[Item, ...]] = (
    {"region": "HE", "list_type": "SERIOUS", "valid_from": "2023-01-01", "valid_to": None},
    {"region": "BJ", "list_type": "SERIOUS", "valid_from": "2021-01-01", "valid_to": "2024-01-01"},
)


def reference_items() -> dict[str, list[Item]]:
    """The fixed catalogue every dataset shares: domains, matters, authorities, catalogue
    items, lists and measures, as ingestion items (fresh copies)."""
    return {
        "domains": [{"code": c, "name": n, "parent": p} for c, n, p in DOMAINS],
        "matters": [{"code": c, "name": n, "domain": d} for c, n, d in MATTERS],
        "authorities": [{"code": c, "name": n, "region": r} for c, n, r in AUTHORITIES],
        "catalogue": [{"code": c, "name": n, "disclosure": d} for c, n, d in CATALOGUE],
        "lists": [dict(item) for item in LISTS],
        "recognitions": [dict(item) for item in RECOGNITIONS],
        "measures": [json.loads(_ENCODER.encode(item)) for item in MEASURES],
    }


# --- identifiers --------------------------------------------------------------------------

_USCC_ALPHABET: Final = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_ORG_CODE_WEIGHTS: Final = (3, 7, 9, 10, 5, 8, 4, 2)


def organisation_code(body: str) -> str:
    """The 9-character organisation code (GB 11714): 8 body characters and the check one."""
    total = sum(
        (int(c) if c.isdigit() else ord(c) - 55) * w
        for c, w in zip(body, _ORG_CODE_WEIGHTS, strict=True)
    )
    check = 11 - total % 11
    return body + ("X" if check == 10 else "0" if check == 11 else str(check))


def make_uscc(entity_type: str, division: str, body: str) -> str:
    """A USCC (GB 32100): '9' (market regulator), the entity type ('1' company, '2' individual
    business), the 6-digit division code, the organisation code of `body`, the check."""
    code17 = "9" + entity_type + division + organisation_code(body)
    return code17 + str(uscc.calc_check_digit(code17))


def make_resident_id(place: str, birth: date, order: int) -> str:
    """A resident ID number (GB 11643): place code, birth date, 3-digit order code, check."""
    body = f"{place}{birth:%Y%m%d}{order:03d}"
    return body + str(ric.calc_check_digit(body + "0"))


def _coprime(rng: random.Random, modulus: int) -> int:
    """A multiplier that makes `i -> (a*i + b) % modulus` a permutation (unique ids)."""
    while True:
        a = rng.randrange(modulus // 3, modulus)
        if math.gcd(a, modulus) == 1:
            return a


def _base31(value: int, width: int) -> str:
    chars = []
    for _ in range(width):
        value, digit = divmod(value, 31)
        chars.append(_USCC_ALPHABET[digit])
    return "".join(reversed(chars))


_CN_ITEM: Final = "一二三四五"

_POSITIVE_CATALOGUE: Final = {
    "COMMENDATION": "COMMENDATION",
    "VOLUNTEER": "VOLUNTEER",
    "DONATION": "DONATION",
    "COMMITMENT": "CREDIT_COMMITMENT",
}
_PERSON_POSITIVE_BASIS: Final = f"{_REG}第十一条、第十五条"

# Texts of entries (R-LIST-1: basis, removal conditions, remedy).
REMEDY: Final = "对列入决定不服的，可依法申请行政复议或提起行政诉讼；列入前可向认定机关陈述和申辩"
_SERIOUS_REMOVAL: Final = (
    "自列入之日起满一年，已履行行政处罚等法定义务、完成信用修复的，可申请提前移出；"
    "失信信息查询期限届满的，自动移出"
)
_JOINT_REMOVAL: Final = "完成信用修复或者失信信息查询期限届满的，及时移出名单"
_COURT_REMOVAL: Final = (
    "全部履行生效法律文书确定的义务，或者与申请执行人达成执行和解协议并履行完毕的，删除失信信息"
)
_COURT_REMEDY: Final = "认为纳入失信被执行人名单错误的，可以向执行法院申请纠正"
_REWARD_REMOVAL: Final = (
    "出现失信信息记录或者被列入严重失信主体名单、失信联合惩戒对象名单的，移出名单"
)
_REWARD_REMEDY: Final = "对认定结果有异议的，可向天津市发展和改革委员会提出异议申请"


def serious_basis(document: str) -> str:
    """The basis text of a serious-list entry resting on `document`."""
    return f"依据{document}认定的失信行为，属《天津市社会信用条例》第二十七条规定的严重失信行为"


def joint_basis(document: str) -> str:
    """The basis text of a joint-sanction-list entry resting on `document`."""
    return f"依据{document}，符合天津市失信联合惩戒对象名单认定标准"


def court_basis(document: str) -> str:
    """The basis text of a court-defaulter entry resting on `document`."""
    return (
        f"有履行能力而拒不履行{document}确定的义务，依据《最高人民法院关于公布失信被执行人"
        "名单信息的若干规定》第一条纳入失信被执行人名单"
    )


def reward_basis(title: str | None) -> str:
    """The basis text of a joint-reward-list entry."""
    if title is None:
        return "近三年无失信信息记录，信用承诺履行良好，符合天津市守信联合激励对象名单认定标准"
    return f"获评“{title}”，无失信信息记录，符合天津市守信联合激励对象名单认定标准"


def entry_item(
    entry_id: str,
    list_id: str,
    subject: Ref,
    record: str | None,
    listed_at: date,
    basis: str,
) -> Item:
    """An entry with the removal conditions and remedy that go with its list."""
    if list_id == "TJ-COURT-DEFAULTERS":
        removal, remedy = _COURT_REMOVAL, _COURT_REMEDY
    elif list_id == "TJ-JOINT-REWARD":
        removal, remedy = _REWARD_REMOVAL, _REWARD_REMEDY
    elif list_id == "TJ-JOINT-SANCTION":
        removal, remedy = _JOINT_REMOVAL, REMEDY
    else:
        removal, remedy = _SERIOUS_REMOVAL, REMEDY
    return {
        "id": entry_id,
        "list": list_id,
        "subject": subject,
        "record": record,
        "listed_at": listed_at.isoformat(),
        "basis": basis,
        "removal_conditions": removal,
        "remedy": remedy,
    }


def dishonesty_basis(category: int) -> str:
    """The legal basis carried by a dishonesty record about a natural person (R-INFO-5)."""
    return f"{_REG}第十二条第一款第{_CN_ITEM[category - 1]}项"


# --- output -------------------------------------------------------------------------------


def write_items(out_dir: Path, items: Mapping[str, Iterable[Item]]) -> dict[str, int]:
    """Write `<kind>.jsonl` for every kind (empty files for kinds without items)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        sink = _Sink(out_dir, stack)
        for kind in KINDS:
            for item in items.get(kind, ()):
                sink.write(kind, item)
        return dict(sink.counts)


class _Sink:
    """One open JSONL file per kind; items are encoded compactly with Chinese kept as is."""

    def __init__(self, out_dir: Path, stack: ExitStack) -> None:
        self._files: dict[str, IO[str]] = {
            kind: stack.enter_context(
                (out_dir / f"{kind}.jsonl").open(
                    "w", encoding="utf-8", newline="\n", buffering=1 << 20
                )
            )
            for kind in KINDS
        }
        self.counts: dict[str, int] = dict.fromkeys(KINDS, 0)

    def write(self, kind: str, item: Item) -> None:
        self._files[kind].write(_ENCODER.encode(item) + "\n")
        self.counts[kind] += 1


# --- the generator ------------------------------------------------------------------------

_COMPANY, _PARTNERSHIP, _SOLE, _INDIVIDUAL, _BRANCH = range(5)

_FOUNDED_FIRST: Final = date(2005, 1, 1).toordinal()
_FOUNDED_LAST: Final = date(2024, 12, 31).toordinal()
_NEW_CODES_FROM: Final = date(2015, 10, 1).toordinal()  # "MA" organisation codes after this
_RECORDS_FIRST: Final = date(2016, 1, 1).toordinal()
_POSITIVE_FIRST: Final = date(2019, 1, 1).toordinal()
_TODAY: Final = REFERENCE_DATE.toordinal()
_BIRTH_FIRST: Final = date(1950, 1, 1).toordinal()
_BIRTH_DAYS: Final = date(2000, 12, 31).toordinal() - _BIRTH_FIRST + 1
_ORDERS: Final = 999  # order codes 001-999

_DIVISIONS: Final = (*names.TIANJIN, *names.BEIJING, *names.HEBEI)
_TIANJIN_COUNT: Final = len(names.TIANJIN)


def _cumulative(weights: Iterable[int]) -> tuple[int, ...]:
    return tuple(itertools.accumulate(weights))


_SURNAMES: Final = tuple(s for s, _ in names.SURNAMES)
_SURNAME_CUM: Final = _cumulative(w for _, w in names.SURNAMES)
_TJ_CUM: Final = _cumulative(d.weight for d in names.TIANJIN)
_INDUSTRY_CUM: Final = _cumulative(i.weight for i in names.INDUSTRIES)
_SUFFIXES: Final = tuple(s for s, _ in names.COMPANY_SUFFIXES)
_SUFFIX_CUM: Final = _cumulative(w for _, w in names.COMPANY_SUFFIXES)
_INDUSTRY_INDEX: Final = {ind.word: i for i, ind in enumerate(names.INDUSTRIES)}
# Words of the unincorporated forms by industry, and the industries they come in.
_FORM_WORDS: Final[dict[int, dict[int, tuple[str, ...]]]] = {
    otype: {
        _INDUSTRY_INDEX[industry]: tuple(w for w, i in pairs if i == industry)
        for _, industry in pairs
    }
    for otype, pairs in (
        (_PARTNERSHIP, names.PARTNERSHIPS),
        (_SOLE, names.SOLE_PROPRIETORSHIPS),
        (_INDIVIDUAL, names.SHOPS),
    )
}
_FORM_INDUSTRIES: Final = {otype: tuple(words) for otype, words in _FORM_WORDS.items()}
_CN_NUMBERS: Final = "〇一二三四五六七八九十"
_TRADE: Final = tuple(dict.fromkeys(names.TRADE_CHARS))
_GIVEN_MALE: Final = tuple(dict.fromkeys(names.GIVEN_MALE))
_GIVEN_FEMALE: Final = tuple(dict.fromkeys(names.GIVEN_FEMALE))


def _iso(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()


def _year(ordinal: int) -> int:
    return date.fromordinal(ordinal).year


class _Generator:
    """The state of one run: the random stream, the per-subject arrays and the open files."""

    def __init__(
        self,
        n_subjects: int,
        seed: int,
        sink: _Sink,
        progress: Callable[[int], None] | None,
    ) -> None:
        self.rng = random.Random(seed)
        self.sink = sink
        self.progress = progress
        self.pending = 0
        self.n_org = round(n_subjects * 0.6)
        self.n_person = n_subjects - self.n_org
        self.n_branch = self.n_org * 3 // 100
        self.n_main = self.n_org - self.n_branch
        # persons
        self.rids: list[str] = []
        self.birth_year = array("H")
        self.birth_region: list[str] = []
        self.male = bytearray()
        # organisations
        self.usccs: list[str] = []
        self.otype = bytearray()
        self.division = bytearray()
        self.industry = bytearray()
        self.founded = array("i")
        self.branch_parent: list[int] = []
        self.parent_names: dict[int, str] = {}
        self.branch_names: dict[int, set[str]] = {}
        # groups and cycles: planned holders of an organisation (is_org, index, basis points)
        self.fixed: dict[int, list[tuple[bool, int, int]]] = {}
        self.group_of: dict[int, tuple[int, int]] = {}
        self.group_trade: list[str] = []
        self.group_person: list[int] = []
        self.group_top: list[int] = []
        self.group_names: list[set[str]] = []
        # running ids
        self.record_no = 0
        self.entry_no = 0
        self.doc_no: dict[str, int] = {}
        self.rewarded_persons: set[int] = set()

    # --- small helpers ---

    def _pick(self, cum: Sequence[int]) -> int:
        return bisect.bisect_right(cum, self.rng.random() * cum[-1])

    def _tick(self) -> None:
        self.pending += 1
        if self.pending == 1000:
            self._flush_progress()

    def _flush_progress(self) -> None:
        if self.progress is not None and self.pending:
            self.progress(self.pending)
        self.pending = 0

    def _person(self, at: int, exclude: Iterable[int] = ()) -> int:
        """A person at least 20 years old on day `at`, not in `exclude`."""
        limit = _year(at) - 20
        skip = set(exclude)
        candidate = 0
        for _ in range(200):
            candidate = self.rng.randrange(self.n_person)
            if self.birth_year[candidate] <= limit and candidate not in skip:
                return candidate
        return candidate

    def _pref(self, person: int) -> dict[str, str]:
        return {"resident_id": self.rids[person]}

    def _trade_name(self) -> str:
        return "".join(self.rng.sample(_TRADE, 2))

    def _document(self, prefix: str, year: int, suffix: str = "") -> str:
        """A document number unique per issuer and year: 津市监罚〔2023〕15号."""
        key = f"{prefix}〔{year}〕{suffix}"
        number = self.doc_no.get(key, 0) + self.rng.randint(1, 6)
        self.doc_no[key] = number
        return f"{prefix}〔{year}〕{suffix}{number}号"

    def _court_case(self, court: str, year: int) -> str:
        """A court enforcement case number: （2023）津0101执1234号."""
        key = f"（{year}）{court}执"
        number = self.doc_no.get(key, self.rng.randint(100, 400)) + self.rng.randint(1, 9)
        self.doc_no[key] = number
        return f"{key}{number}号"

    def _next_record(self) -> str:
        self.record_no += 1
        return f"R{self.record_no:06d}"

    def _next_entry(self) -> str:
        self.entry_no += 1
        return f"E{self.entry_no:06d}"

    # --- planning ---

    def plan_persons(self) -> None:
        """Resident IDs (R-SUBJ-1): an affine permutation of (birth place, birth day, order
        code) makes them unique without remembering which were used."""
        rng = self.rng
        modulus = len(names.BIRTH_PLACES) * _BIRTH_DAYS * _ORDERS
        a, b = _coprime(rng, modulus), rng.randrange(modulus)
        for i in range(self.n_person):
            x = (a * i + b) % modulus
            x, order = divmod(x, _ORDERS)
            place, day = divmod(x, _BIRTH_DAYS)
            birth = date.fromordinal(_BIRTH_FIRST + day)
            code, region = names.BIRTH_PLACES[place]
            self.rids.append(make_resident_id(code, birth, order + 1))
            self.birth_year.append(birth.year)
            self.birth_region.append(region)
            self.male.append((order + 1) % 2)

    def plan_organisations(self) -> None:
        """Form, place, industry, founding day and USCC of every organisation; branches last.
        Organisation codes come from two permutations (8 digits before 2015-10, "MA" + 6
        characters after), so USCCs are unique too."""
        rng = self.rng
        legacy_a, legacy_b = _coprime(rng, 10**8), rng.randrange(10**8)
        new_a, new_b = _coprime(rng, 31**6), rng.randrange(31**6)
        legacy_k = new_k = 0
        span = _FOUNDED_LAST - _FOUNDED_FIRST
        for j in range(self.n_org):
            if j < self.n_main:
                r = rng.random()
                otype = (
                    _COMPANY
                    if r < 0.85
                    else _PARTNERSHIP
                    if r < 0.89
                    else _SOLE
                    if r < 0.93
                    else _INDIVIDUAL
                )
                r = rng.random()
                if r < 0.96:
                    division = self._pick(_TJ_CUM)
                elif r < 0.98:
                    division = _TIANJIN_COUNT + rng.randrange(len(names.BEIJING))
                else:
                    division = _TIANJIN_COUNT + len(names.BEIJING) + rng.randrange(len(names.HEBEI))
                if otype in _FORM_INDUSTRIES:
                    industry = rng.choice(_FORM_INDUSTRIES[otype])
                else:
                    industry = self._pick(_INDUSTRY_CUM)
                # More firms were founded in recent years.
                founded = _FOUNDED_FIRST + int(span * rng.random() ** 0.7)
            else:
                parent = rng.randrange(self.n_main)
                while (
                    self.otype[parent] != _COMPANY
                    or _DIVISIONS[self.division[parent]].region[:2] != "TJ"
                ):
                    parent = rng.randrange(self.n_main)
                self.branch_parent.append(parent)
                self.parent_names[parent] = ""
                otype, industry = _BRANCH, self.industry[parent]
                division = self._pick(_TJ_CUM)
                founded = rng.randint(self.founded[parent], _FOUNDED_LAST)
            if founded < _NEW_CODES_FROM:
                body = f"{(legacy_a * legacy_k + legacy_b) % 10**8:08d}"
                legacy_k += 1
            else:
                body = "MA" + _base31((new_a * new_k + new_b) % 31**6, 6)
                new_k += 1
            kind_digit = "2" if otype == _INDIVIDUAL else "1"
            self.usccs.append(make_uscc(kind_digit, _DIVISIONS[division].code, body))
            self.otype.append(otype)
            self.division.append(division)
            self.industry.append(industry)
            self.founded.append(founded)

    def _free_company(self, used: set[int]) -> int | None:
        for _ in range(1000):
            j = self.rng.randrange(self.n_main)
            if self.otype[j] == _COMPANY and j not in used:
                used.add(j)
                return j
        return None

    def plan_groups_and_cycles(self) -> None:
        """Pyramids 3-6 levels deep and ownership cycles, as planned holders (R-SUBJ-3)."""
        rng = self.rng
        used: set[int] = set(self.parent_names)
        for gid in range(max(1, self.n_main // 1000)):
            top = self._free_company(used)
            if top is None:
                break
            person = self._person(self.founded[top])
            self.group_trade.append(self._trade_name())
            self.group_person.append(person)
            self.group_top.append(top)
            self.group_names.append(set())
            self.group_of[top] = (gid, 0)
            self.fixed[top] = [
                (False, person, 10000 if rng.random() < 0.5 else rng.randint(51, 90) * 100)
            ]
            levels: list[list[int]] = [[top]]
            for level in range(1, rng.randint(3, 6)):
                members: list[int] = []
                for _ in range(rng.randint(1, min(5, 2 * len(levels[-1])))):
                    member = self._free_company(used)
                    if member is None:
                        break
                    parent = rng.choice(levels[-1])
                    earlier = [m for lv in levels for m in lv if m != parent]
                    if earlier and rng.random() < 0.2:
                        # Two minority holders of one group: control through their sum.
                        a = rng.randint(25, 45) * 100
                        b = rng.randint(max(51 * 100 - a, 2000) // 100, 40) * 100
                        self.fixed[member] = [(True, parent, a), (True, rng.choice(earlier), b)]
                    else:
                        ratio = 10000 if rng.random() < 0.4 else rng.randint(51, 95) * 100
                        self.fixed[member] = [(True, parent, ratio)]
                    self.group_of[member] = (gid, level)
                    members.append(member)
                if not members:
                    break
                levels.append(members)
        for _ in range(max(1, self.n_main // 5000)):
            size = 2 if rng.random() < 0.8 else 3
            cycle = [self._free_company(used) for _ in range(size)]
            if any(c is None for c in cycle):
                break
            ring = [c for c in cycle if c is not None]
            for k, holder in enumerate(ring):
                held = ring[(k + 1) % size]
                bp = rng.randint(10, 40) * 100 if k == 0 else rng.randint(5, 30) * 100
                self.fixed.setdefault(held, []).append((True, holder, bp))

    # --- persons ---

    def _person_name(self, i: int) -> str:
        rng = self.rng
        surname = _SURNAMES[self._pick(_SURNAME_CUM)]
        pool = _GIVEN_MALE if (self.male[i] == 1) == (rng.random() < 0.92) else _GIVEN_FEMALE
        given = rng.choice(pool) if rng.random() < 0.3 else "".join(rng.choices(pool, k=2))
        return surname + given

    def persons(self) -> None:
        """Write the natural persons, their few records and reward entries."""
        rng = self.rng
        for i in range(self.n_person):
            r = rng.random()
            if r < 0.7:
                region = self.birth_region[i]
            elif r < 0.97:
                region = names.TIANJIN[self._pick(_TJ_CUM)].region
            else:
                region = "BJ" if r < 0.985 else "HE"
            self.sink.write(
                "subjects",
                {
                    "kind": "NATURAL_PERSON",
                    "name": self._person_name(i),
                    "resident_id": self.rids[i],
                    "region": region,
                },
            )
            dishonest = False
            if rng.random() < 0.005:
                adult = date(self.birth_year[i] + 18, 7, 1).toordinal()
                for _ in range(1 if rng.random() < 0.75 else 2):
                    self._person_dishonesty(i, max(_RECORDS_FIRST, adult))
                dishonest = True
            if rng.random() < 0.01:
                kind = rng.choice(("VOLUNTEER", "VOLUNTEER", "DONATION", "COMMENDATION"))
                record, title, start = self._positive(
                    self._pref(i), kind, _POSITIVE_FIRST, person=True
                )
                if not dishonest and rng.random() < 0.3:
                    self._reward_entry(self._pref(i), record, title, start)
                    self.rewarded_persons.add(i)
            self._tick()

    def _person_dishonesty(self, i: int, first: int) -> None:
        rng = self.rng
        r = rng.random()
        category = 4 if r < 0.45 else 2 if r < 0.75 else 1 if r < 0.9 else 5
        if category == 4:
            domain = "FINANCE.CREDIT" if rng.random() < 0.7 else "MARKET"
            court = "津01" + names.TIANJIN[self._pick(_TJ_CUM)].code[4:]
            self._dishonesty(self._pref(i), category, domain, first, court=court, person=True)
        elif category == 2:
            domain = rng.choice(tuple(names.PERSON_PENALTIES))
            summary = rng.choice(names.PERSON_PENALTIES[domain])
            self._dishonesty(self._pref(i), 2, domain, first, summary=summary, person=True)
        elif category == 1:
            domain = rng.choice(names.PERSON_FRAUD_DOMAINS)
            self._dishonesty(self._pref(i), 1, domain, first, person=True)
        else:
            self._dishonesty(self._pref(i), 5, "TAX", first, person=True)

    # --- records and entries ---

    def _dishonesty(
        self,
        subject: Ref,
        category: int,
        domain: str,
        first: int,
        *,
        person: bool,
        summary: str | None = None,
        court: str = "津0101",
        home: str = "TJ",
    ) -> tuple[str, bool, int, int | None] | None:
        """Write one dishonesty record (R-INFO-3) and its list entries; returns
        (record id, serious, act_start, act_end) or None when no date fits."""
        rng = self.rng
        last = _TODAY - 20
        if first > last:
            return None
        start = rng.randint(first, last)
        open_ended = {1: 0.03, 2: 0.03, 3: 0.15, 4: 0.5, 5: 0.4}[category]
        end: int | None = (
            None if rng.random() < open_ended else min(start + rng.randint(0, 240), last)
        )
        decided = min((end or start) + rng.randint(10, 60), _TODAY)
        year = _year(decided)
        if category == 4:
            provider, catalogue = "TJ-HIGH-COURT", "COURT_DEFAULTER"
            document = self._court_case(court, _year(start))
            dispute = rng.choice(names.DISPUTES[domain])
            text = f"有履行能力而拒不履行生效法律文书确定的义务（{dispute}）"
            serious = rng.random() < 0.45
        elif category == 5:
            _, provider, catalogue, prefix, text = next(a for a in names.ARREARS if a[0] == domain)
            document = self._document(prefix, year)
            serious = rng.random() < (0.4 if domain == "LABOUR.WAGES" else 0.2)
        else:
            provider, abbr = names.PROVIDERS[domain]
            if home != "TJ" and category == 2:
                # A Beijing or Hebei regulator penalising a firm registered there.
                provider, abbr = f"{home}-SAMR", "京市监" if home == "BJ" else "冀市监"
            if category == 1:
                catalogue, text = "ADMIN_FRAUD", names.FRAUD[domain]
                document = self._document(abbr + "撤", year)
                serious = rng.random() < 0.5
            elif category == 3:
                penalty = rng.choice(names.PENALTIES[domain])
                catalogue = "ADMIN_ENFORCEMENT"
                text = f"因{penalty}受到行政处罚后拒不履行，被依法强制执行"
                document = self._document(abbr + "强执", year)
                serious = rng.random() < 0.3
            else:
                # Art. 12(2): general procedure only, never minor or self-corrected.
                catalogue = "ADMIN_PENALTY"
                text = summary or rng.choice(names.PENALTIES[domain])
                document = self._document(abbr + "罚", year)
                serious = rng.random() < (0.4 if domain in names.HARMFUL_DOMAINS else 0.15)
        record_id = self._next_record()
        self.sink.write(
            "records",
            {
                "id": record_id,
                "subject": subject,
                "type": "DISHONESTY",
                "category": category,
                "serious": serious,
                "document": document,
                "provider": provider,
                "domain": domain,
                "catalogue_item": catalogue,
                "act_start": _iso(start),
                "act_end": None if end is None else _iso(end),
                "legal_basis": dishonesty_basis(category) if person else None,
                "minor": False,
                "self_corrected": False,
                "extra": {"summary": text},
            },
        )
        base = end if end is not None else start
        if serious:
            if provider in ("BJ-SAMR", "HE-SAMR"):
                home_list = f"{home}-SERIOUS"
                listed = self._listed(home_list, base + rng.randint(15, 60))
                self._entry(home_list, subject, record_id, listed, serious_basis(document))
            else:
                listed = self._listed("TJ-SERIOUS", base + rng.randint(15, 60))
                self._entry("TJ-SERIOUS", subject, record_id, listed, serious_basis(document))
                joint = self._listed("TJ-JOINT-SANCTION", listed + rng.randint(0, 30))
                self._entry("TJ-JOINT-SANCTION", subject, record_id, joint, joint_basis(document))
        if category == 4:
            listed = self._listed("TJ-COURT-DEFAULTERS", start + rng.randint(10, 40))
            self._entry("TJ-COURT-DEFAULTERS", subject, record_id, listed, court_basis(document))
        return record_id, serious, start, end

    def _listed(self, list_id: str, ordinal: int) -> int:
        """A listing day: not before the list was published, not after today."""
        return min(max(ordinal, _LIST_PUBLISHED[list_id].toordinal()), _TODAY)

    def _entry(
        self, list_id: str, subject: Ref, record: str | None, listed: int, basis: str
    ) -> None:
        self.sink.write(
            "entries",
            entry_item(
                self._next_entry(), list_id, subject, record, date.fromordinal(listed), basis
            ),
        )

    def _positive(
        self, subject: Ref, kind: str, first: int, *, person: bool
    ) -> tuple[str, str, int]:
        """Write one positive record (R-INFO-7); returns (record id, title, act_start)."""
        rng = self.rng
        if kind == "COMMENDATION":
            pool = names.PERSON_COMMENDATIONS if person else names.ORG_COMMENDATIONS
            title, provider, domain = rng.choice(pool)
        elif kind == "VOLUNTEER":
            title, provider, domain = (
                ("天津市优秀志愿者" if person else "志愿服务先进集体"),
                "TJ-WMB",
                "PUBLIC_WELFARE",
            )
        elif kind == "DONATION":
            title, provider, domain = "向天津市慈善协会捐赠", "TJ-MZJ", "PUBLIC_WELFARE"
        else:
            title, provider, domain = "作出信用承诺并按期履行", "TJ-FGW", "MARKET"
        start = rng.randint(max(first, _POSITIVE_FIRST), _TODAY - 30)
        end: int | None = start
        if kind == "COMMITMENT":
            end = start + 365 if start + 365 <= _TODAY else None
        record_id = self._next_record()
        self.sink.write(
            "records",
            {
                "id": record_id,
                "subject": subject,
                "type": "POSITIVE",
                "category": kind,
                "serious": False,
                "document": None,
                "provider": provider,
                "domain": domain,
                "catalogue_item": _POSITIVE_CATALOGUE[kind],
                "act_start": _iso(start),
                "act_end": None if end is None else _iso(end),
                "legal_basis": _PERSON_POSITIVE_BASIS if person else None,
                "minor": False,
                "self_corrected": False,
                "extra": {"summary": title},
            },
        )
        return record_id, title, start

    def _reward_entry(
        self, subject: Ref, record: str | None, title: str | None, after: int
    ) -> None:
        listed = self._listed("TJ-JOINT-REWARD", after + self.rng.randint(30, 180))
        self._entry("TJ-JOINT-REWARD", subject, record, listed, reward_basis(title))

    # --- organisations ---

    def _org_name(self, j: int) -> str:
        rng = self.rng
        otype = self.otype[j]
        district = _DIVISIONS[self.division[j]]
        industry = names.INDUSTRIES[self.industry[j]]
        local = (
            f"{district.city}市{district.name}"
            if district.city in ("天津", "北京")
            else district.name
        )
        if j in self.group_of:
            gid, level = self.group_of[j]
            trade, taken = self.group_trade[gid], self.group_names[gid]
            if level == 0:
                kind = rng.choice(("控股集团", "投资集团", "实业集团"))
                name = f"{district.city}{trade}{kind}有限公司"
            else:
                name = f"{district.city}{trade}{industry.word}有限公司"
                for _ in range(8):
                    if name not in taken:
                        break
                    self.industry[j] = self._pick(_INDUSTRY_CUM)
                    name = (
                        f"{district.city}{trade}{names.INDUSTRIES[self.industry[j]].word}有限公司"
                    )
            taken.add(name)
            return name
        trade = self._trade_name()
        if otype in _FORM_WORDS:
            word = rng.choice(_FORM_WORDS[otype][self.industry[j]])
            if otype == _PARTNERSHIP:
                return f"{district.city}{trade}{word}合伙企业（有限合伙）"
            if otype == _INDIVIDUAL and rng.random() < 0.4:
                trade = _SURNAMES[self._pick(_SURNAME_CUM)] + "记"
            return f"{local}{trade}{word}"
        r = rng.random()
        prefix = district.city if r < 0.45 else f"{district.city}市" if r < 0.75 else local
        return f"{prefix}{trade}{industry.word}{_SUFFIXES[self._pick(_SUFFIX_CUM)]}"

    def _subject(self, j: int, name: str) -> None:
        self.sink.write(
            "subjects",
            {
                "kind": "LEGAL_PERSON" if self.otype[j] == _COMPANY else "UNINCORPORATED_ORG",
                "name": name,
                "uscc": self.usccs[j],
                "region": _DIVISIONS[self.division[j]].region,
                "extra": {
                    "established": _iso(self.founded[j]),
                    "industry": names.INDUSTRIES[self.industry[j]].label,
                },
            },
        )

    def _split(self, total: int, parts: int) -> list[int]:
        """`total` basis points in `parts` whole-percent shares, largest first."""
        units = total // 100
        parts = max(1, min(parts, units))
        if parts == 1:
            return [total]
        cuts = sorted(self.rng.sample(range(1, units), parts - 1))
        shares = [(b - a) * 100 for a, b in zip([0, *cuts], [*cuts, units], strict=True)]
        shares[-1] += total - units * 100
        return sorted(shares, reverse=True)

    def _holding(self, holder: Ref, j: int, bp: int, start: int, end: int | None) -> None:
        self.sink.write(
            "holdings",
            {
                "holder": holder,
                "org": self.usccs[j],
                "ratio": bp / 10000,
                "valid_from": _iso(start),
                "valid_to": None if end is None else _iso(end),
            },
        )

    def _holdings(self, j: int) -> list[int]:
        """Write the holdings of organisation j (never above 1 at any time); returns its
        founding person shareholders, largest first."""
        rng = self.rng
        otype = self.otype[j]
        if otype in (_INDIVIDUAL, _BRANCH):
            return []
        founded = self.founded[j]
        fixed = self.fixed.get(j, [])
        rest = 10000 - sum(bp for _, _, bp in fixed)
        exclude = [idx for is_org, idx, _ in fixed if not is_org]
        if otype == _SOLE:
            count = 1
        elif otype == _PARTNERSHIP:
            count = rng.choice((2, 2, 3))
        elif fixed:
            count = 1 if rng.random() < 0.6 else 2
        else:
            r = rng.random()
            count = 1 if r < 0.55 else 2 if r < 0.85 else 3
        people: list[tuple[int, int]] = []
        if rest > 0:
            for bp in self._split(rest, count):
                person = self._person(founded, exclude)
                exclude.append(person)
                people.append((person, bp))
        for is_org, idx, bp in fixed:
            if is_org:
                self._holding(self.usccs[idx], j, bp, max(founded, self.founded[idx]), None)
            else:
                self._holding(self._pref(idx), j, bp, founded, None)
        for person, bp in people:
            if not fixed and founded + 365 < _FOUNDED_LAST and rng.random() < 0.08:
                # A share transfer: the buyer holds from the day the seller stops.
                day = rng.randint(founded + 365, _FOUNDED_LAST)
                buyer = self._person(day, exclude)
                exclude.append(buyer)
                self._holding(self._pref(person), j, bp, founded, day)
                self._holding(self._pref(buyer), j, bp, day, None)
            else:
                self._holding(self._pref(person), j, bp, founded, None)
        return [person for person, _ in people]

    def _chain(
        self, founded: int, first: int | None, change: float
    ) -> list[tuple[int, int, int | None]]:
        """Successive holders of one role: (person, valid_from, valid_to or None)."""
        rng = self.rng
        holder = first if first is not None else self._person(founded)
        changes: list[int] = []
        if founded + 180 < _FOUNDED_LAST and rng.random() < change:
            count = 1 if rng.random() < 0.75 else 2
            changes = sorted({rng.randint(founded + 180, _FOUNDED_LAST) for _ in range(count)})
        chain: list[tuple[int, int, int | None]] = []
        start, seen = founded, [holder]
        for day in changes:
            chain.append((holder, start, day))
            holder = self._person(day, seen)
            seen.append(holder)
            start = day
        chain.append((holder, start, None))
        return chain

    def _role(self, role: str, holder: Ref, j: int, start: int, end: int | None) -> None:
        self.sink.write(
            "roles",
            {
                "role": role,
                "holder": holder,
                "org": self.usccs[j],
                "valid_from": _iso(start),
                "valid_to": None if end is None else _iso(end),
            },
        )

    def _roles(self, j: int, owners: list[int]) -> list[tuple[int, int, int | None]]:
        """Write the roles of organisation j (R-SUBJ-2); returns its legal representatives."""
        rng = self.rng
        founded = self.founded[j]
        group = self.group_of.get(j)
        first: int | None = None
        if group is not None and group[1] == 0 and rng.random() < 0.6:
            first = self.group_person[group[0]]
        elif owners and rng.random() < 0.7:
            first = owners[0]
        legal = self._chain(founded, first, 0.2)
        principal = legal if rng.random() < 0.65 else self._chain(founded, None, 0.15)
        for person, start, end in legal:
            self._role("LEGAL_REPRESENTATIVE", self._pref(person), j, start, end)
        for person, start, end in principal:
            self._role("PRINCIPAL", self._pref(person), j, start, end)
        if group is not None:
            gid, level = group
            if rng.random() < (0.5 if level == 0 else 0.15):
                start = max(founded, self.founded[self.group_top[gid]])
                self._role("ACTUAL_CONTROLLER", self._pref(self.group_person[gid]), j, start, None)
        elif self.otype[j] in (_COMPANY, _PARTNERSHIP) and rng.random() < 0.06:
            controller = owners[0] if owners else self._person(founded)
            self._role("ACTUAL_CONTROLLER", self._pref(controller), j, founded, None)
        return legal

    def _org_dishonesty(self, j: int, legal: list[tuple[int, int, int | None]]) -> bool:
        """Write 1-3 dishonesty records of organisation j, or none; True when written."""
        rng = self.rng
        if rng.random() >= 0.04:
            return False
        industry = names.INDUSTRIES[self.industry[j]]
        district = _DIVISIONS[self.division[j]]
        home = district.region[:2]
        first = max(self.founded[j], _RECORDS_FIRST)
        court = "津01" + (
            district.code[4:] if home == "TJ" else names.TIANJIN[self._pick(_TJ_CUM)].code[4:]
        )
        if rng.random() < 0.15:
            court = rng.choice(("津01", "津02", "津03"))
        written = False
        for _ in range(1 if rng.random() < 0.7 else 2 if rng.random() < 0.67 else 3):
            r = rng.random()
            category = 1 if r < 0.08 else 2 if r < 0.58 else 3 if r < 0.7 else 4 if r < 0.9 else 5
            domain = rng.choice(industry.domains)
            if category == 1:
                if domain not in names.FRAUD or rng.random() < 0.5:
                    domain = rng.choice(names.FRAUD_GENERAL_DOMAINS)
            elif category in (2, 3):
                if domain not in names.PENALTIES or rng.random() < 0.35:
                    domain = rng.choice(names.GENERAL_PENALTY_DOMAINS)
            elif category == 4:
                if domain.startswith("CONSTRUCTION") and rng.random() < 0.6:
                    domain = "CONSTRUCTION"
                elif domain not in names.DISPUTES:
                    domain = rng.choice(tuple(names.DISPUTES))
            else:
                domain = rng.choice(names.ARREARS)[0]
            # Beijing and Hebei firms: half their penalties come from their home regulator.
            from_home = home != "TJ" and category == 2 and rng.random() < 0.5
            if from_home and not domain.startswith(("FOOD", "MARKET", "DRUGS")):
                domain = "MARKET"
            made = self._dishonesty(
                self.usccs[j],
                category,
                domain,
                first,
                person=False,
                court=court,
                home=home if from_home else "TJ",
            )
            if made is None:
                continue
            written = True
            _, serious, start, end = made
            if serious and rng.random() < 0.25:
                self._reward_responsible(legal, start, end)
        return written

    def _reward_responsible(
        self, legal: list[tuple[int, int, int | None]], start: int, end: int | None
    ) -> None:
        """Put the legal representative in office during an act on the reward list, so that
        the reward is withheld (R-PROP-7)."""
        act_end = end if end is not None else _TODAY
        for person, valid_from, valid_to in legal:
            if valid_from <= act_end and (valid_to is None or valid_to > start):
                if person not in self.rewarded_persons:
                    self.rewarded_persons.add(person)
                    ref = self._pref(person)
                    record, title, day = self._positive(
                        ref, "COMMENDATION", _POSITIVE_FIRST, person=True
                    )
                    self._reward_entry(ref, record, title, day)
                return

    def organisations(self) -> None:
        """Write each organisation with its holdings, roles, records and entries."""
        rng = self.rng
        for j in range(self.n_main):
            name = self._org_name(j)
            if j in self.parent_names:
                self.parent_names[j] = name
            self._subject(j, name)
            owners = self._holdings(j)
            legal = self._roles(j, owners)
            dishonest = self._org_dishonesty(j, legal)
            if rng.random() < 0.02:
                kind = rng.choice(
                    (
                        "COMMENDATION",
                        "COMMENDATION",
                        "COMMITMENT",
                        "COMMITMENT",
                        "DONATION",
                        "VOLUNTEER",
                    )
                )
                record, title, start = self._positive(
                    self.usccs[j], kind, self.founded[j], person=False
                )
                if not dishonest and rng.random() < 0.5:
                    self._reward_entry(self.usccs[j], record, title, start)
            elif not dishonest and rng.random() < 0.004:
                self._reward_entry(self.usccs[j], None, None, _POSITIVE_FIRST)
            self._tick()

    def branches(self) -> None:
        """Branches (分公司) of companies, in Tianjin districts (R-SUBJ-4)."""
        for j in range(self.n_main, self.n_org):
            parent = self.branch_parent[j - self.n_main]
            short = _DIVISIONS[self.division[j]].name.removesuffix("新区").removesuffix("区")
            taken = self.branch_names.setdefault(parent, set())
            name = f"{self.parent_names[parent]}{short}分公司"
            number = 1
            while name in taken:
                number += 1
                name = f"{self.parent_names[parent]}{short}第{_CN_NUMBERS[number]}分公司"
            taken.add(name)
            self._subject(j, name)
            legal = self._chain(self.founded[j], None, 0.1)
            for role in ("LEGAL_REPRESENTATIVE", "PRINCIPAL"):
                for person, start, end in legal:
                    self._role(role, self._pref(person), j, start, end)
            self.sink.write("branches", {"branch": self.usccs[j], "parent": self.usccs[parent]})
            self._tick()
        self._flush_progress()


def generate(
    n_subjects: int,
    seed: int,
    out_dir: Path,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Write a synthetic registry of `n_subjects` credit subjects to `out_dir/<kind>.jsonl`.

    Deterministic: the same `(n_subjects, seed)` gives the same bytes. `progress`, when given,
    is called with the number of subjects finished since its last call (the calls add up to
    `n_subjects`). Returns the number of items written per kind.
    """
    if n_subjects < 100:
        raise ValueError("generate needs at least 100 subjects")
    out_dir.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        sink = _Sink(out_dir, stack)
        for kind, items in reference_items().items():
            for item in items:
                sink.write(kind, item)
        gen = _Generator(n_subjects, seed, sink, progress)
        gen.plan_persons()
        gen.plan_organisations()
        gen.plan_groups_and_cycles()
        gen.persons()
        gen.organisations()
        gen.branches()
        return dict(sink.counts)


__all__ = [
    "AUTHORITIES",
    "CATALOGUE",
    "DOMAINS",
    "KINDS",
    "LISTS",
    "MATTERS",
    "MEASURES",
    "REFERENCE_DATE",
    "REMEDY",
    "court_basis",
    "dishonesty_basis",
    "entry_item",
    "generate",
    "joint_basis",
    "make_resident_id",
    "make_uscc",
    "organisation_code",
    "reference_items",
    "reward_basis",
    "serious_basis",
    "write_items",
]

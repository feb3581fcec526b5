"""Word pools, place codes and record texts for the synthetic Tianjin registry.

Plain data, no logic, used by `loaders.generate`: Chinese surnames with rough frequencies,
given-name characters, trade-name characters, the industries a company name can carry (with
the credit domains its dishonest acts usually fall in), the administrative division codes of
Tianjin's districts and of a few Beijing and Hebei ones (GB/T 2260) with the region codes the
service uses, and the texts of records: which authority penalises what in each domain, and
the acts behind each category of Art. 12.
"""

from typing import Final, NamedTuple

# Common surnames with rough relative frequencies (per mille of the population).
SURNAMES: Final[tuple[tuple[str, int], ...]] = (
    ("王", 71), ("李", 70), ("张", 67), ("刘", 54), ("陈", 45), ("杨", 31), ("赵", 23),
    ("黄", 22), ("周", 21), ("吴", 20), ("徐", 17), ("孙", 15), ("胡", 13), ("朱", 13),
    ("高", 12), ("林", 12), ("何", 11), ("郭", 11), ("马", 11), ("罗", 9), ("梁", 8),
    ("宋", 8), ("郑", 8), ("谢", 7), ("韩", 7), ("唐", 6), ("冯", 6), ("于", 6), ("董", 5),
    ("肖", 5), ("程", 5), ("曹", 5), ("袁", 5), ("邓", 5), ("许", 5), ("傅", 4), ("沈", 4),
    ("曾", 4), ("彭", 4), ("吕", 4), ("苏", 4), ("卢", 4), ("蒋", 4), ("蔡", 4), ("贾", 3),
    ("丁", 3), ("魏", 3), ("薛", 3), ("叶", 3), ("阎", 3), ("余", 3), ("潘", 3), ("杜", 3),
    ("戴", 3), ("夏", 3), ("钟", 3), ("汪", 3), ("田", 3), ("任", 3), ("姜", 3), ("范", 3),
    ("方", 3), ("石", 3), ("姚", 3), ("谭", 3), ("廖", 2), ("邹", 2), ("熊", 2), ("金", 2),
    ("陆", 2), ("郝", 2), ("孔", 2), ("白", 2), ("崔", 2), ("康", 2), ("毛", 2), ("邱", 2),
    ("秦", 2), ("江", 2), ("史", 2), ("顾", 2), ("侯", 2), ("邵", 2), ("孟", 2), ("龙", 2),
    ("万", 2), ("段", 2), ("钱", 2), ("汤", 2), ("尹", 2), ("常", 2), ("武", 2), ("乔", 2),
    ("贺", 2), ("龚", 2), ("文", 2), ("欧阳", 1), ("司马", 1), ("诸葛", 1),
)  # fmt: skip

# Given-name characters; men's and women's names draw mostly from their own pool.
GIVEN_MALE: Final = (
    "伟强磊军洋勇杰涛明超刚鹏辉建国志海峰波斌宇浩凯健俊帆旭宁龙林博文立新东亮成兵飞鑫"
    "坤振宏德福金荣瑞祥卫民永庆冬家嘉思晓天一铭睿泽轩航阳诚毅达昊然智远哲瀚"
)
GIVEN_FEMALE: Final = (
    "芳娜敏静丽艳娟秀霞平桂英华玉萍红欣婷雪琳晨颖倩佳怡梦雅慧晶燕蕾薇琦子涵春梅兰凤洁"
    "琴云莉月宝思晓悦馨可彤瑶璐岚菲妍婧雯琪"
)

# Characters of trade names (字号); two distinct ones make a name such as 宏远 or 津泰.
TRADE_CHARS: Final = (
    "华泰盛鑫宏达通瑞丰恒信诚汇德源金顺利兴昌隆鼎海津滨港广联创新嘉和天正永安益佳博远"
    "宇凯捷众润星辰航晟锦宝久祥亿美悦骏腾科邦中东方同立峰耀卓越城运合力鸿蓝誉融沃百"
    "乾坤弘毅晨阳锐豪致精工明智洋渤"
)


class Industry(NamedTuple):
    """An industry word in company names and the domains its dishonest acts fall in."""

    word: str  # as it appears in the name: 天津市宏远<word>有限公司
    label: str  # the industry recorded in the subject's `extra`
    domains: tuple[str, ...]  # domain codes (loaders.generate.DOMAINS)
    weight: int


INDUSTRIES: Final[tuple[Industry, ...]] = (
    Industry("餐饮管理", "餐饮服务", ("FOOD.CATERING",), 8),
    Industry("食品", "食品生产", ("FOOD.PRODUCTION",), 5),
    Industry("食品贸易", "食品销售", ("FOOD.DISTRIBUTION",), 4),
    Industry("医药", "药品经营", ("DRUGS",), 3),
    Industry("建设工程", "建筑施工", ("CONSTRUCTION.QUALITY", "CONSTRUCTION.BIDDING"), 8),
    Industry("建筑装饰工程", "建筑装饰", ("CONSTRUCTION.QUALITY", "CONSTRUCTION.BIDDING"), 4),
    Industry("房地产开发", "房地产开发", ("CONSTRUCTION", "LAND"), 3),
    Industry("商贸", "批发零售", ("MARKET", "TAX.INVOICE"), 12),
    Industry("国际贸易", "进出口贸易", ("TAX", "TAX.INVOICE"), 6),
    Industry("科技", "信息技术服务", ("TAX", "LABOUR.SOCIAL_INSURANCE"), 10),
    Industry("网络科技", "互联网信息服务", ("MARKET", "TAX"), 5),
    Industry("物流", "道路货物运输", ("TRANSPORT",), 6),
    Industry("汽车运输", "道路旅客运输", ("TRANSPORT",), 2),
    Industry("环保科技", "环保工程", ("ENVIRONMENT",), 3),
    Industry("化工", "化工制造", ("ENVIRONMENT.EMISSIONS",), 3),
    Industry("机械制造", "通用设备制造", ("ENVIRONMENT.EMISSIONS", "LABOUR.WAGES"), 5),
    Industry("电子", "电子元器件制造", ("ENVIRONMENT.EMISSIONS", "TAX"), 4),
    Industry("教育咨询", "教育培训", ("EDUCATION",), 3),
    Industry("医疗管理", "医疗服务", ("MEDICAL",), 2),
    Industry("融资租赁", "融资租赁", ("FINANCE.CREDIT",), 1),
    Industry("小额贷款", "小额贷款", ("FINANCE.CREDIT",), 1),
    Industry("人力资源", "人力资源服务", ("LABOUR",), 3),
    Industry("劳务", "劳务派遣", ("LABOUR.WAGES",), 3),
    Industry("物业管理", "物业服务", ("MARKET", "LABOUR.WAGES"), 4),
    Industry("文化传媒", "广告传媒", ("MARKET",), 4),
    Industry("企业管理咨询", "商务服务", ("TAX",), 5),
    Industry("农业科技", "农业", ("FOOD.PRODUCTION", "PUBLIC_FUNDS"), 2),
)

# Shop words of individual businesses (个体工商户), with the industry they belong to.
SHOPS: Final[tuple[tuple[str, str], ...]] = (
    ("餐馆", "餐饮管理"), ("小吃店", "餐饮管理"), ("早点铺", "餐饮管理"), ("便利店", "商贸"),
    ("副食店", "食品贸易"), ("五金店", "商贸"), ("汽车修理部", "商贸"), ("装饰材料店", "商贸"),
    ("药店", "医药"), ("服装店", "商贸"),
)  # fmt: skip

# Words of partnerships (…合伙企业（有限合伙）) and sole proprietorships (个人独资企业),
# with the industry they belong to.
PARTNERSHIPS: Final[tuple[tuple[str, str], ...]] = (
    ("企业管理咨询", "企业管理咨询"), ("股权投资", "企业管理咨询"), ("科技", "科技"),
    ("商务信息咨询", "企业管理咨询"),
)  # fmt: skip
SOLE_PROPRIETORSHIPS: Final[tuple[tuple[str, str], ...]] = (
    ("商贸中心", "商贸"), ("咨询服务部", "企业管理咨询"), ("建材经营部", "商贸"),
    ("科技中心", "科技"), ("餐饮店", "餐饮管理"),
)  # fmt: skip

# Company name endings of limited companies.
COMPANY_SUFFIXES: Final[tuple[tuple[str, int], ...]] = (
    ("有限公司", 80),
    ("有限责任公司", 12),
    ("股份有限公司", 8),
)


class District(NamedTuple):
    """An administrative division: its GB/T 2260 code, name, region code and weight."""

    code: str
    name: str  # as written after the city in a name: 天津市<name>宏远商贸中心
    region: str
    weight: int
    city: str = "天津"  # the city that opens company names: <city>宏远科技有限公司


# Tianjin's districts (120117-120119 became districts in 2015-2016; fine for USCC codes).
TIANJIN: Final[tuple[District, ...]] = (
    District("120101", "和平区", "TJ-HP", 4),
    District("120102", "河东区", "TJ-HD", 5),
    District("120103", "河西区", "TJ-HX", 7),
    District("120104", "南开区", "TJ-NK", 7),
    District("120105", "河北区", "TJ-HB", 5),
    District("120106", "红桥区", "TJ-HQ", 3),
    District("120110", "东丽区", "TJ-DL", 6),
    District("120111", "西青区", "TJ-XQ", 7),
    District("120112", "津南区", "TJ-JN", 6),
    District("120113", "北辰区", "TJ-BC", 6),
    District("120114", "武清区", "TJ-WQ", 7),
    District("120115", "宝坻区", "TJ-BD", 4),
    District("120116", "滨海新区", "TJ-BH", 18),
    District("120117", "宁河区", "TJ-NH", 2),
    District("120118", "静海区", "TJ-JH", 4),
    District("120119", "蓟州区", "TJ-JZ", 3),
)

BEIJING: Final[tuple[District, ...]] = (
    District("110101", "东城区", "BJ", 1, "北京"),
    District("110102", "西城区", "BJ", 1, "北京"),
    District("110105", "朝阳区", "BJ", 2, "北京"),
    District("110106", "丰台区", "BJ", 1, "北京"),
    District("110108", "海淀区", "BJ", 2, "北京"),
)

HEBEI: Final[tuple[District, ...]] = (
    District("130102", "石家庄市长安区", "HE", 1, "石家庄"),
    District("130203", "唐山市路北区", "HE", 1, "唐山"),
    District("130602", "保定市竞秀区", "HE", 1, "保定"),
    District("131002", "廊坊市安次区", "HE", 1, "廊坊"),
    District("131024", "廊坊市香河县", "HE", 1, "廊坊"),
    District("131082", "三河市", "HE", 1, "三河"),
)

# Birth places of resident ID numbers: Tianjin divisions whose code was assigned for every
# birth year 1950-2000 (stdnum checks the code against the birth year). 塘沽, 汉沽 and 大港
# (120107-120109) merged into 滨海新区 in 2009, hence their region TJ-BH.
BIRTH_PLACES: Final[tuple[tuple[str, str], ...]] = (
    ("120101", "TJ-HP"), ("120102", "TJ-HD"), ("120103", "TJ-HX"), ("120104", "TJ-NK"),
    ("120105", "TJ-HB"), ("120106", "TJ-HQ"), ("120107", "TJ-BH"), ("120108", "TJ-BH"),
    ("120109", "TJ-BH"), ("120110", "TJ-DL"), ("120111", "TJ-XQ"), ("120112", "TJ-JN"),
    ("120113", "TJ-BC"),
)  # fmt: skip

# The province prefix of court case numbers (（2023）津0101执1234号) by province code.
COURT_PREFIX: Final[dict[str, str]] = {"12": "津", "11": "京", "13": "冀"}


# --- texts of records ---------------------------------------------------------------------

# Provider and document abbreviation per domain (津市监罚〔2023〕15号).
PROVIDERS: Final[dict[str, tuple[str, str]]] = {
    "MARKET": ("TJ-SAMR", "津市监"),
    "FOOD": ("TJ-SAMR", "津市监"),
    "FOOD.PRODUCTION": ("TJ-SAMR", "津市监"),
    "FOOD.CATERING": ("TJ-SAMR", "津市监"),
    "FOOD.DISTRIBUTION": ("TJ-SAMR", "津市监"),
    "DRUGS": ("TJ-MPA", "津药监"),
    "CONSTRUCTION": ("TJ-ZJW", "津住建"),
    "CONSTRUCTION.BIDDING": ("TJ-ZJW", "津住建"),
    "CONSTRUCTION.QUALITY": ("TJ-ZJW", "津住建"),
    "LAND": ("TJ-GHZY", "津规资"),
    "TAX": ("TJ-TAX", "津税稽"),
    "TAX.INVOICE": ("TJ-TAX", "津税稽"),
    "ENVIRONMENT": ("TJ-SEE", "津环"),
    "ENVIRONMENT.EMISSIONS": ("TJ-SEE", "津环"),
    "PROCUREMENT": ("TJ-CZJ", "津财采"),
    "FINANCE": ("TJ-JRJ", "津金融"),
    "FINANCE.CREDIT": ("TJ-JRJ", "津金融"),
    "FINANCE.SECURITIES": ("TJ-JRJ", "津金融"),
    "LABOUR": ("TJ-RSJ", "津人社"),
    "LABOUR.WAGES": ("TJ-RSJ", "津人社"),
    "LABOUR.SOCIAL_INSURANCE": ("TJ-RSJ", "津人社"),
    "TRANSPORT": ("TJ-JTW", "津交"),
    "EDUCATION": ("TJ-JW", "津教"),
    "MEDICAL": ("TJ-WJW", "津卫"),
    "PUBLIC_FUNDS": ("TJ-CZJ", "津财"),
    "PUBLIC_FUNDS.RESEARCH": ("TJ-KJJ", "津科"),
    "HONOURS": ("TJ-RSJ", "津人社"),
    "PERSONNEL": ("TJ-RSJ", "津人社"),
}

# Art. 12(2): administrative penalties under the general procedure, per domain.
PENALTIES: Final[dict[str, tuple[str, ...]]] = {
    "MARKET": ("虚假宣传", "销售侵犯注册商标专用权的商品", "提交虚假材料取得公司变更登记"),
    "FOOD.CATERING": (
        "使用超过保质期的食品原料加工食品",
        "餐具未经清洗消毒即提供使用",
        "未取得食品经营许可从事餐饮服务",
    ),
    "FOOD.PRODUCTION": (
        "生产不符合食品安全标准的食品",
        "在食品中添加非食用物质",
        "标注虚假生产日期",
    ),
    "FOOD.DISTRIBUTION": ("经营超过保质期的食品", "经营来源不明的冷链食品"),
    "DRUGS": ("销售假药", "未凭处方销售处方药", "药品购销记录不真实"),
    "CONSTRUCTION": ("未取得施工许可证擅自施工",),
    "CONSTRUCTION.BIDDING": ("串通投标", "以他人名义投标、弄虚作假骗取中标", "违法转包、分包工程"),
    "CONSTRUCTION.QUALITY": (
        "施工中偷工减料、使用不合格建筑材料",
        "未按照工程建设强制性标准施工",
        "对一般生产安全事故负有责任",
    ),
    "LAND": ("非法占用土地", "未按出让合同约定开发利用土地"),
    "TAX": ("偷税", "逃避追缴欠税"),
    "TAX.INVOICE": ("虚开增值税专用发票", "非法代开发票"),
    "ENVIRONMENT": ("未批先建，擅自开工建设", "未按规定贮存危险废物"),
    "ENVIRONMENT.EMISSIONS": (
        "超标排放大气污染物",
        "通过暗管偷排水污染物",
        "篡改、伪造自动监测数据",
    ),
    "PROCUREMENT": ("提供虚假材料谋取中标、成交", "与其他供应商恶意串通"),
    "FINANCE.CREDIT": ("违规发放贷款", "违规催收"),
    "LABOUR": ("违法开展劳务派遣业务", "未依法订立劳动合同且拒不改正"),
    "LABOUR.WAGES": ("克扣、无故拖欠劳动者工资",),
    "LABOUR.SOCIAL_INSURANCE": ("骗取社会保险基金支出",),
    "TRANSPORT": ("未取得道路运输经营许可擅自从事经营", "车辆超限运输"),
    "EDUCATION": ("未经批准擅自举办校外培训机构", "违规收取培训费用"),
    "MEDICAL": ("使用非卫生技术人员从事医疗卫生技术工作", "超出登记范围开展诊疗活动"),
}
GENERAL_PENALTY_DOMAINS: Final = (
    "TAX",
    "TAX.INVOICE",
    "LABOUR.WAGES",
    "LABOUR.SOCIAL_INSURANCE",
    "ENVIRONMENT",
    "PROCUREMENT",
    "MARKET",
)
HARMFUL_DOMAINS: Final = frozenset(
    {
        "FOOD.CATERING",
        "FOOD.PRODUCTION",
        "FOOD.DISTRIBUTION",
        "DRUGS",
        "CONSTRUCTION.BIDDING",
        "CONSTRUCTION.QUALITY",
        "TAX.INVOICE",
        "PROCUREMENT",
        "ENVIRONMENT.EMISSIONS",
        "MEDICAL",
    }
)

# Art. 12(1): permits, payments or awards obtained by fraud or bribery, per domain.
FRAUD: Final[dict[str, str]] = {
    "MARKET": "提交虚假材料取得公司登记",
    "FOOD.CATERING": "以提供虚假材料等欺骗手段取得食品经营许可",
    "FOOD.PRODUCTION": "以欺骗手段取得食品生产许可",
    "FOOD.DISTRIBUTION": "以提供虚假材料取得食品经营许可",
    "DRUGS": "提供虚假材料骗取药品经营许可证",
    "CONSTRUCTION": "以欺骗手段取得建筑业企业资质",
    "CONSTRUCTION.QUALITY": "以欺骗手段取得建筑业企业资质",
    "CONSTRUCTION.BIDDING": "以行贿手段取得招标代理资格",
    "TAX": "骗取出口退税",
    "ENVIRONMENT.EMISSIONS": "以欺骗手段取得排污许可证",
    "MEDICAL": "提供虚假材料取得医疗机构执业许可",
    "EDUCATION": "以欺骗手段取得民办学校办学许可",
    "TRANSPORT": "以欺骗手段取得道路运输经营许可",
    "LABOUR": "提供虚假材料取得劳务派遣经营许可",
    "LABOUR.SOCIAL_INSURANCE": "以伪造证明材料手段骗取社会保险待遇",
    "PUBLIC_FUNDS": "虚报冒领财政补贴资金",
    "PUBLIC_FUNDS.RESEARCH": "在科研项目申报中弄虚作假骗取科研经费",
    "HONOURS": "提供虚假材料骗取荣誉称号",
    "PERSONNEL": "提供虚假材料骗取职业资格证书",
}
FRAUD_GENERAL_DOMAINS: Final = (
    "PUBLIC_FUNDS",
    "PUBLIC_FUNDS.RESEARCH",
    "HONOURS",
    "LABOUR.SOCIAL_INSURANCE",
    "MARKET",
)

# Art. 12(4): the dispute behind a judgment the subject refuses to perform, per domain.
DISPUTES: Final[dict[str, tuple[str, ...]]] = {
    "FINANCE.CREDIT": ("金融借款合同纠纷", "民间借贷纠纷"),
    "CONSTRUCTION": ("建设工程施工合同纠纷",),
    "LABOUR.WAGES": ("劳动争议",),
    "MARKET": ("买卖合同纠纷", "服务合同纠纷"),
    "LAND": ("房屋租赁合同纠纷",),
}

# Art. 12(5): other dishonesty named by law: (domain, provider, catalogue item, doc, summary).
ARREARS: Final[tuple[tuple[str, str, str, str, str], ...]] = (
    ("TAX", "TJ-TAX", "TAX_ARREARS", "津税欠告", "欠缴税款，经责令限期缴纳逾期仍未缴纳"),
    ("LABOUR.WAGES", "TJ-RSJ", "WAGE_ARREARS", "津人社拖欠认", "拖欠农民工工资"),
    (
        "LABOUR.SOCIAL_INSURANCE",
        "TJ-RSJ",
        "SOCIAL_INSURANCE_ARREARS",
        "津人社保欠",
        "欠缴社会保险费，经责令限期缴纳逾期仍未缴纳",
    ),
)

# Natural persons' acts (Art. 12 items 1, 2 and 5; item 4 goes through DISPUTES).
PERSON_PENALTIES: Final[dict[str, tuple[str, ...]]] = {
    "TRANSPORT": ("未取得道路运输经营许可擅自从事网约车经营",),
    "MEDICAL": ("未取得医师资格擅自执业",),
    "FOOD.CATERING": ("无证从事食品摊贩经营且拒不改正",),
    "TAX": ("偷逃个人所得税",),
}
PERSON_FRAUD_DOMAINS: Final = ("LABOUR.SOCIAL_INSURANCE", "PERSONNEL", "PUBLIC_FUNDS")

# Positive records (R-INFO-7): (title, provider, domain).
ORG_COMMENDATIONS: Final = (
    ("天津市守合同重信用企业", "TJ-SAMR", "HONOURS"),
    ("天津市优秀民营企业", "TJ-GOV", "HONOURS"),
    ("纳税信用A级纳税人", "TJ-TAX", "TAX"),
    ("天津市劳动关系和谐企业", "TJ-RSJ", "HONOURS"),
)
PERSON_COMMENDATIONS: Final = (
    ("天津市劳动模范", "TJ-GOV", "HONOURS"),
    ("天津市优秀民营企业家", "TJ-GOV", "HONOURS"),
    ("天津市三八红旗手", "TJ-GOV", "HONOURS"),
)

"""Initial national catalogue: title names per series × level and the main specialty trees.

Loaded once by ``ensure_catalogue``; afterwards the provincial HR bureau maintains it.
"""
from __future__ import annotations

# The national series (系列) by stable code: the initial Series rows, and the codes persons' profiles
# and batch notifications name.
NATIONAL_SERIES: dict[str, str] = {
    "HIGHER_EDUCATION_TEACHER": "高等学校教师",
    "SOCIAL_SCIENCE_RESEARCHER": "哲学社会科学研究人员",
    "NATURAL_SCIENCE_RESEARCHER": "自然科学研究人员",
    "HEALTH": "卫生技术人员",
    "ENGINEERING": "工程技术人员",
    "AGRICULTURE": "农业技术人员",
    "JOURNALISM": "新闻专业人员",
    "PUBLISHING": "出版专业人员",
    "LIBRARY": "图书资料专业人员",
    "CULTURAL_HERITAGE": "文物博物专业人员",
    "ARCHIVES": "档案专业人员",
    "ARTS_AND_CRAFTS": "工艺美术专业人员",
    "TECHNICAL_SCHOOL_TEACHER": "技工院校教师",
    "SPORTS": "体育专业人员",
    "TRANSLATION": "翻译专业人员",
    "BROADCASTING": "播音主持专业人员",
    "ACCOUNTING": "会计人员",
    "STATISTICS": "统计专业人员",
    "ECONOMICS": "经济专业人员",
    "LABORATORY": "实验技术人才",
    "VOCATIONAL_SCHOOL_TEACHER": "中等职业学校教师",
    "SCHOOL_TEACHER": "中小学教师",
    "ART": "艺术专业人员",
    "NOTARY": "公证员",
    "LAWYER": "律师",
    "SHIPPING": "船舶专业人员",
    "CIVIL_AVIATION_PILOT": "民用航空飞行技术人员",
    "AUDIT": "审计专业人员",
    "SOCIAL_WORK": "社会工作专业人员",
}

# series code → [(level, primary grade or None, title name)]
P, I, A, S = "PRIMARY", "INTERMEDIATE", "ASSOCIATE_SENIOR", "SENIOR"


def _ladder(clerk: str | None, assistant: str | None, middle: str, associate: str, senior: str | None):
    rows = []
    if clerk:
        rows.append((P, "CLERK", clerk))
    if assistant:
        rows.append((P, "ASSISTANT", assistant))
    rows += [(I, None, middle), (A, None, associate)]
    if senior:
        rows.append((S, None, senior))
    return rows


TITLE_NAMES: dict[str, list[tuple[str, str | None, str]]] = {
    "ENGINEERING": _ladder("技术员", "助理工程师", "工程师", "高级工程师", "正高级工程师"),
    "SCHOOL_TEACHER": _ladder("三级教师", "二级教师", "一级教师", "高级教师", "正高级教师"),
    "HIGHER_EDUCATION_TEACHER": _ladder(None, "助教", "讲师", "副教授", "教授"),
    "HEALTH": (_ladder("医士", "医师", "主治医师", "副主任医师", "主任医师")
               + _ladder("护士", "护师", "主管护师", "副主任护师", "主任护师")
               + _ladder("药士", "药师", "主管药师", "副主任药师", "主任药师")
               + _ladder("技士", "技师", "主管技师", "副主任技师", "主任技师")),
    "ACCOUNTING": _ladder(None, "助理会计师", "会计师", "高级会计师", "正高级会计师"),
    "ECONOMICS": _ladder(None, "助理经济师", "经济师", "高级经济师", "正高级经济师"),
    "AGRICULTURE": _ladder("技术员", "助理农艺师", "农艺师", "高级农艺师", "正高级农艺师"),
    "STATISTICS": _ladder(None, "助理统计师", "统计师", "高级统计师", "正高级统计师"),
    "AUDIT": _ladder(None, "助理审计师", "审计师", "高级审计师", "正高级审计师"),
    "VOCATIONAL_SCHOOL_TEACHER": _ladder(None, "助理讲师", "讲师", "高级讲师", "正高级讲师"),
    "TECHNICAL_SCHOOL_TEACHER": _ladder(None, "助理讲师", "讲师", "高级讲师", "正高级讲师"),
    "JOURNALISM": _ladder(None, "助理记者", "记者", "主任记者", "高级记者"),
    "PUBLISHING": _ladder(None, "助理编辑", "编辑", "副编审", "编审"),
    "LIBRARY": _ladder("管理员", "助理馆员", "馆员", "副研究馆员", "研究馆员"),
    "ARCHIVES": _ladder("管理员", "助理馆员", "馆员", "副研究馆员", "研究馆员"),
    "CULTURAL_HERITAGE": _ladder(None, "助理馆员", "馆员", "副研究馆员", "研究馆员"),
    "ARTS_AND_CRAFTS": _ladder("工艺美术员", "助理工艺美术师", "工艺美术师", "高级工艺美术师", "正高级工艺美术师"),
    "SPORTS": _ladder(None, "三级教练", "二级教练", "一级教练", "高级教练"),
    "TRANSLATION": _ladder(None, "三级翻译", "二级翻译", "一级翻译", "译审"),
    "BROADCASTING": _ladder(None, "三级播音员", "二级播音员", "一级播音员", "播音指导"),
    "LABORATORY": _ladder("实验员", "助理实验师", "实验师", "高级实验师", "正高级实验师"),
    "SOCIAL_SCIENCE_RESEARCHER": _ladder(None, "研究实习员", "助理研究员", "副研究员", "研究员"),
    "NATURAL_SCIENCE_RESEARCHER": _ladder(None, "研究实习员", "助理研究员", "副研究员", "研究员"),
    "ART": _ladder(None, "四级演员", "三级演员", "二级演员", "一级演员"),
    "NOTARY": _ladder(None, "四级公证员", "三级公证员", "二级公证员", "一级公证员"),
    "LAWYER": _ladder(None, "四级律师", "三级律师", "二级律师", "一级律师"),
    "SHIPPING": _ladder(None, "助理船舶工程师", "船舶工程师", "高级船舶工程师", "正高级船舶工程师"),
    "CIVIL_AVIATION_PILOT": _ladder(None, "二级飞行员", "一级飞行员", "副驾驶", "机长"),
    "SOCIAL_WORK": _ladder(None, "助理社会工作师", "社会工作师", "高级社会工作师", "正高级社会工作师"),
}

# series code → nested (code, name, children)
_SUBJECTS = ["语文", "数学", "英语", "物理", "化学", "生物", "历史", "地理", "道德与法治", "音乐", "体育", "美术",
             "信息技术", "心理健康", "科学"]
SPECIALTIES: dict[str, list[tuple[str, str, list]]] = {
    "SCHOOL_TEACHER": [
        ("01", "小学", [(f"01{i:02d}", f"小学{s}", []) for i, s in enumerate(_SUBJECTS, 1)]),
        ("02", "初中", [(f"02{i:02d}", f"中学{s}", []) for i, s in enumerate(_SUBJECTS, 1)]),
        ("03", "高中", [(f"03{i:02d}", f"高中{s}", []) for i, s in enumerate(_SUBJECTS, 1)]),
        ("04", "幼儿园", [("0401", "幼儿教育", [])]),
        ("05", "特殊教育", [("0501", "特殊教育", [])]),
    ],
    "ENGINEERING": [
        ("01", "建筑工程", [("0101", "建筑设计", []), ("0102", "结构工程", []), ("0103", "建筑施工", []),
                         ("0104", "工程造价", []), ("0105", "工程监理", [])]),
        ("02", "机械工程", [("0201", "机械设计制造", []), ("0202", "机电一体化", []), ("0203", "工程力学", [])]),
        ("03", "电气工程", [("0301", "电力系统", []), ("0302", "电气自动化", [])]),
        ("04", "电子信息", [("0401", "计算机软件", []), ("0402", "通信工程", []), ("0403", "集成电路", [])]),
        ("05", "交通运输", [("0501", "道路桥梁", []), ("0502", "铁道工程", [])]),
        ("06", "化工与环境", [("0601", "化学工程", []), ("0602", "环境工程", [])]),
        ("07", "水利工程", [("0701", "水利水电", [])]),
        ("08", "测绘地理信息", [("0801", "测绘工程", [])]),
    ],
    "HEALTH": [
        ("01", "临床医学", [("0101", "内科", []), ("0102", "外科", []), ("0103", "妇产科", []), ("0104", "儿科", []),
                         ("0105", "急诊医学", []), ("0106", "全科医学", [])]),
        ("02", "医技", [("0201", "放射医学", []), ("0202", "超声医学", []), ("0203", "临床医学检验", [])]),
        ("03", "护理", [("0301", "内科护理", []), ("0302", "外科护理", []), ("0303", "社区护理", [])]),
        ("04", "药学", [("0401", "药学", []), ("0402", "中药学", [])]),
        ("05", "中医", [("0501", "中医内科", []), ("0502", "针灸推拿", [])]),
        ("06", "公共卫生", [("0601", "疾病控制", []), ("0602", "卫生检验", [])]),
    ],
    "HIGHER_EDUCATION_TEACHER": [
        (f"{i:02d}", name, [])
        for i, name in enumerate(["哲学", "经济学", "法学", "教育学", "文学", "历史学", "理学", "工学", "农学", "医学",
                                  "管理学", "艺术学", "交叉学科", "军事学"], 1)
    ],
    "ACCOUNTING": [("01", "会计", []), ("02", "财务管理", [])],
    "ECONOMICS": [(f"{i:02d}", n, []) for i, n in enumerate(
        ["工商管理", "金融", "人力资源管理", "财政税收", "知识产权", "农业经济", "运输经济", "建筑与房地产经济"], 1)],
    "AGRICULTURE": [("01", "农学", []), ("02", "植物保护", []), ("03", "畜牧兽医", []), ("04", "农业机械", []),
                    ("05", "林业", [])],
}
_GENERIC = [("01", "综合", [])]

EVALUATION_STANDARDS: list[tuple[str, list[str], str]] = [
    ("ENGINEERING", [I, A, S], "安徽省工程系列专业技术资格评审标准（2023年修订）"),
    ("SCHOOL_TEACHER", [P, I, A, S], "安徽省中小学教师专业技术资格评审标准条件"),
    ("HEALTH", [I, A, S], "安徽省卫生系列高级专业技术资格评审标准条件"),
    ("HIGHER_EDUCATION_TEACHER", [I, A, S], "安徽省高等学校教师专业技术资格评审基本标准"),
    ("ACCOUNTING", [A, S], "安徽省会计系列高级专业技术资格评审标准"),
    ("ECONOMICS", [A, S], "安徽省经济系列高级专业技术资格评审标准"),
    ("AGRICULTURE", [I, A, S], "安徽省农业系列专业技术资格评审标准"),
]


def _with_general_standards() -> list[tuple[str, list[str], str]]:
    """Every level of every series gets a standard: the specific ones above, then a general one
    per series for the levels they leave open, so no plan is left without one."""
    out = list(EVALUATION_STANDARDS)
    for code, titles in TITLE_NAMES.items():
        covered = {lvl for c, levels, _ in EVALUATION_STANDARDS if c == code for lvl in levels}
        missing = [lvl for lvl in (P, I, A, S) if lvl not in covered and any(t[0] == lvl for t in titles)]
        if missing:
            out.append((code, missing, f"安徽省{NATIONAL_SERIES[code]}专业技术资格评审通用标准"))
    return out


ALL_EVALUATION_STANDARDS = _with_general_standards()


def specialties_for(series_code: str) -> list[tuple[str, str, list]]:
    return SPECIALTIES.get(series_code, _GENERIC)

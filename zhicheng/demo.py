"""Demo data (`zhicheng demo`, `zhicheng serve --demo`): Anhui with its HR bureaus, competent
departments, 25+ employers of every nature, a talent centre, organizers, 1,000 persons with valid
resident IDs and unit bindings in every state, their history and notices. Committees, plans, the
achievement library and declarations at every stage are added in the same transaction by
zhicheng/demo_catalogue.py, demo_library.py and demo_declarations.py.

Deterministic (fixed seed) and idempotent: when the platform admin's demo mobile is already
registered nothing is inserted and the logins are printed again. Everything is written with
``bulk_create`` inside one transaction, with ids reserved up front (bulk inserts do not report
the ids they got on SQLite or PostgreSQL).

Every demo mobile starts with 1440: 11-digit numbers there are not handed out to subscribers
(140–144 are 13-digit IoT numbers), so a misconfigured SMS sender cannot reach a real person.
Demo e-mail addresses use the reserved example.com domain.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from importlib import resources

from strawberry import relay
from stdnum.cn import ric, uscc
from tortoise.transactions import in_transaction

from models.account import Account, Identity, IdentityProvider
from models.binding import Binding, BindingStatus
from models.history import HistoryEntry
from models.message import Message
from models.person import Degree, Education, Gender, IdType, Person, PoliticalStatus
from models.region import Region, RegionLevel, division_table, ensure_regions
from models.unit import NATURE_LABELS, Unit, UnitAdmin, UnitKind, UnitNature

PASSWORD = "Demo@2026"
PLATFORM_ADMIN_MOBILE = "14400000000"  # also the marker: present ⇒ the demo is loaded
PERSON_COUNT = 1000
SEED = 2026
BATCH = 1000

K, N = UnitKind, UnitNature


@dataclass
class UnitSpec:
    key: str
    name: str
    kind: UnitKind
    nature: UnitNature
    region: str
    competent: str | None = None
    series: tuple[str, ...] = ()
    weight: int = 0  # share of the demo persons working there
    central: bool = False


UNITS: list[UnitSpec] = [
    # 人社部门: province, cities, one county
    UnitSpec("hr_prov", "安徽省人力资源和社会保障厅", K.HR_BUREAU, N.GOVERNMENT_AGENCY, "340000"),
    UnitSpec("hr_hefei", "合肥市人力资源和社会保障局", K.HR_BUREAU, N.GOVERNMENT_AGENCY, "340100"),
    UnitSpec("hr_wuhu", "芜湖市人力资源和社会保障局", K.HR_BUREAU, N.GOVERNMENT_AGENCY, "340200"),
    UnitSpec("hr_bengbu", "蚌埠市人力资源和社会保障局", K.HR_BUREAU, N.GOVERNMENT_AGENCY, "340300"),
    UnitSpec("hr_anqing", "安庆市人力资源和社会保障局", K.HR_BUREAU, N.GOVERNMENT_AGENCY, "340800"),
    UnitSpec("hr_fuyang", "阜阳市人力资源和社会保障局", K.HR_BUREAU, N.GOVERNMENT_AGENCY, "341200"),
    UnitSpec("hr_feixi", "肥西县人力资源和社会保障局", K.HR_BUREAU, N.GOVERNMENT_AGENCY, "340123"),
    # 主管部门
    UnitSpec("edu_prov", "安徽省教育厅", K.COMPETENT_DEPARTMENT, N.GOVERNMENT_AGENCY, "340000"),
    UnitSpec("health_prov", "安徽省卫生健康委员会", K.COMPETENT_DEPARTMENT, N.GOVERNMENT_AGENCY, "340000"),
    UnitSpec("housing_prov", "安徽省住房和城乡建设厅", K.COMPETENT_DEPARTMENT, N.GOVERNMENT_AGENCY, "340000"),
    UnitSpec("agri_prov", "安徽省农业农村厅", K.COMPETENT_DEPARTMENT, N.GOVERNMENT_AGENCY, "340000"),
    UnitSpec("edu_hefei", "合肥市教育局", K.COMPETENT_DEPARTMENT, N.GOVERNMENT_AGENCY, "340100"),
    UnitSpec("health_hefei", "合肥市卫生健康委员会", K.COMPETENT_DEPARTMENT, N.GOVERNMENT_AGENCY, "340100"),
    UnitSpec("edu_wuhu", "芜湖市教育局", K.COMPETENT_DEPARTMENT, N.GOVERNMENT_AGENCY, "340200"),
    UnitSpec("health_anqing", "安庆市卫生健康委员会", K.COMPETENT_DEPARTMENT, N.GOVERNMENT_AGENCY, "340800"),
    # 人才服务中心 and 评委会组建单位
    UnitSpec("talent", "安徽省人才服务中心", K.TALENT_CENTER, N.PUBLIC_INSTITUTION, "340000"),
    UnitSpec("org_eng", "安徽省工程系列高级职称评审委员会办公室", K.ORGANIZER, N.PUBLIC_INSTITUTION, "340000"),
    UnitSpec("org_teacher", "合肥市中小学教师中级职称评审委员会办公室", K.ORGANIZER, N.PUBLIC_INSTITUTION,
             "340100"),
    # 用人单位: 事业单位
    UnitSpec("school_hf1", "合肥市第一中学", K.EMPLOYER, N.PUBLIC_INSTITUTION, "340104", "edu_hefei",
             ("SCHOOL_TEACHER",), 40),
    UnitSpec("school_hf8", "合肥市第八中学", K.EMPLOYER, N.PUBLIC_INSTITUTION, "340111", "edu_hefei",
             ("SCHOOL_TEACHER",), 30),
    UnitSpec("hosp_hf1", "合肥市第一人民医院", K.EMPLOYER, N.PUBLIC_INSTITUTION, "340103", "health_hefei",
             ("HEALTH",), 60),
    UnitSpec("hosp_feixi", "肥西县人民医院", K.EMPLOYER, N.PUBLIC_INSTITUTION, "340123", "health_hefei",
             ("HEALTH",), 35),
    UnitSpec("univ_ahu", "安徽大学", K.EMPLOYER, N.PUBLIC_INSTITUTION, "340104", "edu_prov",
             ("HIGHER_EDUCATION_TEACHER", "LABORATORY"), 55),
    UnitSpec("hosp_ahmu", "安徽医科大学第一附属医院", K.EMPLOYER, N.PUBLIC_INSTITUTION, "340104", "health_prov",
             ("HEALTH", "HIGHER_EDUCATION_TEACHER"), 70),
    UnitSpec("agri_academy", "安徽省农业科学院", K.EMPLOYER, N.PUBLIC_INSTITUTION, "340104", "agri_prov",
             ("AGRICULTURE", "NATURAL_SCIENCE_RESEARCHER"), 30),
    UnitSpec("build_lab", "安徽省建设工程质量安全检测中心", K.EMPLOYER, N.PUBLIC_INSTITUTION, "340102",
             "housing_prov", ("ENGINEERING",), 20),
    UnitSpec("school_wh1", "芜湖市第一中学", K.EMPLOYER, N.PUBLIC_INSTITUTION, "340202", "edu_wuhu",
             ("SCHOOL_TEACHER",), 30),
    UnitSpec("hosp_aq", "安庆市立医院", K.EMPLOYER, N.PUBLIC_INSTITUTION, "340803", "health_anqing",
             ("HEALTH",), 40),
    UnitSpec("college_fy", "阜阳职业技术学院", K.EMPLOYER, N.PUBLIC_INSTITUTION, "341202", "edu_prov",
             ("HIGHER_EDUCATION_TEACHER", "LABORATORY"), 25),
    # 事业单位(中直)
    UnitSpec("ustc", "中国科学技术大学", K.EMPLOYER, N.CENTRAL_PUBLIC_INSTITUTION, "340111", None,
             ("HIGHER_EDUCATION_TEACHER", "NATURAL_SCIENCE_RESEARCHER", "LABORATORY"), 55, True),
    UnitSpec("cas_hf", "中国科学院合肥物质科学研究院", K.EMPLOYER, N.CENTRAL_PUBLIC_INSTITUTION, "340104", None,
             ("NATURAL_SCIENCE_RESEARCHER", "ENGINEERING"), 35, True),
    # 国有企业
    UnitSpec("soe_transport", "安徽省交通建设投资集团有限公司", K.EMPLOYER, N.STATE_OWNED_ENTERPRISE, "340104",
             None, ("ENGINEERING", "ECONOMICS", "ACCOUNTING"), 45),
    UnitSpec("soe_steel", "马鞍山钢城冶金有限责任公司", K.EMPLOYER, N.STATE_OWNED_ENTERPRISE, "340503", None,
             ("ENGINEERING", "ACCOUNTING"), 40),
    UnitSpec("soe_copper", "铜陵铜都有色金属集团有限公司", K.EMPLOYER, N.STATE_OWNED_ENTERPRISE, "340705", None,
             ("ENGINEERING", "ECONOMICS"), 35),
    UnitSpec("soe_energy", "淮南淮河能源开发有限公司", K.EMPLOYER, N.STATE_OWNED_ENTERPRISE, "340403", None,
             ("ENGINEERING",), 35),
    UnitSpec("soe_cement", "芜湖长江建材集团有限公司", K.EMPLOYER, N.STATE_OWNED_ENTERPRISE, "340207", None,
             ("ENGINEERING", "ACCOUNTING"), 25),
    # 民营企业
    UnitSpec("pe_tech", "合肥星辰智能科技有限公司", K.EMPLOYER, N.PRIVATE_ENTERPRISE, "340104", None,
             ("ENGINEERING", "ECONOMICS"), 35),
    UnitSpec("pe_auto", "芜湖江城汽车零部件有限公司", K.EMPLOYER, N.PRIVATE_ENTERPRISE, "340207", None,
             ("ENGINEERING",), 25),
    UnitSpec("pe_chem", "安庆皖江精细化工有限公司", K.EMPLOYER, N.PRIVATE_ENTERPRISE, "340811", None,
             ("ENGINEERING", "ACCOUNTING"), 20),
    UnitSpec("pe_build", "阜阳颍州建筑工程有限公司", K.EMPLOYER, N.PRIVATE_ENTERPRISE, "341202", None,
             ("ENGINEERING", "ECONOMICS"), 25),
    UnitSpec("pe_material", "蚌埠淮上新材料科技有限公司", K.EMPLOYER, N.PRIVATE_ENTERPRISE, "340311", None,
             ("ENGINEERING",), 20),
    UnitSpec("pe_audit", "滁州明光联合会计师事务所有限公司", K.EMPLOYER, N.PRIVATE_ENTERPRISE, "341182", None,
             ("ACCOUNTING", "AUDIT"), 12),
    # 外资企业
    UnitSpec("fe_precision", "合肥莱茵精密电子有限公司", K.EMPLOYER, N.FOREIGN_ENTERPRISE, "340122", None,
             ("ENGINEERING",), 20),
    # 社会组织
    UnitSpec("so_civil", "安徽省土木建筑学会", K.EMPLOYER, N.SOCIAL_ORGANIZATION, "340000", "housing_prov",
             ("ENGINEERING",), 8),
    UnitSpec("so_account", "合肥市会计学会", K.EMPLOYER, N.SOCIAL_ORGANIZATION, "340100", None,
             ("ACCOUNTING",), 6),
    UnitSpec("so_social", "芜湖市社会工作协会", K.EMPLOYER, N.SOCIAL_ORGANIZATION, "340200", None,
             ("SOCIAL_WORK",), 8),
]
# Freelancers (自由职业者) bind to the talent centre or an HR bureau; weights of each host.
FREELANCER_HOSTS = {"talent": 40, "hr_hefei": 10, "hr_wuhu": 5, "hr_feixi": 5}
FREELANCER_SERIES = ("ENGINEERING", "ACCOUNTING", "ECONOMICS", "ARTS_AND_CRAFTS", "TRANSLATION", "ART")

# The logins printed at the end: (label, unit key or None for the platform admin).
LOGIN_UNITS = [
    ("安徽省人社厅管理员", "hr_prov"),
    ("合肥市人社局管理员", "hr_hefei"),
    ("主管部门管理员", "edu_hefei"),
    ("用人单位管理员（事业单位）", "school_hf1"),
    ("用人单位管理员（民营企业）", "pe_tech"),
    ("人才服务中心管理员", "talent"),
]
# The two demo persons: (mobile, name, gender, birth, unit key, story).
DEMO_PERSONS = [
    ("14400000101", "陈静", Gender.FEMALE, date(1988, 3, 12), "school_hf1", "approved"),
    ("14400000102", "王磊", Gender.MALE, date(1993, 9, 27), "pe_tech", "returned_again"),
]

AREA_CODES = {"3401": "0551", "3402": "0553", "3403": "0552", "3404": "0554", "3405": "0555", "3406": "0561",
              "3407": "0562", "3408": "0556", "3410": "0559", "3411": "0550", "3412": "0558", "3413": "0557",
              "3415": "0564", "3416": "0558", "3417": "0566", "3418": "0563"}
ROADS = ("长江中路", "长江西路", "黄山路", "望江西路", "金寨路", "徽州大道", "繁华大道", "包河大道", "淮河路",
         "九华山路", "中山路", "人民路", "解放路", "胜利路", "文化路", "建设路", "花园路", "天鹅湖路",
         "潜山路", "习友路", "北京路", "银湖路", "龙湖路", "迎江路", "颍州路", "清河路")
SURNAMES = ("王" * 9 + "李" * 9 + "张" * 8 + "刘" * 6 + "陈" * 6 + "杨" * 4 + "黄" * 3 + "赵" * 3 + "吴" * 3
            + "周" * 3 + "徐" * 3 + "孙" * 2 + "马" * 2 + "朱" * 2 + "胡" * 2 + "郭" * 2 + "何" * 2
            + "高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾"
            "夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔汤葛储桂鲍")
GIVEN_MALE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林峰建国志文博亮晨阳成东海斌立新振"
GIVEN_FEMALE = "静敏丽娟艳芳娜秀英霞燕玲桂兰红梅琳洁雪婷倩颖欣悦佳雯蕾璐瑶琪晶慧萍丹莉萱怡楠月梦妍"
GIVEN_ANY = "子一思雨晓文佳嘉安心若天宏卫春秋云"
ETHNIC_MINORITIES = ("回族",) * 6 + ("满族", "畲族", "蒙古族", "壮族", "土家族", "苗族")
TITLES = {  # series → title names from junior to senior
    "SCHOOL_TEACHER": ("三级教师", "二级教师", "一级教师", "高级教师", "正高级教师"),
    "HEALTH": ("医士", "医师", "主治医师", "副主任医师", "主任医师"),
    "HIGHER_EDUCATION_TEACHER": ("助教", "讲师", "副教授", "教授"),
    "LABORATORY": ("实验员", "助理实验师", "实验师", "高级实验师"),
    "NATURAL_SCIENCE_RESEARCHER": ("研究实习员", "助理研究员", "副研究员", "研究员"),
    "AGRICULTURE": ("农业技术员", "助理农艺师", "农艺师", "高级农艺师", "正高级农艺师"),
    "ENGINEERING": ("技术员", "助理工程师", "工程师", "高级工程师", "正高级工程师"),
    "ECONOMICS": ("助理经济师", "经济师", "高级经济师"),
    "ACCOUNTING": ("助理会计师", "会计师", "高级会计师"),
    "AUDIT": ("助理审计师", "审计师", "高级审计师"),
    "SOCIAL_WORK": ("助理社会工作师", "社会工作师", "高级社会工作师"),
    "ARTS_AND_CRAFTS": ("工艺美术员", "助理工艺美术师", "工艺美术师", "高级工艺美术师"),
    "TRANSLATION": ("三级翻译", "二级翻译", "一级翻译", "译审"),
    "ART": ("四级演员", "三级演员", "二级演员", "一级演员"),
}
EXPLANATIONS = ("", "", "", "本人为本单位在职专业技术人员，申请注册审核。", "新入职人员，申请加入本单位。",
                "已调入本单位，人事关系已转入。", "请审核，谢谢。")
RETURN_OPINIONS = ("经核实，本单位无此人员，请核对所在单位后重新申请。",
                   "身份证号码与单位人事档案不一致，请核对后重新申请。",
                   "请在申请说明中注明所在科室或部门。",
                   "该人员人事关系尚未转入本单位，请办理调动手续后再申请。")
# Person stories: (key, weight). "pending" slots are also forced for every unit people join.
STORIES = (("approved", 740), ("pending", 70), ("returned", 30), ("returned_again", 20),
           ("superseded", 40), ("transfer", 40), ("unbound", 10))


CITIES = tuple(c for c, _, level, _ in division_table() if level == RegionLevel.CITY and c.startswith("34"))
COUNTIES = tuple(c for c, _, level, _ in division_table() if level == RegionLevel.COUNTY and c.startswith("34"))
KIND_LABELS = {K.EMPLOYER: "用人单位", K.COMPETENT_DEPARTMENT: "主管部门", K.HR_BUREAU: "人社部门",
               K.TALENT_CENTER: "人才服务中心", K.ORGANIZER: "评委会组建单位"}
STATUS_LABELS = {BindingStatus.PENDING: "待审核", BindingStatus.APPROVED: "已通过", BindingStatus.RETURNED: "已退回",
                 BindingStatus.SUPERSEDED: "已被新申请取代"}


def admin_mobiles() -> dict[str, str]:
    """The login of each unit's demo admin: HR bureaus 14400 + region code, the others 144010nnnnn."""
    mobiles, seq = {}, 0
    for spec in UNITS:
        if spec.kind == K.HR_BUREAU:
            mobiles[spec.key] = f"14400{spec.region}"
        else:
            seq += 1
            mobiles[spec.key] = f"144010{seq:05d}"
    return mobiles


def _org_code(rng: random.Random) -> str:
    """A GB 11714 organization code: 8 digits and its check character."""
    body = "".join(rng.choice("0123456789") for _ in range(8))
    total = sum(int(c) * w for c, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2)))
    check = 11 - total % 11
    return body + ("X" if check == 10 else "0" if check == 11 else str(check))


def credit_code(rng: random.Random, spec: UnitSpec) -> str:
    """A unified social credit code (GB 32100) with its check character."""
    registrar = {N.GOVERNMENT_AGENCY: "11", N.PUBLIC_INSTITUTION: "12", N.CENTRAL_PUBLIC_INSTITUTION: "12",
                 N.SOCIAL_ORGANIZATION: "51"}.get(spec.nature, "91")
    while True:
        first17 = registrar + spec.region + _org_code(rng)
        code = first17 + uscc.calc_check_digit(first17)
        if uscc.is_valid(code):
            return code


@lru_cache(maxsize=1)
def _anhui_codes() -> tuple[tuple[str, tuple[tuple[int, int], ...]], ...]:
    """Every Anhui county-level code in stdnum's loc.dat, current or historical, with the years it
    was in use: an ID number keeps the code of where it was first issued (someone born in 阜阳 in
    the 1970s carries a 3421xx code, not 3412xx). Same rule as ``stdnum.cn.ric.get_birth_place``."""
    text = resources.files("stdnum.cn").joinpath("loc.dat").read_text(encoding="utf-8")
    codes, inside = [], False
    for line in text.splitlines():
        if line and line[0].isdigit():
            inside = line.startswith("34")
            continue
        match = re.match(r'^\s+(\d{4}) county="(.*)"$', line)
        if not inside or not match or match.group(1).endswith("00"):
            continue
        spans = []
        for name in match.group(2).split(","):
            span = re.match(r"^\[(\d*)-(\d*)\](.*)$", name)
            if span is None:
                spans.append((0, 9999))
            else:
                spans.append((int(span.group(1) or 0), int(span.group(2) or 9999)))
                name = span.group(3)
        if name not in ("市辖区", "市区"):
            codes.append(("34" + match.group(1), tuple(spans)))
    return tuple(codes)


@lru_cache(maxsize=None)
def _codes_valid_in(year: int) -> tuple[str, ...]:
    """The codes a resident ID of someone born in ``year`` may carry."""
    return tuple(code for code, spans in _anhui_codes() if any(lo <= year <= hi for lo, hi in spans))


def resident_id(rng: random.Random, city: str | None, birth: date, gender: Gender, used: set[str]) -> str:
    """A valid resident ID: a code that existed in the birth year (within ``city``'s prefix when it
    had one then), the birth date, an order code whose parity matches the gender, the check digit."""
    codes = _codes_valid_in(birth.year)
    local = [c for c in codes if city and c.startswith(city)]
    while True:
        order = rng.randrange(1, 500) * 2 + (1 if gender == Gender.MALE else 0)
        body = f"{rng.choice(local or codes)}{birth:%Y%m%d}{order:03d}"
        number = body + ric.calc_check_digit(body + "0")
        if number not in used:
            used.add(number)
            return number


def _name(rng: random.Random, gender: Gender) -> str:
    pool = GIVEN_MALE if gender == Gender.MALE else GIVEN_FEMALE
    given = rng.choice(pool) if rng.random() < 0.35 else rng.choice(GIVEN_ANY + pool) + rng.choice(pool)
    return rng.choice(SURNAMES) + given


def _landline(rng: random.Random, region: str) -> str:
    return f"{AREA_CODES.get(region[:4], '0551')}-{rng.randrange(2, 9)}{rng.randrange(0, 10**7):07d}"


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


async def _reserve_ids(conn, table: str, count: int) -> list[int]:
    """Ids for rows inserted by bulk_create: from the sequence on PostgreSQL (so later inserts
    never collide), after the current maximum on SQLite (AUTOINCREMENT follows explicit ids)."""
    if count == 0:
        return []
    if conn.capabilities.dialect == "postgres":
        rows = await conn.execute_query_dict(
            f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) AS id FROM generate_series(1, {count})")
        return sorted(int(r["id"]) for r in rows)
    rows = await conn.execute_query_dict(f"SELECT COALESCE(MAX(id), 0) AS top FROM {table}")
    start = int(rows[0]["top"]) + 1
    return list(range(start, start + count))


@dataclass
class _Person:
    mobile: str
    name: str
    gender: Gender
    birth: date
    unit: str  # key of the unit the person belongs to or asks to join
    story: str
    freelancer: bool = False
    other: str | None = None  # superseded request / previous employer
    id_number: str = ""


def _education(rng: random.Random, spec: UnitSpec | None, age: int) -> tuple[Education, Degree | None]:
    if spec is None:
        weights = {"BACHELOR": 50, "JUNIOR_COLLEGE": 35, "MASTER": 10, "SECONDARY_VOCATIONAL": 5}
    elif spec.nature == N.CENTRAL_PUBLIC_INSTITUTION or "HIGHER_EDUCATION_TEACHER" in spec.series:
        weights = {"DOCTORAL": 45, "MASTER": 40, "BACHELOR": 15}
    elif "NATURAL_SCIENCE_RESEARCHER" in spec.series or "HEALTH" in spec.series:
        weights = {"DOCTORAL": 10, "MASTER": 35, "BACHELOR": 45, "JUNIOR_COLLEGE": 10}
    elif spec.nature in (N.PUBLIC_INSTITUTION, N.STATE_OWNED_ENTERPRISE):
        weights = {"MASTER": 20, "BACHELOR": 65, "JUNIOR_COLLEGE": 15}
    else:
        weights = {"MASTER": 10, "BACHELOR": 50, "JUNIOR_COLLEGE": 30, "SECONDARY_VOCATIONAL": 7, "HIGH_SCHOOL": 3}
    education = Education(_weighted(rng, weights))
    if education == Education.DOCTORAL and age < 30:
        education = Education.MASTER
    degree = {Education.DOCTORAL: Degree.DOCTOR, Education.MASTER: Degree.MASTER}.get(education)
    if education == Education.BACHELOR:
        degree = Degree.BACHELOR if rng.random() < 0.9 else Degree.NONE
    elif degree is None:
        degree = Degree.NONE if rng.random() < 0.7 else None
    return education, degree


START_AGE = {Education.DOCTORAL: 29, Education.MASTER: 25, Education.BACHELOR: 22, Education.JUNIOR_COLLEGE: 21,
             Education.SECONDARY_VOCATIONAL: 20, Education.HIGH_SCHOOL: 20, Education.JUNIOR_HIGH_OR_BELOW: 20}


def _plan_people(rng: random.Random) -> list[_Person]:
    employers = {s.key: s.weight for s in UNITS if s.kind == K.EMPLOYER}
    used_mobiles = {m for m, *_ in DEMO_PERSONS} | set(admin_mobiles().values())
    people: list[_Person] = []
    for mobile, name, gender, birth, unit, story in DEMO_PERSONS:
        people.append(_Person(mobile, name, gender, birth, unit, story))
    # Every unit people join gets pending registrations to review.
    slots = [(key, "pending", False) for key in employers for _ in range(3)]
    slots += [(key, "pending", True) for key in FREELANCER_HOSTS for _ in range(2)]
    stories = dict(STORIES)
    while len(people) < PERSON_COUNT:
        if slots:
            unit, story, freelancer = slots.pop(0)
        else:
            freelancer = rng.random() < 0.06
            unit = _weighted(rng, FREELANCER_HOSTS if freelancer else employers)
            story = _weighted(rng, stories)
        while True:
            mobile = f"1440{rng.randrange(2_000_000, 10_000_000):07d}"  # admins use 14400…, 14401…
            if mobile not in used_mobiles:
                used_mobiles.add(mobile)
                break
        gender = Gender.MALE if rng.random() < 0.5 else Gender.FEMALE
        birth = date(rng.randrange(1966, 2001), rng.randrange(1, 13), rng.randrange(1, 29))
        person = _Person(mobile, _name(rng, gender), gender, birth, unit, story, freelancer)
        if story in ("superseded", "transfer"):
            person.other = rng.choice([k for k in employers if k != unit])
        people.append(person)
    rest = people[len(DEMO_PERSONS):]
    rng.shuffle(rest)
    return people[:len(DEMO_PERSONS)] + rest


async def load_demo() -> list[str]:
    """Loads the demo once (one transaction) and returns the lines to print: logins and counts.
    The platform part is here; the catalogue, library and declarations parts live in
    zhicheng/demo_catalogue.py, demo_library.py and demo_declarations.py (with demo_quotas.py), sharing
    zhicheng/demo_context.py."""
    from models.catalogue_seed import ensure_catalogue
    from zhicheng import demo_catalogue, demo_context, demo_declarations, demo_library

    await ensure_regions()
    await ensure_catalogue()
    async with in_transaction() as conn:
        loaded = await Identity.filter(provider=IdentityProvider.PHONE.value, subject=PLATFORM_ADMIN_MOBILE)\
            .using_db(conn).exists()
        if not loaded:
            await _insert(conn)
            demo = await demo_context.start(conn, datetime.now(timezone.utc).replace(microsecond=0))
            await demo_catalogue.insert_catalogue(demo)
            await demo_library.insert_library(demo)
            await demo_declarations.insert_declarations(demo)
    return await _report(already=loaded)


def _clamp(moment: datetime, now: datetime) -> datetime:
    return min(moment, now - timedelta(hours=1))


Plan = list[tuple[str, BindingStatus, datetime, "datetime | None"]]  # unit key, status, created, decided


def _bindings(rng: random.Random, p: _Person, now: datetime) -> tuple[datetime, Plan]:
    """The person's registration time and bindings, oldest first."""
    S = BindingStatus
    days = lambda lo, hi: timedelta(days=rng.randrange(lo, hi), minutes=rng.randrange(0, 1440))  # noqa: E731
    if p.story == "pending":
        registered = now - days(1, 25)
    elif p.story in ("superseded", "returned_again"):
        registered = now - days(15, 90)
    elif p.story == "transfer":
        registered = now - days(120, 700)
    else:
        registered = now - days(30, 700)
    created = registered + timedelta(minutes=rng.randrange(1, 30))
    if p.story == "approved":
        return registered, [(p.unit, S.APPROVED, created, _clamp(created + days(0, 10), now))]
    if p.story == "pending":
        return registered, [(p.unit, S.PENDING, created, None)]
    if p.story == "returned":
        return registered, [(p.unit, S.RETURNED, created, _clamp(created + days(0, 7), now))]
    if p.story == "returned_again":
        returned = _clamp(created + days(0, 5), now)
        return registered, [(p.unit, S.RETURNED, created, returned),
                            (p.unit, S.PENDING, _clamp(returned + days(1, 4), now), None)]
    if p.story == "superseded":
        assert p.other
        return registered, [(p.other, S.SUPERSEDED, created, None),
                            (p.unit, S.PENDING, _clamp(created + days(1, 10), now), None)]
    if p.story == "transfer":
        assert p.other
        return registered, [(p.other, S.APPROVED, created, _clamp(created + days(0, 10), now)),
                            (p.unit, S.PENDING, now - days(1, 20), None)]
    return registered, []  # unbound: registered without choosing a unit yet


def _home(rng: random.Random, region: str) -> str:
    """Where someone working in ``region`` lives: mostly a district of the same city."""
    if region.endswith("0000"):
        region = rng.choice(("340100",) * 4 + CITIES)
    counties = [c for c in COUNTIES if c.startswith(region[:4])]
    return rng.choice(counties) if counties and rng.random() < 0.8 else region


async def _insert(conn) -> None:
    from models.auth import hash_password

    rng = random.Random(SEED)
    now = datetime.now(timezone.utc).replace(microsecond=0)
    today = now.date()
    password_hash = hash_password(PASSWORD)  # once for every account: argon2 is slow on purpose
    specs = {s.key: s for s in UNITS}
    names = {c: n for c, n, *_ in division_table()}
    missing = sorted({s.region for s in UNITS} - set(
        await Region.filter(code__in=[s.region for s in UNITS]).using_db(conn).values_list("code", flat=True)))
    if missing:
        raise RuntimeError(f"regions {', '.join(missing)} are missing: run `zhicheng migrate` first")

    def place(region: str) -> str:
        chain = [region[:2] + "0000", region[:4] + "00", region]
        return "".join(dict.fromkeys(names.get(c, "") for c in chain))

    people = _plan_people(rng)
    plans = [_bindings(rng, p, now) for p in people]
    binding_count = sum(len(b) for _, b in plans)
    unit_ids = dict(zip(specs, await _reserve_ids(conn, "unit", len(specs))))
    account_ids = await _reserve_ids(conn, "account", len(specs) + 1 + len(people))
    person_ids = await _reserve_ids(conn, "person", len(people))
    binding_ids = iter(await _reserve_ids(conn, "binding", binding_count))
    admin_account = dict(zip(specs, account_ids))
    platform_id = account_ids[len(specs)]
    person_accounts = account_ids[len(specs) + 1:]

    # --- units, one admin each, the platform admin ----------------------------------------------
    units, accounts, identities, unit_admins = [], [], [], []
    credit_codes: set[str] = set()
    long_ago = now - timedelta(days=720)
    mobiles = admin_mobiles()
    for spec in UNITS:
        admin_mobile = mobiles[spec.key]
        code = credit_code(rng, spec)
        while code in credit_codes:
            code = credit_code(rng, spec)
        credit_codes.add(code)
        enterprise = spec.nature in (N.STATE_OWNED_ENTERPRISE, N.PRIVATE_ENTERPRISE, N.FOREIGN_ENTERPRISE)
        institution = spec.nature in (N.PUBLIC_INSTITUTION, N.CENTRAL_PUBLIC_INSTITUTION)
        contact = _name(rng, Gender.MALE if rng.random() < 0.5 else Gender.FEMALE)
        units.append(Unit(
            id=unit_ids[spec.key], name=spec.name, kind=spec.kind, nature=spec.nature, credit_code=code,
            legal_rep_name=_name(rng, Gender.MALE if rng.random() < 0.7 else Gender.FEMALE),
            legal_rep_phone=_landline(rng, spec.region),
            address=f"{place(spec.region)}{rng.choice(ROADS)}{rng.randrange(1, 999)}号",
            contact_name=contact, contact_mobile=admin_mobile, fax=_landline(rng, spec.region),
            email=f"{spec.key.replace('_', '')}@example.com", region_id=spec.region, is_central=spec.central,
            competent_department_id=unit_ids[spec.competent] if spec.competent else None,
            economic_type={N.STATE_OWNED_ENTERPRISE: "国有全资", N.PRIVATE_ENTERPRISE: "私营有限责任公司",
                           N.FOREIGN_ENTERPRISE: "外商投资企业"}.get(spec.nature, ""),
            tax_number=code if enterprise else "",
            license_kind="营业执照" if enterprise else ("事业单位法人证书" if institution else ""),
            license_number=code if enterprise or institution else "",
            created_at=long_ago, updated_at=long_ago,
        ))
        account_id = admin_account[spec.key]
        accounts.append(Account(id=account_id, display_name=contact, password_hash=password_hash,
                                created_at=long_ago))
        identities.append(Identity(account_id=account_id, provider=IdentityProvider.PHONE.value,
                                   subject=admin_mobile, created_at=long_ago))
        unit_admins.append(UnitAdmin(unit_id=unit_ids[spec.key], account_id=account_id, created_at=long_ago))
    accounts.append(Account(id=platform_id, display_name="平台运维管理员", password_hash=password_hash,
                            is_platform_admin=True, created_at=long_ago))
    identities.append(Identity(account_id=platform_id, provider=IdentityProvider.PHONE.value,
                               subject=PLATFORM_ADMIN_MOBILE, created_at=long_ago))

    # --- persons, their bindings, history and notices -------------------------------------------
    persons, bindings, history, messages = [], [], [], []
    used_ids: set[str] = set()
    S = BindingStatus
    for p, person_id, account_id, (registered, plan) in zip(people, person_ids, person_accounts, plans):
        works_at = p.other if p.story == "transfer" else p.unit  # the profile follows the current unit
        spec = None if p.freelancer and works_at == p.unit else specs[works_at]
        home = specs[works_at].region
        born_in = home[:4] if home[2:] != "0000" and rng.random() < 0.7 else None
        p.id_number = resident_id(rng, born_in, p.birth, p.gender, used_ids)
        age = (today - p.birth).days // 365
        education, degree = _education(rng, spec, age)
        start_age = START_AGE[education] + rng.randrange(0, 3)
        work_start = date(min(p.birth.year + start_age, today.year - 1), rng.choice((7, 7, 8, 9)), 1)
        if work_start < p.birth.replace(year=p.birth.year + 20):  # nobody starts before 20
            work_start = work_start.replace(year=work_start.year + 1)
        series = list(spec.series[:1]) if spec else [rng.choice(FREELANCER_SERIES)]
        pool = spec.series[1:] if spec else FREELANCER_SERIES
        if spec and "ENTERPRISE" in spec.nature.value:
            pool += ("ECONOMICS", "ACCOUNTING")
        while pool and len(series) < 3 and rng.random() < 0.3:
            extra = rng.choice(pool)
            if extra not in series:
                series.append(extra)
        ladder = TITLES.get(series[0], ())
        years = today.year - work_start.year
        title = ladder[min(len(ladder) - 1, years // 6)] if ladder and rng.random() < 0.85 else ""
        political = PoliticalStatus(_weighted(rng, {
            "CPC_MEMBER": 34, "CPC_PROBATIONARY_MEMBER": 2, "CYL_MEMBER": 8 if age < 30 else 1,
            "DEMOCRATIC_PARTY_MEMBER": 3, "NON_PARTISAN": 2, "MASSES": 50}))
        current = None
        if plan and plan[0][1] == S.APPROVED:
            current = unit_ids[plan[0][0]]
        persons.append(Person(
            id=person_id, account_id=account_id, real_name=p.name, id_type=IdType.RESIDENT_ID,
            id_number=p.id_number, mobile=p.mobile, gender=p.gender, birth_date=p.birth,
            political_status=political,
            ethnicity="汉族" if rng.random() < 0.96 else rng.choice(ETHNIC_MINORITIES),
            email=f"{p.mobile}@example.com",
            address=f"{place(_home(rng, home))}{rng.choice(ROADS)}{rng.randrange(1, 999)}号",
            work_start_date=work_start, highest_education=education, degree=degree, series=series,
            title_name=title, landline=_landline(rng, home) if rng.random() < 0.2 else "",
            administrative_post=rng.choice(("科长", "副科长", "主任", "副主任", "教研组长")) if rng.random() < 0.08
            else "",
            is_freelancer=p.freelancer and p.story in ("approved", "pending", "returned", "returned_again"),
            current_unit_id=current, created_at=registered, updated_at=registered,
        ))
        accounts.append(Account(id=account_id, display_name=p.name, password_hash=password_hash,
                                created_at=registered))
        identities.append(Identity(account_id=account_id, provider=IdentityProvider.PHONE.value,
                                   subject=p.mobile, created_at=registered))
        identities.append(Identity(account_id=account_id, provider=IdentityProvider.ID_NUMBER.value,
                                   subject=p.id_number, created_at=registered))
        for unit_key, status, created, decided in plan:
            binding_id = next(binding_ids)
            unit_id, decider = unit_ids[unit_key], admin_account[unit_key]
            freelance = specs[unit_key].kind != K.EMPLOYER
            explanation = (f"自由职业，人事档案存放于{specs[unit_key].name}" if freelance
                           else rng.choice(EXPLANATIONS))
            opinion = ""
            if status == S.APPROVED:
                opinion = rng.choice(("", "同意", "情况属实，同意注册"))
            elif status == S.RETURNED:
                opinion = rng.choice(RETURN_OPINIONS)
            bindings.append(Binding(
                id=binding_id, person_id=person_id, unit_id=unit_id, is_freelancer=freelance,
                explanation=explanation, status=status, opinion=opinion,
                decided_by_id=decider if decided else None, decided_at=decided,
                version=0 if status == S.PENDING else 1, created_at=created))
            history.append(HistoryEntry(subject_type="Binding", subject_id=binding_id, action="REQUESTED",
                                        opinion=explanation, actor_id=account_id, unit_id=unit_id,
                                        created_at=created))
            if decided is None:
                continue
            passed = status == S.APPROVED
            history.append(HistoryEntry(subject_type="Binding", subject_id=binding_id,
                                        action="PASS" if passed else "RETURN", opinion=opinion,
                                        actor_id=decider, unit_id=unit_id, created_at=decided))
            unit_name = specs[unit_key].name
            messages.append(Message(
                recipient_id=account_id, title="注册审核通过" if passed else "注册审核退回",
                body=(f"{unit_name}已审核通过您的注册，您现在可以提交业绩和申报职称。" if passed
                      else f"{unit_name}退回了您的注册申请。审核意见：{opinion}"),
                link_type="Binding", link_id=relay.to_base64("Binding", binding_id),
                dedupe_key=f"binding:{binding_id}:{status.value}",
                read_at=decided + timedelta(hours=rng.randrange(1, 72)) if now - decided > timedelta(days=7)
                and rng.random() < 0.8 else None,
                created_at=decided))

    for model, rows in ((Unit, units), (Account, accounts), (Identity, identities), (UnitAdmin, unit_admins),
                        (Person, persons), (Binding, bindings), (HistoryEntry, history), (Message, messages)):
        await model.bulk_create(rows, batch_size=BATCH, using_db=conn)


async def _report(*, already: bool) -> list[str]:
    """The demo logins and the current counts, read back from the database."""
    specs = {s.key: s for s in UNITS}
    mobiles = admin_mobiles()
    lines = [("演示数据已存在，未重复导入" if already else "演示数据已导入")
             + f"。演示账号（手机号登录，密码均为 {PASSWORD}）：",
             f"  平台管理员：{PLATFORM_ADMIN_MOBILE}"]
    for label, key in LOGIN_UNITS:
        spec = specs[key]
        lines.append(f"  {label}：{mobiles[key]}（{spec.name}，{NATURE_LABELS[spec.nature]}）")
    for mobile, name, *_, unit_key, story in DEMO_PERSONS:
        person = await Person.get_or_none(mobile=mobile)
        state = "注册已审核通过" if story == "approved" else "注册待审核，此前被退回过一次"
        lines.append(f"  个人 {name}：{mobile} 或身份证号 {person.id_number if person else '-'}"
                     f"（{specs[unit_key].name}，{state}）")
    kinds = {k: await Unit.filter(kind=k).count() for k in UnitKind}
    statuses = {s: await Binding.filter(status=s).count() for s in BindingStatus}
    lines.append("统计：单位 " + "，".join(f"{KIND_LABELS[k]} {n}" for k, n in kinds.items())
                 + f"；个人 {await Person.all().count()}，账号 {await Account.all().count()}")
    lines.append("  人员注册申请 " + "，".join(f"{STATUS_LABELS[s]} {n}" for s, n in statuses.items())
                 + f"；流程记录 {await HistoryEntry.all().count()}，消息 {await Message.all().count()}")
    from zhicheng import demo_catalogue, demo_declarations

    return lines + await demo_catalogue.report_lines() + await demo_declarations.report_lines()

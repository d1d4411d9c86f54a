"""The demo's fixed data: units with their kind, nature and region, the logins, names, titles and stories."""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from models.person.binding import BindingStatus
from models.person.models import Gender
from models.region.models import RegionLevel, division_table
from models.unit.models import UnitKind, UnitNature

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
ORGANIZERS = [UnitSpec(k, n, K.ORGANIZER, N.PUBLIC_INSTITUTION, r) for k, n, r in (
    ("org_teacher_prov", "安徽省中小学教师职称评审委员会办公室", "340000"),
    ("org_health", "安徽省卫生技术人员职称评审委员会办公室", "340000"),
    ("org_higher", "安徽省高等学校教师职称评审委员会办公室", "340000"),
    ("org_econ", "安徽省经济会计审计职称评审委员会办公室", "340000"),
    ("org_agri", "安徽省农业技术人员职称评审委员会办公室", "340000"),
    ("org_hefei", "合肥市职称评审服务中心", "340100"),
    ("org_wuhu", "芜湖市职称评审服务中心", "340200"),
    ("org_bengbu", "蚌埠市职称评审服务中心", "340300"),
    ("org_anqing", "安庆市职称评审服务中心", "340800"),
    ("org_fuyang", "阜阳市职称评审服务中心", "341200"))]


def organizer_mobiles() -> dict[str, str]:
    """144010001nn: clear of the 144010000nn unit admins and of the persons' 1440[2-9]… numbers."""
    return {spec.key: f"144010{100 + i:05d}" for i, spec in enumerate(ORGANIZERS)}


PASSWORD = "Demo@2026"
PLATFORM_ADMIN_MOBILE = "14400000000"  # also the marker: present ⇒ the demo is loaded
PERSON_COUNT = 1000


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


def person_name(rng: random.Random, gender: Gender) -> str:
    pool = GIVEN_MALE if gender == Gender.MALE else GIVEN_FEMALE
    given = rng.choice(pool) if rng.random() < 0.35 else rng.choice(GIVEN_ANY + pool) + rng.choice(pool)
    return rng.choice(SURNAMES) + given


def any_name(rng: random.Random) -> str:
    return person_name(rng, Gender.MALE if rng.random() < 0.5 else Gender.FEMALE)


def landline(rng: random.Random, region: str) -> str:
    return f"{AREA_CODES.get(region[:4], '0551')}-{rng.randrange(2, 9)}{rng.randrange(0, 10**7):07d}"


def weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]

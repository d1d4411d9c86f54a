"""Demo library, issue 3 §7 part two: achievement records of every category in every state, with small
real attachments (a tiny PDF and PNG, stored content-addressed).

Every state comes from the library's rules, as the person and the unit's admin: ``create_record``
(which validates the typed fields), ``submit_record`` (which opens the record's task),
``decide_records`` as the unit's batch review (completing the tasks, sending the notices), ``withdraw_record``, and
``claim_task`` for records an admin has taken. The evidence files are content: their rows are written
directly, the attachment rows in bulk.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from models.achievement.choices import (AdoptionKind, AidKind, AuthorRank, AwardLevel, BookKind, BookRole, CaseRole,
                                        PaperKind, ParticipationRole, PatentKind, ResearchStatus, StandardKind,
                                        TrainingForm, WorkKind)
from models.achievement.fields import today
from models.achievement.models import CATEGORY_LABELS, AchievementAttachment, AchievementCategory, AchievementRecord, \
    RecordStatus
from models.achievement.rules import ReviewDecision, create_record, decide_records, submit_record, withdraw_record
from models.person.models import Degree, Person
from models.workflow.engine import claim_task
from models.workflow.models import ProcessType, Task, TaskStatus
from zhicheng.demo.context import Demo, DemoFiles

C, R = AchievementCategory, RecordStatus
SEED = 2028
PER_CELL = 3  # records per category × status
HEALTH_ONLY = (C.HEALTH_CASE_RECORD, C.HEALTH_TOPIC, C.HEALTH_PAPER, C.HEALTH_REVIEW)
RETURN_OPINIONS = ("佐证材料不清晰，请重新上传清晰的扫描件。", "发表时间与佐证材料不一致，请核对后重新提交。",
                   "请补充加盖单位公章的证明材料。", "该业绩与本人专业技术工作关联不大，请补充说明。")
TOPICS = {
    "ENGINEERING": ("大跨度钢结构施工", "装配式混凝土建筑", "深基坑支护", "桥梁健康监测", "工业机器人控制",
                    "智能电网调度", "嵌入式软件测试", "沥青路面养护", "化工过程安全", "城市污水处理工艺"),
    "SCHOOL_TEACHER": ("初中数学分层教学", "高中语文整本书阅读", "小学英语绘本教学", "物理实验探究式教学",
                       "作业设计与学业减负", "班主任德育工作", "信息技术与学科融合"),
    "HEALTH": ("急性心肌梗死介入治疗", "糖尿病足综合管理", "老年髋部骨折围术期护理", "儿童社区获得性肺炎",
               "腹腔镜胆囊切除术", "抗菌药物合理使用", "脑卒中早期康复"),
    "RESEARCH": ("量子点发光材料", "锂离子电池正极材料", "机器学习图像识别", "淮河流域水环境", "新能源汽车热管理",
                 "稀土功能材料"),
    "AGRICULTURE": ("小麦赤霉病综合防控", "水稻优质高产栽培", "设施蔬菜绿色防控", "生猪健康养殖", "油菜机械化生产"),
    "FINANCE": ("国有企业全面预算管理", "业财融合", "内部控制体系建设", "增值税留抵退税", "供应链金融风险",
                "工程项目成本管控"),
    "OTHER": ("专业技术创新", "质量管理体系建设", "行业标准化建设", "基层服务能力提升"),
}
FAMILY = {"HIGHER_EDUCATION_TEACHER": "RESEARCH", "NATURAL_SCIENCE_RESEARCHER": "RESEARCH", "LABORATORY": "RESEARCH",
          "ACCOUNTING": "FINANCE", "ECONOMICS": "FINANCE", "AUDIT": "FINANCE"}
DIAGNOSES = ("急性ST段抬高型心肌梗死", "2型糖尿病伴糖尿病足", "股骨颈骨折", "重症社区获得性肺炎", "急性胆囊炎",
             "急性缺血性脑卒中", "慢性阻塞性肺疾病急性加重")
JOURNALS = ("安徽教育科研", "建筑技术", "中国卫生事业管理", "安徽农业科学", "中国总会计师", "电子技术应用",
            "安徽医学", "中华护理杂志", "教学与管理", "公路交通科技")
SCHOOLS = ("安徽大学", "合肥工业大学", "安徽师范大学", "安徽医科大学", "安徽农业大学", "安徽建筑大学",
           "安徽理工大学", "安徽财经大学", "淮北师范大学", "中国科学技术大学", "皖南医学院", "蚌埠医学院")
AWARDS = (("安徽省科学技术奖", "PROVINCIAL", "安徽省人民政府"), ("合肥市科学技术奖", "MUNICIPAL", "合肥市人民政府"),
          ("安徽省教学成果奖", "PROVINCIAL", "安徽省教育厅"), ("安徽医学科技奖", "PROVINCIAL", "安徽省医学会"))
FILE_NAMES = {C.EDUCATION: ("毕业证书", "学位证书"), C.ANNUAL_ASSESSMENT: ("年度考核登记表", "考核结果通知"),
              C.PAPER: ("论文全文", "期刊封面及目录"), C.HEALTH_PAPER: ("论文全文", "期刊封面及目录"),
              C.HONOR: ("荣誉证书", "表彰文件"), C.PROJECT_AWARD: ("获奖证书", "获奖文件"),
              C.PATENT: ("专利证书", "专利登记簿副本"), C.BOOK: ("封面及版权页", "目录")}


# ----------------------------------------------------------------- persons and their records

@dataclass
class Who:
    id: int
    account_id: int
    name: str
    mobile: str
    id_number: str
    unit_id: int
    series: list[str]
    work_start: date
    education: str
    degree: str | None
    title: str

    @property
    def family(self) -> str:
        first = self.series[0] if self.series else "OTHER"
        return FAMILY.get(first, first if first in TOPICS else "OTHER")


async def people(demo: Demo) -> dict[int, Who]:
    """Persons whose binding is approved (they may submit records and declare), by id."""
    if demo.people is None:
        demo.people = {}
        for p in await Person.filter(current_unit_id__isnull=False).order_by("id").values(
                "id", "account_id", "real_name", "mobile", "id_number", "current_unit_id", "series",
                "work_start_date", "highest_education", "degree", "title_name"):
            degree = p["degree"]
            demo.people[p["id"]] = Who(
                p["id"], p["account_id"], p["real_name"], p["mobile"], p["id_number"], p["current_unit_id"],
                list(p["series"]), p["work_start_date"],
                getattr(p["highest_education"], "value", p["highest_education"]), getattr(degree, "value", degree),
                p["title_name"])
    return demo.people


def _day(rng: random.Random, start: date, end: date | None = None) -> date:
    end = min(end or today(), today())
    start = min(start, end)
    return start + timedelta(days=rng.randrange(0, (end - start).days + 1))


def record_data(rng: random.Random, who: Who, category: C, unit_name: str) -> dict:
    """Plausible typed fields of one record of ``category`` for ``who``."""
    topic = rng.choice(TOPICS[who.family])
    since = max(who.work_start, today() - timedelta(days=365 * 12))
    pick = rng.choice
    day = _day(rng, since)
    start = _day(rng, since, today() - timedelta(days=400))
    end = start + timedelta(days=rng.randrange(60, 400))
    role = pick(list(ParticipationRole)).value
    if category == C.EDUCATION:
        years = {"DOCTORAL": 3, "MASTER": 3, "BACHELOR": 4, "JUNIOR_COLLEGE": 3}.get(who.education, 3)
        grad = date(who.work_start.year, 6, 30) if who.work_start.month > 6 else date(who.work_start.year - 1, 6, 30)
        return {"start_date": date(grad.year - years, 9, 1), "end_date": grad, "school": pick(SCHOOLS),
                "major": topic[:4] + "相关专业", "education": who.education, "schooling_years": years,
                "degree_obtained": who.degree not in (None, Degree.NONE.value), "degree": who.degree,
                "is_highest": True, "is_first": who.education in ("BACHELOR", "JUNIOR_COLLEGE"), "before_work": True,
                "certificate_number": f"{rng.randrange(10**17, 10**18)}"}
    if category == C.WORK_EXPERIENCE:
        return {"start_date": who.work_start, "end_date": None, "work_unit": unit_name[:50],
                "specialty": topic[:20], "administrative_post": pick(("职员", "科员", "教研组长", "项目负责人")),
                "technical_post": who.title[:20], "employed_post": pick(("专业技术岗位", "专业技术十级", "专业技术八级")),
                "content": f"在{unit_name}从事{topic}相关专业技术工作，承担日常技术管理与业务指导。"}
    if category == C.ANNUAL_ASSESSMENT:
        return {"year": today().year - rng.randrange(1, 6), "result": pick(("EXCELLENT", "COMPETENT", "COMPETENT")),
                "assessing_unit": unit_name[:50], "remarks": ""}
    gens = {
        C.REPRESENTATIVE_WORK: lambda: {"name": f"{topic}关键技术研究与应用", "kind": pick(list(WorkKind)).value,
                                        "completed_on": day, "role": pick(("主持", "独立完成", "第一完成人")),
                                        "description": f"围绕{topic}开展系统研究，成果已在本单位推广应用。"},
        C.PROJECT: lambda: {"name": f"{topic}示范项目", "start_date": start, "end_date": end,
                            "amount": f"{rng.randrange(5, 800)}.{rng.randrange(0, 100):02d}", "kind": "技术开发",
                            "role": role, "members": "课题组5人", "scale": pick(("省级", "市级", "单位内部")),
                            "description": f"{topic}的技术攻关与示范。", "duties": "负责技术方案制定与实施。"},
        C.PAPER: lambda: {"name": f"{topic}的实践与思考", "published_on": day, "kind": pick(list(PaperKind)).value,
                          "journal": pick(JOURNALS), "issue_number": f"CN34-{rng.randrange(1000, 1300)}/{day.year}年"
                          f"第{rng.randrange(1, 13)}期", "author_rank": pick(list(AuthorRank)).value,
                          "words_thousand": f"{rng.randrange(3, 12)}.{rng.randrange(0, 10)}", "exchange": ""},
        C.CONTINUING_EDUCATION: lambda: {"name": f"{topic}专题研修班", "organizer": "安徽省继续教育中心",
                                         "start_date": start, "end_date": start + timedelta(days=rng.randrange(2, 10)),
                                         "form": pick(list(TrainingForm)).value, "hours": rng.randrange(16, 90),
                                         "credits": f"{rng.randrange(1, 8)}.0",
                                         "certificate_number": f"JX{rng.randrange(10**7, 10**8)}"},
        C.ACADEMIC_POST: lambda: {"organization": pick(("安徽省土木建筑学会", "安徽省教育学会", "安徽省医学会",
                                                        "安徽省农学会", "安徽省会计学会")),
                                  "post": pick(("会员", "理事", "专业委员会委员")), "start_date": start, "end_date": None},
        C.WORK_REPORT: lambda: {"name": f"任现职以来{topic}工作总结", "finished_on": day,
                                "word_count": rng.randrange(3000, 9000),
                                "summary": f"总结任现职以来在{topic}方面的主要工作、成效与体会。"},
        C.PROJECT_AWARD: lambda: dict(zip(("award_name", "level", "issuer"), pick(AWARDS)),
                                      project_name=f"{topic}技术研究", grade=pick(("一等奖", "二等奖", "三等奖")),
                                      awarded_on=day, rank=rng.randrange(1, 8)),
        C.RESULT_ADOPTION: lambda: {"name": f"关于{topic}的建议", "kind": pick(list(AdoptionKind)).value,
                                    "adopted_by": pick(("安徽省住房和城乡建设厅", "合肥市教育局", "安徽省卫生健康委员会")),
                                    "adopted_on": day, "role": role, "description": "建议被采纳并在全省推广。"},
        C.BOOK: lambda: {"name": f"{topic}实务", "kind": pick(list(BookKind)).value,
                         "publisher": pick(("安徽教育出版社", "中国科学技术大学出版社", "安徽科学技术出版社")),
                         "published_on": day, "isbn": f"978-7-{rng.randrange(5000, 5999)}-{rng.randrange(1000, 9999)}-"
                         f"{rng.randrange(0, 10)}", "role": pick(list(BookRole)).value,
                         "words_thousand": f"{rng.randrange(20, 120)}.0"},
        C.HONOR: lambda: {"name": pick(("优秀专业技术人才", "先进工作者", "优秀教师", "优秀共产党员")),
                          "level": pick(list(AwardLevel)).value, "issuer": unit_name[:50], "awarded_on": day,
                          "document_number": f"皖{rng.randrange(1, 99)}〔{day.year}〕{rng.randrange(1, 200)}号"},
        C.STANDARD: lambda: {"name": f"{topic}技术规程", "number": f"DB34/T {rng.randrange(1000, 4999)}-{day.year}",
                             "kind": pick(list(StandardKind)).value, "role": role, "rank": rng.randrange(1, 10),
                             "published_on": day},
        C.PATENT: lambda: {"name": f"一种用于{topic}的装置", "kind": pick(list(PatentKind)).value,
                           "number": f"ZL{day.year}{rng.randrange(10**8, 10**9)}.{rng.randrange(0, 10)}",
                           "holder": unit_name[:100], "authorized_on": day, "rank": rng.randrange(1, 6)},
        C.RESEARCH_PROJECT: lambda: {"name": f"{topic}机理研究", "source": pick(("安徽省自然科学基金",
                                                                                  "安徽省重点研究与开发计划")),
                                     "level": pick(("NATIONAL", "PROVINCIAL", "MUNICIPAL")),
                                     "number": f"{day.year}{rng.randrange(10**5, 10**6)}", "role": role,
                                     "start_date": start, "end_date": end, "funding": f"{rng.randrange(5, 200)}.00",
                                     "status": pick(list(ResearchStatus)).value,
                                     "description": f"研究{topic}的关键问题，本人负责方案设计与试验。"},
        C.AID_EXPERIENCE: lambda: {"kind": pick(list(AidKind)).value, "aided_unit": pick(("金寨县人民医院",
                                                                                          "岳西县中学", "和田地区人民医院")),
                                   "region": pick(("安徽省金寨县", "安徽省岳西县", "新疆和田地区")), "start_date": start,
                                   "end_date": start + timedelta(days=365), "post": "挂职副职",
                                   "content": f"在受援单位开展{topic}帮扶工作。"},
        C.COMPREHENSIVE_PERFORMANCE: lambda: {"name": f"{topic}综合业绩", "occurred_on": day,
                                              "description": f"任现职以来在{topic}方面取得的主要业绩。"},
        C.HEALTH_CASE_RECORD: lambda: {"case_number": f"BA{rng.randrange(10**6, 10**7)}",
                                       "diagnosis": pick(DIAGNOSES), "admitted_on": start,
                                       "discharged_on": start + timedelta(days=rng.randrange(3, 20)),
                                       "role": pick(list(CaseRole)).value,
                                       "summary": "患者入院后完善检查，经规范治疗后好转出院；体会：早诊早治是关键。"},
        C.HEALTH_TOPIC: lambda: {"name": f"{topic}专题", "finished_on": day, "summary": f"{topic}的临床实践总结。"},
        C.HEALTH_PAPER: lambda: {"name": f"{topic}的临床观察", "published_on": day, "journal": pick(JOURNALS),
                                 "issue_number": f"CN34-{rng.randrange(1000, 1300)}/R", "author_rank": pick(
                                     list(AuthorRank)).value, "kind": "JOURNAL"},
        C.HEALTH_REVIEW: lambda: {"name": f"{topic}研究进展", "finished_on": day,
                                  "word_count": rng.randrange(4000, 9000), "summary": f"综述{topic}的国内外研究进展。"},
    }
    return gens[category]()


class Library:
    """Records through the rules. ``add`` creates (and submits) at once; the unit's decisions, the
    withdrawals that follow them and the claims wait for ``settle``, which decides per unit in batches
    as an admin would in the library's review list."""

    def __init__(self, demo: Demo, rng: random.Random) -> None:
        self.demo, self.rng = demo, rng
        self.attachments: list[AchievementAttachment] = []
        self.decisions: dict[tuple[int, ReviewDecision, str], list[int]] = {}
        self.withdrawals: list[tuple[int, int]] = []  # (person id, record id) after the decision
        self.claims: list[int] = []  # pending record ids an admin has claimed

    async def add(self, who: Who, category: C | str, status: R, *, claimed: bool = False,
                  from_approved: bool = False, files: int | None = None, **overrides) -> AchievementRecord:
        """One record of ``who`` that ends in ``status`` once settled, with 1–2 attachments (or ``files``);
        ``overrides`` replace generated fields."""
        rng, category = self.rng, C(category)
        data = {**record_data(rng, who, category, self.demo.unit_names(who.unit_id)), **overrides}
        row = await create_record(who.id, category, data)
        names = FILE_NAMES.get(category, (f"{CATEGORY_LABELS[category]}佐证材料", "证明材料扫描件"))
        for i in range(files or (1 if rng.random() < 0.5 else 2)):
            stored = await self.demo.files.file(f"pdf:{category.value}" if i == 0 else "png:scan", names[i],
                                                "achievement", who.account_id)
            self.attachments.append(AchievementAttachment(record_id=row.id, file_id=stored.id, sort=i))
        if status == R.DRAFT:
            return row
        row = await submit_record(who.id, row.id)
        if status == R.RETURNED:
            self._decide(row, ReviewDecision.RETURN, rng.choice(RETURN_OPINIONS))
        elif status == R.APPROVED or (status == R.WITHDRAWN and from_approved):
            self._decide(row, ReviewDecision.PASS, rng.choice(("同意", "同意", "情况属实，同意")))
        if status == R.WITHDRAWN:
            self.withdrawals.append((who.id, row.id))
        elif status == R.PENDING and claimed:
            self.claims.append(row.id)
        return row

    def _decide(self, row: AchievementRecord, decision: ReviewDecision, opinion: str) -> None:
        self.decisions.setdefault((row.unit_id, decision, opinion), []).append(row.id)

    async def settle(self) -> None:
        await self.demo.bulk(AchievementAttachment, self.attachments)
        self.attachments = []
        for (unit_id, decision, opinion), ids in sorted(self.decisions.items()):
            viewer = await self.demo.viewer(unit_id)
            for start in range(0, len(ids), 100):  # the library's batch limit
                await decide_records(viewer, ids[start:start + 100], decision, opinion)
        for person_id, record_id in self.withdrawals:
            await withdraw_record(person_id, record_id)
        for record_id in self.claims:
            task = await Task.get(process_type=ProcessType.ACHIEVEMENT_RECORD, subject_id=record_id,
                                  status=TaskStatus.READY)
            await claim_task(await self.demo.viewer(task.unit_id), task.id)
        self.decisions, self.withdrawals, self.claims = {}, [], []


async def insert_library(demo: Demo) -> None:
    """PER_CELL records for every category × status over persons with approved bindings, and at least
    two pending records (one claimed) for every unit people belong to."""
    rng = random.Random(SEED)
    demo.files = demo.files or DemoFiles(demo)
    library = Library(demo, rng)
    everyone = await people(demo)
    pool = sorted(everyone.values(), key=lambda w: w.id)
    health = [w for w in pool if "HEALTH" in w.series]
    pending_units: dict[int, int] = {}
    for category in C:
        for status in R:
            for i in range(PER_CELL):
                who = rng.choice(health if category in HEALTH_ONLY else pool)
                await library.add(who, category, status, claimed=i == 0, from_approved=i % 2 == 1)
                if status == R.PENDING:
                    pending_units[who.unit_id] = pending_units.get(who.unit_id, 0) + 1
    by_unit: dict[int, list[Who]] = {}
    for who in pool:
        by_unit.setdefault(who.unit_id, []).append(who)
    for unit_id, members in sorted(by_unit.items()):
        for i in range(max(0, 2 - pending_units.get(unit_id, 0))):
            category = rng.choice([c for c in C if c not in HEALTH_ONLY])
            await library.add(rng.choice(members), category, R.PENDING, claimed=i == 0)
    await library.settle()

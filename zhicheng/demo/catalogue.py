"""Demo catalogue, issue 3 §7 part one: 30 committees of every tier and 100 plans over the last three
years (some open now, some closed, some drafts).

Committees and plans are configuration the HR bureaus maintain; they are checked by the same rules the
API applies (``committee.rules.check_committee_fields`` and ``normalise_fees``, ``plan.validation.check_state``)
and inserted in bulk with their final status: a plan's window lies in the past for last year's plans,
which no rule can publish or close today. What the later parts need is kept on the ``Demo`` context.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone

from models.catalogue.data import NATIONAL_SERIES
from models.catalogue.models import Level, Series, Specialty
from models.committee.models import (Committee, CommitteeAdmin, CommitteeOrganizer, CommitteeRegion,
                                     CommitteeSpecialty, CommitteeStatus, CommitteeTier)
from models.committee.rules import check_committee_fields, normalise_fees
from models.core.errors import Collector
from models.plan.models import Plan, PlanAchievementRule, PlanAttachmentSlot, PlanSpecialty, PlanStatus
from models.plan.rules import ATTACHMENT_TYPES, SHANGHAI, is_open
from models.plan.validation import check_state
from models.region.models import division_table, region_covers
from zhicheng.demo.context import Demo
from zhicheng.demo.data import ROADS, any_name, landline

SEED = 2027
P, I, A, S = (lv.value for lv in Level)


@dataclass
class CommitteeSpec:
    key: str
    name: str
    tier: CommitteeTier
    series: str
    levels: list[str]
    managing: str  # HR bureau key
    scopes: list[str]  # region codes; "WUHU_DISTRICTS" expands
    organizers: list[str]
    specialties: list[str] = field(default_factory=list)  # top-level codes (with their children)
    now: str = "open"  # this year's plan: open / ended / closed / upcoming / draft
    cancelled: str = ""  # cancel reason


T = CommitteeTier
COMMITTEES = [
    CommitteeSpec("eng_build", "安徽省建设工程专业高级职称评审委员会", T.SENIOR, "ENGINEERING", [A, S], "hr_prov",
                  ["340000"], ["org_eng"], ["01", "07", "08"]),
    CommitteeSpec("eng_mech", "安徽省机械电气专业高级职称评审委员会", T.SENIOR, "ENGINEERING", [A, S], "hr_prov",
                  ["340000"], ["org_eng"], ["02", "03"]),
    CommitteeSpec("eng_info", "安徽省电子信息专业高级职称评审委员会", T.SENIOR, "ENGINEERING", [A, S], "hr_prov",
                  ["340000"], ["org_eng"], ["04"]),
    CommitteeSpec("eng_trans", "安徽省交通化工专业高级职称评审委员会", T.SENIOR, "ENGINEERING", [A, S], "hr_prov",
                  ["340000"], ["org_eng"], ["05", "06"]),
    CommitteeSpec("teacher_sr", "安徽省中小学教师高级职称评审委员会", T.SENIOR, "SCHOOL_TEACHER", [A, S], "hr_prov",
                  ["340000"], ["org_teacher_prov"]),
    CommitteeSpec("health_sr", "安徽省卫生系列高级职称评审委员会", T.SENIOR, "HEALTH", [A, S], "hr_prov", ["340000"],
                  ["org_health"]),
    CommitteeSpec("higher_sr", "安徽省高等学校教师高级职称评审委员会", T.SENIOR, "HIGHER_EDUCATION_TEACHER", [A, S],
                  "hr_prov", ["340000"], ["org_higher"], now="ended"),
    CommitteeSpec("higher_mid", "安徽省高等学校教师中级职称评审委员会", T.INTERMEDIATE, "HIGHER_EDUCATION_TEACHER", [I],
                  "hr_prov", ["340000"], ["org_higher"], now="draft"),
    CommitteeSpec("acc_sr", "安徽省会计系列高级职称评审委员会", T.SENIOR, "ACCOUNTING", [A, S], "hr_prov", ["340000"],
                  ["org_econ"]),
    CommitteeSpec("econ_sr", "安徽省经济系列高级职称评审委员会", T.SENIOR, "ECONOMICS", [A, S], "hr_prov", ["340000"],
                  ["org_econ"], now="upcoming"),
    CommitteeSpec("audit_sr", "安徽省审计系列高级职称评审委员会", T.SENIOR, "AUDIT", [A, S], "hr_prov", ["340000"],
                  ["org_econ"], now="draft"),
    CommitteeSpec("agri_sr", "安徽省农业系列高级职称评审委员会", T.SENIOR, "AGRICULTURE", [A, S], "hr_prov", ["340000"],
                  ["org_agri"]),
    CommitteeSpec("nsr_sr", "安徽省自然科学研究系列高级职称评审委员会", T.SENIOR, "NATURAL_SCIENCE_RESEARCHER", [A, S],
                  "hr_prov", ["340000"], ["org_eng", "org_higher"]),
    CommitteeSpec("lab_sr", "安徽省实验技术系列高级职称评审委员会", T.SENIOR, "LABORATORY", [A, S], "hr_prov",
                  ["340000"], ["org_higher"], now="closed"),
    CommitteeSpec("craft_sr", "安徽省工艺美术系列高级职称评审委员会", T.SENIOR, "ARTS_AND_CRAFTS", [A, S], "hr_prov",
                  ["340000"], ["org_eng"], cancelled="评审工作调整至省文化和旅游厅组建的评委会承担"),
    CommitteeSpec("social_mid", "安徽省社会工作系列中级职称评审委员会", T.INTERMEDIATE, "SOCIAL_WORK", [I], "hr_prov",
                  ["340000"], ["org_econ"], cancelled="社会工作师实行以考代评，不再组织评审"),
    CommitteeSpec("hf_teacher_mid", "合肥市中小学教师中级职称评审委员会", T.INTERMEDIATE, "SCHOOL_TEACHER", [I],
                  "hr_hefei", ["340100"], ["org_teacher"]),
    CommitteeSpec("hf_teacher_jr", "合肥市中小学教师初级职称评审委员会", T.JUNIOR, "SCHOOL_TEACHER", [P], "hr_hefei",
                  ["340100"], ["org_teacher"]),
    CommitteeSpec("hf_eng_mid", "合肥市工程系列中级职称评审委员会", T.INTERMEDIATE, "ENGINEERING", [I], "hr_hefei",
                  ["340100"], ["org_hefei"]),
    CommitteeSpec("hf_health_mid", "合肥市卫生系列中级职称评审委员会", T.INTERMEDIATE, "HEALTH", [I], "hr_hefei",
                  ["340100"], ["org_hefei"], now="ended"),
    CommitteeSpec("wh_teacher_mid", "芜湖市中小学教师中级职称评审委员会", T.INTERMEDIATE, "SCHOOL_TEACHER", [I],
                  "hr_wuhu", ["340200"], ["org_wuhu"]),
    CommitteeSpec("wh_eng_mid", "芜湖市工程系列中级职称评审委员会", T.INTERMEDIATE, "ENGINEERING", [I], "hr_wuhu",
                  ["340200"], ["org_wuhu"]),
    CommitteeSpec("wh_eng_jr", "芜湖市工程系列初级职称评审委员会", T.JUNIOR, "ENGINEERING", [P], "hr_wuhu",
                  ["WUHU_DISTRICTS"], ["org_wuhu"], now="upcoming"),
    CommitteeSpec("bb_eng_mid", "蚌埠市工程系列中级职称评审委员会", T.INTERMEDIATE, "ENGINEERING", [I], "hr_bengbu",
                  ["340300"], ["org_bengbu"]),
    CommitteeSpec("aq_health_mid", "安庆市卫生系列中级职称评审委员会", T.INTERMEDIATE, "HEALTH", [I], "hr_anqing",
                  ["340800"], ["org_anqing"], now="ended"),
    CommitteeSpec("aq_eng_mid", "安庆市工程系列中级职称评审委员会", T.INTERMEDIATE, "ENGINEERING", [I], "hr_anqing",
                  ["340800"], ["org_anqing"]),
    CommitteeSpec("fy_eng_mid", "阜阳市工程系列中级职称评审委员会", T.INTERMEDIATE, "ENGINEERING", [I], "hr_fuyang",
                  ["341200"], ["org_fuyang"], now="ended"),
    CommitteeSpec("fy_teacher_mid", "阜阳市中小学教师中级职称评审委员会", T.INTERMEDIATE, "SCHOOL_TEACHER", [I],
                  "hr_fuyang", ["341200"], ["org_fuyang"], now="closed"),
    CommitteeSpec("fy_agri_jr", "阜阳市农业系列初级职称评审委员会", T.JUNIOR, "AGRICULTURE", [P], "hr_fuyang",
                  ["341200"], ["org_fuyang"], now="draft"),
    CommitteeSpec("fx_health_jr", "肥西县卫生系列初级职称评审委员会", T.JUNIOR, "HEALTH", [P], "hr_feixi",
                  ["340123"], ["org_hefei"]),
]
# Further plans this year: (committee key, name suffix, plan type, state, levels or None for the committee's).
EXTRA_PLANS = [
    ("eng_build", "（绿色通道）", "GREEN_CHANNEL", "open", None), ("health_sr", "（基层卫生专场）", "OTHER", "open", [A]),
    ("teacher_sr", "（正高级）", "NORMAL", "draft", [S]), ("eng_info", "（第二批）", "NORMAL", "draft", None),
    ("higher_sr", "（高校自主评审备案）", "SELF_EVALUATION", "closed", None),
    ("hf_eng_mid", "（第二批）", "NORMAL", "draft", None), ("agri_sr", "（绿色通道）", "GREEN_CHANNEL", "upcoming", None),
    ("acc_sr", "（第二批）", "NORMAL", "draft", None), ("wh_teacher_mid", "（补报）", "NORMAL", "closed", None),
    ("hf_teacher_mid", "（第二批）", "NORMAL", "draft", None), ("eng_mech", "（绿色通道）", "GREEN_CHANNEL", "open", None),
    ("nsr_sr", "（绿色通道）", "GREEN_CHANNEL", "closed", None)]
FEES = {T.SENIOR: (("评审费", "480.00"), ("材料审核费", "60.00")), T.INTERMEDIATE: (("评审费", "260.00"),),
        T.JUNIOR: (("评审费", "120.00"),)}
SLOTS = [("身份证", "居民身份证正反面扫描件", True, ["PDF", "JPEG", "PNG"], 5, 2),
         ("学历学位证书", "最高学历、学位证书及学信网认证报告", True, ["PDF", "JPEG", "PNG"], 10, 5),
         ("单位推荐意见", "加盖单位公章的推荐意见表", True, ["PDF"], 5, 1),
         ("现专业技术资格证书", "现任专业技术资格证书或聘任文件（初级申报无需提供）", False, ["PDF", "JPEG", "PNG"], 10, 3),
         ("公示结果证明", "单位公示情况及结果证明", False, ["PDF", "JPEG"], 5, 2),
         ("其他材料", "其他需要说明的材料", False, ["PDF", "JPEG", "PNG", "DOCX"], 20, 10)]
# The one achievement category a series adds from 中级 up: (category, min at 副高, max).
SERIES_EXTRA = {"SCHOOL_TEACHER": ("CONTINUING_EDUCATION", 1, 10), "ENGINEERING": ("PROJECT", 1, 5),
                "HIGHER_EDUCATION_TEACHER": ("RESEARCH_PROJECT", 1, 5), "AGRICULTURE": ("PROJECT", 1, 5),
                "NATURAL_SCIENCE_RESEARCHER": ("RESEARCH_PROJECT", 1, 5), "ACCOUNTING": ("WORK_REPORT", 1, 3),
                "ECONOMICS": ("WORK_REPORT", 1, 3), "AUDIT": ("WORK_REPORT", 1, 3), "LABORATORY": ("PROJECT", 0, 5)}


def achievement_rules(series: str, level: str) -> list[tuple[str, int, int]]:
    """(category, min, max) a plan of ``series`` asks of an application at ``level``."""
    senior = level in (A, S)
    rules = [("EDUCATION", 1, 3), ("WORK_EXPERIENCE", 1, 10),
             ("ANNUAL_ASSESSMENT", {P: 1, I: 2}.get(level, 3), 5)]
    if level == P:
        return rules
    if series == "HEALTH":
        rules += [("HEALTH_CASE_RECORD", 2 if senior else 1, 10), ("HEALTH_PAPER", 1 if senior else 0, 5)]
    else:
        rules.append(("PAPER", (2 if level == S else 1) if senior else 0, 8))
    if senior:
        rules.append(("REPRESENTATIVE_WORK", 1, 3))
    if level == S:
        rules.append(("PROJECT_AWARD", 0, 5))
    if series in SERIES_EXTRA:
        category, low, high = SERIES_EXTRA[series]
        rules.append((category, low if senior else 0, high))
    return rules


def _check(errors: Collector, what: str) -> None:
    if errors.problems:
        raise RuntimeError(f"invalid demo {what}: {errors.problems}")


async def insert_catalogue(demo: Demo) -> None:
    """The committees and their plans."""
    rng = random.Random(SEED)
    series = dict(await Series.all().values_list("code", "id"))
    specialty_rows = await Specialty.all().values("id", "series_id", "code")
    by_code = {(r["series_id"], r["code"]): r["id"] for r in specialty_rows}
    wuhu = [c for c, _, level, _ in division_table() if c.startswith("3402") and not c.endswith("00")][:4]
    rows: dict[type, list] = {m: [] for m in (Committee, CommitteeRegion, CommitteeOrganizer, CommitteeSpecialty,
                                              CommitteeAdmin, Plan, PlanSpecialty, PlanAttachmentSlot,
                                              PlanAchievementRule)}
    created = demo.now - timedelta(days=900)
    for c in COMMITTEES:
        scopes = wuhu if c.scopes == ["WUHU_DISTRICTS"] else c.scopes
        managing = demo.specs[c.managing]
        assert all(region_covers(managing.region, s) for s in scopes), c.name
        fees = [{"item": item, "amount": amount} for item, amount in FEES[c.tier]]
        contact = any_name(rng)
        data = {"name": c.name, "tier": c.tier.value, "levels": c.levels, "region_codes": scopes,
                "contact_name": contact, "contact_phone": landline(rng, managing.region),
                "series_id": series[c.series], "organizer_unit_ids": c.organizers}
        errors = Collector()
        check_committee_fields(errors, data, partial=False)
        fees = normalise_fees(errors, fees)
        _check(errors, c.name)
        sid = series[c.series]
        specialties = [v for (s, code), v in by_code.items() if s == sid and code[:2] in c.specialties]
        committee = Committee(id=await demo.ids.next("committee"), name=c.name, tier=c.tier, series_id=sid,
                              levels=c.levels, managing_unit_id=demo.unit_ids[c.managing], fee_standards=fees,
                              contact_name=contact, contact_phone=data["contact_phone"],
                              status=CommitteeStatus.CANCELLED if c.cancelled else CommitteeStatus.ACTIVE,
                              cancel_reason=c.cancelled, version=1 if c.cancelled else 0, created_at=created)
        demo.committees[c.key] = committee
        rows[Committee].append(committee)
        rows[CommitteeRegion] += [CommitteeRegion(committee_id=committee.id, region_id=s) for s in scopes]
        rows[CommitteeOrganizer] += [CommitteeOrganizer(committee_id=committee.id, unit_id=demo.unit_ids[o])
                                     for o in c.organizers]
        rows[CommitteeSpecialty] += [CommitteeSpecialty(committee_id=committee.id, specialty_id=s)
                                     for s in specialties]
        rows[CommitteeAdmin].append(CommitteeAdmin(committee_id=committee.id,
                                                   account_id=demo.admin[demo.unit_ids[c.organizers[0]]]))
        years = [(demo.year - 2, "past", None, "", "NORMAL"), (demo.year - 1, "past", None, "", "NORMAL")]
        if not c.cancelled:
            years.append((demo.year, c.now, None, "", "NORMAL"))
        years += [(demo.year, state, levels, suffix, kind) for key, suffix, kind, state, levels in EXTRA_PLANS
                  if key == c.key]
        for year, state, levels, suffix, kind in years:
            plan = await _plan(demo, rng, rows, c, committee, specialties, year, state, levels or c.levels, suffix,
                               kind)
            if not suffix:
                demo.main_plans[(c.key, year)] = plan
    for model, items in rows.items():
        await demo.bulk(model, items)


def _window(demo: Demo, rng: random.Random, year: int, state: str) -> tuple[datetime, datetime, PlanStatus]:
    if state == "past":
        opens = datetime.combine(datetime(year, 6, 1).date() + timedelta(days=rng.randrange(0, 60)), time(9),
                                 SHANGHAI).astimezone(timezone.utc)
        return opens, opens + timedelta(days=rng.randrange(30, 60), hours=8), PlanStatus.CLOSED
    start, length = {"open": (-rng.randrange(5, 40), 0), "ended": (-rng.randrange(60, 80), 0),
                     "closed": (-rng.randrange(120, 150), 45), "upcoming": (rng.randrange(5, 20), 40),
                     "draft": (rng.randrange(20, 40), 40)}[state]
    closes = demo.at(rng.randrange(10, 45), 17) if state == "open" else \
        demo.at(-rng.randrange(5, 20), 17) if state == "ended" else demo.at(start + length, 17)
    status = {"draft": PlanStatus.DRAFT, "closed": PlanStatus.CLOSED}.get(state, PlanStatus.PUBLISHED)
    return demo.at(start, 9), closes, status


async def _plan(demo: Demo, rng: random.Random, rows: dict, c: CommitteeSpec, committee: Committee,
                specialties: list[int], year: int, state: str, levels: list[str], suffix: str, kind: str) -> Plan:
    opens, closes, status = _window(demo, rng, year, state)
    organizer = demo.specs[c.organizers[0]]
    senior = c.tier == T.SENIOR
    types = ["REGULAR", "EXCEPTIONAL"] + (["TRANSFER"] if senior and rng.random() < 0.5 else []) if senior \
        else ["REGULAR"]
    if kind == "GREEN_CHANNEL":
        types = ["EXCEPTIONAL"]
    deadlines = {}
    if senior and status != PlanStatus.CLOSED:
        deadlines = {"personal_first_submit_deadline": closes - timedelta(days=10),
                     "personal_modify_deadline": closes - timedelta(days=5), "unit_submit_deadline": closes}
    series_name = NATIONAL_SERIES[c.series]
    slots = [s for s in SLOTS if levels != [P] or s[0] != "现专业技术资格证书"]
    exam = [rng.choice(specialties)] if specialties and senior and rng.random() < 0.3 else []
    state_data = {
        "name": f"{year}年度{c.name.removesuffix('评审委员会')}评审{suffix}", "year": year, "plan_type": kind,
        "levels": levels, "declaration_types": types, "office": organizer.name,
        "contact_name": any_name(rng), "contact_phone": landline(rng, organizer.region),
        "address": f"{rng.choice(ROADS)}{rng.randrange(1, 600)}号{organizer.name}", "opens_at": opens,
        "closes_at": closes, **deadlines,
        "scope_text": f"评审范围内从事{series_name}工作、符合申报条件的在职专业技术人员。",
        "content": (f"根据职称制度改革有关规定，现开展{year}年度{series_name}职称评审工作。\n"
                    "一、申报人须按属地原则，经所在单位、主管部门和人社部门逐级审核推荐。\n"
                    "二、申报材料须真实、准确、完整，弄虚作假者按规定取消评审资格并列入黑名单。\n"
                    "三、请在申报截止时间前完成网上申报和材料上传，逾期不予受理。"),
        "has_interview": S in levels and senior, "requires_recommendation": senior and c.key != "teacher_sr",
        "exam_specialty_ids": exam, "specialty_ids": specialties,
        "attachment_slots": [{"name": n, "description": d, "required": r, "allowed_types": t, "max_size_mb": mb,
                              "max_count": mc} for n, d, r, t, mb, mc in slots],
        "achievement_rules": [{"level": lv, "category": cat, "min_count": lo, "max_count": hi}
                              for lv in levels for cat, lo, hi in achievement_rules(c.series, lv)],
    }
    errors = Collector()
    check_state(errors, state_data, committee)
    _check(errors, state_data["name"])
    published = None if status == PlanStatus.DRAFT else min(opens, demo.now) - timedelta(days=rng.randrange(2, 9))
    created = (published or demo.now) - timedelta(days=rng.randrange(3, 15))
    plan = Plan(id=await demo.ids.next("plan"), committee_id=committee.id, organizer_id=demo.unit_ids[organizer.key],
                status=status, published_at=published, version={PlanStatus.DRAFT: 0, PlanStatus.PUBLISHED: 1}.get(
                    status, 2), created_at=created, updated_at=created,
                **{k: v for k, v in state_data.items() if k not in ("specialty_ids", "attachment_slots",
                                                                     "achievement_rules")})
    demo.plans.append(plan)
    rows[Plan].append(plan)
    rows[PlanSpecialty] += [PlanSpecialty(plan_id=plan.id, specialty_id=s) for s in specialties]
    demo.specialties[plan.id] = specialties
    demo.slots[plan.id] = []
    for sort, slot in enumerate(state_data["attachment_slots"]):
        row = PlanAttachmentSlot(id=await demo.ids.next("plan_attachment_slot"), plan_id=plan.id, name=slot["name"],
                                 description=slot["description"], required=slot["required"],
                                 allowed_types=[ATTACHMENT_TYPES[t] for t in slot["allowed_types"]],
                                 max_size_mb=slot["max_size_mb"], max_count=slot["max_count"], sort=sort)
        demo.slots[plan.id].append(row)
        rows[PlanAttachmentSlot].append(row)
    demo.rules[plan.id] = [PlanAchievementRule(plan_id=plan.id, **r) for r in state_data["achievement_rules"]]
    rows[PlanAchievementRule] += demo.rules[plan.id]
    return plan


async def report_lines() -> list[str]:
    tiers = {t: await Committee.filter(tier=t).count() for t in CommitteeTier}
    cancelled = await Committee.filter(status=CommitteeStatus.CANCELLED).count()
    plans = await Plan.all()
    open_now = sum(1 for p in plans if is_open(p))
    by_status = {s: sum(1 for p in plans if p.status == s) for s in PlanStatus}
    labels = {T.SENIOR: "高评会", T.INTERMEDIATE: "中评会", T.JUNIOR: "初评会"}
    return ["  评委会 " + "，".join(f"{labels[t]} {n}" for t, n in tiers.items()) + f"（已注销 {cancelled}）；评审计划 "
            f"{len(plans)}：正在申报 {open_now}，已发布 {by_status[PlanStatus.PUBLISHED]}，草稿 "
            f"{by_status[PlanStatus.DRAFT]}，已关闭 {by_status[PlanStatus.CLOSED]}"]

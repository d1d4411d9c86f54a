"""Demo declarations, issue 4 §8: review paths and applications at every stage, so each demo unit's task
centre has work, and one complete draft (陈静, 安徽省中小学教师高级) to walk through the whole chain.

Every state is reached through the rules, the way people would have got there: HR bureaus ``set_path``;
the person ``create_application``, fills the sections (personal info, titles, imported approved records,
the qualifying education, the slots' attachments) and ``submit_application``; each unit's admin
``claim_task`` and ``decide_task`` (after ``recommend`` / ``add_file`` at the employer); the person
``withdraw_submission`` or resubmits after a return. The engine writes the tasks, the history and the
notice jobs (the worker turns those into messages).

The rules run now, so a plan whose window is over (last year's, or ended this year) is opened while its
declarations are made and gets its real window back afterwards (plans are configuration, written by
demo/catalogue.py).
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from models.account.models import Identity, IdentityProvider
from models.achievement.models import AchievementRecord, RecordStatus
from models.application.create import create_application
from models.application.models import Application, ApplicationRecord, ApplicationStatus
from models.application.attachments import add_application_attachment
from models.application.forms import working_years
from models.application.path import resolve_path
from models.application.sections import (import_records, mark_qualifying_education, set_personal_info,
                                         set_special_form, set_titles)
from models.application.submit import submit_application, withdraw_submission
from models.blacklist.rules import add_entry, lift_entry
from models.catalogue.models import EvaluationStandard, PrimaryGrade, Specialty, TitleName
from models.person.models import Person
from models.person.photo import set_photo
from models.plan.models import Plan, PlanStatus
from models.plan.rules import is_open
from models.quota.rules import QUOTA_NATURES
from models.unit.models import Unit, UnitAdmin, UnitKind
from models.workflow.engine import claim_task, decide_task
from models.workflow.models import NODE_LABELS, Decision, NodeKind, ProcessType, Task, TaskStatus
from models.workflow.paths import set_path
from models.workflow.protocol import DecisionOptions
from zhicheng.demo.catalogue import COMMITTEES, A, I, P, S
from zhicheng.demo.context import Demo
from zhicheng.demo.library import Library, Who, people
from zhicheng.demo.quotas import Recommender, set_quotas
from zhicheng.settings import get_settings

SEED = 2029
WALKER_MOBILE = "14400000101"  # 陈静, 合肥市第一中学
K = NodeKind
NODES = {"E": K.EMPLOYER, "T": K.TALENT_CENTER, "D": K.COMPETENT_DEPARTMENT, "HC": K.HR_BUREAU_COUNTY,
         "C": K.HR_BUREAU_CITY, "P": K.HR_BUREAU_PROVINCE, "O": K.ORGANIZER}
REVIEW_PATHS = [  # (evaluation mode, tier, region, node kinds)
    ("REVIEW", "SENIOR", "340000", [K.EMPLOYER, K.TALENT_CENTER, K.COMPETENT_DEPARTMENT, K.HR_BUREAU_COUNTY,
                                    K.HR_BUREAU_CITY, K.HR_BUREAU_PROVINCE, K.ORGANIZER]),
    ("REVIEW", "INTERMEDIATE", "340200", [K.EMPLOYER, K.COMPETENT_DEPARTMENT, K.HR_BUREAU_CITY, K.ORGANIZER]),
    ("REVIEW", "JUNIOR", "340123", [K.EMPLOYER, K.COMPETENT_DEPARTMENT, K.ORGANIZER]),
    ("COMMISSIONED_REVIEW", "SENIOR", "340000", [K.EMPLOYER, K.COMPETENT_DEPARTMENT, K.HR_BUREAU_CITY,
                                                 K.HR_BUREAU_PROVINCE, K.ORGANIZER]),
]
# (employer key, committee key, level, stages, years ago). Stages: a node code (E T D HC C P O) = in review
# there, "*" = claimed; R@x returned at x; X@x terminated at x; RS@x returned at x and resubmitted; OK
# approved; W withdrawn by the person before the employer acted; DRAFT not submitted yet.
STORIES = [
    ("school_hf1", "teacher_sr", A, "E E* D D* C P P* O R@E X@D W RS@D", 0),
    ("school_hf1", "hf_teacher_mid", I, "E", 0),
    ("school_hf8", "hf_teacher_mid", I, "E D C O R@C DRAFT", 0), ("school_hf8", "teacher_sr", A, "P O", 0),
    ("school_hf8", "teacher_sr", A, "OK OK X@C", 1),
    ("hosp_hf1", "health_sr", A, "E E* D C P O R@D", 0), ("hosp_hf1", "hf_health_mid", I, "C O", 0),
    ("hosp_hf1", "health_sr", S, "OK", 1),
    ("hosp_feixi", "health_sr", A, "E HC HC*", 0), ("hosp_feixi", "hf_health_mid", I, "HC C", 0),
    ("univ_ahu", "higher_sr", A, "E D C P O", 0), ("univ_ahu", "higher_sr", S, "O", 0),
    ("univ_ahu", "higher_sr", A, "OK OK", 1), ("ustc", "higher_sr", A, "E C P", 0),
    ("hosp_ahmu", "health_sr", A, "D O", 0), ("agri_academy", "agri_sr", A, "E D P O R@D", 0),
    ("build_lab", "eng_build", A, "D O", 0), ("school_wh1", "wh_teacher_mid", I, "E D C O R@C", 0),
    ("hosp_aq", "aq_health_mid", I, "D C O", 0), ("college_fy", "higher_sr", A, "D C", 0),
    ("soe_transport", "eng_trans", A, "E C P O", 0), ("soe_transport", "eng_trans", A, "OK OK X@O", 1),
    ("soe_steel", "eng_mech", A, "E P O", 0), ("pe_tech", "eng_info", A, "E E* T C O R@E DRAFT", 0),
    ("pe_tech", "hf_eng_mid", I, "E C O", 0), ("pe_tech", "hf_eng_mid", I, "OK", 1),
    ("pe_auto", "wh_eng_mid", I, "E C O", 0), ("pe_material", "bb_eng_mid", I, "E C O", 0),
    ("pe_build", "fy_eng_mid", I, "C O", 0), ("pe_chem", "aq_eng_mid", I, "E O", 0),
    ("pe_audit", "acc_sr", A, "E P O", 0), ("soe_cement", "acc_sr", A, "C", 0),
    ("talent", "eng_build", A, "E E* P", 0), ("hr_hefei", "hf_eng_mid", I, "E", 0),
]
PASS_OPINIONS = ("同意", "同意推荐", "材料齐全，符合申报条件，同意上报", "经审核，情况属实，同意")
RETURN_OPINIONS = ("论文佐证材料不清晰，请重新上传后提交。", "年度考核材料不全，请补充近三年考核登记表。",
                   "单位推荐意见未加盖公章，请补充后重新提交。")
TERMINATE_OPINIONS = ("经核查，申报材料中论文存在弄虚作假情况，终止本年度申报。", "任现职年限不满足申报条件，终止申报。")
SLOT_LABELS = {"身份证": "ID card", "学历学位证书": "Diploma and degree", "单位推荐意见": "Unit recommendation",
               "现专业技术资格证书": "Current title certificate", "公示结果证明": "Publicity result", "其他材料": "Other"}

OPEN = (TaskStatus.READY, TaskStatus.CLAIMED)
LEVEL_ORDER = [P, I, A, S]
YEARS = {P: 1, I: 4, A: 8, S: 13}  # working years an applicant at that level usually has


def _below(level: str, applied: str) -> bool:
    return LEVEL_ORDER.index(level) == LEVEL_ORDER.index(applied) - 1


def _target(stage: str) -> tuple[str, NodeKind | None, bool]:
    """A stage as (what happens, at which node, claimed): OPEN / RETURN / RESUBMIT / TERMINATE at a node,
    APPROVE, WITHDRAW before the employer acts, DRAFT (incomplete) or DRAFT_COMPLETE."""
    if stage in ("DRAFT", "DRAFT_COMPLETE", "OK", "W"):
        return {"OK": "APPROVE", "W": "WITHDRAW"}.get(stage, stage), None, False
    outcome, _, at = stage.rstrip("*").partition("@")
    if not at:
        return "OPEN", NODES[outcome], stage.endswith("*")
    return {"R": "RETURN", "RS": "RESUBMIT", "X": "TERMINATE"}[outcome], NODES[at], False


class Builder:
    def __init__(self, demo: Demo, library: Library, rng: random.Random) -> None:
        self.demo, self.library, self.rng = demo, library, rng
        self.recommender = Recommender(demo)
        self.freelancers: set[int] = set()  # their host occupies no post for them

    async def load(self) -> None:
        self.titles = await TitleName.filter(is_active=True).order_by("sort", "id")
        self.standards = await EvaluationStandard.filter(is_active=True).order_by("id")
        specialties = await Specialty.filter(is_active=True).values("id", "series_id", "parent_id", "code")
        parents = {s["parent_id"] for s in specialties}
        self.leaves: dict[int, list[tuple[str, int]]] = {}
        for s in specialties:
            if s["id"] not in parents:
                self.leaves.setdefault(s["series_id"], []).append((s["code"], s["id"]))
        self.freelancers = set(await Person.filter(is_freelancer=True).values_list("id", flat=True))

    async def application(self, who: Who, committee_key: str, level: str, stage: str, years_ago: int,
                          specialty_code: str | None = None) -> Application:
        demo, rng = self.demo, self.rng
        committee = demo.committees[committee_key]
        plan = demo.main_plans[(committee_key, demo.year - years_ago)]
        titles = [t for t in self.titles if t.series_id == committee.series_id and t.level == level]
        title = titles[rng.randrange(len(titles))]
        standard = next(s for s in self.standards if s.series_id == committee.series_id and level in s.levels)
        choices = [(code, sid) for code, sid in self.leaves[committee.series_id]
                   if not demo.specialties[plan.id] or sid in demo.specialties[plan.id]]
        specialty = next((sid for code, sid in choices if code == specialty_code), rng.choice(choices)[1])
        exceptional = stage in ("D", "C*") and "EXCEPTIONAL" in plan.declaration_types  # a few 破格 applications
        app = await create_application(who.id, {
            "pledge_accepted": True, "plan_id": plan.id, "evaluation_mode": "REVIEW",
            "declaration_type": "EXCEPTIONAL" if exceptional else "REGULAR", "title_name_id": title.id,
            "specialty_id": specialty, "standard_id": standard.id})
        if exceptional:
            app = await set_special_form(app, {"reason": "任现职以来业绩突出，符合破格申报条件。",
                                               "achievements_summary": "主持完成省级项目2项，获省科学技术奖二等奖1项。"})
        series = next(c.series for c in COMMITTEES if c.key == committee_key)
        app = await self._content(app, who, plan, series, title, complete=stage != "DRAFT")
        if stage not in ("DRAFT", "DRAFT_COMPLETE"):
            await self._review(app, who, stage, plan)
        return app

    async def _content(self, app: Application, who: Who, plan: Plan, series: str, title: TitleName, *,
                       complete: bool) -> Application:
        """Personal info, current title, imported approved records, the qualifying education, attachments."""
        demo, rng, level = self.demo, self.rng, app.level
        worked = working_years(who.work_start)
        data: dict = {"professional_years": max(worked - 1, 0), "birthplace": "安徽", "health_status": "健康"}
        if series == "SCHOOL_TEACHER":
            data["teacher"] = {"teacher_category": "中小学教师", "staffing_type": "事业编制",
                               "teaching_since": who.work_start, "teaching_years": worked,
                               "qualification": "高级中学教师资格", "grade_taught": "高中"}
        if series == "HEALTH":
            data["health"] = {"practice_category": "临床", "practice_scope": "内科专业",
                              "practice_certificate_number": f"1103400{rng.randrange(10**8, 10**9)}"}
        app = await set_personal_info(app, data)
        lower = [t for t in self.titles if t.series_id == app.series_id and _below(t.level, level)
                 and t.primary_grade != PrimaryGrade.CLERK]
        if lower:
            held = lower[min(len(lower) - 1, [t.id for t in self.titles if t.series_id == app.series_id
                                                and t.level == level].index(title.id))]
            obtained = max(who.work_start + timedelta(days=400), date(demo.year - 6, 12, 20))
            app = await set_titles(app, [{
                "title_name": held.name, "series_name": "", "obtained_on": obtained,
                "appointed_on": obtained + timedelta(days=30), "appointment_unit": demo.unit_names(who.unit_id)[:100],
                "certificate_number": f"ZC{rng.randrange(10**9, 10**10)}"}])
        needs = [(r.category, r.min_count) for r in demo.rules[plan.id] if r.level == level]
        if not complete:
            needs = [(cat, 1) for cat, _ in needs if cat in ("EDUCATION", "WORK_EXPERIENCE")]
        records = []
        for category, count in needs:
            years = iter(range(demo.year - 1, demo.year - 10, -1))
            for _ in range(count):
                extra = {"year": next(years)} if category == "ANNUAL_ASSESSMENT" else {}
                records.append(await self.library.add(who, category, RecordStatus.APPROVED, files=1, **extra))
        await self.library.settle()  # the unit approves them before they can be imported
        app = await import_records(app, [r.id for r in records])
        education = await ApplicationRecord.filter(application_id=app.id, category="EDUCATION").order_by("id").first()
        app = await mark_qualifying_education(app, education.id)
        if not complete:
            return app
        for slot in demo.slots[plan.id]:
            if not slot.required and rng.random() < 0.6:
                continue
            key = "pdf:" + SLOT_LABELS[slot.name] if "application/pdf" in slot.allowed_types else "png:card"
            await add_application_attachment(demo.storage, app, slot.id, demo.files.upload(key, slot.name),
                                             who.account_id)
        return await Application.get(id=app.id)

    async def _open_task(self, app: Application) -> Task:
        return await Task.get(process_type=ProcessType.APPLICATION, subject_id=app.id, status__in=list(OPEN))

    async def _review(self, app: Application, who: Who, stage: str, plan: Plan) -> None:
        """Submits, then every unit on the way passes until the story's node, where it stops, returns or
        terminates (or, for approved ones, until the organizer passes)."""
        rng = self.rng
        outcome, target, claimed = _target(stage)
        app = await submit_application(app, who.account_id)
        if outcome == "WITHDRAW":
            await withdraw_submission(app, who.account_id)
            return
        while True:
            task = await self._open_task(app)
            kind = NodeKind(task.node_kind)
            viewer = await self.demo.viewer(task.unit_id)
            if kind == target and outcome == "OPEN":
                if claimed:
                    await claim_task(viewer, task.id)
                return
            await claim_task(viewer, task.id)
            if kind == target:
                decision = Decision.RETURN if outcome in ("RETURN", "RESUBMIT") else Decision.TERMINATE
                await decide_task(viewer, task.id, decision, rng.choice(
                    RETURN_OPINIONS if decision == Decision.RETURN else TERMINATE_OPINIONS))
                if outcome == "RESUBMIT":  # corrected and sent again: a new round at the employer
                    await submit_application(await Application.get(id=app.id), who.account_id)
                return
            options = DecisionOptions()
            if kind == NodeKind.EMPLOYER:
                await self.recommender.before_pass(app, plan, who.id in self.freelancers)
                if target == NodeKind.TALENT_CENTER:  # the personnel file is held by the talent centre
                    options.talent_center_id = self.demo.unit_ids["talent"]
            await decide_task(viewer, task.id, Decision.PASS, rng.choice(PASS_OPINIONS), options)
            app = await Application.get(id=app.id)
            if app.status == ApplicationStatus.APPROVED:
                if outcome != "APPROVE":
                    raise RuntimeError(f"demo: {stage} is not on the path of application {app.id}")
                return


async def _review_paths(demo: Demo) -> None:
    """Each configured by the HR bureau of its region."""
    bureaus = {u.region_id: u.id for u in demo.units.values() if u.kind == UnitKind.HR_BUREAU}
    for mode, tier, region, kinds in REVIEW_PATHS:
        await set_path(await demo.viewer(bureaus[region]), mode, tier, region, [k.value for k in kinds])


def _cast(demo: Demo, everyone: dict[int, Who], rng: random.Random) -> list[tuple[Who, tuple]]:
    """Who plays each story: members of the unit, of the committee's series with the usual working
    years where possible, nobody twice."""
    members: dict[int, list[Who]] = {}
    for who in sorted(everyone.values(), key=lambda w: w.id):
        members.setdefault(who.unit_id, []).append(who)
    used = {w.id for w in everyone.values() if w.mobile == WALKER_MOBILE}
    cast = []
    for story in sorted(STORIES, key=lambda s: -s[4]):  # last year's first
        unit_key, committee_key, level, stages, _ = story
        series = next(c.series for c in COMMITTEES if c.key == committee_key)
        for stage in stages.split():
            pool = [w for w in members[demo.unit_ids[unit_key]] if w.id not in used]
            fitting = [w for w in pool if series in w.series and working_years(w.work_start) >= YEARS[level]] \
                or [w for w in pool if series in w.series] or pool
            if not fitting:
                raise RuntimeError(f"demo: nobody left at {unit_key} for {committee_key} {stage}")
            who = rng.choice(fitting)
            used.add(who.id)
            cast.append((who, (committee_key, level, stage, story[4])))
    return cast


async def _plans_open(demo: Demo, plans: list[Plan]) -> list[Plan]:
    """Opens the plans (see the module's docstring) that are not open now; returns them as they were."""
    closed = [p for p in {p.id: p for p in plans}.values() if not is_open(p)]
    for plan in closed:
        await Plan.filter(id=plan.id).update(status=PlanStatus.PUBLISHED, opens_at=demo.now - timedelta(days=1),
                                             closes_at=demo.now + timedelta(days=1))
    return closed


async def insert_declarations(demo: Demo) -> None:
    rng = random.Random(SEED)
    await _review_paths(demo)
    library = Library(demo, rng)
    builder = Builder(demo, library, rng)
    await builder.load()
    everyone = await people(demo)
    walker = next(w for w in everyone.values() if w.mobile == WALKER_MOBILE)
    cast = _cast(demo, everyone, rng)
    # Quotas are set and confirmed before any employer recommends: room for every declaration at its level.
    planned: dict[tuple[int, int, str], int] = {}
    for who, (committee_key, level, _, years_ago) in [(walker, ("teacher_sr", A, "", 0))] + cast:
        key = (who.unit_id, demo.year - years_ago, level)
        planned[key] = planned.get(key, 0) + 1
    await set_quotas(demo, planned)
    # ID photos, uploaded in the person centre (personUploadPhoto's rule).
    photographed = [walker] + [w for w, _ in cast]
    persons = {p.id: p for p in await Person.filter(id__in=[w.id for w in photographed])}
    for who in photographed:
        await set_photo(persons[who.id], demo.files.upload("png:photo", "证件照"), demo.storage,
                        max_bytes=get_settings().max_photo_bytes)
    hosting = [demo.main_plans[(c, demo.year - y)] for _, (c, _, _, y) in cast]
    reopened = await _plans_open(demo, hosting)
    # The walk-through: a complete draft under the open provincial plan, and a library in every state.
    await builder.application(walker, "teacher_sr", A, "DRAFT_COMPLETE", 0, specialty_code="0301")
    for category, status in (("PAPER", RecordStatus.DRAFT), ("HONOR", RecordStatus.PENDING),
                             ("WORK_REPORT", RecordStatus.RETURNED), ("ACADEMIC_POST", RecordStatus.WITHDRAWN),
                             ("HONOR", RecordStatus.APPROVED), ("CONTINUING_EDUCATION", RecordStatus.APPROVED)):
        await library.add(walker, category, status)
    await library.settle()
    for who, (committee_key, level, stage, years_ago) in cast:
        await builder.application(who, committee_key, level, stage, years_ago)
    for plan in reopened:
        await Plan.filter(id=plan.id).update(status=plan.status, opens_at=plan.opens_at, closes_at=plan.closes_at)
    # 黑名单: one in force, one lifted, both by the provincial HR bureau.
    hr = await demo.viewer(demo.unit_ids["hr_prov"])
    taken = {walker.id} | {w.id for w, _ in cast}
    free = sorted(w.id for w in everyone.values() if w.id not in taken)
    today = demo.now.date()
    await add_entry(hr, free[0], f"{demo.year - 1}年度申报材料论文造假，取消评审资格", today - timedelta(days=200),
                    today + timedelta(days=530))
    lifted = await add_entry(hr, free[1], "申报材料学历证书与学信网信息不符", today - timedelta(days=400),
                             today + timedelta(days=330))
    await lift_entry(hr, lifted.id, "经复核为学信网信息更新延迟，予以解除")


async def _admin_mobile(unit_id: int) -> str:
    account = await UnitAdmin.filter(unit_id=unit_id).order_by("id").values_list("account_id", flat=True)
    mobile = await Identity.filter(account_id=account[0], provider=IdentityProvider.PHONE.value).values_list(
        "subject", flat=True)
    return mobile[0]


async def walkthrough() -> tuple[Application, list[tuple[NodeKind, int]]] | None:
    """The walk-through draft and the path it will take once submitted (a dry run)."""
    walker = await Person.get_or_none(mobile=WALKER_MOBILE)
    app = await Application.filter(person_id=walker.id, status=ApplicationStatus.DRAFT).first() if walker else None
    return (app, await resolve_path(app)) if app else None


async def report_lines() -> list[str]:
    lines = []
    found = await walkthrough()
    if found:
        app, path = found
        plan = await Plan.get(id=app.plan_id)
        names = dict(await Unit.filter(id__in=[u for _, u in path]).values_list("id", "name"))
        employer = await Unit.get(id=path[0][1])
        lines.append(f"  演练：陈静 {WALKER_MOBILE} 登录，“我的申报”中《{plan.name}》的申报已填写完整（检测全部通过），"
                     "提交后依次由以下单位在任务中心领取并审核通过"
                     + ("（事业单位审核通过前先“推荐”：选择是否占用职数）" if employer.nature in QUOTA_NATURES else "")
                     + "：")
        steps = [f"{names[u]}（{NODE_LABELS[k]}） {await _admin_mobile(u)}" for k, u in path]
        lines.append("    " + " → ".join(steps))
    records = {s: await AchievementRecord.filter(status=s).count() for s in RecordStatus}
    apps = {s: await Application.filter(status=s).count() for s in ApplicationStatus}
    tasks = {s: await Task.filter(status=s).count() for s in (TaskStatus.READY, TaskStatus.CLAIMED)}
    r, a = RecordStatus, ApplicationStatus
    lines.append(f"  业绩 {sum(records.values())} 条（草稿 {records[r.DRAFT]}，审核中 {records[r.PENDING]}，通过 "
                 f"{records[r.APPROVED]}，退回 {records[r.RETURNED]}，撤回 {records[r.WITHDRAWN]}）；职称申报 "
                 f"{sum(apps.values())} 份（编辑中 {apps[a.DRAFT]}，审核中 {apps[a.IN_REVIEW]}，退回 {apps[a.RETURNED]}，"
                 f"终止 {apps[a.TERMINATED]}，通过 {apps[a.APPROVED]}）；待办任务 待领取 {tasks[TaskStatus.READY]}，"
                 f"已领取 {tasks[TaskStatus.CLAIMED]}")
    return lines

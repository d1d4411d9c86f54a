"""Demo data, issue 4 §8: review paths and applications at every stage, so each demo unit's task
centre has work, and one complete draft (陈静, 安徽省中小学教师高级) to walk through the whole chain.

Applications are built as rows, the way the engine (models/application_review.py, task_rules.py)
would have left them: the path from ``resolve_path``, completed tasks with their decisions for the
nodes already passed, exactly one READY or CLAIMED task at ``path_position`` while IN_REVIEW, the
history entries and the messages the notice worker writes. Every submitted application holds what
``check_application`` asked for at submission: photo, personal info, imported approved records that
meet the plan's rules, one qualifying education and the required attachments; what the employer's
PASS needed (post quota decisions, recommendation files) comes from demo_quotas.
"""
from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from strawberry import relay

from models.account.models import Identity, IdentityProvider
from models.achievement.models import AchievementRecord, RecordStatus
from models.application.models import (Application, ApplicationAttachment, ApplicationRecord, ApplicationRecordFile,
                                ApplicationStatus, ApplicationTitle, EvaluationMode)
from models.blacklist.models import BlacklistEntry
from models.application.forms import clean_personal_info, working_years
from models.application.path import resolve_path
from models.catalogue.models import EvaluationStandard, PrimaryGrade, Series, Specialty, TitleName
from models.committee.models import CommitteeRegion
from models.core.errors import Collector
from models.core.history import HistoryEntry
from models.messaging.models import Message
from models.person.models import Person
from models.plan.models import Plan
from models.quota.rules import QUOTA_NATURES
from models.region.models import region_covers
from models.unit.models import Unit, UnitAdmin
from models.workflow.models import NODE_LABELS, NodeKind, ProcessType, ReviewPath, Task, TaskStatus
from zhicheng.demo_catalogue import COMMITTEES, A, I, P, S
from zhicheng.demo_context import Demo
from zhicheng.demo_library import Library, Who, people
from zhicheng.demo_quotas import EmployerPass, insert_quotas

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
PERSON_EVENTS = {"RETURN": ("申报被退回", "{unit}退回了您的职称申报，请按意见修改后重新提交。审核意见：{opinion}"),
                 "TERMINATE": ("申报被终止", "{unit}终止了您的职称申报，本年度不能再申报。意见：{opinion}"),
                 "NODE_PASSED": ("申报审核进度", "您的职称申报已通过{node}（{unit}）。"),
                 "APPROVED": ("申报审核通过", "您的职称申报已通过全部审核。")}


class Builder:
    def __init__(self, demo: Demo, library: Library, rng: random.Random) -> None:
        self.demo, self.library, self.rng = demo, library, rng
        self.rows: dict[type, list] = {m: [] for m in (Application, ApplicationTitle, ApplicationRecord,
                                                       ApplicationRecordFile, ApplicationAttachment, Task,
                                                       HistoryEntry, Message)}
        self.paths: dict[tuple, list] = {}
        self.photos: dict[int, int] = {}  # person id → photo file id
        self.passes: list[EmployerPass] = []  # every employer PASS, for the quota and recommendation rows

    async def load(self) -> None:
        self.titles = await TitleName.filter(is_active=True).order_by("sort", "id")
        self.standards = await EvaluationStandard.filter(is_active=True).order_by("id")
        specialties = await Specialty.filter(is_active=True).values("id", "series_id", "parent_id", "code")
        parents = {s["parent_id"] for s in specialties}
        self.leaves = {}
        for s in specialties:
            if s["id"] not in parents:
                self.leaves.setdefault(s["series_id"], []).append((s["code"], s["id"]))
        self.regions = dict(await Unit.all().values_list("id", "region_id"))
        self.series_codes = dict(await Series.all().values_list("id", "code"))
        self.scopes: dict[int, list[str]] = {}
        for cid, code in await CommitteeRegion.all().values_list("committee_id", "region_id"):
            self.scopes.setdefault(cid, []).append(code)

    async def path(self, app: Application) -> list[tuple[NodeKind, int]]:
        key = (app.unit_id, app.plan_id, app.evaluation_mode, app.talent_center_id)
        if key not in self.paths:
            self.paths[key] = await resolve_path(app)
        return self.paths[key]

    def _times(self, start: datetime, end: datetime, n: int) -> list[datetime]:
        end = min(end, self.demo.now - timedelta(hours=1))
        span = max(int((end - start).total_seconds()), n)
        return sorted(start + timedelta(seconds=self.rng.randrange(0, span)) for _ in range(n))

    def _history(self, app_id: int, action: str, actor: int, unit: int, at: datetime, opinion: str = "") -> None:
        self.rows[HistoryEntry].append(HistoryEntry(subject_type="APPLICATION", subject_id=app_id, action=action,
                                                    opinion=opinion, actor_id=actor, unit_id=unit, created_at=at))

    def _message(self, recipient: int, title: str, body: str, app_id: int, key: str, at: datetime) -> None:
        read = at + timedelta(hours=self.rng.randrange(1, 48)) if self.rng.random() < 0.5 else None
        self.rows[Message].append(Message(
            recipient_id=recipient, title=title, body=body, link_type="Application",
            link_id=relay.to_base64("Application", app_id), dedupe_key=key, created_at=at,
            read_at=read if read and read < self.demo.now else None))

    async def application(self, who: Who, committee_key: str, level: str, stage: str, years_ago: int,
                          specialty_code: str | None = None) -> Application:
        demo, rng = self.demo, self.rng
        c = next(c for c in COMMITTEES if c.key == committee_key)
        committee = demo.committees[committee_key]
        plan = demo.main_plans[(committee_key, demo.year - years_ago)]
        region = self.regions[who.unit_id]
        assert any(region_covers(s, region) for s in self.scopes[committee.id]), (c.name, who.unit_id)
        titles = [t for t in self.titles if t.series_id == committee.series_id and t.level == level]
        title = titles[rng.randrange(len(titles))]
        standard = next(s for s in self.standards if s.series_id == committee.series_id and level in s.levels)
        choices = [(code, sid) for code, sid in self.leaves[committee.series_id]
                   if not demo.specialties[plan.id] or sid in demo.specialties[plan.id]]
        specialty = next((sid for code, sid in choices if code == specialty_code), rng.choice(choices)[1])
        start = max(plan.opens_at, who.joined + timedelta(days=1))
        limit = min(plan.closes_at, demo.now - timedelta(hours=2))
        created, submitted = self._times(start, start + (limit - start) * 0.6, 1)[0], None
        app = Application(
            id=await demo.ids.next("application"), person_id=who.id, plan_id=plan.id, year=plan.year,
            declaration_type="REGULAR", evaluation_mode=EvaluationMode.REVIEW.value, series_id=committee.series_id,
            specialty_id=specialty, title_name_id=title.id, standard_id=standard.id, level=level,
            pledge_accepted_at=created, status=ApplicationStatus.DRAFT, unit_id=who.unit_id, talent_center_id=None,
            review_path=[], path_position=0, pending_extra_unit_ids=[], version=6, created_at=created,
            updated_at=created)
        if stage in ("D", "C*") and "EXCEPTIONAL" in plan.declaration_types:  # a few 破格 applications
            app.declaration_type = "EXCEPTIONAL"
            app.special_form = {"reason": "任现职以来业绩突出，符合破格申报条件。",
                                "achievements_summary": "主持完成省级项目2项，获省科学技术奖二等奖1项。"}
        self._history(app.id, "CREATED", who.account_id, who.unit_id, created)
        await self._content(app, who, plan, level, title, complete=stage != "DRAFT", before=created)
        if stage not in ("DRAFT", "DRAFT_COMPLETE"):
            submitted = self._times(created + timedelta(hours=2), limit, 1)[0]
            await self._review(app, who, stage, submitted, plan)
        self.rows[Application].append(app)
        return app

    async def _content(self, app: Application, who: Who, plan, level: str, title: TitleName, *, complete: bool,
                       before: datetime) -> None:
        """Personal info, current title, imported approved records and attachments."""
        demo, rng, series = self.demo, self.rng, self.series_codes[app.series_id]
        worked = working_years(who.work_start)
        data: dict = {"professional_years": max(worked - 1, 0), "birthplace": "安徽", "health_status": "健康"}
        if series == "SCHOOL_TEACHER":
            data["teacher"] = {"teacher_category": "中小学教师", "staffing_type": "事业编制",
                               "teaching_since": who.work_start, "teaching_years": worked,
                               "qualification": "高级中学教师资格", "grade_taught": "高中"}
        if series == "HEALTH":
            data["health"] = {"practice_category": "临床", "practice_scope": "内科专业",
                              "practice_certificate_number": f"1103400{rng.randrange(10**8, 10**9)}"}
        errors = Collector()
        app.personal_info = clean_personal_info(errors, data, series, who.work_start)
        assert not errors.problems, errors.problems
        lower = [t for t in self.titles if t.series_id == app.series_id and _below(t.level, level)
                 and t.primary_grade != PrimaryGrade.CLERK]
        if lower:
            held = lower[min(len(lower) - 1, [t.id for t in self.titles if t.series_id == app.series_id
                                                and t.level == level].index(title.id))]
            obtained = max(who.work_start + timedelta(days=400), date(before.year - 6, 12, 20))
            self.rows[ApplicationTitle].append(ApplicationTitle(
                application_id=app.id, title_name=held.name, series_name="", obtained_on=obtained,
                certificate_number=f"ZC{rng.randrange(10**9, 10**10)}", appointed_on=obtained + timedelta(days=30),
                appointment_unit=demo.unit_names[who.unit_id][:100], position=0))
        needs = [(r.category, r.min_count) for r in demo.rules[plan.id] if r.level == level]
        if not complete:
            needs = [(cat, 1) for cat, _ in needs if cat in ("EDUCATION", "WORK_EXPERIENCE")]
        window = (who.joined, before - timedelta(hours=1))
        position = 0
        for category, count in needs:
            years = iter(range(before.year - 1, before.year - 10, -1))
            for _ in range(count):
                extra = {"year": next(years)} if category == "ANNUAL_ASSESSMENT" else {}
                record = await self.library.add(who, category, RecordStatus.APPROVED, window=window, files=1,
                                                **extra)
                snapshot_id = await self.demo.ids.next("application_record")
                self.rows[ApplicationRecord].append(ApplicationRecord(
                    id=snapshot_id, application_id=app.id, source_id=record.id, category=category,
                    title=record.title, data=record.data, is_qualifying_education=category == "EDUCATION",
                    position=position))
                self.rows[ApplicationRecordFile] += [
                    ApplicationRecordFile(snapshot_id=snapshot_id, file_id=file_id, position=n)
                    for n, file_id in enumerate(self.library.files_of[record.id])]
                position += 1
        if who.id not in self.photos:
            photo = await demo.files.file("png:photo", "证件照", "photo", who.account_id, who.joined)
            self.photos[who.id] = photo.id
        if not complete:
            return
        for slot in demo.slots[plan.id]:
            if not slot.required and rng.random() < 0.6:
                continue
            key = "pdf:" + SLOT_LABELS[slot.name] if "application/pdf" in slot.allowed_types else "png:card"
            stored = await demo.files.file(key, slot.name, "application", who.account_id, before)
            self.rows[ApplicationAttachment].append(ApplicationAttachment(
                application_id=app.id, slot_id=slot.id, file_id=stored.id, created_at=before))

    async def _review(self, app: Application, who: Who, stage: str, submitted: datetime, plan) -> None:
        """The rounds of review up to ``stage``: tasks, decisions, history and messages."""
        demo, rng = self.demo, self.rng
        app.talent_center_id = demo.unit_ids["talent"] if stage == "T" else None
        path = await self.path(app)
        kinds = [k for k, _ in path]
        outcome, _, at = stage.rstrip("*").partition("@")
        if outcome in ("R", "X", "RS"):
            stop, last = kinds.index(NODES[at]), {"R": "RETURN", "X": "TERMINATE", "RS": "RETURN"}[outcome]
        elif outcome == "OK":
            stop, last = len(path) - 1, "PASS"
        elif outcome == "W":
            stop, last = 0, "CANCEL"
        else:
            stop, last = kinds.index(NODES[outcome]), "OPEN"
        end = demo.now if plan.year == demo.year else plan.closes_at + timedelta(days=90)
        times = self._times(submitted, end, 2 * (stop + 1) + 2)
        self._history(app.id, "SUBMITTED", who.account_id, who.unit_id, submitted)
        previous = None
        app.review_path = [[k.value, u] for k, u in path]
        for i, (kind, unit_id) in enumerate(path[:stop + 1]):
            admin = demo.admin[unit_id]
            task = Task(id=await demo.ids.next("task"), process_type=ProcessType.APPLICATION, subject_id=app.id,
                        unit_id=unit_id, node_kind=kind, title=self.task_title(who, app), person_id=who.id,
                        previous_id=previous, created_at=times[2 * i] if i else submitted, status=TaskStatus.READY)
            self.rows[Task].append(task)
            decision = "PASS" if i < stop else last
            if decision in ("PASS", "RETURN", "TERMINATE"):
                opinion = {"PASS": rng.choice(PASS_OPINIONS), "RETURN": rng.choice(RETURN_OPINIONS),
                           "TERMINATE": rng.choice(TERMINATE_OPINIONS)}[decision]
                done = times[2 * i + 1]
                task.status, task.decision, task.opinion, task.version = TaskStatus.COMPLETED, decision, opinion, 2
                task.claimed_by_id, task.claimed_at = admin, task.created_at + (done - task.created_at) / 3
                task.completed_by_id, task.completed_at = admin, done
                self._history(app.id, decision, admin, unit_id, done, opinion)
                if i == 0 and decision == "PASS":
                    self.passes.append(EmployerPass(app, plan, task.claimed_at, done))
                event = "APPROVED" if decision == "PASS" and i == len(path) - 1 else \
                    "NODE_PASSED" if decision == "PASS" else decision
                head, body = PERSON_EVENTS[event]
                self._message(who.account_id, head, body.format(unit=demo.unit_names[unit_id], opinion=opinion,
                                                                node=NODE_LABELS[kind]),
                              app.id, f"application:{app.id}:{_event(event)}:{task.id}", done)
            elif decision == "CANCEL":
                task.status, task.version = TaskStatus.CANCELLED, 1
                self._history(app.id, "WITHDRAWN", who.account_id, who.unit_id, times[1])
            else:
                if stage.endswith("*"):
                    task.status, task.claimed_by_id, task.claimed_at, task.version = \
                        TaskStatus.CLAIMED, admin, times[2 * i + 1], 1
                self._message(admin, "新的待审核任务", f"{task.title}，待{NODE_LABELS[kind]}。", app.id,
                              f"task:{task.id}:{admin}", task.created_at)
            previous = task.id
        app.path_position, app.submitted_at = stop, submitted
        app.updated_at = times[-3]
        status = {"RETURN": ApplicationStatus.RETURNED, "TERMINATE": ApplicationStatus.TERMINATED,
                  "PASS": ApplicationStatus.APPROVED, "CANCEL": ApplicationStatus.DRAFT}.get(last)
        app.status = status or ApplicationStatus.IN_REVIEW
        if app.status in (ApplicationStatus.TERMINATED, ApplicationStatus.APPROVED):
            app.finished_at = times[2 * stop + 1]
        if outcome == "RS":  # resubmitted after the return: a new round at the first node
            again = times[-2]
            self._history(app.id, "SUBMITTED", who.account_id, who.unit_id, again)
            kind, unit_id = path[0]
            task = Task(id=await demo.ids.next("task"), process_type=ProcessType.APPLICATION, subject_id=app.id,
                        unit_id=unit_id, node_kind=kind, title=self.task_title(who, app), person_id=who.id,
                        created_at=again, status=TaskStatus.READY)
            self.rows[Task].append(task)
            self._message(demo.admin[unit_id], "新的待审核任务", f"{task.title}，待{NODE_LABELS[kind]}。", app.id,
                          f"task:{task.id}:{demo.admin[unit_id]}", again)
            app.status, app.path_position, app.submitted_at, app.updated_at = \
                ApplicationStatus.IN_REVIEW, 0, again, again

    def task_title(self, who: Who, app: Application) -> str:
        name = next(t.name for t in self.titles if t.id == app.title_name_id)
        return f"职称申报-{who.name}【{who.id_number}】-{name}"


def _event(decision: str) -> str:
    return {"RETURN": "RETURNED", "TERMINATE": "TERMINATED"}.get(decision, decision)


LEVEL_ORDER = [P, I, A, S]
YEARS = {P: 1, I: 4, A: 8, S: 13}  # working years an applicant at that level usually has


def _below(level: str, applied: str) -> bool:
    return LEVEL_ORDER.index(level) == LEVEL_ORDER.index(applied) - 1


async def insert_declarations(demo: Demo) -> None:
    rng = random.Random(SEED)
    for mode, tier, region, kinds in REVIEW_PATHS:  # the rules of review_path_rules.set_path
        assert kinds[0] == K.EMPLOYER and K.EXTRA_UNIT not in kinds and len(set(kinds)) == len(kinds)
    await demo.bulk(ReviewPath, [ReviewPath(evaluation_mode=m, committee_tier=t, region_id=r,
                                            node_kinds=[k.value for k in kinds]) for m, t, r, kinds in REVIEW_PATHS])
    library = Library(demo, demo.files, rng)
    builder = Builder(demo, library, rng)
    await builder.load()
    everyone = await people(demo)
    used: set[int] = set()
    walker = next(w for w in everyone.values() if w.mobile == WALKER_MOBILE)
    used.add(walker.id)
    # The walk-through: a complete draft under the open provincial plan, and a library in every state.
    await builder.application(walker, "teacher_sr", A, "DRAFT_COMPLETE", 0, specialty_code="0301")
    for category, status in (("PAPER", RecordStatus.DRAFT), ("HONOR", RecordStatus.PENDING),
                             ("WORK_REPORT", RecordStatus.RETURNED), ("ACADEMIC_POST", RecordStatus.WITHDRAWN),
                             ("HONOR", RecordStatus.APPROVED), ("CONTINUING_EDUCATION", RecordStatus.APPROVED)):
        await library.add(walker, category, status)
    members: dict[int, list[Who]] = {}
    for who in sorted(everyone.values(), key=lambda w: w.id):
        members.setdefault(who.unit_id, []).append(who)
    # Last year's first: fewer persons had joined their unit by then.
    for unit_key, committee_key, level, stages, years_ago in sorted(STORIES, key=lambda s: -s[4]):
        series = next(c.series for c in COMMITTEES if c.key == committee_key)
        plan = demo.main_plans[(committee_key, demo.year - years_ago)]
        for stage in stages.split():
            pool = [w for w in members[demo.unit_ids[unit_key]] if w.id not in used
                    and w.joined < min(plan.closes_at, demo.now) - timedelta(days=15)]
            fitting = [w for w in pool if series in w.series and working_years(w.work_start) >= YEARS[level]] \
                or [w for w in pool if series in w.series] or pool
            if not fitting:
                raise RuntimeError(f"demo: nobody left at {unit_key} for {committee_key} {stage}")
            who = rng.choice(fitting)
            used.add(who.id)
            await builder.application(who, committee_key, level, stage, years_ago)
    await library.flush()
    for model, rows in builder.rows.items():
        await demo.bulk(model, rows)
    photos = [Person(id=person_id, photo_id=file_id) for person_id, file_id in builder.photos.items()]
    await Person.bulk_update(photos, fields=["photo_id"], batch_size=500, using_db=demo.conn)
    await insert_quotas(demo, builder.passes)
    # 黑名单: one in force, one lifted.
    hr = demo.admin[demo.unit_ids["hr_prov"]]
    free = sorted(w.id for w in everyone.values() if w.id not in used)
    today = demo.now.date()
    await demo.bulk(BlacklistEntry, [
        BlacklistEntry(person_id=free[0], reason=f"{demo.year - 1}年度申报材料论文造假，取消评审资格",
                       starts_on=today - timedelta(days=200), ends_on=today + timedelta(days=530), created_by_id=hr,
                       created_at=demo.now - timedelta(days=200)),
        BlacklistEntry(person_id=free[1], reason="申报材料学历证书与学信网信息不符",
                       starts_on=today - timedelta(days=400), ends_on=today + timedelta(days=330),
                       lifted_at=demo.now - timedelta(days=30), lift_reason="经复核为学信网信息更新延迟，予以解除",
                       created_by_id=hr, created_at=demo.now - timedelta(days=400))])


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

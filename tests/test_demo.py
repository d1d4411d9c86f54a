"""`zhicheng demo`: the Anhui demo data set loads once, is valid, and works through the API — the platform,
the catalogue with committees and plans, the achievement library, and declarations at every stage."""
from __future__ import annotations

from datetime import timedelta

from stdnum.cn import ric, uscc

from models.account.models import Account, Identity, IdentityProvider
from models.achievement.fields import validate
from models.achievement.models import (
    AchievementAttachment,
    AchievementCategory,
    AchievementRecord,
    RecordStatus,
)
from models.application.check import check_application
from models.application.models import Application, ApplicationStatus
from models.application.path import resolve_path
from models.committee.models import (
    Committee,
    CommitteeOrganizer,
    CommitteeRegion,
    CommitteeStatus,
    CommitteeTier,
)
from models.core.errors import Collector
from models.core.file import StoredFile
from models.core.history import HistoryEntry
from models.core.upload import content_type_of
from models.core.validators import is_mobile
from models.messaging.models import Message
from models.person.binding import Binding, BindingStatus
from models.person.models import Person
from models.person.profile import check_profile
from models.plan.models import Plan, PlanAttachmentSlot, PlanStatus
from models.plan.rules import SHANGHAI, _current_state, is_open, now
from models.plan.validation import check_state
from models.quota.models import PostQuota, QuotaUse, RecommendationFile
from models.quota.rules import occupied
from models.unit.models import Unit, UnitAdmin, UnitKind, UnitNature
from models.workflow.models import ProcessType, ReviewPath, Task, TaskStatus
from tests.helpers import gid, gql
from workers.cleanup import orphans
from zhicheng.demo import (
    LOGIN_UNITS,
    PASSWORD,
    PLATFORM_ADMIN_MOBILE,
    admin_mobiles,
    load_demo,
    organizer_mobiles,
    walkthrough,
)
from zhicheng.storage import LocalStorage, read_all

LOGIN = "mutation($login: String!, $password: String!) { authLogin(input: {login: $login, password: $password}) " \
        "{ accessToken errors { code } } }"
REVIEWS = "query($unit: ID!) { registrationReviews(unitId: $unit, first: 10, filter: {status: [PENDING]}) " \
          "{ totalCount } }"


async def _counts() -> dict[str, int]:
    counts = {m.__name__: await m.all().count()
              for m in (Unit, UnitAdmin, Account, Identity, Person, Binding, HistoryEntry, Message)}
    for status in BindingStatus:
        counts[status.value] = await Binding.filter(status=status).count()
    return counts


async def _login(http, login: str) -> str:
    result = await gql(http, LOGIN, {"login": login, "password": PASSWORD})
    assert not result.get("errors"), result
    payload = result["data"]["authLogin"]
    assert not payload["errors"], payload
    return payload["accessToken"]


async def test_demo_loads_valid_data_once_and_serves_logins(app, http):
    lines = await load_demo()
    assert any(PLATFORM_ADMIN_MOBILE in line for line in lines)
    assert any(PASSWORD in line for line in lines)

    # Units: the HR bureaus, departments, talent centre, organizers and 20+ employers of many natures.
    employers = await Unit.filter(kind=UnitKind.EMPLOYER)
    assert len(employers) >= 20
    assert {UnitNature(u.nature) for u in employers} >= {
        UnitNature.PUBLIC_INSTITUTION, UnitNature.CENTRAL_PUBLIC_INSTITUTION, UnitNature.STATE_OWNED_ENTERPRISE,
        UnitNature.PRIVATE_ENTERPRISE, UnitNature.SOCIAL_ORGANIZATION}
    assert await Unit.filter(kind=UnitKind.TALENT_CENTER).count() == 1
    assert await Unit.filter(kind=UnitKind.ORGANIZER).count() >= 1
    assert await Unit.filter(kind=UnitKind.COMPETENT_DEPARTMENT).count() >= 3
    hr_regions = set(await Unit.filter(kind=UnitKind.HR_BUREAU).values_list("region_id", flat=True))
    assert {"340000", "340100"} <= hr_regions and len(hr_regions) >= 5
    units = await Unit.all()
    assert all(uscc.is_valid(u.credit_code) for u in units)
    assert all(is_mobile(u.contact_mobile) for u in units)
    assert await Unit.filter(kind=UnitKind.EMPLOYER, nature=UnitNature.PUBLIC_INSTITUTION,
                             competent_department_id__isnull=True).count() == 0
    assert await UnitAdmin.all().count() == len(units)

    # Persons: valid resident IDs matching birth date and gender, profiles that pass the app's rules.
    persons = await Person.all()
    assert len(persons) == 1000
    assert len({p.mobile for p in persons}) == 1000
    for p in persons:
        assert ric.is_valid(p.id_number), p.id_number
        assert ric.get_birth_date(p.id_number) == p.birth_date
        assert (int(p.id_number[16]) % 2 == 1) == (p.gender == "MALE")
        assert p.work_start_date >= p.birth_date.replace(year=p.birth_date.year + 20)
        assert 1 <= len(p.series) <= 3
        errors = Collector()
        check_profile(errors, {f: getattr(p, f) for f in (
            "mobile", "gender", "birth_date", "political_status", "ethnicity", "email", "address",
            "work_start_date", "highest_education", "series", "landline")},
            id_type=p.id_type, id_number=p.id_number, partial=False)
        assert not errors.problems, (p.real_name, errors.problems)
    identities = await Identity.filter(provider=IdentityProvider.ID_NUMBER.value).count()
    assert identities == 1000

    # Bindings in every state; the current unit follows the approved binding.
    counts = await _counts()
    assert all(counts[s.value] > 0 for s in BindingStatus), counts
    assert counts["PENDING"] >= 100 and counts["APPROVED"] >= 500
    approved = {(b.person_id, b.unit_id) for b in await Binding.filter(status=BindingStatus.APPROVED)}
    for p in persons:
        if p.current_unit_id is not None:
            assert (p.id, p.current_unit_id) in approved
    assert len({pid for pid, _ in approved}) == await Person.filter(current_unit_id__isnull=False).count()
    assert await Person.filter(is_freelancer=True, current_unit_id__isnull=False).count() > 0
    assert await Binding.filter(is_freelancer=True, unit__kind=UnitKind.EMPLOYER).count() == 0
    for status in (BindingStatus.APPROVED, BindingStatus.RETURNED):
        decided = await Binding.filter(status=status).count()
        action = "PASS" if status == BindingStatus.APPROVED else "RETURN"
        assert await HistoryEntry.filter(subject_type="Binding", action=action).count() == decided
    assert await Binding.filter(status=BindingStatus.RETURNED, opinion="").count() == 0
    assert await HistoryEntry.filter(action="REQUESTED").count() == counts["Binding"]
    # Every unit people join has registrations waiting for review.
    for unit in await Unit.filter(kind__in=[UnitKind.EMPLOYER, UnitKind.TALENT_CENTER]):
        assert await Binding.filter(unit_id=unit.id, status=BindingStatus.PENDING).exists(), unit.name

    # Running it again inserts nothing and prints the same logins.
    again = await load_demo()
    assert await _counts() == counts
    assert again[1:-2] == lines[1:-2]

    # Ids were reserved properly: ordinary inserts after the demo do not collide.
    extra = await Account.create(display_name="新账号")
    person = persons[-1]
    await Binding.create(person_id=person.id, unit_id=employers[0].id)
    await Unit.create(name="新单位", kind=UnitKind.EMPLOYER, nature=UnitNature.OTHER, region_id="340100",
                      contact_name="联系人", contact_mobile="13900000000", email="new@example.com")
    assert extra.id > max(p.account_id for p in persons)

    # The printed logins work: the 民营企业 admin sees pending registrations of their unit.
    employer = await Unit.get(name="合肥星辰智能科技有限公司")
    assert employer.nature == UnitNature.PRIVATE_ENTERPRISE
    login = admin_mobiles()["pe_tech"]
    assert any(login in line for line in lines)
    token = await _login(http, login)
    result = await gql(http, REVIEWS, {"unit": gid("Unit", employer.id)}, token=token)
    assert not result.get("errors"), result
    assert result["data"]["registrationReviews"]["totalCount"] > 0

    # The other printed logins sign in too, persons by mobile and by ID number.
    for line in lines:
        for word in line.replace("：", " ").replace("（", " ").split():
            if is_mobile(word) or ric.is_valid(word):
                await _login(http, word)


# ----------------------------------------------------------------- issue 3 §7 and issue 4 §8

TASKS = "query($unit: ID!, $box: TaskBox!, $filter: TaskFilter) { tasks(unitId: $unit, box: $box, first: 50, " \
        "filter: $filter) { totalCount nodes { id status application { id status } } } }"
SUBMIT = "mutation($input: ApplicationActionInput!) { applicationSubmit(input: $input) { errors { code message } " \
         "application { id status } } }"
CLAIM = "mutation($input: TaskClaimInput!) { taskClaim(input: $input) { errors { code message } task { id } } }"
DECIDE = "mutation($input: TaskDecideInput!) { taskDecide(input: $input) { errors { code message } task { id } } }"
RECOMMEND = "mutation($input: ApplicationRecommendInput!) { applicationRecommend(input: $input) { " \
            "errors { code message } } }"


async def _check_catalogue() -> None:
    committees = {c.id: c for c in await Committee.all()}
    assert len(committees) == 30
    assert {c.tier for c in committees.values()} == set(CommitteeTier)
    cancelled = [c for c in committees.values() if c.status == CommitteeStatus.CANCELLED]
    assert len(cancelled) >= 2 and all(c.cancel_reason for c in cancelled)
    organizers = set(await Unit.filter(kind=UnitKind.ORGANIZER).values_list("id", flat=True))
    assert set(await CommitteeOrganizer.all().values_list("unit_id", flat=True)) <= organizers
    assert set(await CommitteeRegion.all().values_list("committee_id", flat=True)) == set(committees)
    assert all(c.fee_standards for c in committees.values())
    plans = await Plan.all()
    assert len(plans) == 100
    year = now().astimezone(SHANGHAI).year
    assert {p.year for p in plans} == {year - 2, year - 1, year}
    assert sum(is_open(p) for p in plans) >= 10
    assert {p.status for p in plans} == set(PlanStatus)
    assert any(p.status == PlanStatus.PUBLISHED and p.closes_at < now() for p in plans)  # window over, in review
    for plan in plans:  # every plan passes the rules planUpdate applies
        errors = Collector()
        check_state(errors, {**await _current_state(plan), "_rules_given": True}, committees[plan.committee_id])
        assert not errors.problems, (plan.name, errors.problems)
        assert await PlanAttachmentSlot.filter(plan_id=plan.id, required=True).exists()


async def _check_library(settings) -> None:
    records = await AchievementRecord.all()
    assert {(r.category, r.status) for r in records} == {(c, s) for c in AchievementCategory for s in RecordStatus}
    attachments: dict[int, int] = {}
    for a in await AchievementAttachment.all():
        attachments[a.record_id] = attachments.get(a.record_id, 0) + 1
    open_tasks = {t.subject_id: t for t in await Task.filter(process_type=ProcessType.ACHIEVEMENT_RECORD,
                                                            status__in=[TaskStatus.READY, TaskStatus.CLAIMED])}
    for r in records:
        valid = validate(AchievementCategory(r.category), r.data)
        assert valid.data == r.data and valid.title == r.title, (r.category, r.data)
        assert 1 <= attachments.get(r.id, 0) <= 2
        if r.status == RecordStatus.PENDING:
            assert open_tasks[r.id].unit_id == r.unit_id
        else:
            assert r.id not in open_tasks
        assert (r.unit_id is None) == (r.status == RecordStatus.DRAFT)
    # Every demo file is referenced, but for the first PDFs of the revoked and the replaced certificates: their
    # re-renders with the 已撤销 and 已换发 banners took their places (the orphan sweep removes them a day later).
    left = await orphans(now() + timedelta(days=30)).values_list("purpose", flat=True)
    assert left == ["certificate", "certificate"]
    storage = LocalStorage(settings.storage_dir)
    for sha, mime in set(await StoredFile.all().values_list("sha256", "content_type")):
        content = await read_all(storage, sha)  # real files: the type is what the content says
        assert content_type_of(content[:65536]) == mime  # as the upload rules read it (models/core/upload.py)


async def _check_applications() -> None:
    assert await ReviewPath.all().count() >= 3
    apps = await Application.all()
    assert {a.status for a in apps} == set(ApplicationStatus)
    tasks: dict[int, list] = {}
    for t in await Task.filter(process_type=ProcessType.APPLICATION, status__in=[TaskStatus.READY,
                                                                                TaskStatus.CLAIMED]):
        tasks.setdefault(t.subject_id, []).append(t)
    stages = set()
    for app in apps:
        open_ = tasks.get(app.id, [])
        if app.status != ApplicationStatus.IN_REVIEW:
            assert not open_, app.id
        else:  # exactly one open task, at the node the position says, on the path the engine resolves
            assert len(open_) == 1, app.id
            kind, unit_id = app.review_path[app.path_position]
            assert (open_[0].node_kind, open_[0].unit_id) == (kind, unit_id)
            stages.add((kind, open_[0].status))
            if app.talent_center_id is None:
                assert app.review_path == [[k.value, u] for k, u in await resolve_path(app)]
        if app.submitted_at is not None:  # it passed the check when submitted: only the window may have closed
            failed = {r.rule for r in await check_application(app) if not r.passed}
            assert failed <= {"PLAN_OPEN"}, (app.id, failed)
    for kind in ("EMPLOYER", "COMPETENT_DEPARTMENT", "HR_BUREAU_CITY", "HR_BUREAU_PROVINCE", "ORGANIZER"):
        assert {(kind, TaskStatus.READY), (kind, TaskStatus.CLAIMED)} & stages, kind
    # What the employer's PASS needed (models/recommendation.py): a post decision under a confirmed quota with
    # room for what is occupied, and the recommendation files where the plan asks for them.
    plans = {p.id: p for p in await Plan.all()}
    natures = dict(await Unit.all().values_list("id", "nature"))
    uses = {u.application_id: u for u in await QuotaUse.all()}
    recommended = set(await RecommendationFile.all().values_list("application_id", flat=True))
    for app in apps:
        if app.status == ApplicationStatus.APPROVED or (app.status == ApplicationStatus.IN_REVIEW
                                                        and app.path_position > 0):
            if natures[app.unit_id] in (UnitNature.PUBLIC_INSTITUTION, UnitNature.CENTRAL_PUBLIC_INSTITUTION):
                assert uses[app.id].recorded_at >= app.submitted_at
            assert app.id in recommended or not plans[app.plan_id].requires_recommendation
    for quota in await PostQuota.all():
        assert quota.confirmed_at is not None
        for level in ("PRIMARY", "INTERMEDIATE", "ASSOCIATE_SENIOR", "SENIOR"):
            assert await occupied(quota.unit_id, quota.year, level) < quota.vacancies(level)
    found = await walkthrough()
    assert found is not None
    assert [r for r in await check_application(found[0]) if not r.passed] == []


async def test_demo_catalogue_library_and_declarations(app, http, settings):
    lines = await load_demo()
    await _check_catalogue()
    await _check_library(settings)
    await _check_applications()

    # Every printed unit admin has work in the task centre.
    mobiles = {**admin_mobiles(), **organizer_mobiles()}
    text = "\n".join(lines)
    for key in [k for _, k in LOGIN_UNITS] + ["org_teacher_prov"]:
        assert mobiles[key] in text
        token = await _login(http, mobiles[key])
        unit_id = await _unit_of(mobiles[key])
        total = 0
        for box in ("TO_CLAIM", "PENDING_MINE"):
            result = await gql(http, TASKS, {"unit": gid("Unit", unit_id), "box": box}, token=token)
            assert not result.get("errors"), result
            total += result["data"]["tasks"]["totalCount"]
        assert total >= 1, key

    # Idempotent.
    before = await _counts()
    assert (await load_demo())[1:] == lines[1:]
    assert await _counts() == before

    # The walk-through: 陈静 submits, each unit on the printed path claims and passes, and it is approved.
    draft, path = await walkthrough()
    walker = await Person.get(id=draft.person_id)
    token = await _login(http, walker.mobile)
    result = await gql(http, SUBMIT, {"input": {"applicationId": gid("Application", draft.id)}}, token=token)
    assert not result["data"]["applicationSubmit"]["errors"], result
    mobile_of = {await _unit_of(m): m for m in mobiles.values()}
    for _, unit_id in path:
        mobile = mobile_of[unit_id]
        assert mobile in text
        token = await _login(http, mobile)
        result = await gql(http, TASKS, {"unit": gid("Unit", unit_id), "box": "TO_CLAIM",
                                         "filter": {"titleContains": walker.id_number}}, token=token)
        [task] = result["data"]["tasks"]["nodes"]
        result = await gql(http, CLAIM, {"input": {"taskId": task["id"]}}, token=token)
        assert not result["data"]["taskClaim"]["errors"], result
        if unit_id == draft.unit_id:  # a public institution says whether the application occupies a post
            result = await gql(http, RECOMMEND, {"input": {"applicationId": gid("Application", draft.id),
                                                           "occupiesPost": True}}, token=token)
            assert not result["data"]["applicationRecommend"]["errors"], result
        result = await gql(http, DECIDE, {"input": {"taskId": task["id"], "decision": "PASS", "opinion": "同意"}},
                           token=token)
        assert not result["data"]["taskDecide"]["errors"], result
    assert (await Application.get(id=draft.id)).status == ApplicationStatus.APPROVED


async def _unit_of(mobile: str) -> int:
    account_id = (await Identity.get(provider=IdentityProvider.PHONE.value, subject=mobile)).account_id
    return (await UnitAdmin.get(account_id=account_id)).unit_id

"""A small province for declaration tests: units on the path, a committee, an open plan, an applicant
with approved library records, and the GraphQL documents the tests send."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from models.achievement.models import AchievementRecord, RecordStatus
from models.catalogue.models import EvaluationStandard, Series, Specialty, TitleName
from models.committee.models import Committee, CommitteeOrganizer, CommitteeRegion
from models.core.file import StoredFile
from models.person.models import Person
from models.plan.models import Plan, PlanAchievementRule, PlanAttachmentSlot
from models.unit.models import Unit, UnitKind, UnitNature
from tests.helpers import Actor, gid, gql, make_person, make_unit, payload_errors

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
       b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND"
       b"\xaeB`\x82")

APPLICATION = """id status declarationType level year submittedAt
  flow { nodeKind state unit { name } }
  records { id category title isQualifyingEducation }
  attachments { id file { name } }
  personalInfo { professionalYears workingYears }"""
CREATE = """mutation($input: ApplicationCreateInput!) { applicationCreate(input: $input) {
  errors { field code message } application { %s } } }""" % APPLICATION
PERSONAL = """mutation($input: ApplicationPersonalInfoInput!) { applicationUpdatePersonalInfo(input: $input) {
  errors { field code message } application { %s } } }""" % APPLICATION
IMPORT = """mutation($input: ApplicationImportRecordsInput!) { applicationImportRecords(input: $input) {
  errors { field code message } application { %s } } }""" % APPLICATION
QUALIFY = """mutation($input: ApplicationQualifyingEducationInput!) { applicationMarkQualifyingEducation(input: $input) {
  errors { field code message } application { %s } } }""" % APPLICATION
ATTACH = """mutation($input: ApplicationAttachmentAddInput!) { applicationAttachmentAdd(input: $input) {
  errors { field code message } application { %s } } }""" % APPLICATION
CHECK = """query($id: ID!) { applicationCheck(applicationId: $id) { rule passed message field } }"""
SUBMIT = """mutation($input: ApplicationActionInput!) { applicationSubmit(input: $input) {
  errors { field code message } application { %s } } }""" % APPLICATION
WITHDRAW = """mutation($input: ApplicationActionInput!) { applicationWithdraw(input: $input) {
  errors { field code message } application { %s } } }""" % APPLICATION
TASKS = """query($unitId: ID!, $box: TaskBox!) { tasks(unitId: $unitId, box: $box, first: 50) {
  totalCount nodes { id title status nodeKind nodeLabel processType runningSeconds claimedBy
  application { id status person { realName idNumber } } } } }"""
CLAIM = """mutation($input: TaskClaimInput!) { taskClaim(input: $input) {
  errors { field code message } task { id status claimedBy } } }"""
DECIDE = """mutation($input: TaskDecideInput!) { taskDecide(input: $input) {
  errors { field code message } task { id status decision opinion } } }"""
TASK_WITHDRAW = """mutation($input: TaskWithdrawInput!) { taskWithdraw(input: $input) {
  errors { field code message } task { id status decision } } }"""
NODE = """query($id: ID!) { node(id: $id) { ... on Application { id status history { action opinion unit { name } }
  flow { nodeKind state } } } }"""


@dataclass
class World:
    applicant: Actor
    employer: Actor
    department: Actor
    city_hr: Actor
    province_hr: Actor
    organizer: Actor
    committee: Committee
    plan: Plan
    title: TitleName
    specialty: Specialty
    standard: EvaluationStandard
    slot: PlanAttachmentSlot
    education_id: int
    paper_id: int

    def create_input(self, **overrides) -> dict:
        values = {"planId": gid("Plan", self.plan.id), "declarationType": "REGULAR",
                  "specialtyId": gid("Specialty", self.specialty.id), "titleNameId": gid("TitleName", self.title.id),
                  "standardId": gid("EvaluationStandard", self.standard.id), "pledgeAccepted": True}
        values.update(overrides)
        return values


async def build_world(*, employer_region: str = "340102", plan_open: bool = True) -> World:
    province_hr = await make_unit("安徽省人力资源和社会保障厅", kind=UnitKind.HR_BUREAU, region="340000",
                                  nature=UnitNature.GOVERNMENT_AGENCY)
    city_hr = await make_unit("合肥市人力资源和社会保障局", kind=UnitKind.HR_BUREAU, region="340100",
                              nature=UnitNature.GOVERNMENT_AGENCY)
    department = await make_unit("合肥市城乡建设局", kind=UnitKind.COMPETENT_DEPARTMENT, region="340100",
                                 nature=UnitNature.GOVERNMENT_AGENCY)
    organizer = await make_unit("安徽省建设工程高评委组建单位", kind=UnitKind.ORGANIZER, region="340000",
                                nature=UnitNature.GOVERNMENT_AGENCY)
    employer = await make_unit("合肥宏达建设有限公司", region=employer_region, nature=UnitNature.STATE_OWNED_ENTERPRISE)
    await Unit.filter(id=employer.unit.id).update(competent_department_id=department.unit.id)
    series = await Series.get(code="ENGINEERING")
    title = await TitleName.get(series=series, name="高级工程师")
    specialty = await Specialty.get(series=series, code="0102")
    standard = await EvaluationStandard.filter(series=series).first()
    committee = await Committee.create(name="安徽省建设工程专业高级职称评审委员会", tier="SENIOR", series=series,
                                       levels=["ASSOCIATE_SENIOR", "SENIOR"], managing_unit=province_hr.unit)
    await CommitteeRegion.create(committee=committee, region_id="340000")
    await CommitteeOrganizer.create(committee=committee, unit=organizer.unit)
    now = datetime.now(timezone.utc)
    plan = await Plan.create(
        name="2026年—安徽省建设工程专业高级职称评审", year=2026, committee=committee, organizer=organizer.unit,
        levels=["ASSOCIATE_SENIOR"], declaration_types=["REGULAR", "EXCEPTIONAL"],
        opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30) if plan_open else now - timedelta(hours=1),
        status="PUBLISHED", published_at=now)
    slot = await PlanAttachmentSlot.create(plan=plan, name="身份证", required=True,
                                           allowed_types=["image/png", "application/pdf"], max_size_mb=5, max_count=2)
    await PlanAchievementRule.create(plan=plan, level="ASSOCIATE_SENIOR", category="PAPER", min_count=1, max_count=3)
    applicant = await make_person("张三", unit=employer.unit, status="APPROVED", birth=date(1985, 6, 15))
    photo = await StoredFile.create(sha256="0" * 64, size=10, content_type="image/png", name="photo.png",
                                    purpose="photo")
    await Person.filter(id=applicant.person.id).update(photo_id=photo.id)
    education = await AchievementRecord.create(
        person=applicant.person, category="EDUCATION", title="安徽工程大学 土木工程", status=RecordStatus.APPROVED,
        data={"school": "安徽工程大学", "major": "土木工程"}, unit=employer.unit)
    paper = await AchievementRecord.create(
        person=applicant.person, category="PAPER", title="大跨度钢结构施工技术研究", status=RecordStatus.APPROVED,
        data={"name": "大跨度钢结构施工技术研究"}, unit=employer.unit)
    return World(applicant, employer, department, city_hr, province_hr, organizer, committee, plan, title, specialty,
                 standard, slot, education.id, paper.id)


async def ready_application(http, world: World) -> str:
    """Creates and fills an application until every check passes; returns its global ID."""
    from tests.helpers import upload

    token = world.applicant.token
    result = await gql(http, CREATE, {"input": world.create_input()}, token=token)
    assert not payload_errors(result, "applicationCreate"), result
    app_id = result["data"]["applicationCreate"]["application"]["id"]
    result = await gql(http, PERSONAL, {"input": {"applicationId": app_id, "professionalYears": 99}}, token=token)
    assert not payload_errors(result, "applicationUpdatePersonalInfo")
    result = await gql(http, IMPORT, {"input": {"applicationId": app_id, "recordIds": [
        gid("AchievementRecord", world.education_id), gid("AchievementRecord", world.paper_id)]}}, token=token)
    assert not payload_errors(result, "applicationImportRecords")
    education = next(r for r in result["data"]["applicationImportRecords"]["application"]["records"]
                     if r["category"] == "EDUCATION")
    result = await gql(http, QUALIFY, {"input": {"applicationId": app_id, "snapshotId": education["id"]}},
                       token=token)
    assert not payload_errors(result, "applicationMarkQualifyingEducation")
    response = await upload(http, ATTACH, {"input": {"applicationId": app_id, "slotId": gid("PlanAttachmentSlot",
                                                                                             world.slot.id),
                                                     "file": None}},
                            {"input.file": ("身份证.png", PNG, "image/png")}, token=token)
    assert not response.json()["data"]["applicationAttachmentAdd"]["errors"], response.json()
    return app_id


async def claim_and_decide(http, actor: Actor, decision: str = "PASS", opinion: str = "同意", **options) -> dict:
    tasks = (await gql(http, TASKS, {"unitId": gid("Unit", actor.unit.id), "box": "TO_CLAIM"},
                       token=actor.token))["data"]["tasks"]["nodes"]
    assert len(tasks) == 1, tasks
    claimed = await gql(http, CLAIM, {"input": {"taskId": tasks[0]["id"]}}, token=actor.token)
    assert not payload_errors(claimed, "taskClaim"), claimed
    result = await gql(http, DECIDE, {"input": {"taskId": tasks[0]["id"], "decision": decision, "opinion": opinion,
                                                **options}}, token=actor.token)
    assert not payload_errors(result, "taskDecide"), result
    return result["data"]["taskDecide"]["task"]

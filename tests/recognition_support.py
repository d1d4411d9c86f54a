"""The world of the recognition tests (异地职称确认): an employer in 340102 with a competent department, the
city's and the province's HR bureaus (the default path), a person bound to the employer, another person, and
the queries the tests send."""
from __future__ import annotations

from dataclasses import dataclass

from models.catalogue.models import Series, Specialty, TitleName
from models.person.binding import BindingStatus
from models.unit.models import Unit, UnitKind, UnitNature
from tests.helpers import (
    Actor,
    gid,
    gql,
    make_person,
    make_unit,
    payload_errors,
    upload,
)
from tests.plan_support import hr_bureau
from tests.test_certificate_document import sample_photo

FIELDS = """id status level levelLabel submittedAt finishedAt
  series { name } specialty { name } titleName { name }
  basic { workStartedOn previousUnit transferredOn politicalStatus originalTitle originalCommittee
          originalAcquiredOn originalIssuer originalApprovalNumber originalNumber workHistory remarks
          highestEducation graduatedFrom major expertise currentWork }
  unit { name } photo { contentType }
  educations { id fields { school major education degree degreeObtained isHighest isFirst } }
  slots { key name required maxCount maxSizeMb allowedTypes attachments { id slot file { name contentType } } }
  check { message field passed }
  flow { nodeKind state unit { name } }
  history { action opinion unit { name } }
  certificate { id number status acquisitionMethod titleName issuerName documentState }
  approvalForm { name contentType }"""
PAYLOAD = f"errors {{ field code message }} recognition {{ {FIELDS} }}"
CREATE = f"mutation($input: RecognitionCreateInput!) {{ recognitionCreate(input: $input) {{ {PAYLOAD} }} }}"
UPDATE = f"mutation($input: RecognitionUpdateInput!) {{ recognitionUpdate(input: $input) {{ {PAYLOAD} }} }}"
EDUCATION = f"""mutation($input: RecognitionEducationSaveInput!) {{ recognitionEducationSave(input: $input) {{
  {PAYLOAD} }} }}"""
EDUCATION_DELETE = f"""mutation($input: RecognitionEducationDeleteInput!) {{ recognitionEducationDelete(input: $input)
  {{ {PAYLOAD} }} }}"""
ATTACH = """mutation($input: RecognitionAttachmentAddInput!) { recognitionAttachmentAdd(input: $input) {
  errors { field code message } recognition { id slots { key attachments { id file { name } } } } } }"""
DETACH = """mutation($input: RecognitionAttachmentDeleteInput!) { recognitionAttachmentDelete(input: $input) {
  errors { field code message } recognition { id slots { key attachments { id } } } } }"""
PHOTO = """mutation($input: RecognitionPhotoUploadInput!) { recognitionPhotoUpload(input: $input) {
  errors { field code message } recognition { id photo { contentType } } } }"""
SUBMIT = f"mutation($input: RecognitionActionInput!) {{ recognitionSubmit(input: $input) {{ {PAYLOAD} }} }}"
WITHDRAW = """mutation($input: RecognitionActionInput!) { recognitionWithdraw(input: $input) {
  errors { field code message } recognition { id status } } }"""
DELETE = """mutation($input: RecognitionActionInput!) { recognitionDelete(input: $input) {
  errors { field code message } deletedId } }"""
EXPORT = """mutation($input: RecognitionFormExportInput!) { recognitionFormExport(input: $input) {
  errors { field code message } job { id kind status } } }"""
NODE = f"query($id: ID!) {{ node(id: $id) {{ ... on Recognition {{ {FIELDS} }} }} }}"
MINE = """query { myRecognitions(first: 10) { totalCount nodes { id status } } }"""
TASKS = """query($unitId: ID!, $box: TaskBox!) { tasks(unitId: $unitId, box: $box, first: 50) {
  totalCount nodes { id title processType nodeKind status recognition { id status titleName { name } } } } }"""
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
BASIC = {"workStartedOn": "2009-02-26", "previousUnit": "江苏飞扬建设工程有限公司", "transferredOn": "2021-07-08",
         "politicalStatus": "CPC_MEMBER", "originalTitle": "高级工程师", "originalCommittee": "江苏省工程系列高级评审委员会",
         "originalAcquiredOn": "2021-03-12", "originalIssuer": "江苏省人社厅",
         "originalApprovalNumber": "苏人社发〔2021〕256号", "originalNumber": "32000021000123",
         "workHistory": "2009年起从事建筑结构设计与施工管理", "remarks": ""}
HIGHEST_FIRST = {"startDate": "2004-09-01", "endDate": "2008-07-01", "school": "中国科学技术大学", "major": "工程力学",
                 "education": "BACHELOR", "schoolingYears": 4, "degreeObtained": True, "degree": "BACHELOR",
                 "isHighest": True, "isFirst": True}
REQUIRED_SLOTS = ("ID_CARD", "ORIGINAL_CERTIFICATE", "CONTRACT", "PENSION", "APPOINTMENT")


@dataclass
class RecognitionWorld:
    province: Actor
    city: Actor
    department: Actor  # the employer's competent department
    employer: Actor
    person: Actor
    other_person: Actor
    other_province: Actor  # Sichuan's HR bureau
    series_id: str
    specialty_id: str
    title_id: str
    title_name: str


async def recognition_world(region: str = "340102") -> RecognitionWorld:
    province = await hr_bureau(region[:2] + "0000")
    city = await hr_bureau(region[:4] + "00")
    other = await hr_bureau("510000" if region[:2] != "51" else "340000")
    department = await make_unit(f"{region}住建局", kind=UnitKind.COMPETENT_DEPARTMENT, region=region,
                                 nature=UnitNature.GOVERNMENT_AGENCY)
    employer = await make_unit("合肥飞扬建设工程有限公司", region=region, nature=UnitNature.STATE_OWNED_ENTERPRISE)
    await Unit.filter(id=employer.unit.id).update(competent_department_id=department.unit.id)
    person = await make_person("测试人员", unit=employer.unit, status=BindingStatus.APPROVED, male=False)
    other_person = await make_person("其他人员", unit=employer.unit, status=BindingStatus.APPROVED)
    series = await Series.get(code="ENGINEERING")
    title = await TitleName.filter(series=series, level="SENIOR").first() or await TitleName.filter(
        series=series).first()
    specialty = await Specialty.filter(series=series).first()
    return RecognitionWorld(province, city, department, employer, person, other_person, other,
                            gid("Series", series.id), gid("Specialty", specialty.id), gid("TitleName", title.id),
                            title.name)


async def call(http, query: str, variables: dict, token: str, field: str) -> dict:
    result = await gql(http, query, {"input": variables}, token=token)
    assert payload_errors(result, field) == [], result
    return result["data"][field]


async def create(http, world: RecognitionWorld) -> dict:
    return (await call(http, CREATE, {"seriesId": world.series_id, "specialtyId": world.specialty_id,
                                      "titleNameId": world.title_id}, world.person.token,
                       "recognitionCreate"))["recognition"]


async def attach(http, token: str, recognition_id: str, slot: str, name: str = "扫描件.pdf", data: bytes = PDF,
                 mime: str = "application/pdf") -> dict:
    response = await upload(http, ATTACH, {"input": {"recognitionId": recognition_id, "slot": slot, "file": None}},
                            {"input.file": (name, data, mime)}, token=token)
    assert response.status_code == 200, response.text
    return response.json()


async def put_photo(http, token: str, recognition_id: str) -> dict:
    response = await upload(http, PHOTO, {"input": {"recognitionId": recognition_id, "file": None}},
                            {"input.file": ("照片.jpg", sample_photo(), "image/jpeg")}, token=token)
    assert response.status_code == 200, response.text
    return response.json()


async def ready(http, world: RecognitionWorld, basic: dict | None = None) -> str:
    """A recognition with every required field, one education record, the required files and a photo."""
    rid = (await create(http, world))["id"]
    await call(http, UPDATE, {"recognitionId": rid, "basic": basic or BASIC}, world.person.token,
               "recognitionUpdate")
    await call(http, EDUCATION, {"recognitionId": rid, "data": HIGHEST_FIRST}, world.person.token,
               "recognitionEducationSave")
    for slot in REQUIRED_SLOTS:
        assert payload_errors(await attach(http, world.person.token, rid, slot), "recognitionAttachmentAdd") == []
    assert payload_errors(await put_photo(http, world.person.token, rid), "recognitionPhotoUpload") == []
    return rid


async def submitted(http, world: RecognitionWorld, basic: dict | None = None) -> str:
    rid = await ready(http, world, basic)
    await call(http, SUBMIT, {"recognitionId": rid}, world.person.token, "recognitionSubmit")
    return rid


async def node(http, recognition_id: str, token: str) -> dict | None:
    return (await gql(http, NODE, {"id": recognition_id}, token=token))["data"]["node"]

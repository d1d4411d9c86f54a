"""The world of the 初定 / 认定 tests: an employer in 340102 with a competent department, the city's and the
province's HR bureaus, the province bureau an issuer (code and numbers) and the acceptance body that issues the
level's 初定 there, a person bound to the employer with approved education and work-experience records, another
person, and the queries the tests send."""
from __future__ import annotations

from dataclasses import dataclass

from models.achievement.models import AchievementRecord, RecordStatus
from models.catalogue.models import Series, Specialty, TitleName
from models.certificate.models import IssuerCode, NumberRange
from models.determination.models import AcceptanceBody
from models.evaluation.results import today
from models.person.binding import BindingStatus
from models.unit.models import Unit, UnitKind, UnitNature
from tests import achievement_support as library
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

FIELDS = """id status evaluationMode evaluationModeLabel year level levelLabel submittedAt finishedAt
  series { name } specialty { name } titleName { name } unit { name }
  basic { formerName nationality phone householdAddress birthplace residence email postalCode administrativePost
          administrativeLevel administrativeSince workStartedOn politicalStatus partyPost partyJoinedOn
          foreignLanguage computerSkill performanceSummary }
  titles { titleName seriesName obtainedOn certificateNumber appointedOn appointmentUnit }
  qualifications { kind kindLabel name grade number obtainedOn issuer }
  records { id category data attachments { name } }
  photo { contentType }
  check { message field passed }
  flow { nodeKind state unit { name } }
  history { action opinion unit { name } }
  certificate { id number status acquisitionMethod titleName issuerName documentState }"""
PAYLOAD = f"errors {{ field code message }} determination {{ {FIELDS} }}"
CREATE = f"mutation($input: DeterminationCreateInput!) {{ determinationCreate(input: $input) {{ {PAYLOAD} }} }}"
UPDATE = f"mutation($input: DeterminationUpdateInput!) {{ determinationUpdate(input: $input) {{ {PAYLOAD} }} }}"
TITLES = f"""mutation($input: DeterminationSetTitlesInput!) {{ determinationSetTitles(input: $input) {{
  {PAYLOAD} }} }}"""
QUALIFICATIONS = f"""mutation($input: DeterminationSetQualificationsInput!) {{
  determinationSetQualifications(input: $input) {{ {PAYLOAD} }} }}"""
IMPORT = f"""mutation($input: DeterminationImportRecordsInput!) {{ determinationImportRecords(input: $input) {{
  {PAYLOAD} }} }}"""
REMOVE = f"""mutation($input: DeterminationRemoveRecordsInput!) {{ determinationRemoveRecords(input: $input) {{
  {PAYLOAD} }} }}"""
PHOTO = """mutation($input: DeterminationPhotoUploadInput!) { determinationPhotoUpload(input: $input) {
  errors { field code message } determination { id photo { contentType } } } }"""
SUBMIT = f"mutation($input: DeterminationActionInput!) {{ determinationSubmit(input: $input) {{ {PAYLOAD} }} }}"
WITHDRAW = """mutation($input: DeterminationActionInput!) { determinationWithdraw(input: $input) {
  errors { field code message } determination { id status } } }"""
DELETE = """mutation($input: DeterminationActionInput!) { determinationDelete(input: $input) {
  errors { field code message } deletedId } }"""
NODE = f"query($id: ID!) {{ node(id: $id) {{ ... on Determination {{ {FIELDS} }} }} }}"
MINE = """query { myDeterminations(first: 10) { totalCount nodes { id status } } }"""
TASKS = """query($unitId: ID!, $box: TaskBox!) { tasks(unitId: $unitId, box: $box, first: 50) {
  totalCount nodes { id title processType nodeKind status determination { id status titleName { name } } } } }"""
BASIC = {"nationality": "中国", "householdAddress": "安徽省合肥市蜀山区长江西路100号", "birthplace": "安徽合肥",
         "residence": "安徽合肥", "email": "zhang@example.cn", "postalCode": "230031", "workStartedOn": "2015-07-01",
         "politicalStatus": "CPC_MEMBER", "foreignLanguage": "英语B级", "computerSkill": "合格",
         "performanceSummary": "参与合肥地铁3号线结构设计，负责施工图审查与现场技术服务。"}
TITLE = {"titleName": "助理工程师", "seriesName": "工程技术人员", "obtainedOn": "2018-09-01",
         "certificateNumber": "3400020180001", "appointedOn": "2018-10-01", "appointmentUnit": "合肥飞扬建设工程有限公司"}
QUALIFICATION = {"kind": "VOCATIONAL", "name": "二级建造师", "grade": "二级", "number": "皖234151600123",
                 "obtainedOn": "2019-05-20", "issuer": "安徽省住房和城乡建设厅"}


@dataclass
class DeterminationWorld:
    province: Actor  # the issuer: its acceptance body issues the level's 初定
    city: Actor
    department: Actor  # the employer's competent department
    employer: Actor
    person: Actor
    other_person: Actor
    other_province: Actor
    series_id: str
    specialty_id: str
    title_id: str
    title_name: str
    level: str
    record_ids: list[str]  # the person's approved education and work-experience records


async def approved_records(http, person: Actor, unit_id: int) -> list[str]:
    ids = []
    for category in ("EDUCATION", "WORK_EXPERIENCE"):
        record = await library.create(http, person, category)
        await AchievementRecord.filter(id=library.pk_of(record["id"])).update(status=RecordStatus.APPROVED,
                                                                              unit_id=unit_id)
        ids.append(record["id"])
    return ids


async def determination_world(http, region: str = "340102", level: str = "INTERMEDIATE",
                              modes: tuple[str, ...] = ("INITIAL_DETERMINATION", "RECOGNITION"),
                              numbers: int = 99) -> DeterminationWorld:
    province = await hr_bureau(region[:2] + "0000")
    city = await hr_bureau(region[:4] + "00")
    other = await hr_bureau("510000" if region[:2] != "51" else "340000")
    department = await make_unit(f"{region}住建局", kind=UnitKind.COMPETENT_DEPARTMENT, region=region,
                                 nature=UnitNature.GOVERNMENT_AGENCY)
    employer = await make_unit("合肥飞扬建设工程有限公司", region=region, nature=UnitNature.STATE_OWNED_ENTERPRISE)
    await Unit.filter(id=employer.unit.id).update(competent_department_id=department.unit.id)
    person = await make_person("测试人员", unit=employer.unit, status=BindingStatus.APPROVED, male=False)
    other_person = await make_person("其他人员", unit=employer.unit, status=BindingStatus.APPROVED)
    code = await IssuerCode.create(unit_id=province.unit.id, active_unit_id=province.unit.id,
                                   province=province.unit.region_id[:2], code="0001")
    if numbers:
        await NumberRange.create(issuer_id=code.id, year=today().year, category="01", start_serial=1,
                                 end_serial=numbers, next_serial=1)
    for mode in modes:
        await AcceptanceBody.create(unit_id=province.unit.id, node_kind="ISSUER", level=level, evaluation_mode=mode,
                                    region_id=province.unit.region_id, notice="请如实填写申报信息。",
                                    managed_by_id=province.unit.id)
    series = await Series.get(code="ENGINEERING")
    title = await TitleName.filter(series=series, level=level).first()
    specialty = await Specialty.filter(series=series).first()
    records = await approved_records(http, person, employer.unit.id)
    return DeterminationWorld(province, city, department, employer, person, other_person, other,
                              gid("Series", series.id), gid("Specialty", specialty.id), gid("TitleName", title.id),
                              title.name, level, records)


async def call(http, query: str, variables: dict, token: str, field: str) -> dict:
    result = await gql(http, query, {"input": variables}, token=token)
    assert payload_errors(result, field) == [], result
    return result["data"][field]


def create_input(world: DeterminationWorld, mode: str = "INITIAL_DETERMINATION", **changes) -> dict:
    return {"evaluationMode": mode, "year": today().year, "seriesId": world.series_id,
            "specialtyId": world.specialty_id, "titleNameId": world.title_id, **changes}


async def create(http, world: DeterminationWorld, mode: str = "INITIAL_DETERMINATION") -> dict:
    return (await call(http, CREATE, create_input(world, mode), world.person.token,
                       "determinationCreate"))["determination"]


async def put_photo(http, token: str, determination_id: str) -> dict:
    response = await upload(http, PHOTO, {"input": {"determinationId": determination_id, "file": None}},
                            {"input.file": ("照片.jpg", sample_photo(), "image/jpeg")}, token=token)
    assert response.status_code == 200, response.text
    return response.json()


async def ready(http, world: DeterminationWorld, mode: str = "INITIAL_DETERMINATION") -> str:
    """A declaration with the basic information, a title, a qualification, the records imported and a photo."""
    did = (await create(http, world, mode))["id"]
    token = world.person.token
    await call(http, UPDATE, {"determinationId": did, "basic": BASIC}, token, "determinationUpdate")
    await call(http, TITLES, {"determinationId": did, "titles": [TITLE]}, token, "determinationSetTitles")
    await call(http, QUALIFICATIONS, {"determinationId": did, "qualifications": [QUALIFICATION]}, token,
               "determinationSetQualifications")
    await call(http, IMPORT, {"determinationId": did, "recordIds": world.record_ids}, token,
               "determinationImportRecords")
    assert payload_errors(await put_photo(http, token, did), "determinationPhotoUpload") == []
    return did


async def submitted(http, world: DeterminationWorld, mode: str = "INITIAL_DETERMINATION") -> str:
    did = await ready(http, world, mode)
    await call(http, SUBMIT, {"determinationId": did}, world.person.token, "determinationSubmit")
    return did


async def node(http, determination_id: str, token: str) -> dict:
    result = await gql(http, NODE, {"id": determination_id}, token=token)
    assert "errors" not in result, result
    return result["data"]["node"]

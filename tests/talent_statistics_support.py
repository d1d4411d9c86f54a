"""The world of the talent statistics tests (专技人才统计): an employer in 340102 (瑶海区) with the city's (340100)
and the province's (340000) HR bureaus above it, another employer in the same district, Wuhu's HR bureau
(340200, another city), a person bound to the employer, another person of the employer, and the queries the
tests send."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from strawberry import relay

from models.catalogue.models import Series, Specialty, TitleName
from models.person.binding import BindingStatus
from models.unit.models import UnitNature
from tests.helpers import Actor, gid, gql, make_person, make_unit, payload_errors
from tests.plan_support import hr_bureau

YEAR = date.today().year - 1  # the statistics year most tests fill in
FIELDS = """id year status statusLabel post postCategory postCategoryLabel level levelLabel titleObtainedOn appointed
  appointedOn professionalYears education degree talentCategory remarks submittedAt finishedAt
  series { name } specialty { name } titleName { name } unit { name } region { code name }
  check { message field passed }
  flow { nodeKind state unit { name } }
  history { action opinion unit { name } }"""
PAYLOAD = f"errors {{ field code message }} talentRecord {{ {FIELDS} }}"
CREATE = f"mutation($input: TalentRecordCreateInput!) {{ talentRecordCreate(input: $input) {{ {PAYLOAD} }} }}"
UPDATE = f"mutation($input: TalentRecordUpdateInput!) {{ talentRecordUpdate(input: $input) {{ {PAYLOAD} }} }}"
SUBMIT = f"mutation($input: TalentRecordActionInput!) {{ talentRecordSubmit(input: $input) {{ {PAYLOAD} }} }}"
WITHDRAW = """mutation($input: TalentRecordActionInput!) { talentRecordWithdraw(input: $input) {
  errors { field code message } talentRecord { id status } } }"""
DELETE = """mutation($input: TalentRecordActionInput!) { talentRecordDelete(input: $input) {
  errors { field code message } deletedId } }"""
STATISTICS_EXPORT = """mutation($input: TalentStatisticsExportInput!) { talentStatisticsExport(input: $input) {
  errors { field code message } job { id kind status } } }"""
RECORDS_EXPORT = """mutation($input: TalentRecordsExportInput!) { talentRecordsExport(input: $input) {
  errors { field code message } job { id kind status } } }"""
NODE = f"query($id: ID!) {{ node(id: $id) {{ ... on TalentRecord {{ {FIELDS} }} }} }}"
MINE = "query { myTalentRecords(first: 10) { totalCount nodes { id year status } } }"
UNIT_RECORDS = """query($unitId: ID!, $filter: TalentRecordFilter) {
  talentRecords(unitId: $unitId, filter: $filter, first: 50) { totalCount nodes { id year status } } }"""
STATISTICS = """query($year: Int!, $groupBy: [TalentStatisticsDimension!], $regionCode: String, $unitId: ID) {
  talentStatistics(year: $year, groupBy: $groupBy, regionCode: $regionCode, unitId: $unitId) {
    year groupBy total rows { regionCode regionName series { name } seriesName level levelLabel count } } }"""
TASKS = """query($unitId: ID!, $box: TaskBox!) { tasks(unitId: $unitId, box: $box, first: 50) {
  totalCount nodes { id title processType nodeKind status talentRecord { id status year post } } } }"""


@dataclass
class Catalogue:
    series_id: str
    specialty_id: str
    title_id: str  # 工程师, 中级
    series_name: str
    title_name: str


@dataclass
class TalentWorld:
    province: Actor
    city: Actor
    other_city: Actor  # Wuhu's HR bureau: another city
    employer: Actor
    other_unit: Actor  # another employer in the same district
    person: Actor
    other_person: Actor
    engineering: Catalogue


async def catalogue(series_code: str = "ENGINEERING", level: str = "INTERMEDIATE") -> Catalogue:
    series = await Series.get(code=series_code)
    title = await TitleName.filter(series=series, level=level).order_by("id").first()
    specialty = await Specialty.filter(series=series).order_by("id").first()
    return Catalogue(gid("Series", series.id), gid("Specialty", specialty.id), gid("TitleName", title.id),
                     series.name, title.name)


async def talent_world(region: str = "340102") -> TalentWorld:
    province = await hr_bureau(region[:2] + "0000")
    city = await hr_bureau(region[:4] + "00")
    other_city = await hr_bureau("340200")
    employer = await make_unit("合肥飞扬建设工程有限公司", region=region, nature=UnitNature.STATE_OWNED_ENTERPRISE)
    other_unit = await make_unit("合肥远航建设有限公司", region=region, nature=UnitNature.STATE_OWNED_ENTERPRISE)
    person = await make_person("测试人员", unit=employer.unit, status=BindingStatus.APPROVED, male=False)
    other_person = await make_person("其他人员", unit=employer.unit, status=BindingStatus.APPROVED)
    return TalentWorld(province, city, other_city, employer, other_unit, person, other_person, await catalogue())


def full_fields(c: Catalogue, **changes) -> dict:
    """Every field of a record that passes the check."""
    return {"post": "结构设计岗", "postCategory": "TECHNICAL", "seriesId": c.series_id, "specialtyId": c.specialty_id,
            "titleNameId": c.title_id, "titleObtainedOn": "2018-12-20", "appointed": True,
            "appointedOn": "2019-03-01", "professionalYears": 12, "education": "BACHELOR", "degree": "BACHELOR",
            "talentCategory": "市级技术骨干", "remarks": "", **changes}


async def call(http, query: str, variables: dict, token: str, field: str) -> dict:
    result = await gql(http, query, {"input": variables}, token=token)
    assert payload_errors(result, field) == [], result
    return result["data"][field]


async def create(http, actor: Actor, year: int = YEAR, **fields) -> dict:
    return (await call(http, CREATE, {"year": year, **fields}, actor.token, "talentRecordCreate"))["talentRecord"]


async def ready(http, actor: Actor, c: Catalogue, year: int = YEAR, **changes) -> str:
    """A record that passes the check, not submitted."""
    return (await create(http, actor, year, **full_fields(c, **changes)))["id"]


async def submitted(http, actor: Actor, c: Catalogue, year: int = YEAR, **changes) -> str:
    rid = await ready(http, actor, c, year, **changes)
    await call(http, SUBMIT, {"talentRecordId": rid}, actor.token, "talentRecordSubmit")
    return rid


async def node(http, record_id: str, token: str | None) -> dict | None:
    return (await gql(http, NODE, {"id": record_id}, token=token))["data"]["node"]


async def statistics(http, token: str | None, year: int = YEAR, group_by: list[str] | None = None,
                     **variables) -> dict:
    result = await gql(http, STATISTICS, {"year": year, "groupBy": group_by, **variables}, token=token)
    assert not result.get("errors"), result
    return result["data"]["talentStatistics"]


def pk(global_id: str) -> int:
    return int(relay.GlobalID.from_id(global_id).node_id)

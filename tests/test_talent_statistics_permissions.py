"""Who may reach a talent record (专技人才统计) and its counts, and act on them (models/access/talent_statistics.py,
models/talent_statistics/create.py own_record): one parametrized case per stage × operation × role, refusals
included.

Stages: a draft never submitted; one waiting at the employer; one the employer returned; an approved one
(counted); one submitted and withdrawn (a draft again, with a cancelled task). Roles: the person, another
person of the same employer, the employer's admins, another employer of the same district, the city's HR
bureau (340100, above the employer's 340102), another city's (340200), the province's (340000), a platform
admin, anonymous. Operations: node(id) of the record (with its person, ID number masked for the bureaus); the
task's nested `talentRecord` through node(id) of the task and through the employer's box in the task centre;
myTalentRecords; the unit's list (talentRecords); the counts (talentStatistics) over the viewer's scope and
narrowed to the employer; each mutation of the record; both exports. A cell that changes nothing leaves the
whole database and Redis as the world was built (``fingerprint``)."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from models.talent_statistics.models import TalentRecord
from models.workflow.models import ProcessType, Task
from tests.declaration_support import claim_and_decide
from tests.helpers import (
    assert_forbidden,
    assert_unauthenticated,
    assert_unseen,
    gid,
    gql,
    make_account,
    payload_errors,
)
from tests.matrix_support import SharedWorld, fingerprint
from tests.talent_statistics_support import (
    WITHDRAW,
    YEAR,
    call,
    pk,
    ready,
    submitted,
    talent_world,
)

ROLES = ["person", "other_person", "employer", "other_unit", "city_hr", "other_city_hr", "province_hr",
         "platform_admin", "anonymous"]
PERSONS = {"person", "other_person"}
STAGES = ["draft", "review", "returned", "approved", "withdrawn"]
STATUS = {"draft": "DRAFT", "review": "IN_REVIEW", "returned": "RETURNED", "approved": "APPROVED",
          "withdrawn": "DRAFT"}
# The record's one task in each stage (the employer's), by its status.
TASK_OF = {"draft": None, "review": "READY", "returned": "COMPLETED", "approved": "COMPLETED",
           "withdrawn": "CANCELLED"}
BOX_OF = {"READY": "TO_CLAIM", "COMPLETED": "HANDLED_BY_UNIT"}  # a cancelled task is in no box
ALWAYS = {"person", "platform_admin"}
# The unit's admins, the bureaus over 340102 and platform admins list the employer's records and count them.
LISTERS = {"employer", "city_hr", "province_hr", "platform_admin"}
COUNTERS = LISTERS | {"other_unit", "other_city_hr"}  # may count at all (their own scope: nothing here)
FULL_ID = {"person", "employer", "platform_admin"}  # the ID number in full; the bureaus see it masked


def readers(stage: str) -> set[str]:
    """The person and platform admins; from the first submission on, the employer (its node) and the HR bureaus
    over the region it was submitted from."""
    return set(ALWAYS) if stage == "draft" else ALWAYS | {"employer", "city_hr", "province_hr"}


MUTATIONS = ["update", "submit", "withdraw", "delete"]
PERSON_OUTCOME = {  # the person's own calls: None = it goes through (the world is spoiled), else the refusal code
    "draft": {"update": None, "submit": None, "withdraw": "NOT_WITHDRAWABLE", "delete": None},
    "review": {"update": "NOT_EDITABLE", "submit": "NOT_EDITABLE", "withdraw": None, "delete": "NOT_EDITABLE"},
    "returned": {"update": None, "submit": None, "withdraw": "NOT_WITHDRAWABLE", "delete": "NOT_EDITABLE"},
    "approved": {"update": "NOT_EDITABLE", "submit": "NOT_EDITABLE", "withdraw": "NOT_WITHDRAWABLE",
                 "delete": "NOT_EDITABLE"},
    "withdrawn": {"update": None, "submit": None, "withdraw": "NOT_WITHDRAWABLE", "delete": "NOT_EDITABLE"},
}

VIEW = "id status post person { realName idNumber } unit { name }"
NODE = f"query($id: ID!) {{ node(id: $id) {{ ... on TalentRecord {{ {VIEW} }} }} }}"
TASK_NODE = f"""query($id: ID!) {{ node(id: $id) {{ ... on Task {{ id processType status
  talentRecord {{ {VIEW} }} }} }} }}"""
BOX = f"""query($unitId: ID!, $box: TaskBox!) {{ tasks(unitId: $unitId, box: $box, first: 50) {{
  nodes {{ id processType status talentRecord {{ {VIEW} }} }} }} }}"""
MINE = "query { myTalentRecords(first: 10) { totalCount nodes { id status } } }"
LIST = """query($unitId: ID!) { talentRecords(unitId: $unitId, first: 50) { totalCount nodes { id status
  person { realName } } } }"""
COUNTS = """query($year: Int!, $unitId: ID) { talentStatistics(year: $year, groupBy: [REGION, SERIES, LEVEL],
  unitId: $unitId) { total rows { regionCode seriesName levelLabel count } } }"""
ERRORS = "errors { field code message }"
M = {
    "update": f"""mutation($input: TalentRecordUpdateInput!) {{ talentRecordUpdate(input: $input) {{ {ERRORS}
      talentRecord {{ id post }} }} }}""",
    "submit": f"""mutation($input: TalentRecordActionInput!) {{ talentRecordSubmit(input: $input) {{ {ERRORS}
      talentRecord {{ id status }} }} }}""",
    "withdraw": f"""mutation($input: TalentRecordActionInput!) {{ talentRecordWithdraw(input: $input) {{ {ERRORS}
      talentRecord {{ id status }} }} }}""",
    "delete": f"""mutation($input: TalentRecordActionInput!) {{ talentRecordDelete(input: $input) {{ {ERRORS}
      deletedId }} }}""",
    "statistics_export": f"""mutation($input: TalentStatisticsExportInput!) {{ talentStatisticsExport(input: $input)
      {{ {ERRORS} job {{ kind status }} }} }}""",
    "records_export": f"""mutation($input: TalentRecordsExportInput!) {{ talentRecordsExport(input: $input) {{
      {ERRORS} job {{ kind status }} }} }}""",
}
FIELD_OF = {"update": "talentRecordUpdate", "submit": "talentRecordSubmit", "withdraw": "talentRecordWithdraw",
            "delete": "talentRecordDelete", "statistics_export": "talentStatisticsExport",
            "records_export": "talentRecordsExport"}


def operations(stage: str) -> list[str]:
    task = TASK_OF[stage]
    return ["node", *(["task_node"] if task else []), *(["box"] if task in BOX_OF else []), "my_records",
            "unit_records", "statistics", "statistics_unit", *MUTATIONS, "statistics_export", "records_export"]


CELLS = [(stage, operation, role) for stage in STAGES for operation in operations(stage) for role in ROLES]


@dataclass
class World:
    tokens: dict  # role → access token (None for anonymous)
    employer_unit: str  # the employer's global ID
    rid: str
    task_id: str | None
    person_name: str
    id_number: str
    employer_name: str


shared = SharedWorld("stage")


@pytest.fixture(autouse=True)
async def clean(request):
    async for _ in shared.clean(request):
        yield


def builder(http, stage: str):
    async def build() -> World:
        world = await talent_world()
        admin = await make_account("平台管理员", platform_admin=True)
        rid = await (ready if stage == "draft" else submitted)(http, world.person, world.engineering)
        if stage == "returned":
            await claim_and_decide(http, world.employer, decision="RETURN", opinion="请核对岗位")
        if stage == "approved":
            await claim_and_decide(http, world.employer)
        if stage == "withdrawn":
            await call(http, WITHDRAW, {"talentRecordId": rid}, world.person.token, "talentRecordWithdraw")
        row = await TalentRecord.get(id=pk(rid))
        assert row.status == STATUS[stage] and (row.submitted_at is None) == (stage == "draft")
        tasks = await Task.filter(process_type=ProcessType.TALENT_STATISTICS, subject_id=row.id)
        assert [t.status.value for t in tasks] == ([TASK_OF[stage]] if TASK_OF[stage] else [])
        assert all(t.unit_id == world.employer.unit.id for t in tasks)
        actors = {"person": world.person, "other_person": world.other_person, "employer": world.employer,
                  "other_unit": world.other_unit, "city_hr": world.city, "other_city_hr": world.other_city,
                  "province_hr": world.province, "platform_admin": admin}
        tokens = {role: actor.token for role, actor in actors.items()} | {"anonymous": None}
        return World(tokens, gid("Unit", world.employer.unit.id), rid, gid("Task", tasks[0].id) if tasks else None,
                     world.person.person.real_name, world.person.person.id_number, world.employer.unit.name)
    return build


def refuse_top_level(result: dict, role: str) -> None:
    (assert_unauthenticated if role == "anonymous" else assert_forbidden)(result)
    assert result["data"] is None


def view(w: World, stage: str, role: str) -> dict:
    number = w.id_number if role in FULL_ID else w.id_number[:2] + "*" * (len(w.id_number) - 4) + w.id_number[-2:]
    return {"id": w.rid, "status": STATUS[stage], "post": "结构设计岗",
            "person": {"realName": w.person_name, "idNumber": number}, "unit": {"name": w.employer_name}}


async def mutate(http, w: World, operation: str, token: str | None) -> dict:
    variables = {
        "update": {"talentRecordId": w.rid, "post": "施工管理岗"},
        "submit": {"talentRecordId": w.rid}, "withdraw": {"talentRecordId": w.rid},
        "delete": {"talentRecordId": w.rid},
        "statistics_export": {"year": YEAR, "groupBy": ["REGION"]},
        "records_export": {"unitId": w.employer_unit},
    }[operation]
    return await gql(http, M[operation], {"input": variables}, token=token)


async def assert_went_through(w: World, operation: str, payload: dict) -> None:
    if operation == "update":
        assert payload["talentRecord"] == {"id": w.rid, "post": "施工管理岗"}
    elif operation == "submit":
        assert payload["talentRecord"] == {"id": w.rid, "status": "IN_REVIEW"}
    elif operation == "withdraw":
        assert payload["talentRecord"] == {"id": w.rid, "status": "DRAFT"}
    elif operation == "delete":
        assert payload["deletedId"] == w.rid and not await TalentRecord.filter(id=pk(w.rid)).exists()
    else:
        assert payload["job"] == {"kind": "TALENT_STATISTICS_EXPORT", "status": "PENDING"}


def counted(stage: str, role: str) -> dict:
    if stage == "approved" and role in LISTERS:
        return {"total": 1, "rows": [{"regionCode": "340102", "seriesName": "工程技术人员", "levelLabel": "中级",
                                      "count": 1}]}
    return {"total": 0, "rows": []}


def test_the_matrix_has_every_cell():
    per_stage = {stage: sum(1 for c in CELLS if c[0] == stage) for stage in STAGES}
    assert per_stage == {"draft": 99, "review": 117, "returned": 117, "approved": 117, "withdrawn": 108}
    assert len(CELLS) == len(set(CELLS)) == 558


@pytest.mark.parametrize("stage,operation,role", CELLS)
async def test_talent_statistics_matrix(http, stage, operation, role):
    async with shared.use(builder(http, stage)) as w:
        token = w.tokens[role]
        changed = False
        if operation == "node":
            result = await gql(http, NODE, {"id": w.rid}, token=token)
            if role in readers(stage):
                assert result == {"data": {"node": view(w, stage, role)}}
            else:
                assert_unseen(result)  # the null a missing ID gets, anonymous too
        elif operation == "task_node":
            result = await gql(http, TASK_NODE, {"id": w.task_id}, token=token)
            if role in ("employer", "platform_admin"):  # a task: its unit's admins and platform admins
                assert result == {"data": {"node": {"id": w.task_id, "processType": "TALENT_STATISTICS",
                                                    "status": TASK_OF[stage], "talentRecord": view(w, stage, role)}}}
            else:
                assert_unseen(result)
        elif operation == "box":
            result = await gql(http, BOX, {"unitId": w.employer_unit, "box": BOX_OF[TASK_OF[stage]]}, token=token)
            if role in ("employer", "platform_admin"):
                assert result["data"]["tasks"]["nodes"] == [{"id": w.task_id, "processType": "TALENT_STATISTICS",
                                                             "status": TASK_OF[stage],
                                                             "talentRecord": view(w, stage, role)}]
            else:  # the bureaus see the record, yet they do not list another unit's boxes
                refuse_top_level(result, role)
        elif operation == "my_records":
            result = await gql(http, MINE, token=token)
            if role in PERSONS:
                expected = [{"id": w.rid, "status": STATUS[stage]}] if role == "person" else []
                assert result == {"data": {"myTalentRecords": {"totalCount": len(expected), "nodes": expected}}}
            else:
                refuse_top_level(result, role)
        elif operation == "unit_records":
            result = await gql(http, LIST, {"unitId": w.employer_unit}, token=token)
            if role in LISTERS:
                expected = [] if stage == "draft" else [{"id": w.rid, "status": STATUS[stage],
                                                         "person": {"realName": w.person_name}}]
                assert result == {"data": {"talentRecords": {"totalCount": len(expected), "nodes": expected}}}
            else:  # another unit, another city, people, anonymous
                refuse_top_level(result, role)
        elif operation in ("statistics", "statistics_unit"):
            unit = w.employer_unit if operation == "statistics_unit" else None
            result = await gql(http, COUNTS, {"year": YEAR, "unitId": unit}, token=token)
            if role in (LISTERS if unit else COUNTERS):
                assert result == {"data": {"talentStatistics": counted(stage, role)}}
            else:
                refuse_top_level(result, role)
        elif operation in MUTATIONS:
            result = await mutate(http, w, operation, token)
            name = FIELD_OF[operation]
            if role == "person":
                refusal = PERSON_OUTCOME[stage][operation]
                errors = payload_errors(result, name)
                if refusal is None:
                    assert errors == []
                    await assert_went_through(w, operation, result["data"][name])
                    changed = True
                else:
                    assert [(e["code"], e["field"]) for e in errors] == [(refusal, ["talentRecordId"])]
                    assert result["data"][name].get("talentRecord") is None
            elif role == "other_person":  # someone else's record: as if there were none
                assert [(e["code"], e["field"]) for e in payload_errors(result, name)] == [
                    ("NOT_FOUND", ["talentRecordId"])]
                assert result["data"][name].get("talentRecord") is None
                assert result["data"][name].get("deletedId") is None
            else:  # only people have records: every admin and anonymous are refused before anything runs
                refuse_top_level(result, role)
        else:
            result = await mutate(http, w, operation, token)
            name = FIELD_OF[operation]
            if role in (COUNTERS if operation == "statistics_export" else LISTERS):
                assert payload_errors(result, name) == []
                await assert_went_through(w, operation, result["data"][name])
                changed = True
            else:
                refuse_top_level(result, role)
        if changed:
            shared.spoil()
        else:
            assert await fingerprint() == shared.built  # nothing changed, not even a job

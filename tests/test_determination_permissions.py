"""Who may reach a 职称初定 / 职称认定 declaration and act on it (models/access/submitted.py through
models/access/determination.py, models/determination/create.py own_determination): one parametrized case per
stage × operation × role, refusals included.

Stages of a 初定 declaration on the default path (employer → competent department → the province's HR bureau,
the issuer): a draft never submitted; one waiting at the employer; one the competent department returned; an
approved one (its certificate issued by the province). And a 认定 declaration waiting at the employer, for the
ACCREDITATION process's own tasks. Roles: the person, another person of the same employer, the admins of the
employer, of its competent department, of the province's HR bureau (the issuer), of another employer in the same
district (off the path), of the city's HR bureau (above the employer, on no task), of Sichuan's HR bureau, a
platform admin, anonymous. Operations: node(id) of the declaration (with its photo, imported records and their
files, and the certificate under its own rule) and of an imported record's snapshot; a task's nested
`determination` through node(id) of the task and through the unit's box in the task centre; every unit's own
boxes; myDeterminations; each mutation. Only the person changes it (and only while it is editable). A cell that
changes nothing leaves the whole database and Redis as the world was built (``fingerprint``)."""
from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from strawberry import relay

from models.achievement.models import AchievementRecord, RecordStatus
from models.certificate.models import Certificate
from models.determination.models import Determination, DeterminationRecord
from models.unit.models import UnitNature
from models.workflow.models import Task
from tests import achievement_support as library
from tests.declaration_support import claim_and_decide
from tests.determination_support import (
    QUALIFICATION,
    TITLE,
    determination_world,
    ready,
    submitted,
)
from tests.helpers import (
    assert_forbidden,
    assert_unauthenticated,
    assert_unseen,
    gid,
    gql,
    make_account,
    make_unit,
    payload_errors,
    upload,
)
from tests.matrix_support import SharedWorld, fingerprint

ROLES = ["person", "other_person", "employer", "department", "province_hr", "off_path", "city_hr",
         "other_region_hr", "platform_admin", "anonymous"]
PERSONS = {"person", "other_person"}
UNIT_ROLES = ["employer", "department", "province_hr", "off_path", "city_hr", "other_region_hr"]
STAGES = ["draft", "employer", "returned", "approved", "accreditation"]
MODE = {stage: "INITIAL_DETERMINATION" for stage in STAGES} | {"accreditation": "RECOGNITION"}
PROCESS = {"INITIAL_DETERMINATION": "INITIAL_DETERMINATION", "RECOGNITION": "ACCREDITATION"}
STATUS = {"draft": "DRAFT", "employer": "IN_REVIEW", "returned": "RETURNED", "approved": "APPROVED",
          "accreditation": "IN_REVIEW"}
# The declaration's tasks in each stage: (the unit's role, the task's status), oldest first.
TASKS_OF = {
    "draft": [],
    "employer": [("employer", "READY")],
    "returned": [("employer", "COMPLETED"), ("department", "COMPLETED")],
    "approved": [("employer", "COMPLETED"), ("department", "COMPLETED"), ("province_hr", "COMPLETED")],
    "accreditation": [("employer", "READY")],
}
NODE_KIND = {"employer": "EMPLOYER", "department": "COMPETENT_DEPARTMENT", "province_hr": "ISSUER"}
BOX_OF = {"READY": "TO_CLAIM", "COMPLETED": "HANDLED_BY_UNIT"}
ALWAYS = {"person", "platform_admin"}
HR = {"city_hr", "province_hr"}  # 340100 and 340000 cover the employer's 340102; Sichuan's 510000 does not


def readers(stage: str) -> set[str]:
    """The rule: the person and platform admins; from the first submission on, the units that hold or held a
    task for it and the HR bureaus covering the employer's region."""
    if stage == "draft":
        return set(ALWAYS)
    return ALWAYS | HR | {unit for unit, _ in TASKS_OF[stage]}


# The certificate is scoped by its own rule (models/access/certificate.py): the holder, the issuer's admins (the
# province), HR bureaus of the issuer's or the holder's unit's region and above, platform admins — not the
# employer or the competent department, who see the declaration.
CERTIFICATE_READERS = {"person", "platform_admin", "city_hr", "province_hr"}

EDITING = ["update", "set_titles", "set_qualifications", "import_records", "remove_records", "photo_upload"]
MUTATIONS = [*EDITING, "submit", "withdraw", "delete"]
OPEN = dict.fromkeys(EDITING)  # editable: every change goes through
CLOSED = dict.fromkeys(EDITING, "NOT_EDITABLE")
# The person's own calls: None = it goes through (the world is spoiled), else the refusal code.
PERSON_OUTCOME = {
    "draft": {**OPEN, "submit": None, "withdraw": "NOT_WITHDRAWABLE", "delete": None},
    "employer": {**CLOSED, "submit": "NOT_EDITABLE", "withdraw": None, "delete": "NOT_EDITABLE"},
    "returned": {**OPEN, "submit": None, "withdraw": "NOT_WITHDRAWABLE", "delete": "NOT_EDITABLE"},
    "approved": {**CLOSED, "submit": "NOT_EDITABLE", "withdraw": "NOT_WITHDRAWABLE", "delete": "NOT_EDITABLE"},
}

NODE = """query($id: ID!) { node(id: $id) { ... on Determination { id status evaluationMode
  basic { postalCode } titles { titleName } qualifications { name }
  records { id category attachments { name contentType } } photo { name contentType }
  certificate { number acquisitionMethod } } } }"""
SNAPSHOT_NODE = """query($id: ID!) { node(id: $id) { ... on DeterminationRecordSnapshot { id category
  attachments { name contentType } } } }"""
NESTED = "determination { id status photo { contentType } records { attachments { name } } certificate { number } }"
TASK_NODE = f"query($id: ID!) {{ node(id: $id) {{ ... on Task {{ id processType status {NESTED} }} }} }}"
BOX = f"""query($unitId: ID!, $box: TaskBox!) {{ tasks(unitId: $unitId, box: $box, first: 50) {{
  totalCount nodes {{ id processType nodeKind status {NESTED} }} }} }}"""
OWN_BOXES = f"""query($unitId: ID!) {{
  toClaim: tasks(unitId: $unitId, box: TO_CLAIM, first: 50) {{ nodes {{ id processType {NESTED} }} }}
  handled: tasks(unitId: $unitId, box: HANDLED_BY_UNIT, first: 50) {{ nodes {{ id processType {NESTED} }} }} }}"""
MINE = "query { myDeterminations(first: 10) { totalCount nodes { id status } } }"
ERRORS = "errors { field code message }"


def mutation(name: str, input_type: str, selection: str) -> str:
    return f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {ERRORS} {selection} }} }}"


M = {
    "update": mutation("determinationUpdate", "DeterminationUpdateInput",
                       "determination { id basic { performanceSummary } }"),
    "set_titles": mutation("determinationSetTitles", "DeterminationSetTitlesInput",
                           "determination { id titles { titleName } }"),
    "set_qualifications": mutation("determinationSetQualifications", "DeterminationSetQualificationsInput",
                                   "determination { id qualifications { name } }"),
    "import_records": mutation("determinationImportRecords", "DeterminationImportRecordsInput",
                               "determination { id records { category } }"),
    "remove_records": mutation("determinationRemoveRecords", "DeterminationRemoveRecordsInput",
                               "determination { id records { id } }"),
    "photo_upload": mutation("determinationPhotoUpload", "DeterminationPhotoUploadInput",
                             "determination { id photo { name contentType } }"),
    "submit": mutation("determinationSubmit", "DeterminationActionInput", "determination { id status }"),
    "withdraw": mutation("determinationWithdraw", "DeterminationActionInput", "determination { id status }"),
    "delete": mutation("determinationDelete", "DeterminationActionInput", "deletedId"),
}
FIELD_OF = {"update": "determinationUpdate", "set_titles": "determinationSetTitles",
            "set_qualifications": "determinationSetQualifications", "import_records": "determinationImportRecords",
            "remove_records": "determinationRemoveRecords", "photo_upload": "determinationPhotoUpload",
            "submit": "determinationSubmit", "withdraw": "determinationWithdraw", "delete": "determinationDelete"}
SUMMARY = "主持合肥地铁4号线车站结构设计，获市优秀设计二等奖。"


def operations(stage: str) -> list[str]:
    path_units = [unit for unit, _ in TASKS_OF[stage]]
    boxed = [unit for unit, status in TASKS_OF[stage] if status in BOX_OF]
    reads = ["node", "node_snapshot", *(f"task_node:{u}" for u in path_units), *(f"box:{u}" for u in boxed),
             "own_boxes"]
    if stage == "accreditation":  # the 认定 row: what the ACCREDITATION tasks show, and who sees it
        return reads
    return [*reads, "my_determinations", *MUTATIONS]


CELLS = [(stage, operation, role) for stage in STAGES for operation in operations(stage) for role in ROLES
         if not (operation == "own_boxes" and role not in UNIT_ROLES)]


@dataclass
class World:
    tokens: dict  # role → access token (None for anonymous)
    units: dict  # unit role → the global ID of its unit
    did: str
    pk: int
    snapshots: list  # [(snapshot global ID, category, [attachment names])] in import order
    extra_record: str  # an approved continuing-education record of the person's, not imported
    tasks: dict  # unit role → (task global ID, status)
    certificate: str | None  # the approved declaration's certificate number


shared = SharedWorld("stage")


@pytest.fixture(autouse=True)
async def clean(request):
    async for _ in shared.clean(request):
        yield


def builder(http, settings, stage: str):
    async def build() -> World:
        world = await determination_world(http)
        off_path = await make_unit("合肥远航建设有限公司", region="340102", nature=UnitNature.STATE_OWNED_ENTERPRISE)
        admin = await make_account("平台管理员", platform_admin=True)
        # The education record carries a scan, which goes with its snapshot.
        education = library.pk_of(world.record_ids[0])
        await AchievementRecord.filter(id=education).update(status=RecordStatus.DRAFT)
        assert (await library.attach(http, world.person, world.record_ids[0], "毕业证.pdf")).status_code == 200
        await AchievementRecord.filter(id=education).update(status=RecordStatus.APPROVED)
        extra = await library.create(http, world.person, "CONTINUING_EDUCATION")
        await AchievementRecord.filter(id=library.pk_of(extra["id"])).update(status=RecordStatus.APPROVED,
                                                                             unit_id=world.employer.unit.id)
        did = await (ready if stage == "draft" else submitted)(http, world, MODE[stage])
        if stage in ("returned", "approved"):
            await claim_and_decide(http, world.employer)
            await claim_and_decide(http, world.department, **({"decision": "RETURN", "opinion": "请补充继续教育"}
                                                              if stage == "returned" else {}))
        if stage == "approved":
            await claim_and_decide(http, world.province, opinion="同意发证")
        actors = {"employer": world.employer, "department": world.department, "province_hr": world.province,
                  "off_path": off_path, "city_hr": world.city, "other_region_hr": world.other_province}
        tokens = {"person": world.person.token, "other_person": world.other_person.token,
                  "platform_admin": admin.token, "anonymous": None,
                  **{role: actor.token for role, actor in actors.items()}}
        role_of = {actor.unit.id: role for role, actor in actors.items()}
        pk = int(relay.GlobalID.from_id(did).node_id)
        row = await Determination.get(id=pk)
        assert row.status == STATUS[stage] and (row.submitted_at is None) == (stage == "draft")
        tasks = await Task.filter(subject_id=pk, process_type=PROCESS[MODE[stage]]).order_by("id")
        assert [(role_of[t.unit_id], t.status.value) for t in tasks] == TASKS_OF[stage]
        snapshots = await DeterminationRecord.filter(determination_id=pk).order_by("id")
        assert [s.category for s in snapshots] == ["EDUCATION", "WORK_EXPERIENCE"]
        assert [len(s.file_ids) for s in snapshots] == [1, 0]
        cert = await Certificate.get_or_none(subject_kind="DETERMINATION", subject_key=str(pk))
        assert (cert is not None) == (stage == "approved")
        return World(tokens, {role: gid("Unit", actor.unit.id) for role, actor in actors.items()}, did, pk,
                     [(gid("DeterminationRecordSnapshot", s.id), s.category, ["毕业证.pdf"] if s.file_ids else [])
                      for s in snapshots], extra["id"],
                     {role_of[t.unit_id]: (gid("Task", t.id), t.status.value) for t in tasks},
                     cert.number if cert else None)
    return build


def png_photo() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (295, 413), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def refuse_non_person(result: dict, role: str) -> None:
    (assert_unauthenticated if role == "anonymous" else assert_forbidden)(result)
    assert result["data"] is None


def codes(errors: list[dict]) -> list[tuple]:
    return [(e["code"], e["field"]) for e in errors]


def full_view(w: World, stage: str, role: str) -> dict:
    """What a reader gets from node(id): the whole declaration with its files; the certificate to its readers."""
    return {"id": w.did, "status": STATUS[stage], "evaluationMode": MODE[stage], "basic": {"postalCode": "230031"},
            "titles": [{"titleName": TITLE["titleName"]}], "qualifications": [{"name": QUALIFICATION["name"]}],
            "records": [{"id": sid, "category": category,
                         "attachments": [{"name": n, "contentType": "application/pdf"} for n in names]}
                        for sid, category, names in w.snapshots],
            "photo": {"name": "照片.jpg", "contentType": "image/jpeg"},
            "certificate": ({"number": w.certificate, "acquisitionMethod": "初定"}
                            if w.certificate and role in CERTIFICATE_READERS else None)}


def nested_view(w: World, stage: str, role: str) -> dict:
    """A task's nested declaration, with its files and (to the certificate's readers) its certificate."""
    return {"id": w.did, "status": STATUS[stage], "photo": {"contentType": "image/jpeg"},
            "records": [{"attachments": [{"name": n} for n in names]} for _, _, names in w.snapshots],
            "certificate": {"number": w.certificate} if w.certificate and role in CERTIFICATE_READERS else None}


async def mutate(http, w: World, operation: str, token: str | None) -> dict:
    if operation == "photo_upload":
        response = await upload(http, M[operation], {"input": {"determinationId": w.did, "file": None}},
                                {"input.file": ("新照片.png", png_photo(), "image/png")}, token=token)
        assert response.status_code == 200, response.text
        return response.json()
    variables = {
        "update": {"basic": {"performanceSummary": SUMMARY}},
        "set_titles": {"titles": [{**TITLE, "titleName": "工程师"}]},
        "set_qualifications": {"qualifications": [{**QUALIFICATION, "name": "一级建造师"}]},
        "import_records": {"recordIds": [w.extra_record]},
        "remove_records": {"snapshotIds": [w.snapshots[1][0]]},
    }.get(operation, {})
    return await gql(http, M[operation], {"input": {"determinationId": w.did, **variables}}, token=token)


async def assert_went_through(w: World, operation: str, payload: dict) -> None:
    """The person's change, as the payload and the database read afterwards."""
    determination = payload.get("determination")
    if operation == "update":
        assert determination == {"id": w.did, "basic": {"performanceSummary": SUMMARY}}
    elif operation == "set_titles":
        assert determination == {"id": w.did, "titles": [{"titleName": "工程师"}]}
    elif operation == "set_qualifications":
        assert determination == {"id": w.did, "qualifications": [{"name": "一级建造师"}]}
    elif operation == "import_records":
        assert [r["category"] for r in determination["records"]] == ["EDUCATION", "WORK_EXPERIENCE",
                                                                     "CONTINUING_EDUCATION"]
    elif operation == "remove_records":
        assert determination == {"id": w.did, "records": [{"id": w.snapshots[0][0]}]}
    elif operation == "photo_upload":
        assert determination["photo"] == {"name": "新照片.png", "contentType": "image/png"}
    elif operation == "submit":
        assert determination == {"id": w.did, "status": "IN_REVIEW"}
    elif operation == "withdraw":
        assert determination == {"id": w.did, "status": "DRAFT"}
    else:
        assert payload["deletedId"] == w.did and not await Determination.filter(id=w.pk).exists()
        assert not await DeterminationRecord.filter(determination_id=w.pk).exists()


def determination_tasks(nodes: list[dict], stage: str) -> list[dict]:
    return [t for t in nodes if t["processType"] == PROCESS[MODE[stage]]]


def test_the_matrix_has_every_cell():
    per_stage = {stage: sum(1 for c in CELLS if c[0] == stage) for stage in STAGES}
    assert per_stage == {"draft": 126, "employer": 146, "returned": 166, "approved": 186, "accreditation": 46}
    assert len(CELLS) == len(set(CELLS)) == 670


@pytest.mark.parametrize("stage,operation,role", CELLS)
async def test_determination_matrix(http, settings, stage, operation, role):
    async with shared.use(builder(http, settings, stage)) as w:
        token = w.tokens[role]
        sees = role in readers(stage)
        changed = False
        if operation == "node":
            result = await gql(http, NODE, {"id": w.did}, token=token)
            if sees:
                assert result == {"data": {"node": full_view(w, stage, role)}}
            else:
                assert_unseen(result)  # the null a missing ID gets, anonymous too
        elif operation == "node_snapshot":
            sid, category, names = w.snapshots[0]
            result = await gql(http, SNAPSHOT_NODE, {"id": sid}, token=token)
            if sees:
                assert result == {"data": {"node": {"id": sid, "category": category, "attachments": [
                    {"name": n, "contentType": "application/pdf"} for n in names]}}}
            else:
                assert_unseen(result)
        elif operation.startswith("task_node:"):
            unit = operation.split(":")[1]
            task_id, status = w.tasks[unit]
            result = await gql(http, TASK_NODE, {"id": task_id}, token=token)
            if role in (unit, "platform_admin"):  # a task: its unit's admins and platform admins
                assert result == {"data": {"node": {"id": task_id, "processType": PROCESS[MODE[stage]],
                                                    "status": status, "determination": nested_view(w, stage, role)}}}
            else:
                assert_unseen(result)
        elif operation.startswith("box:"):
            unit = operation.split(":")[1]
            task_id, status = w.tasks[unit]
            result = await gql(http, BOX, {"unitId": w.units[unit], "box": BOX_OF[status]}, token=token)
            if role in (unit, "platform_admin"):  # a unit's boxes: its own admins and platform admins
                assert determination_tasks(result["data"]["tasks"]["nodes"], stage) == [
                    {"id": task_id, "processType": PROCESS[MODE[stage]], "nodeKind": NODE_KIND[unit],
                     "status": status, "determination": nested_view(w, stage, role)}]
            else:  # the HR bureaus see the declaration, yet they do not list another unit's boxes
                refuse_non_person(result, role)
        elif operation == "own_boxes":
            result = await gql(http, OWN_BOXES, {"unitId": w.units[role]}, token=token)
            held = {status: w.tasks[unit][0] for unit, status in TASKS_OF[stage] if unit == role}
            for alias, status in (("toClaim", "READY"), ("handled", "COMPLETED")):
                expected = [{"id": held[status], "processType": PROCESS[MODE[stage]],
                             "determination": nested_view(w, stage, role)}] if status in held else []
                assert determination_tasks(result["data"][alias]["nodes"], stage) == expected
        elif operation == "my_determinations":
            result = await gql(http, MINE, token=token)
            if role in PERSONS:
                expected = [{"id": w.did, "status": STATUS[stage]}] if role == "person" else []
                assert result == {"data": {"myDeterminations": {"totalCount": len(expected), "nodes": expected}}}
            else:
                refuse_non_person(result, role)
        else:
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
                    assert codes(errors) == [(refusal, ["determinationId"])]
                    assert result["data"][name].get("determination") is None
            elif role == "other_person":  # someone else's declaration: as if there were none
                assert codes(payload_errors(result, name)) == [("NOT_FOUND", ["determinationId"])]
                assert result["data"][name].get("determination") is None
                assert result["data"][name].get("deletedId") is None
            else:  # only people declare: every admin and anonymous are refused before anything runs
                refuse_non_person(result, role)
        if changed:
            shared.spoil()
        else:
            assert await fingerprint() == shared.built  # nothing changed, not even a file or a job

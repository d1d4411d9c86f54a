"""Who may reach a recognition (异地职称确认) and act on it (models/access/submitted.py through
models/access/recognition.py, models/recognition/create.py own_recognition): one parametrized case per
stage × operation × role, refusals included.

Stages: a draft never submitted; one waiting at the employer; one past the employer (passed by the employer
and the competent department, waiting at the city bureau); one the competent department returned; an
approved one (its certificate and 审核表 rendered); one submitted and withdrawn (a draft again, with a
cancelled task). Roles: the person, another person of the same employer, the admins of the employer, of its
competent department, of the city and the provincial HR bureau, of another employer in the same district (off
the path), of Sichuan's HR bureau, a platform admin, anonymous. Operations: node(id) of the recognition (with
its photo, attachment files, 审核表 and certificate), of an education record and of an attachment; a task's
nested `recognition` through node(id) of the task and through the unit's box in the task centre; every unit's
own boxes; myRecognitions; each mutation. Only the person changes it (and only while it is editable); the
form export follows the view rule (the resolver asks can_view_recognition). A cell that changes nothing
leaves the whole database and Redis as the world was built (``fingerprint``)."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from strawberry import relay

from models.recognition.config import SLOTS
from models.recognition.models import (
    Recognition,
    RecognitionAttachment,
    RecognitionEducation,
)
from models.unit.models import UnitNature
from models.workflow.models import ProcessType, Task
from tests.declaration_support import claim_and_decide
from tests.helpers import (
    assert_forbidden,
    assert_unauthenticated,
    assert_unseen,
    gid,
    gql,
    make_account,
    make_unit,
    payload_errors,
    run_jobs,
    upload,
)
from tests.matrix_support import SharedWorld, fingerprint
from tests.recognition_support import (
    HIGHEST_FIRST,
    PDF,
    REQUIRED_SLOTS,
    WITHDRAW,
    call,
    ready,
    recognition_world,
    submitted,
)
from tests.test_certificate_document import sample_photo

ROLES = ["person", "other_person", "employer", "department", "city_hr", "province_hr", "off_path",
         "other_region_hr", "platform_admin", "anonymous"]
PERSONS = {"person", "other_person"}
UNIT_ROLES = ["employer", "department", "city_hr", "province_hr", "off_path", "other_region_hr"]
STAGES = ["draft", "employer", "city", "returned", "approved", "withdrawn"]
STATUS = {"draft": "DRAFT", "employer": "IN_REVIEW", "city": "IN_REVIEW", "returned": "RETURNED",
          "approved": "APPROVED", "withdrawn": "DRAFT"}
# The recognition's tasks in each stage: (the unit's role, the task's status), oldest first.
TASKS_OF = {
    "draft": [],
    "employer": [("employer", "READY")],
    "city": [("employer", "COMPLETED"), ("department", "COMPLETED"), ("city_hr", "READY")],
    "returned": [("employer", "COMPLETED"), ("department", "COMPLETED")],
    "approved": [("employer", "COMPLETED"), ("department", "COMPLETED"), ("city_hr", "COMPLETED"),
                 ("province_hr", "COMPLETED")],
    "withdrawn": [("employer", "CANCELLED")],
}
NODE_KIND = {"employer": "EMPLOYER", "department": "COMPETENT_DEPARTMENT", "city_hr": "HR_BUREAU_CITY",
             "province_hr": "HR_BUREAU_PROVINCE"}
BOX_OF = {"READY": "TO_CLAIM", "COMPLETED": "HANDLED_BY_UNIT"}  # a cancelled task is in no box
ALWAYS = {"person", "platform_admin"}
HR = {"city_hr", "province_hr"}  # 340100 and 340000 cover the employer's 340102; Sichuan's 510000 does not


def readers(stage: str) -> set[str]:
    """The rule: the person and platform admins; from the first submission on, the units that hold or held a
    task for it (cancelled included) and the HR bureaus covering the employer's region."""
    if stage == "draft":
        return set(ALWAYS)
    return ALWAYS | HR | {unit for unit, _ in TASKS_OF[stage]}


# The approved recognition's certificate is scoped by its own rule (models/access/certificate.py): the holder,
# the issuer (the provincial bureau), HR bureaus of the issuer's or the holder's unit's region, platform admins.
CERTIFICATE_READERS = {"person", "platform_admin", "city_hr", "province_hr"}

EDITING = ["update", "education_save", "education_delete", "attachment_add", "attachment_delete", "photo_upload"]
MUTATIONS = [*EDITING, "submit", "withdraw", "delete", "form_export"]
OPEN = dict.fromkeys(EDITING)  # editable: every change goes through
CLOSED = dict.fromkeys(EDITING, "NOT_EDITABLE")
# The person's own calls: None = it goes through (the world is spoiled), else the refusal code.
PERSON_OUTCOME = {
    "draft": {**OPEN, "submit": None, "withdraw": "NOT_WITHDRAWABLE", "delete": None, "form_export": "NOT_SUBMITTED"},
    "employer": {**CLOSED, "submit": "NOT_EDITABLE", "withdraw": None, "delete": "NOT_EDITABLE", "form_export": None},
    "city": {**CLOSED, "submit": "NOT_EDITABLE", "withdraw": "NOT_WITHDRAWABLE", "delete": "NOT_EDITABLE",
             "form_export": None},
    "returned": {**OPEN, "submit": None, "withdraw": "NOT_WITHDRAWABLE", "delete": "NOT_EDITABLE",
                 "form_export": None},
    "approved": {**CLOSED, "submit": "NOT_EDITABLE", "withdraw": "NOT_WITHDRAWABLE", "delete": "NOT_EDITABLE",
                 "form_export": None},
    "withdrawn": {**OPEN, "submit": None, "withdraw": "NOT_WITHDRAWABLE", "delete": "NOT_EDITABLE",
                  "form_export": None},
}

NODE = """query($id: ID!) { node(id: $id) { ... on Recognition { id status
  photo { name contentType } educations { id fields { school } }
  slots { key attachments { id file { name contentType } } }
  approvalForm { contentType } certificate { number acquisitionMethod } } } }"""
EDUCATION_NODE = """query($id: ID!) { node(id: $id) { ... on RecognitionEducation { id
  fields { school isHighest isFirst } } } }"""
ATTACHMENT_NODE = """query($id: ID!) { node(id: $id) { ... on RecognitionAttachment { id slot
  file { name contentType } } } }"""
NESTED = """recognition { id status photo { contentType } slots { attachments { file { name } } }
  approvalForm { contentType } }"""
TASK_NODE = f"query($id: ID!) {{ node(id: $id) {{ ... on Task {{ id processType status {NESTED} }} }} }}"
BOX = f"""query($unitId: ID!, $box: TaskBox!) {{ tasks(unitId: $unitId, box: $box, first: 50) {{
  totalCount nodes {{ id processType nodeKind status {NESTED} }} }} }}"""
OWN_BOXES = f"""query($unitId: ID!) {{
  toClaim: tasks(unitId: $unitId, box: TO_CLAIM, first: 50) {{ nodes {{ id processType {NESTED} }} }}
  handled: tasks(unitId: $unitId, box: HANDLED_BY_UNIT, first: 50) {{ nodes {{ id processType {NESTED} }} }} }}"""
MINE = "query { myRecognitions(first: 10) { totalCount nodes { id status } } }"
ERRORS = "errors { field code message }"
M_UPDATE = f"""mutation($input: RecognitionUpdateInput!) {{ recognitionUpdate(input: $input) {{ {ERRORS}
  recognition {{ id basic {{ remarks }} }} }} }}"""
M_EDUCATION_SAVE = f"""mutation($input: RecognitionEducationSaveInput!) {{ recognitionEducationSave(input: $input) {{
  {ERRORS} recognition {{ id educations {{ id fields {{ school }} }} }} }} }}"""
M_EDUCATION_DELETE = f"""mutation($input: RecognitionEducationDeleteInput!) {{
  recognitionEducationDelete(input: $input) {{ {ERRORS} recognition {{ id educations {{ id }} }} }} }}"""
M_ATTACH = f"""mutation($input: RecognitionAttachmentAddInput!) {{ recognitionAttachmentAdd(input: $input) {{
  {ERRORS} recognition {{ id slots {{ key attachments {{ id file {{ name }} }} }} }} }} }}"""
M_DETACH = f"""mutation($input: RecognitionAttachmentDeleteInput!) {{ recognitionAttachmentDelete(input: $input) {{
  {ERRORS} recognition {{ id slots {{ key attachments {{ id }} }} }} }} }}"""
M_PHOTO = f"""mutation($input: RecognitionPhotoUploadInput!) {{ recognitionPhotoUpload(input: $input) {{
  {ERRORS} recognition {{ id photo {{ name contentType }} }} }} }}"""
M_SUBMIT = f"""mutation($input: RecognitionActionInput!) {{ recognitionSubmit(input: $input) {{ {ERRORS}
  recognition {{ id status }} }} }}"""
M_WITHDRAW = f"""mutation($input: RecognitionActionInput!) {{ recognitionWithdraw(input: $input) {{ {ERRORS}
  recognition {{ id status }} }} }}"""
M_DELETE = f"""mutation($input: RecognitionActionInput!) {{ recognitionDelete(input: $input) {{ {ERRORS}
  deletedId }} }}"""
M_EXPORT = f"""mutation($input: RecognitionFormExportInput!) {{ recognitionFormExport(input: $input) {{ {ERRORS}
  job {{ kind status }} }} }}"""
FIELD_OF = {"update": "recognitionUpdate", "education_save": "recognitionEducationSave",
            "education_delete": "recognitionEducationDelete", "attachment_add": "recognitionAttachmentAdd",
            "attachment_delete": "recognitionAttachmentDelete", "photo_upload": "recognitionPhotoUpload",
            "submit": "recognitionSubmit", "withdraw": "recognitionWithdraw", "delete": "recognitionDelete",
            "form_export": "recognitionFormExport"}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def operations(stage: str) -> list[str]:
    path_units = [unit for unit, _ in TASKS_OF[stage]]
    boxed = [unit for unit, status in TASKS_OF[stage] if status in BOX_OF]
    return ["node", "node_education", "node_attachment", *(f"task_node:{u}" for u in path_units),
            *(f"box:{u}" for u in boxed), "own_boxes", "my_recognitions", *MUTATIONS]


CELLS = [(stage, operation, role) for stage in STAGES for operation in operations(stage) for role in ROLES
         if not (operation == "own_boxes" and role not in UNIT_ROLES)]


@dataclass
class World:
    tokens: dict  # role → access token (None for anonymous)
    units: dict  # unit role → the global ID of its unit
    rid: str
    pk: int
    education_id: str
    attachment_id: str  # the first ID_CARD file
    slots: list  # [(slot key, [attachment global IDs])] in the form's order
    tasks: dict  # unit role → (task global ID, status)


shared = SharedWorld("stage")


@pytest.fixture(autouse=True)
async def clean(request):
    async for _ in shared.clean(request):
        yield


def builder(http, settings, stage: str):
    async def build() -> World:
        world = await recognition_world()
        off_path = await make_unit("合肥远航建设有限公司", region="340102", nature=UnitNature.STATE_OWNED_ENTERPRISE)
        admin = await make_account("平台管理员", platform_admin=True)
        rid = await (ready if stage == "draft" else submitted)(http, world)
        if stage in ("city", "returned", "approved"):
            await claim_and_decide(http, world.employer)
            await claim_and_decide(http, world.department, **({"decision": "RETURN", "opinion": "请补充调令"}
                                                              if stage == "returned" else {}))
        if stage == "approved":
            await claim_and_decide(http, world.city)
            await claim_and_decide(http, world.province, opinion="同意确认")
            await run_jobs(settings)  # the 审核表 and the certificate's document
        if stage == "withdrawn":
            await call(http, WITHDRAW, {"recognitionId": rid}, world.person.token, "recognitionWithdraw")
        actors = {"employer": world.employer, "department": world.department, "city_hr": world.city,
                  "province_hr": world.province, "off_path": off_path, "other_region_hr": world.other_province}
        tokens = {"person": world.person.token, "other_person": world.other_person.token,
                  "platform_admin": admin.token, "anonymous": None,
                  **{role: actor.token for role, actor in actors.items()}}
        role_of = {actor.unit.id: role for role, actor in actors.items()}
        pk = int(relay.GlobalID.from_id(rid).node_id)
        row = await Recognition.get(id=pk)
        assert row.status == STATUS[stage] and (row.submitted_at is None) == (stage == "draft")
        tasks = await Task.filter(process_type=ProcessType.RECOGNITION, subject_id=pk).order_by("id")
        assert [(role_of[t.unit_id], t.status.value) for t in tasks] == TASKS_OF[stage]
        educations = await RecognitionEducation.filter(recognition_id=pk).values_list("id", flat=True)
        files = await RecognitionAttachment.filter(recognition_id=pk).order_by("id")
        assert len(educations) == 1 and sorted({f.slot for f in files}) == sorted(REQUIRED_SLOTS)
        slots = [(s.key, [gid("RecognitionAttachment", f.id) for f in files if f.slot == s.key]) for s in SLOTS]
        return World(tokens, {role: gid("Unit", actor.unit.id) for role, actor in actors.items()}, rid, pk,
                     gid("RecognitionEducation", educations[0]),
                     gid("RecognitionAttachment", next(f.id for f in files if f.slot == "ID_CARD")), slots,
                     {role_of[t.unit_id]: (gid("Task", t.id), t.status.value) for t in tasks})
    return build


def refuse_non_person(result: dict, role: str) -> None:
    (assert_unauthenticated if role == "anonymous" else assert_forbidden)(result)
    assert result["data"] is None


def codes(errors: list[dict]) -> list[tuple]:
    return [(e["code"], e["field"]) for e in errors]


def full_view(w: World, stage: str, role: str) -> dict:
    """What a reader gets from node(id): the whole recognition with its files."""
    approved = stage == "approved"
    return {"id": w.rid, "status": STATUS[stage], "photo": {"name": "照片.jpg", "contentType": "image/jpeg"},
            "educations": [{"id": w.education_id, "fields": {"school": HIGHEST_FIRST["school"]}}],
            "slots": [{"key": key, "attachments": [{"id": a, "file": {"name": "扫描件.pdf",
                                                                       "contentType": "application/pdf"}}
                                                    for a in ids]} for key, ids in w.slots],
            "approvalForm": {"contentType": DOCX} if approved else None,
            "certificate": ({"number": "32000021000123", "acquisitionMethod": "确认"}
                            if approved and role in CERTIFICATE_READERS else None)}


def nested_view(w: World, stage: str) -> dict:
    """A task's nested recognition, with its files."""
    return {"id": w.rid, "status": STATUS[stage], "photo": {"contentType": "image/jpeg"},
            "slots": [{"attachments": [{"file": {"name": "扫描件.pdf"}} for _ in ids]} for _, ids in w.slots],
            "approvalForm": {"contentType": DOCX} if stage == "approved" else None}


async def mutate(http, w: World, operation: str, token: str | None) -> dict:
    rid = w.rid
    if operation == "attachment_add":
        response = await upload(http, M_ATTACH, {"input": {"recognitionId": rid, "slot": "DIPLOMA", "file": None}},
                                {"input.file": ("毕业证.pdf", PDF, "application/pdf")}, token=token)
        assert response.status_code == 200, response.text
        return response.json()
    if operation == "photo_upload":
        response = await upload(http, M_PHOTO, {"input": {"recognitionId": rid, "file": None}},
                                {"input.file": ("新照片.jpg", sample_photo(300, 420), "image/jpeg")}, token=token)
        assert response.status_code == 200, response.text
        return response.json()
    document, variables = {
        "update": (M_UPDATE, {"basic": {"remarks": "另一备注"}}),
        "education_save": (M_EDUCATION_SAVE, {"educationId": w.education_id,
                                              "data": {**HIGHEST_FIRST, "school": "合肥工业大学"}}),
        "education_delete": (M_EDUCATION_DELETE, {"educationId": w.education_id}),
        "attachment_delete": (M_DETACH, {"attachmentId": w.attachment_id}),
        "submit": (M_SUBMIT, {}), "withdraw": (M_WITHDRAW, {}), "delete": (M_DELETE, {}),
        "form_export": (M_EXPORT, {}),
    }[operation]
    return await gql(http, document, {"input": {"recognitionId": rid, **variables}}, token=token)


async def assert_went_through(w: World, operation: str, payload: dict) -> None:
    """The person's change, as the payload and the database read afterwards."""
    recognition = payload.get("recognition")
    if operation == "update":
        assert recognition == {"id": w.rid, "basic": {"remarks": "另一备注"}}
    elif operation == "education_save":
        assert recognition == {"id": w.rid, "educations": [{"id": w.education_id, "fields": {"school": "合肥工业大学"}}]}
    elif operation == "education_delete":
        assert recognition == {"id": w.rid, "educations": []}
    elif operation == "attachment_add":
        diploma = next(s for s in recognition["slots"] if s["key"] == "DIPLOMA")["attachments"]
        assert [a["file"] for a in diploma] == [{"name": "毕业证.pdf"}]
    elif operation == "attachment_delete":
        ids = [a["id"] for s in recognition["slots"] for a in s["attachments"]]
        assert w.attachment_id not in ids and len(ids) == sum(len(a) for _, a in w.slots) - 1
    elif operation == "photo_upload":
        assert recognition["photo"] == {"name": "新照片.jpg", "contentType": "image/jpeg"}
    elif operation == "submit":
        assert recognition == {"id": w.rid, "status": "IN_REVIEW"}
    elif operation == "withdraw":
        assert recognition == {"id": w.rid, "status": "DRAFT"}
    elif operation == "delete":
        assert payload["deletedId"] == w.rid and not await Recognition.filter(id=w.pk).exists()
    else:
        assert payload["job"] == {"kind": "RECOGNITION_FORM", "status": "PENDING"}


def recognition_tasks(nodes: list[dict]) -> list[dict]:
    return [t for t in nodes if t["processType"] == "RECOGNITION"]


def test_the_matrix_has_every_cell():
    per_stage = {stage: sum(1 for c in CELLS if c[0] == stage) for stage in STAGES}
    assert per_stage == {"draft": 146, "employer": 166, "city": 206, "returned": 186, "approved": 226,
                         "withdrawn": 156}
    assert len(CELLS) == len(set(CELLS)) == 1086


@pytest.mark.parametrize("stage,operation,role", CELLS)
async def test_recognition_matrix(http, settings, stage, operation, role):
    async with shared.use(builder(http, settings, stage)) as w:
        token = w.tokens[role]
        sees = role in readers(stage)
        changed = False
        if operation == "node":
            result = await gql(http, NODE, {"id": w.rid}, token=token)
            if sees:
                assert result == {"data": {"node": full_view(w, stage, role)}}
            else:
                assert_unseen(result)  # the null a missing ID gets, anonymous too
        elif operation == "node_education":
            result = await gql(http, EDUCATION_NODE, {"id": w.education_id}, token=token)
            if sees:
                assert result == {"data": {"node": {"id": w.education_id, "fields": {
                    "school": HIGHEST_FIRST["school"], "isHighest": True, "isFirst": True}}}}
            else:
                assert_unseen(result)
        elif operation == "node_attachment":
            result = await gql(http, ATTACHMENT_NODE, {"id": w.attachment_id}, token=token)
            if sees:
                assert result == {"data": {"node": {"id": w.attachment_id, "slot": "ID_CARD", "file": {
                    "name": "扫描件.pdf", "contentType": "application/pdf"}}}}
            else:
                assert_unseen(result)
        elif operation.startswith("task_node:"):
            unit = operation.split(":")[1]
            task_id, status = w.tasks[unit]
            result = await gql(http, TASK_NODE, {"id": task_id}, token=token)
            if role in (unit, "platform_admin"):  # a task: its unit's admins and platform admins
                assert result == {"data": {"node": {"id": task_id, "processType": "RECOGNITION", "status": status,
                                                    "recognition": nested_view(w, stage)}}}
            else:
                assert_unseen(result)
        elif operation.startswith("box:"):
            unit = operation.split(":")[1]
            task_id, status = w.tasks[unit]
            result = await gql(http, BOX, {"unitId": w.units[unit], "box": BOX_OF[status]}, token=token)
            if role in (unit, "platform_admin"):  # a unit's boxes: its own admins and platform admins
                assert recognition_tasks(result["data"]["tasks"]["nodes"]) == [
                    {"id": task_id, "processType": "RECOGNITION", "nodeKind": NODE_KIND[unit], "status": status,
                     "recognition": nested_view(w, stage)}]
            else:  # the HR bureaus see the recognition, yet they do not list another unit's boxes
                refuse_non_person(result, role)
        elif operation == "own_boxes":
            result = await gql(http, OWN_BOXES, {"unitId": w.units[role]}, token=token)
            held = {status: w.tasks[unit][0] for unit, status in TASKS_OF[stage] if unit == role}
            for alias, status in (("toClaim", "READY"), ("handled", "COMPLETED")):
                expected = [{"id": held[status], "processType": "RECOGNITION", "recognition": nested_view(w, stage)}
                            ] if status in held else []
                assert recognition_tasks(result["data"][alias]["nodes"]) == expected
        elif operation == "my_recognitions":
            result = await gql(http, MINE, token=token)
            if role in PERSONS:
                expected = [{"id": w.rid, "status": STATUS[stage]}] if role == "person" else []
                assert result == {"data": {"myRecognitions": {"totalCount": len(expected), "nodes": expected}}}
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
                    assert codes(errors) == [(refusal, ["recognitionId"])]
                    assert result["data"][name].get("recognition") is None
            elif operation == "form_export" and sees:  # the export follows the view rule
                errors = payload_errors(result, name)
                if stage == "draft":
                    assert codes(errors) == [("NOT_SUBMITTED", ["recognitionId"])]
                    assert result["data"][name]["job"] is None
                else:
                    assert errors == []
                    await assert_went_through(w, operation, result["data"][name])
                    changed = True
            elif operation == "form_export":
                refuse_non_person(result, role)
            elif role == "other_person":  # someone else's recognition: as if there were none
                assert codes(payload_errors(result, name)) == [("NOT_FOUND", ["recognitionId"])]
                assert result["data"][name].get("recognition") is None
                assert result["data"][name].get("deletedId") is None
            else:  # only people have recognitions: every admin and anonymous are refused before anything runs
                refuse_non_person(result, role)
        if changed:
            shared.spoil()
        else:
            assert await fingerprint() == shared.built  # nothing changed, not even a file or a job

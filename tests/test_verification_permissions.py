"""Who may reach a certificate verification request (证书核验) and act on it (models/access/submitted.py through
models/access/verification_request.py, models/verification_request/create.py own_request): one parametrized
case per stage × operation × role, refusals included.

Stages: a draft never submitted; one in review at the committee's organizer; one the organizer returned; an
approved one (its verified certificate, whose document is the scan). Roles: the person, another person of the
same employer, the employer's admin, the admin of the committee's organizer, the admin of another committee's
organizer, the provincial HR bureau (above the employer's 340102), Sichuan's HR bureau, a platform admin,
anonymous. Operations: node(id) of the request (with its scans' files and the nested certificate and its
document) and of a scan; node(id) of the organizer's task and the organizer's box in the task centre, each with
the nested `verificationRequest`; every unit's own boxes; myVerificationRequests; every mutation. Only the person
changes it, and only while the stage allows: of the person's calls that go through, one per stage is a cell
(draft: delete, in review: withdraw, returned: submit — the others are tests/test_verification_inputs.py's
control); every refusal is a cell. A cell that changes nothing leaves the whole database and Redis as the world
was built (SharedWorld's fingerprint), so the world is built once per stage and rebuilt only after those three."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from strawberry import relay

from models.verification_request.models import (
    VerificationAttachment,
    VerificationRequest,
)
from models.workflow.models import ProcessType, Task
from tests.declaration_support import claim_and_decide
from tests.helpers import (
    assert_forbidden,
    assert_unauthenticated,
    assert_unseen,
    gid,
    gql,
    make_account,
    upload,
)
from tests.matrix_support import SharedWorld
from tests.plan_support import hr_bureau, make_committee, organizer
from tests.verification_support import (
    PDF,
    attach,
    create,
    submitted,
    verification_world,
)

ROLES = ["person", "other_person", "employer", "organizer", "other_organizer", "province_hr", "other_region_hr",
         "platform_admin", "anonymous"]
PERSONS = {"person", "other_person"}
UNIT_ROLES = ["employer", "organizer", "other_organizer", "province_hr", "other_region_hr"]
STAGES = ["draft", "in_review", "returned", "approved"]
STATUS = {"draft": "DRAFT", "in_review": "IN_REVIEW", "returned": "RETURNED", "approved": "APPROVED"}
TASK_STATUS = {"in_review": "READY", "returned": "COMPLETED", "approved": "COMPLETED"}  # the organizer's one task
BOX_OF = {"draft": "TO_CLAIM", "in_review": "TO_CLAIM", "returned": "HANDLED_BY_UNIT", "approved": "HANDLED_BY_UNIT"}
ALWAYS = {"person", "platform_admin"}


def readers(stage: str) -> set[str]:
    """The rule: the person and platform admins; from the first submission on, the units that hold or held a
    task for it (the organizer) and the HR bureaus covering the employer's region (the province). Not the
    employer: it is on no task of the path."""
    return set(ALWAYS) if stage == "draft" else ALWAYS | {"organizer", "province_hr"}


# The verified certificate is scoped by its own rule (models/access/certificate.py): the holder, HR bureaus of
# the holder's unit's region, platform admins — it has no issuer, so the organizer that verified it is not among
# them.
CERTIFICATE_READERS = {"person", "platform_admin", "province_hr"}

MUTATIONS = ["create", "update", "attachment_add", "attachment_delete", "submit", "withdraw", "delete"]
EDITING = ["update", "attachment_add", "attachment_delete"]
# The person's own calls: None = it goes through, else the refusal code. Create asks for the request's own
# number again: a second open request (or, once approved, a certificate of the platform) for it is refused.
PERSON_OUTCOME = {
    "draft": {"create": "NUMBER_EXISTS", **dict.fromkeys(EDITING), "submit": None, "withdraw": "NOT_WITHDRAWABLE",
              "delete": None},
    "in_review": {"create": "NUMBER_EXISTS", **dict.fromkeys(EDITING, "NOT_EDITABLE"), "submit": "NOT_EDITABLE",
                  "withdraw": None, "delete": "NOT_EDITABLE"},
    "returned": {"create": "NUMBER_EXISTS", **dict.fromkeys(EDITING), "submit": None, "withdraw": "NOT_WITHDRAWABLE",
                 "delete": "NOT_EDITABLE"},
    "approved": {"create": "NUMBER_EXISTS", **dict.fromkeys(EDITING, "NOT_EDITABLE"), "submit": "NOT_EDITABLE",
                 "withdraw": "NOT_WITHDRAWABLE", "delete": "NOT_EDITABLE"},
}
REPRESENTATIVE = {"draft": "delete", "in_review": "withdraw", "returned": "submit"}  # the person's cell that goes through
assert all(PERSON_OUTCOME[stage][op] is None for stage, op in REPRESENTATIVE.items())

FILE = "file { name contentType }"
CERTIFICATE = "certificate { number acquisitionMethod document { name contentType } }"
VIEW = f"id status number slots {{ key attachments {{ id {FILE} }} }} {CERTIFICATE}"
NODE = f"query($id: ID!) {{ node(id: $id) {{ ... on VerificationRequest {{ {VIEW} }} }} }}"
ATTACHMENT_NODE = f"query($id: ID!) {{ node(id: $id) {{ ... on VerificationAttachment {{ id slot {FILE} }} }} }}"
NESTED = f"verificationRequest {{ {VIEW} }}"
TASK_NODE = f"query($id: ID!) {{ node(id: $id) {{ ... on Task {{ id processType status {NESTED} }} }} }}"
BOX = f"""query($unitId: ID!, $box: TaskBox!) {{ tasks(unitId: $unitId, box: $box, first: 50) {{
  totalCount nodes {{ id processType nodeKind status {NESTED} }} }} }}"""
OWN_BOXES = """query($unitId: ID!) {
  toClaim: tasks(unitId: $unitId, box: TO_CLAIM, first: 50) { nodes { id processType verificationRequest { id } } }
  handled: tasks(unitId: $unitId, box: HANDLED_BY_UNIT, first: 50) { nodes { id processType
    verificationRequest { id } } } }"""
MINE = "query { myVerificationRequests(first: 10) { totalCount nodes { id status } } }"
ERRORS = "errors { field code message }"
RESULT = "request { id status slots { key attachments { id } } }"
M_CREATE = f"""mutation($input: VerificationRequestCreateInput!) {{ verificationRequestCreate(input: $input) {{
  {ERRORS} {RESULT} }} }}"""
M_UPDATE = f"""mutation($input: VerificationRequestUpdateInput!) {{ verificationRequestUpdate(input: $input) {{
  {ERRORS} request {{ id unitName }} }} }}"""
M_ATTACH = f"""mutation($input: VerificationAttachmentAddInput!) {{ verificationRequestAttachmentAdd(input: $input) {{
  {ERRORS} {RESULT} }} }}"""
M_DETACH = f"""mutation($input: VerificationAttachmentDeleteInput!) {{
  verificationRequestAttachmentDelete(input: $input) {{ {ERRORS} {RESULT} }} }}"""
M_SUBMIT = f"""mutation($input: VerificationRequestActionInput!) {{ verificationRequestSubmit(input: $input) {{
  {ERRORS} {RESULT} }} }}"""
M_WITHDRAW = f"""mutation($input: VerificationRequestActionInput!) {{ verificationRequestWithdraw(input: $input) {{
  {ERRORS} {RESULT} }} }}"""
M_DELETE = f"""mutation($input: VerificationRequestActionInput!) {{ verificationRequestDelete(input: $input) {{
  {ERRORS} deletedId }} }}"""
FIELD_OF = {"create": "verificationRequestCreate", "update": "verificationRequestUpdate",
            "attachment_add": "verificationRequestAttachmentAdd",
            "attachment_delete": "verificationRequestAttachmentDelete", "submit": "verificationRequestSubmit",
            "withdraw": "verificationRequestWithdraw", "delete": "verificationRequestDelete"}
SCAN = {"name": "证书.pdf", "contentType": "application/pdf"}


def operations(stage: str) -> list[str]:
    return ["node", "node_attachment", *(["task_node"] if stage in TASK_STATUS else []), "box", "own_boxes",
            "my_requests", *MUTATIONS]


def wanted(stage: str, operation: str, role: str) -> bool:
    if operation == "own_boxes":
        return role in UNIT_ROLES
    if role == "person" and operation in MUTATIONS and PERSON_OUTCOME[stage][operation] is None:
        return REPRESENTATIVE.get(stage) == operation
    return True


CELLS = [(stage, operation, role) for stage in STAGES for operation in operations(stage) for role in ROLES
         if wanted(stage, operation, role)]


@dataclass
class World:
    tokens: dict  # role → access token (None for anonymous)
    units: dict  # unit role → the global ID of its unit
    certificate: dict  # the VerificationCertificateInput the request was created with
    rid: str
    pk: int
    attachment_id: str  # the scan of the certificate
    task_id: str | None  # the organizer's task


shared = SharedWorld("stage")


@pytest.fixture(autouse=True)
async def clean(request):
    async for _ in shared.clean(request):
        yield


def builder(http, stage: str):
    async def build() -> World:
        world = await verification_world()
        other_org = await organizer("340000", "安徽省卫生系列高评委组建单位")
        await make_committee(world.province.unit, name="安徽省卫生系列高级评审委员会", series_code="HEALTH",
                             organizers=(other_org.unit,))
        other_region = await hr_bureau("510000")
        admin = await make_account("平台管理员", platform_admin=True)
        if stage == "draft":
            rid = (await create(http, world))["id"]
            await attach(http, world.person.token, rid)
        else:
            rid = await submitted(http, world)
        if stage == "returned":
            await claim_and_decide(http, world.organizer, decision="RETURN", opinion="请上传评审表")
        if stage == "approved":
            await claim_and_decide(http, world.organizer, opinion="经核对档案，情况属实")
        actors = {"employer": world.employer, "organizer": world.organizer, "other_organizer": other_org,
                  "province_hr": world.province, "other_region_hr": other_region}
        tokens = {"person": world.person.token, "other_person": world.other_person.token,
                  "platform_admin": admin.token, "anonymous": None,
                  **{role: actor.token for role, actor in actors.items()}}
        pk = int(relay.GlobalID.from_id(rid).node_id)
        row = await VerificationRequest.get(id=pk)
        assert row.status == STATUS[stage] and (row.submitted_at is None) == (stage == "draft")
        assert (row.certificate_id is not None) == (stage == "approved")
        tasks = await Task.filter(process_type=ProcessType.CERTIFICATE_VERIFICATION, subject_id=pk)
        assert [(t.unit_id, t.status.value) for t in tasks] == (
            [(world.organizer.unit.id, TASK_STATUS[stage])] if stage in TASK_STATUS else [])
        scans = await VerificationAttachment.filter(request_id=pk)
        assert [s.slot for s in scans] == ["CERTIFICATE"]
        return World(tokens, {role: gid("Unit", actor.unit.id) for role, actor in actors.items()},
                     world.certificate, rid, pk, gid("VerificationAttachment", scans[0].id),
                     gid("Task", tasks[0].id) if tasks else None)
    return build


def refuse_non_person(result: dict, role: str) -> None:
    (assert_unauthenticated if role == "anonymous" else assert_forbidden)(result)
    assert result["data"] is None


def view(w: World, stage: str, role: str) -> dict:
    """What a reader gets: the request, its scan's file, the verified certificate with the scan as its document."""
    certificate = ({"number": w.certificate["number"], "acquisitionMethod": "评审", "document": SCAN}
                   if stage == "approved" and role in CERTIFICATE_READERS else None)
    return {"id": w.rid, "status": STATUS[stage], "number": w.certificate["number"],
            "slots": [{"key": key, "attachments": [{"id": w.attachment_id, "file": SCAN}] if key == "CERTIFICATE"
                       else []} for key in ("CERTIFICATE", "APPOINTMENT", "SOCIAL_SECURITY", "OTHER")],
            "certificate": certificate}


async def mutate(http, w: World, operation: str, token: str | None) -> dict:
    if operation == "attachment_add":
        response = await upload(http, M_ATTACH, {"input": {"requestId": w.rid, "slot": "APPOINTMENT", "file": None}},
                                {"input.file": ("评审表.pdf", PDF + b"a", "application/pdf")}, token=token)
        assert response.status_code == 200, response.text
        return response.json()
    document, variables = {
        "create": (M_CREATE, {"certificate": w.certificate}),
        "update": (M_UPDATE, {"requestId": w.rid, "certificate": {**w.certificate, "unitName": "合肥宏达建设集团"}}),
        "attachment_delete": (M_DETACH, {"requestId": w.rid, "attachmentId": w.attachment_id}),
        "submit": (M_SUBMIT, {"requestId": w.rid}), "withdraw": (M_WITHDRAW, {"requestId": w.rid}),
        "delete": (M_DELETE, {"requestId": w.rid}),
    }[operation]
    return await gql(http, document, {"input": variables}, token=token)


def refusal(result: dict, name: str) -> list[str]:
    """A payload refusal's codes (their messages Chinese), nothing returned with them."""
    assert "errors" not in result, result
    body = result["data"][name]
    assert body.get("request") is None and body.get("deletedId") is None, result
    assert all(e["message"] and not e["message"].isascii() for e in body["errors"]), result
    return [e["code"] for e in body["errors"]]


async def assert_went_through(w: World, operation: str, body: dict) -> None:
    assert body["errors"] == [], body
    if operation == "delete":
        assert body["deletedId"] == w.rid and not await VerificationRequest.filter(id=w.pk).exists()
    else:
        assert body["request"]["id"] == w.rid and body["request"]["status"] == {"withdraw": "DRAFT",
                                                                                "submit": "IN_REVIEW"}[operation]


def verification_tasks(nodes: list[dict]) -> list[dict]:
    return [t for t in nodes if t["processType"] == "CERTIFICATE_VERIFICATION"]


def test_the_matrix_has_every_cell():
    per_stage = {stage: sum(1 for c in CELLS if c[0] == stage) for stage in STAGES}
    assert per_stage == {"draft": 100, "in_review": 113, "returned": 110, "approved": 113}
    assert len(CELLS) == len(set(CELLS)) == 436


@pytest.mark.parametrize("stage,operation,role", CELLS)
async def test_verification_matrix(http, stage, operation, role):
    changed = False
    async with shared.use(builder(http, stage)) as w:
        token = w.tokens[role]
        sees = role in readers(stage)
        if operation == "node":
            result = await gql(http, NODE, {"id": w.rid}, token=token)
            if sees:
                assert result == {"data": {"node": view(w, stage, role)}}
            else:
                assert_unseen(result)  # the null a missing ID gets, anonymous too
        elif operation == "node_attachment":
            result = await gql(http, ATTACHMENT_NODE, {"id": w.attachment_id}, token=token)
            if sees:
                assert result == {"data": {"node": {"id": w.attachment_id, "slot": "CERTIFICATE", "file": SCAN}}}
            else:
                assert_unseen(result)
        elif operation == "task_node":
            result = await gql(http, TASK_NODE, {"id": w.task_id}, token=token)
            if role in ("organizer", "platform_admin"):  # a task: its unit's admins and platform admins
                assert result == {"data": {"node": {"id": w.task_id, "processType": "CERTIFICATE_VERIFICATION",
                                                    "status": TASK_STATUS[stage],
                                                    "verificationRequest": view(w, stage, role)}}}
            else:
                assert_unseen(result)
        elif operation == "box":
            result = await gql(http, BOX, {"unitId": w.units["organizer"], "box": BOX_OF[stage]}, token=token)
            if role in ("organizer", "platform_admin"):  # a unit's boxes: its own admins and platform admins
                expected = [{"id": w.task_id, "processType": "CERTIFICATE_VERIFICATION", "nodeKind": "ORGANIZER",
                             "status": TASK_STATUS[stage], "verificationRequest": view(w, stage, role)}
                            ] if stage in TASK_STATUS else []
                assert verification_tasks(result["data"]["tasks"]["nodes"]) == expected
            else:  # the province sees the request, yet it does not list another unit's boxes
                refuse_non_person(result, role)
        elif operation == "own_boxes":
            result = await gql(http, OWN_BOXES, {"unitId": w.units[role]}, token=token)
            held = TASK_STATUS.get(stage) if role == "organizer" else None
            for alias, status in (("toClaim", "READY"), ("handled", "COMPLETED")):
                expected = [{"id": w.task_id, "processType": "CERTIFICATE_VERIFICATION",
                             "verificationRequest": {"id": w.rid}}] if held == status else []
                assert verification_tasks(result["data"][alias]["nodes"]) == expected
        elif operation == "my_requests":
            result = await gql(http, MINE, token=token)
            if role in PERSONS:
                expected = [{"id": w.rid, "status": STATUS[stage]}] if role == "person" else []
                assert result == {"data": {"myVerificationRequests": {"totalCount": len(expected),
                                                                       "nodes": expected}}}
            else:
                refuse_non_person(result, role)
        else:
            result = await mutate(http, w, operation, token)
            name = FIELD_OF[operation]
            if role == "person":
                code = PERSON_OUTCOME[stage][operation]
                if code is None:
                    assert "errors" not in result, result
                    await assert_went_through(w, operation, result["data"][name])
                    changed = True
                else:
                    assert refusal(result, name) == [code]
            elif role == "other_person":  # someone else's request: as if there were none; its number is taken
                assert refusal(result, name) == ["NUMBER_EXISTS" if operation == "create" else "NOT_FOUND"]
            else:  # only people have requests: every admin and anonymous are refused before anything runs
                refuse_non_person(result, role)
        if changed:
            shared.spoil()
    if not changed:
        assert shared.fit  # the database and Redis read as the world was built: nothing changed, not even a file

"""Who may reach a reissue (补换证) and act on it (models/access/reissue.py, models/reissue/create.py
own_reissue): one parametrized case per state × operation × role, refusals included, through node(id), a
task's nested `reissue`, myReissues, the person's mutations, taskClaim and reissueCreate. Two states: a draft
never submitted (with its evidence and pledge) and one submitted, waiting at the employer. A refused cell
changes nothing: the shared world's fingerprint is checked after every cell, and the reissue row and its
task are compared with what they were."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from strawberry import relay

from models.reissue.models import Reissue
from models.workflow.models import ProcessType, Task
from tests.declaration_support import CLAIM
from tests.helpers import (
    assert_forbidden,
    assert_unauthenticated,
    assert_unseen,
    gid,
    gql,
    make_account,
    payload_errors,
)
from tests.matrix_support import SharedWorld
from tests.reissue_support import (
    CREATE,
    DELETE,
    MINE,
    NODE,
    PDF,
    SUBMIT,
    TASKS,
    UPDATE,
    WITHDRAW,
    put_file,
    ready,
    reissue_world,
    submitted,
)

ROLES = ["holder", "other_holder", "employer", "city_hr", "issuer", "other_organizer", "other_province_hr",
         "platform_admin", "anonymous"]
PERSONS = {"holder", "other_holder"}
UNIT_ROLES = {"employer", "city_hr", "issuer", "other_organizer", "other_province_hr"}
# node(id): the person and platform admins always; after submission the unit holding the task and the HR
# bureaus covering the employer's region (340102: the city's and the province's bureau, which is the issuer).
NODE_READERS = {"draft": {"holder", "platform_admin"},
                "submitted": {"holder", "platform_admin", "employer", "city_hr", "issuer"}}
# The task centre lists a unit's tasks to its own admins and to platform admins only.
EMPLOYER_BOX_READERS = {"employer", "platform_admin"}
MUTATIONS = ["update", "submit", "withdraw", "delete", "upload"]
# The owner's own calls, for contrast: None = it goes through (the world is spoiled), else the refusal code.
OWNER_OUTCOME = {
    "draft": {"update": None, "submit": None, "withdraw": "NOT_WITHDRAWABLE", "delete": None, "upload": None},
    "submitted": {"update": "NOT_EDITABLE", "submit": "NOT_EDITABLE", "withdraw": None, "delete": "NOT_EDITABLE",
                  "upload": "NOT_EDITABLE"},
}
OPERATIONS = ["node", "tasks_employer", "tasks_own", "my_reissues", *MUTATIONS, "task_claim", "create_foreign"]
CELLS = [(state, operation, role) for state in ("draft", "submitted") for operation in OPERATIONS for role in ROLES
         if not (operation == "task_claim" and state == "draft")  # a draft has no task
         and not (operation == "tasks_own" and role not in UNIT_ROLES - {"employer"})]


@dataclass
class World:
    tokens: dict
    units: dict  # role → the global ID of the unit it administers
    reissue_id: str
    pk: int
    task_id: str | None  # the employer's task, once submitted
    foreign_certificate: dict  # role → the global ID of a certificate that is not theirs


shared = SharedWorld("state")


@pytest.fixture(autouse=True)
async def clean(request):
    async for _ in shared.clean(request):
        yield


def builder(http, state: str):
    async def build() -> World:
        world = await reissue_world()
        scene = world.scene
        reissue_id = await (submitted if state == "submitted" else ready)(http, world)
        pk = int(relay.GlobalID.from_id(reissue_id).node_id)
        task = await Task.get_or_none(process_type=ProcessType.REISSUE, subject_id=pk)
        assert (task is not None) == (state == "submitted")
        admin = await make_account("平台管理员", platform_admin=True)
        actors = {"employer": scene.employer, "city_hr": scene.city, "issuer": scene.province,
                  "other_organizer": scene.other_organizer, "other_province_hr": scene.other_province}
        tokens = {"holder": world.holder, "other_holder": world.other_holder, "platform_admin": admin.token,
                  "anonymous": None, **{role: actor.token for role, actor in actors.items()}}
        certs = [gid("Certificate", c.id) for c in world.certificates]
        return World(tokens, {role: gid("Unit", actor.unit.id) for role, actor in actors.items()}, reissue_id, pk,
                     gid("Task", task.id) if task else None,
                     {role: certs[0] if role == "other_holder" else certs[1] for role in ROLES})
    return build


async def snapshot(pk: int) -> tuple:
    """The reissue row and its tasks, as they read now."""
    rows = await Reissue.filter(id=pk).values()
    tasks = await Task.filter(process_type=ProcessType.REISSUE, subject_id=pk).order_by("id").values()
    return rows, tasks


def refuse_non_person(result: dict, role: str) -> None:
    (assert_unauthenticated if role == "anonymous" else assert_forbidden)(result)


def codes(errors: list[dict]) -> list[tuple]:
    return [(e["code"], e["field"]) for e in errors]


async def mutate(http, w: World, operation: str, token: str | None) -> tuple[dict, str]:
    action = {"input": {"reissueId": w.reissue_id}}
    if operation == "update":
        return await gql(http, UPDATE, {"input": {"reissueId": w.reissue_id, "reason": "另一事由"}},
                         token=token), "reissueUpdate"
    if operation == "upload":
        return await put_file(http, token, w.reissue_id, "EVIDENCE", "另一声明.pdf", PDF,
                              "application/pdf"), "reissueFileUpload"
    document, name = {"submit": (SUBMIT, "reissueSubmit"), "withdraw": (WITHDRAW, "reissueWithdraw"),
                      "delete": (DELETE, "reissueDelete")}[operation]
    return await gql(http, document, action, token=token), name


def reissue_tasks(result: dict) -> list[dict]:
    return [t for t in result["data"]["tasks"]["nodes"] if t["processType"] == "REISSUE"]


@pytest.mark.parametrize("state,operation,role", CELLS)
async def test_reissue_matrix(http, state, operation, role):
    async with shared.use(builder(http, state)) as w:
        token = w.tokens[role]
        before = await snapshot(w.pk)
        changed = False
        if operation == "node":
            result = await gql(http, NODE, {"id": w.reissue_id}, token=token)
            if role in NODE_READERS[state]:
                node = result["data"]["node"]
                assert node["id"] == w.reissue_id
                assert node["status"] == ("IN_REVIEW" if state == "submitted" else "DRAFT")
                assert node["evidence"]["name"] and node["pledge"]["name"]  # the files go with it
            else:
                assert_unseen(result)  # the null a missing ID gets, anonymous too
        elif operation in ("tasks_employer", "tasks_own"):
            unit = w.units["employer" if operation == "tasks_employer" else role]
            result = await gql(http, TASKS, {"unitId": unit, "box": "TO_CLAIM"}, token=token)
            if operation == "tasks_own":  # another unit's own box: never this reissue's task
                assert reissue_tasks(result) == []
            elif role == "anonymous":
                assert_unauthenticated(result)
            elif role in EMPLOYER_BOX_READERS:
                seen = reissue_tasks(result)
                if state == "submitted":
                    assert [(t["id"], t["nodeKind"], t["reissue"]["id"]) for t in seen] == [
                        (w.task_id, "EMPLOYER", w.reissue_id)]
                else:
                    assert seen == []
            else:  # the city bureau covers the employer's region, yet it does not list the employer's box
                assert_forbidden(result)
                assert result["data"] is None
        elif operation == "my_reissues":
            result = await gql(http, MINE, token=token)
            if role in PERSONS:
                mine = result["data"]["myReissues"]
                expected = [w.reissue_id] if role == "holder" else []
                assert [n["id"] for n in mine["nodes"]] == expected and mine["totalCount"] == len(expected)
            else:
                refuse_non_person(result, role)
        elif operation in MUTATIONS:
            result, name = await mutate(http, w, operation, token)
            if role == "holder":
                refusal = OWNER_OUTCOME[state][operation]
                errors = payload_errors(result, name)
                if refusal is None:
                    assert errors == []
                    changed = True
                else:
                    assert codes(errors) == [(refusal, ["reissueId"])]
            elif role == "other_holder":  # someone else's reissue: as if there were none
                assert codes(payload_errors(result, name)) == [("NOT_FOUND", ["reissueId"])]
                assert result["data"][name].get("reissue") is None and result["data"][name].get("deletedId") is None
            else:
                refuse_non_person(result, role)
                assert result["data"] is None
        elif operation == "task_claim":
            result = await gql(http, CLAIM, {"input": {"taskId": w.task_id}}, token=token)
            if role == "employer":
                assert payload_errors(result, "taskClaim") == []
                assert result["data"]["taskClaim"]["task"]["status"] == "CLAIMED"
                changed = True
            elif role == "anonymous":
                assert_unauthenticated(result)
            else:  # platform admins look on, they do not review; other units may not claim
                assert_forbidden(result)
                assert result["errors"][0]["message"] == "只能领取本单位的任务"
        else:  # create_foreign: a reissue of a certificate that is not theirs
            count = await Reissue.all().count()
            result = await gql(http, CREATE, {"input": {"certificateId": w.foreign_certificate[role],
                                                        "reason": "证书丢失"}}, token=token)
            if role in PERSONS:  # other_holder's try is on the holder's certificate, which has one open: no hint
                assert codes(payload_errors(result, "reissueCreate")) == [("NOT_OWN_CERTIFICATE", ["certificateId"])]
                assert result["data"]["reissueCreate"]["reissue"] is None
            else:
                refuse_non_person(result, role)
            assert await Reissue.all().count() == count
        if changed:
            shared.spoil()
        else:
            assert await snapshot(w.pk) == before

"""Who may reach a reissue (补换证) and act on it (models/access/reissue.py, models/reissue/create.py
own_reissue): one parametrized case per state × operation × role, refusals included, through node(id), a
task's nested `reissue` in each box that holds one, myReissues, the person's mutations, taskClaim and
reissueCreate. Six states on the path employer → city bureau → issuer (the province's bureau): a draft never
submitted (with its evidence and pledge), one waiting at the employer, one past it (waiting at the city
bureau, the employer's task COMPLETED), one RETURNED by the city bureau, one TERMINATED by the issuer and one
APPROVED (the new YB certificate issued, the old one REPLACED). `node` also reads the nested `certificate` and
`newCertificate`, which follow the certificate's own rule (models/access/certificate.py), not the reissue's.
A refused cell changes nothing: the shared world's fingerprint is checked after every cell, and the reissue
row and its tasks are compared with what they were."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from strawberry import relay

from models.certificate.models import Certificate, CertificateStatus
from models.reissue.models import Reissue
from models.workflow.models import ProcessType, Task
from tests.declaration_support import CLAIM, claim_and_decide
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
STATES = ["draft", "submitted", "at_city", "returned", "terminated", "approved"]
STATUS = {"draft": "DRAFT", "submitted": "IN_REVIEW", "at_city": "IN_REVIEW", "returned": "RETURNED",
          "terminated": "TERMINATED", "approved": "APPROVED"}
# The review decisions after submission that make each state: (the deciding unit's role, decision, opinion).
DECISIONS = {
    "draft": None, "submitted": [], "at_city": [("employer", "PASS", "同意")],
    "returned": [("employer", "PASS", "同意"), ("city_hr", "RETURN", "佐证材料不清晰")],
    "terminated": [("employer", "PASS", "同意"), ("city_hr", "PASS", "同意"), ("issuer", "TERMINATE", "不予换发")],
    "approved": [("employer", "PASS", "同意"), ("city_hr", "PASS", "同意"), ("issuer", "PASS", "同意换发")],
}
NODE_KINDS = {"employer": "EMPLOYER", "city_hr": "HR_BUREAU_CITY", "issuer": "ISSUER"}
# The units that hold or held a task in each state: role → (the box it is in, its status).
DONE = ("HANDLED_BY_UNIT", "COMPLETED")
HOLDERS = {"draft": {}, "submitted": {"employer": ("TO_CLAIM", "READY")},
           "at_city": {"employer": DONE, "city_hr": ("TO_CLAIM", "READY")},
           "returned": {"employer": DONE, "city_hr": DONE},
           "terminated": {"employer": DONE, "city_hr": DONE, "issuer": DONE},
           "approved": {"employer": DONE, "city_hr": DONE, "issuer": DONE}}
# node(id): the person and platform admins always; from submission on the units that hold or held a task and
# the HR bureaus covering the employer's region (340102: the city's and the province's bureau, which is the
# issuer). So the employer, once past, still reads it; other units and other provinces never do.
SUBMITTED_READERS = {"holder", "platform_admin", "employer", "city_hr", "issuer"}
NODE_READERS = {state: {"holder", "platform_admin"} if state == "draft" else SUBMITTED_READERS for state in STATES}
# `certificate` / `newCertificate` (models/access/certificate.py can_view_certificate): the holder, the issuer's
# admins, HR bureaus of the issuer's region (340000) or of the holder's unit at issue (340102, kept on the new
# one), platform admins. Not the employer: it reads the reissue (its `original`), not the certificate row.
CERTIFICATE_READERS = {"holder", "platform_admin", "city_hr", "issuer"}
MUTATIONS = ["update", "submit", "withdraw", "delete", "upload"]
# The owner's own calls, for contrast: None = it goes through (the world is spoiled), else the refusal code.
CLOSED = {"update": "NOT_EDITABLE", "submit": "NOT_EDITABLE", "withdraw": "NOT_WITHDRAWABLE",
          "delete": "NOT_EDITABLE", "upload": "NOT_EDITABLE"}
OWNER_OUTCOME = {
    "draft": {"update": None, "submit": None, "withdraw": "NOT_WITHDRAWABLE", "delete": None, "upload": None},
    "submitted": {**CLOSED, "withdraw": None},
    "at_city": CLOSED,  # the employer has decided: no withdrawal
    # Editable and submittable again; not withdrawn (not in review) nor deleted (it has a review history).
    "returned": {"update": None, "submit": None, "withdraw": "NOT_WITHDRAWABLE", "delete": "NOT_EDITABLE",
                 "upload": None},
    "terminated": CLOSED,
    "approved": CLOSED,
}


def operations(state: str) -> list[str]:
    boxes = [f"tasks_{role}" for role in ("city_hr", "issuer") if role in HOLDERS[state]]
    claim = [] if state == "draft" else ["task_claim"]  # a draft has no task
    return ["node", "tasks_employer", *boxes, "tasks_own", "my_reissues", *MUTATIONS, *claim, "create_foreign"]


def own_box_roles(state: str) -> set[str]:
    """The units whose own boxes never hold this reissue's task in ``state`` (the employer's box is a row)."""
    return UNIT_ROLES - {"employer"} - set(HOLDERS[state])


CELLS = [(state, operation, role) for state in STATES for operation in operations(state) for role in ROLES
         if not (operation == "tasks_own" and role not in own_box_roles(state))]


@dataclass
class World:
    tokens: dict
    units: dict  # role → the global ID of the unit it administers
    reissue_id: str
    pk: int
    tasks: dict  # role → the global ID of the task its unit holds or held
    task_id: str | None  # the newest task (the one taskClaim tries), once submitted
    foreign_certificate: dict  # role → the global ID of a certificate that is not theirs
    certificate: dict  # the old certificate as `certificate { id number status }` reads it
    new_certificate: dict | None  # the YB certificate, once approved


shared = SharedWorld("state")


@pytest.fixture(autouse=True)
async def clean(request):
    async for _ in shared.clean(request):
        yield


def builder(http, state: str):
    async def build() -> World:
        world = await reissue_world()
        scene = world.scene
        reissue_id = await (ready if state == "draft" else submitted)(http, world)
        actors = {"employer": scene.employer, "city_hr": scene.city, "issuer": scene.province,
                  "other_organizer": scene.other_organizer, "other_province_hr": scene.other_province}
        for role, decision, opinion in DECISIONS[state] or []:
            await claim_and_decide(http, actors[role], decision, opinion)
        pk = int(relay.GlobalID.from_id(reissue_id).node_id)
        row = await Reissue.get(id=pk)
        assert row.status == STATUS[state]
        by_unit = {actor.unit.id: role for role, actor in actors.items()}
        tasks = await Task.filter(process_type=ProcessType.REISSUE, subject_id=pk).order_by("id")
        assert {by_unit[t.unit_id]: t.status for t in tasks} == {r: s for r, (_, s) in HOLDERS[state].items()}
        old = await Certificate.get(id=world.certificates[0].id)
        new = await Certificate.get_or_none(id=row.new_certificate_id) if row.new_certificate_id else None
        assert (new is not None) == (state == "approved")
        assert old.status == (CertificateStatus.REPLACED if new else CertificateStatus.VALID)
        if new is not None:
            assert new.number.startswith("YB") and old.replaced_by_id == new.id
        admin = await make_account("平台管理员", platform_admin=True)
        tokens = {"holder": world.holder, "other_holder": world.other_holder, "platform_admin": admin.token,
                  "anonymous": None, **{role: actor.token for role, actor in actors.items()}}
        certs = [gid("Certificate", c.id) for c in world.certificates]
        return World(tokens, {role: gid("Unit", actor.unit.id) for role, actor in actors.items()}, reissue_id, pk,
                     {by_unit[t.unit_id]: gid("Task", t.id) for t in tasks},
                     gid("Task", tasks[-1].id) if tasks else None,
                     {role: certs[0] if role == "other_holder" else certs[1] for role in ROLES},
                     {"id": certs[0], "number": old.number, "status": old.status.value},
                     {"id": gid("Certificate", new.id), "number": new.number, "status": new.status.value}
                     if new else None)
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
                assert (node["id"], node["status"]) == (w.reissue_id, STATUS[state])
                assert node["evidence"]["name"] and node["pledge"]["name"]  # the files go with it
                sees_certificates = role in CERTIFICATE_READERS
                assert node["certificate"] == (w.certificate if sees_certificates else None)
                new = node["newCertificate"]
                if w.new_certificate is not None and sees_certificates:
                    assert {k: new[k] for k in ("id", "number", "status")} == w.new_certificate
                else:
                    assert new is None
            else:
                assert_unseen(result)  # the null a missing ID gets, anonymous too
        elif operation == "tasks_own":  # a unit holding no task for it: neither box shows it
            for box in ("TO_CLAIM", "HANDLED_BY_UNIT"):
                result = await gql(http, TASKS, {"unitId": w.units[role], "box": box}, token=token)
                assert reissue_tasks(result) == []
        elif operation.startswith("tasks_"):  # the box of a unit that holds (or, for the employer, may hold) one
            unit = operation.removeprefix("tasks_")
            box, status = HOLDERS[state].get(unit, ("TO_CLAIM", None))
            result = await gql(http, TASKS, {"unitId": w.units[unit], "box": box}, token=token)
            if role == "anonymous":
                assert_unauthenticated(result)
            elif role in (unit, "platform_admin"):  # its own admins, and platform admins
                seen = [(t["id"], t["nodeKind"], t["status"], t["reissue"] and t["reissue"]["id"],
                         t["reissue"] and t["reissue"]["status"]) for t in reissue_tasks(result)]
                assert seen == ([(w.tasks[unit], NODE_KINDS[unit], status, w.reissue_id, STATUS[state])]
                                if status else [])
            else:  # HR bureaus covering the unit's region (the issuer over the city) do not list its box either
                assert_forbidden(result)
                assert result["data"] is None
        elif operation == "my_reissues":
            result = await gql(http, MINE, token=token)
            if role in PERSONS:
                mine = result["data"]["myReissues"]
                expected = [(w.reissue_id, STATUS[state])] if role == "holder" else []
                assert [(n["id"], n["status"]) for n in mine["nodes"]] == expected
                assert mine["totalCount"] == len(expected)
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
        elif operation == "task_claim":  # the newest task: open while in review, decided after
            result = await gql(http, CLAIM, {"input": {"taskId": w.task_id}}, token=token)
            claimant = next(r for r, t in w.tasks.items() if t == w.task_id)
            if role == claimant:
                if HOLDERS[state][claimant][1] == "READY":
                    assert payload_errors(result, "taskClaim") == []
                    assert result["data"]["taskClaim"]["task"]["status"] == "CLAIMED"
                    changed = True
                else:  # decided: nothing left to claim
                    assert codes(payload_errors(result, "taskClaim")) == [("NOT_ACTIVE", ["taskId"])]
            elif role == "anonymous":
                assert_unauthenticated(result)
            else:  # platform admins look on, they do not review; other units may not claim, nor may past ones
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

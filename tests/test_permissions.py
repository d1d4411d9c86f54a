"""The permission matrix: every role against every sensitive operation, through the API.

One case per cell (operation × role); the cells of one operation share its world
(tests/matrix_support.py), and an allowed mutation is undone before the next role asks.
Cells: ``full`` / ``masked`` (allowed; ID numbers shown whole or masked), ``ok`` (allowed),
``null`` (allowed, private parts null), ``hidden`` (allowed, but the person's data is absent), ``F`` FORBIDDEN,
``U`` UNAUTHENTICATED. ``node(id)`` refuses by answering ``null``, as for a missing ID: ``none``.
A refused mutation must leave everything as it was.
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from models.access.masking import mask_id_number
from models.person.binding import Binding, BindingStatus
from models.core.job import Job, JobKind
from models.messaging.models import Message, deliver
from models.unit.models import Unit, UnitAdmin, UnitKind, UnitNature
from tests.helpers import Actor, error_codes, gid, gql, make_account, make_person, make_unit, mobile
from tests.matrix_support import SharedWorld

ROLES = ("anonymous", "person", "other_person", "unit_admin", "other_unit_admin", "hr_province", "hr_city",
         "hr_other_region", "platform_admin")
MATRIX = {
    #                      anon person   other   admin   o.admin hr-prov   hr-city   hr-other platform
    "node_person":        ("none", "full", "none", "full", "none", "masked", "masked", "none", "full"),
    "node_binding":       ("none", "full", "none", "full", "none", "masked", "masked", "none", "full"),
    "registration_reviews": ("U", "F",   "F",    "full", "F",    "masked", "masked", "F",     "full"),
    "binding_decide":     ("U", "F",     "F",    "ok",   "F",    "F",      "F",      "F",     "ok"),
    "unit_update":        ("U", "F",     "F",    "ok",   "F",    "ok",     "ok",     "F",     "ok"),
    "unit_admin_add":     ("U", "F",     "F",    "ok",   "F",    "ok",     "ok",     "F",     "ok"),
    "unit_private_parts": ("null", "null", "null", "ok", "null", "ok",     "ok",     "null",  "ok"),
    "node_unit":          ("null", "null", "null", "ok", "null", "ok",     "ok",     "null",  "ok"),
    "node_message":       ("none", "ok", "none", "none", "none", "none",   "none",   "none",  "ok"),
    "node_job":           ("none", "none", "none", "ok", "none", "none",   "none",   "none",  "ok"),
    "me_bindings":        ("U", "ok",    "hidden", "hidden", "hidden", "hidden", "hidden", "hidden", "hidden"),
    "message_broadcast":  ("U", "F",     "F",    "F",    "F",    "ok",     "ok",     "F",     "ok"),
}

NODE_PERSON = "query($id: ID!) { node(id: $id) { id ... on Person { realName idNumber mobile } } }"
NODE_BINDING = """
query($id: ID!) { node(id: $id) { id ... on Binding { status person { realName idNumber } unit { name } } } }"""
NODE_UNIT = """
query($id: ID!) { node(id: $id) { id ... on Unit { name details { contactMobile } admins { displayName } } } }"""
NODE_MESSAGE = "query($id: ID!) { node(id: $id) { id ... on Message { title body } } }"
NODE_JOB = "query($id: ID!) { node(id: $id) { id ... on Job { kind status } } }"
REVIEWS = """
query($unitId: ID!) {
  registrationReviews(unitId: $unitId, first: 10) { totalCount edges { node { id person { realName idNumber } } } }
}"""
DECIDE = """
mutation($input: BindingDecideInput!) {
  bindingDecide(input: $input) { errors { field code message } bindings { id status } }
}"""
UNIT_UPDATE = """
mutation($input: UnitUpdateInput!) {
  unitUpdate(input: $input) { errors { field code message } unit { id details { address } } }
}"""
UNIT_ADMIN_ADD = """
mutation($input: UnitAdminAddInput!) {
  unitAdminAdd(input: $input) { errors { field code message } unit { id admins { displayName } } }
}"""
UNITS = """
query($name: String!) {
  units(filter: { nameContains: $name }, first: 10) {
    edges { node { id details { contactMobile } admins { displayName } } }
  }
}"""
ME_BINDINGS = "query { me { bindings { id status } } }"
BROADCAST = """
mutation($input: MessageBroadcastInput!) {
  messageBroadcast(input: $input) { errors { field code message } job { id status } }
}"""


@dataclass
class World:
    tokens: dict[str, str | None]
    person: Actor
    admin: Actor
    pending_binding: Binding
    person_binding: Binding
    message: Message
    job: Job
    spare_phone: str


async def hr_bureau(region: str) -> Actor:
    return await make_unit(f"{region}人社局", kind=UnitKind.HR_BUREAU, region=region,
                           nature=UnitNature.GOVERNMENT_AGENCY)


async def build_world() -> World:
    admin = await make_unit("合肥宏景软件有限公司", region="340100")
    other_admin = await make_unit("芜湖其他公司", region="340200")
    person = await make_person("张三", unit=admin.unit, status=BindingStatus.APPROVED)
    other_person = await make_person("李四", unit=other_admin.unit, status=BindingStatus.APPROVED)
    waiting = await make_person("王五", unit=admin.unit)
    hr_province, hr_city, hr_other = await hr_bureau("340000"), await hr_bureau("340100"), await hr_bureau("510000")
    root = await make_account("平台管理员", platform_admin=True)
    await deliver([{"recipient_id": person.account.id, "title": "注册审核通过", "body": "……",
                    "dedupe_key": "matrix:1"}])
    job = await Job.create(kind=JobKind.BINDING_DECISION_NOTICE, params={"binding_ids": []},
                           requester_id=admin.account.id)
    spare_phone = mobile()
    await make_account("备用管理员", phone=spare_phone)
    tokens = {"anonymous": None, "person": person.token, "other_person": other_person.token,
              "unit_admin": admin.token, "other_unit_admin": other_admin.token, "hr_province": hr_province.token,
              "hr_city": hr_city.token, "hr_other_region": hr_other.token, "platform_admin": root.token}
    return World(tokens=tokens, person=person, admin=admin,
                 pending_binding=await Binding.get(person_id=waiting.person.id),
                 person_binding=await Binding.get(person_id=person.person.id),
                 message=await Message.get(), job=job, spare_phone=spare_phone)


def denial(result: dict) -> str | None:
    codes = error_codes(result)
    if not codes:
        return None
    assert len(codes) == 1 and codes[0] in ("FORBIDDEN", "UNAUTHENTICATED"), result
    return "F" if codes[0] == "FORBIDDEN" else "U"


def unseen(result: dict) -> str | None:
    """``node(id)`` refuses without an error: the same null a missing ID gets."""
    assert not result.get("errors"), result
    return "none" if result["data"]["node"] is None else None


def id_shown(w: World, number: str) -> str:
    full = w.person.person.id_number
    if number == full:
        return "full"
    assert number == mask_id_number(full)
    return "masked"


def private_parts(node: dict, w: World) -> str:
    if node["details"] is None:
        assert node["admins"] is None
        return "null"
    assert node["details"]["contactMobile"] == w.admin.unit.contact_mobile
    assert node["admins"] == [{"displayName": w.admin.account.display_name}]
    return "ok"


async def node_person(http, w: World, token):
    result = await gql(http, NODE_PERSON, {"id": gid("Person", w.person.person.id)}, token=token)
    if refused := unseen(result):
        return refused
    return id_shown(w, result["data"]["node"]["idNumber"])


async def node_binding(http, w: World, token):
    result = await gql(http, NODE_BINDING, {"id": gid("Binding", w.person_binding.id)}, token=token)
    if refused := unseen(result):
        return refused
    node = result["data"]["node"]
    assert node["status"] == "APPROVED" and node["unit"]["name"] == w.admin.unit.name
    return id_shown(w, node["person"]["idNumber"])


async def registration_reviews(http, w: World, token):
    result = await gql(http, REVIEWS, {"unitId": gid("Unit", w.admin.unit.id)}, token=token)
    if refused := denial(result):
        assert result["data"] is None
        return refused
    page = result["data"]["registrationReviews"]
    assert page["totalCount"] == 2
    [row] = [e["node"] for e in page["edges"] if e["node"]["id"] == gid("Binding", w.person_binding.id)]
    return id_shown(w, row["person"]["idNumber"])


async def binding_decide(http, w: World, token):
    result = await gql(http, DECIDE, {"input": {"bindingIds": [gid("Binding", w.pending_binding.id)],
                                                "decision": "PASS"}}, token=token)
    if refused := denial(result):
        assert (await Binding.get(id=w.pending_binding.id)).status == BindingStatus.PENDING
        return refused
    assert result["data"]["bindingDecide"] == {"errors": [], "bindings": [
        {"id": gid("Binding", w.pending_binding.id), "status": "APPROVED"}]}
    await Binding.filter(id=w.pending_binding.id).update(status=BindingStatus.PENDING)
    return "ok"


async def unit_update(http, w: World, token):
    result = await gql(http, UNIT_UPDATE, {"input": {"unitId": gid("Unit", w.admin.unit.id), "address": "新地址"}},
                       token=token)
    if refused := denial(result):
        assert (await Unit.get(id=w.admin.unit.id)).address == ""
        return refused
    assert result["data"]["unitUpdate"]["errors"] == []
    assert result["data"]["unitUpdate"]["unit"]["details"] == {"address": "新地址"}
    await Unit.filter(id=w.admin.unit.id).update(address="")
    return "ok"


async def unit_admin_add(http, w: World, token):
    result = await gql(http, UNIT_ADMIN_ADD, {"input": {"unitId": gid("Unit", w.admin.unit.id),
                                                        "login": w.spare_phone}}, token=token)
    if refused := denial(result):
        assert await UnitAdmin.filter(unit_id=w.admin.unit.id).count() == 1
        return refused
    assert result["data"]["unitAdminAdd"]["errors"] == []
    assert len(result["data"]["unitAdminAdd"]["unit"]["admins"]) == 2
    await UnitAdmin.filter(unit_id=w.admin.unit.id).exclude(account_id=w.admin.account.id).delete()
    return "ok"


async def unit_private_parts(http, w: World, token):
    result = await gql(http, UNITS, {"name": "宏景"}, token=token)
    assert not result.get("errors"), result
    [edge] = result["data"]["units"]["edges"]
    return private_parts(edge["node"], w)


async def node_unit(http, w: World, token):
    result = await gql(http, NODE_UNIT, {"id": gid("Unit", w.admin.unit.id)}, token=token)
    assert not result.get("errors"), result
    return private_parts(result["data"]["node"], w)


async def node_message(http, w: World, token):
    result = await gql(http, NODE_MESSAGE, {"id": gid("Message", w.message.id)}, token=token)
    if refused := unseen(result):
        return refused
    assert result["data"]["node"]["title"] == "注册审核通过"
    return "ok"


async def node_job(http, w: World, token):
    result = await gql(http, NODE_JOB, {"id": gid("Job", w.job.id)}, token=token)
    if refused := unseen(result):
        return refused
    assert result["data"]["node"] == {"id": gid("Job", w.job.id), "kind": "BINDING_DECISION_NOTICE",
                                      "status": "PENDING"}
    return "ok"


async def me_bindings(http, w: World, token):
    result = await gql(http, ME_BINDINGS, token=token)
    if refused := denial(result):
        return refused
    ids = [b["id"] for b in result["data"]["me"]["bindings"]]
    return "ok" if gid("Binding", w.person_binding.id) in ids else "hidden"


async def message_broadcast(http, w: World, token):
    result = await gql(http, BROADCAST, {"input": {"title": "通知", "body": "内容", "regionCode": "340100"}},
                       token=token)
    if refused := denial(result):
        assert await Job.all().count() == 1  # only the world's own job
        return refused
    assert result["data"]["messageBroadcast"]["errors"] == []
    assert result["data"]["messageBroadcast"]["job"]["status"] == "PENDING"
    await Job.filter(kind=JobKind.MESSAGE_BROADCAST).delete()
    return "ok"


OPERATIONS = {f.__name__: f for f in (node_person, node_binding, registration_reviews, binding_decide, unit_update,
                                       unit_admin_add, unit_private_parts, node_unit, node_message, node_job,
                                       me_bindings, message_broadcast)}


def test_matrix_is_complete():
    assert set(MATRIX) == set(OPERATIONS)
    assert all(len(row) == len(ROLES) for row in MATRIX.values())


shared = SharedWorld("op")


@pytest.fixture(autouse=True)
async def clean(request):
    """conftest's ``clean``, except between the cells of one operation."""
    async for _ in shared.clean(request):
        yield


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("op", list(MATRIX))
async def test_permissions(http, op, role):
    async with shared.use(build_world) as world:
        assert await OPERATIONS[op](http, world, world.tokens[role]) == MATRIX[op][ROLES.index(role)]


NODE_ANY = "query($id: ID!) { node(id: $id) { id } }"


@pytest.mark.parametrize("bad_id", [
    "garbage", "", "!!!", gid("Foo", 1), gid("Region", 1), gid("Unit", "abc"), gid("Person", ""),
    gid("UnitDetails", 1),
])
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "unit_admin"])
async def test_node_invalid_id(http, bad_id, signed_in):
    async with shared.use(make_unit) as admin:
        result = await gql(http, NODE_ANY, {"id": bad_id}, token=admin.token if signed_in else None)
        assert error_codes(result) == ["INVALID_ID"], result
        assert result["data"] in ({"node": None}, None)  # a malformed ID is refused before the operation runs


@pytest.mark.parametrize("type_name", ["Unit", "Person", "Binding", "Message", "Job", "Account"])
async def test_node_missing_object_is_null(http, type_name):
    root = await make_account(platform_admin=True)
    result = await gql(http, NODE_ANY, {"id": gid(type_name, 999999)}, token=root.token)
    assert result == {"data": {"node": None}}


async def two_accounts() -> dict[str, Actor | None]:
    return {"owner": await make_account("本人"), "other": await make_account("他人"), "anonymous": None}


@pytest.mark.parametrize("role", ["owner", "other", "anonymous"])
async def test_node_account_only_for_its_owner(http, role):
    query = "query($id: ID!) { node(id: $id) { id ... on Account { displayName } } }"
    async with shared.use(two_accounts) as actors:
        actor = actors[role]
        result = await gql(http, query, {"id": gid("Account", actors["owner"].account.id)},
                           token=actor.token if actor else None)
        if role == "owner":
            assert result["data"]["node"]["displayName"] == "本人"
        else:  # refused like a missing ID
            assert result == {"data": {"node": None}}

"""Who may do what with achievement records: every role × every operation, through root fields,
nested fields and node(id). One case per cell; the cells of one operation share its world
(tests/matrix_support.py)."""
from __future__ import annotations

import pytest

from models.achievement.models import AchievementAttachment, AchievementRecord, RecordStatus
from models.person.binding import BindingStatus
from models.unit.models import UnitKind, UnitNature
from tests.achievement_support import (CREATE, DECIDE, NODE, REVIEWS, SUBMIT, UPDATE, WITHDRAW, attach, create, data,
                                       pk_of, set_status)
from tests.helpers import Actor, error_codes, gid, gql, make_account, make_person, make_unit
from tests.matrix_support import SharedWorld

ROLES = ["owner", "other_person", "unit_admin", "other_unit_admin", "hr_in_region", "hr_out_of_region", "platform",
         "anonymous"]
ALLOWED = {
    "create": {"owner", "other_person"},
    "update": {"owner"},
    "submit": {"owner"},
    "withdraw": {"owner"},
    "decide": {"unit_admin", "platform"},
    "reviews": {"unit_admin", "hr_in_region", "platform"},
    "node": {"owner", "unit_admin", "hr_in_region", "platform"},
}
REVIEWS_ONE = REVIEWS.replace("$first: Int", "$first: Int = 10")
ATTACHMENT_NODE = "query($id: ID!) { node(id: $id) { ... on AchievementAttachment { id name url } } }"
OWNER_ATTACHMENTS = "query($id: ID!) { node(id: $id) { ... on AchievementRecord { attachments { url } } } }"


async def world(http) -> tuple[dict[str, Actor | None], dict]:
    admin = await make_unit("合肥八中", region="340100")
    owner = await make_person("张三", unit=admin.unit, status=BindingStatus.APPROVED)
    hr = UnitKind.HR_BUREAU
    roles: dict[str, Actor | None] = {
        "owner": owner,
        "other_person": await make_person("李四"),
        "unit_admin": admin,
        "other_unit_admin": await make_unit(region="340100"),
        "hr_in_region": await make_unit(kind=hr, region="340000", nature=UnitNature.GOVERNMENT_AGENCY),
        "hr_out_of_region": await make_unit(kind=hr, region="340200", nature=UnitNature.GOVERNMENT_AGENCY),
        "platform": await make_account("平台管理员", platform_admin=True),
        "anonymous": None,
    }
    draft = await create(http, owner)
    pending = await create(http, owner, "PAPER")
    assert (await attach(http, owner, pending["id"])).json()["data"]["achievementAttachmentAdd"]["errors"] == []
    await set_status(pending["id"], RecordStatus.PENDING, admin.unit.id)
    return roles, {"draft": draft, "pending": pending, "unit": admin.unit}


def outcome(result: dict, name: str) -> str:
    codes = error_codes(result)
    if name == "node" and not codes and result["data"]["node"] is None:
        return "NULL"  # node(id) refuses as if the ID did not exist
    if "UNAUTHENTICATED" in codes:
        return "UNAUTHENTICATED"
    if "FORBIDDEN" in codes:
        return "FORBIDDEN"
    assert not codes, result
    payload = result["data"][name]
    if isinstance(payload, dict) and "errors" in payload:
        assert payload["errors"] == [], payload
    return "OK"


def expected(operation: str, role: str) -> str:
    if operation == "node":
        return "OK" if role in ALLOWED[operation] else "NULL"
    if role == "anonymous":
        return "UNAUTHENTICATED"
    return "OK" if role in ALLOWED[operation] else "FORBIDDEN"


async def perform(http, operation: str, actor: Actor | None, records: dict) -> dict:
    token = actor.token if actor else None
    if operation == "create":
        return await gql(http, CREATE, {"input": {"data": data("HONOR")}}, token)
    if operation == "update":
        return await gql(http, UPDATE, {"input": {"recordId": records["draft"]["id"], "data": data("WORK_EXPERIENCE")}},
                         token)
    if operation == "submit":
        return await gql(http, SUBMIT, {"input": {"recordId": records["draft"]["id"]}}, token)
    if operation == "withdraw":
        return await gql(http, WITHDRAW, {"input": {"recordId": records["pending"]["id"]}}, token)
    if operation == "decide":
        return await gql(http, DECIDE, {"input": {"recordIds": [records["pending"]["id"]], "decision": "PASS"}}, token)
    if operation == "reviews":
        return await gql(http, REVIEWS_ONE, {"unitId": gid("Unit", records["unit"].id)}, token)
    return await gql(http, NODE, {"id": records["pending"]["id"]}, token)


NAMES = {"create": "achievementRecordCreate", "update": "achievementRecordUpdate", "submit": "achievementRecordSubmit",
         "withdraw": "achievementRecordWithdraw", "decide": "achievementRecordDecide", "reviews": "achievementReviews",
         "node": "node"}


shared = SharedWorld("operation")


@pytest.fixture(autouse=True)
async def clean(request):
    """conftest's ``clean``, except between the cells of one operation (or of one read-only test)."""
    async for _ in shared.clean(request):
        yield


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", list(ALLOWED))
async def test_permission_matrix(http, operation, role):
    async with shared.use(lambda: world(http)) as (roles, records):
        before = {(r.id, r.status, r.version) for r in await AchievementRecord.all()}
        result = await perform(http, operation, roles[role], records)
        seen = outcome(result, NAMES[operation])
        if seen == "OK" and operation in ("update", "submit", "withdraw", "decide"):
            return_to = RecordStatus.DRAFT if operation in ("update", "submit") else RecordStatus.PENDING
            key = "draft" if operation in ("update", "submit") else "pending"
            await set_status(records[key]["id"], return_to)  # let the next allowed role act again
        elif seen != "OK" and operation != "create":
            assert {(r.id, r.status, r.version) for r in await AchievementRecord.all()} == before, role
        assert seen == expected(operation, role)


@pytest.mark.parametrize("role", ROLES)
async def test_attachment_urls_reach_only_those_who_see_the_record(http, role):
    async with shared.use(lambda: world(http)) as (roles, records):
        actor = roles[role]
        result = await gql(http, NODE, {"id": records["pending"]["id"]}, actor.token if actor else None)
        if expected("node", role) != "OK":
            assert outcome(result, "node") == expected("node", role), role
        else:
            (attachment,) = result["data"]["node"]["attachments"]
            response = await http.get(attachment["url"])
            assert response.status_code == 200 and response.content.startswith(b"%PDF"), role
        owner = roles["owner"]
        record = await gql(http, OWNER_ATTACHMENTS, {"id": records["pending"]["id"]}, owner.token)
        attachment_id = gid("AchievementAttachment", (await AchievementAttachment.get()).id)
        result = await gql(http, ATTACHMENT_NODE, {"id": attachment_id}, actor.token if actor else None)
        assert outcome(result, "node") == expected("node", role), role
        assert record["data"]["node"]["attachments"]


@pytest.mark.parametrize("role", ROLES)
async def test_drafts_are_the_owners_alone(http, role):
    async with shared.use(lambda: world(http)) as (roles, records):
        actor = roles[role]
        result = await gql(http, NODE, {"id": records["draft"]["id"]}, actor.token if actor else None)
        want = "OK" if role in ("owner", "platform") else "NULL"
        assert outcome(result, "node") == want, role


async def test_nested_person_is_scoped(http):
    roles, records = await world(http)
    owner = roles["owner"].person

    async def person_seen_by(role: str) -> dict:
        result = await gql(http, REVIEWS_ONE, {"unitId": gid("Unit", records["unit"].id)}, roles[role].token)
        return result["data"]["achievementReviews"]["nodes"][0]["person"]

    assert (await person_seen_by("unit_admin"))["idNumber"] == owner.id_number
    masked = (await person_seen_by("hr_in_region"))["idNumber"]
    assert masked != owner.id_number and "*" in masked
    assert (await person_seen_by("platform"))["idNumber"] == owner.id_number
    assert pk_of(records["pending"]["id"]) > 0

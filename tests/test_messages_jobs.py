"""Messages (我的消息), broadcasts by HR bureaus, and the jobs behind them."""
from __future__ import annotations

import dataclasses

import pytest

from models.person.binding import BindingStatus
from models.core.job import Job, JobStatus
from models.messaging.models import Message, deliver
from models.person.models import Person
from models.unit.models import UnitKind, UnitNature
from tests.helpers import (assert_forbidden, assert_unauthenticated, assert_unseen, error_codes, gid, gql,
                           make_account, make_person, make_unit, payload_errors, run_jobs)

BROADCAST = """
mutation($input: MessageBroadcastInput!) {
  messageBroadcast(input: $input) { errors { field code message } job { id kind status progress total } }
}"""
MESSAGES = """
query($unreadOnly: Boolean! = false, $first: Int = 10, $after: String) {
  messages(unreadOnly: $unreadOnly, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id title body linkType linkId readAt } }
  }
  unreadMessageCount
}"""
MARK_READ = """
mutation($input: MessageMarkReadInput!) {
  messageMarkRead(input: $input) { errors { field code message } marked unreadCount }
}"""
MY_JOBS = "query { myJobs(first: 10) { totalCount edges { node { id kind status progress total error } } } }"
NODE = """
query($id: ID!) {
  node(id: $id) { id ... on Job { kind status progress total } ... on Message { title readAt } }
}"""


async def hr_bureau(region: str):
    return await make_unit(f"{region}人社局", kind=UnitKind.HR_BUREAU, region=region,
                           nature=UnitNature.GOVERNMENT_AGENCY)


def broadcast(title: str = "关于开展2025年度职称评审工作的通知", body: str = "请于9月30日前完成申报。",
              region: str | None = "340100", series: str | None = None) -> dict:
    return {"input": {"title": title, "body": body, "regionCode": region, "series": series}}


async def message_to(account_id: int, n: int = 1) -> list[Message]:
    rows = [{"recipient_id": account_id, "title": f"消息{i}", "body": "正文", "dedupe_key": f"t:{account_id}:{i}"}
            for i in range(n)]
    await deliver(rows)
    return list(await Message.filter(recipient_id=account_id).order_by("id"))


async def inbox_titles(http, actor) -> list[str]:
    result = await gql(http, MESSAGES, {"first": 50}, token=actor.token)
    assert not result.get("errors"), result
    return [e["node"]["title"] for e in result["data"]["messages"]["edges"]]


# ---------------------------------------------------------------- inbox


async def test_inbox_paging_unread_and_mark_read(http):
    zhang = await make_person("张三")
    li = await make_person("李四")
    mine = await message_to(zhang.account.id, 3)
    theirs = await message_to(li.account.id, 1)
    result = await gql(http, MESSAGES, {"first": 2}, token=zhang.token)
    page = result["data"]["messages"]
    assert [e["node"]["title"] for e in page["edges"]] == ["消息2", "消息1"]  # newest first
    assert page["totalCount"] == 3 and page["pageInfo"]["hasNextPage"] is True
    assert result["data"]["unreadMessageCount"] == 3
    result = await gql(http, MESSAGES, {"first": 2, "after": page["pageInfo"]["endCursor"]}, token=zhang.token)
    assert [e["node"]["title"] for e in result["data"]["messages"]["edges"]] == ["消息0"]

    # Marking someone else's message does nothing to it.
    result = await gql(http, MARK_READ, {"input": {"messageIds": [gid("Message", mine[0].id),
                                                                  gid("Message", theirs[0].id)]}}, token=zhang.token)
    assert payload_errors(result, "messageMarkRead") == []
    assert result["data"]["messageMarkRead"] == {"errors": [], "marked": 1, "unreadCount": 2}
    assert (await Message.get(id=theirs[0].id)).read_at is None
    result = await gql(http, MESSAGES, {"unreadOnly": True}, token=zhang.token)
    assert [e["node"]["title"] for e in result["data"]["messages"]["edges"]] == ["消息2", "消息1"]
    assert result["data"]["messages"]["totalCount"] == 2

    result = await gql(http, MARK_READ, {"input": {}}, token=zhang.token)  # all
    assert result["data"]["messageMarkRead"] == {"errors": [], "marked": 2, "unreadCount": 0}
    assert (await gql(http, MESSAGES, {}, token=li.token))["data"]["unreadMessageCount"] == 1


async def test_mark_read_bad_id_and_anonymous(http):
    zhang = await make_person()
    await message_to(zhang.account.id)
    result = await gql(http, MARK_READ, {"input": {"messageIds": ["garbage"]}}, token=zhang.token)
    assert [(e["code"], e["field"]) for e in payload_errors(result, "messageMarkRead")] == [
        ("INVALID_ID", ["messageIds", "0"])]
    assert await Message.filter(read_at__isnull=True).count() == 1
    assert_unauthenticated(await gql(http, MARK_READ, {"input": {}}))
    assert_unauthenticated(await gql(http, MESSAGES, {}))
    assert_unauthenticated(await gql(http, MY_JOBS))


async def test_message_node_only_for_recipient(http):
    zhang = await make_person()
    li = await make_person()
    [message] = await message_to(zhang.account.id)
    message_id = gid("Message", message.id)
    assert (await gql(http, NODE, {"id": message_id}, token=zhang.token))["data"]["node"]["title"] == "消息0"
    assert_unseen(await gql(http, NODE, {"id": message_id}, token=li.token))
    assert_unseen(await gql(http, NODE, {"id": message_id}))
    assert (await gql(http, NODE, {"id": gid("Message", 999999)}, token=zhang.token))["data"]["node"] is None


async def test_deliver_skips_duplicates(app):
    zhang = await make_account()
    row = {"recipient_id": zhang.account.id, "title": "t", "body": "b", "dedupe_key": "k:1"}
    await deliver([row])
    await deliver([row, {**row, "dedupe_key": "k:2"}])
    await deliver([])
    assert await Message.all().count() == 2


# ---------------------------------------------------------------- broadcasts


async def people_in(region: str, n: int, series: list[str] | None = None):
    unit = (await make_unit(region=region)).unit
    out = []
    for i in range(n):
        actor = await make_person(f"{region}人员{i}", unit=unit, status=BindingStatus.APPROVED)
        if series is not None:
            await Person.filter(id=actor.person.id).update(series=series)
        out.append(actor)
    return out


@pytest.mark.parametrize("hr_region", ["340000", "340100"])
async def test_broadcast_reaches_everyone_of_the_region_once(http, settings, hr_region):
    hr = await hr_bureau(hr_region)
    hefei = await people_in("340100", 3) + await people_in("340102", 2)  # a district below the city
    wuhu = await people_in("340200", 2)
    chengdu = await people_in("510100", 1)
    pending = await make_person("待审核", unit=(await make_unit(region="340100")).unit)  # no current unit yet
    loner = await make_person("无单位")

    result = await gql(http, BROADCAST, broadcast(region="340100"), token=hr.token)
    assert payload_errors(result, "messageBroadcast") == []
    job = result["data"]["messageBroadcast"]["job"]
    assert (job["kind"], job["status"], job["progress"], job["total"]) == ("MESSAGE_BROADCAST", "PENDING", 0, 0)
    assert await Message.all().count() == 0

    await run_jobs(settings)
    for actor in hefei:
        assert await inbox_titles(http, actor) == ["关于开展2025年度职称评审工作的通知"]
    for actor in wuhu + chengdu + [pending, loner, hr]:
        assert await inbox_titles(http, actor) == []
    message = await Message.filter(recipient_id=hefei[0].account.id).first()
    assert (message.body, message.link_type) == ("请于9月30日前完成申报。", "Broadcast")
    shown = await gql(http, "query { messages(first: 1) { edges { node { createdAt readAt linkType } } } }",
                      token=hefei[0].token)
    assert not shown.get("errors"), shown
    node = shown["data"]["messages"]["edges"][0]["node"]
    assert node["createdAt"].startswith(str(message.created_at.year)) and node["readAt"] is None

    node = (await gql(http, NODE, {"id": job["id"]}, token=hr.token))["data"]["node"]
    assert (node["status"], node["progress"], node["total"]) == ("SUCCEEDED", 5, 5)
    jobs = (await gql(http, MY_JOBS, token=hr.token))["data"]["myJobs"]
    assert jobs["totalCount"] == 1 and jobs["edges"][0]["node"]["id"] == job["id"]
    assert_unseen(await gql(http, NODE, {"id": job["id"]}, token=hefei[0].token))

    # Re-running the job delivers nothing new.
    from workers.jobs import run_job

    await Job.filter(id=int((await Job.get()).id)).update(status=JobStatus.PENDING)
    assert await run_job({}, (await Job.get()).id) == "SUCCEEDED"
    assert await Message.all().count() == 5


async def test_broadcast_series_filter_and_chunks(http, settings):
    settings = dataclasses.replace(settings, job_chunk_size=2)  # several chunks even for a handful of people
    hr = await hr_bureau("340000")
    engineers = await people_in("340100", 3, ["ENGINEERING"])
    mixed = await people_in("340200", 2, ["HEALTH", "ENGINEERING"])
    nurses = await people_in("340100", 2, ["HEALTH"])
    outside = await people_in("510100", 1, ["ENGINEERING"])
    result = await gql(http, BROADCAST, broadcast(region="340000", series="ENGINEERING"), token=hr.token)
    assert payload_errors(result, "messageBroadcast") == []
    await run_jobs(settings)
    for actor in engineers + mixed:
        assert len(await inbox_titles(http, actor)) == 1
    for actor in nurses + outside:
        assert await inbox_titles(http, actor) == []
    job = await Job.get()
    # total counts everyone of the region; the series narrows inside each chunk.
    assert (job.status, job.progress, job.total) == (JobStatus.SUCCEEDED, 7, 7)


async def test_platform_admin_broadcasts_anywhere(http, settings):
    root = await make_account(platform_admin=True)
    anhui = await people_in("340100", 1)
    sichuan = await people_in("510100", 1)
    loner = await make_person("无单位")
    result = await gql(http, BROADCAST, broadcast(region="510000"), token=root.token)
    assert payload_errors(result, "messageBroadcast") == []
    result = await gql(http, BROADCAST, broadcast(title="全体通知", region=None), token=root.token)
    assert payload_errors(result, "messageBroadcast") == []
    await run_jobs(settings)
    # The two jobs may run side by side, so the order of their messages is not fixed.
    assert sorted(await inbox_titles(http, sichuan[0])) == sorted(["全体通知", "关于开展2025年度职称评审工作的通知"])
    assert await inbox_titles(http, anhui[0]) == ["全体通知"]
    assert await inbox_titles(http, loner) == ["全体通知"]  # everyone, bound or not


async def test_broadcast_with_nobody_to_reach(http, settings):
    hr = await hr_bureau("340100")
    result = await gql(http, BROADCAST, broadcast(), token=hr.token)
    assert payload_errors(result, "messageBroadcast") == []
    await run_jobs(settings)
    job = await Job.get()
    assert (job.status, job.progress, job.total) == (JobStatus.SUCCEEDED, 0, 0)


@pytest.mark.parametrize("who,region", [
    ("hr_other_region", "340100"), ("hr_city", "340000"), ("hr_city", "340200"), ("hr_city", None),
    ("person", "340100"), ("employer_admin", "340100"), ("talent_center", "340100"),
])
async def test_broadcast_refused(http, who, region):
    actor = await {"hr_other_region": lambda: hr_bureau("510000"), "hr_city": lambda: hr_bureau("340100"),
                   "person": lambda: make_person(), "employer_admin": lambda: make_unit(region="340100"),
                   "talent_center": lambda: make_unit(kind=UnitKind.TALENT_CENTER, region="340100")}[who]()
    assert_forbidden(await gql(http, BROADCAST, broadcast(region=region), token=actor.token))
    assert await Job.all().count() == 0


async def test_broadcast_anonymous(http):
    assert_unauthenticated(await gql(http, BROADCAST, broadcast()))


async def test_broadcast_bad_input(http):
    hr = await hr_bureau("340000")
    root = await make_account(platform_admin=True)
    result = await gql(http, BROADCAST, broadcast(title="  ", body=""), token=hr.token)
    assert {(e["code"], tuple(e["field"])) for e in payload_errors(result, "messageBroadcast")} == {
        ("REQUIRED", ("title",)), ("REQUIRED", ("body",))}
    result = await gql(http, BROADCAST, broadcast(title="长" * 101, body="文" * 2001, series="NOPE"), token=hr.token)
    assert {(e["code"], tuple(e["field"])) for e in payload_errors(result, "messageBroadcast")} == {
        ("TOO_LONG", ("title",)), ("TOO_LONG", ("body",)), ("INVALID", ("series",))}
    for actor in (hr, root):
        result = await gql(http, BROADCAST, broadcast(region="349999"), token=actor.token)
        assert [(e["code"], e["field"]) for e in payload_errors(result, "messageBroadcast")] == [
            ("NOT_FOUND", ["regionCode"])]
    assert await Job.all().count() == 0


async def test_failed_job_is_retried_then_recorded(app, monkeypatch):
    """A handler that raises sends the row back to PENDING with the reason (and a delayed re-send) until
    the last allowed attempt, which leaves it FAILED, visible to its requester; then it is left alone."""
    from models.core.job import JobKind
    from models.core.transaction import atomic, create_job
    from workers import handlers, jobs
    from workers.lease import JobPolicy

    async def boom(run):
        raise RuntimeError("磁盘已满")

    monkeypatch.setitem(handlers.HANDLERS, JobKind.MESSAGE_BROADCAST, boom)
    ctx = {"job_policy": JobPolicy(max_attempts=3)}
    requester = await make_account()
    async with atomic():
        job = await create_job(JobKind.MESSAGE_BROADCAST, {}, requester.account.id)
    for attempt in (1, 2):
        assert await jobs.run_job(ctx, job.id) == "PENDING"
        row = await Job.get(id=job.id)
        assert (row.status, row.attempts, row.lease_owner) == (JobStatus.PENDING, attempt, "")
        assert "磁盘已满" in row.error and row.sent_at is not None and row.finished_at is None
    assert await jobs.run_job(ctx, job.id) == "FAILED"
    row = await Job.get(id=job.id)
    assert (row.status, row.attempts) == (JobStatus.FAILED, 3) and "磁盘已满" in row.error and row.finished_at
    assert await jobs.run_job(ctx, job.id) == "FAILED"  # left alone afterwards
    assert await jobs.run_job(ctx, 999999) == "missing"


async def test_unknown_message_ids_are_invalid(http):
    zhang = await make_person()
    result = await gql(http, MARK_READ, {"input": {"messageIds": [gid("Job", 1)]}}, token=zhang.token)
    assert [e["code"] for e in payload_errors(result, "messageMarkRead")] == ["INVALID_ID"]
    assert error_codes(await gql(http, NODE, {"id": "garbage"}, token=zhang.token)) == ["INVALID_ID"]


async def test_resend_while_arq_keeps_the_id(app):
    """enqueue_job answers None while arq keeps a result under the id: the send uses a fresh one."""
    from models.core.job import JobKind
    from zhicheng.services import arq_job_id, send_job, services

    job = await Job.create(kind=JobKind.MESSAGE_BROADCAST, params={})
    queue = services().queue
    await send_job(job)
    await send_job(job)  # still queued: not sent twice
    assert await queue.zcard("arq:queue") == 1
    await queue.zrem("arq:queue", arq_job_id(job.id, 1))
    await queue.set(f"arq:result:{arq_job_id(job.id, 1)}", b"kept")  # as arq keeps a finished attempt's result
    await send_job(job)
    assert await queue.zcard("arq:queue") == 1

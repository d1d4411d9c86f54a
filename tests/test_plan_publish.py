"""Publishing a plan notifies persons of the committee's series in its scope, once each."""
from __future__ import annotations

from models.person.binding import BindingStatus
from models.core.job import Job, JobStatus
from models.messaging.models import Message
from models.plan.models import PlanStatus
from tests.helpers import gid, gql, make_person, make_unit, payload_errors, run_jobs
from tests.plan_support import PLAN_PUBLISH, hr_bureau, make_committee, make_plan, organizer
from workers.jobs import run_job

JOB = "query($id: ID!) { node(id: $id) { ... on Job { status progress total kind } } }"
INBOX = "query { messages(first: 5) { nodes { title body linkType linkId } } }"


async def person_in(region: str, series: list[str], status=BindingStatus.APPROVED, name: str = "张三"):
    unit = await make_unit(region=region)
    actor = await make_person(name, unit=unit.unit, status=status)
    actor.person.series = series
    await actor.person.save()
    return actor


async def test_publish_notifies_the_right_persons_once(http, settings):
    hr = await hr_bureau()
    org = await organizer()
    committee = await make_committee(hr.unit, name="合肥市工程技术中级评委会", organizers=(org.unit,),
                                     regions=("340100", "340300"))
    plan = await make_plan(committee, org.unit, status=PlanStatus.DRAFT, name="2024年合肥工程中级", opens=1, closes=9)
    expected = [await person_in("340102", ["ENGINEERING"], name="瑶海工程师"),
                await person_in("340100", ["HEALTH", "ENGINEERING"], name="合肥双系列"),
                await person_in("340304", ["ENGINEERING"], name="蚌埠工程师")]
    others = [await person_in("340200", ["ENGINEERING"], name="芜湖工程师"),  # outside the scope
              await person_in("340100", ["HEALTH"], name="合肥医生"),  # other series
              await person_in("340100", ["ENGINEERING"], status=BindingStatus.PENDING, name="未审核")]  # no unit yet

    result = await gql(http, PLAN_PUBLISH, {"input": {"planId": gid("Plan", plan.id)}}, token=org.token)
    assert payload_errors(result, "planPublish") == []
    job_id = result["data"]["planPublish"]["job"]["id"]
    assert result["data"]["planPublish"]["job"]["status"] == "PENDING"
    await run_jobs(settings)

    job = (await gql(http, JOB, {"id": job_id}, token=org.token))["data"]["node"]
    assert job["status"] == "SUCCEEDED" and job["kind"] == "PLAN_PUBLISHED_NOTICE"
    assert job["progress"] == job["total"] == 4  # persons whose unit lies in the scope regions
    recipients = set(await Message.all().values_list("recipient_id", flat=True))
    assert recipients == {p.account.id for p in expected}
    inbox = (await gql(http, INBOX, token=expected[0].token))["data"]["messages"]["nodes"]
    assert inbox[0]["linkType"] == "Plan" and inbox[0]["linkId"] == gid("Plan", plan.id)
    assert "2024年合肥工程中级" in inbox[0]["title"] and "北京时间" in inbox[0]["body"]
    for p in others:
        assert (await gql(http, INBOX, token=p.token))["data"]["messages"]["nodes"] == []

    # arq runs a job at least once: running it again delivers nothing twice.
    row = await Job.get(id=(await Job.first()).id)
    await Job.filter(id=row.id).update(status=JobStatus.PENDING, resume_after=0)  # as if delivered again
    assert await run_job({}, row.id) == "SUCCEEDED"
    assert await Message.all().count() == 3
    assert (await Job.get(id=row.id)).status == JobStatus.SUCCEEDED


async def test_refused_publish_sends_nothing(http, settings):
    hr = await hr_bureau()
    org = await organizer()
    committee = await make_committee(hr.unit, organizers=(org.unit,))
    plan = await make_plan(committee, org.unit, status=PlanStatus.PUBLISHED)
    await person_in("340100", ["ENGINEERING"])
    result = await gql(http, PLAN_PUBLISH, {"input": {"planId": gid("Plan", plan.id)}}, token=org.token)
    assert [e["code"] for e in payload_errors(result, "planPublish")] == ["NOT_DRAFT"]
    await run_jobs(settings)
    assert await Job.all().count() == 0 and await Message.all().count() == 0

"""The notices that follow a decision come from the rule, not from the mutation: a worker, an import or the demo
calling ``decide_bindings``, ``decide_records`` or ``decide_task`` inside ``atomic()`` sends the same job the API
does, exactly once."""
from __future__ import annotations

from models.access.viewer import load_viewer
from models.achievement.rules import ReviewDecision, decide_records
from models.core.job import Job, JobKind
from models.core.transaction import atomic
from models.messaging.models import Message
from models.person.binding import Binding, BindingDecision, decide_bindings
from models.workflow.engine import claim_task, decide_task
from models.workflow.models import Decision, ProcessType, Task
from tests.achievement_support import pending_record, pk_of, unit_with_person
from tests.helpers import make_person, make_unit, run_jobs


async def notices(kind: JobKind) -> list[tuple[dict, int]]:
    return [(j.params, j.requester_id) for j in await Job.filter(kind=kind)]


async def test_decide_bindings_sends_the_notice(http, settings):
    admin = await make_unit("合肥宏景软件有限公司")
    zhang = await make_person("张三", unit=admin.unit)
    binding = await Binding.get(person_id=zhang.person.id)
    async with atomic():
        await decide_bindings(await load_viewer(admin.account.id), [binding.id], BindingDecision.PASS, "")
    assert await notices(JobKind.BINDING_DECISION_NOTICE) == [({"binding_ids": [binding.id]}, admin.account.id)]
    await run_jobs(settings)
    assert await Message.filter(recipient_id=zhang.account.id).values_list("title", flat=True) == ["注册审核通过"]


async def test_decide_records_sends_the_notice(http, settings):
    admin, person = await unit_with_person()
    record_id = pk_of((await pending_record(http, person))["id"])
    async with atomic():
        await decide_records(await load_viewer(admin.account.id), [record_id], ReviewDecision.RETURN, " 请补充 ")
    assert await notices(JobKind.ACHIEVEMENT_DECISION_NOTICE) == [
        ({"record_ids": [record_id], "decision": "RETURN", "opinion": "请补充"}, admin.account.id)]
    await run_jobs(settings)
    assert await Message.filter(recipient_id=person.account.id).count() == 1


async def test_record_task_decision_sends_one_notice(http):
    admin, person = await unit_with_person()
    record_id = pk_of((await pending_record(http, person))["id"])
    task = await Task.get(process_type=ProcessType.ACHIEVEMENT_RECORD, subject_id=record_id)
    viewer = await load_viewer(admin.account.id)
    async with atomic():
        await claim_task(viewer, task.id)
        await decide_task(viewer, task.id, Decision.PASS, "")
    assert await notices(JobKind.ACHIEVEMENT_DECISION_NOTICE) == [
        ({"record_ids": [record_id], "decision": "PASS", "opinion": "同意"}, admin.account.id)]

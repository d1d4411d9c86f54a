"""What each job kind does. Every handler is idempotent: messages carry dedupe keys."""
from __future__ import annotations

from collections.abc import Awaitable, Callable

from strawberry import relay

from models.person.binding import Binding, BindingStatus
from models.messaging.broadcast import fan_out
from models.committee.excel import render_export
from models.core.job import Job, JobKind
from models.messaging.models import deliver
from models.plan.notice import notify_plan_published
from workers.achievement import achievement_decision_notice

Progress = Callable[[int, int], Awaitable[None]]


async def binding_decision_notice(job: Job, progress: Progress) -> None:
    rows = await Binding.filter(id__in=job.params["binding_ids"]).select_related("person", "unit")
    messages = []
    for b in rows:
        if b.status == BindingStatus.APPROVED:
            title, body = "注册审核通过", f"{b.unit.name}已审核通过您的注册，您现在可以提交业绩和申报职称。"
        elif b.status == BindingStatus.RETURNED:
            title, body = "注册审核退回", f"{b.unit.name}退回了您的注册申请。审核意见：{b.opinion}"
        else:
            continue
        messages.append({"recipient_id": b.person.account_id, "title": title, "body": body,
                         "link_type": "Binding", "link_id": relay.to_base64("Binding", b.id),
                         "dedupe_key": f"binding:{b.id}:{BindingStatus(b.status).value}"})
    await deliver(messages)
    await progress(len(rows), len(rows))


async def message_broadcast(job: Job, progress: Progress) -> None:
    await fan_out(job.id, job.params, progress)


async def plan_published_notice(job: Job, progress: Progress) -> None:
    await notify_plan_published(job.params["plan_id"], progress)


async def committee_export(job: Job, progress: Progress) -> None:
    await render_export(job, progress)


async def application_notice(job: Job, progress: Progress) -> None:
    from workers.application import deliver_application_notice

    await deliver_application_notice(job.params)
    await progress(1, 1)


async def review_form(job: Job, progress: Progress) -> None:
    from workers.review_form import render_review_form_job

    await render_review_form_job(job, progress)


HANDLERS: dict[JobKind, Callable[[Job, Progress], Awaitable[None]]] = {
    JobKind.BINDING_DECISION_NOTICE: binding_decision_notice,
    JobKind.MESSAGE_BROADCAST: message_broadcast,
    JobKind.ACHIEVEMENT_DECISION_NOTICE: achievement_decision_notice,
    JobKind.PLAN_PUBLISHED_NOTICE: plan_published_notice,
    JobKind.COMMITTEE_EXPORT: committee_export,
    JobKind.APPLICATION_NOTICE: application_notice,
    JobKind.REVIEW_FORM: review_form,
}

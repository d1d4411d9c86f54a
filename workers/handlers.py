"""What each job kind does, given the attempt (workers/lease.py JobRun: the row, progress, chunks).

Every handler is idempotent: messages carry dedupe keys, files are looked up before they are made,
and fan-outs go on from the cursor the last attempt committed."""
from __future__ import annotations

from collections.abc import Awaitable, Callable

from strawberry import relay

from models.person.binding import Binding, BindingStatus
from models.messaging.broadcast import fan_out
from models.committee.excel import render_export
from models.core.job import JobKind
from models.messaging.models import deliver
from models.plan.notice import notify_plan_published
from workers.achievement import achievement_decision_notice
from workers.certificate import certificate_issue, certificate_render
from workers.certificate_report import certificate_export, certificate_report
from workers.lease import JobRun
from workers.talent_statistics import talent_statistics_export


async def binding_decision_notice(run: JobRun) -> None:
    job = run.job
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
    await run.progress(len(rows), len(rows))


async def message_broadcast(run: JobRun) -> None:
    await fan_out(run.job.id, run.job.params, run)


async def plan_published_notice(run: JobRun) -> None:
    await notify_plan_published(run.job.params["plan_id"], run)


async def achievement_notice(run: JobRun) -> None:
    await achievement_decision_notice(run.job, run.progress)


async def committee_export(run: JobRun) -> None:
    await render_export(run.job, run.progress)


async def application_notice(run: JobRun) -> None:
    from workers.application import deliver_application_notice

    await deliver_application_notice(run.job.params)
    await run.progress(1, 1)


async def review_form(run: JobRun) -> None:
    from workers.review_form import render_review_form_job

    await render_review_form_job(run.job, run.progress)


async def recognition_form(run: JobRun) -> None:
    from workers.recognition_form import render_recognition_form_job

    await render_recognition_form_job(run.job, run.progress)


HANDLERS: dict[JobKind, Callable[[JobRun], Awaitable[None]]] = {
    JobKind.BINDING_DECISION_NOTICE: binding_decision_notice,
    JobKind.MESSAGE_BROADCAST: message_broadcast,
    JobKind.ACHIEVEMENT_DECISION_NOTICE: achievement_notice,
    JobKind.PLAN_PUBLISHED_NOTICE: plan_published_notice,
    JobKind.COMMITTEE_EXPORT: committee_export,
    JobKind.APPLICATION_NOTICE: application_notice,
    JobKind.REVIEW_FORM: review_form,
    JobKind.CERTIFICATE_ISSUE: certificate_issue,
    JobKind.CERTIFICATE_RENDER: certificate_render,
    JobKind.CERTIFICATE_REPORT: certificate_report,
    JobKind.CERTIFICATE_EXPORT: certificate_export,
    JobKind.RECOGNITION_FORM: recognition_form,
    JobKind.TALENT_STATISTICS_EXPORT: talent_statistics_export,
}

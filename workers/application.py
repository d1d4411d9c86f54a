"""Messages about declarations: the person hears of each step, unit admins of new tasks."""
from __future__ import annotations

from strawberry import relay

from models.access.masking import mask_ids_in_label
from models.application.models import Application
from models.messaging.models import deliver
from models.person.models import Person
from models.unit.models import Unit, UnitAdmin
from models.workflow.models import NODE_LABELS, NodeKind, Task

PERSON_EVENTS = {
    "RETURNED": ("申报被退回", "{unit}退回了您的职称申报，请按意见修改后重新提交。审核意见：{opinion}"),
    "TERMINATED": ("申报被终止", "{unit}终止了您的职称申报，本年度不能再申报。意见：{opinion}"),
    "NODE_PASSED": ("申报审核进度", "您的职称申报已通过{node}（{unit}）。"),
    "SUPPLEMENTED": ("申报退回补充", "{unit}将您的职称申报退回上一审核单位补充材料。退回补充意见：{opinion}"),
    "APPROVED": ("申报审核通过", "您的职称申报已通过全部审核。"),
}


async def deliver_application_notice(params: dict) -> None:
    app = await Application.get_or_none(id=params["application_id"])
    task = await Task.get_or_none(id=params["task_id"]) if params.get("task_id") else None
    if app is None or task is None:
        return
    unit = await Unit.get(id=task.unit_id)
    link = {"link_type": "Application", "link_id": relay.to_base64("Application", app.id)}
    event = params["event"]
    if event == "TASK_CREATED":
        admins = await UnitAdmin.filter(unit_id=unit.id).values_list("account_id", flat=True)
        await deliver([{"recipient_id": account_id, "title": "新的待审核任务",
                        "body": f"{mask_ids_in_label(task.title)}，待{NODE_LABELS[NodeKind(task.node_kind)]}。",
                        "dedupe_key": f"task:{task.id}:{account_id}", **link} for account_id in admins])
        return
    title, template = PERSON_EVENTS[event]
    person = await Person.get(id=app.person_id)
    body = template.format(unit=unit.name, opinion=task.opinion, node=NODE_LABELS[NodeKind(task.node_kind)])
    await deliver([{"recipient_id": person.account_id, "title": title, "body": body,
                    "dedupe_key": f"application:{app.id}:{event}:{task.id}", **link}])

"""The HR bureau's review of a scheme (呈报方案审核): the EVALUATION_SCHEME process of the task engine.

One node, the bureau that manages the committee: PASS approves the scheme, RETURN sends it back to the
organizer to change and submit again (a new task then). No termination and no withdrawal: there is no
next node to take back. The organizer's admins hear of each decision, the bureau's of each new task.
"""
from __future__ import annotations

from strawberry import relay

from models.access.viewer import Viewer
from models.core.errors import refuse
from models.evaluation.models import EvaluationScheme, SchemeStatus
from models.messaging.models import deliver
from models.unit.models import Unit, UnitAdmin
from models.workflow.models import Decision, Task
from models.workflow.protocol import DecisionOptions


async def notify_unit_admins(unit_id: int, title: str, body: str, scheme_id: int, key: str) -> None:
    admins = await UnitAdmin.filter(unit_id=unit_id).values_list("account_id", flat=True)
    link = relay.to_base64("EvaluationScheme", scheme_id)
    await deliver([{"recipient_id": account_id, "title": title, "body": body, "link_type": "EvaluationScheme",
                    "link_id": link, "dedupe_key": f"{key}:{account_id}"} for account_id in admins])


class SchemeReviewProcess:
    async def on_decided(self, task: Task, decision: Decision, opinion: str, viewer: Viewer,
                         options: DecisionOptions) -> None:
        if decision == Decision.TERMINATE:
            raise refuse("INVALID", "呈报方案审核只能通过或退回", "decision")
        status = SchemeStatus.APPROVED if decision == Decision.PASS else SchemeStatus.RETURNED
        scheme = await EvaluationScheme.get(id=task.subject_id)
        if not await EvaluationScheme.filter(id=scheme.id, status=SchemeStatus.SUBMITTED).update(
                status=status, version=scheme.version + 1):
            raise refuse("CONFLICT", "呈报方案状态已变化，请刷新后重试", "taskId")
        bureau = await Unit.get(id=task.unit_id)
        verdict = "审核通过" if decision == Decision.PASS else f"退回，请修改后重新提交。审核意见：{opinion}"
        await notify_unit_admins(scheme.organizer_id, f"呈报方案{'审核通过' if decision == Decision.PASS else '被退回'}",
                                 f"{bureau.name}对呈报方案“{scheme.name}”的审核结果：{verdict}", scheme.id,
                                 f"scheme:{scheme.id}:{task.id}:{decision.value}")

    async def on_reopened(self, task: Task, cancelled: Task) -> None:
        raise refuse("NOT_WITHDRAWABLE", "呈报方案审核没有下一节点，不能撤回", "taskId")

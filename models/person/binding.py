"""Unit binding (人员注册审核): a person asks to belong to a unit; the unit decides.

The person's current unit changes only when a binding is approved.
"""
from __future__ import annotations

from datetime import datetime, timezone
from enum import Enum

from tortoise import fields
from tortoise.expressions import F
from tortoise.models import Model

from models.core import history
from models.core.errors import Collector, Forbidden, Problem, Refused, refuse
from models.core.history import OPINION_MAX, SubjectType
from models.core.job import JobKind
from models.core.transaction import create_job
from models.unit.models import FREELANCER_HOSTS, Unit


class BindingStatus(str, Enum):
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    RETURNED = "RETURNED"
    SUPERSEDED = "SUPERSEDED"  # replaced by a newer request before a decision


class Binding(Model):
    id = fields.BigIntField(primary_key=True)
    person = fields.ForeignKeyField("models.Person", related_name=False, on_delete=fields.CASCADE)
    unit = fields.ForeignKeyField("models.Unit", related_name=False, on_delete=fields.CASCADE)
    is_freelancer = fields.BooleanField(default=False)
    explanation = fields.CharField(max_length=200, default="")
    status = fields.CharEnumField(BindingStatus, max_length=12, default=BindingStatus.PENDING)
    opinion = fields.CharField(max_length=OPINION_MAX, default="")
    decided_by = fields.ForeignKeyField("models.Account", related_name=False, null=True, on_delete=fields.SET_NULL)
    decided_at = fields.DatetimeField(null=True)
    version = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "binding"
        indexes = (("unit_id", "status"), ("person_id", "status"))

class BindingDecision(str, Enum):
    PASS = "PASS"
    RETURN = "RETURN"


async def request_binding(person, unit_id: int, *, is_freelancer: bool, explanation: str, actor_id: int) -> Binding:
    """A new request (at registration or 变更单位) replaces any undecided one."""
    errors = Collector()
    errors.max_length(explanation, "explanation", "申请说明", 200)
    errors.raise_if_any()
    unit = await Unit.get_or_none(id=unit_id)
    if unit is None:
        raise refuse("NOT_FOUND", "所选单位不存在", "unitId")
    if is_freelancer and unit.kind not in FREELANCER_HOSTS:
        raise refuse("FREELANCER_NEEDS_HR_UNIT", "自由职业者请选择当地人社部门或人才服务中心作为自己的单位", "unitId")
    if person.current_unit_id == unit.id and bool(person.is_freelancer) == is_freelancer:
        raise refuse("ALREADY_BOUND", "您已是该单位人员，无需重复申请", "unitId")
    await Binding.filter(person_id=person.id, status=BindingStatus.PENDING).update(
        status=BindingStatus.SUPERSEDED, version=F("version") + 1)
    binding = await Binding.create(person_id=person.id, unit=unit, is_freelancer=is_freelancer,
                                   explanation=explanation)
    await history.record(SubjectType.BINDING, binding.id, "REQUESTED", actor_id=actor_id, unit_id=unit.id,
                         opinion=explanation)
    return binding


async def decide_bindings(viewer, binding_ids: list[int], decision: BindingDecision, opinion: str) -> list[Binding]:
    """PASS or RETURN several registrations at once: all are decided or none is. Each person is told by the
    notice job created here (inside the caller's ``atomic()``), whichever entry point decides."""
    errors = Collector()
    if not binding_ids:
        errors.add("REQUIRED", "请选择要审核的人员", "bindingIds")
    if len(binding_ids) > 100:
        errors.add("TOO_MANY", "一次最多审核100条", "bindingIds")
    if decision == BindingDecision.RETURN:
        errors.require(opinion.strip() or None, "opinion", "退回意见")
    errors.max_length(opinion, "opinion", "审核意见", OPINION_MAX)
    errors.raise_if_any()
    rows = {b.id: b for b in await Binding.filter(id__in=binding_ids).select_for_update()}
    problems: list[Problem] = []
    for index, binding_id in enumerate(binding_ids):
        row = rows.get(binding_id)
        if row is None:
            problems.append(Problem("NOT_FOUND", "注册申请不存在", ("bindingIds", str(index))))
        elif not (viewer.is_platform_admin or viewer.administers(row.unit_id)):
            raise Forbidden("只能审核本单位的人员注册")
        elif row.status != BindingStatus.PENDING:
            problems.append(Problem("NOT_PENDING", "该注册申请已处理或已被新的申请取代", ("bindingIds", str(index))))
    if problems:
        raise Refused(*problems)
    status = BindingStatus.APPROVED if decision == BindingDecision.PASS else BindingStatus.RETURNED
    decided_at = datetime.now(timezone.utc)
    for binding_id in dict.fromkeys(binding_ids):
        row = rows[binding_id]
        updated = await Binding.filter(id=row.id, status=BindingStatus.PENDING, version=row.version).update(
            status=status, version=row.version + 1, opinion=opinion.strip(), decided_by_id=viewer.account_id,
            decided_at=decided_at)
        if not updated:
            raise refuse("CONFLICT", "该注册申请刚被他人处理，请刷新后重试", "bindingIds")
        if status == BindingStatus.APPROVED:
            from models.person.models import Person

            await Person.filter(id=row.person_id).update(current_unit_id=row.unit_id, is_freelancer=row.is_freelancer)
        await history.record(SubjectType.BINDING, row.id, decision.value, actor_id=viewer.account_id,
                             unit_id=row.unit_id, opinion=opinion.strip())
    decided = list(await Binding.filter(id__in=binding_ids))
    await create_job(JobKind.BINDING_DECISION_NOTICE, {"binding_ids": [b.id for b in decided]}, viewer.account_id)
    return decided


async def require_approved_binding(person) -> None:
    """The guard every submission and declaration calls: the person must belong to a unit
    that approved them (人员注册审核通过)."""
    if person.current_unit_id is None:
        raise refuse("BINDING_NOT_APPROVED", "您的所在单位尚未审核通过您的注册，暂不能提交业绩或申报职称")

"""Composing and submitting an evaluation scheme (呈报方案) [003 §1.13, §1.14, §1.23].

The organizer picks the participants (applications the review chain approved for the plan), states the
experts it needs and the scoring rules (items whose weights add up to 100, a pass mark), attaches files,
and submits; the HR bureau that manages the committee reviews it in the task centre (models/evaluation/
review.py). Each part is replaced whole, refused whole: one call, one transaction, every problem named.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timezone
from decimal import Decimal

from tortoise.exceptions import IntegrityError

from models.access.evaluation import require_composes_scheme
from models.access.viewer import Viewer
from models.application.models import Application, ApplicationStatus
from models.catalogue.models import Level, Specialty
from models.committee.models import Committee
from models.core import history
from models.core.errors import Collector, refuse
from models.core.history import SubjectType
from models.evaluation.codes import EvaluationCode as Code
from models.evaluation.models import (EDITABLE, EvaluationScheme, SchemeAttachment, SchemeExpertNeed, SchemeKind,
                                      SchemeParticipant, SchemeScoringItem, SchemeStatus)
from models.plan.models import Plan, PlanStatus
from models.workflow.models import NodeKind, ProcessType
from models.workflow.protocol import create_task

MAX_PARTICIPANTS = 2000
MAX_EXPERT_NEEDS = 50
MAX_EXPERTS = 99
MAX_SCORING_ITEMS = 30
MAX_ATTACHMENTS = 10
NODE_FOR_KIND = {SchemeKind.NORMAL: NodeKind.SCHEME_REVIEW, SchemeKind.SPECIAL: NodeKind.SPECIAL_SCHEME_REVIEW}


def _check_facts(errors: Collector, data: dict, *, creating: bool) -> None:
    name = data.get("name")
    if creating or name is not None:
        if errors.require(name, "name", "方案名称"):
            errors.max_length(name, "name", "方案名称", 100)
    if data.get("kind") == SchemeKind.SPECIAL and not (data.get("special_reason") or "").strip():
        errors.add("REQUIRED", "特殊方案请填写特殊情况说明", "specialReason")
    errors.max_length(data.get("special_reason"), "specialReason", "特殊情况说明", 500)
    errors.max_length(data.get("remarks"), "remarks", "备注", 500)
    meeting = data.get("meeting_date")
    if meeting is not None and not date(2000, 1, 1) <= meeting <= date(2100, 12, 31):
        errors.add(Code.OUT_OF_RANGE, "拟评审日期不在合理范围内", "meetingDate")


def _clean(data: dict) -> dict:
    return {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items() if v is not None}


async def create_scheme(viewer: Viewer, plan_id: int, data: dict) -> EvaluationScheme:
    plan = await Plan.get_or_none(id=plan_id)
    if plan is None:
        raise refuse("NOT_FOUND", "评审计划不存在", "planId")
    await require_composes_scheme(viewer, plan)
    if plan.status == PlanStatus.DRAFT:
        raise refuse(Code.PLAN_NOT_PUBLISHED, "评审计划发布后才能编制呈报方案", "planId")
    data = _clean(data)
    errors = Collector()
    _check_facts(errors, data, creating=True)
    errors.raise_if_any()
    scheme = await EvaluationScheme.create(plan_id=plan.id, committee_id=plan.committee_id,
                                           organizer_id=plan.organizer_id, created_by_id=viewer.account_id,
                                           **{k: data[k] for k in ("name", "kind", "special_reason", "meeting_date",
                                                                   "remarks") if k in data})
    await history.record(SubjectType.EVALUATION_SCHEME, scheme.id, "CREATE", actor_id=viewer.account_id,
                         unit_id=plan.organizer_id)
    return scheme


async def editable(viewer: Viewer, scheme: EvaluationScheme) -> EvaluationScheme:
    """The scheme, locked for this change, if the viewer composes it and it is a draft or returned."""
    await require_composes_scheme(viewer, await Plan.get(id=scheme.plan_id))
    locked = await EvaluationScheme.filter(id=scheme.id).select_for_update().first()
    if locked.status not in EDITABLE:
        raise refuse(Code.NOT_EDITABLE, "呈报方案已提交或已审核通过，不能修改", "schemeId")
    return locked


async def update_scheme(viewer: Viewer, scheme: EvaluationScheme, data: dict) -> EvaluationScheme:
    scheme = await editable(viewer, scheme)
    data = _clean(data)
    merged = {"kind": scheme.kind, "special_reason": scheme.special_reason, **data}
    errors = Collector()
    _check_facts(errors, merged, creating=False)
    errors.raise_if_any()
    if data.get("kind") == SchemeKind.NORMAL and "special_reason" not in data:
        data["special_reason"] = ""
    if data:
        await EvaluationScheme.filter(id=scheme.id).update(**data, version=scheme.version + 1)
    return await EvaluationScheme.get(id=scheme.id)


async def set_participants(viewer: Viewer, scheme: EvaluationScheme, application_ids: list[int]) -> None:
    """参评人员: applications of this plan that completed the review chain, each in one scheme only."""
    scheme = await editable(viewer, scheme)
    errors = Collector()
    if len(application_ids) > MAX_PARTICIPANTS:
        raise refuse(Code.TOO_MANY, f"参评人员不能超过{MAX_PARTICIPANTS}人", "applicationIds")
    apps = {a.id: a for a in await Application.filter(id__in=application_ids)}
    taken = dict(await SchemeParticipant.filter(application_id__in=application_ids).exclude(
        scheme_id=scheme.id).values_list("application_id", "scheme_id"))
    seen: set[int] = set()
    for i, app_id in enumerate(application_ids):
        field = ("applicationIds", str(i))
        app = apps.get(app_id)
        if app_id in seen:
            errors.add(Code.DUPLICATE, "参评人员重复", *field)
        elif app is None or app.plan_id != scheme.plan_id or app.status != ApplicationStatus.APPROVED:
            errors.add(Code.NOT_A_PARTICIPANT, "该申报不属于本评审计划或尚未审核通过", *field)
        elif app_id in taken:
            errors.add(Code.ALREADY_IN_SCHEME, "该申报已在其他呈报方案中", *field)
        seen.add(app_id)
    errors.raise_if_any()
    await SchemeParticipant.filter(scheme_id=scheme.id).delete()
    try:
        await SchemeParticipant.bulk_create([SchemeParticipant(scheme_id=scheme.id, application_id=a, sort=i)
                                             for i, a in enumerate(application_ids)])
    except IntegrityError:  # another scheme took one of them since the check: the unique key says so
        raise refuse(Code.ALREADY_IN_SCHEME, "有申报刚被加入其他呈报方案，请刷新后重试", "applicationIds") from None


async def set_expert_needs(viewer: Viewer, scheme: EvaluationScheme, needs: list[dict]) -> None:
    """专家需求: specialties of the committee's series, a level, 1–99 experts each, no pair twice."""
    scheme = await editable(viewer, scheme)
    if len(needs) > MAX_EXPERT_NEEDS:
        raise refuse(Code.TOO_MANY, f"专家需求不能超过{MAX_EXPERT_NEEDS}条", "needs")
    committee = await Committee.get(id=scheme.committee_id)
    specialties = {s.id: s for s in await Specialty.filter(id__in=[n["specialty_id"] for n in needs])}
    errors = Collector()
    seen: set[tuple[int, str]] = set()
    for i, need in enumerate(needs):
        specialty = specialties.get(need["specialty_id"])
        if specialty is None:
            errors.add("NOT_FOUND", "专业不存在", "needs", str(i), "specialtyId")
        elif specialty.series_id != committee.series_id:
            errors.add(Code.SPECIALTY_NOT_IN_SERIES, "专业不属于本评委会的职称系列", "needs", str(i), "specialtyId")
        if not 1 <= need["count"] <= MAX_EXPERTS:
            errors.add(Code.OUT_OF_RANGE, f"专家人数应为1–{MAX_EXPERTS}人", "needs", str(i), "count")
        key = (need["specialty_id"], Level(need["level"]).value)
        if key in seen:
            errors.add(Code.DUPLICATE, "同一专业和级别的专家需求重复", "needs", str(i))
        seen.add(key)
    errors.raise_if_any()
    await SchemeExpertNeed.filter(scheme_id=scheme.id).delete()
    await SchemeExpertNeed.bulk_create([SchemeExpertNeed(scheme_id=scheme.id, specialty_id=n["specialty_id"],
                                                         level=Level(n["level"]), count=n["count"], sort=i)
                                        for i, n in enumerate(needs)])


def _check_weight(errors: Collector, value: Decimal, *field: str) -> None:
    if not Decimal(0) < value <= Decimal(100) or value != value.quantize(Decimal("0.01")):
        errors.add(Code.OUT_OF_RANGE, "权重应大于0、不超过100，最多两位小数", *field)


async def set_scoring(viewer: Viewer, scheme: EvaluationScheme, items: list[dict], pass_mark: Decimal) -> None:
    """打分细则: 1–30 named items whose weights add up to 100, and the pass mark (of 100)."""
    scheme = await editable(viewer, scheme)
    errors = Collector()
    if not items:
        errors.add("REQUIRED", "请至少填写一项打分细则", "items")
    if len(items) > MAX_SCORING_ITEMS:
        raise refuse(Code.TOO_MANY, f"打分细则不能超过{MAX_SCORING_ITEMS}项", "items")
    names: set[str] = set()
    for i, item in enumerate(items):
        name = (item.get("name") or "").strip()
        if errors.require(name, "items", "打分项名称"):
            errors.max_length(name, "items", "打分项名称", 50)
        if name in names:
            errors.add(Code.DUPLICATE, "打分项名称重复", "items", str(i), "name")
        names.add(name)
        errors.max_length(item.get("description"), "items", "打分说明", 300)
        _check_weight(errors, item["weight"], "items", str(i), "weight")
    if items and sum((item["weight"] for item in items), Decimal(0)) != Decimal(100):
        errors.add(Code.WEIGHTS_NOT_100, "各打分项权重之和应为100", "items")
    if not Decimal(0) < pass_mark <= Decimal(100) or pass_mark != pass_mark.quantize(Decimal("0.01")):
        errors.add(Code.OUT_OF_RANGE, "通过分数线应大于0、不超过100，最多两位小数", "passMark")
    errors.raise_if_any()
    await SchemeScoringItem.filter(scheme_id=scheme.id).delete()
    await SchemeScoringItem.bulk_create([SchemeScoringItem(scheme_id=scheme.id, name=item["name"].strip(),
                                                           weight=item["weight"], sort=i,
                                                           description=(item.get("description") or "").strip())
                                         for i, item in enumerate(items)])
    await EvaluationScheme.filter(id=scheme.id).update(pass_mark=pass_mark, version=scheme.version + 1)


async def check_attachment_slot(viewer: Viewer, scheme: EvaluationScheme) -> None:
    """Before a file is stored: the scheme is editable and has room for one more."""
    scheme = await editable(viewer, scheme)
    if await SchemeAttachment.filter(scheme_id=scheme.id).count() >= MAX_ATTACHMENTS:
        raise refuse(Code.TOO_MANY_FILES, f"方案附件不能超过{MAX_ATTACHMENTS}个", "file")


async def add_attachment(viewer: Viewer, scheme: EvaluationScheme, file_id: int) -> SchemeAttachment:
    await check_attachment_slot(viewer, scheme)
    count = await SchemeAttachment.filter(scheme_id=scheme.id).count()
    return await SchemeAttachment.create(scheme_id=scheme.id, file_id=file_id, sort=count)


async def remove_attachment(viewer: Viewer, scheme: EvaluationScheme, attachment_id: int) -> None:
    scheme = await editable(viewer, scheme)
    if not await SchemeAttachment.filter(id=attachment_id, scheme_id=scheme.id).delete():
        raise refuse("NOT_FOUND", "该附件不属于此呈报方案", "attachmentId")


async def _missing_parts(scheme: EvaluationScheme) -> Iterable[tuple[str, str]]:
    if not await SchemeParticipant.filter(scheme_id=scheme.id).exists():
        yield "participants", "请选择参评人员"
    if not await SchemeExpertNeed.filter(scheme_id=scheme.id).exists():
        yield "expertNeeds", "请填写专家需求"
    if scheme.pass_mark is None or not await SchemeScoringItem.filter(scheme_id=scheme.id).exists():
        yield "scoring", "请填写打分细则和通过分数线"


async def submit_scheme(viewer: Viewer, scheme: EvaluationScheme) -> EvaluationScheme:
    """→ SUBMITTED, and a task for the HR bureau that manages the committee: a normal scheme to its
    scheme reviewers, a special one to its special-case reviewers (different node kinds)."""
    scheme = await editable(viewer, scheme)
    errors = Collector()
    async for field, message in _missing_parts(scheme):
        errors.add(Code.INCOMPLETE, message, field)
    errors.raise_if_any()
    committee = await Committee.get(id=scheme.committee_id)
    await EvaluationScheme.filter(id=scheme.id).update(status=SchemeStatus.SUBMITTED, version=scheme.version + 1,
                                                       submitted_at=datetime.now(timezone.utc))
    label = "呈报方案（特殊情况）" if scheme.kind == SchemeKind.SPECIAL else "呈报方案"
    await create_task(ProcessType.EVALUATION_SCHEME, scheme.id, committee.managing_unit_id,
                      NODE_FOR_KIND[SchemeKind(scheme.kind)], f"{label}-{committee.name}-{scheme.name}"[:200], None)
    await history.record(SubjectType.EVALUATION_SCHEME, scheme.id, "SUBMIT", actor_id=viewer.account_id,
                         unit_id=scheme.organizer_id)
    return await EvaluationScheme.get(id=scheme.id)

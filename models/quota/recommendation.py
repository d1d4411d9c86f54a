"""单位推荐意见: what an employer records before it passes an application — the recommendation files,
and for public institutions whether the application occupies a post (models/quota/rules.py).

``employer_pass_guard`` is one of the APPLICATION process's checks before an employer passes; the
process registry (models/workflow/processes.py) hands it to the process.
"""
from __future__ import annotations

from datetime import datetime, timezone

from tortoise.exceptions import IntegrityError

from models.access.viewer import Viewer
from models.application.models import Application
from models.catalogue.models import Level
from models.core.errors import Collector, Forbidden, refuse
from models.person.models import Person
from models.plan.models import Plan
from models.quota.models import LEVEL_LABELS, QuotaUse, RecommendationFile, RecommendationFileKind
from models.quota.rules import (FILE_TYPES, MAX_FILE_BYTES, has_quota, holding_uses, locked_quota, occupied,
                                take_post)
from models.unit.models import Unit
from models.core.upload import receive_upload
from models.workflow.models import NodeKind, ProcessType, Task, TaskStatus
from models.workflow.protocol import DecisionOptions
from models.core.storage import Storage

MAX_FILES_PER_KIND = 5
FILE_LABELS = {RecommendationFileKind.RECOMMENDATION: "单位推荐意见",
               RecommendationFileKind.PUBLICITY_PROOF: "单位公示证明和材料",
               RecommendationFileKind.OTHER: "单位审批其他材料"}


def _now() -> datetime:
    return datetime.now(timezone.utc)


async def employer_task(viewer: Viewer, app: Application) -> Task:
    """The employer's active task for ``app`` that this admin may act on: claimed by them, or READY where
    the unit skips claiming. Recommendations are recorded only while the employer reviews."""
    account_id = viewer.require_account()
    if not viewer.administers(app.unit_id):
        raise Forbidden("只有申报人所在单位的管理员可以推荐")
    task = await Task.filter(process_type=ProcessType.APPLICATION, subject_id=app.id, unit_id=app.unit_id,
                             node_kind=NodeKind.EMPLOYER,
                             status__in=[TaskStatus.READY, TaskStatus.CLAIMED]).order_by("-id").first()
    if task is None:
        raise refuse("NOT_ACTIVE", "该申报当前不在本单位审核环节", "applicationId")
    if task.status == TaskStatus.READY:
        if not (await Unit.get(id=task.unit_id)).skip_claim:
            raise refuse("NOT_CLAIMED", "请先领取该审核任务", "applicationId")
    elif task.claimed_by_id != account_id:
        raise refuse("CONFLICT", "该审核任务已被其他管理员领取", "applicationId")
    return task


async def recommend(viewer: Viewer, app: Application, occupies: bool, reason: str | None) -> QuotaUse:
    """是否占用职数 for a public institution's application; a reason is required when it does not occupy.
    Occupying takes a vacancy of the application's level under the quota row's lock (NO_VACANCY)."""
    await employer_task(viewer, app)
    unit = await Unit.get(id=app.unit_id)
    if not has_quota(unit):
        raise refuse("NOT_APPLICABLE", "只有事业单位、事业单位(中直)需要选择是否占用职数", "occupiesPost")
    reason = (reason or "").strip()
    errors = Collector()
    if not occupies:
        errors.require(reason, "reason", "不占用职数的说明")
    errors.max_length(reason, "reason", "说明", 500)
    errors.raise_if_any()
    if occupies:
        await take_post(app.id, unit.id, app.year, app.level)
    values = {"unit_id": unit.id, "year": app.year, "level": Level(app.level), "occupies": occupies,
              "reason": reason, "created_by_id": viewer.account_id, "recorded_at": _now()}
    existing = await QuotaUse.get_or_none(application_id=app.id)
    if existing is not None:
        await QuotaUse.filter(id=existing.id).update(**values)
        return await QuotaUse.get(id=existing.id)
    try:
        return await QuotaUse.create(application_id=app.id, **values)
    except IntegrityError:
        raise refuse("CONFLICT", "推荐信息刚刚已被记录，请刷新后重试", "applicationId") from None


async def add_file(viewer: Viewer, storage: Storage, app: Application, kind: RecommendationFileKind,
                   upload) -> RecommendationFile:
    """上传单位推荐意见 / 公示证明 / 其他材料: PDF, JPG or PNG of at most 10 MB, while the employer reviews."""
    await employer_task(viewer, app)
    if await RecommendationFile.filter(application_id=app.id, kind=kind).count() >= MAX_FILES_PER_KIND:
        raise refuse("TOO_MANY_FILES", f"{FILE_LABELS[kind]}最多上传{MAX_FILES_PER_KIND}个", "file")
    stored = await receive_upload(storage, upload, purpose="recommendation", allowed_types=FILE_TYPES,
                                  max_bytes=MAX_FILE_BYTES, owner_id=viewer.account_id, field="file")
    return await RecommendationFile.create(application_id=app.id, kind=kind, file_id=stored.id,
                                           uploaded_by_id=viewer.account_id)


async def delete_file(viewer: Viewer, file_id: int) -> RecommendationFile:
    viewer.require_account()
    row = await RecommendationFile.get_or_none(id=file_id)
    if row is None:
        raise refuse("NOT_FOUND", "推荐材料不存在", "recommendationFileId")
    await employer_task(viewer, await Application.get(id=row.application_id))
    await RecommendationFile.filter(id=row.id).delete()
    return row


async def employer_pass_guard(app: Application, task: Task, options: DecisionOptions) -> None:
    """Before an employer passes: a public institution has decided on the post under a confirmed quota
    with a vacancy left; where the plan asks, the recommendation and publicity proof are uploaded."""
    errors = Collector()
    unit = await Unit.get(id=app.unit_id)
    # Freelancers hosted by a talent centre or HR bureau occupy none of that unit's posts.
    freelancer = await Person.filter(id=app.person_id, is_freelancer=True).exists()
    if has_quota(unit) and not freelancer:
        use = await holding_uses(application_id=app.id).first()
        if use is None:
            errors.add("QUOTA_DECISION_REQUIRED", "请先选择该申报人员是否占用本单位职数（单位推荐）")
        quota = await locked_quota(unit.id, app.year)
        if quota is None or quota.confirmed_at is None:
            errors.add("QUOTA_NOT_CONFIRMED", f"本单位{app.year}年度岗位核准信息尚未设置或确认")
        elif use is not None and use.occupies and await occupied(
                unit.id, app.year, use.level, excluding_application=app.id) >= quota.vacancies(use.level):
            errors.add("NO_VACANCY", f"本单位{app.year}年度{LEVEL_LABELS[Level(use.level)]}空缺岗位已用完")
    if (await Plan.get(id=app.plan_id)).requires_recommendation:
        kinds = set(await RecommendationFile.filter(application_id=app.id).values_list("kind", flat=True))
        for kind in (RecommendationFileKind.RECOMMENDATION, RecommendationFileKind.PUBLICITY_PROOF):
            if kind not in kinds:
                errors.add("RECOMMENDATION_REQUIRED", f"请先上传{FILE_LABELS[kind]}")
    errors.raise_if_any()

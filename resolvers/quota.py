"""岗位核准 and 单位推荐: thin calls into models/quota/rules.py and models/quota/recommendation.py.

What these record is checked when the employer passes (taskDecide): models/workflow/processes.py gives
the APPLICATION process the employer_pass_guard.
"""
from __future__ import annotations

import strawberry

from models.quota import rules as quota_rules
from models.quota import recommendation as rules
from models.access.application import can_view_application
from models.application.models import Application as ApplicationRow
from models.core.errors import Forbidden, Refused, refuse
from models.quota.models import PostQuota as PostQuotaRow
from models.quota.models import QuotaUse as QuotaUseRow
from models.quota.models import RecommendationFile as FileRow
from models.quota.models import RecommendationFileKind
from models.unit.models import Unit as UnitRow
from resolvers.core.mutation import payload_mutation
from schema.application.types import Application
from schema.core.ids import decode_id
from schema.core.context import Info
from schema.core.permissions import IsSignedIn
from schema.quota import (ApplicationRecommendInput, ApplicationRecommendPayload, PostQuota, PostQuotaAdjustInput,
                          PostQuotaConfirmInput, PostQuotaPayload, PostQuotaSetInput, QuotaUse, RecommendationFile,
                          RecommendationFileAddInput, RecommendationFileDeleteInput, RecommendationFileDeletePayload,
                          RecommendationFilePayload)
from schema.unit import Unit


def _counts(input) -> dict[str, int]:
    return {"senior": input.senior, "associate_senior": input.associate_senior,
            "intermediate": input.intermediate, "primary": input.primary}


async def _unit(unit_id: strawberry.ID) -> UnitRow:
    row = await UnitRow.get_or_none(id=decode_id(unit_id, Unit, "unitId"))
    if row is None:
        raise refuse("NOT_FOUND", "单位不存在", "unitId")
    return row


async def _application(application_id: strawberry.ID) -> ApplicationRow:
    row = await ApplicationRow.get_or_none(id=decode_id(application_id, Application, "applicationId"))
    if row is None:
        raise refuse("NOT_FOUND", "申报不存在", "applicationId")
    return row


async def _visible_application(info: Info, application_id: strawberry.ID) -> ApplicationRow:
    """For queries: a missing application, a bad ID and one you may not see all read as FORBIDDEN."""
    try:
        app = await _application(application_id)
    except Refused:
        app = None
    if app is None or not await can_view_application(info.context.viewer, app):
        raise Forbidden("申报不存在或无权查看")
    return app


@strawberry.type
class QuotaQueries:
    @strawberry.field(description="岗位核准信息 of a unit for a year, with its counters; null when not set. For the "
                                  "unit's admins, the HR bureaus above it and platform admins.",
                      permission_classes=[IsSignedIn])
    async def post_quota(self, info: Info, unit_id: strawberry.ID, year: int) -> PostQuota | None:
        viewer = info.context.viewer
        try:
            unit = await _unit(unit_id)
        except Refused:
            unit = None
        if unit is None or not viewer.manages_unit(unit):
            raise Forbidden("单位不存在或无权查看其岗位核准信息")
        row = await PostQuotaRow.get_or_none(unit_id=unit.id, year=year)
        return PostQuota.of(row) if row else None

    @strawberry.field(description="The employer's post decision (是否占用职数) for an application; null when none.",
                      permission_classes=[IsSignedIn])
    async def quota_use(self, info: Info, application_id: strawberry.ID) -> QuotaUse | None:
        app = await _visible_application(info, application_id)
        row = await QuotaUseRow.get_or_none(application_id=app.id)
        return QuotaUse.of(row) if row else None

    @strawberry.field(description="单位推荐意见: the employer's recommendation files for an application, oldest first.",
                      permission_classes=[IsSignedIn])
    async def recommendation_files(self, info: Info, application_id: strawberry.ID) -> list[RecommendationFile]:
        app = await _visible_application(info, application_id)
        return [RecommendationFile.of(r) for r in await FileRow.filter(application_id=app.id).order_by("id")]


@strawberry.type
class QuotaMutations:
    @strawberry.mutation(description="新增 / 修改岗位核准信息: the year's vacancies and the stamped 岗位核准表. Only "
                                     "事业单位 / 事业单位(中直); once confirmed, QUOTA_CONFIRMED.",
                         permission_classes=[IsSignedIn])
    @payload_mutation(PostQuotaPayload)
    async def post_quota_set(self, info: Info, input: PostQuotaSetInput) -> dict:
        unit = await _unit(input.unit_id)
        row = await quota_rules.set_quota(info.context.viewer, info.context.services.storage, unit, input.year,
                                          _counts(input), input.approval_file)
        return {"post_quota": PostQuota.of(row)}

    @strawberry.mutation(description="确认岗位核准信息 (一年度只能设置一次，确认后不可更改).",
                         permission_classes=[IsSignedIn])
    @payload_mutation(PostQuotaPayload)
    async def post_quota_confirm(self, info: Info, input: PostQuotaConfirmInput) -> dict:
        unit = await _unit(input.unit_id)
        return {"post_quota": PostQuota.of(await quota_rules.confirm_quota(info.context.viewer, unit, input.year))}

    @strawberry.mutation(description="An HR bureau covering the unit's region changes its quota, with a reason; the "
                                     "change is kept in the quota's history.", permission_classes=[IsSignedIn])
    @payload_mutation(PostQuotaPayload)
    async def post_quota_adjust(self, info: Info, input: PostQuotaAdjustInput) -> dict:
        unit = await _unit(input.unit_id)
        row = await quota_rules.adjust_quota(info.context.viewer, info.context.services.storage, unit, input.year,
                                             _counts(input), input.reason, input.approval_file)
        return {"post_quota": PostQuota.of(row)}

    @strawberry.mutation(description="推荐: record whether the application occupies a post (事业单位 only) while your "
                                     "unit reviews it; NO_VACANCY when none of its level remains.",
                         permission_classes=[IsSignedIn])
    @payload_mutation(ApplicationRecommendPayload)
    async def application_recommend(self, info: Info, input: ApplicationRecommendInput) -> dict:
        app = await _application(input.application_id)
        use = await rules.recommend(info.context.viewer, app, input.occupies_post, input.reason)
        quota = await PostQuotaRow.get_or_none(unit_id=use.unit_id, year=use.year)
        return {"quota_use": QuotaUse.of(use), "post_quota": PostQuota.of(quota) if quota else None}

    @strawberry.mutation(description="上传单位推荐意见 / 公示证明 / 其他材料 while your unit reviews the application.",
                         permission_classes=[IsSignedIn])
    @payload_mutation(RecommendationFilePayload)
    async def recommendation_file_add(self, info: Info, input: RecommendationFileAddInput) -> dict:
        app = await _application(input.application_id)
        row = await rules.add_file(info.context.viewer, info.context.services.storage, app,
                                   RecommendationFileKind(input.kind.value), input.file)
        return {"recommendation_file": RecommendationFile.of(row)}

    @strawberry.mutation(description="Delete a recommendation file while your unit reviews the application.",
                         permission_classes=[IsSignedIn])
    @payload_mutation(RecommendationFileDeletePayload)
    async def recommendation_file_delete(self, info: Info, input: RecommendationFileDeleteInput) -> dict:
        pk = decode_id(input.recommendation_file_id, RecommendationFile, "recommendationFileId")
        await rules.delete_file(info.context.viewer, pk)
        return {"deleted_id": input.recommendation_file_id}

"""岗位核准 rules: set once a year by the unit, confirmed, then changed only by an HR bureau above it.

Counters come from one grouped query. Taking a post happens under a row lock on the PostQuota row,
so two recommendations cannot both take the last vacancy; vacancies never drop below what is taken.
"""
from __future__ import annotations

from datetime import datetime, timezone

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.functions import Count

from models.access.viewer import Viewer
from models.application.models import ApplicationStatus
from models.catalogue.models import Level
from models.core.errors import Collector, Forbidden, refuse
from models.quota.models import LEVEL_COLUMNS, LEVEL_LABELS, PostQuota, PostQuotaChange, QuotaUse
from models.region.models import region_covers
from models.unit.models import Unit, UnitKind, UnitNature
from models.core.upload import receive_upload
from models.core.storage import Storage

QUOTA_NATURES = (UnitNature.PUBLIC_INSTITUTION, UnitNature.CENTRAL_PUBLIC_INSTITUTION)
FILE_TYPES = ("application/pdf", "image/jpeg", "image/png")
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_VACANCIES = 100_000
# Applications whose recommendation still holds: in review or approved (a return or termination frees it).
HOLDING = (ApplicationStatus.IN_REVIEW, ApplicationStatus.APPROVED)
FIELD_NAMES = {"senior": "senior", "associate_senior": "associateSenior", "intermediate": "intermediate",
               "primary": "primary"}


def _now() -> datetime:
    return datetime.now(timezone.utc)


def has_quota(unit: Unit) -> bool:
    """Only 事业单位 and 事业单位(中直) keep post quotas."""
    return unit.nature in QUOTA_NATURES


def _require_applicable(unit: Unit) -> None:
    if not has_quota(unit):
        raise refuse("NOT_APPLICABLE", "只有事业单位、事业单位(中直)需要设置岗位核准信息", "unitId")


def holding_uses(**filters):
    """QuotaUse rows that count: the application still holds the decision made in its current round."""
    return QuotaUse.filter(application__status__in=list(HOLDING),
                           recorded_at__gte=F("application__submitted_at"), **filters)


async def usage(keys: list[tuple[int, int]]) -> dict[tuple[int, int, str], dict[bool, int]]:
    """(unit id, year) pairs → {(unit, year, level): {occupies: count}}, in one grouped query."""
    found: dict[tuple[int, int, str], dict[bool, int]] = {}
    if not keys:
        return found
    rows = await (holding_uses(unit_id__in={u for u, _ in keys}, year__in={y for _, y in keys})
                  .annotate(n=Count("id")).group_by("unit_id", "year", "level", "occupies")
                  .values("unit_id", "year", "level", "occupies", "n"))
    for r in rows:
        found.setdefault((r["unit_id"], r["year"], Level(r["level"]).value), {})[bool(r["occupies"])] = r["n"]
    return found


async def occupied(unit_id: int, year: int, level: Level | str, *, excluding_application: int | None = None) -> int:
    qs = holding_uses(unit_id=unit_id, year=year, level=Level(level), occupies=True)
    if excluding_application is not None:
        qs = qs.exclude(application_id=excluding_application)
    return await qs.count()


async def locked_quota(unit_id: int, year: int) -> PostQuota | None:
    return await PostQuota.filter(unit_id=unit_id, year=year).select_for_update().first()


def _check_counts(errors: Collector, counts: dict[str, int]) -> None:
    for column, value in counts.items():
        if value is None or value < 0 or value > MAX_VACANCIES:
            errors.add("INVALID", f"空缺岗位数应为0到{MAX_VACANCIES}之间的整数", FIELD_NAMES[column])


def _check_year(errors: Collector, year: int) -> None:
    if not 2000 <= year <= _now().year + 1:
        errors.add("INVALID", "核准年度不正确", "year")


async def _check_not_below_taken(quota: PostQuota, counts: dict[str, int]) -> None:
    """Vacancies may not drop below the posts recommendations already occupy."""
    errors = Collector()
    taken = await usage([(quota.unit_id, quota.year)])
    for level, column in LEVEL_COLUMNS.items():
        used = taken.get((quota.unit_id, quota.year, level.value), {}).get(True, 0)
        if counts[column] < used:
            errors.add("BELOW_OCCUPIED", f"{LEVEL_LABELS[level]}已有{used}人推荐占用职数，空缺数不能少于{used}",
                       FIELD_NAMES[column])
    errors.raise_if_any()


async def _store(storage: Storage, upload, viewer: Viewer, field: str):
    return await receive_upload(storage, upload, purpose="post_quota", allowed_types=FILE_TYPES,
                                max_bytes=MAX_FILE_BYTES, owner_id=viewer.account_id, field=field)


async def set_quota(viewer: Viewer, storage: Storage, unit: Unit, year: int, counts: dict[str, int],
                    upload=None) -> PostQuota:
    """新增 / 修改 the year's vacancies with the stamped 岗位核准表: the unit's admins, until confirmed."""
    account_id = viewer.require_account()
    if not viewer.administers(unit.id):
        raise Forbidden("只有本单位管理员可以设置岗位核准信息")
    _require_applicable(unit)
    errors = Collector()
    _check_year(errors, year)
    _check_counts(errors, counts)
    errors.raise_if_any()
    quota = await locked_quota(unit.id, year)
    if quota is not None and quota.confirmed_at is not None:
        raise refuse("QUOTA_CONFIRMED", f"{year}年度岗位核准信息已确认，不能再修改；如需修改请联系人社部门", "year")
    if quota is None and upload is None:
        raise refuse("REQUIRED", "请上传单位盖章后的岗位核准表", "approvalFile")
    if quota is not None:
        await _check_not_below_taken(quota, counts)
    stored = await _store(storage, upload, viewer, "approvalFile") if upload is not None else None
    if quota is None:
        try:
            return await PostQuota.create(unit_id=unit.id, year=year, approval_file_id=stored.id,
                                          created_by_id=account_id, **counts)
        except IntegrityError:
            raise refuse("CONFLICT", f"{year}年度岗位核准信息刚刚已被设置，请刷新后重试", "year") from None
    values = dict(counts, version=quota.version + 1)
    if stored is not None:
        values["approval_file_id"] = stored.id
    await PostQuota.filter(id=quota.id).update(**values)
    return await PostQuota.get(id=quota.id)


async def confirm_quota(viewer: Viewer, unit: Unit, year: int) -> PostQuota:
    """确认: from now on only an HR bureau above the unit changes the year's quota."""
    account_id = viewer.require_account()
    if not viewer.administers(unit.id):
        raise Forbidden("只有本单位管理员可以确认岗位核准信息")
    _require_applicable(unit)
    quota = await locked_quota(unit.id, year)
    if quota is None:
        raise refuse("QUOTA_NOT_SET", f"尚未设置{year}年度岗位核准信息", "year")
    if quota.confirmed_at is not None:
        raise refuse("QUOTA_CONFIRMED", f"{year}年度岗位核准信息已确认", "year")
    await PostQuota.filter(id=quota.id).update(confirmed_at=_now(), confirmed_by_id=account_id,
                                               version=quota.version + 1)
    return await PostQuota.get(id=quota.id)


def _hr_unit_for(viewer: Viewer, unit: Unit) -> int | None:
    """The viewer's HR bureau whose region covers the unit (the most local one)."""
    bureaus = [u for u in viewer.admin_units.values()
               if u.kind == UnitKind.HR_BUREAU and region_covers(u.region_id, unit.region_id)]
    bureaus.sort(key=lambda u: len(u.region_id.rstrip("0")), reverse=True)
    return bureaus[0].id if bureaus else None


async def adjust_quota(viewer: Viewer, storage: Storage, unit: Unit, year: int, counts: dict[str, int],
                       reason: str | None, upload=None) -> PostQuota:
    """An HR bureau covering the unit's region changes the quota, with a reason; the change is kept."""
    account_id = viewer.require_account()
    bureau_id = _hr_unit_for(viewer, unit)
    if bureau_id is None:
        raise Forbidden("只有单位所在地区的人社部门可以修改岗位核准信息")
    _require_applicable(unit)
    errors = Collector()
    reason = (reason or "").strip()
    errors.require(reason, "reason", "修改原因")
    errors.max_length(reason, "reason", "修改原因", 500)
    _check_counts(errors, counts)
    errors.raise_if_any()
    quota = await locked_quota(unit.id, year)
    if quota is None:
        raise refuse("QUOTA_NOT_SET", f"该单位尚未设置{year}年度岗位核准信息", "year")
    if quota.counts() == counts and upload is None:
        raise refuse("NO_CHANGE", "岗位数与附件均没有变化")
    await _check_not_below_taken(quota, counts)
    stored = await _store(storage, upload, viewer, "approvalFile") if upload is not None else None
    old = dict(quota.counts(), approval_file_id=quota.approval_file_id)
    values = dict(counts, version=quota.version + 1, approval_file_id=stored.id if stored else quota.approval_file_id)
    await PostQuota.filter(id=quota.id).update(**values)
    await PostQuotaChange.create(post_quota_id=quota.id, changed_by_id=account_id, unit_id=bureau_id, reason=reason,
                                 old=old, new=dict(counts, approval_file_id=values["approval_file_id"]))
    return await PostQuota.get(id=quota.id)


async def take_post(app_id: int, unit_id: int, year: int, level: Level | str) -> PostQuota:
    """Under the quota row's lock: refuses unless a vacancy of ``level`` remains for this application."""
    quota = await locked_quota(unit_id, year)
    if quota is None:
        raise refuse("QUOTA_NOT_SET", f"本单位尚未设置{year}年度岗位核准信息，不能占用职数", "occupiesPost")
    taken = await occupied(unit_id, year, level, excluding_application=app_id)
    if taken >= quota.vacancies(level):
        raise refuse("NO_VACANCY", f"本单位{year}年度{LEVEL_LABELS[Level(level)]}空缺岗位已用完", "occupiesPost")
    return quota

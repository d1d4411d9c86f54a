"""黑名单 (003 §1.21): HR bureaus bar a person from declaring for a period, and may lift it with a reason."""
from __future__ import annotations

from datetime import date, datetime, timezone

from models.core import history
from models.core.history import SubjectType
from models.access.blacklist import oversees_blacklist
from models.access.viewer import Viewer
from models.blacklist.models import BlacklistEntry
from models.core.errors import Collector, Forbidden, refuse
from models.person.models import Person
from models.unit.models import Unit


async def _require_oversees(viewer: Viewer, person: Person) -> None:
    viewer.require_account()
    if viewer.is_platform_admin:
        return
    unit = await Unit.get_or_none(id=person.current_unit_id) if person.current_unit_id else None
    if not oversees_blacklist(viewer, unit.region_id if unit else None):
        raise Forbidden("只能管理本人社部门管辖范围内人员的黑名单")


async def add_entry(viewer: Viewer, person_id: int, reason: str, starts_on: date, ends_on: date) -> BlacklistEntry:
    errors = Collector()
    if errors.require(reason.strip() or None, "reason", "列入原因"):
        errors.max_length(reason, "reason", "列入原因", 500)
    if ends_on < starts_on:
        errors.add("INVALID_DATE", "结束日期不能早于开始日期", "endsOn")
    errors.raise_if_any()
    person = await Person.get_or_none(id=person_id)
    if person is None:
        raise refuse("NOT_FOUND", "人员不存在", "personId")
    await _require_oversees(viewer, person)
    entry = await BlacklistEntry.create(person=person, reason=reason.strip(), starts_on=starts_on, ends_on=ends_on,
                                        created_by_id=viewer.account_id)
    await history.record(SubjectType.BLACKLIST_ENTRY, entry.id, "ADDED", actor_id=viewer.account_id,
                         opinion=reason.strip())
    return entry


async def lift_entry(viewer: Viewer, entry_id: int, reason: str) -> BlacklistEntry:
    errors = Collector()
    if errors.require(reason.strip() or None, "reason", "解除原因"):
        errors.max_length(reason, "reason", "解除原因", 500)
    errors.raise_if_any()
    entry = await BlacklistEntry.filter(id=entry_id).select_for_update().first()
    if entry is None:
        raise refuse("NOT_FOUND", "黑名单记录不存在", "entryId")
    await _require_oversees(viewer, await Person.get(id=entry.person_id))
    if entry.lifted_at is not None:
        raise refuse("ALREADY_LIFTED", "该黑名单记录已解除", "entryId")
    await BlacklistEntry.filter(id=entry.id).update(lifted_at=datetime.now(timezone.utc), lift_reason=reason.strip())
    await history.record(SubjectType.BLACKLIST_ENTRY, entry.id, "LIFTED", actor_id=viewer.account_id,
                         opinion=reason.strip())
    return await BlacklistEntry.get(id=entry.id)


async def active_blacklisting(person_id: int, on: date | None = None) -> BlacklistEntry | None:
    """The entry barring the person on ``on`` (today by default), if any."""
    on = on or date.today()
    return await BlacklistEntry.filter(person_id=person_id, lifted_at__isnull=True, starts_on__lte=on,
                                       ends_on__gte=on).first()

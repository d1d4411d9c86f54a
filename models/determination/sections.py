"""The declaration's sections beyond the basic information [002 §2.2.1.2.2]: 资历信息 (current titles, the
application's list and rules), 取得职称职业技能等级情况 (qualifications and skill levels), and the achievement
library's education, work experience, continuing education and assessment records imported as snapshots."""
from __future__ import annotations

from datetime import date
from typing import Any

from models.achievement.models import (
    AchievementAttachment,
    AchievementCategory,
    AchievementRecord,
    RecordStatus,
)
from models.application.forms import input_name
from models.application.sections import check_titles
from models.core.errors import Collector, refuse
from models.determination.codes import DeterminationCode as Code
from models.determination.create import bump
from models.determination.models import Determination, DeterminationRecord
from models.evaluation.results import today

# The library categories the declaration holds, in the order of the form.
RECORD_CATEGORIES = (AchievementCategory.EDUCATION, AchievementCategory.WORK_EXPERIENCE,
                     AchievementCategory.CONTINUING_EDUCATION, AchievementCategory.ANNUAL_ASSESSMENT)
MAX_QUALIFICATIONS = 10
QUALIFICATION_KINDS = {"TITLE": "职称", "VOCATIONAL": "职业资格", "SKILL": "职业技能等级"}


def _text(value: Any) -> str:
    return (value or "").strip()


def _day(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, date) else None


async def set_titles(row: Determination, titles: list[dict[str, Any]]) -> Determination:
    """资历信息: the whole list, replaced; the first is the current title."""
    errors = Collector()
    check_titles(errors, titles)
    errors.raise_if_any()
    return await bump(row, titles=[
        {"title_name": _text(t.get("title_name")), "series_name": _text(t.get("series_name")),
         "obtained_on": _day(t.get("obtained_on")), "certificate_number": _text(t.get("certificate_number")),
         "appointed_on": _day(t.get("appointed_on")), "appointment_unit": _text(t.get("appointment_unit"))}
        for t in titles])


def check_qualifications(errors: Collector, items: list[dict[str, Any]]) -> None:
    if len(items) > MAX_QUALIFICATIONS:
        errors.add(Code.TOO_MANY, f"取得职称、职业技能等级情况最多填写{MAX_QUALIFICATIONS}条", "qualifications")
    for i, q in enumerate(items):
        path = ("qualifications", str(i))
        if q.get("kind") not in QUALIFICATION_KINDS:
            errors.add(Code.INVALID_VALUE, "请选择类别（职称、职业资格或职业技能等级）", *path, "kind")
        if not _text(q.get("name")):
            errors.add("REQUIRED", "请填写名称", *path, "name")
        for key, label, limit in (("name", "名称", 50), ("grade", "等级", 20), ("number", "证书编号", 40),
                                  ("issuer", "发证机关", 100)):
            if len(_text(q.get(key))) > limit:
                errors.add("TOO_LONG", f"{label}不能超过{limit}个字符", *path, input_name(key))
        obtained = q.get("obtained_on")
        if obtained is None:
            errors.add("REQUIRED", "请选择取得时间", *path, "obtainedOn")
        elif obtained > today():
            errors.add(Code.FUTURE_DATE, "取得时间不能晚于今天", *path, "obtainedOn")


async def set_qualifications(row: Determination, items: list[dict[str, Any]]) -> Determination:
    errors = Collector()
    check_qualifications(errors, items)
    errors.raise_if_any()
    return await bump(row, qualifications=[
        {"kind": q["kind"], "name": _text(q.get("name")), "grade": _text(q.get("grade")),
         "number": _text(q.get("number")), "obtained_on": _day(q.get("obtained_on")),
         "issuer": _text(q.get("issuer"))} for q in items])


async def import_records(row: Determination, record_ids: list[int]) -> Determination:
    """Approved library records of the declaration's categories become snapshots; twice is refused."""
    if not record_ids:
        raise refuse("REQUIRED", "请选择要导入的记录", "recordIds")
    rows = {r.id: r for r in await AchievementRecord.filter(id__in=record_ids, person_id=row.person_id)}
    already = set(await DeterminationRecord.filter(determination_id=row.id, source_id__in=record_ids).values_list(
        "source_id", flat=True))
    allowed = {c.value for c in RECORD_CATEGORIES}
    errors = Collector()
    for i, rid in enumerate(record_ids):
        record = rows.get(rid)
        if record is None:
            errors.add("NOT_FOUND", "记录不存在", "recordIds", str(i))
        elif record.category.value not in allowed:
            errors.add(Code.RECORD_NOT_ALLOWED, "只能导入学历、工作经历、继续教育和考核情况", "recordIds", str(i))
        elif record.status != RecordStatus.APPROVED:
            errors.add(Code.RECORD_NOT_APPROVED, "只能导入单位审核通过的记录", "recordIds", str(i))
        elif rid in already or record_ids.index(rid) != i:
            errors.add(Code.ALREADY_IMPORTED, "该记录已导入", "recordIds", str(i))
    errors.raise_if_any()
    files: dict[int, list[int]] = {rid: [] for rid in record_ids}
    for a in await AchievementAttachment.filter(record_id__in=record_ids).order_by("sort", "id"):
        files[a.record_id].append(a.file_id)
    await DeterminationRecord.bulk_create([
        DeterminationRecord(determination_id=row.id, source_id=rid, category=rows[rid].category.value,
                            data=rows[rid].data, file_ids=files[rid]) for rid in record_ids])
    return await bump(row)


async def remove_records(row: Determination, snapshot_ids: list[int]) -> Determination:
    """Removes snapshots from the declaration; the library records are untouched."""
    if not snapshot_ids:
        raise refuse("REQUIRED", "请选择要移除的记录", "snapshotIds")
    found = await DeterminationRecord.filter(determination_id=row.id, id__in=snapshot_ids).count()
    if found != len(set(snapshot_ids)):
        raise refuse("NOT_FOUND", "记录不在该申报中", "snapshotIds")
    await DeterminationRecord.filter(determination_id=row.id, id__in=snapshot_ids).delete()
    return await bump(row)

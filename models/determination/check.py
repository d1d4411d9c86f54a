"""开始检测: every rule a 初定 / 认定 declaration must meet before it is submitted, each with its message and
field, so the form shows all of them at once (the submission is refused with every one that failed)."""
from __future__ import annotations

from models.achievement.models import AchievementCategory
from models.determination.fields import BY_KEY, REQUIRED, filled
from models.determination.models import Determination, DeterminationRecord

Item = tuple[str, str | None, bool]  # (message, field, passed)


def items_of(row: Determination, person_photo_id: int | None, categories: list[str]) -> list[Item]:
    """The check over what is already loaded: the row and the categories of its imported records."""
    items: list[Item] = []
    for key in REQUIRED:
        f = BY_KEY[key]
        verb = "选择" if f.kind in ("DATE", "CHOICE") else "填写"
        items.append((f"请{verb}{f.label}", f"basic.{f.camel}", filled(row, key)))
    items.append(("请上传照片", "photo", (row.photo_id or person_photo_id) is not None))
    items.append(("请导入至少一条学历信息", "records.EDUCATION", AchievementCategory.EDUCATION.value in categories))
    items.append(("请导入至少一条工作经历", "records.WORK_EXPERIENCE",
                  AchievementCategory.WORK_EXPERIENCE.value in categories))
    return items


async def check_items(row: Determination, person_photo_id: int | None) -> list[Item]:
    categories = await DeterminationRecord.filter(determination_id=row.id).values_list("category", flat=True)
    return items_of(row, person_photo_id, list(categories))

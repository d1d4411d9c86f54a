"""开始检测: every rule a recognition must meet before it is submitted, each with its message and field, so
the form can show all of them at once (the submission is refused with every one that failed)."""
from __future__ import annotations

from models.core.slots import missing_slots
from models.recognition.config import ProvinceForm
from models.recognition.fields import BY_KEY, filled
from models.recognition.models import (
    Recognition,
    RecognitionAttachment,
    RecognitionEducation,
)

Item = tuple[str, str | None, bool]  # (message, field, passed)


def education_items(records: list[dict]) -> list[Item]:
    """教育经历: one or two records covering the highest and the first education (one record may be both)."""
    highest = sum(1 for r in records if r.get("is_highest"))
    return [
        ("请录入教育经历（最高学历和第一学历，可以为同一条，最多两条）", "educations", 1 <= len(records) <= 2),
        ("请设置一个最高学历", "educations", highest == 1),
        ("请设置第一学历", "educations", any(r.get("is_first") for r in records)),
        ("已勾选“是否获得学位”的教育经历须选择学位", "educations",
         all(r.get("degree") not in (None, "NONE") for r in records if r.get("degree_obtained"))),
    ]


def items_of(row: Recognition, form: ProvinceForm, person_photo_id: int | None, educations: list[dict],
             uploaded: set[str]) -> list[Item]:
    """The check over what is already loaded: the row, its education records' data, the slots holding a file."""
    items: list[Item] = []
    for key in form.required:
        f = BY_KEY[key]
        verb = "选择" if f.kind in ("DATE", "CHOICE") else "填写"
        items.append((f"请{verb}{f.label}", f"basic.{f.camel}", filled(row, key)))
    items.append(("请上传照片", "photo", (row.photo_id or person_photo_id) is not None))
    return items + education_items(educations) + missing_slots(form.slots, uploaded)


async def check_items(row: Recognition, form: ProvinceForm, person_photo_id: int | None) -> list[Item]:
    records = await RecognitionEducation.filter(recognition_id=row.id).order_by("id").values_list("data", flat=True)
    uploaded = set(await RecognitionAttachment.filter(recognition_id=row.id).values_list("slot", flat=True))
    return items_of(row, form, person_photo_id, list(records), uploaded)

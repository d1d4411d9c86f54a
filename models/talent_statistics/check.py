"""开始检测: every rule a talent record must meet before it is submitted, each with its message and field, so the
form shows all of them at once (the submission is refused with every one that failed). Values were checked
when they were saved (``models.talent_statistics.fields``); what is left is what must be there. Reads only the
row, so a list shows the check without a query."""
from __future__ import annotations

from models.talent_statistics.models import TalentRecord

Item = tuple[str, str | None, bool]  # (message, field, passed)


def check_items(row: TalentRecord) -> list[Item]:
    titled = row.title_name_id is not None
    return [
        ("请填写所在岗位", "post", bool(row.post)),
        ("请选择岗位类别", "postCategory", bool(row.post_category)),
        ("已选择职称时请选择专业", "specialtyId", not titled or row.specialty_id is not None),
        ("已选择职称时请填写取得时间", "titleObtainedOn", not titled or row.title_obtained_on is not None),
        ("已聘任时请填写聘任时间", "appointedOn", not row.appointed or row.appointed_on is not None),
        ("请选择学历", "education", bool(row.education)),
    ]

"""The choices of a talent record: 岗位类别 with the labels the form prints. 学历 and 学位 are the person's
profile enums (models.person.models Education / Degree), labelled as the achievement library labels them."""
from __future__ import annotations

from enum import Enum

from models.achievement.choices import LABELS
from models.person.models import Degree, Education


class PostCategory(str, Enum):
    TECHNICAL = "TECHNICAL"  # 专业技术岗位
    MANAGEMENT = "MANAGEMENT"  # 管理岗位
    SKILLED_WORKER = "SKILLED_WORKER"  # 工勤技能岗位
    OTHER = "OTHER"  # 其他


POST_CATEGORY_LABELS = {PostCategory.TECHNICAL: "专业技术岗位", PostCategory.MANAGEMENT: "管理岗位",
                        PostCategory.SKILLED_WORKER: "工勤技能岗位", PostCategory.OTHER: "其他"}


def label(enum: type[Enum], value: str) -> str:
    """The printed label of a stored value ("" for none or a value that is no longer one)."""
    if not value or value not in enum._value2member_map_:
        return ""
    member = enum(value)
    if enum is PostCategory:
        return POST_CATEGORY_LABELS[member]
    return LABELS.get(member, "") if enum in (Education, Degree) else ""


STATUS_LABELS = {"DRAFT": "编辑中", "IN_REVIEW": "待单位审核", "RETURNED": "退回", "TERMINATED": "终止",
                 "APPROVED": "审核通过"}

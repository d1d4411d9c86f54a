"""The choices of achievement fields (参与形式, 奖项级别, 作者排名, …): English values, the manuals' labels."""
from __future__ import annotations

from enum import Enum

from models.person.models import Degree, Education


class MemberLabels(dict):
    """Labels keyed by (enum, value): str-valued members of two enums that share a value are equal and hash
    alike (Education.BACHELOR == Degree.BACHELOR == "BACHELOR"), so keyed by member the later label would
    win for both — 学历 本科 printed as 学士."""

    @staticmethod
    def _key(member: Enum) -> tuple[type, str]:
        return type(member), member.value

    def __setitem__(self, member: Enum, label: str) -> None:
        super().__setitem__(self._key(member), label)

    def __getitem__(self, member: Enum) -> str:
        return super().__getitem__(self._key(member))

    def __contains__(self, member: object) -> bool:
        return isinstance(member, Enum) and super().__contains__(self._key(member))

    def get(self, member: Enum, default: str | None = None) -> str | None:  # type: ignore[override]
        return super().get(self._key(member), default) if isinstance(member, Enum) else default

    def update(self, pairs: dict[Enum, str]) -> None:  # type: ignore[override]
        for member, label in pairs.items():
            self[member] = label


LABELS = MemberLabels()
LABELS.update(dict(zip(Education, ("博士研究生", "硕士研究生", "大学本科", "大学专科", "中专", "高中", "初中及以下"))))
LABELS.update(dict(zip(Degree, ("博士", "硕士", "学士", "无"))))


def choices(name: str, pairs: dict[str, str]) -> type[Enum]:
    enum = Enum(name, {k: k for k in pairs}, type=str)  # type: ignore[misc]
    LABELS.update({enum[k]: v for k, v in pairs.items()})
    return enum


ParticipationRole = choices("ParticipationRole", {"HOST": "主持", "PARTICIPANT": "参与"})
AwardLevel = choices("AwardLevel", {"NATIONAL": "国家级", "PROVINCIAL": "省部级", "MUNICIPAL": "市厅级",
                                    "COUNTY": "县区级", "UNIT": "单位级", "OTHER": "其他"})
AuthorRank = choices("AuthorRank", {"SOLE": "独著", "FIRST": "第一作者", "CORRESPONDING": "通讯作者",
                                    "SECOND": "第二作者", "THIRD": "第三作者", "OTHER": "其他"})
PaperKind = choices("PaperKind", {"JOURNAL": "期刊论文", "CONFERENCE": "学术会议论文", "SURVEY_REPORT": "调查报告",
                                  "INTERNAL_REPORT": "单位内部研究报告"})
AssessmentResult = choices("AssessmentResult", {"EXCELLENT": "优秀", "COMPETENT": "合格",
                                                "BASICALLY_COMPETENT": "基本合格", "INCOMPETENT": "不合格",
                                                "UNRATED": "不定等次"})
TrainingForm = choices("TrainingForm", {"IN_PERSON": "面授", "ONLINE": "网络", "MIXED": "线上线下结合"})
WorkKind = choices("RepresentativeWorkKind", {"PAPER": "论文", "BOOK": "著作", "PROJECT": "项目", "PATENT": "专利",
                                              "REPORT": "报告", "DESIGN": "设计", "OTHER": "其他"})
AdoptionKind = choices("AdoptionKind", {"INSTRUCTION": "批示", "ADOPTION": "采纳", "APPLICATION": "运用",
                                        "PROMOTION": "推广"})
BookKind = choices("BookKind", {"MONOGRAPH": "专著", "COMPILATION": "编著", "TRANSLATION": "译著",
                                "TEXTBOOK": "教材", "OTHER": "其他"})
BookRole = choices("BookRole", {"SOLE_AUTHOR": "独著", "EDITOR_IN_CHIEF": "主编", "DEPUTY_EDITOR": "副主编",
                                "CONTRIBUTOR": "参编", "TRANSLATOR": "译者"})
StandardKind = choices("StandardKind", {"NATIONAL": "国家标准", "INDUSTRY": "行业标准", "LOCAL": "地方标准",
                                        "GROUP": "团体标准", "ENTERPRISE": "企业标准"})
PatentKind = choices("PatentKind", {"INVENTION": "发明专利", "UTILITY_MODEL": "实用新型专利", "DESIGN": "外观设计专利",
                                    "SOFTWARE_COPYRIGHT": "软件著作权", "OTHER_COPYRIGHT": "其他著作权"})
ResearchStatus = choices("ResearchStatus", {"ONGOING": "在研", "CONCLUDED": "已结题"})
AidKind = choices("AidKind", {"FOREIGN_AID": "援外", "TIBET": "援藏", "XINJIANG": "援疆",
                              "PAIRED_ASSISTANCE": "对口支援", "RURAL": "农村(基层)服务", "OTHER": "其他"})
CaseRole = choices("CaseRole", {"ATTENDING": "主诊(主治)", "ASSISTING": "参与诊治"})


# ----------------------------------------------------------------- field specs

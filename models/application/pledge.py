"""诚信承诺书: the integrity pledge every declaration accepts (the time is kept on the application)."""
from __future__ import annotations

PLEDGE_TITLE = "专业技术人员职称申报诚信承诺书"
PLEDGE_VERSION = "2026-1"
PLEDGE_PARAGRAPHS = (
    "本人自愿参加职称评审，郑重承诺：",
    "一、本人所填报的个人信息、学历资历、工作经历、业绩成果、论文著作及所提交的全部申报材料真实、准确、完整，"
    "不存在伪造、变造、冒用、抄袭等弄虚作假行为。",
    "二、本人严格遵守职称评审的各项纪律要求，不以任何方式干扰评审工作，不向评审专家及相关工作人员请托说情、"
    "输送利益。",
    "三、本人知悉：如有弄虚作假行为，一经查实，将按有关规定取消当年度申报、评审资格或撤销已取得的职称，"
    "记入职称评审诚信档案库，并依法依规承担相应责任。",
    "四、本人同意申报信息在评审工作相关单位之间核查和使用，同意按规定进行公示。",
)
SIGNATURE_LINES = ("承诺人（签字）：", "身份证号：", "日期：    年    月    日")


def pledge_text() -> str:
    return "\n".join((PLEDGE_TITLE, *PLEDGE_PARAGRAPHS))

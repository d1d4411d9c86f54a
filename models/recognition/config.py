"""What each province asks of a recognition: the basic-information fields it requires, the attachment slots
and whether it issues an e-certificate for a recognised title.

Anhui's form is seed 000 (二（三）2 申报信息 and (3) 申报相关附件); Sichuan's (002 §2.7) adds 最高学历, 毕业院校,
所学专业, 业务专长 and 到现工作单位后主要专业技术工作情况 and issues its own certificate. A province not listed
uses Anhui's, the fullest manual.
"""
from __future__ import annotations

from dataclasses import dataclass

from models.core.slots import BMP, GIF, JPEG, PDF, PNG, TIFF, Slot


@dataclass(frozen=True)
class ProvinceForm:
    required: tuple[str, ...]  # Recognition columns a submission must have filled
    slots: tuple[Slot, ...]
    issues_certificate: bool  # an e-certificate (numbered, signed) for the recognised title


# 申报信息 of seed 000, every one marked *; 备注 is optional.
ANHUI_REQUIRED = ("work_started_on", "previous_unit", "transferred_on", "political_status", "original_title",
                  "original_committee", "original_acquired_on", "original_issuer", "original_approval_number",
                  "original_number", "work_history")

SLOTS = (
    Slot("ID_CARD", "身份证", "居民身份证复印件1份", True, (PDF, GIF, JPEG, TIFF, PNG, BMP), max_count=4),
    Slot("ORIGINAL_CERTIFICATE", "职称证书原件", "职称证书原件及人事档案保存的《专业技术资格评审表》原件及复印件一份", True),
    Slot("CONTRACT", "合同或工作协议", "依法签订的劳动(聘用)合同或工作协议原件一份", True),
    Slot("PENSION", "养老保险", "出具由社会保险经办机构加具业务专用章的养老保险参保缴费清单表或参保缴费凭证原件一份", True),
    Slot("TRANSFER_ORDER", "调令或行政介绍信", "通过单位调入、军队转业安置的人员还提交人力资源社会保障部门的调令或行政介绍信"
         "(当地军转办开具的部队安置证明)原件及复印件一份", False),
    Slot("APPOINTMENT", "原职称任职文件或人社部门查询结果截图", "原职称任职文件原件或复印件(加盖发文单位公章)1份，"
         "军队转业安置人员提供任职命令原件或复印件(加盖发文单位公章)1份", True),
    Slot("DIPLOMA", "全日制高校毕业生学历学位证书", "全日制高校毕业生学历学位证书(中专、大专不提供学位)", False),
    Slot("EXAM_CERTIFICATE", "考评结合取得的职称证书", "国家规定考评结合取得的职称证书，还需提交原考试合格证明原件及复印件1份",
         False),
    Slot("AUTHORIZATION", "授权证书", "从中央驻皖单位调入我省地方工作的，还需提供国家人力资源社会保障部门授权本行业(系统)"
         "或单位开展相应职称评审的文件或依据", False, max_count=4),
    Slot("MOHRSS_FILING", "人社部备案函", "人社部备案函", False),
)

ANHUI = ProvinceForm(required=ANHUI_REQUIRED, slots=SLOTS, issues_certificate=False)
SICHUAN = ProvinceForm(
    required=(*ANHUI_REQUIRED, "highest_education", "graduated_from", "major", "expertise", "current_work"),
    slots=SLOTS, issues_certificate=True)

FORMS = {"34": ANHUI, "51": SICHUAN}


def form_for(region_code: str | None) -> ProvinceForm:
    return FORMS.get((region_code or "")[:2], ANHUI)

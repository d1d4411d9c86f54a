"""委托评审 results: they go back to the unit that issued the commission letter, which files and issues them
(002 §2.1.2: "委托评审通过的人员材料信息返回至出具委托评审函单位发文发证").

The letter comes from the HR bureau of the declarant's employer (the nearest one up its region: county, city,
province). When the committee's bureau files a scheme, its commissioned passed results are handed to that unit
(commission_unit) instead of becoming certifiable; that unit then files them with its own document number,
and only then may it issue their certificates (models/certificate/issuing.py).
"""
from __future__ import annotations

from datetime import date

from models.access.viewer import Viewer
from models.application.models import Application, EvaluationMode
from models.core.errors import Collector, Forbidden
from models.evaluation.codes import EvaluationCode as Code
from models.evaluation.models import ParticipantResult
from models.unit.models import Unit, UnitKind

COMMISSIONED = EvaluationMode.COMMISSIONED_REVIEW.value
DOCUMENT_NUMBER_MAX = ParticipantResult._meta.fields_map["commission_document_number"].max_length


async def commissioning_unit_id(application: Application) -> int | None:
    """The HR bureau that issued the commission letter: the employer's county, else city, else provincial one."""
    employer = await Unit.get(id=application.unit_id)
    region = employer.region_id
    for code in dict.fromkeys((region, region[:4] + "00", region[:2] + "0000")):
        unit = await Unit.filter(kind=UnitKind.HR_BUREAU, region_id=code).order_by("id").first()
        if unit is not None:
            return unit.id
    return None


async def hand_over(scheme_id: int) -> int:
    """On filing: each commissioned, publicity-passed result of the scheme goes to its commissioning unit.
    Returns how many were handed over."""
    from models.evaluation.review import notify_unit_admins

    rows = await ParticipantResult.filter(participant__scheme_id=scheme_id, publicity_passed=True,
                                          participant__application__evaluation_mode=COMMISSIONED,
                                          commission_unit_id__isnull=True).prefetch_related("participant")
    by_unit: dict[int, int] = {}
    for result in rows:
        app = await Application.get(id=result.participant.application_id)
        unit_id = await commissioning_unit_id(app)
        if unit_id is None:
            continue
        await ParticipantResult.filter(id=result.id).update(commission_unit_id=unit_id)
        by_unit[unit_id] = by_unit.get(unit_id, 0) + 1
    for unit_id, count in by_unit.items():
        await notify_unit_admins(unit_id, "委托评审结果待备案", f"有{count}名委托评审人员的评审结果已返回，请备案后发证。",
                                 scheme_id, f"scheme:{scheme_id}:commission:{unit_id}")
    return sum(by_unit.values())


def commissioned_results(unit_id: int, *, filed: bool | None = None):
    """The commissioned results handed to ``unit_id``; ``filed`` narrows to filed or unfiled ones."""
    qs = ParticipantResult.filter(commission_unit_id=unit_id)
    if filed is not None:
        qs = qs.filter(commission_filed_on__isnull=not filed)
    return qs


async def file_commissioned(viewer: Viewer, unit_id: int, participant_ids: list[int], document_number: str,
                            filed_on: date | None) -> list[ParticipantResult]:
    """委托评审结果备案 by the commissioning unit's admins: its document number and date on each result."""
    from models.evaluation.results import today

    viewer.require_account()
    if not (viewer.is_platform_admin or viewer.administers(unit_id)):
        raise Forbidden("只有出具委托评审函的单位可以备案委托评审结果")
    errors = Collector()
    number = (document_number or "").strip()
    if errors.require(number, "documentNumber", "备案文号"):
        errors.max_length(number, "documentNumber", "备案文号", DOCUMENT_NUMBER_MAX)
    if errors.require(filed_on, "filedOn", "备案时间") and not date(2000, 1, 1) <= filed_on <= today():
        errors.add(Code.OUT_OF_RANGE, "备案时间不能晚于今天", "filedOn")
    if not participant_ids:
        errors.add("REQUIRED", "请选择要备案的人员", "participantIds")
    pending = dict(await commissioned_results(unit_id, filed=False).filter(
        participant_id__in=participant_ids).values_list("participant_id", "id"))
    for index, pid in enumerate(participant_ids):
        if pid not in pending:
            errors.add("NOT_FOUND", "该人员不是返回本单位待备案的委托评审人员", "participantIds", str(index))
    errors.raise_if_any()
    ids = list(pending.values())
    await ParticipantResult.filter(id__in=ids, commission_filed_on__isnull=True).update(
        commission_document_number=number, commission_filed_on=filed_on, commission_filed_by_id=viewer.account_id)
    return await ParticipantResult.filter(id__in=ids).order_by("id")

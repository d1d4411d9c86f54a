"""After the meeting: results (评审结果), publicity (公示) and result filing (评审结果备案) [003 §1.15].

APPROVED scheme → the organizer records each participant's vote → starts the publicity (every
participant has a result) → records objections and their handling → closes it once it has ended and no
objection is pending: the passed list is fixed (passed, no objection upheld) → the HR bureau that manages
the committee files it (备案文号, 备案时间) or returns it; a returned filing reopens the results.
Only filed results allow certificates (``filed_results``).
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from models.access.committee import may_manage
from models.access.evaluation import require_composes_scheme
from models.access.viewer import Viewer
from models.committee.models import Committee
from models.core import history
from models.core.errors import Collector, Forbidden, refuse
from models.core.history import OPINION_MAX, SubjectType
from models.evaluation.codes import EvaluationCode as Code
from models.evaluation.models import (Conclusion, EvaluationScheme, ObjectionOutcome, ParticipantResult,
                                      PublicityObjection, ResultFiling, SchemeParticipant, SchemePublicity,
                                      SchemeStatus)
from models.evaluation.review import notify_unit_admins
from models.plan.models import Plan
from models.unit.models import Unit

SHANGHAI = ZoneInfo("Asia/Shanghai")
MAX_MEMBERS = 999
MAX_PUBLICITY_DAYS = 90


def today() -> date:
    return datetime.now(SHANGHAI).date()


def passes(committee: Committee, present: int, votes_for: int) -> bool:
    """The committee's pass rule: at least numerator/denominator of the members present (2/3 by default)."""
    return votes_for * committee.pass_denominator >= present * committee.pass_numerator


async def _locked(viewer: Viewer, scheme: EvaluationScheme, *statuses: SchemeStatus) -> EvaluationScheme:
    await require_composes_scheme(viewer, await Plan.get(id=scheme.plan_id))
    locked = await EvaluationScheme.filter(id=scheme.id).select_for_update().first()
    if locked.status not in statuses:
        raise refuse(Code.WRONG_STAGE, _STAGE_MESSAGES[statuses[0]], "schemeId")
    return locked


_STAGE_MESSAGES = {
    SchemeStatus.APPROVED: "呈报方案审核通过后、公示开始前才能录入评审结果",
    SchemeStatus.IN_PUBLICITY: "只有公示中的方案可以登记或处理异议、结束公示",
    SchemeStatus.PUBLICIZED: "公示结束后才能备案",
}


# ---------------------------------------------------------------- results


def check_vote(errors: Collector, committee: Committee, vote: dict, *field: str) -> None:
    present, yes, no, abstain = (vote[k] for k in ("members_present", "votes_for", "votes_against", "votes_abstain"))
    if not 1 <= present <= MAX_MEMBERS:
        errors.add(Code.OUT_OF_RANGE, f"出席人数应为1–{MAX_MEMBERS}人", *field, "membersPresent")
        return
    if min(yes, no, abstain) < 0:
        errors.add(Code.OUT_OF_RANGE, "票数不能为负数", *field)
        return
    if yes + no + abstain != present:
        errors.add(Code.VOTES_MISMATCH, f"赞成、反对、弃权票数之和（{yes + no + abstain}）应等于出席人数（{present}）",
                   *field)
        return
    expected = Conclusion.PASSED if passes(committee, present, yes) else Conclusion.FAILED
    if Conclusion(vote["conclusion"]) != expected:
        rule = f"赞成票不少于出席人数的{committee.pass_numerator}/{committee.pass_denominator}"
        errors.add(Code.CONCLUSION_CONTRADICTS_RULE,
                   f"表决结果与通过规则（{rule}）不符，结论应为{'通过' if expected == Conclusion.PASSED else '不通过'}",
                   *field, "conclusion")


async def record_results(viewer: Viewer, scheme: EvaluationScheme, votes: list[dict]) -> int:
    """Records (or corrects) the results of the participants named; all or none. Returns how many."""
    scheme = await _locked(viewer, scheme, SchemeStatus.APPROVED)
    committee = await Committee.get(id=scheme.committee_id)
    participants = {p.id for p in await SchemeParticipant.filter(scheme_id=scheme.id)}
    errors = Collector()
    seen: set[int] = set()
    for i, vote in enumerate(votes):
        field = ("results", str(i))
        if vote["participant_id"] not in participants:
            errors.add("NOT_FOUND", "该参评人员不属于此呈报方案", *field, "participantId")
            continue
        if vote["participant_id"] in seen:
            errors.add(Code.DUPLICATE, "同一参评人员的结果重复", *field, "participantId")
        seen.add(vote["participant_id"])
        check_vote(errors, committee, vote, *field)
    errors.raise_if_any()
    for vote in votes:
        values = {k: vote[k] for k in ("members_present", "votes_for", "votes_against", "votes_abstain")}
        values.update(conclusion=Conclusion(vote["conclusion"]), recorded_by_id=viewer.account_id,
                      publicity_passed=None)
        if not await ParticipantResult.filter(participant_id=vote["participant_id"]).update(**values):
            await ParticipantResult.create(participant_id=vote["participant_id"], **values)
    return len(votes)


# ---------------------------------------------------------------- publicity


async def start_publicity(viewer: Viewer, scheme: EvaluationScheme, starts_on: date, ends_on: date) -> EvaluationScheme:
    scheme = await _locked(viewer, scheme, SchemeStatus.APPROVED)
    errors = Collector()
    if starts_on < today() - timedelta(days=30):  # a publicity posted elsewhere may be entered a little later
        errors.add(Code.OUT_OF_RANGE, "公示开始日期不能早于30天前", "startsOn")
    if ends_on < starts_on:
        errors.add(Code.OUT_OF_RANGE, "公示结束日期不能早于开始日期", "endsOn")
    elif (ends_on - starts_on).days > MAX_PUBLICITY_DAYS:
        errors.add(Code.OUT_OF_RANGE, f"公示期不能超过{MAX_PUBLICITY_DAYS}天", "endsOn")
    errors.raise_if_any()
    participants = await SchemeParticipant.filter(scheme_id=scheme.id).count()
    recorded = await ParticipantResult.filter(participant__scheme_id=scheme.id).count()
    if recorded < participants:
        raise refuse(Code.INCOMPLETE, f"还有{participants - recorded}名参评人员未录入评审结果", "schemeId")
    await SchemePublicity.filter(scheme_id=scheme.id).delete()  # a returned filing starts a new publicity
    await SchemePublicity.create(scheme_id=scheme.id, starts_on=starts_on, ends_on=ends_on,
                                 started_by_id=viewer.account_id)
    await EvaluationScheme.filter(id=scheme.id).update(status=SchemeStatus.IN_PUBLICITY, version=scheme.version + 1)
    await history.record(SubjectType.EVALUATION_SCHEME, scheme.id, "PUBLICITY_START", actor_id=viewer.account_id,
                         unit_id=scheme.organizer_id)
    return await EvaluationScheme.get(id=scheme.id)


async def record_objection(viewer: Viewer, scheme: EvaluationScheme, participant_id: int, content: str,
                           received_on: date) -> PublicityObjection:
    scheme = await _locked(viewer, scheme, SchemeStatus.IN_PUBLICITY)
    publicity = await SchemePublicity.get(scheme_id=scheme.id)
    errors = Collector()
    if not await SchemeParticipant.filter(id=participant_id, scheme_id=scheme.id).exists():
        errors.add("NOT_FOUND", "该参评人员不属于此呈报方案", "participantId")
    if errors.require(content.strip(), "content", "异议内容"):
        errors.max_length(content.strip(), "content", "异议内容", 500)
    if not publicity.starts_on <= received_on <= max(publicity.ends_on, today()):
        errors.add(Code.OUT_OF_RANGE, "异议收到日期应在公示期内", "receivedOn")
    errors.raise_if_any()
    return await PublicityObjection.create(publicity_id=publicity.id, participant_id=participant_id,
                                           content=content.strip(), received_on=received_on,
                                           recorded_by_id=viewer.account_id)


async def resolve_objection(viewer: Viewer, objection: PublicityObjection, outcome: ObjectionOutcome,
                            handling: str) -> PublicityObjection:
    publicity = await SchemePublicity.get(id=objection.publicity_id)
    await _locked(viewer, await EvaluationScheme.get(id=publicity.scheme_id), SchemeStatus.IN_PUBLICITY)
    errors = Collector()
    if outcome == ObjectionOutcome.PENDING:
        errors.add("INVALID", "请选择异议成立或不成立", "outcome")
    if errors.require(handling.strip(), "handling", "处理意见"):
        errors.max_length(handling.strip(), "handling", "处理意见", 500)
    errors.raise_if_any()
    await PublicityObjection.filter(id=objection.id).update(outcome=outcome, handling=handling.strip())
    return await PublicityObjection.get(id=objection.id)


async def close_publicity(viewer: Viewer, scheme: EvaluationScheme) -> EvaluationScheme:
    """Fixes the passed list: results PASSED without an objection upheld."""
    scheme = await _locked(viewer, scheme, SchemeStatus.IN_PUBLICITY)
    publicity = await SchemePublicity.get(scheme_id=scheme.id)
    if today() < publicity.ends_on:
        raise refuse(Code.PUBLICITY_NOT_ENDED, f"公示期至{publicity.ends_on:%Y-%m-%d}，结束后才能关闭", "schemeId")
    if await PublicityObjection.filter(publicity_id=publicity.id, outcome=ObjectionOutcome.PENDING).exists():
        raise refuse(Code.OBJECTIONS_PENDING, "还有未处理的异议", "schemeId")
    upheld = set(await PublicityObjection.filter(publicity_id=publicity.id, outcome=ObjectionOutcome.UPHELD)
                 .values_list("participant_id", flat=True))
    results = await ParticipantResult.filter(participant__scheme_id=scheme.id)
    for result in results:
        result.publicity_passed = result.conclusion == Conclusion.PASSED and result.participant_id not in upheld
    if results:
        await ParticipantResult.bulk_update(results, fields=["publicity_passed"])
    await SchemePublicity.filter(id=publicity.id).update(closed_at=datetime.now(timezone.utc))
    await EvaluationScheme.filter(id=scheme.id).update(status=SchemeStatus.PUBLICIZED, version=scheme.version + 1)
    await history.record(SubjectType.EVALUATION_SCHEME, scheme.id, "PUBLICITY_CLOSE", actor_id=viewer.account_id,
                         unit_id=scheme.organizer_id)
    committee = await Committee.get(id=scheme.committee_id)
    passed = sum(1 for r in results if r.publicity_passed)
    await notify_unit_admins(committee.managing_unit_id, "评审结果待备案",
                             f"{committee.name}“{scheme.name}”公示结束，公示通过{passed}人，请审核备案。", scheme.id,
                             f"scheme:{scheme.id}:filing:{publicity.id}")
    return await EvaluationScheme.get(id=scheme.id)


# ---------------------------------------------------------------- filing


async def may_file(viewer: Viewer, scheme: EvaluationScheme) -> bool:
    """The HR bureau that manages the committee (and those above it), and platform admins."""
    committee = await Committee.get(id=scheme.committee_id)
    managing = await Unit.get(id=committee.managing_unit_id)
    return viewer.administers(managing.id) or may_manage(viewer, managing.region_id)


async def decide_filing(viewer: Viewer, scheme: EvaluationScheme, decision: str, opinion: str,
                        document_number: str | None, filed_on: date | None) -> EvaluationScheme:
    viewer.require_account()
    if not await may_file(viewer, scheme):
        raise Forbidden("只有管理该评委会的人社部门可以备案评审结果")
    scheme = await EvaluationScheme.filter(id=scheme.id).select_for_update().first()
    if scheme.status != SchemeStatus.PUBLICIZED:
        raise refuse(Code.WRONG_STAGE, _STAGE_MESSAGES[SchemeStatus.PUBLICIZED], "schemeId")
    errors = Collector()
    opinion, number = opinion.strip(), (document_number or "").strip()
    errors.max_length(opinion, "opinion", "审核意见", OPINION_MAX)
    if decision == "PASS":
        if errors.require(number, "documentNumber", "备案文号"):
            errors.max_length(number, "documentNumber", "备案文号", 50)
        if errors.require(filed_on, "filedOn", "备案时间") and not date(2000, 1, 1) <= filed_on <= today():
            errors.add(Code.OUT_OF_RANGE, "备案时间不能晚于今天", "filedOn")
    elif decision == "RETURN":
        errors.require(opinion, "opinion", "退回意见")
    else:
        errors.add("INVALID", "备案只能通过或退回", "decision")
    errors.raise_if_any()
    passed = decision == "PASS"
    await ResultFiling.create(scheme_id=scheme.id, decision=decision, opinion=opinion,
                              document_number=number if passed else "", filed_on=filed_on if passed else None,
                              decided_by_id=viewer.account_id, unit_id=(await Committee.get(id=scheme.committee_id)).managing_unit_id)
    # A returned filing reopens the results: corrected, then a new publicity.
    status = SchemeStatus.FILED if passed else SchemeStatus.APPROVED
    await EvaluationScheme.filter(id=scheme.id).update(status=status, version=scheme.version + 1)
    if passed:  # commissioned results go back to the units that issued the commission letters
        from models.evaluation.commission import hand_over

        await hand_over(scheme.id)
    await history.record(SubjectType.EVALUATION_SCHEME, scheme.id, f"FILING_{decision}", actor_id=viewer.account_id,
                         opinion=opinion)
    verdict = f"已备案，备案文号{number}" if passed else f"被退回，请核实后重新公示。意见：{opinion}"
    await notify_unit_admins(scheme.organizer_id, "评审结果备案" + ("通过" if passed else "退回"),
                             f"“{scheme.name}”的评审结果{verdict}。", scheme.id,
                             f"scheme:{scheme.id}:filed:{await ResultFiling.filter(scheme_id=scheme.id).count()}")
    return await EvaluationScheme.get(id=scheme.id)


def filed_results():
    """Results that allow certificates: publicity passed, their scheme filed, and a commissioned one
    (委托评审) also filed by the unit that issued the commission letter (models/evaluation/commission.py)."""
    from tortoise.expressions import Q

    from models.evaluation.commission import COMMISSIONED

    return ParticipantResult.filter(
        Q(participant__application__evaluation_mode__not=COMMISSIONED) | Q(commission_filed_on__isnull=False),
        publicity_passed=True, participant__scheme__status=SchemeStatus.FILED)


async def set_pass_rule(viewer: Viewer, committee: Committee, numerator: int, denominator: int) -> Committee:
    """评委会通过规则: at least a simple majority, at most all members present; set by those who manage it."""
    from models.access.committee import require_manages

    await require_manages(viewer, committee)
    if not (1 <= numerator <= denominator <= 100) or numerator * 2 < denominator:
        raise refuse(Code.OUT_OF_RANGE, "通过比例应在1/2到1之间（分母不超过100）", "numerator")
    await Committee.filter(id=committee.id).update(pass_numerator=numerator, pass_denominator=denominator,
                                                   version=committee.version + 1)
    return await Committee.get(id=committee.id)

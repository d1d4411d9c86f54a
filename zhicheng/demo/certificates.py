"""Demo evaluation and certificates, issue 8 §8: 陈静 already holds a signed e-certificate.

Her declaration under last year's 合肥市中小学教师中级 plan is approved by the chain (demo/declarations.py's
Builder), then taken on through the rules GraphQL calls: the committee's organizer composes and submits a
scheme, the managing HR bureau (合肥市人社局) passes it in the task centre, the organizer records the
result and runs the publicity, the bureau files it; the provincial HR bureau gives the bureau an issuer
code and a number range; the bureau issues. The CERTIFICATE_ISSUE job numbers, records and renders her
certificate after the demo's transaction commits (``load_demo`` runs the jobs, as the worker would).
This year's draft stays a draft for the README's walk-through.

Revoked and replaced demo certificates (issue 8 §8, with certificateRevoke): they need issued certificates,
which exist only once the issue job has run, so they belong in a step after ``load_demo``'s job loop, in
their own ``atomic()``, followed by running the jobs that step creates.
"""
from __future__ import annotations

import random
from decimal import Decimal

from models.catalogue.models import Level
from models.certificate.issuers import assign_issuer_code
from models.certificate.issuing import start_issue
from models.application.models import Application
from models.unit.models import Unit
from models.certificate.models import Certificate
from models.certificate.ranges import create_range
from models.committee.models import Committee
from models.evaluation.models import Conclusion, SchemeParticipant
from models.evaluation.results import close_publicity, decide_filing, record_results, start_publicity, today
from models.evaluation.scheme import (create_scheme, set_expert_needs, set_participants, set_scoring,
                                      submit_scheme)
from models.person.models import Person
from models.plan.models import Plan
from models.workflow.engine import claim_task, decide_task
from models.workflow.models import Decision, ProcessType, Task, TaskStatus
from zhicheng.demo.catalogue import I
from zhicheng.demo.context import Demo
from zhicheng.demo.declarations import WALKER_MOBILE, Builder, _plans_open
from zhicheng.demo.library import Library, people

SEED = 2031
COMMITTEE = "hf_teacher_mid"  # 合肥市中小学教师中级职称评审委员会, managed by 合肥市人社局
ISSUER_CODE = "0101"  # 合肥市人社局's 4-digit 发证单位编码
CATEGORY = "01"


async def insert_certificates(demo: Demo) -> None:
    rng = random.Random(SEED)
    walker = next(w for w in (await people(demo)).values() if w.mobile == WALKER_MOBILE)
    plan = demo.main_plans[(COMMITTEE, demo.year - 1)]
    committee = await Committee.get(id=plan.committee_id)
    organizer, bureau = await demo.viewer(plan.organizer_id), await demo.viewer(committee.managing_unit_id)

    # Last year's declaration, approved by every unit on its path (the plan is opened while she declares).
    builder = Builder(demo, Library(demo, rng), rng)
    await builder.load()
    reopened = await _plans_open(demo, [plan])
    application = await builder.application(walker, COMMITTEE, I, "OK", 1)
    # Two teachers of the same round: one certificate stays valid, one is revoked after issue.
    declared = set(await Application.filter(year=demo.year - 1).values_list("person_id", flat=True))
    region = (await Unit.get(id=walker.unit_id)).region_id[:4]  # the committee reviews 合肥 directly
    nearby = set(await Unit.filter(region_id__startswith=region).values_list("id", flat=True))
    others = [w for w in (await people(demo)).values() if w.id != walker.id and "SCHOOL_TEACHER" in w.series
              and w.id not in declared and w.unit_id in nearby][:2]
    colleagues = [await builder.application(w, COMMITTEE, I, "OK", 1) for w in others]
    for p in reopened:
        await Plan.filter(id=p.id).update(status=p.status, opens_at=p.opens_at, closes_at=p.closes_at)

    # 呈报方案: composed by the organizer, passed by the managing bureau in its task centre.
    scheme = await create_scheme(organizer, plan.id, {"name": f"{plan.year}年度{committee.name}评审呈报方案",
                                                      "meeting_date": today()})
    await set_participants(organizer, scheme, [application.id, *[a.id for a in colleagues]])
    await set_expert_needs(organizer, scheme, [{"specialty_id": application.specialty_id,
                                                "level": Level.ASSOCIATE_SENIOR.value, "count": 9}])
    await set_scoring(organizer, scheme, [{"name": "业绩成果", "weight": Decimal(60), "description": ""},
                                          {"name": "教学能力", "weight": Decimal(40), "description": "说课与答辩"}],
                      Decimal(60))
    await submit_scheme(organizer, scheme)
    task = await Task.get(process_type=ProcessType.EVALUATION_SCHEME, subject_id=scheme.id, status=TaskStatus.READY)
    await claim_task(bureau, task.id)
    await decide_task(bureau, task.id, Decision.PASS, "方案符合评审要求，同意")

    # 评审结果 (8 of 9 for: past the 2/3 rule), a publicity that ends today, 评审结果备案.
    participants = await SchemeParticipant.filter(scheme_id=scheme.id).order_by("sort", "id")
    await record_results(organizer, scheme, [{"participant_id": p.id, "members_present": 9,
                                              "votes_for": 8, "votes_against": 1, "votes_abstain": 0,
                                              "conclusion": Conclusion.PASSED.value} for p in participants])
    await start_publicity(organizer, scheme, today(), today())
    await close_publicity(organizer, scheme)
    await decide_filing(bureau, scheme, "PASS", "同意备案", f"合人社秘〔{demo.year}〕18号", today())

    # 发证单位编码 and 证书编号 (given by the provincial bureau), then 证书发放 as certificateIssue starts it.
    province = await demo.viewer(demo.unit_ids["hr_prov"])
    code = await assign_issuer_code(province, committee.managing_unit_id, ISSUER_CODE)
    await create_range(province, code.id, application.year, CATEGORY, 1, 9999)
    await start_issue(bureau, committee.managing_unit_id, [p.id for p in participants], None, CATEGORY)


async def revoke_certificates() -> None:
    """After the issue job ran: the issuer revokes one colleague's certificate (never 陈静's), as
    certificateRevoke does; its re-render job follows (a replaced one: zhicheng/demo/reissues.py)."""
    from models.certificate.revocation import revoke_certificate

    walker = await Person.get(mobile=WALKER_MOBILE)
    cert = await Certificate.filter(status="VALID").exclude(person_id=walker.id).order_by("-id").first()
    if cert is None or cert.issuer_unit_id is None:
        return
    from models.access.viewer import load_viewer
    from models.unit.models import UnitAdmin

    admin = await UnitAdmin.filter(unit_id=cert.issuer_unit_id).order_by("id").first()
    await revoke_certificate(await load_viewer(admin.account_id), cert.id, "经核查，该同志申报材料中的论文存在抄袭，撤销其职称证书")


async def report_lines() -> list[str]:
    walker = await Person.get_or_none(mobile=WALKER_MOBILE)
    certs = await Certificate.filter(person_id=walker.id).order_by("id") if walker else []
    return [f"  证书：陈静 {c.year}年度{c.title_name}（{c.committee_name}），证书编号 {c.number}，"
            f"{c.issuer_name}发放，“我的职称”（myCertificates）可下载" for c in certs]

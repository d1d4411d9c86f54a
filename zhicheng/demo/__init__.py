"""Demo data (`zhicheng demo`, `zhicheng serve --demo`): Anhui with its HR bureaus, competent departments,
employers of every nature, a talent centre and organizers (each with a seal), 1,000 persons with valid
resident IDs and bindings in every state, committees and plans, the achievement library and
declarations at every stage.

Reference data (units, accounts, persons' profiles, committees, plans, evidence files) is inserted in
bulk; every workflow state — bindings, records, review paths, quotas, applications, tasks, blacklist —
is reached by calling the domain rules as the person or the unit's admin, so the demo shows what the
rules do and cannot drift from them. Deterministic (fixed seeds) and idempotent: when the platform
admin's demo mobile is registered nothing is written and the logins are printed again. One
transaction; the notice jobs the rules create are sent after it commits (the worker's sweep sends
them when no queue is up yet).

Every demo mobile starts with 1440: 11-digit numbers there are not handed out to subscribers
(140–144 are 13-digit IoT numbers), so a misconfigured SMS sender cannot reach a real person.
Demo e-mail addresses use the reserved example.com domain.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone

from models.account.models import Account, Identity, IdentityProvider
from models.core.history import HistoryEntry
from models.core.job import Job, JobStatus
from models.core.transaction import atomic
from models.messaging.models import Message
from models.person.binding import Binding, BindingStatus
from models.person.models import Person
from models.unit.models import NATURE_LABELS, Unit, UnitKind
from zhicheng.demo.data import (DEMO_PERSONS, KIND_LABELS, LOGIN_UNITS, PASSWORD, PLATFORM_ADMIN_MOBILE,
                                STATUS_LABELS, UNITS, admin_mobiles, organizer_mobiles)
from workers.jobs import run_job
from zhicheng.demo.declarations import walkthrough

__all__ = ["LOGIN_UNITS", "PASSWORD", "PLATFORM_ADMIN_MOBILE", "admin_mobiles", "load_demo", "organizer_mobiles",
           "walkthrough"]


async def load_demo() -> list[str]:
    """Loads the demo once and returns the lines to print: logins and counts."""
    from models.catalogue.seed import ensure_catalogue
    from models.region.models import ensure_regions
    from zhicheng.demo import (catalogue, certificates, declarations, determinations, library, persons, recognitions,
                                reissues, talent_statistics, units, verifications)
    from zhicheng.demo.context import Demo, DemoFiles

    await ensure_regions()
    await ensure_catalogue()
    loaded = await Identity.filter(provider=IdentityProvider.PHONE.value, subject=PLATFORM_ADMIN_MOBILE).exists()
    if not loaded:
        jobs = logging.getLogger("zhicheng.jobs")
        level, last = jobs.level, await Job.all().order_by("-id").values_list("id", flat=True)
        # Without a queue (`zhicheng demo` alone) each of the ~900 notice jobs would log that it waits for
        # the sweep; they are delivered below instead.
        jobs.setLevel(logging.ERROR)
        try:
            async with atomic():
                demo = Demo(now=datetime.now(timezone.utc).replace(microsecond=0))
                demo.files = DemoFiles(demo)
                await units.insert_units(demo)
                await units.stamp_seals(demo)
                await persons.insert_persons(demo)
                await catalogue.insert_catalogue(demo)
                await library.insert_library(demo)
                await declarations.insert_declarations(demo)
                await certificates.insert_certificates(demo)
        finally:
            jobs.setLevel(level)
        # The notices the rules asked for (messages to persons and admins), delivered now as the worker
        # would: a fresh demo opens with its inboxes filled. A later delivery finds each job done.
        pending = Job.filter(id__gt=last[0] if last else 0, status=JobStatus.PENDING).order_by("id")
        for job_id in await pending.values_list("id", flat=True):
            await run_job({}, job_id)
        # A revoked certificate needs an issued one: after the issue job, then its re-render.
        async with atomic():
            await certificates.revoke_certificates()
            await reissues.insert_reissues()  # a replaced certificate, and a reissue in review
            await recognitions.insert_recognitions()  # one approved, one in review, one returned, one draft
            await verifications.insert_verifications()  # one verified, one at the organizer, one draft
            await determinations.insert_determinations()  # 初定 issued, 认定 in review, 初定 returned, a draft
            await talent_statistics.insert_talent_records()  # three counted, one in review, one returned, one draft
        for job_id in await pending.values_list("id", flat=True):
            await run_job({}, job_id)
    return await _report(already=loaded)


async def _report(*, already: bool) -> list[str]:
    """The demo logins and the current counts, read back from the database."""
    from zhicheng.demo import (catalogue, certificates, declarations, determinations, recognitions, reissues,
                                verifications)

    specs = {s.key: s for s in UNITS}
    mobiles = admin_mobiles()
    lines = [("演示数据已存在，未重复导入" if already else "演示数据已导入")
             + f"。演示账号（手机号登录，密码均为 {PASSWORD}）：",
             f"  平台管理员：{PLATFORM_ADMIN_MOBILE}"]
    for label, key in LOGIN_UNITS:
        spec = specs[key]
        lines.append(f"  {label}：{mobiles[key]}（{spec.name}，{NATURE_LABELS[spec.nature]}）")
    for mobile, name, *_, unit_key, story in DEMO_PERSONS:
        person = await Person.get_or_none(mobile=mobile)
        state = "注册已审核通过" if story == "approved" else "注册待审核，此前被退回过一次"
        lines.append(f"  个人 {name}：{mobile} 或身份证号 {person.id_number if person else '-'}"
                     f"（{specs[unit_key].name}，{state}）")
    kinds = {k: await Unit.filter(kind=k).count() for k in UnitKind}
    statuses = {s: await Binding.filter(status=s).count() for s in BindingStatus}
    lines.append("统计：单位 " + "，".join(f"{KIND_LABELS[k]} {n}" for k, n in kinds.items())
                 + f"（有电子印章 {await Unit.filter(seal_id__isnull=False).count()}）"
                 + f"；个人 {await Person.all().count()}，账号 {await Account.all().count()}")
    lines.append("  人员注册申请 " + "，".join(f"{STATUS_LABELS[s]} {n}" for s, n in statuses.items())
                 + f"；流程记录 {await HistoryEntry.all().count()}，消息 {await Message.all().count()}")
    return (lines + await catalogue.report_lines() + await declarations.report_lines()
            + await certificates.report_lines() + await reissues.report_lines()
            + await recognitions.report_lines() + await verifications.report_lines()
            + await determinations.report_lines())

"""Notices of the unit's review of achievement records: one message per person per decided batch."""
from __future__ import annotations

from collections import defaultdict

from strawberry import relay

from models.achievement.models import AchievementRecord
from models.core.job import Job
from models.messaging.models import deliver
from models.person.models import Person
from models.unit.models import Unit

SHOWN_TITLES = 3


def _titles(titles: list[str]) -> str:
    shown = "、".join(f"《{t}》" for t in titles[:SHOWN_TITLES])
    return shown + (f"等{len(titles)}条" if len(titles) > SHOWN_TITLES else "")


async def achievement_decision_notice(job: Job, progress) -> None:
    """Idempotent: the dedupe key is the job and the person, so a re-run delivers nothing new."""
    passed = job.params["decision"] == "PASS"
    rows = await AchievementRecord.filter(id__in=job.params["record_ids"]).order_by("id")
    by_person: dict[int, list[AchievementRecord]] = defaultdict(list)
    for row in rows:
        by_person[row.person_id].append(row)
    accounts = dict(await Person.filter(id__in=list(by_person)).values_list("id", "account_id"))
    unit_ids = {r.unit_id for r in rows if r.unit_id is not None}
    units = dict(await Unit.filter(id__in=list(unit_ids)).values_list("id", "name"))
    messages = []
    for person_id, records in by_person.items():
        unit = units.get(records[0].unit_id, "所在单位")
        titles = _titles([r.title for r in records])
        if passed:
            title, body = "业绩审核通过", f"{unit}审核通过了您的{len(records)}条业绩：{titles}。"
        else:
            title = "业绩审核退回"
            body = (f"{unit}退回了您的{len(records)}条业绩：{titles}。退回意见：{job.params['opinion']}。"
                    "请修改后重新提交。")
        single = len(records) == 1
        messages.append({"recipient_id": accounts[person_id], "title": title, "body": body,
                         "link_type": "AchievementRecord",
                         "link_id": relay.to_base64("AchievementRecord", records[0].id) if single else "",
                         "dedupe_key": f"achievement-decision:{job.id}:{person_id}"})
    await deliver(messages)
    await progress(len(messages), len(messages))

"""Every rule of 开始检测 (models/application/check.py), each passing and failing with its exact message and
field, and the bounds of the achievement and attachment counts: written for the mutation run
(tests/mutation/run.py), which found most of them unasserted."""
from __future__ import annotations

from dataclasses import astuple
from datetime import date, datetime, timedelta, timezone

from strawberry import relay

from models.application.check import check_application
from models.application.models import Application, ApplicationAttachment, ApplicationRecord
from models.blacklist.models import BlacklistEntry
from models.core.file import StoredFile
from models.person.models import Person
from models.plan.models import Plan, PlanAchievementRule, PlanAttachmentSlot
from tests.declaration_support import CREATE, build_world, ready_application
from tests.helpers import gql


async def _checks(app_id: int) -> list[tuple]:
    return [astuple(r) for r in await check_application(await Application.get(id=app_id))]


async def _ready(http):
    world = await build_world()
    return world, int(relay.from_base64(await ready_application(http, world))[1])


def _passing(world) -> list[tuple]:
    return [
        ("PLAN_OPEN", True, "计划在申报时间内", "planId"),
        ("BINDING_APPROVED", True, "所在单位已审核通过", None),
        ("NOT_BLACKLISTED", True, "未列入黑名单", None),
        ("PHOTO", True, "已上传照片", "photo"),
        ("PERSONAL_INFO", True, "个人信息已填写", "personalInfo"),
        ("SPECIAL_FORM", True, "常规申报", "specialForm"),
        ("QUALIFYING_EDUCATION", True, "已标记合格学历", "records"),
        ("ACHIEVEMENT_PAPER", True, "论文发表情况1条，符合要求", "records"),
        (f"ATTACHMENT_{world.slot.id}", True, "已上传附件：身份证", "attachments"),
    ]


async def test_a_ready_application_passes_every_rule_with_its_message(http):
    world, app_id = await _ready(http)
    assert await _checks(app_id) == _passing(world)


async def test_a_fresh_draft_fails_with_the_messages_that_say_what_to_do(http):
    world = await build_world()
    result = await gql(http, CREATE, {"input": world.create_input()}, token=world.applicant.token)
    app_id = int(relay.from_base64(result["data"]["applicationCreate"]["application"]["id"])[1])
    expected = _passing(world)
    expected[4:] = [
        ("PERSONAL_INFO", False, "请填写个人信息（专业年限等）", "personalInfo"),
        ("SPECIAL_FORM", True, "常规申报", "specialForm"),
        ("QUALIFYING_EDUCATION", False, "请导入教育经历并标记一条合格学历", "records"),
        ("ACHIEVEMENT_PAPER", False, "论文发表情况至少需要1条，当前0条", "records"),
        (f"ATTACHMENT_{world.slot.id}", False, "请上传附件：身份证", "attachments"),
    ]
    assert await _checks(app_id) == expected


async def test_the_person_plan_and_blacklist_rules_fail_each_with_its_message(http):
    world, app_id = await _ready(http)
    person = world.applicant.person
    await Plan.filter(id=world.plan.id).update(closes_at=datetime.now(timezone.utc) - timedelta(minutes=1))
    await Person.filter(id=person.id).update(current_unit_id=None, photo_id=None)
    await BlacklistEntry.create(person_id=person.id, reason="材料造假", starts_on=date.today(),
                                ends_on=date.today() + timedelta(days=365))
    expected = _passing(world)
    expected[:4] = [
        ("PLAN_OPEN", False, "该评审计划不在申报时间内，不能提交", "planId"),
        ("BINDING_APPROVED", False, "所在单位尚未审核通过您的注册", None),
        ("NOT_BLACKLISTED", False, "您在黑名单期限内", None),
        ("PHOTO", False, "请先在个人中心上传照片", "photo"),
    ]
    assert await _checks(app_id) == expected


async def test_special_forms_name_what_they_lack(http):
    world, app_id = await _ready(http)
    await Application.filter(id=app_id).update(declaration_type="EXCEPTIONAL", special_form={})
    special = (await _checks(app_id))[5]
    assert special == ("SPECIAL_FORM", False, "请填写破格申报表：申请理由、主要业绩", "specialForm")
    await Application.filter(id=app_id).update(declaration_type="TRANSFER", special_form={"reason": "转岗"})
    assert (await _checks(app_id))[5] == ("SPECIAL_FORM", False, "请填写转评申报表：原系列和原职称", "specialForm")
    await Application.filter(id=app_id).update(special_form={"reason": "转岗", "original_series": "经济",
                                                             "original_title": "经济师"})
    assert (await _checks(app_id))[5] == ("SPECIAL_FORM", True, "申报表已填写", "specialForm")


async def test_education_marked_but_not_as_qualifying_says_so(http):
    world, app_id = await _ready(http)
    await ApplicationRecord.filter(application_id=app_id).update(is_qualifying_education=False)
    assert (await _checks(app_id))[6] == ("QUALIFYING_EDUCATION", False, "请在教育经历中标记一条合格学历", "records")
    await ApplicationRecord.filter(application_id=app_id, category="EDUCATION").update(is_qualifying_education=True)
    await ApplicationRecord.create(application_id=app_id, category="EDUCATION", title="第二学历",
                                   is_qualifying_education=True, position=9)
    assert (await _checks(app_id))[6][:2] == ("QUALIFYING_EDUCATION", False), "two marked is not one"


async def test_achievement_counts_are_inclusive_at_both_bounds(http):
    world, app_id = await _ready(http)
    await PlanAchievementRule.filter(plan_id=world.plan.id).update(min_count=2, max_count=2)
    assert (await _checks(app_id))[7] == ("ACHIEVEMENT_PAPER", False, "论文发表情况至少需要2条，当前1条", "records")
    await ApplicationRecord.create(application_id=app_id, category="PAPER", title="第二篇", position=5)
    assert (await _checks(app_id))[7] == ("ACHIEVEMENT_PAPER", True, "论文发表情况2条，符合要求", "records")
    await ApplicationRecord.create(application_id=app_id, category="PAPER", title="第三篇", position=6)
    assert (await _checks(app_id))[7] == ("ACHIEVEMENT_PAPER", False, "论文发表情况最多2条，当前3条", "records")


async def test_a_rule_for_another_level_does_not_apply(http):
    world, app_id = await _ready(http)
    await PlanAchievementRule.create(plan_id=world.plan.id, level="SENIOR", category="BOOK", min_count=1,
                                     max_count=1)
    assert [r[0] for r in await _checks(app_id)] == [r[0] for r in _passing(world)]


async def test_attachment_counts_and_optional_slots(http):
    world, app_id = await _ready(http)
    slot_rule = f"ATTACHMENT_{world.slot.id}"
    first = await ApplicationAttachment.get(application_id=app_id)
    await ApplicationAttachment.create(application_id=app_id, slot_id=world.slot.id, file_id=first.file_id)
    assert (await _checks(app_id))[8] == (slot_rule, True, "已上传附件：身份证", "attachments"), "two of two"
    await ApplicationAttachment.create(application_id=app_id, slot_id=world.slot.id, file_id=first.file_id)
    assert (await _checks(app_id))[8] == (slot_rule, False, "附件“身份证”最多2个", "attachments")
    optional = await PlanAttachmentSlot.create(plan_id=world.plan.id, name="获奖证书", required=False,
                                               allowed_types=["application/pdf"], max_size_mb=5, max_count=1,
                                               sort=99)
    checks = await _checks(app_id)
    assert f"ATTACHMENT_{optional.id}" not in [r[0] for r in checks], "an optional slot left empty is no rule"
    file = await StoredFile.create(sha256="1" * 64, size=10, content_type="application/pdf", name="a.pdf",
                                   purpose="attachment")
    await ApplicationAttachment.create(application_id=app_id, slot_id=optional.id, file_id=file.id)
    assert f"ATTACHMENT_{optional.id}" not in [r[0] for r in await _checks(app_id)], "nor one within its limit"
    await ApplicationAttachment.create(application_id=app_id, slot_id=optional.id, file_id=file.id)
    assert (await _checks(app_id))[-1] == (f"ATTACHMENT_{optional.id}", False, "附件“获奖证书”最多1个", "attachments")


async def test_another_plans_rules_do_not_apply(http):
    world, app_id = await _ready(http)
    other = await Plan.create(name="另一计划", year=2026, committee=world.committee, organizer=world.organizer.unit,
                              levels=["ASSOCIATE_SENIOR"], declaration_types=["REGULAR"], opens_at=world.plan.opens_at,
                              closes_at=world.plan.closes_at, status="PUBLISHED", published_at=world.plan.published_at)
    await PlanAchievementRule.create(plan=other, level="ASSOCIATE_SENIOR", category="BOOK", min_count=1, max_count=1)
    assert await _checks(app_id) == _passing(world)


async def test_attachment_rules_follow_the_slots_sort_order(http):
    world, app_id = await _ready(http)
    later = await PlanAttachmentSlot.create(plan_id=world.plan.id, name="职称证书", required=True,
                                            allowed_types=["application/pdf"], max_size_mb=5, max_count=1, sort=-1)
    rules = [r[0] for r in await _checks(app_id)]
    assert rules[-2:] == [f"ATTACHMENT_{later.id}", f"ATTACHMENT_{world.slot.id}"]

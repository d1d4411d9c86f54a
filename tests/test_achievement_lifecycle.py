"""A record's life: draft, submit (approved binding only), review, withdraw (unless locked), delete."""
from __future__ import annotations

import pytest

from models.achievement.models import AchievementAttachment, AchievementRecord, RecordStatus
from models.achievement import rules
from models.person.binding import BindingStatus
from models.core.history import HistoryEntry
from tests.achievement_support import (DECIDE, DELETE, SUBMIT, UPDATE, WITHDRAW, attach, call, create, data,
                                       pending_record, pk_of, set_status, unit_with_person)
from tests.helpers import make_person, make_unit


def codes(payload: dict) -> list[str]:
    return [e["code"] for e in payload["errors"]]


async def test_a_person_without_an_approved_unit_drafts_but_cannot_submit(http):
    admin = await make_unit()
    person = await make_person(unit=admin.unit, status=BindingStatus.PENDING)
    record = await create(http, person)
    payload = await call(http, SUBMIT, "achievementRecordSubmit", {"recordId": record["id"]}, person)
    assert codes(payload) == ["BINDING_NOT_APPROVED"] and payload["record"] is None
    row = await AchievementRecord.get(id=pk_of(record["id"]))
    assert (row.status, row.unit_id, row.version) == (RecordStatus.DRAFT, None, 0)


async def test_submit_sends_to_the_current_unit_and_locks_editing(http):
    admin, person = await unit_with_person()
    record = await create(http, person, "PAPER")
    payload = await call(http, SUBMIT, "achievementRecordSubmit", {"recordId": record["id"]}, person)
    assert payload["errors"] == []
    assert payload["record"]["status"] == "PENDING"
    assert payload["record"]["workUnit"] == admin.unit.name  # a paper names no work unit: the unit's
    assert pk_of(payload["record"]["unit"]["id"]) == admin.unit.id
    update = await call(http, UPDATE, "achievementRecordUpdate", {"recordId": record["id"], "data": data("PAPER")},
                        person)
    assert codes(update) == ["NOT_EDITABLE"]
    again = await call(http, SUBMIT, "achievementRecordSubmit", {"recordId": record["id"]}, person)
    assert codes(again) == ["NOT_EDITABLE"]
    deleted = await call(http, DELETE, "achievementRecordDelete", {"recordId": record["id"]}, person)
    assert codes(deleted) == ["NOT_EDITABLE"]
    attached = (await attach(http, person, record["id"])).json()["data"]["achievementAttachmentAdd"]
    assert codes(attached) == ["NOT_EDITABLE"]
    assert await AchievementAttachment.all().count() == 0
    actions = await HistoryEntry.filter(subject_type="AchievementRecord").values_list("action", flat=True)
    assert list(actions) == ["CREATED", "SUBMITTED"]


@pytest.mark.parametrize("status", ["PENDING", "APPROVED"])
async def test_withdraw_pending_or_approved_then_edit_and_resubmit(http, status):
    admin, person = await unit_with_person()
    record = await pending_record(http, person)
    await set_status(record["id"], RecordStatus(status))
    payload = await call(http, WITHDRAW, "achievementRecordWithdraw", {"recordId": record["id"]}, person)
    assert payload["errors"] == [] and payload["record"]["status"] == "WITHDRAWN" and payload["record"]["editable"]
    update = await call(http, UPDATE, "achievementRecordUpdate",
                        {"recordId": record["id"], "data": data("WORK_EXPERIENCE", workUnit="希望小学")}, person)
    assert update["errors"] == [] and update["record"]["workUnit"] == "希望小学"
    again = await call(http, SUBMIT, "achievementRecordSubmit", {"recordId": record["id"]}, person)
    assert again["errors"] == [] and again["record"]["status"] == "PENDING"


@pytest.mark.parametrize("status", ["DRAFT", "RETURNED", "WITHDRAWN"])
async def test_only_pending_or_approved_can_be_withdrawn(http, status):
    admin, person = await unit_with_person()
    record = await create(http, person)
    await set_status(record["id"], RecordStatus(status))
    payload = await call(http, WITHDRAW, "achievementRecordWithdraw", {"recordId": record["id"]}, person)
    assert codes(payload) == ["NOT_WITHDRAWABLE"]


async def test_a_locked_record_cannot_be_withdrawn_or_deleted(http, monkeypatch):
    admin, person = await unit_with_person()
    first = await pending_record(http, person)
    second = await pending_record(http, person, "PAPER")
    await set_status(first["id"], RecordStatus.APPROVED)
    asked: list[list[int]] = []

    async def held_by_application(ids: list[int]) -> set[int]:
        asked.append(ids)
        return {pk_of(first["id"])}

    with monkeypatch.context() as patch:
        patch.setattr(rules, "RECORD_HOLDERS", rules.RECORD_HOLDERS + (held_by_application,))
        payload = await call(http, WITHDRAW, "achievementRecordWithdraw", {"recordId": first["id"]}, person)
        assert codes(payload) == ["RECORD_LOCKED"] and payload["record"] is None
        assert (await AchievementRecord.get(id=pk_of(first["id"]))).status == RecordStatus.APPROVED
        other = await call(http, WITHDRAW, "achievementRecordWithdraw", {"recordId": second["id"]}, person)
        assert other["errors"] == []
        assert asked == [[pk_of(first["id"])], [pk_of(second["id"])]]
        await set_status(first["id"], RecordStatus.RETURNED)
        deleted = await call(http, DELETE, "achievementRecordDelete", {"recordId": first["id"]}, person)
        assert codes(deleted) == ["RECORD_LOCKED"]
    payload = await call(http, DELETE, "achievementRecordDelete", {"recordId": first["id"]}, person)
    assert payload["errors"] == []


async def test_delete_an_editable_record_with_its_attachments(http):
    person = await make_person()
    record = await create(http, person)
    assert (await attach(http, person, record["id"])).json()["data"]["achievementAttachmentAdd"]["errors"] == []
    payload = await call(http, DELETE, "achievementRecordDelete", {"recordId": record["id"]}, person)
    assert payload["errors"] == [] and payload["record"]["id"] == record["id"]
    assert await AchievementRecord.all().count() == 0 and await AchievementAttachment.all().count() == 0


async def test_returned_record_is_edited_and_resubmitted(http):
    admin, person = await unit_with_person()
    record = await pending_record(http, person)
    returned = await call(http, DECIDE, "achievementRecordDecide",
                          {"recordIds": [record["id"]], "decision": "RETURN", "opinion": "请补充工作内容"}, admin)
    assert returned["errors"] == [] and returned["records"][0]["status"] == "RETURNED"
    update = await call(http, UPDATE, "achievementRecordUpdate",
                        {"recordId": record["id"], "data": data("WORK_EXPERIENCE", content="补充后的内容")}, person)
    assert update["errors"] == [] and update["record"]["status"] == "RETURNED"
    assert update["record"]["opinion"] == "请补充工作内容"
    again = await call(http, SUBMIT, "achievementRecordSubmit", {"recordId": record["id"]}, person)
    assert again["errors"] == [] and again["record"]["status"] == "PENDING"
    assert (await AchievementRecord.get(id=pk_of(record["id"]))).opinion == ""


async def test_a_stale_version_is_a_conflict(http):
    from models.achievement.rules import _transition

    person = await make_person()
    record = await create(http, person)
    row = await AchievementRecord.get(id=pk_of(record["id"]))
    await AchievementRecord.filter(id=row.id).update(version=row.version + 1)  # someone else got there first
    from models.core.errors import Refused

    with pytest.raises(Refused) as refused:
        await _transition(row, (RecordStatus.DRAFT,), title="x")
    assert refused.value.problems[0].code == "CONFLICT"
    assert (await AchievementRecord.get(id=row.id)).title == "合肥八中"

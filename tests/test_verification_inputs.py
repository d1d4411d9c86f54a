"""证书核验: every refused input of every verification request mutation (create, update, attachmentAdd,
attachmentDelete, submit, withdraw, delete) gets its code, the field at fault and its Chinese message, and
changes nothing — no request, attachment, stored file, task, certificate, history or message row, and no file in
storage. One case per way a person (or someone else) can get it wrong; the bad-input table of issue 9 §3, after
tests/test_recognition_inputs.py.

The certificate is entered as ``input.certificate`` (VerificationCertificateInput), so a problem with one of its
fields names the path relative to ``input`` — ``["certificate", "number"]`` — as the input layer does for a NUL
byte in the same object (schema/core/inputs.py) and as a reissue's entered certificate does
(models/reissue/create.py)."""
from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from strawberry import relay

from models.catalogue.models import Series, Specialty, TitleName
from models.certificate.models import Certificate
from models.committee.models import CommitteeOrganizer
from models.core.file import StoredFile
from models.core.history import HistoryEntry
from models.core.job import Job
from models.messaging.models import Message
from models.person.models import Person
from models.verification_request.models import (
    VerificationAttachment,
    VerificationRequest,
)
from models.workflow.models import Task
from tests.certificate_support import direct_cert
from tests.declaration_support import CLAIM, claim_and_decide
from tests.helpers import gid, gql, payload_errors, upload
from tests.plan_support import make_committee
from tests.verification_support import (
    ATTACH,
    CREATE,
    DELETE,
    DETACH,
    PDF,
    SUBMIT,
    TASKS,
    UPDATE,
    WITHDRAW,
    VerificationWorld,
    attach,
    call,
    create,
    verification_world,
)

MB = 1024 * 1024
CJK = re.compile(r"[\u4e00-\u9fff]")
MISSING = 987654321  # a key no row has
FRESH = "皖高评2014000456"  # a number nobody has entered: what a new request is created with
THEIRS = "皖高评2010000777"  # the other person's draft
ON_PLATFORM = "皖高评2008000999"  # a certificate of the platform (written by a case's setup)
GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00"
       b"\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
RID = ["requestId"]


def cert(name: str) -> list[str]:
    """Where a field of input.certificate is named in a UserError."""
    return ["certificate", name]


def docx_bytes() -> bytes:
    """A Word document (a zip with [Content_Types].xml and word/): not one of a slot's scan types."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


# ------------------------------------------------------------------------------------------- the scene

@dataclass
class Scene:
    """The person's request (a full draft with one scan of the certificate, or submitted), the other person's
    draft with one scan; a committee, a specialty and a title of another series."""

    world: VerificationWorld
    rid: str
    attachment_id: str
    theirs: str
    their_attachment_id: str
    foreign_specialty_id: str
    foreign_title_id: str
    foreign_committee_id: str
    tokens: dict[str, str] = field(default_factory=dict)

    def entry(self, **changes: Any) -> dict:
        """A new certificate (the person's own number is taken by their draft)."""
        return {**self.world.certificate, "number": FRESH, **changes}


async def scene(http, stage: str = "draft") -> Scene:
    world = await verification_world()
    rid = (await create(http, world))["id"]
    mine = await attach(http, world.person.token, rid)
    if stage == "submitted":
        await call(http, SUBMIT, {"requestId": rid}, world.person.token, "verificationRequestSubmit")
    theirs = (await call(http, CREATE, {"certificate": {**world.certificate, "number": THEIRS}},
                         world.other_person.token, "verificationRequestCreate"))["request"]["id"]
    their_files = await attach(http, world.other_person.token, theirs)
    engineering = await Series.get(code="ENGINEERING")
    health = await Series.get(code="HEALTH")
    foreign_committee = await make_committee(world.province.unit, name="安徽省卫生系列高级评审委员会",
                                             series_code="HEALTH", organizers=(world.organizer.unit,))
    foreign_specialty = await Specialty.filter(series_id=health.id).first()
    foreign_title = await TitleName.filter(series_id=health.id).first()
    assert foreign_specialty.series_id != engineering.id and foreign_title.series_id != engineering.id
    return Scene(world, rid, first_scan(mine), theirs, first_scan(their_files),
                 gid("Specialty", foreign_specialty.id), gid("TitleName", foreign_title.id),
                 gid("Committee", foreign_committee.id),
                 {"person": world.person.token, "other": world.other_person.token})


def first_scan(result: dict) -> str:
    request = result["data"]["verificationRequestAttachmentAdd"]["request"]
    return next(a["id"] for s in request["slots"] if s["key"] == "CERTIFICATE" for a in s["attachments"])


def pk(global_id: str) -> int:
    return int(relay.GlobalID.from_id(global_id).node_id)


def stored_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in Path(root).rglob("*") if p.is_file()) if Path(root).exists() \
        else []


async def state(settings) -> tuple:
    """A fingerprint of everything a verification request mutation writes."""
    return (await VerificationRequest.all().order_by("id").values(),
            await VerificationAttachment.all().order_by("id").values_list("id", "request_id", "slot", "file_id"),
            await StoredFile.all().order_by("id").values_list("id", "sha256", "size", "content_type", "purpose"),
            await Task.all().order_by("id").values(),
            await Certificate.all().order_by("id").values_list("id", "number", "person_id", "subject_kind"),
            await Job.all().order_by("id").values_list("id", "kind", "status"),
            await HistoryEntry.all().order_by("id").values_list("id", "subject_type", "subject_id", "action"),
            await Message.all().order_by("id").values_list("id", "recipient_id", "title"),
            stored_files(settings.storage_dir))


def chinese(message: str) -> bool:
    return bool(message) and CJK.search(message) is not None


def payload_refusal(result: dict, name: str) -> list[tuple[str, list[str] | None, str]]:
    """The payload's errors as (code, field, message), each message Chinese, and no object returned with them."""
    assert "errors" not in result, result  # a payload refusal, never a top-level error
    body = result["data"][name]
    errors = body.pop("errors")
    assert errors and all(chinese(e["message"]) for e in errors), result
    assert all(v is None for v in body.values()), result
    return [(e["code"], e["field"], e["message"]) for e in errors]


# ------------------------------------------------------------------------------------------- setups

Setup = Callable[[Any, Scene], Awaitable[None]]


async def unbind(http, s: Scene) -> None:
    await Person.filter(id=s.world.person.person.id).update(current_unit_id=None)


async def no_organizer(http, s: Scene) -> None:
    await CommitteeOrganizer.filter(committee_id=s.world.committee.id).delete()


async def no_scan(http, s: Scene) -> None:
    await call(http, DETACH, {"requestId": s.rid, "attachmentId": s.attachment_id}, s.world.person.token,
               "verificationRequestAttachmentDelete")


async def my_certificate(http, s: Scene) -> None:
    await direct_cert(s.world.person.person, s.world.province.unit, number=ON_PLATFORM)


async def their_certificate(http, s: Scene) -> None:
    await direct_cert(s.world.other_person.person, s.world.province.unit, number=ON_PLATFORM)


async def theirs_submitted(http, s: Scene) -> None:
    await call(http, SUBMIT, {"requestId": s.theirs}, s.world.other_person.token, "verificationRequestSubmit")


async def claimed(http, s: Scene) -> None:
    tasks = (await gql(http, TASKS, {"unitId": gid("Unit", s.world.organizer.unit.id), "box": "TO_CLAIM"},
                       token=s.world.organizer.token))["data"]["tasks"]["nodes"]
    assert payload_errors(await gql(http, CLAIM, {"input": {"taskId": tasks[0]["id"]}},
                                    token=s.world.organizer.token), "taskClaim") == []


async def returned(http, s: Scene) -> None:
    await claim_and_decide(http, s.world.organizer, decision="RETURN", opinion="请上传评审表")


async def approved(http, s: Scene) -> None:
    await claim_and_decide(http, s.world.organizer, opinion="情况属实")


async def withdrawn(http, s: Scene) -> None:
    await call(http, WITHDRAW, {"requestId": s.rid}, s.world.person.token, "verificationRequestWithdraw")


# ------------------------------------------------------------------------------------------- the table

@dataclass(frozen=True)
class Case:
    query: str
    name: str
    variables: Callable[[Scene], dict]
    expected: list[tuple[str, list[str], str]]
    stage: str = "draft"
    who: str = "person"
    setup: Setup | None = None


# The certificate's fields, refused the same on create and on update: (changes, expected, setup).
FIELD_CASES: dict[str, tuple[dict, list, Setup | None]] = {
    "no 证书编号": ({"number": ""}, [("REQUIRED", cert("number"), "请填写证书编号")], None),
    "a 证书编号 of spaces": ({"number": "   "}, [("REQUIRED", cert("number"), "请填写证书编号")], None),
    "a 证书编号 over 40 characters": ({"number": "1" * 41}, [("TOO_LONG", cert("number"), "证书编号不能超过40个字符")],
                                   None),
    "no 批准文号": ({"approvalNumber": ""}, [("REQUIRED", cert("approvalNumber"), "请填写批准文号")], None),
    "a 批准文号 over 50 characters": ({"approvalNumber": "文" * 51},
                                   [("TOO_LONG", cert("approvalNumber"), "批准文号不能超过50个字符")], None),
    "no 发证单位": ({"issuerName": " "}, [("REQUIRED", cert("issuerName"), "请填写发证单位")], None),
    "a 发证单位 over 100 characters": ({"issuerName": "厅" * 101},
                                    [("TOO_LONG", cert("issuerName"), "发证单位不能超过100个字符")], None),
    "a 取得资格时所在单位 over 100 characters": ({"unitName": "单" * 101},
                                         [("TOO_LONG", cert("unitName"), "取得资格时所在单位不能超过100个字符")], None),
    "every text problem at once": (
        {"number": "", "approvalNumber": "文" * 51, "issuerName": ""},
        [("REQUIRED", cert("number"), "请填写证书编号"), ("TOO_LONG", cert("approvalNumber"), "批准文号不能超过50个字符"),
         ("REQUIRED", cert("issuerName"), "请填写发证单位")], None),
    "a NUL byte in 发证单位": ({"issuerName": "安徽省\x00人社厅"},
                           [("INVALID_INPUT", cert("issuerName"), "不能包含空字符（U+0000）")], None),
    "其他 without a name": ({"specialtyId": None, "specialtyName": ""},
                         [("REQUIRED", cert("specialtyName"), "请填写专业名称")], None),
    "其他 with a name of spaces": ({"specialtyId": None, "specialtyName": "  "},
                                [("REQUIRED", cert("specialtyName"), "请填写专业名称")], None),
    "其他 with a name over 50 characters": ({"specialtyId": None, "specialtyName": "专" * 51},
                                        [("TOO_LONG", cert("specialtyName"), "专业名称不能超过50个字符")], None),
    "a future 发证日期": ({"issueDate": "2999-01-01"}, [("INVALID_DATE", cert("issueDate"), "发证日期不能晚于今天")],
                      None),
    # One problem: the date that is wrong, not a second one on the date it is compared with (as recognitions).
    "a future 取得资格时间 (one problem, not a second on 发证日期)": (
        {"acquiredOn": "2999-01-01"}, [("INVALID_DATE", cert("acquiredOn"), "取得资格时间不能晚于今天")], None),
    "both dates in the future": (
        {"acquiredOn": "2999-01-01", "issueDate": "2999-02-01"},
        [("INVALID_DATE", cert("acquiredOn"), "取得资格时间不能晚于今天"),
         ("INVALID_DATE", cert("issueDate"), "发证日期不能晚于今天")], None),
    "a 取得资格时间 before the birth date": (
        {"acquiredOn": "1980-01-01"}, [("INVALID_DATE", cert("acquiredOn"), "取得资格时间应晚于出生日期")], None),
    "a 取得资格时间 on the birth date": (
        {"acquiredOn": "1985-06-15"}, [("INVALID_DATE", cert("acquiredOn"), "取得资格时间应晚于出生日期")], None),
    "a 发证日期 before the birth date (one problem, not a second against 取得资格时间)": (
        {"issueDate": "1980-01-01"}, [("INVALID_DATE", cert("issueDate"), "发证日期应晚于出生日期")], None),
    "both dates before the birth date": (
        {"acquiredOn": "1979-01-01", "issueDate": "1980-01-01"},
        [("INVALID_DATE", cert("acquiredOn"), "取得资格时间应晚于出生日期"),
         ("INVALID_DATE", cert("issueDate"), "发证日期应晚于出生日期")], None),
    "a 发证日期 before the 取得资格时间": (
        {"issueDate": "2012-01-01"}, [("INVALID_DATE", cert("issueDate"), "发证日期不能早于取得资格时间")], None),
    "a date that is not one": ({"acquiredOn": "2012-02-30"},
                               [("INVALID_INPUT", cert("acquiredOn"), "日期格式不正确，应为 YYYY-MM-DD")], None),
    "a title of another series": ("foreign_title", [("TITLE_NOT_IN_SERIES", cert("titleNameId"), "资格名称不属于所选系列")],
                                  None),
    "a title that does not exist": ({"titleNameId": gid("TitleName", MISSING)},
                                    [("TITLE_NOT_IN_SERIES", cert("titleNameId"), "资格名称不属于所选系列")], None),
    "a specialty of another series": ("foreign_specialty",
                                      [("TITLE_NOT_IN_SERIES", cert("specialtyId"), "专业不属于所选系列")], None),
    "a specialty that does not exist": ({"specialtyId": gid("Specialty", MISSING)},
                                        [("TITLE_NOT_IN_SERIES", cert("specialtyId"), "专业不属于所选系列")], None),
    "a series that does not exist": ({"seriesId": gid("Series", MISSING)},
                                     [("NOT_FOUND", cert("seriesId"), "系列不存在")], None),
    "a committee of another series": ("foreign_committee",
                                      [("COMMITTEE_NOT_OF_SERIES", cert("committeeId"), "所选评审委员会不评审该系列")], None),
    "a committee that does not exist": ({"committeeId": gid("Committee", MISSING)},
                                        [("NOT_FOUND", cert("committeeId"), "评审委员会不存在")], None),
    "no committee": ({"committeeId": ""}, [("REQUIRED", cert("committeeId"), "请选择评委会")], None),
    "no series": ({"seriesId": ""}, [("REQUIRED", cert("seriesId"), "请选择系列")], None),
    "no title": ({"titleNameId": " "}, [("REQUIRED", cert("titleNameId"), "请选择申报资格名称")], None),
    "a committee id that is no id": ({"committeeId": "不是ID"}, [("INVALID_ID", cert("committeeId"), "ID 无效")], None),
    "a committee id of another type": ("series_as_committee",
                                       [("INVALID_ID", cert("committeeId"), "ID 无效或不是Committee类型")], None),
    "a title id beyond int64": ({"titleNameId": gid("TitleName", 2 ** 63)},
                                [("INVALID_ID", cert("titleNameId"), "ID 无效")], None),
    "a specialty id of another type": ("series_as_specialty",
                                       [("INVALID_ID", cert("specialtyId"), "ID 无效或不是Specialty类型")], None),
    "a number that is already a certificate of mine": (
        {"number": ON_PLATFORM}, [("NUMBER_EXISTS", cert("number"), "该证书已在系统中，可在“我的职称”中查看")],
        my_certificate),
    "a number that is another person's certificate": (
        {"number": ON_PLATFORM}, [("NUMBER_EXISTS", cert("number"), "该证书已在系统中，可在“我的职称”中查看")],
        their_certificate),
    "a number with another person's request in review": (
        {"number": THEIRS}, [("NUMBER_EXISTS", cert("number"), "该证书编号已有进行中的核验申请")], theirs_submitted),
    "a number of another person's draft": (
        {"number": THEIRS}, [("NUMBER_EXISTS", cert("number"), "该证书编号已有进行中的核验申请")], None),
    "a number of another person's draft, with spaces around it": (
        {"number": f"  {THEIRS} "}, [("NUMBER_EXISTS", cert("number"), "该证书编号已有进行中的核验申请")], None),
}


def certificate_of(s: Scene, changes: dict | str, base: dict) -> dict:
    """The certificate input with a case's changes (a name for the changes that need the scene's ids)."""
    if changes == "foreign_title":
        changes = {"titleNameId": s.foreign_title_id}
    elif changes == "foreign_specialty":
        changes = {"specialtyId": s.foreign_specialty_id}
    elif changes == "foreign_committee":
        changes = {"committeeId": s.foreign_committee_id}
    elif changes == "series_as_committee":
        changes = {"committeeId": s.world.certificate["seriesId"]}
    elif changes == "series_as_specialty":
        changes = {"specialtyId": s.world.certificate["seriesId"]}
    return {**base, **changes}


def creating(changes: dict | str) -> Callable[[Scene], dict]:
    return lambda s: {"certificate": certificate_of(s, changes, s.entry())}


def updating(changes: dict | str) -> Callable[[Scene], dict]:
    return lambda s: {"requestId": s.rid, "certificate": certificate_of(s, changes, s.world.certificate)}


def rid(s: Scene) -> dict:
    return {"requestId": s.rid}


def detach(attachment: Callable[[Scene], str]) -> Callable[[Scene], dict]:
    return lambda s: {"requestId": s.rid, "attachmentId": attachment(s)}


CASES: dict[str, Case] = {
    **{f"create: {name}": Case(CREATE, "verificationRequestCreate", creating(changes), expected, setup=setup)
       for name, (changes, expected, setup) in FIELD_CASES.items()},
    "create: the number of my own draft": Case(
        CREATE, "verificationRequestCreate", lambda s: {"certificate": s.world.certificate},
        [("NUMBER_EXISTS", cert("number"), "该证书编号已有进行中的核验申请")]),
    "create: the number of my own request in review": Case(
        CREATE, "verificationRequestCreate", lambda s: {"certificate": s.world.certificate},
        [("NUMBER_EXISTS", cert("number"), "该证书编号已有进行中的核验申请")], stage="submitted"),
    **{f"update: {name}": Case(UPDATE, "verificationRequestUpdate", updating(changes), expected, setup=setup)
       for name, (changes, expected, setup) in FIELD_CASES.items()},
    "update: a submitted request": Case(
        UPDATE, "verificationRequestUpdate", updating({"unitName": "改"}),
        [("NOT_EDITABLE", RID, "证书核验申请已提交，撤回或被退回后才能修改")], stage="submitted"),
    "update: an approved request": Case(
        UPDATE, "verificationRequestUpdate", updating({"unitName": "改"}),
        [("NOT_EDITABLE", RID, "证书核验申请已提交，撤回或被退回后才能修改")], stage="submitted", setup=approved),
    "update: another person's request": Case(
        UPDATE, "verificationRequestUpdate", updating({"unitName": "改"}), [("NOT_FOUND", RID, "证书核验申请不存在")],
        who="other"),
    "update: a request that does not exist": Case(
        UPDATE, "verificationRequestUpdate",
        lambda s: {"requestId": gid("VerificationRequest", MISSING), "certificate": s.world.certificate},
        [("NOT_FOUND", RID, "证书核验申请不存在")]),
    "update: a request id that is no id": Case(
        UPDATE, "verificationRequestUpdate", lambda s: {"requestId": "nope", "certificate": s.world.certificate},
        [("INVALID_ID", RID, "ID 无效")]),
    "update: a request id beyond int64": Case(
        UPDATE, "verificationRequestUpdate",
        lambda s: {"requestId": gid("VerificationRequest", 2 ** 63), "certificate": s.world.certificate},
        [("INVALID_ID", RID, "ID 无效")]),
    "update: a request id of another type": Case(
        UPDATE, "verificationRequestUpdate",
        lambda s: {"requestId": s.attachment_id, "certificate": s.world.certificate},
        [("INVALID_ID", RID, "ID 无效或不是VerificationRequest类型")]),
    # ---- verificationRequestAttachmentDelete
    "attachment delete: another request's scan": Case(
        DETACH, "verificationRequestAttachmentDelete", detach(lambda s: s.their_attachment_id),
        [("NOT_FOUND", ["attachmentId"], "附件不存在")]),
    "attachment delete: a scan that does not exist": Case(
        DETACH, "verificationRequestAttachmentDelete", detach(lambda s: gid("VerificationAttachment", MISSING)),
        [("NOT_FOUND", ["attachmentId"], "附件不存在")]),
    "attachment delete: a scan id that is no id": Case(
        DETACH, "verificationRequestAttachmentDelete", detach(lambda s: "nope"),
        [("INVALID_ID", ["attachmentId"], "ID 无效")]),
    "attachment delete: a scan id of another type": Case(
        DETACH, "verificationRequestAttachmentDelete", detach(lambda s: s.rid),
        [("INVALID_ID", ["attachmentId"], "ID 无效或不是VerificationAttachment类型")]),
    "attachment delete: a submitted request": Case(
        DETACH, "verificationRequestAttachmentDelete", detach(lambda s: s.attachment_id),
        [("NOT_EDITABLE", RID, "证书核验申请已提交，撤回或被退回后才能修改")], stage="submitted"),
    "attachment delete: another person's request": Case(
        DETACH, "verificationRequestAttachmentDelete", detach(lambda s: s.attachment_id),
        [("NOT_FOUND", RID, "证书核验申请不存在")], who="other"),
    "attachment delete: their own scan, from my request": Case(
        DETACH, "verificationRequestAttachmentDelete", lambda s: {"requestId": s.rid,
                                                                  "attachmentId": s.their_attachment_id},
        [("NOT_FOUND", RID, "证书核验申请不存在")], who="other"),
    # ---- verificationRequestSubmit
    "submit: without the scan of the certificate": Case(
        SUBMIT, "verificationRequestSubmit", rid, [("CHECK_FAILED", ["attachments", "CERTIFICATE"], "请上传职称证书")],
        setup=no_scan),
    "submit: without an employer": Case(SUBMIT, "verificationRequestSubmit", rid,
                                        [("NO_EMPLOYER", RID, "请先绑定工作单位")], setup=unbind),
    "submit: for a committee that has no organizer": Case(
        SUBMIT, "verificationRequestSubmit", rid, [("NO_ORGANIZER", RID, "该评审委员会没有组建单位，无法提交核验")],
        setup=no_organizer),
    "submit: a request in review": Case(
        SUBMIT, "verificationRequestSubmit", rid, [("NOT_EDITABLE", RID, "证书核验申请已提交，撤回或被退回后才能修改")],
        stage="submitted"),
    "submit: an approved request": Case(
        SUBMIT, "verificationRequestSubmit", rid, [("NOT_EDITABLE", RID, "证书核验申请已提交，撤回或被退回后才能修改")],
        stage="submitted", setup=approved),
    "submit: another person's request": Case(
        SUBMIT, "verificationRequestSubmit", rid, [("NOT_FOUND", RID, "证书核验申请不存在")], who="other"),
    "submit: a request that does not exist": Case(
        SUBMIT, "verificationRequestSubmit", lambda s: {"requestId": gid("VerificationRequest", MISSING)},
        [("NOT_FOUND", RID, "证书核验申请不存在")]),
    "submit: a request id that is no id": Case(
        SUBMIT, "verificationRequestSubmit", lambda s: {"requestId": "nope"}, [("INVALID_ID", RID, "ID 无效")]),
    "submit: a request id of another type": Case(
        SUBMIT, "verificationRequestSubmit", lambda s: {"requestId": s.world.certificate["committeeId"]},
        [("INVALID_ID", RID, "ID 无效或不是VerificationRequest类型")]),
    # ---- verificationRequestWithdraw
    "withdraw: a draft": Case(WITHDRAW, "verificationRequestWithdraw", rid,
                              [("NOT_WITHDRAWABLE", RID, "只有审核中的证书核验申请可以撤回")]),
    "withdraw: one the organizer has claimed": Case(
        WITHDRAW, "verificationRequestWithdraw", rid, [("NOT_WITHDRAWABLE", RID, "单位已开始审核，不能撤回")],
        stage="submitted", setup=claimed),
    "withdraw: a returned request": Case(
        WITHDRAW, "verificationRequestWithdraw", rid, [("NOT_WITHDRAWABLE", RID, "只有审核中的证书核验申请可以撤回")],
        stage="submitted", setup=returned),
    "withdraw: an approved request": Case(
        WITHDRAW, "verificationRequestWithdraw", rid, [("NOT_WITHDRAWABLE", RID, "只有审核中的证书核验申请可以撤回")],
        stage="submitted", setup=approved),
    "withdraw: another person's request": Case(
        WITHDRAW, "verificationRequestWithdraw", rid, [("NOT_FOUND", RID, "证书核验申请不存在")], stage="submitted",
        who="other"),
    "withdraw: a request id that is no id": Case(
        WITHDRAW, "verificationRequestWithdraw", lambda s: {"requestId": "nope"}, [("INVALID_ID", RID, "ID 无效")],
        stage="submitted"),
    # ---- verificationRequestDelete
    "delete: a request in review": Case(
        DELETE, "verificationRequestDelete", rid, [("NOT_EDITABLE", RID, "证书核验申请已提交，撤回或被退回后才能修改")],
        stage="submitted"),
    "delete: one withdrawn after submission": Case(
        DELETE, "verificationRequestDelete", rid, [("NOT_EDITABLE", RID, "已提交过的证书核验申请不能删除")],
        stage="submitted", setup=withdrawn),
    "delete: a returned request": Case(
        DELETE, "verificationRequestDelete", rid, [("NOT_EDITABLE", RID, "已提交过的证书核验申请不能删除")],
        stage="submitted", setup=returned),
    "delete: an approved request": Case(
        DELETE, "verificationRequestDelete", rid, [("NOT_EDITABLE", RID, "证书核验申请已提交，撤回或被退回后才能修改")],
        stage="submitted", setup=approved),
    "delete: another person's request": Case(
        DELETE, "verificationRequestDelete", rid, [("NOT_FOUND", RID, "证书核验申请不存在")], who="other"),
    "delete: a request that does not exist": Case(
        DELETE, "verificationRequestDelete", lambda s: {"requestId": gid("VerificationRequest", MISSING)},
        [("NOT_FOUND", RID, "证书核验申请不存在")]),
    "delete: a request id that is no id": Case(
        DELETE, "verificationRequestDelete", lambda s: {"requestId": "nope"}, [("INVALID_ID", RID, "ID 无效")]),
}


@pytest.mark.parametrize("case", list(CASES))
async def test_a_refused_input(http, settings, case):
    c = CASES[case]
    s = await scene(http, c.stage)
    if c.setup is not None:
        await c.setup(http, s)
    variables = c.variables(s)
    before = await state(settings)
    result = await gql(http, c.query, {"input": variables}, token=s.tokens[c.who])
    assert payload_refusal(result, c.name) == c.expected
    assert await state(settings) == before


# ------------------------------------------------------------------------------------------- files

async def put(http, token: str, request_id: str, slot: str, name: str, data: bytes):
    return await upload(http, ATTACH, {"input": {"requestId": request_id, "slot": slot, "file": None}},
                        {"input.file": (name, data, "application/pdf")}, token=token)


async def fill_certificate_slot(http, s: Scene) -> None:
    """职称证书 takes five files (SLOTS: the default max_count): the scene has one, four more fill it — the fifth
    goes in."""
    for n in range(4):
        result = await put(http, s.world.person.token, s.rid, "CERTIFICATE", f"证书{n}.pdf", PDF + bytes([n]))
        assert payload_errors(result.json(), "verificationRequestAttachmentAdd") == []
    assert await VerificationAttachment.filter(request_id=pk(s.rid), slot="CERTIFICATE").count() == 5


@dataclass(frozen=True)
class FileCase:
    slot: str
    name: str
    data: bytes
    expected: list[tuple[str, list[str], str]]
    stage: str = "draft"
    who: str = "person"
    request_id: str | None = None  # instead of the person's
    setup: Setup | None = None


NOT_A_SCAN = "文件类型不符合要求，仅支持PDF、JPG、PNG、BMP（按文件内容识别）"
FILE_CASES: dict[str, FileCase] = {
    # The body cap of verificationRequestAttachmentAdd is the attachment kind's (50 MB, zhicheng/body_limit.py), so
    # a file just over the slot's 10 MB reaches the rule, which answers in the payload.
    "a file over 10 MB": FileCase("CERTIFICATE", "证书.pdf", PDF + b"0" * (10 * MB),
                                  [("FILE_TOO_LARGE", ["file"], "文件大小不能超过10MB")]),
    "a Word document named .pdf": FileCase("APPOINTMENT", "评审表.pdf", docx_bytes(),
                                           [("FILE_TYPE_NOT_ALLOWED", ["file"], NOT_A_SCAN)]),
    "plain text named .pdf": FileCase("OTHER", "说明.pdf", "情况说明\n".encode() * 50,
                                      [("FILE_TYPE_NOT_ALLOWED", ["file"], NOT_A_SCAN)]),
    "a GIF": FileCase("SOCIAL_SECURITY", "缴费记录.gif", GIF, [("FILE_TYPE_NOT_ALLOWED", ["file"], NOT_A_SCAN)]),
    "a sixth file for 职称证书 (at most five)": FileCase(
        "CERTIFICATE", "证书6.pdf", PDF + b"6", [("TOO_MANY_FILES", ["file"], "“职称证书”最多只能上传5个文件")],
        setup=fill_certificate_slot),
    "a slot that does not exist": FileCase("PASSPORT", "护照.pdf", PDF, [("UNKNOWN_SLOT", ["slot"], "没有这个附件项")]),
    "a slot in the wrong case": FileCase("certificate", "证书.pdf", PDF, [("UNKNOWN_SLOT", ["slot"], "没有这个附件项")]),
    "an empty file": FileCase("OTHER", "其他.pdf", b"", [("EMPTY_FILE", ["file"], "文件内容为空")]),
    "a file name that is a path": FileCase("OTHER", "..\\其他.pdf", PDF,
                                           [("INVALID_FILE_NAME", ["file"], "文件名不能包含路径分隔符")]),
    "a request in review": FileCase("APPOINTMENT", "评审表.pdf", PDF,
                                    [("NOT_EDITABLE", RID, "证书核验申请已提交，撤回或被退回后才能修改")], stage="submitted"),
    "an approved request": FileCase("APPOINTMENT", "评审表.pdf", PDF,
                                    [("NOT_EDITABLE", RID, "证书核验申请已提交，撤回或被退回后才能修改")], stage="submitted",
                                    setup=approved),
    "another person's request": FileCase("APPOINTMENT", "评审表.pdf", PDF, [("NOT_FOUND", RID, "证书核验申请不存在")],
                                         who="other"),
    "a request that does not exist": FileCase("APPOINTMENT", "评审表.pdf", PDF,
                                              [("NOT_FOUND", RID, "证书核验申请不存在")],
                                              request_id=gid("VerificationRequest", MISSING)),
    "a request id that is no id": FileCase("APPOINTMENT", "评审表.pdf", PDF, [("INVALID_ID", RID, "ID 无效")],
                                           request_id="nope"),
}


@pytest.mark.parametrize("case", list(FILE_CASES))
async def test_a_refused_attachment(http, settings, case):
    c = FILE_CASES[case]
    s = await scene(http, c.stage)
    if c.setup is not None:
        await c.setup(http, s)
    before = await state(settings)
    response = await put(http, s.tokens[c.who], c.request_id or s.rid, c.slot, c.name, c.data)
    assert response.status_code == 200, response.text[:500]
    assert payload_refusal(response.json(), "verificationRequestAttachmentAdd") == c.expected
    assert await state(settings) == before


# ------------------------------------------------------------------------------------------- the control

async def test_the_fingerprint_sees_every_accepted_change(http, settings):
    """Each mutation's accepted twin changes the fingerprint, so the refusals above, which leave it as it was,
    really wrote nothing."""
    s = await scene(http)
    token = s.world.person.token

    async def changes(step: Callable[[], Awaitable[Any]]) -> Any:
        before = await state(settings)
        out = await step()
        if hasattr(out, "json"):  # an upload's response
            assert out.status_code == 200 and all(not v["errors"] for v in out.json()["data"].values()), out.text
        assert await state(settings) != before
        return out

    await changes(lambda: call(http, UPDATE, {"requestId": s.rid, "certificate": {**s.world.certificate,
                                                                                  "unitName": "合肥宏达建设集团"}},
                               token, "verificationRequestUpdate"))
    await changes(lambda: put(http, token, s.rid, "APPOINTMENT", "评审表.pdf", PDF + b"a"))
    await changes(lambda: call(http, DETACH, {"requestId": s.rid, "attachmentId": s.attachment_id}, token,
                               "verificationRequestAttachmentDelete"))
    await changes(lambda: put(http, token, s.rid, "CERTIFICATE", "证书.png", png_bytes()))
    await changes(lambda: call(http, SUBMIT, {"requestId": s.rid}, token, "verificationRequestSubmit"))
    await changes(lambda: call(http, WITHDRAW, {"requestId": s.rid}, token, "verificationRequestWithdraw"))
    # The other person deletes their draft, and its number is free for a new one.
    other = s.world.other_person.token
    await changes(lambda: call(http, DELETE, {"requestId": s.theirs}, other, "verificationRequestDelete"))
    await changes(lambda: call(http, CREATE, {"certificate": {**s.world.certificate, "number": THEIRS}}, other,
                               "verificationRequestCreate"))
    # The fifth file of a slot goes in (SLOTS allow five), the sixth is the refusal above.
    await changes(lambda: fill_certificate_slot(http, s))


def png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()

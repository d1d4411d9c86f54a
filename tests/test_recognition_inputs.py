"""异地职称确认: every refused input of every recognition mutation gets its code, the field at fault and a
Chinese message, and changes nothing — no recognition, education, attachment, file, task, job, history or
message row, and no file in storage. One case per way a person (or someone else) can get it wrong; the
bad-input table of issue 9 §1, after tests/test_reissue_inputs.py."""
from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from models.catalogue.models import Series, Specialty, TitleName
from models.core.file import StoredFile
from models.core.history import HistoryEntry
from models.core.job import Job
from models.messaging.models import Message
from models.person.models import Person
from models.recognition.models import (
    Recognition,
    RecognitionAttachment,
    RecognitionEducation,
)
from models.workflow.models import Task
from tests.certificate_support import direct_cert
from tests.declaration_support import CLAIM
from tests.helpers import gid, gql, payload_errors, upload
from tests.recognition_support import (
    ATTACH,
    BASIC,
    CREATE,
    DELETE,
    DETACH,
    EDUCATION,
    EDUCATION_DELETE,
    EXPORT,
    HIGHEST_FIRST,
    PDF,
    PHOTO,
    REQUIRED_SLOTS,
    SUBMIT,
    TASKS,
    UPDATE,
    WITHDRAW,
    RecognitionWorld,
    attach,
    call,
    node,
    ready,
    recognition_world,
    submitted,
)
from tests.recognition_support import put_photo as support_photo
from tests.test_certificate_document import sample_photo

MB = 1024 * 1024
CJK = re.compile(r"[\u4e00-\u9fff]")
MISSING = 987654321  # a key no row has
GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00"
       b"\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
SECOND = {**HIGHEST_FIRST, "startDate": "2000-09-01", "endDate": "2003-07-01", "school": "合肥工业大学附属中专",
          "education": "SECONDARY_VOCATIONAL", "schoolingYears": 3, "degreeObtained": False, "degree": None,
          "isHighest": False, "isFirst": True}


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
    """The person's recognition (a full draft, or submitted), its education record and a file of each required
    slot; the other person's draft with one record and one file; ids of another series' specialty and title."""

    world: RecognitionWorld
    rid: str
    education_id: str
    attachment_id: str
    theirs: str
    their_education_id: str
    their_attachment_id: str
    foreign_specialty_id: str
    foreign_title_id: str
    tokens: dict[str, str] = field(default_factory=dict)
    made: dict[str, str] = field(default_factory=dict)  # what a case's setup made

    def title(self, **changes: str) -> dict:
        return {"seriesId": self.world.series_id, "specialtyId": self.world.specialty_id,
                "titleNameId": self.world.title_id, **changes}


async def scene(http, stage: str = "draft") -> Scene:
    world = await recognition_world()
    rid = await (submitted if stage == "submitted" else ready)(http, world)
    mine = (await gql(http, NODE_IDS, {"id": rid}, token=world.person.token))["data"]["node"]
    # The other person's title is another one of the series, so both may be open at once.
    other_title = await TitleName.filter(series_id=(await Specialty.get(id=pk(world.specialty_id))).series_id
                                         ).exclude(id=pk(world.title_id)).first()
    theirs = (await call(http, CREATE, {"seriesId": world.series_id, "specialtyId": world.specialty_id,
                                        "titleNameId": gid("TitleName", other_title.id)},
                         world.other_person.token, "recognitionCreate"))["recognition"]["id"]
    their_education = (await call(http, EDUCATION, {"recognitionId": theirs, "data": HIGHEST_FIRST},
                                  world.other_person.token, "recognitionEducationSave"))["recognition"]
    assert payload_errors(await attach(http, world.other_person.token, theirs, "ID_CARD"),
                          "recognitionAttachmentAdd") == []
    their_files = (await gql(http, NODE_IDS, {"id": theirs}, token=world.other_person.token))["data"]["node"]
    engineering = await Series.get(code="ENGINEERING")
    foreign_specialty = await Specialty.filter(series_id__not=engineering.id).first()
    foreign_title = await TitleName.filter(series_id__not=engineering.id).first()
    return Scene(world, rid, mine["educations"][0]["id"], first_file(mine), theirs,
                 their_education["educations"][0]["id"], first_file(their_files),
                 gid("Specialty", foreign_specialty.id), gid("TitleName", foreign_title.id),
                 {"person": world.person.token, "other": world.other_person.token,
                  "employer": world.employer.token, "elsewhere": world.other_province.token})


NODE_IDS = """query($id: ID!) { node(id: $id) { ... on Recognition { id
  educations { id } slots { key attachments { id } } } } }"""


def first_file(node: dict) -> str:
    return next(a["id"] for s in node["slots"] if s["key"] == "ID_CARD" for a in s["attachments"])


def pk(global_id: str) -> int:
    from strawberry import relay

    return int(relay.GlobalID.from_id(global_id).node_id)


def stored_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in Path(root).rglob("*") if p.is_file()) if Path(root).exists() \
        else []


async def state(settings) -> tuple:
    """A fingerprint of everything a recognition mutation writes."""
    return (await Recognition.all().order_by("id").values(),
            await RecognitionEducation.all().order_by("id").values_list("id", "recognition_id", "data"),
            await RecognitionAttachment.all().order_by("id").values_list("id", "recognition_id", "slot", "file_id"),
            await StoredFile.all().order_by("id").values_list("id", "sha256", "size", "content_type", "purpose"),
            await Task.all().order_by("id").values(),
            await Job.all().order_by("id").values_list("id", "kind", "status"),
            await HistoryEntry.all().order_by("id").values_list("id", "subject_type", "subject_id", "action"),
            await Message.all().order_by("id").values_list("id", "recipient_id", "title"),
            stored_files(settings.storage_dir))


def chinese(message: str) -> bool:
    return bool(message) and CJK.search(message) is not None


def payload_refusal(result: dict, name: str) -> list[tuple[str, list[str] | None]]:
    """The payload's errors as (code, field), each message Chinese, and no object returned with them."""
    assert "errors" not in result, result  # a payload refusal, never a top-level error
    body = result["data"][name]
    errors = body.pop("errors")
    assert errors and all(chinese(e["message"]) for e in errors), result
    assert all(v is None for v in body.values()), result
    return [(e["code"], e["field"]) for e in errors]


async def refused(http, settings, token: str, query: str, name: str, variables: dict) -> list[tuple]:
    before = await state(settings)
    result = await gql(http, query, {"input": variables}, token=token)
    got = payload_refusal(result, name)
    assert await state(settings) == before
    return got


# ------------------------------------------------------------------------------------------- the table

Setup = Callable[[Any, Scene], Awaitable[None]]


@dataclass(frozen=True)
class Case:
    query: str
    name: str
    variables: Callable[[Scene], dict]
    expected: list[tuple[str, list[str]]]
    stage: str = "draft"
    who: str = "person"
    setup: Setup | None = None


def basic(**values: Any) -> Callable[[Scene], dict]:
    return lambda s: {"recognitionId": s.rid, "basic": values}


def education(**values: Any) -> Callable[[Scene], dict]:
    return lambda s: {"recognitionId": s.rid, "data": {**SECOND, **values}}


async def add_second(http, s: Scene) -> None:
    await call(http, EDUCATION, {"recognitionId": s.rid, "data": SECOND}, s.world.person.token,
               "recognitionEducationSave")


async def withdraw(http, s: Scene) -> None:
    await call(http, WITHDRAW, {"recognitionId": s.rid}, s.world.person.token, "recognitionWithdraw")


async def unbind(http, s: Scene) -> None:
    await Person.filter(id=s.world.person.person.id).update(current_unit_id=None)


async def number_on_platform(http, s: Scene) -> None:
    # Anhui issues no certificate of its own: a title whose number is already here needs no recognition.
    await direct_cert(s.world.other_person.person, s.world.province.unit, number="32000021000123")


async def claimed(http, s: Scene) -> None:
    tasks = (await gql(http, TASKS, {"unitId": gid("Unit", s.world.employer.unit.id), "box": "TO_CLAIM"},
                       token=s.world.employer.token))["data"]["tasks"]["nodes"]
    assert payload_errors(await gql(http, CLAIM, {"input": {"taskId": tasks[0]["id"]}},
                                    token=s.world.employer.token), "taskClaim") == []


async def exported_once(http, s: Scene) -> None:
    """The other person's draft made complete and submitted, and the employer's export of the person's form
    under the key "form-1"."""
    token = s.world.other_person.token
    await call(http, UPDATE, {"recognitionId": s.theirs, "basic": {**BASIC, "originalNumber": "32000021000999"}},
               token, "recognitionUpdate")
    for slot in REQUIRED_SLOTS[1:]:
        assert payload_errors(await attach(http, token, s.theirs, slot), "recognitionAttachmentAdd") == []
    assert payload_errors(await support_photo(http, token, s.theirs), "recognitionPhotoUpload") == []
    await call(http, SUBMIT, {"recognitionId": s.theirs}, token, "recognitionSubmit")
    await call(http, EXPORT, {"recognitionId": s.rid, "idempotencyKey": "form-1"}, s.world.employer.token,
               "recognitionFormExport")


async def second_title(http, s: Scene) -> None:
    """A second recognition of the person's, for another title of the series (the one the other person asks for)."""
    title = (await Recognition.get(id=pk(s.theirs))).title_name_id
    s.made["second"] = (await call(http, CREATE, s.title(titleNameId=gid("TitleName", title)), s.world.person.token,
                                   "recognitionCreate"))["recognition"]["id"]


def rid(s: Scene) -> dict:
    return {"recognitionId": s.rid}


RID = ["recognitionId"]
CASES: dict[str, Case] = {
    # ---- recognitionCreate
    "create: a title not in the chosen series": Case(
        CREATE, "recognitionCreate", lambda s: s.title(titleNameId=s.foreign_title_id),
        [("TITLE_NOT_IN_SERIES", ["titleNameId"])]),
    "create: a specialty of another series": Case(
        CREATE, "recognitionCreate", lambda s: s.title(specialtyId=s.foreign_specialty_id),
        [("TITLE_NOT_IN_SERIES", ["specialtyId"])]),
    "create: both of another series": Case(
        CREATE, "recognitionCreate",
        lambda s: s.title(specialtyId=s.foreign_specialty_id, titleNameId=s.foreign_title_id),
        [("TITLE_NOT_IN_SERIES", ["specialtyId"]), ("TITLE_NOT_IN_SERIES", ["titleNameId"])]),
    "create: a second open recognition for the same title (a draft)": Case(
        CREATE, "recognitionCreate", lambda s: s.title(), [("RECOGNITION_OPEN", ["titleNameId"])]),
    "create: a second open recognition for the same title (in review)": Case(
        CREATE, "recognitionCreate", lambda s: s.title(), [("RECOGNITION_OPEN", ["titleNameId"])],
        stage="submitted"),
    "create: a series that does not exist": Case(
        CREATE, "recognitionCreate", lambda s: s.title(seriesId=gid("Series", MISSING)),
        [("NOT_FOUND", ["seriesId"])]),
    "create: a series id that is no id": Case(
        CREATE, "recognitionCreate", lambda s: s.title(seriesId="不是ID"), [("INVALID_ID", ["seriesId"])]),
    "create: a specialty id of another type": Case(
        CREATE, "recognitionCreate", lambda s: s.title(specialtyId=s.world.series_id),
        [("INVALID_ID", ["specialtyId"])]),
    "create: no title chosen": Case(
        CREATE, "recognitionCreate", lambda s: s.title(titleNameId=""), [("REQUIRED", ["titleNameId"])]),
    # ---- recognitionUpdate
    "update: 主要工作经历 over 100 characters": Case(
        UPDATE, "recognitionUpdate", basic(workHistory="从" * 101), [("TOO_LONG", ["basic", "workHistory"])]),
    "update: 备注 over 200 characters": Case(
        UPDATE, "recognitionUpdate", basic(remarks="备" * 201), [("TOO_LONG", ["basic", "remarks"])]),
    "update: 原证书编号 over 40 characters": Case(
        UPDATE, "recognitionUpdate", basic(originalNumber="1" * 41), [("TOO_LONG", ["basic", "originalNumber"])]),
    "update: 到现工作单位后主要专业技术工作情况 over 1000 characters": Case(
        UPDATE, "recognitionUpdate", basic(currentWork="工" * 1001), [("TOO_LONG", ["basic", "currentWork"])]),
    "update: every problem at once": Case(
        UPDATE, "recognitionUpdate", basic(previousUnit="单" * 101, remarks="备" * 201, transferredOn="2008-01-01"),
        [("TOO_LONG", ["basic", "previousUnit"]), ("TOO_LONG", ["basic", "remarks"]),
         ("INVALID_DATE", ["basic", "transferredOn"])]),
    "update: a future 调入/转业时间": Case(
        UPDATE, "recognitionUpdate", basic(transferredOn="2999-01-01"), [("FUTURE_DATE", ["basic", "transferredOn"])]),
    "update: a future 原专业技术资格取得时间": Case(
        UPDATE, "recognitionUpdate", basic(originalAcquiredOn="2999-01-01"),
        [("FUTURE_DATE", ["basic", "originalAcquiredOn"])]),
    "update: a future 参加工作时间 (one problem, not a second on 调入/转业时间)": Case(
        UPDATE, "recognitionUpdate", basic(workStartedOn="2999-01-01"), [("FUTURE_DATE", ["basic", "workStartedOn"])]),
    "update: a date that is not one": Case(
        UPDATE, "recognitionUpdate", basic(workStartedOn="2009-02-30"), [("INVALID_INPUT", ["basic", "workStartedOn"])]),
    "update: transferredOn before workStartedOn": Case(
        UPDATE, "recognitionUpdate", basic(transferredOn="2008-01-01"), [("INVALID_DATE", ["basic", "transferredOn"])]),
    "update: workStartedOn before the birth date": Case(
        UPDATE, "recognitionUpdate", basic(workStartedOn="1980-01-01"), [("INVALID_DATE", ["basic", "workStartedOn"])]),
    "update: the original title obtained before the birth date": Case(
        UPDATE, "recognitionUpdate", basic(originalAcquiredOn="1984-01-01"),
        [("INVALID_DATE", ["basic", "originalAcquiredOn"])]),
    "update: a NUL byte in 原工作单位": Case(
        UPDATE, "recognitionUpdate", basic(previousUnit="江苏\x00飞扬"), [("INVALID_INPUT", ["basic", "previousUnit"])]),
    "update: a series without its specialty and title": Case(
        UPDATE, "recognitionUpdate", lambda s: {"recognitionId": s.rid, "seriesId": s.world.series_id},
        [("REQUIRED", ["titleNameId"])]),
    "update: a title not in the chosen series": Case(
        UPDATE, "recognitionUpdate", lambda s: {"recognitionId": s.rid, **s.title(titleNameId=s.foreign_title_id)},
        [("TITLE_NOT_IN_SERIES", ["titleNameId"])]),
    "update: a specialty of another series": Case(
        UPDATE, "recognitionUpdate",
        lambda s: {"recognitionId": s.rid, **s.title(specialtyId=s.foreign_specialty_id)},
        [("TITLE_NOT_IN_SERIES", ["specialtyId"])]),
    "update: a title that another open recognition of mine asks for (a draft)": Case(
        UPDATE, "recognitionUpdate", lambda s: {"recognitionId": s.made["second"], **s.title()},
        [("RECOGNITION_OPEN", ["titleNameId"])], setup=second_title),
    "update: a title that another open recognition of mine asks for (in review)": Case(
        UPDATE, "recognitionUpdate", lambda s: {"recognitionId": s.made["second"], **s.title()},
        [("RECOGNITION_OPEN", ["titleNameId"])], stage="submitted", setup=second_title),
    "update: a submitted recognition": Case(
        UPDATE, "recognitionUpdate", basic(remarks="改"), [("NOT_EDITABLE", RID)], stage="submitted"),
    "update: another person's recognition": Case(
        UPDATE, "recognitionUpdate", basic(remarks="改"), [("NOT_FOUND", RID)], who="other"),
    "update: a recognition that does not exist": Case(
        UPDATE, "recognitionUpdate", lambda s: {"recognitionId": gid("Recognition", MISSING), "basic": {}},
        [("NOT_FOUND", RID)]),
    "update: a recognition id that is no id": Case(
        UPDATE, "recognitionUpdate", lambda s: {"recognitionId": "nope", "basic": {}}, [("INVALID_ID", RID)]),
    "update: a recognition id beyond int64": Case(
        UPDATE, "recognitionUpdate", lambda s: {"recognitionId": gid("Recognition", 2 ** 63), "basic": {}},
        [("INVALID_ID", RID)]),
    "update: a recognition id of another type": Case(
        UPDATE, "recognitionUpdate", lambda s: {"recognitionId": s.world.title_id, "basic": {}},
        [("INVALID_ID", RID)]),
    # ---- recognitionEducationSave
    "education: a third record": Case(
        EDUCATION, "recognitionEducationSave", education(school="第三所学校"),
        [("TOO_MANY_EDUCATIONS", ["data"])], setup=add_second),
    "education: a second record marked highest": Case(
        EDUCATION, "recognitionEducationSave", education(isHighest=True), [("DUPLICATE_HIGHEST", ["data", "isHighest"])]),
    "education: the second record changed to highest": Case(
        EDUCATION, "recognitionEducationSave", lambda s: {**education(isHighest=True)(s), "educationId": "SECOND"},
        [("DUPLICATE_HIGHEST", ["data", "isHighest"])], setup=add_second),
    "education: a degree missing when 是否获得学位 is ticked": Case(
        EDUCATION, "recognitionEducationSave", education(degreeObtained=True, degree=None),
        [("REQUIRED", ["data", "degree"])]),
    "education: 无学位 when 是否获得学位 is ticked": Case(
        EDUCATION, "recognitionEducationSave", education(degreeObtained=True, degree="NONE"),
        [("REQUIRED", ["data", "degree"])]),
    "education: the end before the start": Case(
        EDUCATION, "recognitionEducationSave", education(startDate="2003-09-01", endDate="2000-07-01"),
        [("DATE_ORDER", ["data", "endDate"])]),
    "education: a future end date": Case(
        EDUCATION, "recognitionEducationSave", education(endDate="2999-07-01"), [("FUTURE_DATE", ["data", "endDate"])]),
    "education: no school": Case(
        EDUCATION, "recognitionEducationSave", education(school="  "), [("REQUIRED", ["data", "school"])]),
    "education: a start before 1900": Case(
        EDUCATION, "recognitionEducationSave", education(startDate="1899-09-01"),
        [("INVALID_DATE", ["data", "startDate"])]),
    "education: 备注 over 200 characters": Case(
        EDUCATION, "recognitionEducationSave", education(remarks="备" * 201), [("TOO_LONG", ["data", "remarks"])]),
    "education: 学制 beyond 10 years": Case(
        EDUCATION, "recognitionEducationSave", education(schoolingYears=11),
        [("OUT_OF_RANGE", ["data", "schoolingYears"])]),
    "education: another recognition's record": Case(
        EDUCATION, "recognitionEducationSave",
        lambda s: {**education()(s), "educationId": s.their_education_id}, [("NOT_FOUND", ["educationId"])]),
    "education: a record that does not exist": Case(
        EDUCATION, "recognitionEducationSave",
        lambda s: {**education()(s), "educationId": gid("RecognitionEducation", MISSING)},
        [("NOT_FOUND", ["educationId"])]),
    "education: a record id that is no id": Case(
        EDUCATION, "recognitionEducationSave", lambda s: {**education()(s), "educationId": "nope"},
        [("INVALID_ID", ["educationId"])]),
    "education: a submitted recognition": Case(
        EDUCATION, "recognitionEducationSave", education(), [("NOT_EDITABLE", RID)], stage="submitted"),
    "education: another person's recognition": Case(
        EDUCATION, "recognitionEducationSave", education(), [("NOT_FOUND", RID)], who="other"),
    "education: a recognition id that is no id": Case(
        EDUCATION, "recognitionEducationSave", lambda s: {**education()(s), "recognitionId": "nope"},
        [("INVALID_ID", RID)]),
    # ---- recognitionEducationDelete
    "education delete: another recognition's record": Case(
        EDUCATION_DELETE, "recognitionEducationDelete",
        lambda s: {"recognitionId": s.rid, "educationId": s.their_education_id}, [("NOT_FOUND", ["educationId"])]),
    "education delete: a record that does not exist": Case(
        EDUCATION_DELETE, "recognitionEducationDelete",
        lambda s: {"recognitionId": s.rid, "educationId": gid("RecognitionEducation", MISSING)},
        [("NOT_FOUND", ["educationId"])]),
    "education delete: a record id that is no id": Case(
        EDUCATION_DELETE, "recognitionEducationDelete", lambda s: {"recognitionId": s.rid, "educationId": "nope"},
        [("INVALID_ID", ["educationId"])]),
    "education delete: a record id of another type": Case(
        EDUCATION_DELETE, "recognitionEducationDelete",
        lambda s: {"recognitionId": s.rid, "educationId": s.attachment_id}, [("INVALID_ID", ["educationId"])]),
    "education delete: a submitted recognition": Case(
        EDUCATION_DELETE, "recognitionEducationDelete",
        lambda s: {"recognitionId": s.rid, "educationId": s.education_id}, [("NOT_EDITABLE", RID)],
        stage="submitted"),
    "education delete: another person's recognition": Case(
        EDUCATION_DELETE, "recognitionEducationDelete",
        lambda s: {"recognitionId": s.rid, "educationId": s.education_id}, [("NOT_FOUND", RID)], who="other"),
    # ---- recognitionAttachmentDelete
    "attachment delete: another recognition's file": Case(
        DETACH, "recognitionAttachmentDelete",
        lambda s: {"recognitionId": s.rid, "attachmentId": s.their_attachment_id}, [("NOT_FOUND", ["attachmentId"])]),
    "attachment delete: a file that does not exist": Case(
        DETACH, "recognitionAttachmentDelete",
        lambda s: {"recognitionId": s.rid, "attachmentId": gid("RecognitionAttachment", MISSING)},
        [("NOT_FOUND", ["attachmentId"])]),
    "attachment delete: a file id that is no id": Case(
        DETACH, "recognitionAttachmentDelete", lambda s: {"recognitionId": s.rid, "attachmentId": "nope"},
        [("INVALID_ID", ["attachmentId"])]),
    "attachment delete: a file id of another type": Case(
        DETACH, "recognitionAttachmentDelete", lambda s: {"recognitionId": s.rid, "attachmentId": s.education_id},
        [("INVALID_ID", ["attachmentId"])]),
    "attachment delete: a submitted recognition": Case(
        DETACH, "recognitionAttachmentDelete", lambda s: {"recognitionId": s.rid, "attachmentId": s.attachment_id},
        [("NOT_EDITABLE", RID)], stage="submitted"),
    "attachment delete: another person's recognition": Case(
        DETACH, "recognitionAttachmentDelete", lambda s: {"recognitionId": s.rid, "attachmentId": s.attachment_id},
        [("NOT_FOUND", RID)], who="other"),
    # ---- recognitionSubmit
    "submit: without an employer": Case(SUBMIT, "recognitionSubmit", rid, [("NO_EMPLOYER", RID)], setup=unbind),
    "submit: the original certificate's number is a certificate here": Case(
        SUBMIT, "recognitionSubmit", rid, [("CHECK_FAILED", ["basic", "originalNumber"])], setup=number_on_platform),
    "submit: a submitted recognition": Case(
        SUBMIT, "recognitionSubmit", rid, [("NOT_EDITABLE", RID)], stage="submitted"),
    "submit: another person's recognition": Case(
        SUBMIT, "recognitionSubmit", rid, [("NOT_FOUND", RID)], who="other"),
    "submit: a recognition that does not exist": Case(
        SUBMIT, "recognitionSubmit", lambda s: {"recognitionId": gid("Recognition", MISSING)}, [("NOT_FOUND", RID)]),
    "submit: a recognition id that is no id": Case(
        SUBMIT, "recognitionSubmit", lambda s: {"recognitionId": "nope"}, [("INVALID_ID", RID)]),
    # ---- recognitionWithdraw
    "withdraw: a draft": Case(WITHDRAW, "recognitionWithdraw", rid, [("NOT_WITHDRAWABLE", RID)]),
    "withdraw: one the employer has claimed": Case(
        WITHDRAW, "recognitionWithdraw", rid, [("NOT_WITHDRAWABLE", RID)], stage="submitted", setup=claimed),
    "withdraw: another person's recognition": Case(
        WITHDRAW, "recognitionWithdraw", rid, [("NOT_FOUND", RID)], stage="submitted", who="other"),
    "withdraw: a recognition id of another type": Case(
        WITHDRAW, "recognitionWithdraw", lambda s: {"recognitionId": s.education_id}, [("INVALID_ID", RID)],
        stage="submitted"),
    # ---- recognitionDelete
    "delete: a submitted recognition": Case(
        DELETE, "recognitionDelete", rid, [("NOT_EDITABLE", RID)], stage="submitted"),
    "delete: one withdrawn after submission": Case(
        DELETE, "recognitionDelete", rid, [("NOT_EDITABLE", RID)], stage="submitted", setup=withdraw),
    "delete: another person's recognition": Case(
        DELETE, "recognitionDelete", rid, [("NOT_FOUND", RID)], who="other"),
    "delete: a recognition that does not exist": Case(
        DELETE, "recognitionDelete", lambda s: {"recognitionId": gid("Recognition", MISSING)}, [("NOT_FOUND", RID)]),
    "delete: a recognition id that is no id": Case(
        DELETE, "recognitionDelete", lambda s: {"recognitionId": "nope"}, [("INVALID_ID", RID)]),
    # ---- recognitionFormExport
    "export: a draft's form": Case(EXPORT, "recognitionFormExport", rid, [("NOT_SUBMITTED", RID)]),
    "export: an idempotency key that is not one": Case(
        EXPORT, "recognitionFormExport", lambda s: {"recognitionId": s.rid, "idempotencyKey": "导出 一次"},
        [("INVALID_INPUT", ["idempotencyKey"])], stage="submitted"),
    "export: an idempotency key used for another recognition's form": Case(
        EXPORT, "recognitionFormExport", lambda s: {"recognitionId": s.theirs, "idempotencyKey": "form-1"},
        [("IDEMPOTENCY_KEY_REUSED", ["idempotencyKey"])], stage="submitted", who="employer",
        setup=lambda http, s: exported_once(http, s)),
    "export: a recognition id that is no id": Case(
        EXPORT, "recognitionFormExport", lambda s: {"recognitionId": "nope"}, [("INVALID_ID", RID)],
        stage="submitted"),
    "export: a recognition id of another type": Case(
        EXPORT, "recognitionFormExport", lambda s: {"recognitionId": s.world.series_id}, [("INVALID_ID", RID)],
        stage="submitted"),
}


@pytest.mark.parametrize("case", list(CASES))
async def test_a_refused_input(http, settings, case):
    c = CASES[case]
    s = await scene(http, c.stage)
    if c.setup is not None:
        await c.setup(http, s)
    variables = c.variables(s)
    if variables.get("educationId") == "SECOND":
        node = (await gql(http, NODE_IDS, {"id": s.rid}, token=s.world.person.token))["data"]["node"]
        variables["educationId"] = node["educations"][1]["id"]
    got = await refused(http, settings, s.tokens[c.who], c.query, c.name, variables)
    assert got == c.expected


# ------------------------------------------------------------------------------------------- top-level refusals

def top_level(result: dict) -> list[dict]:
    """A refusal of the whole operation: no data, errors with a code that is not a server failure."""
    assert result.get("data") in (None, {}) or all(v is None for v in result["data"].values()), result
    errors = result.get("errors") or []
    assert errors, result
    assert all((e.get("extensions") or {}).get("code") != "INTERNAL_SERVER_ERROR" for e in errors), errors
    return errors


EXPORT_REFUSED = {
    "another person": "other",
    "a unit off the review path": "elsewhere",
}


@pytest.mark.parametrize("case", list(EXPORT_REFUSED))
async def test_exporting_someone_elses_form_is_forbidden(http, settings, case):
    s = await scene(http, "submitted")
    before = await state(settings)
    result = await gql(http, EXPORT, {"input": {"recognitionId": s.rid}}, token=s.tokens[EXPORT_REFUSED[case]])
    errors = top_level(result)
    assert [(e["extensions"]["code"], chinese(e["message"])) for e in errors] == [("FORBIDDEN", True)]
    # A recognition that does not exist gets the same answer: nothing tells an outsider which ids are taken.
    missing = await gql(http, EXPORT, {"input": {"recognitionId": gid("Recognition", MISSING)}},
                        token=s.tokens[EXPORT_REFUSED[case]])
    assert [e["message"] for e in top_level(missing)] == [e["message"] for e in errors]
    assert await state(settings) == before


async def test_a_unit_admin_cannot_create_a_recognition(http, settings):
    s = await scene(http)
    before = await state(settings)
    result = await gql(http, CREATE, {"input": s.title()}, token=s.world.employer.token)
    errors = top_level(result)
    assert [e["extensions"]["code"] for e in errors] == ["FORBIDDEN"] and chinese(errors[0]["message"]), errors
    assert await state(settings) == before


ENUM_CASES = {
    "a political status that is not one": (
        UPDATE, lambda s: {"recognitionId": s.rid, "basic": {"politicalStatus": "COMMUNIST"}},
        ".basic.politicalStatus", "COMMUNIST"),
    "an education that is not one": (
        UPDATE, lambda s: {"recognitionId": s.rid, "basic": {"highestEducation": "PHD"}},
        ".basic.highestEducation", "PHD"),
    "an education record's 学历 that is not one": (
        EDUCATION, lambda s: {"recognitionId": s.rid, "data": {**SECOND, "education": "PHD"}}, ".data.education",
        "PHD"),
    "an education record's 学位 that is not one": (
        EDUCATION, lambda s: {"recognitionId": s.rid, "data": {**SECOND, "degreeObtained": True, "degree": "LLB"}},
        ".data.degree", "LLB"),
}


@pytest.mark.parametrize("case", list(ENUM_CASES))
async def test_an_enum_value_that_is_not_one_is_a_clean_validation_error(http, settings, case):
    """GraphQL refuses the variables before any resolver runs: a top-level error naming the field and the value
    (graphql-core's words, in English, with no extensions.code), never a server error, and nothing written."""
    query, variables, where, value = ENUM_CASES[case]
    s = await scene(http)
    before = await state(settings)
    response = await http.post("/graphql", json={"query": query, "variables": {"input": variables(s)}},
                               headers={"Authorization": f"Bearer {s.world.person.token}"})
    assert response.status_code in (200, 400), response.text
    errors = top_level(response.json())
    assert [("$input" in e["message"] and where in e["message"] and f"'{value}'" in e["message"])
            for e in errors] == [True], errors
    assert await state(settings) == before


async def test_an_enum_literal_that_is_not_one_fails_validation(http, settings):
    s = await scene(http)
    before = await state(settings)
    query = ('mutation($id: ID!) { recognitionUpdate(input: {recognitionId: $id, basic: {politicalStatus: COMMUNIST}})'
             ' { errors { field code message } } }')
    response = await http.post("/graphql", json={"query": query, "variables": {"id": s.rid}},
                               headers={"Authorization": f"Bearer {s.world.person.token}"})
    assert response.status_code in (200, 400), response.text
    errors = top_level(response.json())
    assert any("COMMUNIST" in e["message"] for e in errors), errors
    assert await state(settings) == before


# ------------------------------------------------------------------------------------------- files

async def put(http, token: str, recognition_id: str, slot: str, name: str, data: bytes, mime: str):
    return await upload(http, ATTACH, {"input": {"recognitionId": recognition_id, "slot": slot, "file": None}},
                        {"input.file": (name, data, mime)}, token=token)


async def put_photo(http, token: str, recognition_id: str, name: str, data: bytes, mime: str):
    return await upload(http, PHOTO, {"input": {"recognitionId": recognition_id, "file": None}},
                        {"input.file": (name, data, mime)}, token=token)


async def add_id_cards(http, s: Scene) -> None:
    """ID_CARD takes four files: the scene has one, three more fill it."""
    for n in range(3):
        result = await put(http, s.world.person.token, s.rid, "ID_CARD", f"身份证{n}.pdf", PDF + bytes([n]),
                           "application/pdf")
        assert payload_errors(result.json(), "recognitionAttachmentAdd") == []


@dataclass(frozen=True)
class FileCase:
    slot: str
    name: str
    data: bytes
    expected: list[tuple[str, list[str]]]
    message: str | None = None  # the message, when the limit it names matters
    stage: str = "draft"
    who: str = "person"
    recognition_id: str | None = None  # instead of the person's
    setup: Setup | None = None


FILE_CASES: dict[str, FileCase] = {
    # The body cap of recognitionAttachmentAdd is the attachment kind's (50 MB, zhicheng/body_limit.py), so a
    # file just over the slot's 10 MB reaches the rule, which answers in the payload.
    "a file over 10 MB": FileCase("ORIGINAL_CERTIFICATE", "证书.pdf", PDF + b"0" * (10 * MB),
                                  [("FILE_TOO_LARGE", ["file"])], "文件大小不能超过10MB"),
    "a Word document named .pdf": FileCase("CONTRACT", "合同.pdf", docx_bytes(), [("FILE_TYPE_NOT_ALLOWED", ["file"])]),
    "plain text named .pdf": FileCase("CONTRACT", "合同.pdf", "劳动合同\n".encode() * 50,
                                      [("FILE_TYPE_NOT_ALLOWED", ["file"])]),
    "a GIF for 养老保险": FileCase("PENSION", "缴费清单.gif", GIF, [("FILE_TYPE_NOT_ALLOWED", ["file"])]),
    "a fifth file for 身份证": FileCase("ID_CARD", "身份证5.pdf", PDF + b"5", [("TOO_MANY_FILES", ["file"])],
                                    "“身份证”最多只能上传4个文件", setup=add_id_cards),
    "a slot that does not exist": FileCase("PASSPORT", "护照.pdf", PDF, [("UNKNOWN_SLOT", ["slot"])]),
    "a slot in the wrong case": FileCase("id_card", "身份证.pdf", PDF, [("UNKNOWN_SLOT", ["slot"])]),
    "an empty file": FileCase("CONTRACT", "合同.pdf", b"", [("EMPTY_FILE", ["file"])]),
    "a file name that is a path": FileCase("CONTRACT", "..\\合同.pdf", PDF, [("INVALID_FILE_NAME", ["file"])]),
    "a file name over 200 characters": FileCase("CONTRACT", "合" * 201 + ".pdf", PDF,
                                                [("INVALID_FILE_NAME", ["file"])]),
    "a submitted recognition": FileCase("TRANSFER_ORDER", "调令.pdf", PDF, [("NOT_EDITABLE", RID)],
                                        stage="submitted"),
    "another person's recognition": FileCase("TRANSFER_ORDER", "调令.pdf", PDF, [("NOT_FOUND", RID)], who="other"),
    "a recognition id that is no id": FileCase("TRANSFER_ORDER", "调令.pdf", PDF, [("INVALID_ID", RID)],
                                               recognition_id="nope"),
}


@pytest.mark.parametrize("case", list(FILE_CASES))
async def test_a_refused_attachment(http, settings, case):
    c = FILE_CASES[case]
    s = await scene(http, c.stage)
    if c.setup is not None:
        await c.setup(http, s)
    before = await state(settings)
    response = await put(http, s.tokens[c.who], c.recognition_id or s.rid, c.slot, c.name, c.data, "application/pdf")
    assert response.status_code == 200, response.text
    result = response.json()
    if c.message is not None:
        assert [e["message"] for e in result["data"]["recognitionAttachmentAdd"]["errors"]] == [c.message], result
    assert payload_refusal(result, "recognitionAttachmentAdd") == c.expected
    assert await state(settings) == before


async def test_a_gif_is_taken_for_the_id_card_but_not_for_the_pension_slip(http, settings):
    s = await scene(http)
    taken = await put(http, s.world.person.token, s.rid, "ID_CARD", "身份证.gif", GIF, "image/gif")
    assert payload_errors(taken.json(), "recognitionAttachmentAdd") == []
    before = await state(settings)
    refused_gif = await put(http, s.world.person.token, s.rid, "PENSION", "缴费清单.gif", GIF, "image/gif")
    assert payload_refusal(refused_gif.json(), "recognitionAttachmentAdd") == [("FILE_TYPE_NOT_ALLOWED", ["file"])]
    assert await state(settings) == before


async def test_an_attachment_over_the_request_cap_is_cut_at_the_door(http, settings):
    """Past the attachment kind's 50 MB the body limit answers first: a 413 with a Chinese message, and the
    request never reaches the rules."""
    s = await scene(http)
    before = await state(settings)
    response = await put(http, s.world.person.token, s.rid, "CONTRACT", "合同.pdf",
                         PDF + b"0" * (settings.max_attachment_bytes + settings.max_json_bytes), "application/pdf")
    assert response.status_code == 413, response.text[:500]
    assert [(e["extensions"]["code"], chinese(e["message"])) for e in response.json()["errors"]] == [
        ("PAYLOAD_TOO_LARGE", True)]
    assert await state(settings) == before


PHOTO_CASES = {
    "a PDF as the photo": ("照片.jpg", PDF, [("FILE_TYPE_NOT_ALLOWED", ["file"])], None),
    "a GIF as the photo": ("照片.gif", GIF, [("FILE_TYPE_NOT_ALLOWED", ["file"])], None),
    # Between the photo limit (200 KB in the tests) and the photo kind's body cap (that plus the JSON cap):
    # the rule answers.
    "a photo over the photo limit": ("照片.jpg", "big", [("FILE_TOO_LARGE", ["file"])], "文件大小不能超过200KB"),
    "an empty photo": ("照片.jpg", b"", [("EMPTY_FILE", ["file"])], None),
}


@pytest.mark.parametrize("case", list(PHOTO_CASES))
async def test_a_refused_photo(http, settings, case):
    name, data, expected, message = PHOTO_CASES[case]
    if data == "big":
        data = sample_photo() + b"\x00" * (settings.max_photo_bytes + 1)
        assert len(data) < settings.max_photo_bytes + settings.max_json_bytes
    s = await scene(http)
    before = await state(settings)
    response = await put_photo(http, s.world.person.token, s.rid, name, data, "image/jpeg")
    assert response.status_code == 200, response.text
    result = response.json()
    if message is not None:
        assert [e["message"] for e in result["data"]["recognitionPhotoUpload"]["errors"]] == [message], result
    assert payload_refusal(result, "recognitionPhotoUpload") == expected
    assert await state(settings) == before


PHOTO_ACCESS = {
    "a submitted recognition": ("submitted", "person", None, [("NOT_EDITABLE", RID)]),
    "another person's recognition": ("draft", "other", None, [("NOT_FOUND", RID)]),
    "a recognition that does not exist": ("draft", "person", gid("Recognition", MISSING), [("NOT_FOUND", RID)]),
    "a recognition id that is no id": ("draft", "person", "nope", [("INVALID_ID", RID)]),
}


@pytest.mark.parametrize("case", list(PHOTO_ACCESS))
async def test_a_photo_for_a_recognition_that_is_not_mine_to_change(http, settings, case):
    stage, who, recognition_id, expected = PHOTO_ACCESS[case]
    s = await scene(http, stage)
    before = await state(settings)
    response = await put_photo(http, s.tokens[who], recognition_id or s.rid, "照片.jpg", sample_photo(),
                               "image/jpeg")
    assert response.status_code == 200, response.text
    assert payload_refusal(response.json(), "recognitionPhotoUpload") == expected
    assert await state(settings) == before


async def test_a_photo_over_the_request_cap_is_cut_at_the_door(http, settings):
    s = await scene(http)
    before = await state(settings)
    data = sample_photo() + b"\x00" * (settings.max_photo_bytes + settings.max_json_bytes + 1)
    response = await put_photo(http, s.world.person.token, s.rid, "照片.jpg", data, "image/jpeg")
    assert response.status_code == 413, response.text[:500]
    assert [(e["extensions"]["code"], chinese(e["message"])) for e in response.json()["errors"]] == [
        ("PAYLOAD_TOO_LARGE", True)]
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

    await changes(lambda: call(http, UPDATE, {"recognitionId": s.rid, "basic": {"remarks": "补充"}}, token,
                               "recognitionUpdate"))
    saved = await changes(lambda: call(http, EDUCATION, {"recognitionId": s.rid, "data": SECOND}, token,
                                       "recognitionEducationSave"))
    await changes(lambda: call(http, EDUCATION_DELETE, {"recognitionId": s.rid,
                                                        "educationId": saved["recognition"]["educations"][1]["id"]},
                               token, "recognitionEducationDelete"))
    await changes(lambda: put(http, token, s.rid, "TRANSFER_ORDER", "调令.pdf", PDF + b"t", "application/pdf"))
    await changes(lambda: put_photo(http, token, s.rid, "照片.png", png_photo(), "image/png"))
    await changes(lambda: call(http, DETACH, {"recognitionId": s.rid, "attachmentId": s.attachment_id}, token,
                               "recognitionAttachmentDelete"))
    await changes(lambda: put(http, token, s.rid, "ID_CARD", "身份证.gif", GIF, "image/gif"))
    await changes(lambda: call(http, SUBMIT, {"recognitionId": s.rid}, token, "recognitionSubmit"))
    await changes(lambda: call(http, EXPORT, {"recognitionId": s.rid}, token, "recognitionFormExport"))
    await changes(lambda: call(http, WITHDRAW, {"recognitionId": s.rid}, token, "recognitionWithdraw"))
    assert (await node(http, s.rid, token))["status"] == "DRAFT"
    # The other person deletes their draft and opens it again: its title is free once the draft is gone.
    their_title = (await Recognition.get(id=pk(s.theirs))).title_name_id
    other = s.world.other_person.token
    await changes(lambda: call(http, DELETE, {"recognitionId": s.theirs}, other, "recognitionDelete"))
    await changes(lambda: call(http, CREATE, s.title(titleNameId=gid("TitleName", their_title)), other,
                               "recognitionCreate"))


def png_photo() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (295, 413), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()

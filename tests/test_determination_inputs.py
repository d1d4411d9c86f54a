"""职称初定 / 职称认定: every refused input of every declaration mutation gets its code, the field at fault and a
Chinese message, and changes nothing — no declaration, imported record, file, task, job, history, message or
application row, and no file in storage. One case per way a person (or someone else) can get it wrong; the
bad-input table of issue 9 §4, after tests/test_recognition_inputs.py.

The cases of one stage share the world they start from (tests/matrix_support.SharedWorld): a refusal leaves it
as it was built, so the next case takes it over; a case whose setup changes it has the next one rebuild it."""
from __future__ import annotations

import io
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from strawberry import relay

from models.achievement.models import AchievementRecord, RecordStatus
from models.application.models import Application
from models.blacklist.models import BlacklistEntry
from models.catalogue.models import Series, Specialty, TitleName
from models.core.file import StoredFile
from models.core.history import HistoryEntry
from models.core.job import Job
from models.determination.models import (
    AcceptanceBody,
    AcceptanceBodyStatus,
    Determination,
    DeterminationRecord,
)
from models.evaluation.results import today
from models.messaging.models import Message
from models.person.models import Person
from models.workflow.models import Task
from tests import achievement_support as library
from tests.declaration_support import CLAIM, claim_and_decide
from tests.determination_support import (
    CREATE,
    DELETE,
    IMPORT,
    PHOTO,
    QUALIFICATION,
    QUALIFICATIONS,
    REMOVE,
    SUBMIT,
    TASKS,
    TITLE,
    TITLES,
    UPDATE,
    WITHDRAW,
    DeterminationWorld,
    approved_records,
    call,
    create_input,
    determination_world,
    ready,
    submitted,
)
from tests.helpers import gid, gql, payload_errors, upload
from tests.matrix_support import SharedWorld, fingerprint
from tests.test_certificate_document import sample_photo

CJK = re.compile(r"[\u4e00-\u9fff]")
MISSING = 987654321  # a key no row has
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00"
       b"\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
DID = ["determinationId"]
# 个人基本信息's text fields: (GraphQL name, label, the column's limit) — 002 §2.2.1.2.2 1.
TEXT_LIMITS = [("formerName", "曾用名", 10), ("nationality", "国籍", 20), ("phone", "联系电话", 20),
               ("householdAddress", "户籍地址", 50), ("birthplace", "出生地", 50), ("residence", "常住地", 50),
               ("email", "电子邮箱", 50), ("postalCode", "邮政编码", 20), ("administrativePost", "行政职务", 20),
               ("administrativeLevel", "行政职务级别", 20), ("partyPost", "现任共产党(共青团)职务", 20),
               ("foreignLanguage", "职称外语情况", 10), ("computerSkill", "职称计算机情况", 10),
               ("performanceSummary", "业绩综述", 2000)]
# What 开始检测 requires, in the order the check lists it.
CHECK = [("请填写国籍", ["basic", "nationality"]), ("请填写户籍地址", ["basic", "householdAddress"]),
         ("请填写出生地", ["basic", "birthplace"]), ("请填写常住地", ["basic", "residence"]),
         ("请选择参加工作时间", ["basic", "workStartedOn"]), ("请选择政治面貌", ["basic", "politicalStatus"]),
         ("请填写业绩综述", ["basic", "performanceSummary"]), ("请上传照片", ["photo"]),
         ("请导入至少一条学历信息", ["records", "EDUCATION"]), ("请导入至少一条工作经历", ["records", "WORK_EXPERIENCE"])]


# ------------------------------------------------------------------------------------------- the scene

@dataclass
class Scene:
    """The person's 初定 declaration (complete, as a draft or submitted) with its two imported records; the
    other person's draft with one imported record of their own; ids of another series' specialty and title and
    of a title of the series at a level no unit accepts."""

    world: DeterminationWorld
    did: str
    snapshots: dict[str, str]  # category → the snapshot's global ID
    theirs: str
    their_snapshot: str
    their_record: str  # an approved library record of the other person's, not imported
    foreign_specialty_id: str
    foreign_title_id: str
    unaccepted_title_id: str  # of the series, at a level no acceptance body takes
    tokens: dict[str, str] = field(default_factory=dict)
    made: dict[str, str] = field(default_factory=dict)  # what a case's setup made

    def title(self, **changes: str) -> dict:
        return {"seriesId": self.world.series_id, "specialtyId": self.world.specialty_id,
                "titleNameId": self.world.title_id, **changes}


NODE_IDS = """query($id: ID!) { node(id: $id) { ... on Determination { id records { id category } } } }"""


def pk(global_id: str) -> int:
    return int(relay.GlobalID.from_id(global_id).node_id)


async def snapshots_of(http, did: str, token: str) -> dict[str, str]:
    node = (await gql(http, NODE_IDS, {"id": did}, token=token))["data"]["node"]
    return {r["category"]: r["id"] for r in node["records"]}


async def scene(http, stage: str = "draft") -> Scene:
    world = await determination_world(http)
    did = await (submitted if stage == "submitted" else ready)(http, world)
    other = world.other_person
    their_records = await approved_records(http, other, world.employer.unit.id)
    theirs = (await call(http, CREATE, create_input(world), other.token, "determinationCreate"))["determination"]["id"]
    await call(http, IMPORT, {"determinationId": theirs, "recordIds": their_records[:1]}, other.token,
               "determinationImportRecords")
    engineering = await Series.get(code="ENGINEERING")
    foreign_specialty = await Specialty.filter(series_id__not=engineering.id).first()
    foreign_title = await TitleName.filter(series_id__not=engineering.id).first()
    unaccepted = await TitleName.filter(series_id=engineering.id).exclude(level=world.level).first()
    return Scene(world, did, await snapshots_of(http, did, world.person.token), theirs,
                 next(iter((await snapshots_of(http, theirs, other.token)).values())), their_records[1],
                 gid("Specialty", foreign_specialty.id), gid("TitleName", foreign_title.id),
                 gid("TitleName", unaccepted.id),
                 {"person": world.person.token, "other": other.token, "employer": world.employer.token})


def stored_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in Path(root).rglob("*") if p.is_file()) if Path(root).exists() \
        else []


async def state(settings) -> tuple:
    """A fingerprint of everything a declaration mutation writes."""
    return (await Determination.all().order_by("id").values(),
            await DeterminationRecord.all().order_by("id").values_list("id", "determination_id", "source_id",
                                                                       "category", "data", "file_ids"),
            await StoredFile.all().order_by("id").values_list("id", "sha256", "size", "content_type", "purpose"),
            await Task.all().order_by("id").values(),
            await Job.all().order_by("id").values_list("id", "kind", "status"),
            await HistoryEntry.all().order_by("id").values_list("id", "subject_type", "subject_id", "action"),
            await Message.all().order_by("id").values_list("id", "recipient_id", "title"),
            await Application.all().order_by("id").values_list("id", flat=True),
            stored_files(settings.storage_dir))


def chinese(message: str) -> bool:
    return bool(message) and CJK.search(message) is not None


def payload_refusal(result: dict, name: str, messages: list[str] | None = None) -> list[tuple]:
    """The payload's errors as (code, field), each message Chinese (and as given), and no object returned."""
    assert "errors" not in result, result  # a payload refusal, never a top-level error
    body = result["data"][name]
    errors = body.pop("errors")
    assert errors and all(chinese(e["message"]) for e in errors), result
    if messages is not None:
        assert [e["message"] for e in errors] == messages, errors
    assert all(v is None for v in body.values()), result
    return [(e["code"], e["field"]) for e in errors]


shared = SharedWorld("stage")


@pytest.fixture(autouse=True)
async def clean(request):
    async for _ in shared.clean(request):
        yield


# ------------------------------------------------------------------------------------------- setups

Setup = Callable[[Any, Scene], Awaitable[None]]


async def cancel_bodies(http, s: Scene, mode: str = "INITIAL_DETERMINATION") -> None:
    """The province cancels the acceptance body that issues the level's declarations of ``mode``."""
    await AcceptanceBody.filter(evaluation_mode=mode).update(status=AcceptanceBodyStatus.CANCELLED,
                                                             cancelled_at=datetime.now(UTC))


async def cancel_recognition_body(http, s: Scene) -> None:
    await cancel_bodies(http, s, "RECOGNITION")


async def blacklist(http, s: Scene) -> None:
    await BlacklistEntry.create(person_id=s.world.person.person.id, reason="论文造假", starts_on=today() - timedelta(10),
                                ends_on=today() + timedelta(30))


async def unbind(http, s: Scene) -> None:
    await Person.filter(id=s.world.person.person.id).update(current_unit_id=None)


async def claimed(http, s: Scene) -> None:
    tasks = (await gql(http, TASKS, {"unitId": gid("Unit", s.world.employer.unit.id), "box": "TO_CLAIM"},
                       token=s.world.employer.token))["data"]["tasks"]["nodes"]
    assert payload_errors(await gql(http, CLAIM, {"input": {"taskId": tasks[0]["id"]}},
                                    token=s.world.employer.token), "taskClaim") == []


async def returned(http, s: Scene) -> None:
    await claim_and_decide(http, s.world.employer, decision="RETURN", opinion="请补充继续教育")


async def withdrawn(http, s: Scene) -> None:
    await call(http, WITHDRAW, {"determinationId": s.did}, s.world.person.token, "determinationWithdraw")


def record(category: str, status: str = "APPROVED") -> Setup:
    """A library record of the person's, of ``category``: APPROVED by the employer, PENDING or a DRAFT."""
    async def make(http, s: Scene) -> None:
        if status == "PENDING":
            made = await library.pending_record(http, s.world.person, category)
        else:
            made = await library.create(http, s.world.person, category)
            if status == "APPROVED":
                await AchievementRecord.filter(id=library.pk_of(made["id"])).update(
                    status=RecordStatus.APPROVED, unit_id=s.world.employer.unit.id)
        s.made["record"] = made["id"]
    return make


async def second_declaration(http, s: Scene) -> None:
    """The person's 认定 declaration this year, with the education record imported into it too."""
    token = s.world.person.token
    second = (await call(http, CREATE, create_input(s.world, "RECOGNITION"), token,
                         "determinationCreate"))["determination"]["id"]
    await call(http, IMPORT, {"determinationId": second, "recordIds": s.world.record_ids[:1]}, token,
               "determinationImportRecords")
    s.made["second"], s.made["snapshot"] = second, (await snapshots_of(http, second, token))["EDUCATION"]


async def fresh_declaration(http, s: Scene) -> None:
    """A 认定 declaration just created, with the prefilled 参加工作时间 and 政治面貌 cleared: nothing filled."""
    token = s.world.person.token
    fresh = (await call(http, CREATE, create_input(s.world, "RECOGNITION"), token,
                        "determinationCreate"))["determination"]["id"]
    await call(http, UPDATE, {"determinationId": fresh, "basic": {"workStartedOn": None, "politicalStatus": None}},
               token, "determinationUpdate")
    s.made["fresh"] = fresh


def cleared(camel: str) -> Setup:
    """One field the check requires emptied on the person's draft."""
    async def clear(http, s: Scene) -> None:
        empty = None if camel in ("workStartedOn", "politicalStatus") else ""
        await call(http, UPDATE, {"determinationId": s.did, "basic": {camel: empty}}, s.world.person.token,
                   "determinationUpdate")
    return clear


async def no_photo(http, s: Scene) -> None:
    await Determination.filter(id=pk(s.did)).update(photo_id=None)


async def no_education(http, s: Scene) -> None:
    await call(http, REMOVE, {"determinationId": s.did, "snapshotIds": [s.snapshots["EDUCATION"]]},
               s.world.person.token, "determinationRemoveRecords")


async def administrative_since(http, s: Scene) -> None:
    await call(http, UPDATE, {"determinationId": s.did, "basic": {"administrativeSince": "2016-01-01"}},
               s.world.person.token, "determinationUpdate")


# ------------------------------------------------------------------------------------------- the table

@dataclass(frozen=True)
class Case:
    query: str
    name: str
    variables: Callable[[Scene], dict]
    expected: list[tuple[str, list[str] | None]]
    stage: str = "draft"
    who: str = "person"
    setup: Setup | None = None
    messages: list[str] | None = None  # the messages, where their words matter


def did(s: Scene) -> dict:
    return {"determinationId": s.did}


def basic(**values: Any) -> Callable[[Scene], dict]:
    return lambda s: {"determinationId": s.did, "basic": values}


def titles(*changes: dict, count: int = 0) -> Callable[[Scene], dict]:
    items = [{**TITLE, **c} for c in changes] or [TITLE] * count
    return lambda s: {"determinationId": s.did, "titles": items}


def qualifications(*changes: dict, count: int = 0) -> Callable[[Scene], dict]:
    items = [{**QUALIFICATION, **c} for c in changes] or [QUALIFICATION] * count
    return lambda s: {"determinationId": s.did, "qualifications": items}


def records(ids: Callable[[Scene], list[str]]) -> Callable[[Scene], dict]:
    return lambda s: {"determinationId": s.did, "recordIds": ids(s)}


def snapshots(ids: Callable[[Scene], list[str]]) -> Callable[[Scene], dict]:
    return lambda s: {"determinationId": s.did, "snapshotIds": ids(s)}


NO_BODY = "您单位所在地区暂无受理该层级{}的机构，请咨询当地人社部门"
CASES: dict[str, Case] = {
    # ---- determinationCreate
    "create: 评审 (declared under a plan)": Case(
        CREATE, "determinationCreate", lambda s: create_input(s.world, "REVIEW"),
        [("INVALID_MODE", ["evaluationMode"])],
        messages=["评价方式须为职称初定或职称认定（评审类申报请选择评委会的评审计划）"]),
    "create: 委托评审": Case(
        CREATE, "determinationCreate", lambda s: create_input(s.world, "COMMISSIONED_REVIEW"),
        [("INVALID_MODE", ["evaluationMode"])]),
    "create: last year": Case(
        CREATE, "determinationCreate", lambda s: create_input(s.world, "RECOGNITION", year=today().year - 1),
        [("INVALID_YEAR", ["year"])], messages=[f"申报年度应为{today().year}年"]),
    "create: next year": Case(
        CREATE, "determinationCreate", lambda s: create_input(s.world, "RECOGNITION", year=today().year + 1),
        [("INVALID_YEAR", ["year"])]),
    "create: a negative year": Case(
        CREATE, "determinationCreate", lambda s: create_input(s.world, "RECOGNITION", year=-1),
        [("INVALID_YEAR", ["year"])]),
    "create: 评审, another year and a title of another series at once": Case(
        CREATE, "determinationCreate",
        lambda s: create_input(s.world, "REVIEW", year=2000, titleNameId=s.foreign_title_id),
        [("INVALID_MODE", ["evaluationMode"]), ("INVALID_YEAR", ["year"]), ("TITLE_NOT_IN_SERIES", ["titleNameId"])]),
    "create: a specialty of another series": Case(
        CREATE, "determinationCreate", lambda s: create_input(s.world, "RECOGNITION",
                                                              specialtyId=s.foreign_specialty_id),
        [("TITLE_NOT_IN_SERIES", ["specialtyId"])]),
    "create: a title of another series": Case(
        CREATE, "determinationCreate", lambda s: create_input(s.world, "RECOGNITION", titleNameId=s.foreign_title_id),
        [("TITLE_NOT_IN_SERIES", ["titleNameId"])]),
    "create: both of another series": Case(
        CREATE, "determinationCreate", lambda s: create_input(
            s.world, "RECOGNITION", specialtyId=s.foreign_specialty_id, titleNameId=s.foreign_title_id),
        [("TITLE_NOT_IN_SERIES", ["specialtyId"]), ("TITLE_NOT_IN_SERIES", ["titleNameId"])]),
    "create: a series that does not exist": Case(
        CREATE, "determinationCreate", lambda s: create_input(s.world, "RECOGNITION", seriesId=gid("Series", MISSING)),
        [("NOT_FOUND", ["seriesId"])]),
    "create: a title that does not exist": Case(
        CREATE, "determinationCreate",
        lambda s: create_input(s.world, "RECOGNITION", titleNameId=gid("TitleName", MISSING)),
        [("TITLE_NOT_IN_SERIES", ["titleNameId"])]),
    "create: a series id that is no id": Case(
        CREATE, "determinationCreate", lambda s: create_input(s.world, "RECOGNITION", seriesId="不是ID"),
        [("INVALID_ID", ["seriesId"])]),
    "create: a specialty id of another type": Case(
        CREATE, "determinationCreate", lambda s: create_input(s.world, "RECOGNITION", specialtyId=s.world.series_id),
        [("INVALID_ID", ["specialtyId"])]),
    "create: no title chosen": Case(
        CREATE, "determinationCreate", lambda s: create_input(s.world, "RECOGNITION", titleNameId=""),
        [("REQUIRED", ["titleNameId"])]),
    "create: a level no unit accepts": Case(
        CREATE, "determinationCreate",
        lambda s: create_input(s.world, "RECOGNITION", titleNameId=s.unaccepted_title_id),
        [("NO_ACCEPTANCE_BODY", ["titleNameId"])], messages=[NO_BODY.format("职称认定")]),
    "create: the acceptance body was cancelled": Case(
        CREATE, "determinationCreate", lambda s: create_input(s.world, "RECOGNITION"),
        [("NO_ACCEPTANCE_BODY", ["titleNameId"])], setup=cancel_recognition_body),
    "create: a blacklisted person": Case(
        CREATE, "determinationCreate", lambda s: create_input(s.world, "RECOGNITION"),
        [("BLACKLISTED", ["evaluationMode"])], setup=blacklist, messages=["您在黑名单期限内，暂不能申报职称"]),
    "create: a person whose unit has not approved the binding": Case(
        CREATE, "determinationCreate", lambda s: create_input(s.world, "RECOGNITION"),
        [("BINDING_NOT_APPROVED", None)], setup=unbind),
    "create: a second 初定 this year (a draft)": Case(
        CREATE, "determinationCreate", lambda s: create_input(s.world),
        [("DETERMINATION_EXISTS", ["evaluationMode"])], messages=[f"您{today().year}年度已有一份职称初定申报"]),
    "create: a second 初定 this year (in review)": Case(
        CREATE, "determinationCreate", lambda s: create_input(s.world),
        [("DETERMINATION_EXISTS", ["evaluationMode"])], stage="submitted"),
    "create: a second 认定 this year": Case(
        CREATE, "determinationCreate", lambda s: create_input(s.world, "RECOGNITION"),
        [("DETERMINATION_EXISTS", ["evaluationMode"])], setup=second_declaration),
    # ---- determinationUpdate: the basic information
    **{f"update: {label} over {limit} characters": Case(
        UPDATE, "determinationUpdate", basic(**{camel: ("字" if camel not in ("email", "phone", "postalCode")
                                                        else "1") * (limit + 1)}),
        [("TOO_LONG", ["basic", camel])], messages=[f"{label}不能超过{limit}个字符"])
       for camel, label, limit in TEXT_LIMITS},
    "update: an email without a domain": Case(
        UPDATE, "determinationUpdate", basic(email="zhang@"), [("INVALID_VALUE", ["basic", "email"])],
        messages=["电子邮箱格式不正确"]),
    "update: an email with a space": Case(
        UPDATE, "determinationUpdate", basic(email="zhang san@example.cn"), [("INVALID_VALUE", ["basic", "email"])]),
    "update: a postal code of five digits": Case(
        UPDATE, "determinationUpdate", basic(postalCode="23003"), [("INVALID_VALUE", ["basic", "postalCode"])],
        messages=["邮政编码应为6位数字"]),
    "update: a postal code of letters": Case(
        UPDATE, "determinationUpdate", basic(postalCode="HF0031"), [("INVALID_VALUE", ["basic", "postalCode"])]),
    "update: a phone number in words": Case(
        UPDATE, "determinationUpdate", basic(phone="办公室电话"), [("INVALID_VALUE", ["basic", "phone"])],
        messages=["联系电话只能包含数字、空格和 -+()"]),
    "update: a phone number too short": Case(
        UPDATE, "determinationUpdate", basic(phone="0551"), [("INVALID_VALUE", ["basic", "phone"])]),
    "update: a future 参加工作时间": Case(
        UPDATE, "determinationUpdate", basic(workStartedOn="2999-01-01"), [("FUTURE_DATE", ["basic", "workStartedOn"])],
        messages=["参加工作时间不能晚于今天"]),
    "update: a future 行政职务任职时间": Case(
        UPDATE, "determinationUpdate", basic(administrativeSince="2999-01-01"),
        [("FUTURE_DATE", ["basic", "administrativeSince"])]),
    "update: a future 入党(团)时间": Case(
        UPDATE, "determinationUpdate", basic(partyJoinedOn="2999-01-01"),
        [("FUTURE_DATE", ["basic", "partyJoinedOn"])]),
    "update: a date before 1900": Case(
        UPDATE, "determinationUpdate", basic(partyJoinedOn="1899-12-31"),
        [("INVALID_DATE", ["basic", "partyJoinedOn"])], messages=["加入共产党(共青团)时间不是有效日期"]),
    "update: a date that is not one": Case(
        UPDATE, "determinationUpdate", basic(workStartedOn="2015-02-30"),
        [("INVALID_INPUT", ["basic", "workStartedOn"])]),
    "update: 参加工作时间 before the birth date": Case(
        UPDATE, "determinationUpdate", basic(workStartedOn="1980-01-01"),
        [("INVALID_DATE", ["basic", "workStartedOn"])], messages=["参加工作时间应晚于出生日期"]),
    "update: 入党(团)时间 on the birth date": Case(
        UPDATE, "determinationUpdate", basic(partyJoinedOn="1985-06-15"),
        [("INVALID_DATE", ["basic", "partyJoinedOn"])]),
    "update: 行政职务任职时间 before the birth date (one problem, not a second on the order)": Case(
        UPDATE, "determinationUpdate", basic(administrativeSince="1984-01-01"),
        [("INVALID_DATE", ["basic", "administrativeSince"])], messages=["行政职务任职时间应晚于出生日期"]),
    "update: 行政职务任职时间 before 参加工作时间": Case(
        UPDATE, "determinationUpdate", basic(administrativeSince="2010-01-01"),
        [("INVALID_DATE", ["basic", "administrativeSince"])], messages=["行政职务任职时间不能早于参加工作时间"]),
    "update: both dates given, out of order": Case(
        UPDATE, "determinationUpdate", basic(workStartedOn="2012-07-01", administrativeSince="2011-01-01"),
        [("INVALID_DATE", ["basic", "administrativeSince"])]),
    "update: 参加工作时间 moved after the saved 行政职务任职时间": Case(
        UPDATE, "determinationUpdate", basic(workStartedOn="2017-01-01"),
        [("INVALID_DATE", ["basic", "administrativeSince"])], setup=administrative_since),
    "update: a NUL byte in 户籍地址": Case(
        UPDATE, "determinationUpdate", basic(householdAddress="安徽省\x00合肥市"),
        [("INVALID_INPUT", ["basic", "householdAddress"])]),
    "update: every problem at once": Case(
        UPDATE, "determinationUpdate",
        basic(formerName="曾" * 11, email="zhang@", postalCode="2300", workStartedOn="2999-01-01",
              partyJoinedOn="1980-01-01"),
        [("TOO_LONG", ["basic", "formerName"]), ("INVALID_VALUE", ["basic", "email"]),
         ("INVALID_VALUE", ["basic", "postalCode"]), ("FUTURE_DATE", ["basic", "workStartedOn"]),
         ("INVALID_DATE", ["basic", "partyJoinedOn"])]),
    # ---- determinationUpdate: the title declared
    "update: a title at a level no unit accepts": Case(
        UPDATE, "determinationUpdate", lambda s: {"determinationId": s.did,
                                                  **s.title(titleNameId=s.unaccepted_title_id)},
        [("NO_ACCEPTANCE_BODY", ["titleNameId"])], messages=[NO_BODY.format("职称初定")]),
    "update: a title of another series": Case(
        UPDATE, "determinationUpdate", lambda s: {"determinationId": s.did, **s.title(titleNameId=s.foreign_title_id)},
        [("TITLE_NOT_IN_SERIES", ["titleNameId"])]),
    "update: a specialty of another series, with a basic problem too": Case(
        UPDATE, "determinationUpdate", lambda s: {"determinationId": s.did, "basic": {"postalCode": "1"},
                                                  **s.title(specialtyId=s.foreign_specialty_id)},
        [("TITLE_NOT_IN_SERIES", ["specialtyId"]), ("INVALID_VALUE", ["basic", "postalCode"])]),
    "update: half a title (only the series)": Case(
        UPDATE, "determinationUpdate", lambda s: {"determinationId": s.did, "seriesId": s.world.series_id},
        [("REQUIRED", ["titleNameId"])], messages=["修改申报资格时请同时选择系列、专业和资格名称"]),
    "update: the title without its specialty": Case(
        UPDATE, "determinationUpdate",
        lambda s: {"determinationId": s.did, "seriesId": s.world.series_id, "titleNameId": s.world.title_id},
        [("REQUIRED", ["titleNameId"])]),
    "update: a title accepted once its body is cancelled": Case(
        UPDATE, "determinationUpdate", lambda s: {"determinationId": s.did,
                                                  **s.title(titleNameId=s.unaccepted_title_id)},
        [("NO_ACCEPTANCE_BODY", ["titleNameId"])], setup=cancel_bodies),
    # ---- determinationUpdate: whose, and when
    "update: someone else's declaration": Case(
        UPDATE, "determinationUpdate", basic(nationality="中国"), [("NOT_FOUND", DID)], who="other",
        messages=["申报不存在"]),
    "update: a declaration that does not exist": Case(
        UPDATE, "determinationUpdate", lambda s: {"determinationId": gid("Determination", MISSING), "basic": {}},
        [("NOT_FOUND", DID)]),
    "update: a declaration id that is no id": Case(
        UPDATE, "determinationUpdate", lambda s: {"determinationId": "nope", "basic": {}}, [("INVALID_ID", DID)]),
    "update: a declaration id beyond int64": Case(
        UPDATE, "determinationUpdate", lambda s: {"determinationId": gid("Determination", 2 ** 63), "basic": {}},
        [("INVALID_ID", DID)]),
    "update: a declaration id of another type": Case(
        UPDATE, "determinationUpdate", lambda s: {"determinationId": s.snapshots["EDUCATION"], "basic": {}},
        [("INVALID_ID", DID)]),
    "update: a submitted declaration": Case(
        UPDATE, "determinationUpdate", basic(nationality="中国"), [("NOT_EDITABLE", DID)], stage="submitted",
        messages=["申报已提交，撤回或被退回后才能修改"]),
    # ---- determinationSetTitles (资历信息)
    "titles: eleven": Case(
        TITLES, "determinationSetTitles", titles(count=11), [("TOO_MANY", ["titles"])]),
    "titles: one without a name": Case(
        TITLES, "determinationSetTitles", titles(TITLE, {"titleName": "  "}),
        [("REQUIRED", ["titles", "1", "titleName"])],
        messages=["请填写职称名称"]),
    "titles: obtained in the future": Case(
        TITLES, "determinationSetTitles", titles({"obtainedOn": "2999-01-01", "appointedOn": None}),
        [("INVALID_DATE", ["titles", "0", "obtainedOn"])], messages=["取得时间不能晚于今天"]),
    "titles: appointed before obtained": Case(
        TITLES, "determinationSetTitles", titles({"appointedOn": "2018-08-01"}),
        [("INVALID_DATE", ["titles", "0", "appointedOn"])], messages=["聘任时间不能早于取得时间"]),
    "titles: each text over its limit": Case(
        TITLES, "determinationSetTitles", titles({"titleName": "职" * 51, "seriesName": "系" * 51,
                                                  "certificateNumber": "1" * 41, "appointmentUnit": "单" * 101}),
        [("TOO_LONG", ["titles", "0", "titleName"]), ("TOO_LONG", ["titles", "0", "seriesName"]),
         ("TOO_LONG", ["titles", "0", "certificateNumber"]), ("TOO_LONG", ["titles", "0", "appointmentUnit"])]),
    "titles: a submitted declaration": Case(
        TITLES, "determinationSetTitles", titles(TITLE), [("NOT_EDITABLE", DID)], stage="submitted"),
    "titles: someone else's declaration": Case(
        TITLES, "determinationSetTitles", titles(TITLE), [("NOT_FOUND", DID)], who="other"),
    # ---- determinationSetQualifications (取得职称、职业技能等级情况)
    "qualifications: eleven": Case(
        QUALIFICATIONS, "determinationSetQualifications", qualifications(count=11), [("TOO_MANY", ["qualifications"])],
        messages=["取得职称、职业技能等级情况最多填写10条"]),
    "qualifications: one without a name": Case(
        QUALIFICATIONS, "determinationSetQualifications", qualifications({"name": " "}),
        [("REQUIRED", ["qualifications", "0", "name"])], messages=["请填写名称"]),
    "qualifications: obtained in the future": Case(
        QUALIFICATIONS, "determinationSetQualifications", qualifications({"obtainedOn": "2999-05-20"}),
        [("FUTURE_DATE", ["qualifications", "0", "obtainedOn"])]),
    "qualifications: no date": Case(
        QUALIFICATIONS, "determinationSetQualifications", qualifications(QUALIFICATION, {"obtainedOn": None}),
        [("REQUIRED", ["qualifications", "1", "obtainedOn"])], messages=["请选择取得时间"]),
    "qualifications: each text over its limit": Case(
        QUALIFICATIONS, "determinationSetQualifications",
        qualifications({"name": "名" * 51, "grade": "级" * 21, "number": "1" * 41, "issuer": "发" * 101}),
        [("TOO_LONG", ["qualifications", "0", "name"]), ("TOO_LONG", ["qualifications", "0", "grade"]),
         ("TOO_LONG", ["qualifications", "0", "number"]), ("TOO_LONG", ["qualifications", "0", "issuer"])],
        messages=["名称不能超过50个字符", "等级不能超过20个字符", "证书编号不能超过40个字符", "发证机关不能超过100个字符"]),
    "qualifications: a submitted declaration": Case(
        QUALIFICATIONS, "determinationSetQualifications", qualifications(QUALIFICATION), [("NOT_EDITABLE", DID)],
        stage="submitted"),
    "qualifications: someone else's declaration": Case(
        QUALIFICATIONS, "determinationSetQualifications", qualifications(QUALIFICATION), [("NOT_FOUND", DID)],
        who="other"),
    # ---- determinationImportRecords
    "import: someone else's record": Case(
        IMPORT, "determinationImportRecords", records(lambda s: [s.their_record]),
        [("NOT_FOUND", ["recordIds", "0"])], messages=["记录不存在"]),
    "import: a record that does not exist": Case(
        IMPORT, "determinationImportRecords", records(lambda s: [gid("AchievementRecord", MISSING)]),
        [("NOT_FOUND", ["recordIds", "0"])]),
    "import: a record id that is no id": Case(
        IMPORT, "determinationImportRecords", records(lambda s: ["nope"]), [("INVALID_ID", ["recordIds", "0"])]),
    "import: a record id of another type (a snapshot's)": Case(
        IMPORT, "determinationImportRecords", records(lambda s: [s.world.record_ids[1], s.snapshots["EDUCATION"]]),
        [("INVALID_ID", ["recordIds", "1"])]),
    "import: a record the unit has not approved (pending)": Case(
        IMPORT, "determinationImportRecords", records(lambda s: [s.made["record"]]),
        [("RECORD_NOT_APPROVED", ["recordIds", "0"])], setup=record("CONTINUING_EDUCATION", "PENDING"),
        messages=["只能导入单位审核通过的记录"]),
    "import: a record never submitted (a draft)": Case(
        IMPORT, "determinationImportRecords", records(lambda s: [s.made["record"]]),
        [("RECORD_NOT_APPROVED", ["recordIds", "0"])], setup=record("EDUCATION", "DRAFT")),
    "import: a paper (a category the declaration does not hold)": Case(
        IMPORT, "determinationImportRecords", records(lambda s: [s.made["record"]]),
        [("RECORD_NOT_ALLOWED", ["recordIds", "0"])], setup=record("PAPER"),
        messages=["只能导入学历、工作经历、继续教育和考核情况"]),
    "import: the same record twice": Case(
        IMPORT, "determinationImportRecords", records(lambda s: [s.made["record"], s.made["record"]]),
        [("ALREADY_IMPORTED", ["recordIds", "1"])], setup=record("ANNUAL_ASSESSMENT"), messages=["该记录已导入"]),
    "import: a record already imported": Case(
        IMPORT, "determinationImportRecords", records(lambda s: s.world.record_ids[:1]),
        [("ALREADY_IMPORTED", ["recordIds", "0"])]),
    "import: a good record with someone else's (nothing imported)": Case(
        IMPORT, "determinationImportRecords", records(lambda s: [s.made["record"], s.their_record]),
        [("NOT_FOUND", ["recordIds", "1"])], setup=record("CONTINUING_EDUCATION")),
    "import: an empty list": Case(
        IMPORT, "determinationImportRecords", records(lambda s: []), [("REQUIRED", ["recordIds"])],
        messages=["请选择要导入的记录"]),
    "import: a submitted declaration": Case(
        IMPORT, "determinationImportRecords", records(lambda s: [s.made["record"]]), [("NOT_EDITABLE", DID)],
        stage="submitted", setup=record("CONTINUING_EDUCATION")),
    "import: someone else's declaration": Case(
        IMPORT, "determinationImportRecords", records(lambda s: [s.their_record]), [("NOT_FOUND", DID)],
        who="other"),
    # ---- determinationRemoveRecords
    "remove: a snapshot of someone else's declaration": Case(
        REMOVE, "determinationRemoveRecords", snapshots(lambda s: [s.their_snapshot]), [("NOT_FOUND", ["snapshotIds"])],
        messages=["记录不在该申报中"]),
    "remove: a snapshot of my other declaration": Case(
        REMOVE, "determinationRemoveRecords", snapshots(lambda s: [s.made["snapshot"]]),
        [("NOT_FOUND", ["snapshotIds"])], setup=second_declaration),
    "remove: one of mine with someone else's (nothing removed)": Case(
        REMOVE, "determinationRemoveRecords", snapshots(lambda s: [s.snapshots["EDUCATION"], s.their_snapshot]),
        [("NOT_FOUND", ["snapshotIds"])]),
    "remove: a snapshot that does not exist": Case(
        REMOVE, "determinationRemoveRecords", snapshots(lambda s: [gid("DeterminationRecordSnapshot", MISSING)]),
        [("NOT_FOUND", ["snapshotIds"])]),
    "remove: a snapshot id of another type (the library record's)": Case(
        REMOVE, "determinationRemoveRecords", snapshots(lambda s: s.world.record_ids[:1]),
        [("INVALID_ID", ["snapshotIds", "0"])]),
    "remove: a snapshot id that is no id": Case(
        REMOVE, "determinationRemoveRecords", snapshots(lambda s: [s.snapshots["EDUCATION"], "nope"]),
        [("INVALID_ID", ["snapshotIds", "1"])]),
    "remove: an empty list": Case(
        REMOVE, "determinationRemoveRecords", snapshots(lambda s: []), [("REQUIRED", ["snapshotIds"])],
        messages=["请选择要移除的记录"]),
    "remove: a submitted declaration": Case(
        REMOVE, "determinationRemoveRecords", snapshots(lambda s: [s.snapshots["EDUCATION"]]), [("NOT_EDITABLE", DID)],
        stage="submitted"),
    "remove: someone else's declaration": Case(
        REMOVE, "determinationRemoveRecords", snapshots(lambda s: [s.snapshots["EDUCATION"]]), [("NOT_FOUND", DID)],
        who="other"),
    # ---- determinationSubmit
    "submit: nothing filled (every check fails)": Case(
        SUBMIT, "determinationSubmit", lambda s: {"determinationId": s.made["fresh"]},
        [("CHECK_FAILED", f) for _, f in CHECK], setup=fresh_declaration, messages=[m for m, _ in CHECK]),
    **{f"submit: {message[1:]} missing": Case(
        SUBMIT, "determinationSubmit", did, [("CHECK_FAILED", where)], messages=[message],
        setup=cleared(where[1]) if where[0] == "basic" else no_photo if where == ["photo"] else no_education)
       for message, where in CHECK if where != ["records", "WORK_EXPERIENCE"]},
    "submit: the acceptance body cancelled after creation": Case(
        SUBMIT, "determinationSubmit", did, [("NO_ACCEPTANCE_BODY", DID)], setup=cancel_bodies,
        messages=[NO_BODY.format("职称初定")]),
    "submit: blacklisted after creation": Case(
        SUBMIT, "determinationSubmit", did, [("BLACKLISTED", DID)], setup=blacklist,
        messages=["您在黑名单期限内，暂不能申报职称"]),
    "submit: without an employer": Case(
        SUBMIT, "determinationSubmit", did, [("NO_EMPLOYER", DID)], setup=unbind),
    "submit: a submitted declaration": Case(
        SUBMIT, "determinationSubmit", did, [("NOT_EDITABLE", DID)], stage="submitted"),
    "submit: someone else's declaration": Case(
        SUBMIT, "determinationSubmit", did, [("NOT_FOUND", DID)], who="other"),
    "submit: a declaration that does not exist": Case(
        SUBMIT, "determinationSubmit", lambda s: {"determinationId": gid("Determination", MISSING)},
        [("NOT_FOUND", DID)]),
    # ---- determinationWithdraw
    "withdraw: a draft": Case(
        WITHDRAW, "determinationWithdraw", did, [("NOT_WITHDRAWABLE", DID)], messages=["只有审核中的职称初定申报可以撤回"]),
    "withdraw: once the employer claimed it": Case(
        WITHDRAW, "determinationWithdraw", did, [("NOT_WITHDRAWABLE", DID)], stage="submitted", setup=claimed,
        messages=["单位已开始审核，不能撤回"]),
    "withdraw: once the employer passed it": Case(
        WITHDRAW, "determinationWithdraw", did, [("NOT_WITHDRAWABLE", DID)], stage="submitted",
        setup=lambda http, s: claim_and_decide(http, s.world.employer)),
    "withdraw: a returned declaration": Case(
        WITHDRAW, "determinationWithdraw", did, [("NOT_WITHDRAWABLE", DID)], stage="submitted", setup=returned),
    "withdraw: someone else's declaration": Case(
        WITHDRAW, "determinationWithdraw", did, [("NOT_FOUND", DID)], stage="submitted", who="other"),
    "withdraw: a declaration id of another type": Case(
        WITHDRAW, "determinationWithdraw", lambda s: {"determinationId": s.snapshots["EDUCATION"]},
        [("INVALID_ID", DID)],
        stage="submitted"),
    # ---- determinationDelete (作废)
    "delete: a submitted declaration": Case(
        DELETE, "determinationDelete", did, [("NOT_EDITABLE", DID)], stage="submitted",
        messages=["已提交过的申报不能作废"]),
    "delete: one withdrawn after submission": Case(
        DELETE, "determinationDelete", did, [("NOT_EDITABLE", DID)], stage="submitted", setup=withdrawn,
        messages=["已提交过的申报不能作废"]),
    "delete: a returned declaration": Case(
        DELETE, "determinationDelete", did, [("NOT_EDITABLE", DID)], stage="submitted", setup=returned),
    "delete: someone else's declaration": Case(
        DELETE, "determinationDelete", did, [("NOT_FOUND", DID)], who="other"),
    "delete: a declaration that does not exist": Case(
        DELETE, "determinationDelete", lambda s: {"determinationId": gid("Determination", MISSING)},
        [("NOT_FOUND", DID)]),
    "delete: a declaration id that is no id": Case(
        DELETE, "determinationDelete", lambda s: {"determinationId": "nope"}, [("INVALID_ID", DID)]),
}
# The cases of a stage run one after another: they share its world.
CASE_IDS = sorted(CASES, key=lambda name: CASES[name].stage)


@pytest.mark.parametrize("stage, case", [(CASES[name].stage, name) for name in CASE_IDS])
async def test_a_refused_input(http, settings, stage, case):
    c = CASES[case]
    async with shared.use(lambda: scene(http, stage)) as s:
        if c.setup is not None:
            await c.setup(http, s)
        before = await state(settings)
        result = await gql(http, c.query, {"input": c.variables(s)}, token=s.tokens[c.who])
        assert payload_refusal(result, c.name, c.messages) == c.expected
        assert await state(settings) == before
        if c.setup is None:  # every table and Redis read as the world was built
            assert await fingerprint() == shared.built


# ------------------------------------------------------------------------------------------- 初定 under a plan

APPLY = """mutation($input: ApplicationCreateInput!) { applicationCreate(input: $input) {
  errors { field code message } application { id } } }"""


@pytest.mark.parametrize("mode", ["INITIAL_DETERMINATION", "RECOGNITION"])
async def test_a_determination_under_a_plan_needs_no_committee(http, settings, mode):
    """applicationCreate refuses 初定 / 认定 before looking at the plan: no application row."""
    async with shared.use(lambda: scene(http)) as s:
        before = await state(settings)
        result = await gql(http, APPLY, {"input": {
            "planId": gid("Plan", MISSING), "declarationType": "REGULAR", "evaluationMode": mode,
            "specialtyId": s.world.specialty_id, "titleNameId": s.world.title_id,
            "standardId": gid("EvaluationStandard", MISSING), "pledgeAccepted": True}}, token=s.world.person.token)
        assert payload_refusal(result, "applicationCreate", [
            "职称初定和职称认定不经评委会评审，不能在评审计划下申报，请直接新增初定或认定申报"]) == [
            ("NO_COMMITTEE_NEEDED", ["evaluationMode"])]
        assert await state(settings) == before and await Application.all().count() == 0


# ------------------------------------------------------------------------------------------- top-level refusals

def top_level(result: dict) -> list[dict]:
    """A refusal of the whole operation: no data, errors with a code that is not a server failure."""
    assert result.get("data") in (None, {}) or all(v is None for v in result["data"].values()), result
    errors = result.get("errors") or []
    assert errors, result
    assert all((e.get("extensions") or {}).get("code") != "INTERNAL_SERVER_ERROR" for e in errors), errors
    return errors


@pytest.mark.parametrize("who, code", [("employer", "FORBIDDEN"), ("anonymous", "UNAUTHENTICATED")])
async def test_only_a_person_declares(http, settings, who, code):
    async with shared.use(lambda: scene(http)) as s:
        before = await state(settings)
        result = await gql(http, CREATE, {"input": create_input(s.world, "RECOGNITION")}, token=s.tokens.get(who))
        errors = top_level(result)
        assert [e["extensions"]["code"] for e in errors] == [code] and chinese(errors[0]["message"]), errors
        assert await state(settings) == before


ENUM_CASES = {
    "a political status that is not one": (
        UPDATE, lambda s: {"determinationId": s.did, "basic": {"politicalStatus": "COMMUNIST"}},
        ".basic.politicalStatus", "COMMUNIST"),
    "an evaluation mode that is not one": (
        CREATE, lambda s: create_input(s.world, "TRANSFER"), ".evaluationMode", "TRANSFER"),
    "a qualification kind that is not one": (
        QUALIFICATIONS, lambda s: {"determinationId": s.did, "qualifications": [{**QUALIFICATION, "kind": "DEGREE"}]},
        ".qualifications[0].kind", "DEGREE"),
}


@pytest.mark.parametrize("case", list(ENUM_CASES))
async def test_an_enum_value_that_is_not_one_is_a_clean_validation_error(http, settings, case):
    """GraphQL refuses the variables before any resolver runs (graphql-core's words, in English, naming the field
    and the value), never a server error, and nothing written: 政治面貌 and the qualification's kind cannot reach
    the rules' own checks of them."""
    query, variables, where, value = ENUM_CASES[case]
    async with shared.use(lambda: scene(http)) as s:
        before = await state(settings)
        response = await http.post("/graphql", json={"query": query, "variables": {"input": variables(s)}},
                                   headers={"Authorization": f"Bearer {s.world.person.token}"})
        assert response.status_code in (200, 400), response.text
        errors = top_level(response.json())
        assert [("$input" in e["message"] and where in e["message"] and f"'{value}'" in e["message"])
                for e in errors] == [True], errors
        assert await state(settings) == before


async def test_a_title_without_its_obtained_date_fails_validation(http, settings):
    async with shared.use(lambda: scene(http)) as s:
        before = await state(settings)
        item = {k: v for k, v in TITLE.items() if k != "obtainedOn"}
        response = await http.post("/graphql", json={"query": TITLES, "variables": {"input": {
            "determinationId": s.did, "titles": [item]}}}, headers={"Authorization": f"Bearer {s.world.person.token}"})
        errors = top_level(response.json())
        assert any("obtainedOn" in e["message"] for e in errors), errors
        assert await state(settings) == before


# ------------------------------------------------------------------------------------------- the photo

async def put_photo(http, token: str, determination_id: str, name: str, data: bytes, mime: str):
    return await upload(http, PHOTO, {"input": {"determinationId": determination_id, "file": None}},
                        {"input.file": (name, data, mime)}, token=token)


PHOTO_CASES = {
    "a PDF as the photo": ("draft", "person", None, "照片.jpg", PDF, [("FILE_TYPE_NOT_ALLOWED", ["file"])], None),
    "a GIF as the photo": ("draft", "person", None, "照片.gif", GIF, [("FILE_TYPE_NOT_ALLOWED", ["file"])], None),
    "plain text as the photo": ("draft", "person", None, "照片.jpg", "近期免冠照片\n".encode() * 20,
                                [("FILE_TYPE_NOT_ALLOWED", ["file"])], None),
    # Between the photo limit (200 KB in the tests) and the photo kind's body cap: the rule answers.
    "a photo over the photo limit": ("draft", "person", None, "照片.jpg", "big", [("FILE_TOO_LARGE", ["file"])],
                                     "文件大小不能超过200KB"),
    "an empty photo": ("draft", "person", None, "照片.jpg", b"", [("EMPTY_FILE", ["file"])], None),
    "a file name that is a path": ("draft", "person", None, "../照片.jpg", "photo", [("INVALID_FILE_NAME", ["file"])],
                                   None),
    "a submitted declaration": ("submitted", "person", None, "照片.jpg", "photo", [("NOT_EDITABLE", DID)], None),
    "someone else's declaration": ("draft", "other", None, "照片.jpg", "photo", [("NOT_FOUND", DID)], None),
    "a declaration that does not exist": ("draft", "person", gid("Determination", MISSING), "照片.jpg", "photo",
                                          [("NOT_FOUND", DID)], None),
    "a declaration id that is no id": ("draft", "person", "nope", "照片.jpg", "photo", [("INVALID_ID", DID)], None),
}


@pytest.mark.parametrize("stage, case", [(PHOTO_CASES[c][0], c) for c in sorted(PHOTO_CASES,
                                                                                 key=lambda c: PHOTO_CASES[c][0])])
async def test_a_refused_photo(http, settings, stage, case):
    _, who, determination_id, name, data, expected, message = PHOTO_CASES[case]
    if data == "big":
        data = sample_photo() + b"\x00" * (settings.max_photo_bytes + 1)
        assert len(data) < settings.max_photo_bytes + settings.max_json_bytes
    elif data == "photo":
        data = sample_photo(300, 420)
    async with shared.use(lambda: scene(http, stage)) as s:
        before = await state(settings)
        response = await put_photo(http, s.tokens[who], determination_id or s.did, name, data, "image/jpeg")
        assert response.status_code == 200, response.text
        assert payload_refusal(response.json(), "determinationPhotoUpload",
                               [message] if message else None) == expected
        assert await state(settings) == before


async def test_a_photo_over_the_request_cap_is_cut_at_the_door(http, settings):
    async with shared.use(lambda: scene(http)) as s:
        before = await state(settings)
        data = sample_photo() + b"\x00" * (settings.max_photo_bytes + settings.max_json_bytes + 1)
        response = await put_photo(http, s.world.person.token, s.did, "照片.jpg", data, "image/jpeg")
        assert response.status_code == 413, response.text[:500]
        assert [(e["extensions"]["code"], chinese(e["message"])) for e in response.json()["errors"]] == [
            ("PAYLOAD_TOO_LARGE", True)]
        assert await state(settings) == before


# ------------------------------------------------------------------------------------------- the control

def png_photo() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (295, 413), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


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

    await changes(lambda: call(http, UPDATE, {"determinationId": s.did, "basic": {"formerName": "张小"}}, token,
                               "determinationUpdate"))
    await changes(lambda: call(http, UPDATE, {"determinationId": s.did, **s.title(), "basic": {"residence": "安徽芜湖"}},
                               token, "determinationUpdate"))
    await changes(lambda: call(http, TITLES, {"determinationId": s.did, "titles": [TITLE, TITLE]}, token,
                               "determinationSetTitles"))
    await changes(lambda: call(http, QUALIFICATIONS, {"determinationId": s.did, "qualifications": []}, token,
                               "determinationSetQualifications"))
    await changes(lambda: call(http, REMOVE, {"determinationId": s.did, "snapshotIds": [s.snapshots["EDUCATION"]]},
                               token, "determinationRemoveRecords"))
    await changes(lambda: call(http, IMPORT, {"determinationId": s.did, "recordIds": s.world.record_ids[:1]}, token,
                               "determinationImportRecords"))
    await changes(lambda: put_photo(http, token, s.did, "照片.png", png_photo(), "image/png"))
    await changes(lambda: call(http, SUBMIT, {"determinationId": s.did}, token, "determinationSubmit"))
    await changes(lambda: call(http, WITHDRAW, {"determinationId": s.did}, token, "determinationWithdraw"))
    other = s.world.other_person.token
    await changes(lambda: call(http, DELETE, {"determinationId": s.theirs}, other, "determinationDelete"))
    await changes(lambda: call(http, CREATE, create_input(s.world), other, "determinationCreate"))

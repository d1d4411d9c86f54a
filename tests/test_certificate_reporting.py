"""证书报送人社部, 证书查询 and 导出查询结果 (issue 8 §7, §7b): an issuer reports the selected or all unreported
certificates (marked at once, the file written by a job, read back here with openpyxl and json); HR bureaus and
issuers query and export what they may see; every refusal is precise and changes nothing. The first test reports
certificates issued through the API; the others write certificate rows directly (tests/certificate_support.py)."""
from __future__ import annotations

import asyncio
import io
import json
from dataclasses import dataclass
from datetime import datetime, timezone

import pytest
from openpyxl import load_workbook

from models.catalogue.models import Series
from models.certificate.models import Certificate, CertificateStatus, DocumentState
from models.core.file import StoredFile
from models.core.job import Job, JobKind, JobStatus
from models.unit.models import UnitKind
from tests.certificate_support import FILING_NUMBER, ISSUE, direct_cert, direct_issued, filed_scheme, make_issuer
from tests.evaluation_support import Scene, codes_of
from tests.helpers import (assert_forbidden, assert_unauthenticated, count_sql, error_codes, gid, gql, make_account,
                           make_person, make_unit, run_jobs, token_for)
from tests.matrix_support import SharedWorld
from tests.plan_support import hr_bureau

REPORT = """mutation($input: CertificateReportInput!) { certificateReport(input: $input) {
  errors { field code message } count remaining job { id kind status } } }"""
EXPORT = """mutation($input: CertificateExportInput!) { certificateExport(input: $input) {
  errors { field code message } job { id kind status } } }"""
QUERY = """query($filter: CertificateFilter, $first: Int = 50) { certificates(filter: $filter, first: $first) {
  totalCount nodes { id number name idNumber status year reportedAt issuerName unitName document { name } } } }"""
JOB = """query($id: ID!) { node(id: $id) { ... on Job { status error resultFile { name contentType url } } } }"""
COLUMNS = ["证书编号", "姓名", "性别", "出生日期", "证件类型", "证件号码", "职称系列", "专业", "职称名称", "级别", "年度",
           "取得时间", "取得方式", "批准文号", "发证单位", "发证单位编码", "发证日期", "工作单位", "状态"]
KEYS = ["number", "name", "gender", "birthDate", "idType", "idNumber", "seriesName", "specialtyName", "titleName",
        "level", "year", "acquiredOn", "acquisitionMethod", "approvalNumber", "issuerName", "issuerCode", "issueDate",
        "unitName", "status"]


# ---------------------------------------------------------------- helpers


async def issued(http, scene: Scene, settings, passed: int = 3) -> list[Certificate]:
    """``passed`` certificates issued through the API by the province's bureau (no photos: nothing to render).
    Tests that are not about the issued values use ``direct_issued`` instead."""
    await filed_scheme(http, scene, passed=passed)
    await make_issuer(http, scene)
    started = await gql(http, ISSUE, {"input": {"issuerUnitId": gid("Unit", scene.province.unit.id),
                                                "category": "01"}}, token=scene.province.token)
    assert started["data"]["certificateIssue"]["errors"] == [], started
    await run_jobs(settings)
    return list(await Certificate.all().order_by("id"))


async def report(http, scene: Scene, ids=None, token=None, **values) -> dict:
    payload = {"issuerUnitId": gid("Unit", scene.province.unit.id), "certificateIds": ids, **values}
    result = await gql(http, REPORT, {"input": payload}, token=token or scene.province.token)
    assert result.get("data"), result
    return result["data"]["certificateReport"]


async def result_file(http, job_id: str, token: str) -> tuple[dict, bytes]:
    node = (await gql(http, JOB, {"id": job_id}, token=token))["data"]["node"]
    assert node["status"] == "SUCCEEDED", node
    response = await http.get(node["resultFile"]["url"])
    assert response.status_code == 200
    return node["resultFile"], response.content


def sheet_rows(data: bytes) -> list[list]:
    wb = load_workbook(io.BytesIO(data), read_only=True)
    try:
        return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    finally:
        wb.close()


async def reported_ids() -> list[int]:
    return list(await Certificate.filter(reported_at__isnull=False).order_by("id").values_list("id", flat=True))


def cert_gids(certs) -> list[str]:
    return [gid("Certificate", c.id) for c in certs]


# A row of cells shares one world: the matrix's cells of one operation, or all the bad-filter cells.
shared = SharedWorld("operation")


@pytest.fixture(autouse=True)
async def clean(request):
    """conftest's ``clean``, except between the cells of one row whose world came back intact."""
    async for _ in shared.clean(request):
        yield


@pytest.fixture
async def scene(app) -> Scene:
    return await Scene().build()


# ---------------------------------------------------------------- reporting


async def test_report_selected_then_all_and_read_the_files_back(http, scene, settings):
    certs = await issued(http, scene, settings)
    first = await report(http, scene, cert_gids([certs[0], certs[2]]), idempotencyKey="report-1")
    assert first["errors"] == [] and (first["count"], first["remaining"]) == (2, 1)
    assert first["job"]["kind"] == "CERTIFICATE_REPORT" and first["job"]["status"] == "PENDING"
    assert await reported_ids() == [certs[0].id, certs[2].id]  # marked by the mutation, before any job ran
    # A repeat after a lost reply answers with the same job and marks nothing more.
    again = await report(http, scene, cert_gids([certs[0], certs[2]]), idempotencyKey="report-1")
    assert again["job"]["id"] == first["job"]["id"] and again["count"] == 2
    await run_jobs(settings)

    meta, data = await result_file(http, first["job"]["id"], scene.province.token)
    assert meta["contentType"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert meta["name"].endswith(".xlsx")
    rows = sheet_rows(data)
    assert rows[0] == COLUMNS and len(rows) == 3
    for row, cert in zip(rows[1:], [certs[0], certs[2]], strict=True):
        values = dict(zip(COLUMNS, row, strict=True))
        assert values["证书编号"] == cert.number and values["姓名"] == cert.name
        assert values["证件号码"] == cert.id_number and len(values["证件号码"]) == 18  # in full
        assert (values["级别"], values["年度"], values["批准文号"], values["发证单位编码"], values["状态"]) == (
            "副高级", 2026, FILING_NUMBER, "0001", "有效")
        assert values["出生日期"] == cert.birth_date.isoformat() and values["工作单位"] == "合肥宏达建设有限公司"
        assert values["取得方式"] == "评审" and values["性别"] in ("男", "女") and values["证件类型"] == "居民身份证"

    # Reported ones are not reportable again; 全部上报 takes the one left, as JSON.
    refused = await report(http, scene, cert_gids([certs[1], certs[0]]))
    assert codes_of(refused) == [("NOT_REPORTABLE", ("certificateIds", "1"))]
    assert await reported_ids() == [certs[0].id, certs[2].id]
    rest = await report(http, scene, None, format="JSON")
    assert rest["errors"] == [] and (rest["count"], rest["remaining"]) == (1, 0)
    await run_jobs(settings)
    meta, data = await result_file(http, rest["job"]["id"], scene.province.token)
    assert meta["contentType"] == "application/json" and meta["name"].endswith(".json")
    document = json.loads(data)
    assert document["count"] == 1 and document["issuerUnit"] == scene.province.unit.name
    assert [c["key"] for c in document["columns"]] == KEYS and [c["title"] for c in document["columns"]] == COLUMNS
    (record,) = document["certificates"]
    assert list(record) == KEYS
    assert (record["number"], record["idNumber"], record["status"], record["year"]) == (
        certs[1].number, certs[1].id_number, "有效", 2026)
    assert codes_of(await report(http, scene, None)) == [("NOTHING_TO_REPORT", ("certificateIds",))]
    reported = (await gql(http, QUERY, {"filter": {"reported": True}}, token=scene.province.token))["data"]
    assert reported["certificates"]["totalCount"] == 3
    # Issued certificates are in the scope of the unit's city bureau, not in another province's.
    for token, seen in ((scene.city.token, 3), (scene.other_province.token, 0)):
        assert (await gql(http, QUERY, token=token))["data"]["certificates"]["totalCount"] == seen


async def test_a_rerun_of_either_job_gives_the_same_file(http, scene, settings):
    certs = await direct_issued(scene, 2)
    started = [(await report(http, scene, cert_gids(certs[:1])))["job"]["id"],
               (await report(http, scene, cert_gids(certs[1:]), format="JSON"))["job"]["id"]]
    exported = await gql(http, EXPORT, {"input": {"filter": {"year": 2026}}}, token=scene.city.token)
    assert exported["data"]["certificateExport"]["errors"] == []
    await run_jobs(settings)
    jobs = await Job.filter(kind__in=[JobKind.CERTIFICATE_REPORT, JobKind.CERTIFICATE_EXPORT]).order_by("id")
    assert [j.status for j in jobs] == [JobStatus.SUCCEEDED] * 3 and len(started) == 2
    before = await files_of(jobs)
    await rerun(jobs, settings)  # as after a crash before the row was marked done
    assert await files_of(jobs) == before
    # A revocation after the report leaves the reported file as it was sent.
    await Certificate.filter(id=certs[0].id).update(status=CertificateStatus.REVOKED)
    await rerun(jobs[:2], settings)
    assert await files_of(jobs) == before
    assert await StoredFile.filter(purpose__in=["certificate_report", "certificate_export"]).count() == 3


async def files_of(jobs: list[Job]) -> list[tuple[int, str]]:
    rows = await Job.filter(id__in=[j.id for j in jobs]).order_by("id")
    return [(j.result_file_id, (await StoredFile.get(id=j.result_file_id)).sha256) for j in rows]


async def rerun(jobs: list[Job], settings) -> None:
    from models.core.transaction import enqueue

    await Job.filter(id__in=[j.id for j in jobs]).update(status=JobStatus.PENDING, attempts=0)
    for job in jobs:
        await enqueue(await Job.get(id=job.id))
    await run_jobs(settings)
    assert {j.status for j in await Job.filter(id__in=[j.id for j in jobs])} == {JobStatus.SUCCEEDED}


async def test_the_export_holds_the_query_rows_in_full(http, scene, settings):
    certs = await direct_issued(scene, 2)
    await report(http, scene, cert_gids(certs[:1]))
    made = await gql(http, EXPORT, {"input": {"filter": {"reported": False}, "idempotencyKey": "e-1"}},
                     token=scene.city.token)
    job_id = made["data"]["certificateExport"]["job"]["id"]
    await run_jobs(settings)
    _, data = await result_file(http, job_id, scene.city.token)
    rows = sheet_rows(data)
    assert rows[0] == [*COLUMNS, "报送时间"]
    assert [(r[0], r[5], r[-1]) for r in rows[1:]] == [(certs[1].number, certs[1].id_number, None)]
    again = await gql(http, EXPORT, {"input": {"filter": {"reported": False}, "idempotencyKey": "e-1"}},
                      token=scene.city.token)
    assert again["data"]["certificateExport"]["job"]["id"] == job_id
    other = await gql(http, EXPORT, {"input": {"filter": {"reported": True}, "idempotencyKey": "e-1"}},
                      token=scene.city.token)
    assert codes_of(other["data"]["certificateExport"]) == [("IDEMPOTENCY_KEY_REUSED", ("idempotencyKey",))]


async def test_refused_reports_mark_nothing(http, scene, settings):
    certs = await direct_issued(scene, 3)
    await Certificate.filter(id=certs[1].id).update(status=CertificateStatus.REVOKED)
    sichuan_issuer = await hr_bureau("510000")
    elsewhere = await direct_cert((await make_person("外省人")).person, sichuan_issuer.unit, unit_region="510104")
    cases = [
        (cert_gids([certs[0], certs[1]]), ("NOT_REPORTABLE", ("certificateIds", "1"))),  # revoked
        (cert_gids([certs[0], elsewhere]), ("NOT_REPORTABLE", ("certificateIds", "1"))),  # another issuer's
        ([gid("Certificate", 9_999_999)], ("NOT_REPORTABLE", ("certificateIds", "0"))),
        ([gid("Unit", certs[0].id)], ("INVALID_ID", ("certificateIds", "0"))),
        (["not-an-id"], ("INVALID_ID", ("certificateIds", "0"))),
        ([""], ("REQUIRED", ("certificateIds", "0"))),
        ([], ("NOTHING_TO_REPORT", ("certificateIds",))),
    ]
    for ids, expected in cases:
        assert codes_of(await report(http, scene, ids)) == [expected], ids
    assert codes_of(await report(http, scene, cert_gids(certs[:1]), idempotencyKey="bad key!")) == [
        ("INVALID_INPUT", ("idempotencyKey",))]
    bad_unit = await report(http, scene, None, issuerUnitId=gid("Plan", 1))
    assert codes_of(bad_unit) == [("INVALID_ID", ("issuerUnitId",))]
    assert await reported_ids() == [] and await Job.filter(kind=JobKind.CERTIFICATE_REPORT).count() == 0
    # A bad enum is refused by GraphQL itself, naming the field, not as a server error.
    payload = {"issuerUnitId": gid("Unit", scene.province.unit.id), "format": "PDF"}
    bad_format = await gql(http, REPORT, {"input": payload}, token=scene.province.token)
    message = bad_format["errors"][0]["message"]
    assert bad_format["data"] is None and ".format" in message and "'PDF' does not exist in 'ReportFormat'" in message
    assert "INTERNAL_SERVER_ERROR" not in error_codes(bad_format)
    # The key of a request names that request: another one with it is refused.
    assert (await report(http, scene, cert_gids(certs[:1]), idempotencyKey="k"))["errors"] == []
    reused = await report(http, scene, cert_gids(certs[2:]), idempotencyKey="k")
    assert codes_of(reused) == [("IDEMPOTENCY_KEY_REUSED", ("idempotencyKey",))]
    assert await reported_ids() == [certs[0].id]


async def test_two_reports_at_once_report_each_certificate_once(http, scene, settings):
    await direct_issued(scene, 2)
    other_admin = await make_account("发证单位另一管理员")
    from models.unit.models import UnitAdmin

    await UnitAdmin.create(unit=scene.province.unit, account=other_admin.account)
    results = await asyncio.gather(report(http, scene, None), report(http, scene, None, token=other_admin.token))
    counts = sorted(r["count"] for r in results)
    assert counts == [0, 2], results
    loser = next(r for r in results if r["count"] == 0)
    assert codes_of(loser)[0][0] in ("NOTHING_TO_REPORT", "CONFLICT")
    assert len(await reported_ids()) == 2 and await Job.filter(kind=JobKind.CERTIFICATE_REPORT).count() == 1


# ---------------------------------------------------------------- the query: filters, scope, bad input, SQL

@dataclass
class QueryWorld:
    certs: dict[str, Certificate]
    tokens: dict[str, str]
    units: dict[str, int]


async def query_world() -> QueryWorld:
    province, city, sichuan = await hr_bureau("340000"), await hr_bureau("340100"), await hr_bureau("510000")
    commissioning = await make_unit("合肥委托发证单位", kind=UnitKind.EMPLOYER, region="340100")
    bystander = await make_unit("无关单位", region="340102")
    zhang, li, feng, wang = [(await make_person(n)).person for n in ("张三", "李四", "张三丰", "王五")]
    certs = {
        "A": await direct_cert(zhang, province.unit),
        "B": await direct_cert(li, province.unit, unit_region="340202", year=2025, status=CertificateStatus.REVOKED),
        "C": await direct_cert(feng, sichuan.unit, unit_region="510104",
                               reported_at=datetime(2026, 4, 1, tzinfo=timezone.utc)),
        "D": await direct_cert(wang, commissioning.unit, unit_region="340202", series_name="卫生技术人员"),
    }
    tokens = {"province": province.token, "city": city.token, "sichuan": sichuan.token,
              "issuer": commissioning.token, "bystander": bystander.token,
              "platform": (await make_account(platform_admin=True)).token}
    return QueryWorld(certs, tokens, {"sichuan": sichuan.unit.id, "commissioning": commissioning.unit.id})


async def listed(http, w: QueryWorld, token: str, filter: dict | None = None) -> list[str]:
    result = await gql(http, QUERY, {"filter": filter}, token=token)
    assert not result.get("errors"), result
    page = result["data"]["certificates"]
    names = {c.number: k for k, c in w.certs.items()}
    found = sorted(names[n["number"]] for n in page["nodes"])
    assert page["totalCount"] == len(found)
    return found


async def test_each_viewer_sees_their_scope(http, app):
    w = await query_world()
    seen = {who: await listed(http, w, token) for who, token in w.tokens.items()}
    assert seen == {"province": ["A", "B", "D"], "city": ["A", "D"], "sichuan": ["C"], "issuer": ["D"],
                    "bystander": [], "platform": ["A", "B", "C", "D"]}
    # A filter narrows the scope, never widens it.
    assert await listed(http, w, w.tokens["province"], {"issuerUnitId": gid("Unit", w.units["sichuan"])}) == []


async def test_filters(http, app):
    w = await query_world()
    token = w.tokens["platform"]
    engineering = await Series.get(code="ENGINEERING")
    a = w.certs["A"]
    cases = [
        ({"name": "张三"}, ["A"]), ({"name": " 张三 "}, ["A"]), ({"nameContains": "张三"}, ["A", "C"]),
        ({"idNumber": a.id_number}, ["A"]), ({"idNumber": a.id_number.lower() + " "}, ["A"]),
        ({"number": a.number}, ["A"]), ({"number": "9342026"}, []),
        ({"seriesName": "卫生技术人员"}, ["D"]), ({"seriesId": gid("Series", engineering.id)}, ["A", "B", "C"]),
        ({"year": 2025}, ["B"]), ({"status": "REVOKED"}, ["B"]), ({"status": "VALID"}, ["A", "C", "D"]),
        ({"reported": True}, ["C"]), ({"reported": False}, ["A", "B", "D"]),
        ({"issuerUnitId": gid("Unit", w.units["commissioning"])}, ["D"]),
        ({"nameContains": "张", "reported": False}, ["A"]), ({"name": "", "nameContains": "  "}, ["A", "B", "C", "D"]),
        ({"nameContains": "%"}, []), ({"nameContains": "_"}, []),
    ]
    for f, expected in cases:
        assert await listed(http, w, token, f) == expected, f


BAD_FILTERS = [
    ({"name": "张" * 51}, "TOO_LONG", ["filter", "name"]),
    ({"nameContains": "张" * 51}, "TOO_LONG", ["filter", "nameContains"]),
    ({"idNumber": "1" * 31}, "TOO_LONG", ["filter", "idNumber"]),
    ({"number": "9" * 41}, "TOO_LONG", ["filter", "number"]),
    ({"seriesName": "x" * 51}, "TOO_LONG", ["filter", "seriesName"]),
    ({"name": "a\x00b"}, "INVALID_INPUT", ["filter", "name"]),
    ({"year": 99999}, "INVALID_YEAR", ["filter", "year"]),
    ({"year": -1}, "INVALID_YEAR", ["filter", "year"]),
    ({"seriesId": gid("Unit", 1)}, "INVALID_ID", ["filter", "seriesId"]),
    ({"seriesId": gid("Series", 9_999_999)}, "NOT_FOUND", ["filter", "seriesId"]),
    ({"issuerUnitId": "garbage"}, "INVALID_ID", ["filter", "issuerUnitId"]),
]


@pytest.mark.parametrize(("f", "code", "field"), BAD_FILTERS)
async def test_bad_filters_are_refused_precisely(http, app, f, code, field):
    # One row of cells: each refusal leaves the platform admin's world as it was (the fingerprint checks it).
    async with shared.use(lambda: make_account(platform_admin=True)) as platform:
        queried = await gql(http, QUERY, {"filter": f}, token=platform.token)
        assert queried["data"] is None and [(e["extensions"]["code"], e["extensions"]["field"])
                                            for e in queried["errors"]] == [(code, field)], queried
        exported = await gql(http, EXPORT, {"input": {"filter": f}}, token=platform.token)
        assert codes_of(exported["data"]["certificateExport"]) == [(code, tuple(field))]
        assert await Job.filter(kind=JobKind.CERTIFICATE_EXPORT).count() == 0


async def test_a_bad_status_or_page_is_refused_by_graphql(http, app):
    platform = await make_account(platform_admin=True)
    bad = await gql(http, QUERY, {"filter": {"status": "LOST"}}, token=platform.token)
    message = bad["errors"][0]["message"]
    assert bad["data"] is None and ".status" in message and "'LOST' does not exist in 'CertificateStatus'" in message
    assert "INTERNAL_SERVER_ERROR" not in error_codes(bad)
    too_many = await gql(http, QUERY, {"first": 101}, token=platform.token)
    assert error_codes(too_many) == ["INVALID_PAGINATION"]


async def test_the_query_is_flat(http, app):
    province = await hr_bureau("340000")
    sha = "0" * 64
    file = await StoredFile.create(sha256=sha, size=1, content_type="application/pdf", name="证书.pdf",
                                   purpose="certificate")

    async def add(n: int) -> None:
        for i in range(n):
            person = (await make_person(f"持证人{i}")).person
            await direct_cert(person, province.unit, document_id=file.id, document_state=DocumentState.READY,
                              unit_region=["340102", "340202", "340302"][i % 3])

    async def counted() -> tuple[int, list[str]]:
        with count_sql() as statements:
            result = await gql(http, QUERY, {"filter": {"reported": False}}, token=province.token)
        assert not result.get("errors"), result
        return result["data"]["certificates"]["totalCount"], list(statements)

    await add(1)
    one, small = await counted()
    await add(29)
    many, large = await counted()
    assert (one, many) == (1, 30)
    assert len(small) == len(large), "\n".join(large)


# ---------------------------------------------------------------- who may do what (issue 8 §7b)

ROLES = ["holder", "other_person", "employer", "organizer", "city_hr", "other_province_hr", "issuer_admin",
         "platform_admin", "anonymous"]
SEES_ALL = {"city_hr", "issuer_admin", "platform_admin"}  # the unit's city bureau; the issuer (also the province)
QUERIERS = {"employer", "organizer", "other_province_hr", *SEES_ALL}  # unit admins: scoped, seeing nothing else
REPORTERS = {"issuer_admin", "platform_admin"}


@dataclass
class World:
    scene: Scene
    tokens: dict[str, str | None]
    numbers: list[str]


async def matrix_world() -> World:
    """Two certificates of the province's bureau as rows: the test above checks that issued ones are scoped alike."""
    scene = await Scene().build()
    certs = await direct_issued(scene, 2)
    from models.person.models import Person

    holder = await Person.get(id=scene.apps[0].person_id)
    tokens = {"holder": token_for(holder.account_id), "other_person": scene.person.token,
              "employer": scene.employer.token, "organizer": scene.organizer.token, "city_hr": scene.city.token,
              "other_province_hr": scene.other_province.token, "issuer_admin": scene.province.token,
              "platform_admin": (await make_account(platform_admin=True)).token, "anonymous": None}
    return World(scene, tokens, sorted(c.number for c in certs))


async def state() -> tuple:
    return (await reported_ids(), await Job.filter(kind__in=[JobKind.CERTIFICATE_REPORT,
                                                              JobKind.CERTIFICATE_EXPORT]).count())


def refused_as(result: dict, role: str, name: str) -> None:
    (assert_unauthenticated if role == "anonymous" else assert_forbidden)(result)
    assert result["data"] is None or result["data"].get(name) is None


async def query_cell(http, w: World, role: str, settings) -> None:
    result = await gql(http, QUERY, token=w.tokens[role])
    if role not in QUERIERS:
        return refused_as(result, role, "certificates")
    numbers = sorted(n["number"] for n in result["data"]["certificates"]["nodes"])
    assert numbers == (w.numbers if role in SEES_ALL else []), role


async def report_cell(http, w: World, role: str, settings) -> None:
    result = await gql(http, REPORT, {"input": {"issuerUnitId": gid("Unit", w.scene.province.unit.id)}},
                       token=w.tokens[role])
    if role not in REPORTERS:
        return refused_as(result, role, "certificateReport")
    assert result["data"]["certificateReport"]["errors"] == [] and result["data"]["certificateReport"]["count"] == 2
    assert len(await reported_ids()) == 2
    shared.spoil()


async def export_cell(http, w: World, role: str, settings) -> None:
    result = await gql(http, EXPORT, {"input": {}}, token=w.tokens[role])
    if role not in QUERIERS:
        return refused_as(result, role, "certificateExport")
    shared.spoil()
    payload = result["data"]["certificateExport"]
    assert payload["errors"] == [], payload
    await run_jobs(settings)
    _, data = await result_file(http, payload["job"]["id"], w.tokens[role])
    assert sorted(r[0] for r in sheet_rows(data)[1:]) == (w.numbers if role in SEES_ALL else []), role


OPERATIONS = {"certificates": query_cell, "certificateReport": report_cell, "certificateExport": export_cell}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", list(OPERATIONS))
async def test_permission_matrix(http, settings, operation, role):
    async with shared.use(matrix_world) as w:
        before = await state()
        await OPERATIONS[operation](http, w, role, settings)
        if role not in (REPORTERS if operation == "certificateReport" else QUERIERS):
            assert await state() == before, role  # a refusal changes nothing

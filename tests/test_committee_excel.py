"""Committees in Excel: template download, import with a per-row report, export as a background job."""
from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook

from models.committee.models import Committee, CommitteeOrganizer, CommitteeRegion
from models.committee.excel import HEADERS
from models.core.file import StoredFile
from models.core.job import Job, JobStatus
from tests.helpers import assert_forbidden, assert_unauthenticated, gql, make_person, run_jobs, upload
from tests.plan_support import hr_bureau, make_committee, organizer
from workers.jobs import run_job

TEMPLATE = "query { committeeImportTemplate { name contentType url } }"
IMPORT = """
mutation($input: CommitteeImportInput!) {
  committeeImport(input: $input) {
    errors { field code message } succeeded failed { row reason } committees { name regions { code } }
  }
}"""
EXPORT = """
mutation($input: CommitteeExportInput!) {
  committeeExport(input: $input) { errors { field code message } job { id status } }
}"""
JOB = "query($id: ID!) { node(id: $id) { ... on Job { status progress total resultFile { name url } } } }"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(rows: list[list], headers: list[str] = HEADERS) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "评委会"
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


async def send(http, data: bytes, token, name: str = "评委会.xlsx"):
    response = await upload(http, IMPORT, {"input": {"file": None}}, {"input.file": (name, data, XLSX)}, token=token)
    return response.json()


async def download(http, url: str) -> list[list]:
    response = await http.get(url)
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    return [[c if c is not None else "" for c in row] for row in wb["评委会"].iter_rows(values_only=True)]


async def test_template_for_hr_bureaus(http):
    hr = await hr_bureau()
    result = await gql(http, TEMPLATE, token=hr.token)
    template = result["data"]["committeeImportTemplate"]
    assert template["contentType"] == XLSX and template["name"].endswith(".xlsx")
    assert (await download(http, template["url"]))[0] == HEADERS
    await gql(http, TEMPLATE, token=hr.token)
    assert await StoredFile.filter(purpose="committee_template").count() == 1  # same bytes, one row
    assert_unauthenticated(await gql(http, TEMPLATE))
    assert_forbidden(await gql(http, TEMPLATE, token=(await make_person()).token))


async def test_import_creates_good_rows_and_reports_bad_ones(http):
    city = await hr_bureau("340100")
    org = await organizer("340100", name="合肥市工程技术职称评审组建单位")
    rows = [
        ["合肥市工程技术中级评委会", "中评会", "工程技术人员", "初级、中级", "340100", org.unit.name, "", "评审费:300",
         "周源", "0551-62817147", "", ""],
        ["坏系列评委会", "中评会", "不存在的系列", "中级", "340100", "", "", "", "", "", "", ""],
        [],  # empty rows are skipped
        ["合肥市卫生中级评委会", "中评会", "HEALTH", "中级", "340102、340103", "", "", "评审费:200；鉴定费:50.5",
         "", "", "", ""],
        ["越界评委会", "中评会", "工程技术人员", "中级", "340200", "", "", "", "", "", "", ""],
        ["坏金额评委会", "中评会", "工程技术人员", "中级", "340100", "", "", "评审费:-5", "", "", "", ""],
        ["合肥市工程技术中级评委会", "中评会", "工程技术人员", "中级", "340100", "", "", "", "", "", "", ""],
        ["坏层级评委会", "特评会", "工程技术人员", "正高", 340100, "", "", "", "", "", "", ""],
    ]
    result = await send(http, workbook(rows), city.token)
    data = result["data"]["committeeImport"]
    assert data["errors"] == [] and data["succeeded"] == 2
    assert [c["name"] for c in data["committees"]] == ["合肥市工程技术中级评委会", "合肥市卫生中级评委会"]
    assert [f["row"] for f in data["failed"]] == [3, 6, 7, 8, 9]
    reasons = {f["row"]: f["reason"] for f in data["failed"]}
    assert "评审系列“不存在的系列”不存在" in reasons[3]
    assert "属地范围" in reasons[6]
    assert "缴费金额" in reasons[7]
    assert "同名" in reasons[8]
    assert "评委会层级" in reasons[9] and "评审级别" in reasons[9]
    assert await Committee.all().count() == 2
    assert sorted(await CommitteeRegion.all().values_list("region_id", flat=True)) == ["340100", "340102", "340103"]
    assert await CommitteeOrganizer.all().count() == 1


async def test_import_refuses_files_that_are_not_the_template(http):
    hr = await hr_bureau()
    wrong = await send(http, workbook([["x"]], headers=["名称", "其他"]), hr.token)
    assert [e["code"] for e in wrong["data"]["committeeImport"]["errors"]] == ["TEMPLATE_MISMATCH"]
    text = await send(http, b"name,tier\n", hr.token, name="a.xlsx")
    assert [e["code"] for e in text["data"]["committeeImport"]["errors"]] == ["FILE_TYPE_NOT_ALLOWED"]
    assert await Committee.all().count() == 0
    person = await make_person()
    assert_forbidden(await send(http, workbook([]), person.token))
    assert await StoredFile.filter(purpose="committee_import").count() == 0


async def test_export_job_renders_the_search_and_reimports(http, settings):
    hr = await hr_bureau()
    org = await organizer()
    await make_committee(hr.unit, name="合肥市工程中级评委会", regions=("340100",), organizers=(org.unit,))
    await make_committee(hr.unit, name="安徽省卫生高级评委会", series_code="HEALTH", regions=("340000",))
    result = await gql(http, EXPORT, {"input": {"filter": {"regionCode": "340102", "nameContains": "工程"}}},
                       token=hr.token)
    job_id = result["data"]["committeeExport"]["job"]["id"]
    await run_jobs(settings)
    job = (await gql(http, JOB, {"id": job_id}, token=hr.token))["data"]["node"]
    assert job["status"] == "SUCCEEDED" and job["progress"] == job["total"] == 1
    rows = await download(http, job["resultFile"]["url"])
    assert rows[0][:len(HEADERS)] == HEADERS
    assert [r[0] for r in rows[1:]] == ["合肥市工程中级评委会"]
    assert rows[1][4] == "340100(合肥市)" and rows[1][5] == org.unit.name and rows[1][12] == "正常"
    # Idempotent: a second run of the job keeps the one file.
    row = await Job.get(id=(await Job.first()).id)
    await Job.filter(id=row.id).update(status=JobStatus.PENDING, resume_after=0)  # as if delivered again
    assert await run_job({}, row.id) == "SUCCEEDED"
    assert await StoredFile.filter(purpose="committee_export").count() == 1
    # What was exported imports again (here: refused as duplicates, row by row).
    response = await http.get(job["resultFile"]["url"])
    again = (await send(http, response.content, hr.token))["data"]["committeeImport"]
    assert again["succeeded"] == 0 and [f["row"] for f in again["failed"]] == [2]
    assert "同名" in again["failed"][0]["reason"]

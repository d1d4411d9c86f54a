"""批量导入受理机构 (003 §1.3) in two steps: download the template, fill it, import (成功N条，失败M条, each failure
with its row and reason, nothing written), then 提交 (confirm: checked again, all written in one go) or 放弃."""
from __future__ import annotations

import asyncio
import io

import pytest
from openpyxl import Workbook, load_workbook

from models.core.file import StoredFile
from models.core.imports import ImportBatch
from models.determination.acceptance_excel import SHEET
from models.determination.models import AcceptanceBody, AcceptanceBodyStatus
from models.unit.models import Unit, UnitKind, UnitNature
from tests.acceptance_support import (
    ACCEPTANCE_TEMPLATE,
    CANCEL,
    NODE_BATCH,
    XLSX,
    body_input,
    build_world,
    confirm,
    discard,
    download_template,
    fill,
    save,
    send_acceptance,
)
from tests.conftest import on_postgres
from tests.helpers import (
    assert_forbidden,
    assert_unauthenticated,
    assert_unseen,
    gql,
    make_unit,
    payload_errors,
)
from tests.matrix_support import fingerprint

HEFEI, WUHU = "合肥市人力资源和社会保障局", "芜湖市人力资源和社会保障局"
DEPARTMENT_CODE = "11340100003010001X"


def batch_of(result: dict, field: str) -> dict:
    assert not result.get("errors"), result
    payload = result["data"][field]
    assert payload["errors"] == [], payload
    return payload["importBatch"]


async def world_with_codes():
    w = await build_world()
    await Unit.filter(id=w.department.unit.id).update(credit_code=DEPARTMENT_CODE)
    return w


async def test_template_round_trip_reports_rows_and_writes_only_on_confirm(http):
    w = await world_with_codes()
    template, content = await download_template(http, w.city.token, ACCEPTANCE_TEMPLATE)
    assert template["contentType"] == XLSX and template["name"] == "受理机构导入模板.xlsx"
    wb = load_workbook(io.BytesIO(content))
    assert wb.sheetnames == ["受理机构", "填写说明"]
    assert [c.value for c in wb["受理机构"][1]] == list(SHEET.headers)
    assert any("发证机关" in (r[0] or "") for r in wb["填写说明"].iter_rows(values_only=True))
    await download_template(http, w.city.token, ACCEPTANCE_TEMPLATE)
    assert await StoredFile.filter(purpose="acceptance_body_template").count() == 1  # same bytes, one row

    data = fill(content, [
        ["发证机关", HEFEI, "340100", "请携带原件到市人社局办理"],  # 2
        ["主管部门审核", DEPARTMENT_CODE.lower(), 340100, None],  # 3: by credit code; the region typed as a number
        ["单位", HEFEI, "340100", ""],  # 4: not an acceptance node kind
        [None, None, None, None],  # 5: empty rows are skipped
        ["发证机关", HEFEI, "340100", "又一行"],  # 6: row 2 again
        ["发证机关", WUHU, "340200", ""],  # 7: outside the city's region
        ["市人社部门", "不存在的单位", "340100", ""],  # 8
        ["县区人社部门", HEFEI, "34010X", ""],  # 9
        ["主管部门", HEFEI, "340102", "须" * 2001],  # 10: notice too long
        ["市人社部门", "合肥市教育局", "340100", ""],  # 11: a department cannot act for the city bureau
        ["", "", "340100", ""],  # 12: the required cells left empty
    ])
    before = await fingerprint()
    batch = batch_of(await send_acceptance(http, w.city.token, data), "acceptanceBodyImport")
    assert (batch["kind"], batch["status"], batch["level"], batch["evaluationMode"]) == (
        "ACCEPTANCE_BODY", "PENDING", "INTERMEDIATE", "INITIAL_DETERMINATION")
    assert (batch["succeeded"], batch["failed"], batch["finishedAt"]) == (2, 8, None)
    assert batch["rows"] == [{"row": 2, "summary": f"{HEFEI} · 发证机关审核 · 340100"},
                             {"row": 3, "summary": "合肥市教育局 · 主管部门审核 · 340100"}]
    reasons = {f["row"]: f["reason"] for f in batch["failures"]}
    assert sorted(reasons) == [4, 6, 7, 8, 9, 10, 11, 12]
    assert "受理节点类型“单位”不正确" in reasons[4]
    assert "与第2行重复" in reasons[6]
    assert "管辖范围" in reasons[7]
    assert "机构“不存在的单位”不存在" in reasons[8]
    assert "属地代码“34010X”应为6位数字" in reasons[9]
    assert "申报须知不能超过2000个字符" in reasons[10]
    assert "市人社部门审核的受理机构须为人社部门" in reasons[11]
    assert all(p in reasons[12] for p in ("请填写受理节点类型", "请填写机构名称或统一社会信用代码"))
    assert await AcceptanceBody.all().count() == 0  # 导入 writes no acceptance body
    node = await gql(http, NODE_BATCH, {"id": batch["id"]}, token=w.city.token)
    assert node["data"]["node"] == {"id": batch["id"], "status": "PENDING", "succeeded": 2, "failed": 8}

    done = batch_of(await confirm(http, w.city.token, batch["id"]), "importBatchConfirm")
    assert done["status"] == "CONFIRMED" and done["finishedAt"] is not None
    rows = await AcceptanceBody.all().order_by("id").values_list("unit_id", "node_kind", "level", "evaluation_mode",
                                                                   "region_id", "notice", "status")
    assert rows == [(w.city.unit.id, "ISSUER", "INTERMEDIATE", "INITIAL_DETERMINATION", "340100", "请携带原件到市人社局办理",
                     AcceptanceBodyStatus.ACTIVE),
                    (w.department.unit.id, "COMPETENT_DEPARTMENT", "INTERMEDIATE", "INITIAL_DETERMINATION", "340100",
                     "", AcceptanceBodyStatus.ACTIVE)]
    assert await AcceptanceBody.filter(managed_by_id=w.city.unit.id, updated_by_id=w.city.account.id).count() == 2
    assert before != await fingerprint()

    # 提交 twice, or 放弃 after 提交: refused, nothing changes.
    after = await fingerprint()
    twice = payload_errors(await confirm(http, w.city.token, batch["id"]), "importBatchConfirm")
    assert [(e["code"], e["field"]) for e in twice] == [("BATCH_NOT_PENDING", ["importBatchId"])]
    assert "已提交" in twice[0]["message"]
    late = payload_errors(await discard(http, w.city.token, batch["id"]), "importBatchDiscard")
    assert [e["code"] for e in late] == ["BATCH_NOT_PENDING"]
    assert await fingerprint() == after


async def test_discard_writes_nothing(http):
    w = await world_with_codes()
    _, content = await download_template(http, w.city.token, ACCEPTANCE_TEMPLATE)
    batch = batch_of(await send_acceptance(http, w.city.token, fill(content, [["发证机关", HEFEI, "340100", ""]]),
                                           mode="RECOGNITION", level="PRIMARY"), "acceptanceBodyImport")
    assert (batch["level"], batch["evaluationMode"], batch["succeeded"]) == ("PRIMARY", "RECOGNITION", 1)
    dropped = batch_of(await discard(http, w.city.token, batch["id"]), "importBatchDiscard")
    assert dropped["status"] == "DISCARDED" and dropped["finishedAt"] is not None
    assert await AcceptanceBody.all().count() == 0
    refused = payload_errors(await confirm(http, w.city.token, batch["id"]), "importBatchConfirm")
    assert [e["code"] for e in refused] == ["BATCH_NOT_PENDING"] and "已放弃" in refused[0]["message"]
    assert await AcceptanceBody.all().count() == 0


async def test_only_the_importing_account_confirms(http):
    w = await world_with_codes()
    _, content = await download_template(http, w.city.token, ACCEPTANCE_TEMPLATE)
    batch = batch_of(await send_acceptance(http, w.city.token, fill(content, [["发证机关", HEFEI, "340100", ""]])),
                     "acceptanceBodyImport")
    colleague = await make_unit("合肥市人社局第二管理员", kind=UnitKind.HR_BUREAU, region="340100",
                                nature=UnitNature.GOVERNMENT_AGENCY)
    before = await fingerprint()
    for other in (w.province, colleague):  # they cannot see it: as if it did not exist
        for call, field in ((confirm, "importBatchConfirm"), (discard, "importBatchDiscard")):
            errors = payload_errors(await call(http, other.token, batch["id"]), field)
            assert [(e["code"], e["field"]) for e in errors] == [("NOT_FOUND", ["importBatchId"])]
        assert_unseen(await gql(http, NODE_BATCH, {"id": batch["id"]}, token=other.token))
    # A platform admin reads it, but confirms only their own imports.
    assert (await gql(http, NODE_BATCH, {"id": batch["id"]}, token=w.admin.token))["data"]["node"]["status"] == "PENDING"
    assert_forbidden(await confirm(http, w.admin.token, batch["id"]))
    assert_forbidden(await discard(http, w.admin.token, batch["id"]))
    assert_unauthenticated(await confirm(http, None, batch["id"]))
    assert await fingerprint() == before
    assert (await ImportBatch.get()).status == "PENDING" and await AcceptanceBody.all().count() == 0


async def test_a_row_that_stopped_passing_refuses_the_whole_confirmation(http):
    w = await world_with_codes()
    _, content = await download_template(http, w.city.token, ACCEPTANCE_TEMPLATE)
    batch = batch_of(await send_acceptance(http, w.city.token, fill(content, [
        ["发证机关", HEFEI, "340100", ""],
        ["主管部门", DEPARTMENT_CODE, "340100", ""],
    ])), "acceptanceBodyImport")
    assert batch["succeeded"] == 2
    # Meanwhile the province names another competent department for the same node, level and region.
    rival = await make_unit("合肥市卫生健康委员会", kind=UnitKind.COMPETENT_DEPARTMENT, region="340100",
                            nature=UnitNature.GOVERNMENT_AGENCY)
    taken = (await save(http, w.province.token, body_input(rival.unit, kind="COMPETENT_DEPARTMENT")))
    rival_id = taken["data"]["acceptanceBodySave"]["acceptanceBody"]["id"]
    before = await fingerprint()
    errors = payload_errors(await confirm(http, w.city.token, batch["id"]), "importBatchConfirm")
    assert [(e["code"], e["field"]) for e in errors] == [("ROW_NO_LONGER_VALID", ["rows", "3"])]
    assert errors[0]["message"].startswith("第3行：") and "合肥市卫生健康委员会" in errors[0]["message"]
    assert await fingerprint() == before  # row 2 still passes, but nothing is written: all or none
    assert (await ImportBatch.get()).status == "PENDING"

    await gql(http, CANCEL, {"input": {"acceptanceBodyId": rival_id}}, token=w.province.token)
    done = batch_of(await confirm(http, w.city.token, batch["id"]), "importBatchConfirm")
    assert done["status"] == "CONFIRMED"
    assert await AcceptanceBody.filter(status=AcceptanceBodyStatus.ACTIVE).count() == 2


async def test_importing_a_cancelled_body_reactivates_it(http):
    w = await world_with_codes()
    saved = (await save(http, w.city.token, body_input(w.city.unit)))["data"]["acceptanceBodySave"]["acceptanceBody"]
    await gql(http, CANCEL, {"input": {"acceptanceBodyId": saved["id"]}}, token=w.city.token)
    _, content = await download_template(http, w.city.token, ACCEPTANCE_TEMPLATE)
    batch = batch_of(await send_acceptance(http, w.city.token, fill(content, [["发证机关审核", HEFEI, "340100", "恢复"]])),
                     "acceptanceBodyImport")
    assert batch["rows"][0]["summary"].endswith("（恢复已注销的受理机构）")
    batch_of(await confirm(http, w.city.token, batch["id"]), "importBatchConfirm")
    row = await AcceptanceBody.get()
    assert (row.status, row.notice, row.cancelled_at, row.version) == (AcceptanceBodyStatus.ACTIVE, "恢复", None, 2)


def workbook(headers: list[str], rows: list[list]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


async def test_files_and_pages_that_are_refused(http):
    w = await world_with_codes()
    headers = list(SHEET.headers)
    cases = [
        (workbook(["名称", "属地"], [["x", "340100"]]), {}, ("TEMPLATE_MISMATCH", ["file"]), "表头与模板不一致"),
        (b"not a workbook at all", {}, ("FILE_TYPE_NOT_ALLOWED", ["file"]), ""),
        (workbook(headers, []), {}, ("REQUIRED", ["file"]), "没有受理机构数据"),
        (workbook(headers, [["发证机关", HEFEI, "340100", ""]] * 1001), {}, ("TOO_MANY_ROWS", ["file"]), "最多导入1000行"),
        (workbook(headers, [["发证机关", HEFEI, "340100", ""]]), {"mode": "REVIEW"},
         ("INVALID_MODE", ["evaluationMode"]), "取得方式"),
    ]
    before = await fingerprint()
    for data, page, expected, message in cases:
        errors = payload_errors(await send_acceptance(http, w.city.token, data, **page), "acceptanceBodyImport")
        assert [(e["code"], e["field"]) for e in errors] == [expected], errors
        assert message in errors[0]["message"]
    assert_forbidden(await send_acceptance(http, w.employer.token, workbook(headers, [])))
    assert_forbidden(await send_acceptance(http, w.person.token, workbook(headers, [])))
    assert_unauthenticated(await send_acceptance(http, None, workbook(headers, [])))
    assert await fingerprint() == before  # no batch, no body, no stored upload
    # 1000 rows is the most one file may hold.
    many = workbook(headers, [["发证机关", HEFEI, "340100", ""]] * 1000)
    batch = batch_of(await send_acceptance(http, w.city.token, many), "acceptanceBodyImport")
    assert (batch["succeeded"], batch["failed"]) == (1, 999)


@pytest.mark.skipif(not on_postgres(), reason="row locks and concurrent transactions need PostgreSQL")
async def test_ten_confirmations_at_once_write_the_rows_once(http):
    w = await world_with_codes()
    _, content = await download_template(http, w.city.token, ACCEPTANCE_TEMPLATE)
    batch = batch_of(await send_acceptance(http, w.city.token, fill(content, [
        ["发证机关", HEFEI, "340100", ""], ["主管部门", DEPARTMENT_CODE, "340100", ""]])), "acceptanceBodyImport")
    results = await asyncio.gather(*(confirm(http, w.city.token, batch["id"]) for _ in range(10)))
    outcomes = [r["data"]["importBatchConfirm"]["errors"][0]["code"] if r["data"]["importBatchConfirm"]["errors"]
                else "ok" for r in results]
    assert "ok" in outcomes and set(outcomes) <= {"ok", "BATCH_NOT_PENDING", "CONFLICT"}, outcomes
    assert outcomes.count("ok") == 1, outcomes
    assert await AcceptanceBody.all().count() == 2

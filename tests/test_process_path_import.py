"""批量导入审核路径 (职称初定 / 职称认定审核路径配置, 003 §1.4–1.5) in two steps: the template per process type, the
import (each row checked by the rule processPathSet runs, failures with row and reason, nothing written), then
提交 (checked again, all set through set_process_path) or 放弃. A path set this way is deleted as any other."""
from __future__ import annotations

import io

from openpyxl import load_workbook

from models.core.file import StoredFile
from models.core.imports import ImportBatch
from models.unit.models import UnitAdmin
from models.workflow.models import NodeKind, ProcessPath, ProcessType
from models.workflow.path_excel import HEADERS
from models.workflow.process_paths import configured_kinds
from tests.acceptance_support import (
    NODE_BATCH,
    PATH_TEMPLATE,
    XLSX,
    build_world,
    confirm,
    discard,
    download_template,
    fill,
    send_paths,
)
from tests.helpers import (
    assert_forbidden,
    assert_unauthenticated,
    assert_unseen,
    gid,
    gql,
    payload_errors,
)
from tests.matrix_support import fingerprint

SET = """mutation($input: ProcessPathSetInput!) { processPathSet(input: $input) {
  errors { field code message } processPath { id nodeKinds } } }"""
DELETE = """mutation($input: ProcessPathDeleteInput!) { processPathDelete(input: $input) {
  errors { field code message } processPath { id } } }"""
K = NodeKind


def batch_of(result: dict, field: str) -> dict:
    assert not result.get("errors"), result
    payload = result["data"][field]
    assert payload["errors"] == [], payload
    return payload["importBatch"]


async def test_template_round_trip_reports_rows_and_writes_only_on_confirm(http):
    w = await build_world()
    template, content = await download_template(http, w.city.token, PATH_TEMPLATE, {"type": "INITIAL_DETERMINATION"})
    assert template["contentType"] == XLSX and template["name"] == "职称初定审核路径导入模板.xlsx"
    wb = load_workbook(io.BytesIO(content))
    assert wb.sheetnames == ["审核路径", "填写说明"]
    assert tuple(c.value for c in wb["审核路径"][1]) == HEADERS
    guide = "\n".join(r[0] or "" for r in wb["填写说明"].iter_rows(values_only=True))
    assert "职称初定审核路径" in guide and "以发证机关结束" in guide
    accreditation, other = await download_template(http, w.city.token, PATH_TEMPLATE, {"type": "ACCREDITATION"})
    assert accreditation["name"] == "职称认定审核路径导入模板.xlsx" and other != content
    await download_template(http, w.city.token, PATH_TEMPLATE, {"type": "INITIAL_DETERMINATION"})
    assert await StoredFile.filter(purpose="process_path_template").count() == 2  # one per process type

    # A path already set for 合肥 中级 is replaced on confirm.
    await gql(http, SET, {"input": {"processType": "INITIAL_DETERMINATION", "regionCode": "340100",
                                    "level": "INTERMEDIATE", "nodeKinds": ["EMPLOYER", "ISSUER"]}}, token=w.city.token)
    data = fill(content, [
        ["340100", "中级", "单位、主管部门、发证机关"],  # 2
        [340100, "", "单位审核→市人社部门审核→发证机关审核"],  # 3: every level; the region typed as a number
        ["340100", "中级", "用人单位、发证机关"],  # 4: row 2's region and level again
        ["340200", "", "单位、发证机关"],  # 5: another city's region
        ["340100", "高级", "单位、发证机关"],  # 6
        ["340102", "初级", "主管部门、发证机关"],  # 7: not from the employer
        ["340102", "初级", "单位、组建单位、发证机关"],  # 8: a node the process does not hold
        ["340102", "副高级", "单位、评委会"],  # 9
        ["340199", "", "单位、发证机关"],  # 10: inside 合肥 but no such region
        ["340102", "正高级", "单位、主管部门"],  # 11: not ending at the issuer
        ["340102", "正高级", "单位、发证机关、发证机关"],  # 12
        ["", "", ""],  # empty: skipped
        ["", "初级", ""],  # 14
    ])
    batch = batch_of(await send_paths(http, w.city.token, data), "processPathImport")
    assert (batch["kind"], batch["status"], batch["processType"], batch["level"]) == (
        "PROCESS_PATH", "PENDING", "INITIAL_DETERMINATION", None)
    assert (batch["succeeded"], batch["failed"]) == (2, 10)
    assert batch["rows"] == [
        {"row": 2, "summary": "340100 · 中级 · 单位审核→主管部门审核→发证机关审核"},
        {"row": 3, "summary": "340100 · 所有级别 · 单位审核→市人社部门审核→发证机关审核"}]
    reasons = {f["row"]: f["reason"] for f in batch["failures"]}
    assert sorted(reasons) == [4, 5, 6, 7, 8, 9, 10, 11, 12, 14]
    assert "与第2行重复" in reasons[4]
    assert "只能配置本人社部门管辖区域的审核路径" in reasons[5]
    assert "职称级别“高级”不正确" in reasons[6]
    assert "审核路径须从用人单位开始" in reasons[7]
    assert "审核节点“组建单位审核”：该流程的审核路径不能包含此节点" in reasons[8]
    assert "审核节点“评委会”不正确" in reasons[9]
    assert "属地不存在" in reasons[10]
    assert "审核路径须以发证机关结束" in reasons[11]
    assert "审核节点不能重复" in reasons[12]
    assert "请填写属地代码" in reasons[14] and "请填写审核节点" in reasons[14]
    assert await ProcessPath.all().count() == 1  # only the one set before: 导入 writes no path
    assert (await ProcessPath.get()).node_kinds == ["EMPLOYER", "ISSUER"]

    done = batch_of(await confirm(http, w.city.token, batch["id"]), "importBatchConfirm")
    assert done["status"] == "CONFIRMED"
    paths = {(p.level, p.region_id): p for p in await ProcessPath.all()}
    assert sorted(paths) == [("", "340100"), ("INTERMEDIATE", "340100")]
    assert paths[("INTERMEDIATE", "340100")].node_kinds == ["EMPLOYER", "COMPETENT_DEPARTMENT", "ISSUER"]
    assert all(p.updated_by_id == w.city.account.id for p in paths.values())
    assert await configured_kinds(ProcessType.INITIAL_DETERMINATION, "PRIMARY", "340102") == [
        K.EMPLOYER, K.HR_BUREAU_CITY, K.ISSUER]
    assert await configured_kinds(ProcessType.ACCREDITATION, "PRIMARY", "340102") == [
        K.EMPLOYER, K.COMPETENT_DEPARTMENT, K.ISSUER]  # another process: its default

    # 提交 twice is refused; an imported path is deleted like any other (the region above applies again).
    twice = payload_errors(await confirm(http, w.city.token, batch["id"]), "importBatchConfirm")
    assert [(e["code"], e["field"]) for e in twice] == [("BATCH_NOT_PENDING", ["importBatchId"])]
    path_id = gid("ProcessPath", paths[("", "340100")].id)
    deleted = await gql(http, DELETE, {"input": {"processPathId": path_id}}, token=w.city.token)
    assert deleted["data"]["processPathDelete"]["errors"] == []
    assert await configured_kinds(ProcessType.INITIAL_DETERMINATION, "PRIMARY", "340102") == [
        K.EMPLOYER, K.COMPETENT_DEPARTMENT, K.ISSUER]


async def test_discard_writes_nothing_and_others_cannot_touch_a_batch(http):
    w = await build_world()
    _, content = await download_template(http, w.city.token, PATH_TEMPLATE, {"type": "ACCREDITATION"})
    data = fill(content, [["340100", "", "单位、市人社部门、发证机关"]])
    batch = batch_of(await send_paths(http, w.city.token, data, process_type="ACCREDITATION"), "processPathImport")
    assert batch["processType"] == "ACCREDITATION" and batch["succeeded"] == 1
    before = await fingerprint()
    for other in (w.province, w.other_city):
        errors = payload_errors(await confirm(http, other.token, batch["id"]), "importBatchConfirm")
        assert [e["code"] for e in errors] == ["NOT_FOUND"]
        assert_unseen(await gql(http, NODE_BATCH, {"id": batch["id"]}, token=other.token))
    assert_forbidden(await confirm(http, w.admin.token, batch["id"]))
    assert await fingerprint() == before
    dropped = batch_of(await discard(http, w.city.token, batch["id"]), "importBatchDiscard")
    assert dropped["status"] == "DISCARDED"
    assert await ProcessPath.all().count() == 0
    again = payload_errors(await discard(http, w.city.token, batch["id"]), "importBatchDiscard")
    assert [e["code"] for e in again] == ["BATCH_NOT_PENDING"]
    assert await ProcessPath.all().count() == 0


async def test_a_row_that_stopped_passing_refuses_the_whole_confirmation(http):
    w = await build_world()
    _, content = await download_template(http, w.province.token, PATH_TEMPLATE, {"type": "INITIAL_DETERMINATION"})
    data = fill(content, [["340000", "", "单位、省人社部门、发证机关"], ["340100", "中级", "单位、发证机关"]])
    batch = batch_of(await send_paths(http, w.province.token, data), "processPathImport")
    assert batch["succeeded"] == 2
    # The importing admin leaves the provincial bureau for the city's: 340000 is no longer theirs.
    await UnitAdmin.filter(account_id=w.province.account.id).update(unit_id=w.city.unit.id)
    before = await fingerprint()
    errors = payload_errors(await confirm(http, w.province.token, batch["id"]), "importBatchConfirm")
    assert [(e["code"], e["field"]) for e in errors] == [("ROW_NO_LONGER_VALID", ["rows", "2"])]
    assert errors[0]["message"] == "第2行：只能配置本人社部门管辖区域的审核路径"
    assert await fingerprint() == before  # row 3 still passes, but nothing is written
    assert (await ImportBatch.get()).status == "PENDING" and await ProcessPath.all().count() == 0


async def test_pages_and_callers_that_are_refused(http):
    w = await build_world()
    _, content = await download_template(http, w.city.token, PATH_TEMPLATE, {"type": "INITIAL_DETERMINATION"})
    data = fill(content, [["340100", "", "单位、发证机关"]])
    before = await fingerprint()
    errors = payload_errors(await send_paths(http, w.city.token, data, process_type="APPLICATION"), "processPathImport")
    assert [(e["code"], e["field"]) for e in errors] == [("INVALID", ["processType"])]
    template = await gql(http, PATH_TEMPLATE, {"type": "APPLICATION"}, token=w.city.token)
    assert template["errors"][0]["extensions"] == {"code": "INVALID", "field": ["processType"]}
    assert_forbidden(await send_paths(http, w.employer.token, data))
    assert_forbidden(await send_paths(http, w.person.token, data))
    assert_unauthenticated(await send_paths(http, None, data))
    assert_forbidden(await gql(http, PATH_TEMPLATE, {"type": "INITIAL_DETERMINATION"}, token=w.employer.token))
    assert_unauthenticated(await gql(http, PATH_TEMPLATE, {"type": "INITIAL_DETERMINATION"}))
    assert await fingerprint() == before

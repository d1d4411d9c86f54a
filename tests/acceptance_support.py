"""Shared pieces of the acceptance-body (受理机构) and two-step import tests: queries, a world of roles, workbooks."""
from __future__ import annotations

import io
from dataclasses import dataclass

from openpyxl import load_workbook

from models.person.binding import BindingStatus
from models.unit.models import Unit, UnitKind, UnitNature
from tests.helpers import Actor, gid, gql, make_account, make_person, make_unit, upload

ERRORS = "errors { field code message }"
BODY_FIELDS = """id nodeKind nodeLabel level evaluationMode status notice version cancelledAt
  unit { id name } region { code name } managedBy { name }"""
SAVE = f"""mutation($input: AcceptanceBodySaveInput!) {{
  acceptanceBodySave(input: $input) {{ {ERRORS} acceptanceBody {{ {BODY_FIELDS} }} }} }}"""
CANCEL = f"""mutation($input: AcceptanceBodyCancelInput!) {{
  acceptanceBodyCancel(input: $input) {{ {ERRORS} acceptanceBody {{ id status version cancelledAt }} }} }}"""
LIST = f"""query($filter: AcceptanceBodyFilter, $first: Int, $after: String) {{
  acceptanceBodies(filter: $filter, first: $first, after: $after) {{
    totalCount pageInfo {{ hasNextPage endCursor }} nodes {{ {BODY_FIELDS} }} }} }}"""
NOTICES = """query($mode: EvaluationMode!, $level: Level!) {
  acceptanceNotices(evaluationMode: $mode, level: $level) { unitName nodeKind nodeLabel notice region { code } } }"""
NODE_BODY = "query($id: ID!) { node(id: $id) { ... on AcceptanceBody { id status unit { name } } } }"
NODE_BATCH = "query($id: ID!) { node(id: $id) { ... on ImportBatch { id status succeeded failed } } }"
BATCH_FIELDS = """id kind status succeeded failed rows { row summary } failures { row reason } level evaluationMode
  processType createdAt finishedAt"""
ACCEPTANCE_TEMPLATE = "query { acceptanceBodyImportTemplate { name contentType url } }"
PATH_TEMPLATE = """query($type: ProcessType!) {
  processPathImportTemplate(processType: $type) { name contentType url } }"""
ACCEPTANCE_IMPORT = f"""mutation($input: AcceptanceBodyImportInput!) {{
  acceptanceBodyImport(input: $input) {{ {ERRORS} importBatch {{ {BATCH_FIELDS} }} }} }}"""
PATH_IMPORT = f"""mutation($input: ProcessPathImportInput!) {{
  processPathImport(input: $input) {{ {ERRORS} importBatch {{ {BATCH_FIELDS} }} }} }}"""
CONFIRM = f"""mutation($input: ImportBatchActionInput!) {{
  importBatchConfirm(input: $input) {{ {ERRORS} importBatch {{ {BATCH_FIELDS} }} }} }}"""
DISCARD = f"""mutation($input: ImportBatchActionInput!) {{
  importBatchDiscard(input: $input) {{ {ERRORS} importBatch {{ {BATCH_FIELDS} }} }} }}"""
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class World:
    province: Actor  # 安徽省人社厅 (340000)
    city: Actor  # 合肥市人社局 (340100)
    other_city: Actor  # 芜湖市人社局 (340200)
    department: Actor  # 合肥市教育局, a competent department (340100)
    employer: Actor  # an employer in 瑶海区 (340102)
    person: Actor  # bound to the employer
    admin: Actor  # platform admin


async def hr(region: str, name: str) -> Actor:
    return await make_unit(name, kind=UnitKind.HR_BUREAU, region=region, nature=UnitNature.GOVERNMENT_AGENCY)


async def build_world() -> World:
    province = await hr("340000", "安徽省人力资源和社会保障厅")
    city = await hr("340100", "合肥市人力资源和社会保障局")
    other_city = await hr("340200", "芜湖市人力资源和社会保障局")
    department = await make_unit("合肥市教育局", kind=UnitKind.COMPETENT_DEPARTMENT, region="340100",
                                 nature=UnitNature.GOVERNMENT_AGENCY)
    employer = await make_unit("合肥瑶海建设有限公司", region="340102")
    person = await make_person("李四", unit=employer.unit, status=BindingStatus.APPROVED)
    admin = await make_account("平台管理员", platform_admin=True)
    return World(province, city, other_city, department, employer, person, admin)


def body_input(unit: Unit, *, kind: str = "ISSUER", level: str = "INTERMEDIATE", mode: str = "INITIAL_DETERMINATION",
               region: str = "340100", notice: str | None = "请携带原件到市人社局办理", **extra) -> dict:
    return {"unitId": gid("Unit", unit.id), "nodeKind": kind, "level": level, "evaluationMode": mode,
            "regionCode": region, "notice": notice, **extra}


async def save(http, token: str | None, input: dict) -> dict:
    return await gql(http, SAVE, {"input": input}, token=token)


async def send_acceptance(http, token: str | None, data: bytes, *, level: str = "INTERMEDIATE",
                          mode: str = "INITIAL_DETERMINATION") -> dict:
    response = await upload(http, ACCEPTANCE_IMPORT, {"input": {"level": level, "evaluationMode": mode, "file": None}},
                            {"input.file": ("受理机构.xlsx", data, XLSX)}, token=token)
    assert response.status_code == 200, response.text
    return response.json()


async def send_paths(http, token: str | None, data: bytes, *, process_type: str = "INITIAL_DETERMINATION") -> dict:
    response = await upload(http, PATH_IMPORT, {"input": {"processType": process_type, "file": None}},
                            {"input.file": ("审核路径.xlsx", data, XLSX)}, token=token)
    assert response.status_code == 200, response.text
    return response.json()


async def confirm(http, token: str | None, batch_id: str) -> dict:
    return await gql(http, CONFIRM, {"input": {"importBatchId": batch_id}}, token=token)


async def discard(http, token: str | None, batch_id: str) -> dict:
    return await gql(http, DISCARD, {"input": {"importBatchId": batch_id}}, token=token)


async def download_template(http, token: str, query: str, variables: dict | None = None) -> tuple[dict, bytes]:
    result = await gql(http, query, variables, token=token)
    assert not result.get("errors"), result
    template = next(iter(result["data"].values()))
    response = await http.get(template["url"])
    assert response.status_code == 200
    return template, response.content


def fill(template: bytes, rows: list[list]) -> bytes:
    """The downloaded template with ``rows`` appended under its header, as a person would fill it in."""
    wb = load_workbook(io.BytesIO(template))
    ws = wb.worksheets[0]
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()

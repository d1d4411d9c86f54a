"""受理机构 (003 §1.3): save (新增 / 修改), cancel (注销), re-adding a cancelled one, refused input that changes
nothing, the search, the 申报须知 a person reads, and the lookup path resolution uses (nearest region up)."""
from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import pytest

from models.certificate.models import IssuerCode
from models.determination.acceptance import acceptance_for
from models.determination.models import AcceptanceBody
from models.unit.models import Unit, UnitKind, UnitNature
from tests.acceptance_support import (
    CANCEL,
    LIST,
    NOTICES,
    World,
    body_input,
    build_world,
    hr,
    save,
)
from tests.conftest import on_postgres
from tests.helpers import (
    assert_forbidden,
    assert_unauthenticated,
    gid,
    gql,
    make_person,
    make_unit,
    payload_errors,
)
from tests.matrix_support import fingerprint


def body_of(result: dict) -> dict:
    assert not result.get("errors"), result
    payload = result["data"]["acceptanceBodySave"]
    assert payload["errors"] == [], payload
    return payload["acceptanceBody"]


async def test_save_edit_cancel_and_reactivate(http):
    w = await build_world()
    created = body_of(await save(http, w.city.token, body_input(w.city.unit)))
    assert created["status"] == "ACTIVE" and created["version"] == 0 and created["cancelledAt"] is None
    assert created["nodeKind"] == "ISSUER" and created["nodeLabel"] == "发证机关审核"
    assert created["unit"]["name"] == "合肥市人力资源和社会保障局" and created["region"]["code"] == "340100"
    assert created["managedBy"]["name"] == "合肥市人力资源和社会保障局"

    edit = body_input(w.city.unit, notice="新的申报须知", acceptanceBodyId=created["id"], version=0)
    edited = body_of(await save(http, w.city.token, edit))
    assert (edited["id"], edited["notice"], edited["version"]) == (created["id"], "新的申报须知", 1)
    stale = await save(http, w.city.token, {**edit, "notice": "过时的修改"})
    assert [(e["code"], e["field"]) for e in payload_errors(stale, "acceptanceBodySave")] == [("CONFLICT", ["version"])]
    unversioned = await save(http, w.city.token, {**edit, "version": None})
    assert [(e["code"], e["field"]) for e in payload_errors(unversioned, "acceptanceBodySave")] == [
        ("REQUIRED", ["version"])]
    assert (await AcceptanceBody.get()).notice == "新的申报须知"  # the refused edits changed nothing

    cancel = {"input": {"acceptanceBodyId": created["id"]}}
    cancelled = (await gql(http, CANCEL, cancel, token=w.city.token))["data"]["acceptanceBodyCancel"]
    assert cancelled["errors"] == [] and cancelled["acceptanceBody"]["status"] == "CANCELLED"
    assert cancelled["acceptanceBody"]["cancelledAt"] is not None and cancelled["acceptanceBody"]["version"] == 2
    again = await gql(http, CANCEL, cancel, token=w.city.token)
    assert [e["code"] for e in payload_errors(again, "acceptanceBodyCancel")] == ["ALREADY_CANCELLED"]
    closed = await save(http, w.city.token, {**edit, "version": 2})
    assert [(e["code"], e["field"]) for e in payload_errors(closed, "acceptanceBodySave")] == [
        ("BODY_CANCELLED", ["acceptanceBodyId"])]
    assert await acceptance_for("INITIAL_DETERMINATION", "INTERMEDIATE", "ISSUER", "340102") is None

    # 新增 the same combination again: the cancelled row comes back (one row per combination).
    back = body_of(await save(http, w.city.token, body_input(w.city.unit, notice="恢复后的须知")))
    assert back["id"] == created["id"] and back["status"] == "ACTIVE" and back["cancelledAt"] is None
    assert back["notice"] == "恢复后的须知" and back["version"] == 3
    assert await AcceptanceBody.all().count() == 1
    found = await acceptance_for("INITIAL_DETERMINATION", "INTERMEDIATE", "ISSUER", "340102")
    assert found is not None and found.unit_id == w.city.unit.id


async def test_one_active_unit_per_node_kind_and_region(http):
    w = await build_world()
    body_of(await save(http, w.city.token, body_input(w.city.unit)))
    same = await save(http, w.province.token, body_input(w.city.unit))
    assert [(e["code"], e["field"]) for e in payload_errors(same, "acceptanceBodySave")] == [
        ("ACCEPTANCE_BODY_EXISTS", ["unitId"])]
    other = await save(http, w.province.token, body_input(w.department.unit))
    errors = payload_errors(other, "acceptanceBodySave")
    assert [(e["code"], e["field"]) for e in errors] == [("NODE_TAKEN", ["nodeKind"])]
    assert "合肥市人力资源和社会保障局" in errors[0]["message"]
    # Another level, another mode, another region: each its own combination.
    body_of(await save(http, w.province.token, body_input(w.department.unit, level="PRIMARY")))
    body_of(await save(http, w.province.token, body_input(w.department.unit, mode="RECOGNITION")))
    body_of(await save(http, w.province.token, body_input(w.province.unit, region="340000")))
    assert await AcceptanceBody.all().count() == 4


async def test_an_issuer_is_a_unit_with_an_issuer_code_or_an_hr_bureau_or_department(http):
    w = await build_world()
    refused = await save(http, w.city.token, body_input(w.employer.unit))
    assert [e["code"] for e in payload_errors(refused, "acceptanceBodySave")] == ["UNIT_KIND_MISMATCH"]
    await IssuerCode.create(unit_id=w.employer.unit.id, active_unit_id=w.employer.unit.id, province="34", code="0007")
    body = body_of(await save(http, w.city.token, body_input(w.employer.unit)))
    assert body["unit"]["name"] == "合肥瑶海建设有限公司"
    # Only at the issuer node: a competent-department node wants a competent department.
    kind = await save(http, w.city.token, body_input(w.employer.unit, kind="COMPETENT_DEPARTMENT"))
    assert [e["code"] for e in payload_errors(kind, "acceptanceBodySave")] == ["UNIT_KIND_MISMATCH"]
    body_of(await save(http, w.city.token, body_input(w.department.unit, kind="COMPETENT_DEPARTMENT")))
    body_of(await save(http, w.city.token, body_input(w.city.unit, kind="HR_BUREAU_CITY")))


@dataclass
class Bad:
    name: str
    change: dict  # over body_input(city bureau)
    expected: list[tuple[str, list[str] | None]]
    unit: str = "city"  # which unit of the table's world the input names
    edit: bool = False  # edits the body the world holds instead of adding one
    extra: dict = field(default_factory=dict)


BAD = [
    Bad("employer node kind", {"nodeKind": "EMPLOYER"}, [("INVALID_NODE_KIND", ["nodeKind"])]),
    Bad("review mode", {"evaluationMode": "REVIEW"}, [("INVALID_MODE", ["evaluationMode"])]),
    Bad("commissioned mode and employer node", {"evaluationMode": "COMMISSIONED_REVIEW", "nodeKind": "ORGANIZER"},
        [("INVALID_NODE_KIND", ["nodeKind"]), ("INVALID_MODE", ["evaluationMode"])]),
    Bad("notice too long", {"notice": "须" * 2001}, [("TOO_LONG", ["notice"])]),
    Bad("region outside the bureau", {"regionCode": "340200"}, [("OUT_OF_REGION", ["regionCode"])]),
    Bad("region that does not exist", {"regionCode": "349999"}, [("NOT_FOUND", ["regionCode"])]),
    Bad("region of the wrong shape", {"regionCode": "34010"}, [("INVALID_INPUT", ["regionCode"])]),
    Bad("unit missing", {"unitId": gid("Unit", 987654)}, [("NOT_FOUND", ["unitId"])]),
    Bad("unit id of another type", {"unitId": gid("Person", 1)}, [("INVALID_ID", ["unitId"])]),
    Bad("unit id blank", {"unitId": ""}, [("REQUIRED", ["unitId"])]),
    Bad("employer as issuer", {}, [("UNIT_KIND_MISMATCH", ["unitId"])], unit="employer"),
    Bad("department as city bureau", {"nodeKind": "HR_BUREAU_CITY"}, [("UNIT_KIND_MISMATCH", ["unitId"])],
        unit="department"),
    Bad("bureau as competent department", {"nodeKind": "COMPETENT_DEPARTMENT"},
        [("UNIT_KIND_MISMATCH", ["unitId"])]),
    Bad("unit no longer registered", {}, [("UNIT_NOT_ACTIVE", ["unitId"])], unit="closed"),
    Bad("unit of another province", {}, [("UNIT_OUT_OF_PROVINCE", ["unitId"])], unit="sichuan"),
    Bad("several at once", {"notice": "须" * 2001, "regionCode": "340200"},
        [("TOO_LONG", ["notice"])]),  # the form's own checks first, then the lookups
    Bad("edit with a stale version", {}, [("CONFLICT", ["version"])], edit=True, extra={"version": 7}),
    Bad("edit into another bureau's region", {"regionCode": "340202"}, [("OUT_OF_REGION", ["regionCode"])],
        edit=True, extra={"version": 0}),
    Bad("edit of a body that does not exist", {}, [("NOT_FOUND", ["acceptanceBodyId"])], edit=True,
        extra={"version": 0, "acceptanceBodyId": gid("AcceptanceBody", 987654)}),
    Bad("edit with an id of another type", {}, [("INVALID_ID", ["acceptanceBodyId"])], edit=True,
        extra={"version": 0, "acceptanceBodyId": gid("Unit", 1)}),
]


@pytest.mark.parametrize("case", BAD, ids=[c.name for c in BAD])
async def test_bad_input_is_refused_and_changes_nothing(http, case: Bad):
    w = await build_world()
    closed = await make_unit("已注销的人社局", kind=UnitKind.HR_BUREAU, region="340100",
                             nature=UnitNature.GOVERNMENT_AGENCY)
    await Unit.filter(id=closed.unit.id).update(registration_status="注销")
    sichuan = await hr("510000", "四川省人力资源和社会保障厅")
    held = body_of(await save(http, w.city.token, body_input(w.city.unit, kind="HR_BUREAU_CITY")))
    units = {"city": w.city.unit, "employer": w.employer.unit, "department": w.department.unit,
             "closed": closed.unit, "sichuan": sichuan.unit}
    input = {**body_input(units[case.unit]), **case.change}
    if case.edit:
        input = {**body_input(w.city.unit, kind="HR_BUREAU_CITY"), **case.change, "acceptanceBodyId": held["id"],
                 **case.extra}
    before = await fingerprint()
    errors = payload_errors(await save(http, w.city.token, input), "acceptanceBodySave")
    assert [(e["code"], e["field"]) for e in errors] == case.expected, errors
    assert all(e["message"] for e in errors)
    assert await fingerprint() == before


async def test_only_keepers_of_the_region_save_and_cancel(http):
    w = await build_world()
    held = body_of(await save(http, w.city.token, body_input(w.city.unit)))
    assert_forbidden(await save(http, w.other_city.token, {**body_input(w.city.unit, level="PRIMARY"),
                                                           "acceptanceBodyId": held["id"], "version": 0}))
    assert_forbidden(await gql(http, CANCEL, {"input": {"acceptanceBodyId": held["id"]}}, token=w.other_city.token))
    assert_forbidden(await save(http, w.employer.token, body_input(w.city.unit, level="PRIMARY")))
    assert_unauthenticated(await save(http, None, body_input(w.city.unit, level="PRIMARY")))
    # The province covers the city's region: it may edit the city's body.
    edited = body_of(await save(http, w.province.token, {**body_input(w.city.unit, notice="省厅修改"),
                                                         "acceptanceBodyId": held["id"], "version": 0}))
    assert edited["notice"] == "省厅修改" and edited["managedBy"]["name"] == "合肥市人力资源和社会保障局"


async def test_search_by_every_filter_within_the_region(http):
    w = await build_world()
    await save(http, w.city.token, body_input(w.city.unit))
    await save(http, w.city.token, body_input(w.department.unit, kind="COMPETENT_DEPARTMENT", level="PRIMARY"))
    await save(http, w.other_city.token, body_input(w.other_city.unit, region="340200", mode="RECOGNITION"))
    cancelled = body_of(await save(http, w.province.token, body_input(w.province.unit, region="340000")))
    await gql(http, CANCEL, {"input": {"acceptanceBodyId": cancelled["id"]}}, token=w.province.token)

    async def names(token, filter=None):
        result = await gql(http, LIST, {"filter": filter, "first": 20}, token=token)
        assert not result.get("errors"), result
        data = result["data"]["acceptanceBodies"]
        assert data["totalCount"] == len(data["nodes"])
        return sorted((n["unit"]["name"], n["region"]["code"]) for n in data["nodes"])

    hefei, wuhu = "合肥市人力资源和社会保障局", "芜湖市人力资源和社会保障局"
    assert await names(w.city.token) == sorted([("合肥市教育局", "340100"), (hefei, "340100")])
    assert await names(w.other_city.token) == [(wuhu, "340200")]
    assert len(await names(w.province.token)) == 4 and len(await names(w.admin.token)) == 4
    p = w.province.token
    assert await names(p, {"level": "PRIMARY"}) == [("合肥市教育局", "340100")]
    assert await names(p, {"evaluationMode": "RECOGNITION"}) == [(wuhu, "340200")]
    assert await names(p, {"nodeKind": "COMPETENT_DEPARTMENT"}) == [("合肥市教育局", "340100")]
    assert await names(p, {"regionCode": "340200"}) == [(wuhu, "340200")]
    assert await names(p, {"status": "CANCELLED"}) == [("安徽省人力资源和社会保障厅", "340000")]
    assert await names(p, {"name": "教育"}) == [("合肥市教育局", "340100")]
    assert_forbidden(await gql(http, LIST, {"first": 5}, token=w.employer.token))
    assert_forbidden(await gql(http, LIST, {"first": 5}, token=w.person.token))
    assert_unauthenticated(await gql(http, LIST, {"first": 5}))


async def test_lookup_takes_the_nearest_region_up_the_chain(http):
    w = await build_world()
    await save(http, w.province.token, body_input(w.province.unit, region="340000", notice="省级须知"))
    city = body_of(await save(http, w.city.token, body_input(w.city.unit, notice="市级须知")))
    await save(http, w.city.token, body_input(w.department.unit, kind="COMPETENT_DEPARTMENT", notice="主管部门须知"))

    async def issuer(region: str, level: str = "INTERMEDIATE", mode: str = "INITIAL_DETERMINATION"):
        body = await acceptance_for(mode, level, "ISSUER", region)
        return body and (await Unit.get(id=body.unit_id)).name

    assert await issuer("340102") == "合肥市人力资源和社会保障局"  # the district's city before the province
    assert await issuer("340100") == "合肥市人力资源和社会保障局"
    assert await issuer("340202") == "安徽省人力资源和社会保障厅"  # 芜湖 has none: the province's
    assert await issuer("340000") == "安徽省人力资源和社会保障厅"
    assert await issuer("340102", level="SENIOR") is None
    assert await issuer("340102", mode="RECOGNITION") is None
    assert await issuer("510100") is None
    await gql(http, CANCEL, {"input": {"acceptanceBodyId": city["id"]}}, token=w.city.token)
    assert await issuer("340102") == "安徽省人力资源和社会保障厅"

    # 申报须知 for the person of the 瑶海区 employer: the department, then the issuer (now the province's).
    result = await gql(http, NOTICES, {"mode": "INITIAL_DETERMINATION", "level": "INTERMEDIATE"}, token=w.person.token)
    assert not result.get("errors"), result
    assert [(n["nodeKind"], n["unitName"], n["notice"], n["region"]["code"])
            for n in result["data"]["acceptanceNotices"]] == [
        ("COMPETENT_DEPARTMENT", "合肥市教育局", "主管部门须知", "340100"),
        ("ISSUER", "安徽省人力资源和社会保障厅", "省级须知", "340000")]
    none = await gql(http, NOTICES, {"mode": "RECOGNITION", "level": "INTERMEDIATE"}, token=w.person.token)
    assert none == {"data": {"acceptanceNotices": []}}


async def test_notices_need_a_person_with_a_unit_and_a_determination_mode(http):
    w: World = await build_world()
    loose = await make_person("王五")
    result = await gql(http, NOTICES, {"mode": "INITIAL_DETERMINATION", "level": "PRIMARY"}, token=loose.token)
    assert result["errors"][0]["extensions"]["code"] == "NO_UNIT" and result["data"] is None
    review = await gql(http, NOTICES, {"mode": "REVIEW", "level": "PRIMARY"}, token=w.person.token)
    assert review["errors"][0]["extensions"] == {"code": "INVALID_MODE", "field": ["evaluationMode"]}
    assert_forbidden(await gql(http, NOTICES, {"mode": "RECOGNITION", "level": "PRIMARY"}, token=w.city.token))
    assert_unauthenticated(await gql(http, NOTICES, {"mode": "RECOGNITION", "level": "PRIMARY"}))


def outcome(result: dict, name: str) -> str:
    assert not result.get("errors"), result
    errors = result["data"][name]["errors"]
    return errors[0]["code"] if errors else "ok"


@pytest.mark.skipif(not on_postgres(), reason="row locks and concurrent transactions need PostgreSQL")
async def test_ten_bureaus_take_one_node_at_once_and_one_wins(http):
    w = await build_world()
    departments = [(await make_unit(f"合肥市主管部门{i}", kind=UnitKind.COMPETENT_DEPARTMENT, region="340100",
                                    nature=UnitNature.GOVERNMENT_AGENCY)).unit for i in range(10)]
    results = await asyncio.gather(*(save(http, w.city.token, body_input(d, kind="COMPETENT_DEPARTMENT"))
                                     for d in departments))
    outcomes = [outcome(r, "acceptanceBodySave") for r in results]
    assert sorted(set(outcomes)) == ["NODE_TAKEN", "ok"] and outcomes.count("ok") == 1, outcomes
    assert await AcceptanceBody.all().count() == 1

"""Who may reach acceptance bodies (models/access/acceptance_body.py) and import batches
(models/access/import_batch.py): one parametrized case per operation × role, refusals included, and a list
whose SQL stays flat as it grows.

The world: a 受理机构 of 合肥 (340100, the city bureau as issuer) and a pending import batch the city bureau's
admin made. Roles: the provincial bureau (covers 合肥), the city bureau, 芜湖's bureau (another city), an
employer's admin, a person, anonymous, a platform admin. A refused cell leaves the database and Redis as the
world was built (``fingerprint``); a cell that goes through changes it (and spoils the world for the next)."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from models.determination.models import AcceptanceBody
from models.region.models import Region
from models.unit.models import UnitKind, UnitNature
from tests.acceptance_support import (
    ACCEPTANCE_TEMPLATE,
    CANCEL,
    LIST,
    NODE_BATCH,
    NODE_BODY,
    NOTICES,
    PATH_TEMPLATE,
    body_input,
    build_world,
    confirm,
    discard,
    fill,
    save,
    send_acceptance,
    send_paths,
)
from tests.helpers import (
    assert_forbidden,
    assert_unauthenticated,
    assert_unseen,
    count_sql,
    gql,
    make_unit,
    payload_errors,
)
from tests.matrix_support import SharedWorld, fingerprint

ROLES = ["province_hr", "city_hr", "other_city_hr", "unit", "person", "anonymous", "platform_admin"]
KEEPERS = {"province_hr", "city_hr", "other_city_hr", "platform_admin"}
COVERING = {"province_hr", "city_hr", "platform_admin"}  # 340100 is theirs
# Outcome per operation: role → "ok" (goes through / sees it), a payload code, FORBIDDEN, UNAUTHENTICATED, or
# "unseen" (node(id) answers null) / "empty" (the list holds none of it).
REFUSED = {"unit": "FORBIDDEN", "person": "FORBIDDEN", "anonymous": "UNAUTHENTICATED"}
OUTCOMES = {
    "list": {**REFUSED, "province_hr": "ok", "city_hr": "ok", "other_city_hr": "empty", "platform_admin": "ok"},
    "node_body": {r: "ok" if r in COVERING else "unseen" for r in ROLES},
    "save_new": {**REFUSED, "province_hr": "ok", "city_hr": "ok", "other_city_hr": "OUT_OF_REGION",
                 "platform_admin": "ok"},
    "edit": {**REFUSED, "province_hr": "ok", "city_hr": "ok", "other_city_hr": "FORBIDDEN", "platform_admin": "ok"},
    "cancel": {**REFUSED, "province_hr": "ok", "city_hr": "ok", "other_city_hr": "FORBIDDEN", "platform_admin": "ok"},
    "notices": {**{r: "FORBIDDEN" for r in ROLES}, "person": "ok", "anonymous": "UNAUTHENTICATED"},
    "acceptance_template": {**REFUSED, **{r: "ok" for r in KEEPERS}},
    "path_template": {**REFUSED, **{r: "ok" for r in KEEPERS}},
    "acceptance_import": {**REFUSED, **{r: "ok" for r in KEEPERS}},
    "path_import": {**REFUSED, **{r: "ok" for r in KEEPERS}},
    "node_batch": {r: "ok" if r in ("city_hr", "platform_admin") else "unseen" for r in ROLES},
    "confirm": {**{r: "NOT_FOUND" for r in ROLES}, "city_hr": "ok", "platform_admin": "FORBIDDEN",
                "anonymous": "UNAUTHENTICATED"},
    "discard": {**{r: "NOT_FOUND" for r in ROLES}, "city_hr": "ok", "platform_admin": "FORBIDDEN",
                "anonymous": "UNAUTHENTICATED"},
}
CELLS = [(op, role) for op in OUTCOMES for role in ROLES]


@dataclass
class World:
    tokens: dict
    units: dict  # role → its Unit row
    body_id: str
    batch_id: str
    template: bytes  # the acceptance template, filled by the import cells
    path_template: bytes


shared = SharedWorld("op")


@pytest.fixture(autouse=True)
async def clean(request):
    async for _ in shared.clean(request):
        yield


def builder(http):
    async def build() -> World:
        w = await build_world()
        body = (await save(http, w.city.token, body_input(w.city.unit)))["data"]["acceptanceBodySave"]
        template = await gql(http, ACCEPTANCE_TEMPLATE, token=w.city.token)
        content = (await http.get(template["data"]["acceptanceBodyImportTemplate"]["url"])).content
        paths = await gql(http, PATH_TEMPLATE, {"type": "INITIAL_DETERMINATION"}, token=w.city.token)
        path_content = (await http.get(paths["data"]["processPathImportTemplate"]["url"])).content
        batch = await send_acceptance(http, w.city.token, fill(content, [["主管部门", "合肥市教育局", "340100", ""]]))
        tokens = {"province_hr": w.province.token, "city_hr": w.city.token, "other_city_hr": w.other_city.token,
                  "unit": w.employer.token, "person": w.person.token, "anonymous": None, "platform_admin": w.admin.token}
        units = {"city_hr": w.city.unit, "department": w.department.unit}
        return World(tokens, units, body["acceptanceBody"]["id"],
                     batch["data"]["acceptanceBodyImport"]["importBatch"]["id"], content, path_content)

    return build


async def run(http, world: World, op: str, token: str | None) -> tuple[dict, str]:
    """The operation's response and the root field it answers under."""
    city = world.units["city_hr"]
    if op == "list":
        return await gql(http, LIST, {"first": 10}, token=token), "acceptanceBodies"
    if op == "node_body":
        return await gql(http, NODE_BODY, {"id": world.body_id}, token=token), "node"
    if op == "save_new":
        return await save(http, token, body_input(city, level="PRIMARY")), "acceptanceBodySave"
    if op == "edit":
        edit = {**body_input(city, notice="修改"), "acceptanceBodyId": world.body_id, "version": 0}
        return await save(http, token, edit), "acceptanceBodySave"
    if op == "cancel":
        return await gql(http, CANCEL, {"input": {"acceptanceBodyId": world.body_id}}, token=token), \
            "acceptanceBodyCancel"
    if op == "notices":
        return await gql(http, NOTICES, {"mode": "INITIAL_DETERMINATION", "level": "INTERMEDIATE"}, token=token), \
            "acceptanceNotices"
    if op == "acceptance_template":
        return await gql(http, ACCEPTANCE_TEMPLATE, token=token), "acceptanceBodyImportTemplate"
    if op == "path_template":
        return await gql(http, PATH_TEMPLATE, {"type": "ACCREDITATION"}, token=token), "processPathImportTemplate"
    if op == "acceptance_import":
        data = fill(world.template, [["发证机关", "合肥市人力资源和社会保障局", "340100", ""]])
        return await send_acceptance(http, token, data, level="PRIMARY"), "acceptanceBodyImport"
    if op == "path_import":
        data = fill(world.path_template, [["340100", "", "单位、发证机关"]])
        return await send_paths(http, token, data), "processPathImport"
    if op == "node_batch":
        return await gql(http, NODE_BATCH, {"id": world.batch_id}, token=token), "node"
    if op == "confirm":
        return await confirm(http, token, world.batch_id), "importBatchConfirm"
    assert op == "discard"
    return await discard(http, token, world.batch_id), "importBatchDiscard"


def test_matrix_is_complete():
    assert all(set(outcomes) == set(ROLES) for outcomes in OUTCOMES.values())


@pytest.mark.parametrize(("op", "role"), CELLS, ids=[f"{op}-{role}" for op, role in CELLS])
async def test_permissions(http, op: str, role: str):
    async with shared.use(builder(http)) as world:
        expected = OUTCOMES[op][role]
        result, field = await run(http, world, op, world.tokens[role])
        if expected == "FORBIDDEN":
            assert_forbidden(result)
        elif expected == "UNAUTHENTICATED":
            assert_unauthenticated(result)
        elif expected == "unseen":
            assert_unseen(result)
        elif expected == "empty":
            assert result == {"data": {"acceptanceBodies": {"totalCount": 0, "pageInfo": {
                "hasNextPage": False, "endCursor": None}, "nodes": []}}}
        elif expected != "ok":  # a payload refusal
            assert [e["code"] for e in payload_errors(result, field)] == [expected], result
        else:
            assert not result.get("errors"), result
            data = result["data"][field]
            if isinstance(data, dict) and "errors" in data:
                assert data["errors"] == [], data
            if op == "list":
                assert [n["id"] for n in data["nodes"]] == [world.body_id]
            elif op in ("node_body", "node_batch"):
                assert data["id"] in (world.body_id, world.batch_id)
            elif op == "notices":
                assert [n["unitName"] for n in data] == ["合肥市人力资源和社会保障局"]
            elif op in ("acceptance_import", "path_import"):
                batch = data["importBatch"]
                # A bureau may import anything; the rows outside its region fail (芜湖 for 合肥's rows).
                assert (batch["succeeded"], batch["failed"]) == ((0, 1) if role == "other_city_hr" else (1, 0))
        if expected in ("ok", "empty") and op not in ("list", "node_body", "node_batch", "notices"):
            shared.spoil()  # it went through: it wrote
        else:
            assert await fingerprint() == shared.built, "a refused or read-only cell changed the world"


async def test_the_list_stays_flat_from_3_to_30_rows(http):
    w = await build_world()
    counties = await Region.filter(parent_code="340100").order_by("code").values_list("code", flat=True)
    combos = [(region, level, kind) for region in ["340100", *counties]
              for level in ("PRIMARY", "INTERMEDIATE", "ASSOCIATE_SENIOR", "SENIOR")
              for kind in ("ISSUER", "COMPETENT_DEPARTMENT")]
    issuers = [(await make_unit(f"合肥发证机构{i}", kind=UnitKind.HR_BUREAU, region="340100",
                                nature=UnitNature.GOVERNMENT_AGENCY)).unit for i in range(30)]

    async def add(n: int) -> None:
        start = await AcceptanceBody.all().count()
        for i in range(start, n):
            region, level, kind = combos[i]
            unit = issuers[i] if kind == "ISSUER" else w.department.unit
            await AcceptanceBody.create(unit=unit, node_kind=kind, level=level, evaluation_mode="INITIAL_DETERMINATION",
                                        region_id=region, managed_by_id=w.city.unit.id, notice="须知")

    async def statements() -> int:
        with count_sql() as sql:
            result = await gql(http, LIST, {"first": 50}, token=w.city.token)
        assert not result.get("errors"), result
        return len(sql), len(result["data"]["acceptanceBodies"]["nodes"])

    await add(3)
    small, rows = await statements()
    assert rows == 3
    await add(30)
    large, rows = await statements()
    assert rows == 30 and large == small, (small, large)  # 30 distinct units: the unit loader batches them

"""Who may reach issued certificates and the issuing operations (issue 8 §7b): one parametrized case per role and
operation, refusals included, through root fields, node(id) and the holder's list. A refused mutation changes
nothing (the shared world's fingerprint is checked after every cell)."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from models.certificate.models import Certificate
from models.person.models import Person
from tests.certificate_support import ISSUABLE, ISSUE, MINE, NODE, filed_scheme, give_photos, make_issuer
from tests.evaluation_support import Scene
from tests.helpers import gid, gql, make_account, run_jobs, token_for
from tests.matrix_support import SharedWorld

ROLES = ["holder", "other_person", "employer", "organizer", "city_hr", "other_province_hr", "issuer",
         "platform_admin", "anonymous"]
NODE_READERS = {"holder", "city_hr", "issuer", "platform_admin"}
ISSUERS = {"issuer", "platform_admin"}


@dataclass
class World:
    tokens: dict
    certificate: Certificate
    waiting_participant: str


shared = SharedWorld("operation")


@pytest.fixture(autouse=True)
async def clean(request):
    async for _ in shared.clean(request):
        yield


def builder(http, settings):
    async def build() -> World:
        scene = await Scene().build()
        _, participants = await filed_scheme(http, scene, passed=2)
        await make_issuer(http, scene)
        await give_photos(scene)
        issued = await gql(http, ISSUE, {"input": {"issuerUnitId": gid("Unit", scene.province.unit.id),
                                                   "category": "01", "participantIds": [participants[0]]}},
                           token=scene.province.token)
        assert issued["data"]["certificateIssue"]["errors"] == []
        await run_jobs(settings)
        holders = [await Person.get(id=a.person_id) for a in scene.apps[:2]]
        admin = await make_account("平台管理员", platform_admin=True)
        tokens = {"holder": token_for(holders[0].account_id), "other_person": token_for(holders[1].account_id),
                  "employer": scene.employer.token, "organizer": scene.organizer.token, "city_hr": scene.city.token,
                  "other_province_hr": scene.other_province.token, "issuer": scene.province.token,
                  "platform_admin": admin.token, "anonymous": None, "issuer_unit": gid("Unit", scene.province.unit.id)}
        return World(tokens, await Certificate.get(), participants[1])
    return build


def refused_code(result: dict) -> str:
    return result["errors"][0]["extensions"]["code"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", ["node", "my_certificates", "issuable_results", "certificate_issue"])
async def test_certificate_matrix(http, settings, operation, role):
    async with shared.use(builder(http, settings)) as w:
        token = w.tokens[role]
        if operation == "node":
            node = (await gql(http, NODE, {"id": gid("Certificate", w.certificate.id)}, token=token))["data"]["node"]
            assert (node is not None and node["number"] == w.certificate.number) == (role in NODE_READERS)
            if node is not None:
                assert node["idNumber"] == w.certificate.id_number and node["document"]["url"]
        elif operation == "my_certificates":
            result = await gql(http, MINE, token=token)
            if role in ("holder", "other_person"):
                mine = result["data"]["myCertificates"]
                assert [n["number"] for n in mine["nodes"]] == ([w.certificate.number] if role == "holder" else [])
            else:
                assert refused_code(result) == ("UNAUTHENTICATED" if role == "anonymous" else "FORBIDDEN")
        elif operation == "issuable_results":
            result = await gql(http, ISSUABLE, {"unitId": w.tokens["issuer_unit"]}, token=token)
            if role in ISSUERS:
                assert result["data"]["issuableResults"]["totalCount"] == 1
            else:
                assert refused_code(result) == ("UNAUTHENTICATED" if role == "anonymous" else "FORBIDDEN")
        else:
            result = await gql(http, ISSUE, {"input": {"issuerUnitId": w.tokens["issuer_unit"], "category": "01",
                                                       "participantIds": [w.waiting_participant]}}, token=token)
            if role in ISSUERS:
                assert result["data"]["certificateIssue"]["errors"] == []
                shared.spoil()  # a job now exists
            else:
                assert refused_code(result) == ("UNAUTHENTICATED" if role == "anonymous" else "FORBIDDEN")

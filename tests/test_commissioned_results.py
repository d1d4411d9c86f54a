"""委托评审 (issue 8 §2): commissioned results go back to the unit that issued the commission letter, which files
and issues them; the committee's bureau neither sees them among its issuable results nor issues them."""
from __future__ import annotations

import pytest

from models.application.models import Application, EvaluationMode
from models.certificate.models import Certificate
from models.evaluation.models import ParticipantResult
from models.evaluation.results import filed_results, today
from tests.certificate_support import ASSIGN, ISSUABLE, ISSUE, add_range, filed_scheme, give_photos, make_issuer
from tests.evaluation_support import Scene, codes_of, pk
from tests.helpers import gid, gql, payload_errors, run_jobs

LIST = """query($unitId: ID!, $filed: Boolean) { commissionedResults(unitId: $unitId, filed: $filed, first: 20) {
  totalCount nodes { participantId name commissionReference planName committeeName documentNumber filedOn } } }"""
FILE = """mutation($input: CommissionedResultFileInput!) { commissionedResultFile(input: $input) {
  errors { field code message } results { name documentNumber filedOn } } }"""
LETTER = "合人社委〔2026〕3号"


@pytest.fixture
async def scene(app) -> Scene:
    scene = await Scene().build()
    await Application.filter(id=scene.apps[0].id).update(evaluation_mode=EvaluationMode.COMMISSIONED_REVIEW,
                                                         commission_reference=LETTER)
    return scene


async def listed(http, scene, actor, filed=None) -> dict:
    return await gql(http, LIST, {"unitId": gid("Unit", scene.city.unit.id), "filed": filed}, token=actor.token)


async def test_the_commissioning_bureau_files_and_issues_its_commissioned_results(http, scene, settings):
    _, participants = await filed_scheme(http, scene, passed=2)
    # Filing by the committee's bureau hands the commissioned result to the employer's city bureau (no county one).
    result = await ParticipantResult.get(participant_id=int(pk(participants[0])))
    assert result.commission_unit_id == scene.city.unit.id and result.commission_filed_on is None
    # Only the direct one is certifiable until the city bureau files the commissioned one.
    assert await filed_results().values_list("participant_id", flat=True) == [int(pk(participants[1]))]
    await make_issuer(http, scene)
    await give_photos(scene)
    province_list = (await gql(http, ISSUABLE, {"unitId": gid("Unit", scene.province.unit.id)},
                               token=scene.province.token))["data"]["issuableResults"]
    assert [n["name"] for n in province_list["nodes"]] == ["参评人1"]  # not the commissioned one

    waiting = (await listed(http, scene, scene.city))["data"]["commissionedResults"]
    assert [(n["name"], n["commissionReference"], n["filedOn"]) for n in waiting["nodes"]] == [
        ("参评人0", LETTER, None)]
    # Others do not see the city's list; bad filings are refused and change nothing.
    for actor in (scene.province, scene.organizer, scene.other_province):
        assert (await listed(http, scene, actor))["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    unit_id = gid("Unit", scene.city.unit.id)
    bad = (await gql(http, FILE, {"input": {"unitId": unit_id, "participantIds": [participants[1]],
                                            "documentNumber": " ", "filedOn": str(today())}},
                     token=scene.city.token))["data"]["commissionedResultFile"]
    assert codes_of(bad) == [("REQUIRED", ("documentNumber",)), ("NOT_FOUND", ("participantIds", "0"))]
    refused = await gql(http, FILE, {"input": {"unitId": unit_id, "participantIds": [participants[0]],
                                               "documentNumber": "X", "filedOn": str(today())}},
                        token=scene.province.token)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await ParticipantResult.filter(commission_filed_on__isnull=False).count() == 0

    filed = (await gql(http, FILE, {"input": {"unitId": unit_id, "participantIds": [participants[0]],
                                              "documentNumber": "合人社备〔2026〕5号", "filedOn": str(today())}},
                       token=scene.city.token))["data"]["commissionedResultFile"]
    assert filed["errors"] == [] and filed["results"][0]["documentNumber"] == "合人社备〔2026〕5号"
    assert (await listed(http, scene, scene.city, filed=False))["data"]["commissionedResults"]["totalCount"] == 0

    # The city bureau becomes an issuer and issues it; the province cannot.
    made = await gql(http, ASSIGN, {"input": {"unitId": unit_id, "code": "0101"}}, token=scene.province.token)
    assert payload_errors(made, "issuerCodeAssign") == []
    await add_range(http, scene, made["data"]["issuerCodeAssign"]["issuerCode"]["id"])
    province_try = (await gql(http, ISSUE, {"input": {"issuerUnitId": gid("Unit", scene.province.unit.id),
                                                      "category": "01", "participantIds": [participants[0]]}},
                              token=scene.province.token))["data"]["certificateIssue"]
    assert codes_of(province_try) == [("NOT_ISSUABLE", ("participantIds", "0"))]
    issued = (await gql(http, ISSUE, {"input": {"issuerUnitId": unit_id, "category": "01"}},
                        token=scene.city.token))["data"]["certificateIssue"]
    assert issued["errors"] == [] and issued["count"] == 1
    await run_jobs(settings)
    cert = await Certificate.get()
    assert (cert.name, cert.approval_number, cert.issuer_unit_id) == ("参评人0", "合人社备〔2026〕5号", scene.city.unit.id)
    assert cert.number.startswith("9342026010101")

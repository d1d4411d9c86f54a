"""补换证: every refused input gets its code, a Chinese message and the field, and changes nothing (no reissue
row, no file row, the certificate as it was). One case per way an applicant can get it wrong (issue 9 §2 and
the bad-input table of its tests)."""
from __future__ import annotations

import pytest

from models.certificate.models import Certificate, CertificateStatus
from models.core.file import StoredFile
from models.reissue.models import Reissue
from tests.helpers import gid, gql, payload_errors
from tests.reissue_support import (
    CREATE,
    DELETE,
    PDF,
    SUBMIT,
    UPDATE,
    create,
    put_file,
    ready,
    reissue_world,
    submitted,
)
from tests.test_certificate_document import sample_photo

MANUAL = {"name": "参评人0", "gender": "MALE", "birthDate": "1985-06-15", "idType": "RESIDENT_ID",
          "acquisitionMethod": "认定", "approvalNumber": "寿人社〔2018〕1号", "issueDate": "2018-11-05",
          "acquiredOn": "2018-02-05", "number": "TD12345", "unitName": "寿县第一小学", "nature": "社会化"}


async def manual_input(world, **changes) -> dict:
    from models.catalogue.models import Series, Specialty, TitleName
    from models.person.models import Person

    person = await Person.get(id=world.scene.apps[0].person_id)
    series = await Series.get(code="ENGINEERING")
    specialty = await Specialty.filter(series=series).first()
    title = await TitleName.filter(series=series).first()
    return {**MANUAL, "idNumber": person.id_number, "seriesId": gid("Series", series.id),
            "specialtyId": gid("Specialty", specialty.id), "titleNameId": gid("TitleName", title.id),
            "issuerUnitId": gid("Unit", world.scene.province.unit.id), **changes}


async def state() -> tuple:
    return (await Reissue.all().values_list("id", "status", "reason", "corrections", "version"),
            await StoredFile.filter(purpose__startswith="reissue").count(),
            await Certificate.all().order_by("id").values_list("id", "status", "version"))


async def refused(http, token, query, name, variables) -> list[tuple]:
    before = await state()
    result = await gql(http, query, {"input": variables}, token=token)
    assert "errors" not in result, result  # a payload refusal, never a top-level error
    errors = payload_errors(result, name)
    assert errors and all(e["message"] and not e["message"].isascii() for e in errors), errors
    assert await state() == before
    return [(e["code"], e["field"]) for e in errors]


CREATE_CASES = {
    "an immutable field corrected": (
        {"corrections": [{"field": "NUMBER", "value": "9342026000101000001"}]},
        [("IMMUTABLE_FIELD", ["corrections", "0", "field"])]),
    "the level corrected": (
        {"corrections": [{"field": "LEVEL", "value": "SENIOR"}]}, [("IMMUTABLE_FIELD", ["corrections", "0", "field"])]),
    "a field corrected twice": (
        {"corrections": [{"field": "UNIT_NAME", "value": "甲"}, {"field": "UNIT_NAME", "value": "乙"}]},
        [("DUPLICATE_CORRECTION", ["corrections", "1", "field"])]),
    "a correction to the same value": (
        {"corrections": [{"field": "UNIT_NAME", "value": "合肥宏达建设有限公司"}]},
        [("NOTHING_TO_CORRECT", ["corrections", "0", "value"])]),
    "a date that is not one": (
        {"corrections": [{"field": "ACQUIRED_ON", "value": "2026-02-30"}]},
        [("INVALID_DATE", ["corrections", "0", "value"])]),
    "a date in the future": (
        {"corrections": [{"field": "BIRTH_DATE", "value": "2999-01-01"}]},
        [("INVALID_DATE", ["corrections", "0", "value"])]),
    "a gender that is not one": (
        {"corrections": [{"field": "GENDER", "value": "未知"}]}, [("INVALID_VALUE", ["corrections", "0", "value"])]),
    "an empty corrected value": (
        {"corrections": [{"field": "APPROVAL_NUMBER", "value": "  "}]}, [("REQUIRED", ["corrections", "0", "value"])]),
    "a corrected value too long": (
        {"corrections": [{"field": "UNIT_NAME", "value": "单" * 101}]}, [("TOO_LONG", ["corrections", "0", "value"])]),
    "a name that is someone else's": (
        {"corrections": [{"field": "NAME", "value": "李四"}]}, [("NOT_OWN_CERTIFICATE", ["corrections"])]),
    "an ID number that is not a valid resident ID": (
        {"corrections": [{"field": "ID_NUMBER", "value": "340102198506150000"}]},
        [("INVALID_VALUE", ["corrections"])]),
    "a reason over 200 characters": ({"reason": "丢" * 201}, [("TOO_LONG", ["reason"])]),
}


@pytest.mark.parametrize("case", list(CREATE_CASES))
async def test_a_refused_reissue_of_my_certificate(http, case):
    world = await reissue_world()
    values, expected = CREATE_CASES[case]
    got = await refused(http, world.holder, CREATE, "reissueCreate",
                        {"certificateId": world.cert_id, "reason": "丢失", **values})
    assert got == [(c, f) for c, f in expected]


async def test_someone_elses_certificate(http):
    world = await reissue_world()
    got = await refused(http, world.other_holder, CREATE, "reissueCreate", {"certificateId": world.cert_id})
    assert got == [("NOT_OWN_CERTIFICATE", ["certificateId"])]


async def test_neither_or_both_of_certificate_and_entered_data(http):
    world = await reissue_world()
    assert await refused(http, world.holder, CREATE, "reissueCreate", {"reason": "丢失"}) == [
        ("REQUIRED", ["certificateId"])]
    both = {"certificateId": world.cert_id, "certificate": await manual_input(world)}
    assert await refused(http, world.holder, CREATE, "reissueCreate", both) == [("REQUIRED", ["certificateId"])]


async def test_a_revoked_or_replaced_certificate(http):
    world = await reissue_world()
    await Certificate.filter(id=world.certificates[0].id).update(status=CertificateStatus.REVOKED)
    assert await refused(http, world.holder, CREATE, "reissueCreate", {"certificateId": world.cert_id}) == [
        ("CERTIFICATE_NOT_VALID", ["certificateId"])]


async def test_a_second_reissue_while_one_is_open(http):
    world = await reissue_world()
    await create(http, world)
    assert await refused(http, world.holder, CREATE, "reissueCreate", {"certificateId": world.cert_id}) == [
        ("REISSUE_OPEN", ["certificateId"])]


MANUAL_CASES = {
    "a number that is the platform's": (lambda w: {"number": w.certificates[0].number},
                                        [("CERTIFICATE_IN_SYSTEM", ["certificate", "number"])]),
    "someone else's ID number": (lambda w: {"idNumber": w.certificates[1].id_number},
                                 [("NOT_OWN_CERTIFICATE", ["certificate"])]),
    "a specialty of another series": ("other-series", [("INVALID_VALUE", ["certificate", "specialtyId"])]),
    "an unknown acquisition method": (lambda w: {"acquisitionMethod": "购买"},
                                      [("INVALID_VALUE", ["certificate", "acquisitionMethod"])]),
    "issued before it was obtained": (lambda w: {"issueDate": "2018-01-01"},
                                      [("INVALID_DATE", ["certificate", "issueDate"])]),
    "a blank number": (lambda w: {"number": " "}, [("REQUIRED", ["certificate", "number"])]),
}


@pytest.mark.parametrize("case", list(MANUAL_CASES))
async def test_a_refused_certificate_entered_by_hand(http, case):
    from models.catalogue.models import Series, Specialty

    world = await reissue_world()
    change, expected = MANUAL_CASES[case]
    if change == "other-series":
        other = await Specialty.filter(series_id__not=(await Series.get(code="ENGINEERING")).id).first()
        changes = {"specialtyId": gid("Specialty", other.id)}
    else:
        changes = change(world)
    got = await refused(http, world.holder, CREATE, "reissueCreate",
                        {"certificate": await manual_input(world, **changes), "reason": "丢失"})
    assert got == expected


async def test_a_certificate_entered_by_hand_is_accepted_and_reviewed_up_to_its_issuer(http):
    world = await reissue_world()
    made = await gql(http, CREATE, {"input": {"certificate": await manual_input(world), "reason": "丢失"}},
                     token=world.holder)
    assert payload_errors(made, "reissueCreate") == []
    reissue = made["data"]["reissueCreate"]["reissue"]
    assert (reissue["inPlatform"], reissue["original"]["number"], reissue["certificate"]) == (False, "TD12345", None)


FILE_CASES = {
    "evidence over 10 MB": ("EVIDENCE", "材料.pdf", PDF + b"0" * (10 * 1024 * 1024), "FILE_TOO_LARGE"),
    "an image as evidence": ("EVIDENCE", "材料.pdf", sample_photo(), "FILE_TYPE_NOT_ALLOWED"),
    "a PDF named .docx as pledge": ("PLEDGE", "承诺书.docx", b"MZ\x90\x00" + b"\x00" * 200, "FILE_TYPE_NOT_ALLOWED"),
    "a PDF as photo": ("PHOTO", "照片.jpg", PDF, "FILE_TYPE_NOT_ALLOWED"),
    "an empty file": ("PLEDGE", "承诺书.pdf", b"", "EMPTY_FILE"),
}


@pytest.mark.parametrize("case", list(FILE_CASES))
async def test_a_refused_file(http, case):
    world = await reissue_world()
    reissue = await create(http, world)
    kind, name, data, code = FILE_CASES[case]
    before = await state()
    result = await put_file(http, world.holder, reissue["id"], kind, name, data, "application/pdf")
    assert [(e["code"], e["field"]) for e in payload_errors(result, "reissueFileUpload")] == [(code, ["file"])]
    assert await state() == before


async def test_submitting_without_the_files_names_each_missing_one(http):
    world = await reissue_world()
    reissue = await create(http, world, reason="")
    got = await refused(http, world.holder, SUBMIT, "reissueSubmit", {"reissueId": reissue["id"]})
    assert got == [("CHECK_FAILED", ["reason"]), ("CHECK_FAILED", ["evidence"]), ("CHECK_FAILED", ["pledge"])]


async def test_a_submitted_reissue_is_not_changed_or_deleted(http):
    world = await reissue_world()
    reissue_id = await submitted(http, world)
    assert await refused(http, world.holder, UPDATE, "reissueUpdate", {"reissueId": reissue_id, "reason": "改"}) == [
        ("NOT_EDITABLE", ["reissueId"])]
    assert await refused(http, world.holder, DELETE, "reissueDelete", {"reissueId": reissue_id}) == [
        ("NOT_EDITABLE", ["reissueId"])]
    assert await refused(http, world.holder, SUBMIT, "reissueSubmit", {"reissueId": reissue_id}) == [
        ("NOT_EDITABLE", ["reissueId"])]


async def test_an_issuer_without_a_code_is_refused_at_submission(http):
    from models.certificate.models import IssuerCode

    world = await reissue_world()
    reissue_id = await ready(http, world)
    await IssuerCode.filter(unit_id=world.scene.province.unit.id).update(status="CANCELLED", active_unit_id=None)
    assert await refused(http, world.holder, SUBMIT, "reissueSubmit", {"reissueId": reissue_id}) == [
        ("NOT_AN_ISSUER", ["reissueId"])]


async def test_a_draft_is_deleted_and_frees_the_certificate(http):
    world = await reissue_world()
    reissue = await create(http, world)
    deleted = await gql(http, DELETE, {"input": {"reissueId": reissue["id"]}}, token=world.holder)
    assert deleted["data"]["reissueDelete"]["deletedId"] == reissue["id"]
    assert (await create(http, world))["status"] == "DRAFT"

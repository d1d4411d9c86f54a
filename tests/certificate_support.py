"""Builders for the certificate tests: a scheme taken through results, publicity and filing by GraphQL, the
filing bureau made an issuer with a number range, holders' photos, and the queries the tests send; and, for tests
that are not about issuing, filed results and certificates written as rows directly (fast, no job, no PDF)."""
from __future__ import annotations

import itertools
import secrets
from datetime import date

from models.certificate.models import Certificate, DocumentState, IssuerCode
from models.core.file import StoredFile
from models.core.ports import storage
from models.evaluation.results import today
from models.person.models import Person
from tests.evaluation_support import Scene, approved_scheme
from tests.helpers import gid, gql, payload_errors
from tests.test_certificate_document import sample_photo

RECORD = """mutation($input: EvaluationResultsRecordInput!) { evaluationResultsRecord(input: $input) {
  errors { field code message } } }"""
START = """mutation($input: EvaluationPublicityStartInput!) { evaluationPublicityStart(input: $input) {
  errors { field code message } } }"""
CLOSE = """mutation($input: EvaluationPublicityCloseInput!) { evaluationPublicityClose(input: $input) {
  errors { field code message } } }"""
FILE = """mutation($input: ResultFilingDecideInput!) { resultFilingDecide(input: $input) {
  errors { field code message } } }"""
PARTICIPANTS = """query($id: ID!) { node(id: $id) { ... on EvaluationScheme { participants { id name } } } }"""
ASSIGN = """mutation($input: IssuerCodeAssignInput!) { issuerCodeAssign(input: $input) {
  errors { field code message } issuerCode { id code } } }"""
RANGE = """mutation($input: NumberRangeCreateInput!) { numberRangeCreate(input: $input) {
  errors { field code message } numberRange { id remaining } } }"""
ISSUABLE = """query($unitId: ID!, $filter: IssuableFilter) { issuableResults(issuerUnitId: $unitId, filter: $filter,
  first: 50) { totalCount nodes { participantId name unitName planName committeeName year seriesName specialtyName
  titleName level hasPhoto } } }"""
ISSUE = """mutation($input: CertificateIssueInput!) { certificateIssue(input: $input) {
  errors { field code message } count job { id status progress total } } }"""
CERT_FIELDS = """id number name gender birthDate idType idNumber seriesName specialtyName titleName level year
  acquiredOn acquisitionMethod approvalNumber issuerName committeeName issueDate unitName status revokedAt
  revokeReason documentState reportedAt verificationUrl document { name contentType size url }"""
MINE = f"query {{ myCertificates(first: 20) {{ totalCount nodes {{ {CERT_FIELDS} }} }} }}"
NODE = f"query($id: ID!) {{ node(id: $id) {{ ... on Certificate {{ {CERT_FIELDS} }} }} }}"
FILING_NUMBER = "皖人社备〔2026〕8号"


async def filed_scheme(http, scene: Scene, passed: int = 3) -> tuple[str, list[str]]:
    """A scheme whose first ``passed`` participants passed, publicized and filed by the managing bureau.
    Returns the scheme's and the participants' global IDs."""
    scheme_id = await approved_scheme(http, scene)
    ids = [p["id"] for p in (await gql(http, PARTICIPANTS, {"id": scheme_id}, token=scene.organizer.token))[
        "data"]["node"]["participants"]]
    votes = [{"participantId": p, "membersPresent": 9, "votesFor": 7 if i < passed else 2, "votesAgainst": 1,
              "votesAbstain": 1 if i < passed else 6, "conclusion": "PASSED" if i < passed else "FAILED"}
             for i, p in enumerate(ids)]
    org, hr = scene.organizer.token, scene.province.token
    for query, name, values, token in (
            (RECORD, "evaluationResultsRecord", {"schemeId": scheme_id, "results": votes}, org),
            (START, "evaluationPublicityStart", {"schemeId": scheme_id, "startsOn": str(today()),
                                                 "endsOn": str(today())}, org),
            (CLOSE, "evaluationPublicityClose", {"schemeId": scheme_id}, org),
            (FILE, "resultFilingDecide", {"schemeId": scheme_id, "decision": "PASS", "opinion": "同意备案",
                                          "documentNumber": FILING_NUMBER, "filedOn": str(today())}, hr)):
        assert payload_errors(await gql(http, query, {"input": values}, token=token), name) == [], name
    return scheme_id, ids


async def make_issuer(http, scene: Scene, *, code: str = "0001", year: int = 2026, category: str = "01",
                      start: int = 1, end: int = 999) -> str:
    """The filing bureau (the province's HR bureau) gets an issuer code and a range; returns the code's ID."""
    made = await gql(http, ASSIGN, {"input": {"unitId": gid("Unit", scene.province.unit.id), "code": code}},
                     token=scene.province.token)
    assert payload_errors(made, "issuerCodeAssign") == []
    code_id = made["data"]["issuerCodeAssign"]["issuerCode"]["id"]
    await add_range(http, scene, code_id, year=year, category=category, start=start, end=end)
    return code_id


async def add_range(http, scene, code_id: str, *, year=2026, category="01", start=1, end=999) -> None:
    made = await gql(http, RANGE, {"input": {"issuerCodeId": code_id, "year": year, "category": category,
                                             "startSerial": start, "endSerial": end}}, token=scene.province.token)
    assert payload_errors(made, "numberRangeCreate") == []


async def give_photos(scene: Scene) -> None:
    """Every declarant of the scene gets an ID photo (a stored JPEG)."""
    data = sample_photo()

    async def chunks():
        yield data

    sha, size = await storage().put(chunks(), len(data))
    for app in scene.apps:
        person = await Person.get(id=app.person_id)
        stored = await StoredFile.create(sha256=sha, size=size, content_type="image/jpeg", name="证件照.jpg",
                                         purpose="photo", owner_id=person.account_id)
        await Person.filter(id=person.id).update(photo_id=stored.id)


async def issuer_code_row() -> IssuerCode:
    return await IssuerCode.all().order_by("-id").first()


async def bulk_filed(scene: Scene, n: int, *, photo: bool = True) -> list[int]:
    """``n`` more filed, publicity-passed results in one FILED scheme of the scene's plan (rows written
    directly: the GraphQL path is tested elsewhere, this is the world for batch and fault tests).
    Returns the result ids."""
    from datetime import datetime, timezone

    from models.application.models import Application, ApplicationStatus
    from models.evaluation.models import (Conclusion, EvaluationScheme, ParticipantResult, ResultFiling,
                                          SchemeParticipant, SchemeStatus)
    from tests.helpers import make_person

    template = scene.apps[0]
    scheme = await EvaluationScheme.create(plan_id=scene.plan.id, committee_id=scene.committee.id,
                                           organizer_id=scene.organizer.unit.id, name="批量发证方案",
                                           status=SchemeStatus.FILED)
    await ResultFiling.create(scheme_id=scheme.id, decision="PASS", opinion="同意", document_number=FILING_NUMBER,
                              filed_on=today(), unit_id=scene.province.unit.id)
    photo_id = None
    if photo:
        data = sample_photo()

        async def chunks():
            yield data

        sha, size = await storage().put(chunks(), len(data))
        photo_id = (await StoredFile.create(sha256=sha, size=size, content_type="image/jpeg", name="证件照.jpg",
                                            purpose="photo")).id
    ids = []
    for i in range(n):
        person = (await make_person(f"批量{i}", unit=scene.employer.unit)).person
        if photo_id:
            await Person.filter(id=person.id).update(photo_id=photo_id)
        app = await Application.create(
            person=person, plan_id=scene.plan.id, year=template.year, declaration_type="REGULAR",
            evaluation_mode="REVIEW", series_id=template.series_id, specialty_id=template.specialty_id,
            title_name_id=template.title_name_id, standard_id=template.standard_id, level=template.level,
            pledge_accepted_at=datetime.now(timezone.utc), status=ApplicationStatus.APPROVED,
            unit_id=scene.employer.unit.id)
        participant = await SchemeParticipant.create(scheme_id=scheme.id, application_id=app.id, sort=i)
        result = await ParticipantResult.create(participant_id=participant.id, members_present=9, votes_for=7,
                                                votes_against=1, votes_abstain=1, conclusion=Conclusion.PASSED,
                                                publicity_passed=True)
        ids.append(result.id)
    return ids


_serial = itertools.count(1)


async def direct_cert(person, issuer_unit, **values) -> Certificate:
    """A certificate row written directly, no number row and no PDF (the issuing path is tested end to end
    elsewhere): the world of query, scope and reporting tests. ``values`` override the defaults."""
    n = next(_serial)
    row = dict(number=f"9342026999901{n:06d}", subject_kind="TEST", subject_key=str(n), person_id=person.id,
               issuer_unit_id=issuer_unit.id, name=person.real_name, gender="男", birth_date=date(1985, 6, 15),
               id_type="居民身份证", id_number=person.id_number, series_name="工程技术人员", specialty_name="建筑工程",
               title_name="高级工程师", level="ASSOCIATE_SENIOR", year=2026, acquired_on=date(2026, 3, 1),
               acquisition_method="评审", approval_number=FILING_NUMBER, issuer_name=issuer_unit.name,
               issue_date=date(2026, 3, 2), unit_name="合肥宏达建设有限公司", unit_region="340102",
               issuer_region=issuer_unit.region_id, token=secrets.token_urlsafe(32),
               document_state=DocumentState.AWAITING_PHOTO)
    return await Certificate.create(**{**row, **values})


async def direct_issued(scene: Scene, n: int) -> list[Certificate]:
    """The certificates of the scene's first ``n`` declarants as rows issued by the province's bureau (issuer
    code 0001, the employer's region), in id order: what ``certificateIssue`` leaves, without its cost."""
    code = await IssuerCode.create(unit_id=scene.province.unit.id, active_unit_id=scene.province.unit.id,
                                   province=scene.province.unit.region_id[:2], code="0001")
    certs = []
    for app in scene.apps[:n]:
        person = await Person.get(id=app.person_id)
        certs.append(await direct_cert(person, scene.province.unit, issuer_id=code.id, application_id=app.id,
                                       unit_region=scene.employer.unit.region_id))
    return certs

"""The world of the certificate verification request tests (证书核验): a person bound to an employer in
340102, a committee of the engineering series with its organizer (the reviewer) and its managing bureau,
another person, and the queries the tests send."""
from __future__ import annotations

from dataclasses import dataclass

from models.catalogue.models import Series, Specialty, TitleName
from models.committee.models import Committee
from models.person.binding import BindingStatus
from models.unit.models import UnitNature
from tests.helpers import (
    Actor,
    gid,
    gql,
    make_person,
    make_unit,
    payload_errors,
    upload,
)
from tests.plan_support import hr_bureau, make_committee, organizer

FIELDS = """id status number specialtyName otherSpecialty level levelLabel acquiredOn approvalNumber issueDate
  issuerName unitName submittedAt finishedAt series { name } specialty { name } titleName { name }
  committee { name } unit { name }
  slots { key name required maxCount attachments { id slot file { name contentType } } }
  check { message field passed } flow { nodeKind state unit { name } } history { action unit { name } }
  certificate { id number status acquisitionMethod committeeName documentState document { contentType } }"""
PAYLOAD = f"errors {{ field code message }} request {{ {FIELDS} }}"
CREATE = f"""mutation($input: VerificationRequestCreateInput!) {{ verificationRequestCreate(input: $input) {{
  {PAYLOAD} }} }}"""
UPDATE = f"""mutation($input: VerificationRequestUpdateInput!) {{ verificationRequestUpdate(input: $input) {{
  {PAYLOAD} }} }}"""
ATTACH = """mutation($input: VerificationAttachmentAddInput!) { verificationRequestAttachmentAdd(input: $input) {
  errors { field code message } request { id slots { key attachments { id } } } } }"""
DETACH = """mutation($input: VerificationAttachmentDeleteInput!) { verificationRequestAttachmentDelete(input: $input) {
  errors { field code message } request { id slots { key attachments { id } } } } }"""
SUBMIT = f"""mutation($input: VerificationRequestActionInput!) {{ verificationRequestSubmit(input: $input) {{
  {PAYLOAD} }} }}"""
WITHDRAW = """mutation($input: VerificationRequestActionInput!) { verificationRequestWithdraw(input: $input) {
  errors { field code message } request { id status } } }"""
DELETE = """mutation($input: VerificationRequestActionInput!) { verificationRequestDelete(input: $input) {
  errors { field code message } deletedId } }"""
NODE = f"query($id: ID!) {{ node(id: $id) {{ ... on VerificationRequest {{ {FIELDS} }} }} }}"
MINE = """query { myVerificationRequests(first: 10) { totalCount nodes { id status } } }"""
TASKS = """query($unitId: ID!, $box: TaskBox!) { tasks(unitId: $unitId, box: $box, first: 50) {
  totalCount nodes { id title processType processLabel nodeKind verificationRequest { id number status } } } }"""
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass
class VerificationWorld:
    person: Actor
    other_person: Actor
    employer: Actor
    organizer: Actor
    province: Actor
    committee: Committee
    certificate: dict  # a VerificationCertificateInput


async def verification_world() -> VerificationWorld:
    province = await hr_bureau("340000")
    org = await organizer("340000", "安徽省工程系列高评委组建单位")
    committee = await make_committee(province.unit, name="安徽省工程系列高级评审委员会", organizers=(org.unit,))
    employer = await make_unit("合肥宏达建设有限公司", region="340102", nature=UnitNature.STATE_OWNED_ENTERPRISE)
    person = await make_person("核验人", unit=employer.unit, status=BindingStatus.APPROVED)
    other = await make_person("其他人", unit=employer.unit, status=BindingStatus.APPROVED)
    series = await Series.get(code="ENGINEERING")
    title = await TitleName.filter(series=series, level="ASSOCIATE_SENIOR").first()
    specialty = await Specialty.filter(series=series).first()
    certificate = {"committeeId": gid("Committee", committee.id), "number": "皖高评2012000123",
                   "seriesId": gid("Series", series.id), "specialtyId": gid("Specialty", specialty.id),
                   "titleNameId": gid("TitleName", title.id), "acquiredOn": "2012-12-20",
                   "approvalNumber": "皖人社秘〔2012〕310号", "issueDate": "2013-01-15",
                   "issuerName": "安徽省人力资源和社会保障厅", "unitName": "合肥宏达建设有限公司"}
    return VerificationWorld(person, other, employer, org, province, committee, certificate)


async def call(http, query: str, variables: dict, token: str, field: str) -> dict:
    result = await gql(http, query, {"input": variables}, token=token)
    assert payload_errors(result, field) == [], result
    return result["data"][field]


async def create(http, world: VerificationWorld, **changes) -> dict:
    return (await call(http, CREATE, {"certificate": {**world.certificate, **changes}}, world.person.token,
                       "verificationRequestCreate"))["request"]


async def attach(http, token: str, request_id: str, slot: str = "CERTIFICATE", name: str = "证书.pdf",
                 data: bytes = PDF, mime: str = "application/pdf") -> dict:
    response = await upload(http, ATTACH, {"input": {"requestId": request_id, "slot": slot, "file": None}},
                            {"input.file": (name, data, mime)}, token=token)
    assert response.status_code == 200, response.text
    return response.json()


async def submitted(http, world: VerificationWorld, **changes) -> str:
    rid = (await create(http, world, **changes))["id"]
    assert payload_errors(await attach(http, world.person.token, rid), "verificationRequestAttachmentAdd") == []
    await call(http, SUBMIT, {"requestId": rid}, world.person.token, "verificationRequestSubmit")
    return rid


async def node(http, request_id: str, token: str) -> dict | None:
    return (await gql(http, NODE, {"id": request_id}, token=token))["data"]["node"]

"""The world of the reissue tests (补换证): the certificate scene's chain (employer 340102 → the city bureau →
the province's bureau, which issued the holders' certificates and has YB numbers left), the holders' photos,
and the queries the tests send."""
from __future__ import annotations

from dataclasses import dataclass

from models.certificate.models import Certificate, IssuerCode, NumberRange
from models.evaluation.results import today
from models.person.models import Person
from tests.certificate_support import direct_issued, give_photos
from tests.evaluation_support import Scene
from tests.helpers import gid, gql, payload_errors, token_for, upload
from workers.pledge_document import reissue_pledge_docx

FIELDS = """id status reason inPlatform submittedAt finishedAt
  original { number name idNumber titleName specialtyName unitName level issueDate }
  corrected { name specialtyName unitName }
  corrections { field label originalValue value }
  evidence { name contentType } pledge { name contentType } photo { contentType }
  check { message field passed }
  flow { nodeKind state unit { name } }
  history { action opinion unit { name } }
  issuerUnit { name } unit { name }
  certificate { id number status }
  newCertificate { id number status specialtyName unitName acquisitionMethod documentState }"""
CREATE = f"""mutation($input: ReissueCreateInput!) {{ reissueCreate(input: $input) {{
  errors {{ field code message }} reissue {{ {FIELDS} }} }} }}"""
UPDATE = f"""mutation($input: ReissueUpdateInput!) {{ reissueUpdate(input: $input) {{
  errors {{ field code message }} reissue {{ {FIELDS} }} }} }}"""
UPLOAD = """mutation($input: ReissueFileUploadInput!) { reissueFileUpload(input: $input) {
  errors { field code message } reissue { id evidence { name } pledge { name } photo { name } } } }"""
SUBMIT = f"""mutation($input: ReissueActionInput!) {{ reissueSubmit(input: $input) {{
  errors {{ field code message }} reissue {{ {FIELDS} }} }} }}"""
WITHDRAW = """mutation($input: ReissueActionInput!) { reissueWithdraw(input: $input) {
  errors { field code message } reissue { id status } } }"""
DELETE = """mutation($input: ReissueActionInput!) { reissueDelete(input: $input) {
  errors { field code message } deletedId } }"""
NODE = f"""query($id: ID!) {{ node(id: $id) {{ ... on Reissue {{ {FIELDS} }} }} }}"""
MINE = """query { myReissues(first: 10) { totalCount nodes { id status } } }"""
TASKS = """query($unitId: ID!, $box: TaskBox!) { tasks(unitId: $unitId, box: $box, first: 50) {
  totalCount nodes { id title processType nodeKind status reissue { id status original { number } } } } }"""
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass
class ReissueWorld:
    scene: Scene
    certificates: list[Certificate]
    holder: str  # the first holder's token
    other_holder: str

    @property
    def cert_id(self) -> str:
        return gid("Certificate", self.certificates[0].id)


async def reissue_world(*, numbers: int = 99) -> ReissueWorld:
    scene = await Scene().build()
    certs = await direct_issued(scene, 2)
    await give_photos(scene)
    code = await IssuerCode.get(active_unit_id=scene.province.unit.id)
    if numbers:
        await NumberRange.create(issuer_id=code.id, year=today().year, category="01", start_serial=1,
                                 end_serial=numbers, next_serial=1)
    tokens = [token_for((await Person.get(id=app.person_id)).account_id) for app in scene.apps[:2]]
    return ReissueWorld(scene, certs, tokens[0], tokens[1])


async def create(http, world: ReissueWorld, **values) -> dict:
    variables = {"certificateId": world.cert_id, "reason": "证书丢失", **values}
    result = await gql(http, CREATE, {"input": variables}, token=world.holder)
    assert payload_errors(result, "reissueCreate") == [], result
    return result["data"]["reissueCreate"]["reissue"]


async def put_file(http, token: str, reissue_id: str, kind: str, name: str, data: bytes, mime: str) -> dict:
    response = await upload(http, UPLOAD, {"input": {"reissueId": reissue_id, "kind": kind, "file": None}},
                            {"input.file": (name, data, mime)}, token=token)
    assert response.status_code == 200, response.text
    return response.json()


async def ready(http, world: ReissueWorld, **values) -> str:
    """A reissue of the first holder's certificate with its evidence and pledge: ready to submit."""
    reissue = await create(http, world, **values)
    for kind, name, data, mime in (("EVIDENCE", "遗失声明.pdf", PDF, "application/pdf"),
                                   ("PLEDGE", "承诺书.docx", reissue_pledge_docx(), "application/octet-stream")):
        result = await put_file(http, world.holder, reissue["id"], kind, name, data, mime)
        assert payload_errors(result, "reissueFileUpload") == [], result
    return reissue["id"]


async def submitted(http, world: ReissueWorld, **values) -> str:
    reissue_id = await ready(http, world, **values)
    result = await gql(http, SUBMIT, {"input": {"reissueId": reissue_id}}, token=world.holder)
    assert payload_errors(result, "reissueSubmit") == [], result
    return reissue_id

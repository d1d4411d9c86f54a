"""Builders for the evaluation tests: a committee, its organizer and managing bureau, a published plan,
approved declarations, and schemes composed through GraphQL."""
from __future__ import annotations

from datetime import datetime, timezone


from models.application.models import Application, ApplicationStatus
from models.catalogue.models import EvaluationStandard, Series, Specialty, TitleName
from models.evaluation.models import (EvaluationScheme, SchemeAttachment, SchemeExpertNeed, SchemeParticipant,
                                      SchemeScoringItem)
from models.person.binding import BindingStatus
from models.unit.models import UnitNature
from models.workflow.models import Task
from tests.helpers import gid, gql, make_person, make_unit, payload_errors
from tests.plan_support import hr_bureau, make_committee, make_plan, organizer

FIELDS = """id name kind status specialReason passMark participantCount
  participants { applicationId name titleName specialty declarationType }
  expertNeeds { level count specialty { name } } scoringItems { name weight description }
  attachments { id file { name } } organizer { name } committee { name } plan { name }"""
CREATE = f"""mutation($input: EvaluationSchemeCreateInput!) {{ evaluationSchemeCreate(input: $input) {{
  errors {{ field code message }} scheme {{ {FIELDS} }} }} }}"""
UPDATE = """mutation($input: EvaluationSchemeUpdateInput!) { evaluationSchemeUpdate(input: $input) {
  errors { field code message } scheme { id name kind specialReason } } }"""
PARTICIPANTS = """mutation($input: EvaluationSchemeParticipantsInput!) { evaluationSchemeSetParticipants(input: $input) {
  errors { field code message } scheme { participantCount participants { name } } } }"""
NEEDS = """mutation($input: EvaluationSchemeExpertNeedsInput!) { evaluationSchemeSetExpertNeeds(input: $input) {
  errors { field code message } scheme { expertNeeds { level count } } } }"""
SCORING = """mutation($input: EvaluationSchemeScoringInput!) { evaluationSchemeSetScoring(input: $input) {
  errors { field code message } scheme { passMark scoringItems { name weight } } } }"""
FILE_ADD = """mutation($input: EvaluationSchemeFileAddInput!) { evaluationSchemeFileAdd(input: $input) {
  errors { field code message } scheme { attachments { id file { name } } } } }"""
SUBMIT = """mutation($input: EvaluationSchemeSubmitInput!) { evaluationSchemeSubmit(input: $input) {
  errors { field code message } scheme { id status } } }"""
SCHEMES = f"""query($filter: EvaluationSchemeFilter) {{ evaluationSchemes(filter: $filter, first: 20) {{
  totalCount nodes {{ {FIELDS} }} }} }}"""
NODE = """query($id: ID!) { node(id: $id) { ... on EvaluationScheme { id name status } } }"""
TASKS = """query($unitId: ID!, $box: TaskBox!) { tasks(unitId: $unitId, box: $box, first: 10) {
  nodes { id processType nodeKind title evaluationScheme { id name participantCount } } } }"""
CLAIM = """mutation($input: TaskClaimInput!) { taskClaim(input: $input) { errors { code } } }"""
DECIDE = """mutation($input: TaskDecideInput!) { taskDecide(input: $input) { errors { field code message } } }"""
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class Scene:
    """A provincial committee managed by the provincial HR bureau, its organizer, a published plan and
    three declarations the chain approved (plus one still in review)."""

    async def build(self) -> "Scene":
        self.province = await hr_bureau("340000")
        self.city = await hr_bureau("340100")
        self.other_province = await hr_bureau("510000")
        self.organizer = await organizer("340000", "安徽省建设工程高评委组建单位")
        self.other_organizer = await organizer("340000", "另一组建单位")
        self.committee = await make_committee(self.province.unit, name="安徽省建设工程高评委",
                                              organizers=(self.organizer.unit,))
        self.plan = await make_plan(self.committee, self.organizer.unit, name="2026年建设工程高级评审")
        self.employer = await make_unit("合肥宏达建设有限公司", region="340102",
                                        nature=UnitNature.STATE_OWNED_ENTERPRISE)
        series = await Series.get(code="ENGINEERING")
        self.specialty = await Specialty.filter(series=series).first()
        title = await TitleName.filter(series=series).first()
        standard = await EvaluationStandard.filter(series=series).first()
        self.apps = []
        for i, status in enumerate([ApplicationStatus.APPROVED] * 3 + [ApplicationStatus.IN_REVIEW]):
            person = await make_person(f"参评人{i}", unit=self.employer.unit, status=BindingStatus.APPROVED)
            self.apps.append(await Application.create(
                person=person.person, plan=self.plan, year=2026, declaration_type="REGULAR", evaluation_mode="REVIEW",
                series=series, specialty=self.specialty, title_name=title, standard=standard, level="ASSOCIATE_SENIOR",
                pledge_accepted_at=datetime.now(timezone.utc), status=status, unit=self.employer.unit))
        self.person = person
        return self

    def app_ids(self, n: int = 3) -> list[str]:
        return [gid("Application", a.id) for a in self.apps[:n]]


async def create(http, scene: Scene, actor=None, **values) -> dict:
    payload = {"planId": gid("Plan", scene.plan.id), "name": "2026年建设工程高级评审呈报方案", **values}
    return (await gql(http, CREATE, {"input": payload}, token=(actor or scene.organizer).token))["data"][
        "evaluationSchemeCreate"]


async def complete(http, scene: Scene, scheme_id: str) -> None:
    token = scene.organizer.token
    for query, variables, name in (
            (PARTICIPANTS, {"schemeId": scheme_id, "applicationIds": scene.app_ids()}, "evaluationSchemeSetParticipants"),
            (NEEDS, {"schemeId": scheme_id, "needs": [{"specialtyId": gid("Specialty", scene.specialty.id),
                                                       "level": "SENIOR", "count": 9}]}, "evaluationSchemeSetExpertNeeds"),
            (SCORING, {"schemeId": scheme_id, "passMark": "60", "items": [
                {"name": "业绩成果", "weight": "60"}, {"name": "答辩", "weight": "40", "description": "现场答辩"}]},
             "evaluationSchemeSetScoring")):
        assert payload_errors(await gql(http, query, {"input": variables}, token=token), name) == []


def codes_of(payload: dict) -> list[tuple[str, tuple | None]]:
    return [(e["code"], tuple(e["field"]) if e["field"] else None) for e in payload["errors"]]


async def counts() -> tuple[int, ...]:
    return tuple([await m.all().count() for m in (EvaluationScheme, SchemeParticipant, SchemeExpertNeed,
                                                   SchemeScoringItem, SchemeAttachment, Task)])




async def approved_scheme(http, scene: Scene, **values) -> str:
    """A scheme composed, submitted and passed by the managing bureau; returns its global ID."""
    made = await create(http, scene, **values)
    scheme_id = made["scheme"]["id"]
    await complete(http, scene, scheme_id)
    assert payload_errors(await gql(http, SUBMIT, {"input": {"schemeId": scheme_id}}, token=scene.organizer.token),
                          "evaluationSchemeSubmit") == []
    task_id = gid("Task", (await Task.filter(subject_id=int(pk(scheme_id))).order_by("-id").first()).id)
    await gql(http, CLAIM, {"input": {"taskId": task_id}}, token=scene.province.token)
    assert payload_errors(await gql(http, DECIDE, {"input": {"taskId": task_id, "decision": "PASS", "opinion": "同意"}},
                                    token=scene.province.token), "taskDecide") == []
    return scheme_id


def pk(global_id: str) -> str:
    from strawberry import relay

    return relay.GlobalID.from_id(global_id).node_id

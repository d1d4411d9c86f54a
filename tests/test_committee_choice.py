"""选择评委会: direct vs commissioned committees by region, with their working state."""
from __future__ import annotations

from models.person.binding import BindingStatus
from models.catalogue.models import TitleName
from models.committee.models import CommitteeStatus
from models.plan.models import PlanStatus
from tests.helpers import assert_forbidden, assert_unauthenticated, gid, gql, make_person, make_unit
from tests.plan_support import codes, hr_bureau, make_committee, make_plan, organizer, series, specialty

CHOICES = """
query($seriesId: ID!, $level: Level!, $specialtyId: ID, $titleNameId: ID, $mode: EvaluationMode) {
  committeeChoices(seriesId: $seriesId, level: $level, specialtyId: $specialtyId, titleNameId: $titleNameId,
                   evaluationMode: $mode) {
    errors { field code message }
    unit { region { code } }
    direct { committee { name } workingState plan { name } }
    commissioned { committee { name } workingState }
  }
}"""


async def scene():
    hr = await hr_bureau()
    org = await organizer()
    sp, other_sp = await specialty(nth=0), await specialty(nth=1)
    mk = lambda name, **kw: make_committee(hr.unit, name=name, organizers=(org.unit,),  # noqa: E731
                                           levels=kw.pop("levels", ("INTERMEDIATE",)), **kw)
    a = await mk("A合肥接收中", regions=("340100",))
    await make_plan(a, org.unit, name="A计划")
    b = await mk("B全省已截止", regions=("340000",))
    await make_plan(b, org.unit, name="B计划", opens=-30, closes=-1, status=PlanStatus.CLOSED)
    await mk("C合肥无计划", regions=("340100",))
    d = await mk("D芜湖接收中", regions=("340200",))
    await make_plan(d, org.unit)
    e = await mk("E合肥即将开始", regions=("340102",))
    await make_plan(e, org.unit, name="E计划", opens=2, closes=9)
    await mk("F卫生系列", regions=("340100",), series_code="HEALTH")
    await mk("G只评正高", regions=("340100",), levels=("SENIOR",))
    g = await mk("H已注销", regions=("340100",))
    g.status = CommitteeStatus.CANCELLED
    await g.save()
    await mk("I只评其他专业", regions=("340100",), specialties=(other_sp,))
    employer = await make_unit("瑶海区某公司", region="340102")
    person = await make_person(unit=employer.unit, status=BindingStatus.APPROVED)
    return person, sp


async def ask(http, token, **variables):
    s = await series()
    variables = {"seriesId": gid("Series", s.id), "level": "INTERMEDIATE", **variables}
    return await gql(http, CHOICES, variables, token=token)


async def test_direct_and_commissioned_with_working_state(http):
    person, sp = await scene()
    data = (await ask(http, person.token, specialtyId=gid("Specialty", sp.id)))["data"]["committeeChoices"]
    assert data["errors"] == [] and data["unit"] == {"region": {"code": "340102"}}
    assert [(c["committee"]["name"], c["workingState"]) for c in data["direct"]] == [
        ("A合肥接收中", "ACCEPTING"), ("E合肥即将开始", "UPCOMING"), ("B全省已截止", "PAST_DEADLINE"),
        ("C合肥无计划", "NO_PLAN")]
    assert data["direct"][0]["plan"] == {"name": "A计划"} and data["direct"][3]["plan"] is None
    assert data["commissioned"] == [{"committee": {"name": "D芜湖接收中"}, "workingState": "ACCEPTING"}]
    # Without a specialty, a committee reviewing other specialties of the series qualifies too.
    anyone = (await ask(http, person.token))["data"]["committeeChoices"]
    assert "I只评其他专业" in [c["committee"]["name"] for c in anyone["direct"]]
    review = (await ask(http, person.token, mode="REVIEW"))["data"]["committeeChoices"]
    assert review["commissioned"] == [] and len(review["direct"]) == 5
    commissioned = (await ask(http, person.token, mode="COMMISSIONED_REVIEW"))["data"]["committeeChoices"]
    assert commissioned["direct"] == [] and len(commissioned["commissioned"]) == 1


async def test_refusals(http):
    person, _ = await scene()
    s = await series()
    senior_title = await TitleName.filter(series_id=s.id, level="SENIOR").first()
    mismatch = (await ask(http, person.token, titleNameId=gid("TitleName", senior_title.id)))["data"]
    assert codes(mismatch["committeeChoices"]["errors"]) == {("TITLE_MISMATCH", ("titleNameId",))}
    foreign = await specialty("HEALTH")
    wrong = (await ask(http, person.token, specialtyId=gid("Specialty", foreign.id)))["data"]["committeeChoices"]
    assert codes(wrong["errors"]) == {("SPECIALTY_NOT_IN_SERIES", ("specialtyId",))}
    bad_id = (await ask(http, person.token, seriesId=gid("Unit", 1)))["data"]["committeeChoices"]
    assert codes(bad_id["errors"]) == {("INVALID_ID", ("seriesId",))}
    initial = (await ask(http, person.token, mode="INITIAL_DETERMINATION"))["data"]["committeeChoices"]
    assert codes(initial["errors"]) == {("NO_COMMITTEE_NEEDED", ("evaluationMode",))}
    pending = await make_person("待审核", unit=(await make_unit()).unit, status=BindingStatus.PENDING)
    unbound = (await ask(http, pending.token))["data"]["committeeChoices"]
    assert codes(unbound["errors"]) == {("BINDING_NOT_APPROVED", None)} and unbound["direct"] == []
    assert_unauthenticated(await ask(http, None))
    assert_forbidden(await ask(http, (await make_unit()).token))

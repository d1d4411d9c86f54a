"""The access policies (models/access/) as plain truth tables over a Viewer, one case per way a rule can be
wrong: written for the mutation run (tests/mutation/run.py). Rows and units are stand-ins with only the
attributes a policy reads; the rules that load rows run on the test database."""
from __future__ import annotations

from types import SimpleNamespace as Row

import pytest

from models.access import account, achievement, application, binding, blacklist, committee, masking, person, task
from models.access.masking import PersonAccess
from models.access.review_path import can_view_review_path
from models.access.viewer import Viewer
from models.core.errors import Forbidden, Unauthenticated
from models.unit.models import UnitKind

EMPLOYER = Row(id=11, kind=UnitKind.EMPLOYER, region_id="340102")
CITY_HR = Row(id=21, kind=UnitKind.HR_BUREAU, region_id="340100")
PROVINCE_HR = Row(id=31, kind=UnitKind.HR_BUREAU, region_id="340000")
COUNTY_HR = Row(id=41, kind=UnitKind.HR_BUREAU, region_id="340102")
OTHER_CITY_HR = Row(id=51, kind=UnitKind.HR_BUREAU, region_id="340200")

ANON = Viewer()
USER = Viewer(account_id=1)
PERSON = Viewer(account_id=2, person_id=7)
PLATFORM = Viewer(account_id=3, is_platform_admin=True)
EMPLOYER_ADMIN = Viewer(account_id=4, admin_units={EMPLOYER.id: EMPLOYER})
CITY = Viewer(account_id=5, admin_units={CITY_HR.id: CITY_HR})
PROVINCE = Viewer(account_id=6, admin_units={PROVINCE_HR.id: PROVINCE_HR})
OTHER_CITY = Viewer(account_id=8, admin_units={OTHER_CITY_HR.id: OTHER_CITY_HR})
MIXED = Viewer(account_id=9, admin_units={EMPLOYER.id: EMPLOYER, COUNTY_HR.id: COUNTY_HR, PROVINCE_HR.id: PROVINCE_HR})


# --- the Viewer ------------------------------------------------------------------------------------------------

def test_authenticated_is_having_an_account():
    assert not ANON.authenticated and USER.authenticated and Viewer(account_id=0).authenticated


def test_hr_regions_are_those_of_hr_bureaus_only():
    assert EMPLOYER_ADMIN.hr_regions == []
    assert MIXED.hr_regions == ["340102", "340000"]


@pytest.mark.parametrize("viewer,expected", [(PROVINCE, True), (CITY, False), (EMPLOYER_ADMIN, False),
                                             (MIXED, True), (Viewer(account_id=1, admin_units={
                                                 99: Row(id=99, kind=UnitKind.ORGANIZER, region_id="340000")}), False)])
def test_provincial_hr_is_an_hr_bureau_of_a_province(viewer, expected):
    assert viewer.is_provincial_hr is expected


def test_catalogue_maintainers():
    PROVINCE.require_catalogue_maintainer()
    PLATFORM.require_catalogue_maintainer()
    with pytest.raises(Forbidden, match="^职称目录由省级人社部门维护$"):
        CITY.require_catalogue_maintainer()
    with pytest.raises(Unauthenticated):
        ANON.require_catalogue_maintainer()


def test_require_account_and_person():
    assert USER.require_account() == 1
    assert PERSON.require_person() == 7
    with pytest.raises(Unauthenticated):
        ANON.require_account()
    with pytest.raises(Unauthenticated):
        ANON.require_person()
    with pytest.raises(Forbidden, match="^只有专业技术人员可以执行此操作$"):
        USER.require_person()


@pytest.mark.parametrize("viewer,region,expected", [
    (CITY, "340100", True), (CITY, "340102", True), (CITY, "340200", False), (CITY, "340000", False),
    (PROVINCE, "340102", True), (PROVINCE, "350102", False), (EMPLOYER_ADMIN, "340102", False),
    (OTHER_CITY, "340102", False), (MIXED, "320102", False), (MIXED, "340201", True),
])
def test_covers_region(viewer, region, expected):
    assert viewer.covers_region(region) is expected


@pytest.mark.parametrize("viewer,unit,expected", [
    (PLATFORM, EMPLOYER, True), (EMPLOYER_ADMIN, EMPLOYER, True), (CITY, EMPLOYER, True),
    (OTHER_CITY, EMPLOYER, False), (USER, EMPLOYER, False), (EMPLOYER_ADMIN, CITY_HR, False),
])
def test_manages_unit(viewer, unit, expected):
    assert viewer.manages_unit(unit) is expected
    if expected:
        viewer.require_manages_unit(unit)
    else:
        with pytest.raises(Forbidden, match="^无权管理该单位$"):
            viewer.require_manages_unit(unit)


def test_require_platform_admin():
    PLATFORM.require_platform_admin()
    with pytest.raises(Forbidden, match="^仅平台管理员可以执行此操作$"):
        PROVINCE.require_platform_admin()
    with pytest.raises(Unauthenticated):
        ANON.require_platform_admin()
    with pytest.raises(Unauthenticated):
        ANON.require_manages_unit(EMPLOYER)


# --- policies over rows ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("viewer,owner,expected", [
    (USER, 1, True), (USER, 2, False), (PLATFORM, 1, True), (ANON, None, False), (USER, None, False),
    (Viewer(is_platform_admin=True), 1, False),
])
def test_owns(viewer, owner, expected):
    assert account.owns(viewer, owner) is expected


@pytest.mark.parametrize("viewer,row,region,expected", [
    (PLATFORM, Row(person_id=1, unit_id=None), None, True),
    (PERSON, Row(person_id=7, unit_id=None), None, True),
    (PERSON, Row(person_id=8, unit_id=None), None, False),
    (USER, Row(person_id=None, unit_id=None), None, False),  # no person id: not everyone's record
    (EMPLOYER_ADMIN, Row(person_id=8, unit_id=EMPLOYER.id), "340102", True),
    (EMPLOYER_ADMIN, Row(person_id=8, unit_id=99), "340102", False),
    (CITY, Row(person_id=8, unit_id=EMPLOYER.id), "340102", True),
    (CITY, Row(person_id=8, unit_id=None), None, False),
    (OTHER_CITY, Row(person_id=8, unit_id=EMPLOYER.id), "340102", False),
])
def test_can_view_record(viewer, row, region, expected):
    assert achievement.can_view_record(viewer, row, region) is expected


@pytest.mark.parametrize("viewer,owner,expected", [
    (USER, None, True), (USER, 1, True), (USER, 2, False), (PLATFORM, 2, True), (ANON, None, False),
])
def test_can_view_template(viewer, owner, expected):
    assert achievement.can_view_template(viewer, Row(owner_id=owner)) is expected


@pytest.mark.parametrize("viewer,row,units,region,expected", [
    (PERSON, Row(person_id=7, submitted_at=None), (), None, True),
    (Viewer(account_id=1), Row(person_id=None, submitted_at=1), (), None, False),  # no person: not the applicant
    (PLATFORM, Row(person_id=1, submitted_at=None), (), None, True),
    (EMPLOYER_ADMIN, Row(person_id=1, submitted_at=None), (EMPLOYER.id,), "340102", False),  # a draft
    (EMPLOYER_ADMIN, Row(person_id=1, submitted_at=1), (EMPLOYER.id,), None, True),
    (EMPLOYER_ADMIN, Row(person_id=1, submitted_at=1), (99, EMPLOYER.id), None, True),
    (EMPLOYER_ADMIN, Row(person_id=1, submitted_at=1), (99,), None, False),
    (CITY, Row(person_id=1, submitted_at=1), (), "340102", True),
    (CITY, Row(person_id=1, submitted_at=1), (), None, False),
    (OTHER_CITY, Row(person_id=1, submitted_at=1), (), "340102", False),
])
def test_may_view_application(viewer, row, units, region, expected):
    assert application.may_view_application(viewer, row, units, region) is expected


def test_is_applicant():
    assert application.is_applicant(PERSON, Row(person_id=7))
    assert not application.is_applicant(PERSON, Row(person_id=8))
    assert not application.is_applicant(USER, Row(person_id=None))


@pytest.mark.parametrize("viewer,row,region,expected", [
    (PLATFORM, Row(person_id=1, unit_id=99), "350100", True),
    (PERSON, Row(person_id=7, unit_id=99), "350100", True),
    (USER, Row(person_id=None, unit_id=99), "350100", False),
    (EMPLOYER_ADMIN, Row(person_id=1, unit_id=EMPLOYER.id), "340102", True),
    (CITY, Row(person_id=1, unit_id=EMPLOYER.id), "340102", True),
    (OTHER_CITY, Row(person_id=1, unit_id=EMPLOYER.id), "340102", False),
])
def test_can_view_binding(viewer, row, region, expected):
    assert binding.can_view_binding(viewer, row, region) is expected


@pytest.mark.parametrize("viewer,region,expected", [
    (PLATFORM, None, True), (CITY, "340102", True), (CITY, None, False), (OTHER_CITY, "340102", False),
    (EMPLOYER_ADMIN, "340102", False),
])
def test_oversees_blacklist(viewer, region, expected):
    assert blacklist.oversees_blacklist(viewer, region) is expected


@pytest.mark.parametrize("viewer,admins,region,expected", [
    (USER, [1], "340000", True), (USER, [2], "340000", False), (PROVINCE, [], "340000", True),
    (CITY, [], "340000", False), (PLATFORM, [], "340000", True), (ANON, [None], "340000", False),
])
def test_can_see_committee_admins(viewer, admins, region, expected):
    assert committee.can_see_committee_admins(viewer, admins, region) is expected


@pytest.mark.parametrize("viewer,expected", [(PLATFORM, True), (EMPLOYER_ADMIN, True), (CITY, False), (USER, False)])
def test_task_view_and_decide(viewer, expected):
    row = Row(unit_id=EMPLOYER.id)
    assert task.can_view_task(viewer, row) is expected
    assert task.can_decide_task(viewer, row) is (expected and not viewer.is_platform_admin)


def test_review_paths_are_read_by_anyone_signed_in():
    assert can_view_review_path(USER) and not can_view_review_path(ANON)


# --- people and masking ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("viewer,related,reviewing,expected", [
    (PLATFORM, [], (), PersonAccess.FULL),
    (PERSON, [], (), PersonAccess.FULL),
    (EMPLOYER_ADMIN, [EMPLOYER], (), PersonAccess.FULL),
    (EMPLOYER_ADMIN, [CITY_HR, EMPLOYER], (), PersonAccess.FULL),
    (EMPLOYER_ADMIN, [], (EMPLOYER.id,), PersonAccess.FULL),
    (EMPLOYER_ADMIN, [], (99, EMPLOYER.id), PersonAccess.FULL),
    (CITY, [EMPLOYER], (), PersonAccess.MASKED),
    (CITY, [OTHER_CITY_HR, EMPLOYER], (), PersonAccess.MASKED),
    (CITY, [], (EMPLOYER.id,), PersonAccess.NONE),
    (OTHER_CITY, [EMPLOYER], (), PersonAccess.NONE),
    (USER, [EMPLOYER], (), PersonAccess.NONE),
])
def test_person_access(viewer, related, reviewing, expected):
    assert person.person_access(viewer, Row(id=7 if viewer is PERSON else 70), iter(related), reviewing) is expected


def test_person_access_levels_are_ordered():
    assert PersonAccess.NONE < PersonAccess.MASKED < PersonAccess.FULL
    assert (PersonAccess.NONE.value, PersonAccess.MASKED.value, PersonAccess.FULL.value) == (0, 1, 2)


@pytest.mark.parametrize("value,masked", [
    ("340102198003079950", "34**************50"), ("12345", "12*45"), ("1234", "****"), ("", ""),
])
def test_mask_id_number(value, masked):
    assert masking.mask_id_number(value) == masked


@pytest.mark.parametrize("value,masked", [
    ("13800138000", "138****8000"), ("1234567", "123****4567"), ("123456", "******"),
])
def test_mask_mobile(value, masked):
    assert masking.mask_mobile(value) == masked


def test_ids_in_labels_are_masked_and_other_brackets_left():
    assert masking.mask_ids_in_label("职称申报-张三【340102198003079950】-高级工程师") == \
        "职称申报-张三【34**************50】-高级工程师"
    assert masking.mask_ids_in_label("【1234567】【abcdEFGH】") == "【1234567】【ab****GH】"
    assert masking.mask_ids_in_label("【甲乙丙丁戊己庚辛】") == "【甲乙丙丁戊己庚辛】"


# --- committees, on the database ---------------------------------------------------------------------------------

async def _committee(name: str, managing_unit):
    from models.catalogue.models import Series
    from models.committee.models import Committee

    return await Committee.create(name=name, tier="SENIOR", series=await Series.get(code="ENGINEERING"),
                                  levels=["SENIOR"], managing_unit=managing_unit)


async def test_managed_committees_join_every_way_of_managing(app):
    from models.access.viewer import load_viewer
    from models.committee.models import Committee, CommitteeAdmin, CommitteeOrganizer
    from tests.helpers import make_account, make_unit

    from tortoise import connections

    from tests.conftest import on_postgres

    if on_postgres():  # DELETE leaves PostgreSQL's sequence where it was; SQLite's clean resets it
        await connections.get("default").execute_query(
            "SELECT setval(pg_get_serial_sequence('account', 'id'), 1, false)")
    first = await make_account("首个账号")  # the first account of a clean database: id 1
    city = await make_unit("合肥市人社局", kind=UnitKind.HR_BUREAU, region="340100")
    other_city = await make_unit("芜湖市人社局", kind=UnitKind.HR_BUREAU, region="340200")
    organizer = await make_unit("组建单位", kind=UnitKind.ORGANIZER, region="340200")
    as_admin = await _committee("评委会甲", other_city.unit)
    as_organizer = await _committee("评委会乙", other_city.unit)
    as_hr = await _committee("评委会丙", city.unit)
    unrelated = await _committee("评委会丁", other_city.unit)
    await CommitteeAdmin.create(committee=unrelated, account=first.account)
    assert first.account.id == 1
    await CommitteeAdmin.create(committee=as_admin, account=city.account)
    await CommitteeOrganizer.create(committee=as_organizer, unit=organizer.unit)
    from models.unit.models import UnitAdmin

    await UnitAdmin.create(unit=organizer.unit, account=city.account)
    viewer = await load_viewer(city.account.id)

    async def seen(v) -> set[int]:
        ids = await committee.managed_committee_ids(v)
        return set(await Committee.filter(id__in=ids).values_list("id", flat=True))

    assert await seen(viewer) == {as_admin.id, as_organizer.id, as_hr.id}
    assert await seen(Viewer()) == set(), "nobody signed in manages the committees of account 1"
    assert await committee.managed_committee_ids(PLATFORM) is None


async def test_require_manages_says_whose_committees(app):
    from models.access.viewer import load_viewer
    from tests.helpers import make_unit

    city = await make_unit("合肥市人社局", kind=UnitKind.HR_BUREAU, region="340100")
    other_city = await make_unit("芜湖市人社局", kind=UnitKind.HR_BUREAU, region="340200")
    row = await _committee("评委会", other_city.unit)
    assert (await committee.require_manages(await load_viewer(other_city.account.id), row)).id == other_city.unit.id
    with pytest.raises(Forbidden, match="^只能管理本人社部门及下级人社部门设立的评委会$"):
        await committee.require_manages(await load_viewer(city.account.id), row)
    with pytest.raises(Unauthenticated):
        await committee.require_manages(ANON, row)


# --- plans and declarations, on the database ---------------------------------------------------------------------

async def test_plan_editors_are_the_plans_organizer_and_every_organizer_of_its_committee(app):
    from models.access.plan import may_edit_plan, require_edits_plan
    from models.access.viewer import load_viewer
    from models.committee.models import CommitteeOrganizer
    from tests.declaration_support import build_world
    from tests.helpers import make_unit

    world = await build_world()
    second = await make_unit("第二组建单位", kind=UnitKind.ORGANIZER, region="340000")
    await CommitteeOrganizer.create(committee=world.committee, unit=second.unit)
    await CommitteeOrganizer.filter(committee=world.committee, unit=world.organizer.unit).delete()
    assert await may_edit_plan(await load_viewer(world.organizer.account.id), world.plan), "the plan's own organizer"
    assert await may_edit_plan(await load_viewer(second.account.id), world.plan), "another organizer of the committee"
    employer = await load_viewer(world.employer.account.id)
    assert not await may_edit_plan(employer, world.plan)
    with pytest.raises(Forbidden, match="^只有评委会组建单位的管理员可以管理评审计划$"):
        await require_edits_plan(employer, world.plan)


async def test_a_reviewing_unit_sees_the_declarations_it_holds_an_application_task_for(http):
    from models.access.viewer import load_viewer
    from models.workflow.models import NodeKind, ProcessType, Task
    from tests.declaration_support import build_world
    from tests.test_task_centre import seed_in_review

    world = await build_world()
    first, second = await seed_in_review(world, 2)
    from models.application.models import Application

    app_a, app_b = await Application.get(id=first.subject_id), await Application.get(id=second.subject_id)
    department = await load_viewer(world.department.account.id)
    await Task.create(process_type=ProcessType.ACHIEVEMENT_RECORD, subject_id=app_a.id, unit=world.department.unit,
                      node_kind=NodeKind.EMPLOYER, title="业绩审核")
    assert not await application.can_view_application(department, app_a), "a record task with the same id"
    await Task.create(process_type=ProcessType.APPLICATION, subject_id=app_a.id, unit=world.department.unit,
                      node_kind=NodeKind.COMPETENT_DEPARTMENT, title="职称申报")
    assert await application.can_view_application(department, app_a)
    assert not await application.can_view_application(department, app_b), "a task for another declaration"

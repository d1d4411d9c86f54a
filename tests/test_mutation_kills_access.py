"""The access policies (models/access/) as plain truth tables over a Viewer, one case per way a rule can be
wrong: written for the mutation run (tests/mutation/run.py). Rows and units are stand-ins with only the
attributes a policy reads; the rules that load rows run on the test database."""
from __future__ import annotations

from types import SimpleNamespace as Row

import pytest

from models.access import (account, achievement, application, binding, blacklist, certificate, committee, masking,
                           person, reissue, task)
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


# --- certificates: issuer codes and number ranges ------------------------------------------------------------

ISSUER_ADMIN_ONLY = "发证单位编码和证书编号由人社部门管理"
OWN_REGION_ONLY = "只能管理本人社部门辖区内单位的发证单位编码和证书编号"
ISSUERS_ONLY = "只有发证单位的管理员可以发放、报送和撤销其证书"
TWO_CITY_HR = Viewer(account_id=12, admin_units={CITY_HR.id: CITY_HR, 61: Row(id=61, kind=UnitKind.HR_BUREAU,
                                                                                 region_id="340100")})


@pytest.mark.parametrize("viewer,expected", [
    (PLATFORM, True), (CITY, True), (PROVINCE, True), (MIXED, True), (EMPLOYER_ADMIN, False), (USER, False),
    (PERSON, False),
])
def test_may_administer_issuers(viewer, expected):
    assert certificate.may_administer_issuers(viewer) is expected


@pytest.mark.parametrize("viewer", [PLATFORM, CITY, MIXED])
def test_require_issuer_administrator_passes_hr_and_platform(viewer):
    certificate.require_issuer_administrator(viewer)


@pytest.mark.parametrize("viewer", [EMPLOYER_ADMIN, USER])
def test_require_issuer_administrator_refuses_with_its_message(viewer):
    with pytest.raises(Forbidden) as refused:
        certificate.require_issuer_administrator(viewer)
    assert str(refused.value) == ISSUER_ADMIN_ONLY


def test_require_issuer_administrator_wants_a_sign_in():
    with pytest.raises(Unauthenticated):
        certificate.require_issuer_administrator(ANON)


@pytest.mark.parametrize("viewer,region,expected", [
    (PLATFORM, "350102", True), (CITY, "340102", True), (CITY, "340100", True), (CITY, "340200", False),
    (PROVINCE, "340202", True), (OTHER_CITY, "340102", False), (EMPLOYER_ADMIN, "340102", False),
])
def test_manages_issuer(viewer, region, expected):
    assert certificate.manages_issuer(viewer, region) is expected


@pytest.mark.parametrize("viewer,region", [(PLATFORM, "350102"), (CITY, "340102"), (PROVINCE, "340202")])
def test_require_manages_issuer_passes(viewer, region):
    certificate.require_manages_issuer(viewer, region)


@pytest.mark.parametrize("viewer,region,message", [
    (CITY, "340200", OWN_REGION_ONLY), (OTHER_CITY, "340102", OWN_REGION_ONLY),
    (EMPLOYER_ADMIN, "340102", ISSUER_ADMIN_ONLY),  # not an HR bureau at all: refused before the region
])
def test_require_manages_issuer_refuses_with_its_message(viewer, region, message):
    with pytest.raises(Forbidden) as refused:
        certificate.require_manages_issuer(viewer, region)
    assert str(refused.value) == message


def test_require_manages_issuer_wants_a_sign_in():
    with pytest.raises(Unauthenticated):
        certificate.require_manages_issuer(ANON, "340102")


@pytest.mark.parametrize("viewer,expected", [
    (PLATFORM, None), (CITY, ["3401"]), (PROVINCE, ["34"]), (MIXED, ["34", "340102"]), (EMPLOYER_ADMIN, []),
    (TWO_CITY_HR, ["3401"]),  # one prefix per region, however many bureaus there
])
def test_issuer_region_prefixes(viewer, expected):
    assert certificate.issuer_region_prefixes(viewer) == expected


# --- certificates: issuing and seeing ------------------------------------------------------------------------

@pytest.mark.parametrize("viewer,unit_id,expected", [
    (PLATFORM, 99, True), (EMPLOYER_ADMIN, EMPLOYER.id, True), (EMPLOYER_ADMIN, 99, False),
    (CITY, EMPLOYER.id, False),  # covering the issuer's region is not issuing for it
    (USER, EMPLOYER.id, False),
])
def test_issues_for(viewer, unit_id, expected):
    assert certificate.issues_for(viewer, unit_id) is expected


@pytest.mark.parametrize("viewer,unit_id", [(PLATFORM, 99), (EMPLOYER_ADMIN, EMPLOYER.id), (MIXED, EMPLOYER.id)])
async def test_require_issues_for_passes_the_issuers_admins(viewer, unit_id):
    await certificate.require_issues_for(viewer, unit_id)


@pytest.mark.parametrize("viewer,unit_id", [(EMPLOYER_ADMIN, 99), (CITY, EMPLOYER.id), (USER, EMPLOYER.id)])
async def test_require_issues_for_refuses_others_with_its_message(viewer, unit_id):
    with pytest.raises(Forbidden) as refused:
        await certificate.require_issues_for(viewer, unit_id)
    assert str(refused.value) == ISSUERS_ONLY


async def test_require_issues_for_wants_a_sign_in():
    with pytest.raises(Unauthenticated):
        await certificate.require_issues_for(ANON, EMPLOYER.id)


def _cert(person_id=1, issuer_unit_id=None, issuer_region="", unit_region=""):
    return Row(person_id=person_id, issuer_unit_id=issuer_unit_id, issuer_region=issuer_region,
               unit_region=unit_region)


@pytest.mark.parametrize("viewer,cert,expected", [
    (ANON, _cert(person_id=None, issuer_unit_id=None, issuer_region="340102"), False),
    (Viewer(person_id=7), _cert(person_id=7), False),  # a person id without a sign-in
    (Viewer(is_platform_admin=True), _cert(), False),  # the flag without a sign-in
    (Viewer(admin_units={EMPLOYER.id: EMPLOYER}), _cert(issuer_unit_id=EMPLOYER.id), False),
    (PLATFORM, _cert(person_id=1, issuer_unit_id=99, issuer_region="350100", unit_region="350102"), True),
    (PERSON, _cert(person_id=7, issuer_unit_id=99, issuer_region="350100", unit_region="350102"), True),
    (PERSON, _cert(person_id=8, issuer_unit_id=99, issuer_region="350100", unit_region="350102"), False),
    (USER, _cert(person_id=None), False),  # no person id on either side: not the holder
    (EMPLOYER_ADMIN, _cert(issuer_unit_id=EMPLOYER.id, issuer_region="350100", unit_region="350102"), True),
    (EMPLOYER_ADMIN, _cert(issuer_unit_id=99, issuer_region="340102", unit_region="340102"), False),
    (EMPLOYER_ADMIN, _cert(issuer_unit_id=None, issuer_region="340102", unit_region="340102"), False),
    (CITY, _cert(issuer_unit_id=99, issuer_region="340102", unit_region=""), True),
    (CITY, _cert(issuer_unit_id=99, issuer_region="", unit_region="340102"), True),
    (CITY, _cert(issuer_unit_id=99, issuer_region="350100", unit_region="340102"), True),
    (CITY, _cert(issuer_unit_id=99, issuer_region="340102", unit_region="350102"), True),
    (CITY, _cert(issuer_unit_id=99, issuer_region="", unit_region=""), False),
    (CITY, _cert(issuer_unit_id=99, issuer_region="350100", unit_region="350102"), False),
    (OTHER_CITY, _cert(issuer_unit_id=EMPLOYER.id, issuer_region="340100", unit_region="340102"), False),
    (MIXED, _cert(issuer_unit_id=99, issuer_region="320100", unit_region="340201"), True),  # the province's
])
def test_can_view_certificate(viewer, cert, expected):
    assert certificate.can_view_certificate(viewer, cert) is expected


@pytest.mark.parametrize("viewer,cert", [
    (PERSON, _cert(person_id=7)), (EMPLOYER_ADMIN, _cert(issuer_unit_id=EMPLOYER.id)),
    (CITY, _cert(issuer_unit_id=99, unit_region="340102")),
])
def test_require_view_certificate_passes(viewer, cert):
    certificate.require_view_certificate(viewer, cert)


@pytest.mark.parametrize("viewer,cert", [
    (PERSON, _cert(person_id=8)), (CITY, _cert(issuer_unit_id=99, issuer_region="340200", unit_region="340202")),
])
def test_require_view_certificate_refuses_with_its_message(viewer, cert):
    with pytest.raises(Forbidden) as refused:
        certificate.require_view_certificate(viewer, cert)
    assert str(refused.value) == "无权查看该证书"


def test_require_view_certificate_wants_a_sign_in():
    with pytest.raises(Unauthenticated):
        certificate.require_view_certificate(ANON, _cert(person_id=None))


@pytest.mark.parametrize("viewer,expected", [
    (PLATFORM, True), (EMPLOYER_ADMIN, True), (CITY, True), (USER, False), (PERSON, False),
])
def test_may_query_certificates(viewer, expected):
    assert certificate.may_query_certificates(viewer) is expected


async def test_visible_certificates_are_the_ones_can_view_certificate_lets_see(app):
    """On real rows: each viewer's query returns exactly the certificates it may see one by one. The
    certificates get ids 1 to 7 (so a filter on id 1 instead of -1 would show)."""
    from models.certificate.models import Certificate
    from tests.certificate_support import direct_cert
    from tests.helpers import make_person, make_unit

    issuer_a = (await make_unit("发证单位甲", region="340104")).unit
    issuer_b = (await make_unit("安徽省人社厅", kind=UnitKind.HR_BUREAU, region="340000")).unit
    city = (await make_unit("合肥市人社局", kind=UnitKind.HR_BUREAU, region="340100")).unit
    wuhu = (await make_unit("芜湖市人社局", kind=UnitKind.HR_BUREAU, region="340200")).unit
    sichuan = (await make_unit("四川省人社厅", kind=UnitKind.HR_BUREAU, region="510000")).unit
    holder = (await make_person("持证人")).person
    rows = [  # id: (issuer unit, issuer_region, unit_region)
        (1, issuer_a, "340104", "340104"),
        (2, issuer_b, "340000", "340102"),  # Hefei's by the holder's unit only
        (3, issuer_a, "340104", "510104"),  # Hefei's by the issuer's region only
        (4, issuer_b, "340000", "340202"),
        (5, issuer_b, "340000", "350102"),
        (6, None, "", ""),
        (7, issuer_b, "340000", "510104"),
    ]
    for cert_id, issuer, issuer_region, unit_region in rows:
        await direct_cert(holder, issuer or issuer_a, id=cert_id, issuer_unit_id=issuer.id if issuer else None,
                          issuer_region=issuer_region, unit_region=unit_region)
    certs = await Certificate.all().order_by("id")
    assert [c.id for c in certs] == [1, 2, 3, 4, 5, 6, 7]

    def viewer_of(*units) -> Viewer:
        return Viewer(account_id=1, admin_units={u.id: u for u in units})

    cases = [
        (PLATFORM, {1, 2, 3, 4, 5, 6, 7}),
        (viewer_of(issuer_a), {1, 3}),  # an issuer, no HR bureau: its own certificates
        (viewer_of(city), {1, 2, 3}),  # by either region column
        (viewer_of(issuer_a, wuhu, sichuan), {1, 3, 4, 7}),  # its issuer's, and both regions'
        (viewer_of(wuhu, sichuan), {3, 4, 7}),
        (Viewer(account_id=1), set()),  # nobody's admin
    ]
    for viewer, expected in cases:
        seen = set(await certificate.visible_certificates(viewer).values_list("id", flat=True))
        assert seen == expected, viewer.admin_units.keys()
        assert {c.id for c in certs if certificate.can_view_certificate(viewer, c)} == expected


# --- evaluation schemes, on the database -------------------------------------------------------------------------

async def _scheme_world():
    """A draft plan of a committee managed by Wuhu's bureau, organized by one unit; another organizer unit
    (a stranger to the committee) and Hefei's bureau (below no one's) beside it."""
    from datetime import UTC, datetime, timedelta

    from models.committee.models import CommitteeOrganizer
    from models.plan.models import Plan
    from tests.helpers import make_unit

    wuhu = await make_unit("芜湖市人社局", kind=UnitKind.HR_BUREAU, region="340200")
    hefei = await make_unit("合肥市人社局", kind=UnitKind.HR_BUREAU, region="340100")
    organizer = await make_unit("组建单位", kind=UnitKind.ORGANIZER, region="340200")
    stranger = await make_unit("另一组建单位", kind=UnitKind.ORGANIZER, region="340000")
    committee_row = await _committee("评委会", wuhu.unit)
    await CommitteeOrganizer.create(committee=committee_row, unit=organizer.unit)
    now = datetime.now(UTC)
    plan = await Plan.create(name="评审计划", year=2026, committee=committee_row, organizer=organizer.unit,
                             levels=["SENIOR"], declaration_types=["REGULAR"], opens_at=now,
                             closes_at=now + timedelta(days=30))
    return Row(wuhu=wuhu, hefei=hefei, organizer=organizer, stranger=stranger, plan=plan)


async def test_can_view_scheme(app):
    from models.access.evaluation import can_view_scheme
    from models.access.viewer import load_viewer

    w = await _scheme_world()
    missing = w.plan.id + 1000  # a plan that is not there: only who needs it loads it
    cases = [
        (ANON, w.stranger.unit.id, w.plan.id, False),
        (PLATFORM, w.stranger.unit.id, missing, True),  # administers nothing, needs no plan
        (await load_viewer(w.stranger.account.id), w.stranger.unit.id, w.plan.id, True),  # the scheme's organizer
        (await load_viewer(w.stranger.account.id), w.stranger.unit.id, missing, True),
        (await load_viewer(w.organizer.account.id), w.stranger.unit.id, w.plan.id, True),  # the plan's organizer
        (await load_viewer(w.wuhu.account.id), w.stranger.unit.id, w.plan.id, True),  # manages the committee
        (await load_viewer(w.hefei.account.id), w.stranger.unit.id, w.plan.id, False),
        (await load_viewer(w.hefei.account.id), w.organizer.unit.id, w.plan.id, False),
    ]
    for viewer, organizer_id, plan_id, expected in cases:
        scheme = Row(organizer_id=organizer_id, plan_id=plan_id)
        assert await can_view_scheme(viewer, scheme) is expected, (viewer.admin_units.keys(), organizer_id)


async def test_require_composes_scheme(app):
    from models.access.evaluation import may_compose_scheme, require_composes_scheme
    from models.access.viewer import load_viewer

    w = await _scheme_world()
    await require_composes_scheme(await load_viewer(w.organizer.account.id), w.plan)
    await require_composes_scheme(PLATFORM, w.plan)
    assert not await may_compose_scheme(Viewer(is_platform_admin=True), w.plan), "the flag without a sign-in"
    for outsider in (w.wuhu, w.stranger):  # the managing bureau reviews, it does not compose
        with pytest.raises(Forbidden) as refused:
            await require_composes_scheme(await load_viewer(outsider.account.id), w.plan)
        assert str(refused.value) == "只有评委会组建单位的管理员可以编制呈报方案"
    with pytest.raises(Unauthenticated):
        await require_composes_scheme(ANON, w.plan)


# --- reissues (补换证) ---------------------------------------------------------------------------------------------

def _reissue(person_id=1, submitted=True, unit_id=EMPLOYER.id, id=9001):
    return Row(id=id, person_id=person_id, submitted_at=1 if submitted else None, unit_id=unit_id)


@pytest.mark.parametrize("viewer,row,units,region,expected", [
    (ANON, _reissue(person_id=None), (), "340102", False),
    (Viewer(person_id=7), _reissue(person_id=7), (), None, False),  # a person id without a sign-in
    (PERSON, _reissue(person_id=7, submitted=False, unit_id=None), (), None, True),  # their own draft
    (PERSON, _reissue(person_id=8), (), None, False),
    (USER, _reissue(person_id=None), (), None, False),  # no person id on either side
    (PLATFORM, _reissue(submitted=False, unit_id=None), (), None, True),
    (EMPLOYER_ADMIN, _reissue(submitted=False), (EMPLOYER.id,), "340102", False),  # a draft
    (CITY, _reissue(submitted=False), (), "340102", False),
    (EMPLOYER_ADMIN, _reissue(unit_id=None), (EMPLOYER.id,), "340102", False),  # no employer yet
    (EMPLOYER_ADMIN, _reissue(), (EMPLOYER.id,), None, True),
    (EMPLOYER_ADMIN, _reissue(), (99, EMPLOYER.id), None, True),
    (EMPLOYER_ADMIN, _reissue(), (99,), None, False),
    (EMPLOYER_ADMIN, _reissue(), (), "340102", False),  # not an HR bureau
    (CITY, _reissue(), (), "340102", True),
    (CITY, _reissue(), (), None, False),
    (OTHER_CITY, _reissue(), (), "340102", False),
])
def test_may_view_reissue(viewer, row, units, region, expected):
    assert reissue.may_view_reissue(viewer, row, units, region) is expected


async def test_can_view_reissue_loads_the_reissue_tasks_and_the_employer(app):
    from models.access.viewer import load_viewer
    from models.workflow.models import NodeKind, ProcessType, Task
    from tests.helpers import make_unit

    employer = await make_unit("用人单位", region="340102")
    department = await make_unit("主管部门", kind=UnitKind.COMPETENT_DEPARTMENT, region="340100")
    other = await make_unit("另一主管部门", kind=UnitKind.COMPETENT_DEPARTMENT, region="340100")
    city = await make_unit("合肥市人社局", kind=UnitKind.HR_BUREAU, region="340100")
    wuhu = await make_unit("芜湖市人社局", kind=UnitKind.HR_BUREAU, region="340200")
    from models.unit.models import UnitAdmin

    await UnitAdmin.create(unit=other.unit, account=city.account)  # Hefei's admin also holds `other`
    await UnitAdmin.create(unit=other.unit, account=wuhu.account)  # and so does Wuhu's
    row = _reissue(unit_id=employer.unit.id, id=9001)
    for process, subject, unit in ((ProcessType.REISSUE, row.id, department.unit),
                                   (ProcessType.APPLICATION, row.id, other.unit),  # same id, another process
                                   (ProcessType.REISSUE, row.id + 1, other.unit)):  # another reissue
        await Task.create(process_type=process, subject_id=subject, unit=unit, node_kind=NodeKind.EMPLOYER,
                          title="补换证")
    cases = [
        (department, True), (other, False), (employer, False),  # no task and not an HR bureau
        (city, True),  # no task of its units, but above the employer
        (wuhu, False),
    ]
    for actor, expected in cases:
        viewer = await load_viewer(actor.account.id)
        assert await reissue.can_view_reissue(viewer, row) is expected, actor.unit.name
        assert reissue.may_view_reissue(viewer, row, (department.unit.id,), "340102") is expected
    department_viewer = await load_viewer(department.account.id)
    for settled, expected in ((_reissue(submitted=False, unit_id=employer.unit.id), False),
                              (_reissue(unit_id=None), False),  # settled before the employer is loaded
                              (_reissue(person_id=7, submitted=False, unit_id=None), None)):
        if expected is None:
            assert await reissue.can_view_reissue(PERSON, settled)
            assert await reissue.can_view_reissue(PLATFORM, settled)
            assert not await reissue.can_view_reissue(ANON, settled)
        else:
            assert await reissue.can_view_reissue(department_viewer, settled) is expected

"""`zhicheng demo`: the Anhui demo data set loads once, is valid, and works through the API."""
from __future__ import annotations

from stdnum.cn import ric, uscc

from models.account import Account, Identity, IdentityProvider
from models.binding import Binding, BindingStatus
from models.errors import Collector
from models.history import HistoryEntry
from models.message import Message
from models.person import Person
from models.profile import check_profile
from models.unit import Unit, UnitAdmin, UnitKind, UnitNature
from models.validators import is_mobile
from tests.helpers import gid, gql
from zhicheng.demo import PASSWORD, PLATFORM_ADMIN_MOBILE, admin_mobiles, load_demo

LOGIN = "mutation($login: String!, $password: String!) { authLogin(input: {login: $login, password: $password}) " \
        "{ accessToken errors { code } } }"
REVIEWS = "query($unit: ID!) { registrationReviews(unitId: $unit, first: 10, filter: {status: [PENDING]}) " \
          "{ totalCount } }"


async def _counts() -> dict[str, int]:
    counts = {m.__name__: await m.all().count()
              for m in (Unit, UnitAdmin, Account, Identity, Person, Binding, HistoryEntry, Message)}
    for status in BindingStatus:
        counts[status.value] = await Binding.filter(status=status).count()
    return counts


async def _login(http, login: str) -> str:
    result = await gql(http, LOGIN, {"login": login, "password": PASSWORD})
    assert not result.get("errors"), result
    payload = result["data"]["authLogin"]
    assert not payload["errors"], payload
    return payload["accessToken"]


async def test_demo_loads_valid_data_once_and_serves_logins(app, http):
    lines = await load_demo()
    assert any(PLATFORM_ADMIN_MOBILE in line for line in lines)
    assert any(PASSWORD in line for line in lines)

    # Units: the HR bureaus, departments, talent centre, organizers and 20+ employers of many natures.
    employers = await Unit.filter(kind=UnitKind.EMPLOYER)
    assert len(employers) >= 20
    assert {UnitNature(u.nature) for u in employers} >= {
        UnitNature.PUBLIC_INSTITUTION, UnitNature.CENTRAL_PUBLIC_INSTITUTION, UnitNature.STATE_OWNED_ENTERPRISE,
        UnitNature.PRIVATE_ENTERPRISE, UnitNature.SOCIAL_ORGANIZATION}
    assert await Unit.filter(kind=UnitKind.TALENT_CENTER).count() == 1
    assert await Unit.filter(kind=UnitKind.ORGANIZER).count() >= 1
    assert await Unit.filter(kind=UnitKind.COMPETENT_DEPARTMENT).count() >= 3
    hr_regions = set(await Unit.filter(kind=UnitKind.HR_BUREAU).values_list("region_id", flat=True))
    assert {"340000", "340100"} <= hr_regions and len(hr_regions) >= 5
    units = await Unit.all()
    assert all(uscc.is_valid(u.credit_code) for u in units)
    assert all(is_mobile(u.contact_mobile) for u in units)
    assert await Unit.filter(kind=UnitKind.EMPLOYER, nature=UnitNature.PUBLIC_INSTITUTION,
                             competent_department_id__isnull=True).count() == 0
    assert await UnitAdmin.all().count() == len(units)

    # Persons: valid resident IDs matching birth date and gender, profiles that pass the app's rules.
    persons = await Person.all()
    assert len(persons) == 1000
    assert len({p.mobile for p in persons}) == 1000
    for p in persons:
        assert ric.is_valid(p.id_number), p.id_number
        assert ric.get_birth_date(p.id_number) == p.birth_date
        assert (int(p.id_number[16]) % 2 == 1) == (p.gender == "MALE")
        assert p.work_start_date >= p.birth_date.replace(year=p.birth_date.year + 20)
        assert 1 <= len(p.series) <= 3
        errors = Collector()
        check_profile(errors, {f: getattr(p, f) for f in (
            "mobile", "gender", "birth_date", "political_status", "ethnicity", "email", "address",
            "work_start_date", "highest_education", "series", "landline")},
            id_type=p.id_type, id_number=p.id_number, partial=False)
        assert not errors.problems, (p.real_name, errors.problems)
    identities = await Identity.filter(provider=IdentityProvider.ID_NUMBER.value).count()
    assert identities == 1000

    # Bindings in every state; the current unit follows the approved binding.
    counts = await _counts()
    assert all(counts[s.value] > 0 for s in BindingStatus), counts
    assert counts["PENDING"] >= 100 and counts["APPROVED"] >= 500
    approved = {(b.person_id, b.unit_id) for b in await Binding.filter(status=BindingStatus.APPROVED)}
    for p in persons:
        if p.current_unit_id is not None:
            assert (p.id, p.current_unit_id) in approved
    assert len({pid for pid, _ in approved}) == await Person.filter(current_unit_id__isnull=False).count()
    assert await Person.filter(is_freelancer=True, current_unit_id__isnull=False).count() > 0
    assert await Binding.filter(is_freelancer=True, unit__kind=UnitKind.EMPLOYER).count() == 0
    for status in (BindingStatus.APPROVED, BindingStatus.RETURNED):
        decided = await Binding.filter(status=status).count()
        action = "PASS" if status == BindingStatus.APPROVED else "RETURN"
        assert await HistoryEntry.filter(subject_type="Binding", action=action).count() == decided
    assert await Binding.filter(status=BindingStatus.RETURNED, opinion="").count() == 0
    assert await HistoryEntry.filter(action="REQUESTED").count() == counts["Binding"]
    # Every unit people join has registrations waiting for review.
    for unit in await Unit.filter(kind__in=[UnitKind.EMPLOYER, UnitKind.TALENT_CENTER]):
        assert await Binding.filter(unit_id=unit.id, status=BindingStatus.PENDING).exists(), unit.name

    # Running it again inserts nothing and prints the same logins.
    again = await load_demo()
    assert await _counts() == counts
    assert again[1:-2] == lines[1:-2]

    # Ids were reserved properly: ordinary inserts after the demo do not collide.
    extra = await Account.create(display_name="新账号")
    person = persons[-1]
    await Binding.create(person_id=person.id, unit_id=employers[0].id)
    await Unit.create(name="新单位", kind=UnitKind.EMPLOYER, nature=UnitNature.OTHER, region_id="340100",
                      contact_name="联系人", contact_mobile="13900000000", email="new@example.com")
    assert extra.id > max(p.account_id for p in persons)

    # The printed logins work: the 民营企业 admin sees pending registrations of their unit.
    employer = await Unit.get(name="合肥星辰智能科技有限公司")
    assert employer.nature == UnitNature.PRIVATE_ENTERPRISE
    login = admin_mobiles()["pe_tech"]
    assert any(login in line for line in lines)
    token = await _login(http, login)
    result = await gql(http, REVIEWS, {"unit": gid("Unit", employer.id)}, token=token)
    assert not result.get("errors"), result
    assert result["data"]["registrationReviews"]["totalCount"] > 0

    # The other printed logins sign in too, persons by mobile and by ID number.
    for line in lines:
        for word in line.replace("：", " ").replace("（", " ").split():
            if is_mobile(word) or ric.is_valid(word):
                await _login(http, word)

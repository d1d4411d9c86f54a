"""Demo data (`zhicheng demo`, `zhicheng serve --demo`): Anhui with its HR bureaus, competent
departments, 25+ employers of every nature, a talent centre, organizers, 1,000 persons with valid
resident IDs and unit bindings in every state, their history and notices. Committees, plans, the
achievement library and declarations at every stage are added in the same transaction by
zhicheng/demo_catalogue.py, demo_library.py and demo_declarations.py.

Deterministic (fixed seed) and idempotent: when the platform admin's demo mobile is already
registered nothing is inserted and the logins are printed again. Everything is written with
``bulk_create`` inside one transaction, with ids reserved up front (bulk inserts do not report
the ids they got on SQLite or PostgreSQL).

Every demo mobile starts with 1440: 11-digit numbers there are not handed out to subscribers
(140–144 are 13-digit IoT numbers), so a misconfigured SMS sender cannot reach a real person.
Demo e-mail addresses use the reserved example.com domain.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from importlib import resources

from strawberry import relay
from stdnum.cn import ric, uscc
from tortoise.transactions import in_transaction

from models.account.models import Account, Identity, IdentityProvider
from models.person.binding import Binding, BindingStatus
from models.core.history import HistoryEntry
from models.messaging.models import Message
from models.person.models import Degree, Education, Gender, IdType, Person, PoliticalStatus
from models.region.models import Region, division_table, ensure_regions
from models.unit.models import NATURE_LABELS, Unit, UnitAdmin, UnitKind
from zhicheng.demo_data import (AREA_CODES, CITIES, COUNTIES, DEMO_PERSONS, ETHNIC_MINORITIES, EXPLANATIONS, N,
                                FREELANCER_HOSTS, FREELANCER_SERIES, GIVEN_ANY, GIVEN_FEMALE, GIVEN_MALE, K,
                                KIND_LABELS, LOGIN_UNITS, RETURN_OPINIONS, ROADS, STATUS_LABELS, STORIES,
                                SURNAMES, TITLES, UNITS, UnitSpec)


PASSWORD = "Demo@2026"
PLATFORM_ADMIN_MOBILE = "14400000000"  # also the marker: present ⇒ the demo is loaded
PERSON_COUNT = 1000
SEED = 2026
BATCH = 1000

def admin_mobiles() -> dict[str, str]:
    """The login of each unit's demo admin: HR bureaus 14400 + region code, the others 144010nnnnn."""
    mobiles, seq = {}, 0
    for spec in UNITS:
        if spec.kind == K.HR_BUREAU:
            mobiles[spec.key] = f"14400{spec.region}"
        else:
            seq += 1
            mobiles[spec.key] = f"144010{seq:05d}"
    return mobiles


def _org_code(rng: random.Random) -> str:
    """A GB 11714 organization code: 8 digits and its check character."""
    body = "".join(rng.choice("0123456789") for _ in range(8))
    total = sum(int(c) * w for c, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2)))
    check = 11 - total % 11
    return body + ("X" if check == 10 else "0" if check == 11 else str(check))


def credit_code(rng: random.Random, spec: UnitSpec) -> str:
    """A unified social credit code (GB 32100) with its check character."""
    registrar = {N.GOVERNMENT_AGENCY: "11", N.PUBLIC_INSTITUTION: "12", N.CENTRAL_PUBLIC_INSTITUTION: "12",
                 N.SOCIAL_ORGANIZATION: "51"}.get(spec.nature, "91")
    while True:
        first17 = registrar + spec.region + _org_code(rng)
        code = first17 + uscc.calc_check_digit(first17)
        if uscc.is_valid(code):
            return code


@lru_cache(maxsize=1)
def _anhui_codes() -> tuple[tuple[str, tuple[tuple[int, int], ...]], ...]:
    """Every Anhui county-level code in stdnum's loc.dat, current or historical, with the years it
    was in use: an ID number keeps the code of where it was first issued (someone born in 阜阳 in
    the 1970s carries a 3421xx code, not 3412xx). Same rule as ``stdnum.cn.ric.get_birth_place``."""
    text = resources.files("stdnum.cn").joinpath("loc.dat").read_text(encoding="utf-8")
    codes, inside = [], False
    for line in text.splitlines():
        if line and line[0].isdigit():
            inside = line.startswith("34")
            continue
        match = re.match(r'^\s+(\d{4}) county="(.*)"$', line)
        if not inside or not match or match.group(1).endswith("00"):
            continue
        spans = []
        for name in match.group(2).split(","):
            span = re.match(r"^\[(\d*)-(\d*)\](.*)$", name)
            if span is None:
                spans.append((0, 9999))
            else:
                spans.append((int(span.group(1) or 0), int(span.group(2) or 9999)))
                name = span.group(3)
        if name not in ("市辖区", "市区"):
            codes.append(("34" + match.group(1), tuple(spans)))
    return tuple(codes)


@lru_cache(maxsize=None)
def _codes_valid_in(year: int) -> tuple[str, ...]:
    """The codes a resident ID of someone born in ``year`` may carry."""
    return tuple(code for code, spans in _anhui_codes() if any(lo <= year <= hi for lo, hi in spans))


def resident_id(rng: random.Random, city: str | None, birth: date, gender: Gender, used: set[str]) -> str:
    """A valid resident ID: a code that existed in the birth year (within ``city``'s prefix when it
    had one then), the birth date, an order code whose parity matches the gender, the check digit."""
    codes = _codes_valid_in(birth.year)
    local = [c for c in codes if city and c.startswith(city)]
    while True:
        order = rng.randrange(1, 500) * 2 + (1 if gender == Gender.MALE else 0)
        body = f"{rng.choice(local or codes)}{birth:%Y%m%d}{order:03d}"
        number = body + ric.calc_check_digit(body + "0")
        if number not in used:
            used.add(number)
            return number


def _name(rng: random.Random, gender: Gender) -> str:
    pool = GIVEN_MALE if gender == Gender.MALE else GIVEN_FEMALE
    given = rng.choice(pool) if rng.random() < 0.35 else rng.choice(GIVEN_ANY + pool) + rng.choice(pool)
    return rng.choice(SURNAMES) + given


def _landline(rng: random.Random, region: str) -> str:
    return f"{AREA_CODES.get(region[:4], '0551')}-{rng.randrange(2, 9)}{rng.randrange(0, 10**7):07d}"


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


async def _reserve_ids(conn, table: str, count: int) -> list[int]:
    """Ids for rows inserted by bulk_create: from the sequence on PostgreSQL (so later inserts
    never collide), after the current maximum on SQLite (AUTOINCREMENT follows explicit ids)."""
    if count == 0:
        return []
    if conn.capabilities.dialect == "postgres":
        rows = await conn.execute_query_dict(
            f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) AS id FROM generate_series(1, {count})")
        return sorted(int(r["id"]) for r in rows)
    rows = await conn.execute_query_dict(f"SELECT COALESCE(MAX(id), 0) AS top FROM {table}")
    start = int(rows[0]["top"]) + 1
    return list(range(start, start + count))


@dataclass
class _Person:
    mobile: str
    name: str
    gender: Gender
    birth: date
    unit: str  # key of the unit the person belongs to or asks to join
    story: str
    freelancer: bool = False
    other: str | None = None  # superseded request / previous employer
    id_number: str = ""


def _education(rng: random.Random, spec: UnitSpec | None, age: int) -> tuple[Education, Degree | None]:
    if spec is None:
        weights = {"BACHELOR": 50, "JUNIOR_COLLEGE": 35, "MASTER": 10, "SECONDARY_VOCATIONAL": 5}
    elif spec.nature == N.CENTRAL_PUBLIC_INSTITUTION or "HIGHER_EDUCATION_TEACHER" in spec.series:
        weights = {"DOCTORAL": 45, "MASTER": 40, "BACHELOR": 15}
    elif "NATURAL_SCIENCE_RESEARCHER" in spec.series or "HEALTH" in spec.series:
        weights = {"DOCTORAL": 10, "MASTER": 35, "BACHELOR": 45, "JUNIOR_COLLEGE": 10}
    elif spec.nature in (N.PUBLIC_INSTITUTION, N.STATE_OWNED_ENTERPRISE):
        weights = {"MASTER": 20, "BACHELOR": 65, "JUNIOR_COLLEGE": 15}
    else:
        weights = {"MASTER": 10, "BACHELOR": 50, "JUNIOR_COLLEGE": 30, "SECONDARY_VOCATIONAL": 7, "HIGH_SCHOOL": 3}
    education = Education(_weighted(rng, weights))
    if education == Education.DOCTORAL and age < 30:
        education = Education.MASTER
    degree = {Education.DOCTORAL: Degree.DOCTOR, Education.MASTER: Degree.MASTER}.get(education)
    if education == Education.BACHELOR:
        degree = Degree.BACHELOR if rng.random() < 0.9 else Degree.NONE
    elif degree is None:
        degree = Degree.NONE if rng.random() < 0.7 else None
    return education, degree


START_AGE = {Education.DOCTORAL: 29, Education.MASTER: 25, Education.BACHELOR: 22, Education.JUNIOR_COLLEGE: 21,
             Education.SECONDARY_VOCATIONAL: 20, Education.HIGH_SCHOOL: 20, Education.JUNIOR_HIGH_OR_BELOW: 20}


def _plan_people(rng: random.Random) -> list[_Person]:
    employers = {s.key: s.weight for s in UNITS if s.kind == K.EMPLOYER}
    used_mobiles = {m for m, *_ in DEMO_PERSONS} | set(admin_mobiles().values())
    people: list[_Person] = []
    for mobile, name, gender, birth, unit, story in DEMO_PERSONS:
        people.append(_Person(mobile, name, gender, birth, unit, story))
    # Every unit people join gets pending registrations to review.
    slots = [(key, "pending", False) for key in employers for _ in range(3)]
    slots += [(key, "pending", True) for key in FREELANCER_HOSTS for _ in range(2)]
    stories = dict(STORIES)
    while len(people) < PERSON_COUNT:
        if slots:
            unit, story, freelancer = slots.pop(0)
        else:
            freelancer = rng.random() < 0.06
            unit = _weighted(rng, FREELANCER_HOSTS if freelancer else employers)
            story = _weighted(rng, stories)
        while True:
            mobile = f"1440{rng.randrange(2_000_000, 10_000_000):07d}"  # admins use 14400…, 14401…
            if mobile not in used_mobiles:
                used_mobiles.add(mobile)
                break
        gender = Gender.MALE if rng.random() < 0.5 else Gender.FEMALE
        birth = date(rng.randrange(1966, 2001), rng.randrange(1, 13), rng.randrange(1, 29))
        person = _Person(mobile, _name(rng, gender), gender, birth, unit, story, freelancer)
        if story in ("superseded", "transfer"):
            person.other = rng.choice([k for k in employers if k != unit])
        people.append(person)
    rest = people[len(DEMO_PERSONS):]
    rng.shuffle(rest)
    return people[:len(DEMO_PERSONS)] + rest


async def load_demo() -> list[str]:
    """Loads the demo once (one transaction) and returns the lines to print: logins and counts.
    The platform part is here; the catalogue, library and declarations parts live in
    zhicheng/demo_catalogue.py, demo_library.py and demo_declarations.py (with demo_quotas.py), sharing
    zhicheng/demo_context.py."""
    from models.catalogue.seed import ensure_catalogue
    from zhicheng import demo_catalogue, demo_context, demo_declarations, demo_library

    await ensure_regions()
    await ensure_catalogue()
    async with in_transaction() as conn:
        loaded = await Identity.filter(provider=IdentityProvider.PHONE.value, subject=PLATFORM_ADMIN_MOBILE)\
            .using_db(conn).exists()
        if not loaded:
            await _insert(conn)
            demo = await demo_context.start(conn, datetime.now(timezone.utc).replace(microsecond=0))
            await demo_catalogue.insert_catalogue(demo)
            await demo_library.insert_library(demo)
            await demo_declarations.insert_declarations(demo)
    return await _report(already=loaded)


def _clamp(moment: datetime, now: datetime) -> datetime:
    return min(moment, now - timedelta(hours=1))


Plan = list[tuple[str, BindingStatus, datetime, "datetime | None"]]  # unit key, status, created, decided


def _bindings(rng: random.Random, p: _Person, now: datetime) -> tuple[datetime, Plan]:
    """The person's registration time and bindings, oldest first."""
    S = BindingStatus
    days = lambda lo, hi: timedelta(days=rng.randrange(lo, hi), minutes=rng.randrange(0, 1440))  # noqa: E731
    if p.story == "pending":
        registered = now - days(1, 25)
    elif p.story in ("superseded", "returned_again"):
        registered = now - days(15, 90)
    elif p.story == "transfer":
        registered = now - days(120, 700)
    else:
        registered = now - days(30, 700)
    created = registered + timedelta(minutes=rng.randrange(1, 30))
    if p.story == "approved":
        return registered, [(p.unit, S.APPROVED, created, _clamp(created + days(0, 10), now))]
    if p.story == "pending":
        return registered, [(p.unit, S.PENDING, created, None)]
    if p.story == "returned":
        return registered, [(p.unit, S.RETURNED, created, _clamp(created + days(0, 7), now))]
    if p.story == "returned_again":
        returned = _clamp(created + days(0, 5), now)
        return registered, [(p.unit, S.RETURNED, created, returned),
                            (p.unit, S.PENDING, _clamp(returned + days(1, 4), now), None)]
    if p.story == "superseded":
        assert p.other
        return registered, [(p.other, S.SUPERSEDED, created, None),
                            (p.unit, S.PENDING, _clamp(created + days(1, 10), now), None)]
    if p.story == "transfer":
        assert p.other
        return registered, [(p.other, S.APPROVED, created, _clamp(created + days(0, 10), now)),
                            (p.unit, S.PENDING, now - days(1, 20), None)]
    return registered, []  # unbound: registered without choosing a unit yet


def _home(rng: random.Random, region: str) -> str:
    """Where someone working in ``region`` lives: mostly a district of the same city."""
    if region.endswith("0000"):
        region = rng.choice(("340100",) * 4 + CITIES)
    counties = [c for c in COUNTIES if c.startswith(region[:4])]
    return rng.choice(counties) if counties and rng.random() < 0.8 else region


async def _insert(conn) -> None:
    from models.account.auth import hash_password

    rng = random.Random(SEED)
    now = datetime.now(timezone.utc).replace(microsecond=0)
    today = now.date()
    password_hash = hash_password(PASSWORD)  # once for every account: argon2 is slow on purpose
    specs = {s.key: s for s in UNITS}
    names = {c: n for c, n, *_ in division_table()}
    missing = sorted({s.region for s in UNITS} - set(
        await Region.filter(code__in=[s.region for s in UNITS]).using_db(conn).values_list("code", flat=True)))
    if missing:
        raise RuntimeError(f"regions {', '.join(missing)} are missing: run `zhicheng migrate` first")

    def place(region: str) -> str:
        chain = [region[:2] + "0000", region[:4] + "00", region]
        return "".join(dict.fromkeys(names.get(c, "") for c in chain))

    people = _plan_people(rng)
    plans = [_bindings(rng, p, now) for p in people]
    binding_count = sum(len(b) for _, b in plans)
    unit_ids = dict(zip(specs, await _reserve_ids(conn, "unit", len(specs))))
    account_ids = await _reserve_ids(conn, "account", len(specs) + 1 + len(people))
    person_ids = await _reserve_ids(conn, "person", len(people))
    binding_ids = iter(await _reserve_ids(conn, "binding", binding_count))
    admin_account = dict(zip(specs, account_ids))
    platform_id = account_ids[len(specs)]
    person_accounts = account_ids[len(specs) + 1:]

    # --- units, one admin each, the platform admin ----------------------------------------------
    units, accounts, identities, unit_admins = [], [], [], []
    credit_codes: set[str] = set()
    long_ago = now - timedelta(days=720)
    mobiles = admin_mobiles()
    for spec in UNITS:
        admin_mobile = mobiles[spec.key]
        code = credit_code(rng, spec)
        while code in credit_codes:
            code = credit_code(rng, spec)
        credit_codes.add(code)
        enterprise = spec.nature in (N.STATE_OWNED_ENTERPRISE, N.PRIVATE_ENTERPRISE, N.FOREIGN_ENTERPRISE)
        institution = spec.nature in (N.PUBLIC_INSTITUTION, N.CENTRAL_PUBLIC_INSTITUTION)
        contact = _name(rng, Gender.MALE if rng.random() < 0.5 else Gender.FEMALE)
        units.append(Unit(
            id=unit_ids[spec.key], name=spec.name, kind=spec.kind, nature=spec.nature, credit_code=code,
            legal_rep_name=_name(rng, Gender.MALE if rng.random() < 0.7 else Gender.FEMALE),
            legal_rep_phone=_landline(rng, spec.region),
            address=f"{place(spec.region)}{rng.choice(ROADS)}{rng.randrange(1, 999)}号",
            contact_name=contact, contact_mobile=admin_mobile, fax=_landline(rng, spec.region),
            email=f"{spec.key.replace('_', '')}@example.com", region_id=spec.region, is_central=spec.central,
            competent_department_id=unit_ids[spec.competent] if spec.competent else None,
            economic_type={N.STATE_OWNED_ENTERPRISE: "国有全资", N.PRIVATE_ENTERPRISE: "私营有限责任公司",
                           N.FOREIGN_ENTERPRISE: "外商投资企业"}.get(spec.nature, ""),
            tax_number=code if enterprise else "",
            license_kind="营业执照" if enterprise else ("事业单位法人证书" if institution else ""),
            license_number=code if enterprise or institution else "",
            created_at=long_ago, updated_at=long_ago,
        ))
        account_id = admin_account[spec.key]
        accounts.append(Account(id=account_id, display_name=contact, password_hash=password_hash,
                                created_at=long_ago))
        identities.append(Identity(account_id=account_id, provider=IdentityProvider.PHONE.value,
                                   subject=admin_mobile, created_at=long_ago))
        unit_admins.append(UnitAdmin(unit_id=unit_ids[spec.key], account_id=account_id, created_at=long_ago))
    accounts.append(Account(id=platform_id, display_name="平台运维管理员", password_hash=password_hash,
                            is_platform_admin=True, created_at=long_ago))
    identities.append(Identity(account_id=platform_id, provider=IdentityProvider.PHONE.value,
                               subject=PLATFORM_ADMIN_MOBILE, created_at=long_ago))

    # --- persons, their bindings, history and notices -------------------------------------------
    persons, bindings, history, messages = [], [], [], []
    used_ids: set[str] = set()
    S = BindingStatus
    for p, person_id, account_id, (registered, plan) in zip(people, person_ids, person_accounts, plans):
        works_at = p.other if p.story == "transfer" else p.unit  # the profile follows the current unit
        spec = None if p.freelancer and works_at == p.unit else specs[works_at]
        home = specs[works_at].region
        born_in = home[:4] if home[2:] != "0000" and rng.random() < 0.7 else None
        p.id_number = resident_id(rng, born_in, p.birth, p.gender, used_ids)
        age = (today - p.birth).days // 365
        education, degree = _education(rng, spec, age)
        start_age = START_AGE[education] + rng.randrange(0, 3)
        work_start = date(min(p.birth.year + start_age, today.year - 1), rng.choice((7, 7, 8, 9)), 1)
        if work_start < p.birth.replace(year=p.birth.year + 20):  # nobody starts before 20
            work_start = work_start.replace(year=work_start.year + 1)
        series = list(spec.series[:1]) if spec else [rng.choice(FREELANCER_SERIES)]
        pool = spec.series[1:] if spec else FREELANCER_SERIES
        if spec and "ENTERPRISE" in spec.nature.value:
            pool += ("ECONOMICS", "ACCOUNTING")
        while pool and len(series) < 3 and rng.random() < 0.3:
            extra = rng.choice(pool)
            if extra not in series:
                series.append(extra)
        ladder = TITLES.get(series[0], ())
        years = today.year - work_start.year
        title = ladder[min(len(ladder) - 1, years // 6)] if ladder and rng.random() < 0.85 else ""
        political = PoliticalStatus(_weighted(rng, {
            "CPC_MEMBER": 34, "CPC_PROBATIONARY_MEMBER": 2, "CYL_MEMBER": 8 if age < 30 else 1,
            "DEMOCRATIC_PARTY_MEMBER": 3, "NON_PARTISAN": 2, "MASSES": 50}))
        current = None
        if plan and plan[0][1] == S.APPROVED:
            current = unit_ids[plan[0][0]]
        persons.append(Person(
            id=person_id, account_id=account_id, real_name=p.name, id_type=IdType.RESIDENT_ID,
            id_number=p.id_number, mobile=p.mobile, gender=p.gender, birth_date=p.birth,
            political_status=political,
            ethnicity="汉族" if rng.random() < 0.96 else rng.choice(ETHNIC_MINORITIES),
            email=f"{p.mobile}@example.com",
            address=f"{place(_home(rng, home))}{rng.choice(ROADS)}{rng.randrange(1, 999)}号",
            work_start_date=work_start, highest_education=education, degree=degree, series=series,
            title_name=title, landline=_landline(rng, home) if rng.random() < 0.2 else "",
            administrative_post=rng.choice(("科长", "副科长", "主任", "副主任", "教研组长")) if rng.random() < 0.08
            else "",
            is_freelancer=p.freelancer and p.story in ("approved", "pending", "returned", "returned_again"),
            current_unit_id=current, created_at=registered, updated_at=registered,
        ))
        accounts.append(Account(id=account_id, display_name=p.name, password_hash=password_hash,
                                created_at=registered))
        identities.append(Identity(account_id=account_id, provider=IdentityProvider.PHONE.value,
                                   subject=p.mobile, created_at=registered))
        identities.append(Identity(account_id=account_id, provider=IdentityProvider.ID_NUMBER.value,
                                   subject=p.id_number, created_at=registered))
        for unit_key, status, created, decided in plan:
            binding_id = next(binding_ids)
            unit_id, decider = unit_ids[unit_key], admin_account[unit_key]
            freelance = specs[unit_key].kind != K.EMPLOYER
            explanation = (f"自由职业，人事档案存放于{specs[unit_key].name}" if freelance
                           else rng.choice(EXPLANATIONS))
            opinion = ""
            if status == S.APPROVED:
                opinion = rng.choice(("", "同意", "情况属实，同意注册"))
            elif status == S.RETURNED:
                opinion = rng.choice(RETURN_OPINIONS)
            bindings.append(Binding(
                id=binding_id, person_id=person_id, unit_id=unit_id, is_freelancer=freelance,
                explanation=explanation, status=status, opinion=opinion,
                decided_by_id=decider if decided else None, decided_at=decided,
                version=0 if status == S.PENDING else 1, created_at=created))
            history.append(HistoryEntry(subject_type="Binding", subject_id=binding_id, action="REQUESTED",
                                        opinion=explanation, actor_id=account_id, unit_id=unit_id,
                                        created_at=created))
            if decided is None:
                continue
            passed = status == S.APPROVED
            history.append(HistoryEntry(subject_type="Binding", subject_id=binding_id,
                                        action="PASS" if passed else "RETURN", opinion=opinion,
                                        actor_id=decider, unit_id=unit_id, created_at=decided))
            unit_name = specs[unit_key].name
            messages.append(Message(
                recipient_id=account_id, title="注册审核通过" if passed else "注册审核退回",
                body=(f"{unit_name}已审核通过您的注册，您现在可以提交业绩和申报职称。" if passed
                      else f"{unit_name}退回了您的注册申请。审核意见：{opinion}"),
                link_type="Binding", link_id=relay.to_base64("Binding", binding_id),
                dedupe_key=f"binding:{binding_id}:{status.value}",
                read_at=decided + timedelta(hours=rng.randrange(1, 72)) if now - decided > timedelta(days=7)
                and rng.random() < 0.8 else None,
                created_at=decided))

    for model, rows in ((Unit, units), (Account, accounts), (Identity, identities), (UnitAdmin, unit_admins),
                        (Person, persons), (Binding, bindings), (HistoryEntry, history), (Message, messages)):
        await model.bulk_create(rows, batch_size=BATCH, using_db=conn)


async def _report(*, already: bool) -> list[str]:
    """The demo logins and the current counts, read back from the database."""
    specs = {s.key: s for s in UNITS}
    mobiles = admin_mobiles()
    lines = [("演示数据已存在，未重复导入" if already else "演示数据已导入")
             + f"。演示账号（手机号登录，密码均为 {PASSWORD}）：",
             f"  平台管理员：{PLATFORM_ADMIN_MOBILE}"]
    for label, key in LOGIN_UNITS:
        spec = specs[key]
        lines.append(f"  {label}：{mobiles[key]}（{spec.name}，{NATURE_LABELS[spec.nature]}）")
    for mobile, name, *_, unit_key, story in DEMO_PERSONS:
        person = await Person.get_or_none(mobile=mobile)
        state = "注册已审核通过" if story == "approved" else "注册待审核，此前被退回过一次"
        lines.append(f"  个人 {name}：{mobile} 或身份证号 {person.id_number if person else '-'}"
                     f"（{specs[unit_key].name}，{state}）")
    kinds = {k: await Unit.filter(kind=k).count() for k in UnitKind}
    statuses = {s: await Binding.filter(status=s).count() for s in BindingStatus}
    lines.append("统计：单位 " + "，".join(f"{KIND_LABELS[k]} {n}" for k, n in kinds.items())
                 + f"；个人 {await Person.all().count()}，账号 {await Account.all().count()}")
    lines.append("  人员注册申请 " + "，".join(f"{STATUS_LABELS[s]} {n}" for s, n in statuses.items())
                 + f"；流程记录 {await HistoryEntry.all().count()}，消息 {await Message.all().count()}")
    from zhicheng import demo_catalogue, demo_declarations

    return lines + await demo_catalogue.report_lines() + await demo_declarations.report_lines()

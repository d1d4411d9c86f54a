"""Demo persons: 1,000 professionals with valid resident IDs and profiles (deterministic, fixed seed),
and their unit bindings in every state.

Accounts, identities and profiles are inserted in bulk (``register_person`` hashes a password per
person, ~1,000 argon2 hashes; the profile is checked with the same ``check_profile`` instead). Every
binding goes through the rules: ``request_binding`` as the person, ``decide_bindings`` as the unit's
admin in batches of up to 100 (each batch creates its notice job, as ``bindingDecide`` does).
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from stdnum.cn import ric

from models.account.models import Account, Identity, IdentityProvider
from models.core.errors import Collector
from models.person.binding import BindingDecision, decide_bindings, request_binding
from models.person.models import Degree, Education, Gender, IdType, Person, PoliticalStatus
from models.person.profile import check_profile
from zhicheng.demo.context import Demo
from zhicheng.demo.data import (CITIES, COUNTIES, DEMO_PERSONS, ETHNIC_MINORITIES, EXPLANATIONS, FREELANCER_HOSTS,
                                FREELANCER_SERIES, PERSON_COUNT, RETURN_OPINIONS, ROADS, STORIES, TITLES, UNITS, K,
                                N, UnitSpec, admin_mobiles, landline, person_name, weighted)
from zhicheng.demo.units import place

SEED = 2026


@cache
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


@cache
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
    row: Person | None = None


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
    education = Education(weighted(rng, weights))
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
            unit = weighted(rng, FREELANCER_HOSTS if freelancer else employers)
            story = weighted(rng, stories)
        while True:
            mobile = f"1440{rng.randrange(2_000_000, 10_000_000):07d}"  # admins use 14400…, 14401…
            if mobile not in used_mobiles:
                used_mobiles.add(mobile)
                break
        gender = Gender.MALE if rng.random() < 0.5 else Gender.FEMALE
        birth = date(rng.randrange(1966, 2001), rng.randrange(1, 13), rng.randrange(1, 29))
        person = _Person(mobile, person_name(rng, gender), gender, birth, unit, story, freelancer)
        if story in ("superseded", "transfer"):
            person.other = rng.choice([k for k in employers if k != unit])
        people.append(person)
    rest = people[len(DEMO_PERSONS):]
    rng.shuffle(rest)
    return people[:len(DEMO_PERSONS)] + rest


def _home(rng: random.Random, region: str) -> str:
    """Where someone working in ``region`` lives: mostly a district of the same city."""
    if region.endswith("0000"):
        region = rng.choice(("340100",) * 4 + CITIES)
    counties = [c for c in COUNTIES if c.startswith(region[:4])]
    return rng.choice(counties) if counties and rng.random() < 0.8 else region



async def insert_persons(demo: Demo) -> None:
    rng = random.Random(SEED)
    today = demo.now.date()
    people = _plan_people(rng)
    persons, accounts, identities, used_ids = [], [], [], set()
    for p in people:
        works_at = p.other if p.story == "transfer" else p.unit  # the profile follows the current unit
        spec = None if p.freelancer and works_at == p.unit else demo.specs[works_at]
        home = demo.specs[works_at].region
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
        profile = {
            "mobile": p.mobile, "gender": p.gender, "birth_date": p.birth, "work_start_date": work_start,
            "political_status": PoliticalStatus(weighted(rng, {
                "CPC_MEMBER": 34, "CPC_PROBATIONARY_MEMBER": 2, "CYL_MEMBER": 8 if age < 30 else 1,
                "DEMOCRATIC_PARTY_MEMBER": 3, "NON_PARTISAN": 2, "MASSES": 50})),
            "ethnicity": "汉族" if rng.random() < 0.96 else rng.choice(ETHNIC_MINORITIES),
            "email": f"{p.mobile}@example.com",
            "address": f"{place(_home(rng, home))}{rng.choice(ROADS)}{rng.randrange(1, 999)}号",
            "highest_education": education, "degree": degree, "series": series,
            "title_name": ladder[min(len(ladder) - 1, years // 6)] if ladder and rng.random() < 0.85 else "",
            "landline": landline(rng, home) if rng.random() < 0.2 else "",
            "administrative_post": rng.choice(("科长", "副科长", "主任", "副主任", "教研组长"))
            if rng.random() < 0.08 else ""}
        errors = Collector()  # what registration would have checked
        check_profile(errors, profile, id_type=IdType.RESIDENT_ID, id_number=p.id_number, partial=False)
        if errors.problems:
            raise RuntimeError(f"invalid demo person {p.name}: {errors.problems}")
        account_id = await demo.ids.next("account")
        p.row = Person(id=await demo.ids.next("person"), account_id=account_id, real_name=p.name,
                       id_type=IdType.RESIDENT_ID, id_number=p.id_number, **profile)
        persons.append(p.row)
        accounts.append(Account(id=account_id, display_name=p.name, password_hash=demo.password_hash))
        identities += [Identity(account_id=account_id, provider=IdentityProvider.PHONE.value, subject=p.mobile),
                       Identity(account_id=account_id, provider=IdentityProvider.ID_NUMBER.value,
                                subject=p.id_number)]
    for model, rows in ((Account, accounts), (Identity, identities), (Person, persons)):
        await demo.bulk(model, rows)
    await _bindings(demo, rng, people)


async def _bindings(demo: Demo, rng: random.Random, people: list[_Person]) -> None:
    """Each story as the person and the unit would have lived it: ask, (decide), ask again."""

    async def ask(p: _Person, unit_key: str) -> int:
        spec = demo.specs[unit_key]
        freelance = spec.kind != K.EMPLOYER
        text = f"自由职业，人事档案存放于{spec.name}" if freelance else rng.choice(EXPLANATIONS)
        binding = await request_binding(p.row, demo.unit_ids[unit_key], is_freelancer=freelance,
                                        explanation=text, actor_id=p.row.account_id)
        return binding.id

    decisions: dict[tuple[int, BindingDecision, str], list[int]] = {}
    for p in people:
        if p.story == "unbound":
            continue
        first = p.other if p.story in ("superseded", "transfer") else p.unit
        binding_id = await ask(p, first)
        if p.story in ("approved", "transfer"):
            key = (demo.unit_ids[first], BindingDecision.PASS, rng.choice(("", "同意", "情况属实，同意注册")))
        elif p.story in ("returned", "returned_again"):
            key = (demo.unit_ids[first], BindingDecision.RETURN, rng.choice(RETURN_OPINIONS))
        else:
            continue
        decisions.setdefault(key, []).append(binding_id)
    for (unit_id, decision, opinion), ids in sorted(decisions.items()):
        viewer = await demo.viewer(unit_id)
        for start in range(0, len(ids), 100):  # the batch limit of bindingDecide
            await decide_bindings(viewer, ids[start:start + 100], decision, opinion)
    for p in people:
        if p.story in ("returned_again", "superseded", "transfer"):
            await ask(p, p.unit)

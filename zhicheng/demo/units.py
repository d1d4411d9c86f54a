"""Demo units: HR bureaus, competent departments, employers of every nature, the talent centre and the
organizers, each with one admin, the platform admin, and every unit's electronic seal.

Units and accounts are reference data with no rule to build them in bulk (``register_unit`` creates one
unit for a signed-in account), so they are inserted directly under reserved ids; the seals go through
``models.unit.seal.upload_seal`` as each unit's admin.
"""
from __future__ import annotations

import random
from datetime import timedelta

from stdnum.cn import uscc

from models.account.auth import hash_password
from models.account.models import Account, Identity, IdentityProvider
from models.region.models import Region, division_table
from models.unit.models import Unit, UnitAdmin
from models.unit.seal import upload_seal
from zhicheng.demo.context import Demo
from zhicheng.demo.data import (ORGANIZERS, PASSWORD, PLATFORM_ADMIN_MOBILE, ROADS, UNITS, N, UnitSpec,
                                admin_mobiles, any_name, landline, organizer_mobiles)

SEED = 2026


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


def place(region: str) -> str:
    """安徽省合肥市蜀山区: the names of the region and the levels above it."""
    names = {c: n for c, n, *_ in division_table()}
    chain = [region[:2] + "0000", region[:4] + "00", region]
    return "".join(dict.fromkeys(names.get(c, "") for c in chain))


async def insert_units(demo: Demo) -> None:
    rng = random.Random(SEED)
    specs = UNITS + ORGANIZERS
    missing = sorted({s.region for s in specs} - set(
        await Region.filter(code__in=[s.region for s in specs]).values_list("code", flat=True)))
    if missing:
        raise RuntimeError(f"regions {', '.join(missing)} are missing: run `zhicheng migrate` first")
    demo.password_hash = hash_password(PASSWORD)  # once for every account: argon2 is slow on purpose
    mobiles = {**admin_mobiles(), **organizer_mobiles()}
    for spec in specs:
        demo.unit_ids[spec.key], demo.specs[spec.key] = await demo.ids.next("unit"), spec
    units, accounts, identities, admins, codes = [], [], [], [], set()
    long_ago = demo.now - timedelta(days=720)
    for spec in specs:
        code = credit_code(rng, spec)
        while code in codes:
            code = credit_code(rng, spec)
        codes.add(code)
        enterprise = spec.nature in (N.STATE_OWNED_ENTERPRISE, N.PRIVATE_ENTERPRISE, N.FOREIGN_ENTERPRISE)
        institution = spec.nature in (N.PUBLIC_INSTITUTION, N.CENTRAL_PUBLIC_INSTITUTION)
        contact, unit_id, account_id = any_name(rng), demo.unit_ids[spec.key], await demo.ids.next("account")
        units.append(Unit(
            id=unit_id, name=spec.name, kind=spec.kind, nature=spec.nature, credit_code=code,
            legal_rep_name=any_name(rng), legal_rep_phone=landline(rng, spec.region),
            address=f"{place(spec.region)}{rng.choice(ROADS)}{rng.randrange(1, 999)}号",
            contact_name=contact, contact_mobile=mobiles[spec.key], fax=landline(rng, spec.region),
            email=f"{spec.key.replace('_', '')}@example.com", region_id=spec.region, is_central=spec.central,
            competent_department_id=demo.unit_ids[spec.competent] if spec.competent else None,
            economic_type={N.STATE_OWNED_ENTERPRISE: "国有全资", N.PRIVATE_ENTERPRISE: "私营有限责任公司",
                           N.FOREIGN_ENTERPRISE: "外商投资企业"}.get(spec.nature, ""),
            tax_number=code if enterprise else "",
            license_kind="营业执照" if enterprise else ("事业单位法人证书" if institution else ""),
            license_number=code if enterprise or institution else "", created_at=long_ago, updated_at=long_ago))
        accounts.append(Account(id=account_id, display_name=contact, password_hash=demo.password_hash,
                                created_at=long_ago))
        identities.append(Identity(account_id=account_id, provider=IdentityProvider.PHONE.value,
                                   subject=mobiles[spec.key], created_at=long_ago))
        admins.append(UnitAdmin(unit_id=unit_id, account_id=account_id, created_at=long_ago))
        demo.admin[unit_id] = account_id
    platform = await demo.ids.next("account")
    accounts.append(Account(id=platform, display_name="平台运维管理员", password_hash=demo.password_hash,
                            is_platform_admin=True, created_at=long_ago))
    identities.append(Identity(account_id=platform, provider=IdentityProvider.PHONE.value,
                               subject=PLATFORM_ADMIN_MOBILE, created_at=long_ago))
    for model, rows in ((Unit, units), (Account, accounts), (Identity, identities), (UnitAdmin, admins)):
        await demo.bulk(model, rows)
    demo.units = {u.id: u for u in await Unit.filter(id__in=list(demo.unit_ids.values()))}


async def stamp_seals(demo: Demo) -> None:
    """Every demo unit reviews somewhere (employers, departments, bureaus, the talent centre, organizers),
    so each admin uploads the unit's seal, and the review form stamps each node it passed."""
    for unit_id, unit in list(demo.units.items()):
        upload = demo.files.upload("seal", f"{unit.name}电子印章")
        demo.units[unit_id] = await upload_seal(await demo.viewer(unit_id), demo.storage, unit, upload)

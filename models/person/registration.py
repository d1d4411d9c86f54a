"""Person registration (个人注册) and profile edits (完善信息)."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from tortoise.exceptions import IntegrityError

from models.account.models import Account, Identity, IdentityProvider
from models.account.auth import check_password_rules, hash_password
from models.person.binding import request_binding
from models.core.errors import Collector, refuse
from models.person.models import IdType, Person
from models.person.profile import check_identity, check_profile

PROFILE_FIELDS = (
    "mobile", "gender", "birth_date", "political_status", "ethnicity", "email", "address", "work_start_date",
    "highest_education", "degree", "series", "title_name", "skill_level", "administrative_post", "landline",
)


async def register_person(data: dict[str, Any], password: str | None) -> Person:
    """Creates account, identities and profile; binds to a unit when one was picked.
    Runs inside the caller's transaction."""
    errors = Collector()
    id_type, id_number = data.get("id_type"), (data.get("id_number") or "").strip().upper()
    check_identity(errors, data.get("real_name"), id_type, id_number)
    check_profile(errors, data, id_type=id_type, id_number=id_number, partial=False)
    check_password_rules(errors, password)
    if data.get("is_freelancer") and not data.get("unit_id"):
        errors.add("REQUIRED", "自由职业者请选择当地人社部门或人才服务中心作为自己的单位", "unitId")
    errors.raise_if_any()

    if await Person.filter(id_type=id_type, id_number=id_number).exists():
        raise refuse("DUPLICATE_ID_NUMBER", "该证件号码已注册，请直接登录", "idNumber")
    if await Identity.filter(provider=IdentityProvider.ID_NUMBER.value, subject=id_number).exists():
        raise refuse("DUPLICATE_ID_NUMBER", "该证件号码已注册，请直接登录", "idNumber")
    if await Identity.filter(provider=IdentityProvider.PHONE.value, subject=data["mobile"]).exists():
        raise refuse("DUPLICATE_MOBILE", "该手机号码已被其他账号使用", "mobile")
    try:
        account = await Account.create(display_name=data["real_name"].strip(), password_hash=hash_password(password))
        await Identity.create(account=account, provider=IdentityProvider.PHONE.value, subject=data["mobile"])
        await Identity.create(account=account, provider=IdentityProvider.ID_NUMBER.value, subject=id_number)
        person = await Person.create(
            account=account,
            real_name=data["real_name"].strip(),
            id_type=id_type,
            id_number=id_number,
            is_freelancer=False,  # becomes true when an HR bureau or talent centre approves the binding
            **{k: data.get(k) if data.get(k) is not None else _default(k) for k in PROFILE_FIELDS},
        )
    except IntegrityError:
        # Lost a race with an identical registration: the unique constraints decided.
        raise refuse("DUPLICATE_ID_NUMBER", "该证件号码或手机号码已注册，请直接登录", "idNumber") from None
    if data.get("unit_id"):
        await request_binding(person, data["unit_id"], is_freelancer=bool(data.get("is_freelancer")),
                              explanation=data.get("binding_explanation") or "", actor_id=account.id)
    return person


def _default(name: str):
    return [] if name == "series" else ("" if name not in ("degree",) else None)


async def update_profile(person: Person, data: dict[str, Any]) -> Person:
    """``data`` holds only the fields the client sent. Name and ID never change here."""
    errors = Collector()
    for frozen, label in (("real_name", "真实姓名"), ("id_type", "证件类型"), ("id_number", "证件号码")):
        if frozen in data:
            errors.add("IMMUTABLE", f"{label}注册后不可修改", frozen)
    check_profile(errors, data, id_type=IdType(person.id_type), id_number=person.id_number, partial=True,
                  current={"birth_date": person.birth_date, "work_start_date": person.work_start_date})
    errors.raise_if_any()
    new_mobile = data.get("mobile")
    if new_mobile and new_mobile != person.mobile:
        taken = await Identity.filter(provider=IdentityProvider.PHONE.value, subject=new_mobile).exclude(
            account_id=person.account_id).exists()
        if taken:
            raise refuse("DUPLICATE_MOBILE", "该手机号码已被其他账号使用", "mobile")
        try:
            moved = await Identity.filter(account_id=person.account_id, provider=IdentityProvider.PHONE.value).update(
                subject=new_mobile)
            if not moved:  # an account that never had a phone sign-in gets one
                await Identity.create(account_id=person.account_id, provider=IdentityProvider.PHONE.value,
                                      subject=new_mobile)
        except IntegrityError:
            raise refuse("DUPLICATE_MOBILE", "该手机号码已被其他账号使用", "mobile") from None
    changes = {k: (v if v is not None else _default(k)) for k, v in data.items() if k in PROFILE_FIELDS}
    if changes:
        # A queryset update skips auto_now, so stamp the edit here.
        await Person.filter(id=person.id).update(**changes, updated_at=datetime.now(timezone.utc))
    return await Person.get(id=person.id)

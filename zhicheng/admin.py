"""Creating the first platform admin from the command line."""
from __future__ import annotations

from models.account.models import Account, Identity, IdentityProvider
from models.account.auth import check_password_rules, hash_password
from models.core.errors import Collector, Refused
from models.core.validators import is_mobile


async def create_platform_admin(login: str, name: str, password: str) -> Account:
    errors = Collector()
    check_password_rules(errors, password)
    if not is_mobile(login):
        errors.add("INVALID_MOBILE", "手机号码格式不正确", "login")
    try:
        errors.raise_if_any()
    except Refused as refused:
        raise ValueError("; ".join(p.message for p in refused.problems)) from None
    identity = await Identity.filter(provider=IdentityProvider.PHONE.value, subject=login).select_related("account").first()
    if identity:
        account = identity.account
        account.is_platform_admin = True
        account.password_hash = hash_password(password)
        await account.save()
        return account
    account = await Account.create(display_name=name, password_hash=hash_password(password), is_platform_admin=True)
    await Identity.create(account=account, provider=IdentityProvider.PHONE.value, subject=login)
    return account

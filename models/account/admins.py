"""Admin rosters: the accounts that administer a unit (单位管理员) or a committee (评委会账号).

Both are link tables of (owner, account): an admin is added by login (mobile or ID number) and removed
by account id. Who may change a roster is the owner's policy; callers ask it first.
"""
from __future__ import annotations

from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.models import Model
from tortoise.queryset import QuerySet

from models.account.auth import account_for_login
from models.account.models import Account
from models.core.errors import Refused, refuse


@dataclass(frozen=True)
class AdminRoster:
    link: type[Model]  # UnitAdmin, CommitteeAdmin
    owner_field: str  # the link's column naming the owner: unit_id, committee_id
    noun: str  # how messages name the owner: 单位, 评委会

    def _links(self, owner_id: int) -> QuerySet:
        return self.link.filter(**{self.owner_field: owner_id})

    def _already(self) -> Refused:
        return refuse("ALREADY_ADMIN", f"该账号已是本{self.noun}管理员", "login")

    async def add_admin(self, owner_id: int, login: str) -> Account:
        account = await account_for_login(login)
        if await self._links(owner_id).filter(account_id=account.id).exists():
            raise self._already()
        try:
            await self.link.create(**{self.owner_field: owner_id, "account_id": account.id})
        except IntegrityError:  # a concurrent add of the same account won
            raise self._already() from None
        return account

    async def remove_admin(self, owner_id: int, account_id: int, *, last_admin: Refused | None = None) -> None:
        """``last_admin``: the refusal when this would remove the owner's only admin (units keep one);
        the caller locks the owner row first so two removals cannot both see one other admin left."""
        admins = await self._links(owner_id).values_list("account_id", flat=True)
        if account_id not in admins:
            raise refuse("NOT_FOUND", f"该账号不是本{self.noun}管理员", "accountId")
        if last_admin is not None and len(admins) <= 1:
            raise last_admin
        await self._links(owner_id).filter(account_id=account_id).delete()

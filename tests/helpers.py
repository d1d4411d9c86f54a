"""Helpers for API tests: a GraphQL call, role builders, a SQL counter, the burst worker."""
from __future__ import annotations

import itertools
import json
import logging
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from stdnum.cn import ric
from strawberry import relay

from models.account.models import Account, Identity, IdentityProvider
from models.account.auth import hash_password, issue_access_token
from models.person.binding import Binding, BindingStatus
from models.person.models import Person
from models.unit.models import Unit, UnitAdmin, UnitKind, UnitNature

PASSWORD = "Passw0rd!"
_HASH = None
_seq = itertools.count(1)


def password_hash() -> str:
    global _HASH
    if _HASH is None:
        _HASH = hash_password(PASSWORD)
    return _HASH


def gid(type_name: str, pk: int) -> str:
    return relay.to_base64(type_name, pk)


def resident_id(birth: date = date(1985, 6, 15), *, male: bool = True, seq: int | None = None,
                region: str = "340121") -> str:
    """A valid 18-digit resident ID (GB 11643) for a region that existed at ``birth``."""
    n = seq if seq is not None else next(_seq)
    order = (n % 499) * 2 + (1 if male else 0)
    if order == 0:
        order = 2
    body = f"{region}{birth:%Y%m%d}{order:03d}"
    return body + ric.calc_check_digit(body + "0")


def mobile(n: int | None = None) -> str:
    return f"139{(n if n is not None else next(_seq)):08d}"


async def gql(http, query: str, variables: dict | None = None, token: str | None = None) -> dict:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await http.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def upload(http, query: str, variables: dict, files: dict[str, tuple[str, bytes, str]],
                 token: str | None = None, csrf: bool = True) -> "httpx.Response":  # noqa: F821
    """GraphQL multipart request: ``files`` maps a variable path (e.g. input.file) to (name, bytes, type)."""
    mapping = {str(i): [f"variables.{path}"] for i, path in enumerate(files)}
    data = {"operations": json.dumps({"query": query, "variables": variables}), "map": json.dumps(mapping)}
    parts = {str(i): spec for i, spec in enumerate(files.values())}
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if csrf:
        headers["X-Zhicheng-CSRF"] = "1"
    return await http.post("/graphql", data=data, files=parts, headers=headers)


def error_codes(result: dict) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in result.get("errors") or []]


def assert_forbidden(result: dict) -> None:
    assert "FORBIDDEN" in error_codes(result), result


def assert_unauthenticated(result: dict) -> None:
    assert "UNAUTHENTICATED" in error_codes(result), result


def assert_unseen(result: dict) -> None:
    """``node(id)`` refuses with the null a missing ID gets: no error, nothing that says the ID exists."""
    assert result == {"data": {"node": None}}, result


def payload_errors(result: dict, name: str) -> list[dict]:
    assert not result.get("errors"), result
    return result["data"][name]["errors"]


def token_for(account_id: int) -> str:
    from tests.conftest import SECRET

    return issue_access_token(account_id, SECRET, 900)


@dataclass
class Actor:
    account: Account
    token: str
    person: Person | None = None
    unit: Unit | None = None


async def make_account(name: str = "管理员", *, platform_admin: bool = False, phone: str | None = None) -> Actor:
    account = await Account.create(display_name=name, password_hash=password_hash(),
                                   is_platform_admin=platform_admin)
    await Identity.create(account=account, provider=IdentityProvider.PHONE.value, subject=phone or mobile())
    return Actor(account=account, token=token_for(account.id))


async def make_unit(name: str | None = None, *, kind: UnitKind = UnitKind.EMPLOYER, region: str = "340100",
                    nature: UnitNature = UnitNature.PRIVATE_ENTERPRISE) -> Actor:
    """A unit with one admin; returns the admin."""
    n = next(_seq)
    unit = await Unit.create(name=name or f"测试单位{n}", kind=kind, nature=nature, region_id=region,
                             contact_name="联系人", contact_mobile=mobile(), email=f"unit{n}@example.cn")
    admin = await make_account(f"{unit.name}管理员")
    await UnitAdmin.create(unit=unit, account=admin.account)
    admin.unit = unit
    return admin


async def make_person(name: str = "张三", *, unit: Unit | None = None, status: BindingStatus | None = None,
                      birth: date = date(1985, 6, 15), male: bool = True) -> Actor:
    """A registered person; with ``unit`` a binding in ``status`` (APPROVED sets the current unit)."""
    phone = mobile()
    actor = await make_account(name, phone=phone)
    number = resident_id(birth, male=male)
    await Identity.create(account=actor.account, provider=IdentityProvider.ID_NUMBER.value, subject=number)
    person = await Person.create(
        account=actor.account, real_name=name, id_type="RESIDENT_ID", id_number=number, mobile=phone,
        gender="MALE" if male else "FEMALE", birth_date=birth, political_status="MASSES", ethnicity="汉族",
        email="p@example.cn", address="安徽省合肥市", work_start_date=date(2008, 7, 1),
        highest_education="BACHELOR", series=["ENGINEERING"])
    if unit is not None:
        state = status or BindingStatus.PENDING
        await Binding.create(person=person, unit=unit, status=state)
        if state == BindingStatus.APPROVED:
            person.current_unit_id = unit.id
            await person.save()
    actor.person = person
    return actor


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.startswith(("Created connection pool", "Closed connection pool")):
            self.statements.append(message)


@contextmanager
def count_sql():
    """Counts the SQL statements Tortoise sends inside the block."""
    logger = logging.getLogger("tortoise.db_client")
    handler, old_level = _Counter(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield handler.statements
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)


async def run_jobs(settings) -> None:
    """Runs every queued job with a real arq worker in burst mode."""
    from workers.lease import JobPolicy
    from workers.settings import build_worker

    worker = build_worker(settings.redis_url, burst=True, ctx={"job_policy": JobPolicy.of(settings)})
    try:
        await worker.async_run()
    finally:
        await worker.close()

"""Sign-in: passwords (argon2), access tokens (JWT), rotating refresh tokens, throttling.

A refresh token is single-use: using it rotates it. Presenting a token that was
already rotated means it leaked, so the whole family (that sign-in) is revoked.
"""
from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from redis.exceptions import RedisError
from tortoise.transactions import in_transaction

from models.account.models import Account, Identity, IdentityProvider, RefreshToken
from models.core.errors import Collector, refuse
from models.core.keys import parse_key

_hasher = PasswordHasher()
# Verifying against this keeps the timing of "no such account" close to "wrong password".
_DUMMY_HASH = _hasher.hash("zhicheng-dummy-password")
ACCESS_AUDIENCE = "zhicheng:access"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def check_password_rules(errors: Collector, password: str | None, field: str = "password") -> None:
    """8–64 characters with at least three of: lower case, upper case, digits, symbols."""
    if not errors.require(password, field, "密码"):
        return
    assert password is not None
    kinds = sum(bool(re.search(p, password)) for p in (r"[a-z]", r"[A-Z]", r"\d", r"[^A-Za-z\d]"))
    if not 8 <= len(password) <= 64 or kinds < 3:
        errors.add("WEAK_PASSWORD", "密码须为8至64位，且包含大写字母、小写字母、数字、符号中的至少三类", field)


def now() -> datetime:
    return datetime.now(timezone.utc)


def issue_access_token(account_id: int, secret: str, ttl: int) -> str:
    issued = now()
    claims = {"sub": str(account_id), "aud": ACCESS_AUDIENCE, "iat": issued, "exp": issued + timedelta(seconds=ttl)}
    return jwt.encode(claims, secret, algorithm="HS256")


def read_access_token(token: str, secret: str) -> int | None:
    """The account id in a valid, unexpired access token we issued (it carries exp, iat, aud and a
    ``sub`` that is a real key); None otherwise, so the caller is anonymous like with any bad token."""
    try:
        claims = jwt.decode(token, secret, algorithms=["HS256"], audience=ACCESS_AUDIENCE,
                            options={"require": ["exp", "iat", "aud", "sub"]})
    except jwt.PyJWTError:
        return None
    return parse_key(claims["sub"])  # "1000…0" would overflow the viewer's query (an HTTP 500)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int
    account_id: int


async def _new_refresh_token(account_id: int, family: str, ttl: int) -> str:
    token = secrets.token_urlsafe(32)
    await RefreshToken.create(
        account_id=account_id, family=family, token_hash=_digest(token), expires_at=now() + timedelta(seconds=ttl)
    )
    return token


async def start_session(account: Account, secret: str, access_ttl: int, refresh_ttl: int) -> TokenPair:
    refresh = await _new_refresh_token(account.id, str(uuid.uuid4()), refresh_ttl)
    return TokenPair(issue_access_token(account.id, secret, access_ttl), refresh, access_ttl, account.id)


async def find_account_by_login(login: str) -> Account | None:
    """A login is a mobile number or an ID number."""
    login = login.strip().upper()
    identity = await Identity.filter(
        provider__in=[IdentityProvider.PHONE.value, IdentityProvider.ID_NUMBER.value], subject=login
    ).select_related("account").first()
    return identity.account if identity else None


async def account_for_login(login: str | None, field: str = "login") -> Account:
    """The existing account a unit or committee wants to make an admin, by mobile or ID number."""
    if not (login or "").strip():
        raise refuse("REQUIRED", "请填写管理员手机号或证件号", field)
    account = await find_account_by_login(login)
    if account is None:
        raise refuse("NOT_FOUND", "未找到该手机号或证件号对应的账号，请先注册", field)
    return account


async def rotate_refresh_token(token: str, secret: str, access_ttl: int, refresh_ttl: int) -> TokenPair:
    async with in_transaction():
        row = await RefreshToken.filter(token_hash=_digest(token)).select_for_update().first()
        if row is None or row.revoked_at is not None or row.expires_at <= now():
            raise refuse("INVALID_TOKEN", "登录凭证无效或已过期，请重新登录", "refreshToken")
        if row.rotated_at is not None:
            # A rotated token came back: treat the sign-in as stolen (revoked by the caller).
            raise _ReusedToken()
        updated = await RefreshToken.filter(id=row.id, rotated_at=None).update(rotated_at=now())
        if not updated:
            raise refuse("INVALID_TOKEN", "登录凭证无效或已过期，请重新登录", "refreshToken")
        account = await Account.get(id=row.account_id)
        if not account.is_active:
            raise refuse("ACCOUNT_DISABLED", "账号已停用", "refreshToken")
        refresh = await _new_refresh_token(row.account_id, row.family, refresh_ttl)
    return TokenPair(issue_access_token(row.account_id, secret, access_ttl), refresh, access_ttl, row.account_id)


class _ReusedToken(Exception):
    """Raised inside the transaction only to leave it; the revocation is committed separately."""


async def refresh_session(token: str, secret: str, access_ttl: int, refresh_ttl: int) -> TokenPair:
    try:
        return await rotate_refresh_token(token, secret, access_ttl, refresh_ttl)
    except _ReusedToken:
        # The transaction above rolled back; revoke the family for good, then refuse.
        row = await RefreshToken.filter(token_hash=_digest(token)).first()
        if row is not None:
            await RefreshToken.filter(family=row.family, revoked_at=None).update(revoked_at=now())
        raise refuse("TOKEN_REUSED", "登录凭证已被使用过，为安全起见已注销该次登录，请重新登录", "refreshToken")


async def end_session(token: str, account_id: int) -> bool:
    """Logout revokes the whole family of the presented token (only the caller's own)."""
    row = await RefreshToken.filter(token_hash=_digest(token), account_id=account_id).first()
    if row is None:
        return False
    await RefreshToken.filter(family=row.family, revoked_at=None).update(revoked_at=now())
    return True


@contextmanager
def _throttle_store():
    """Without its counters the throttle cannot tell a guesser from a user: sign-in is refused (never
    let through uncounted) with a clear code, within the client's Redis timeouts."""
    try:
        yield
    except (RedisError, OSError) as exc:  # OSError covers TimeoutError and refused connections
        raise refuse("SERVICE_UNAVAILABLE", "登录服务暂时不可用，请稍后重试") from exc


class LoginThrottle:
    """Counts failed sign-ins per account (or, for unknown logins, per login text) and per client IP in
    Redis; a window starts at the first failure. Counting per account means the mobile and the ID
    number of one person share one budget of guesses. When Redis cannot be reached every method
    refuses with SERVICE_UNAVAILABLE."""

    def __init__(self, redis, *, per_login: int, per_ip: int, window: int):
        self.redis, self.per_login, self.per_ip, self.window = redis, per_login, per_ip, window

    @staticmethod
    def subject(login: str, account: Account | None) -> str:
        return f"account:{account.id}" if account is not None else f"login:{login.strip().upper()}"

    @staticmethod
    def _keys(subject: str, ip: str) -> tuple[str, str]:
        return f"zc:login-fail:login:{_digest(subject)}", f"zc:login-fail:ip:{ip}"

    async def blocked(self, subject: str, ip: str) -> int | None:
        """Seconds left when this account (login) or IP is locked out, else None."""
        login_key, ip_key = self._keys(subject, ip)
        with _throttle_store():
            counts = await self.redis.mget(login_key, ip_key)
            over = [k for k, c, limit in ((login_key, counts[0], self.per_login), (ip_key, counts[1], self.per_ip))
                    if c is not None and int(c) >= limit]
            if not over:
                return None
            ttl = max([await self.redis.ttl(k) for k in over])
        return max(ttl, 1)

    async def failed(self, subject: str, ip: str) -> None:
        # SET NX EX then INCR (not EXPIRE NX, which needs Redis 7; the embedded server is 6.2):
        # the window starts with the first failure and later failures do not extend it.
        pipe = self.redis.pipeline()
        for key in self._keys(subject, ip):
            pipe.set(key, 0, ex=self.window, nx=True)
            pipe.incr(key)
        with _throttle_store():
            await pipe.execute()

    async def succeeded(self, subject: str) -> None:
        with _throttle_store():
            await self.redis.delete(self._keys(subject, "-")[0])

"""Sign-in, refresh, logout and `me`."""
from __future__ import annotations

import strawberry

from models.account.auth import (LoginThrottle, end_session, find_account_by_login, refresh_session, start_session,
                         verify_password)
from models.core.errors import Refused, refuse
from resolvers.core.mutation import payload_mutation, refused_payload
from schema.account import (Account, AuthLoginInput, AuthLogoutInput, AuthLogoutPayload, AuthPayload, AuthRefreshInput,
                            Me)
from schema.core.context import Info
from schema.core.permissions import IsSignedIn


def _throttle(info: Info) -> LoginThrottle:
    s = info.context.services.settings
    return LoginThrottle(info.context.services.redis, per_login=s.login_max_failures,
                         per_ip=s.login_ip_max_failures, window=s.login_window_seconds)


@strawberry.type
class AccountQueries:
    @strawberry.field(description="You. Requires signing in.", permission_classes=[IsSignedIn])
    def me(self, info: Info) -> Me:
        viewer = info.context.viewer
        return Me(account=Account(id=viewer.account_id, display_name=viewer.display_name),
                  is_platform_admin=viewer.is_platform_admin, person_id=viewer.person_id)


@strawberry.type
class AccountMutations:
    @strawberry.mutation(description="Sign in with mobile or ID number and password. Repeated failures lock the "
                                     "login and the client address for a while.")
    @payload_mutation(AuthPayload)
    async def auth_login(self, info: Info, input: AuthLoginInput) -> dict:
        settings = info.context.services.settings
        throttle, ip = _throttle(info), info.context.client_ip
        account = await find_account_by_login(input.login)
        subject = throttle.subject(input.login, account)
        wait = await throttle.blocked(subject, ip)
        if wait:
            raise refuse("TOO_MANY_ATTEMPTS", f"登录失败次数过多，请{(wait + 59) // 60}分钟后再试", "login")
        if not verify_password(account.password_hash if account else None, input.password):
            await throttle.failed(subject, ip)
            raise refuse("INVALID_CREDENTIALS", "账号或密码错误", "password")
        if not account.is_active:
            raise refuse("ACCOUNT_DISABLED", "账号已停用，请联系管理员", "login")
        await throttle.succeeded(subject)
        pair = await start_session(account, settings.secret_key, settings.access_token_ttl, settings.refresh_token_ttl)
        return {"access_token": pair.access_token, "refresh_token": pair.refresh_token, "expires_in": pair.expires_in}

    @strawberry.mutation(description="Trade a refresh token for a new pair. Each refresh token works once; "
                                     "presenting a used one signs that session out everywhere.")
    async def auth_refresh(self, info: Info, input: AuthRefreshInput) -> AuthPayload:
        settings = info.context.services.settings
        # Not a payload_mutation: revoking a reused token's family must commit even though we refuse.
        try:
            pair = await refresh_session(input.refresh_token, settings.secret_key, settings.access_token_ttl,
                                         settings.refresh_token_ttl)
        except Refused as refused:
            return refused_payload(AuthPayload, refused)
        return AuthPayload(errors=[], access_token=pair.access_token, refresh_token=pair.refresh_token,
                           expires_in=pair.expires_in)

    @strawberry.mutation(description="Sign out: revokes the session of this refresh token.",
                         permission_classes=[IsSignedIn])
    @payload_mutation(AuthLogoutPayload)
    async def auth_logout(self, info: Info, input: AuthLogoutInput) -> dict:
        if not await end_session(input.refresh_token, info.context.viewer.account_id):
            raise refuse("INVALID_TOKEN", "登录凭证无效", "refreshToken")
        return {"revoked": True}

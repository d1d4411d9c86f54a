"""证书查验, anonymous: by number and name, or by the QR code's token; throttled per client address."""
from __future__ import annotations

from collections.abc import Awaitable, Callable

import strawberry

from models.certificate.throttle import VerifyThrottle
from models.certificate.verification import VerificationAnswer, verify_by_number, verify_by_token
from models.core.errors import Refused
from resolvers.core.mutation import refused_payload
from schema.certificate.verification import CertificateVerifyPayload, VerifiedCertificate
from schema.core.context import Info


async def _answer(info: Info, verify: Callable[[], Awaitable[VerificationAnswer | None]]) -> CertificateVerifyPayload:
    svc = info.context.services
    try:
        await VerifyThrottle(svc.redis, per_minute=svc.settings.verify_per_minute).hit(info.context.client_ip)
        answer = await verify()
    except Refused as refused:
        return refused_payload(CertificateVerifyPayload, refused)
    if answer is None:
        return CertificateVerifyPayload(errors=[], found=False, certificate=None)
    return CertificateVerifyPayload(errors=[], found=True, certificate=VerifiedCertificate.of(answer))


@strawberry.type
class CertificateVerifyQueries:
    @strawberry.field(description="证书查验 by 证书编号 and 姓名, for anyone (no sign-in). A number that does not exist "
                                  "and a name that is not the holder's give the same answer (found: false). "
                                  "Throttled per client address (ZHICHENG_VERIFY_PER_MINUTE, TOO_MANY_ATTEMPTS).")
    async def certificate_verify(self, info: Info, number: str, name: str) -> CertificateVerifyPayload:
        return await _answer(info, lambda: verify_by_number(number, name))

    @strawberry.field(description="证书查验 by the key in the certificate's QR code (/verify/{token}), for anyone. "
                                  "A key that is not 43 characters of base64url is refused (INVALID_TOKEN); an "
                                  "unknown one gives found: false. Throttled like certificateVerify.")
    async def certificate_verify_by_token(self, info: Info, token: str) -> CertificateVerifyPayload:
        return await _answer(info, lambda: verify_by_token(token))

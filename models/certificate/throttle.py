"""The public verification's throttle: requests per client address per minute, counted in Redis.

The sign-in throttle's mechanism (models/account/auth.py LoginThrottle): SET NX EX starts a window at the first
request, INCR counts, later requests do not extend it; without its counters it refuses rather than lets
requests through uncounted. Here every request counts, found or not, so guessing numbers and names costs the
same as reading one's own certificate.
"""
from __future__ import annotations

from redis.exceptions import RedisError

from models.certificate.codes import CertificateCode as Code
from models.core.errors import refuse

WINDOW_SECONDS = 60


class VerifyThrottle:
    def __init__(self, redis, *, per_minute: int):
        self.redis, self.per_minute = redis, per_minute

    @staticmethod
    def key(ip: str) -> str:
        return f"zc:verify:ip:{ip}"

    async def hit(self, ip: str) -> None:
        """Counts one request of ``ip``; refuses it (TOO_MANY_ATTEMPTS) beyond the limit of its window, and
        with SERVICE_UNAVAILABLE when Redis cannot be reached within the client's timeouts."""
        key = self.key(ip)
        pipe = self.redis.pipeline()  # MULTI/EXEC: the window and the count move together
        pipe.set(key, 0, ex=WINDOW_SECONDS, nx=True)
        pipe.incr(key)
        pipe.ttl(key)
        try:
            _, count, ttl = await pipe.execute()
        except (RedisError, OSError) as exc:  # OSError covers TimeoutError and refused connections
            raise refuse(Code.SERVICE_UNAVAILABLE, "证书查验服务暂时不可用，请稍后重试") from exc
        if count > self.per_minute:
            raise refuse(Code.TOO_MANY_ATTEMPTS, f"查验过于频繁，请{max(ttl, 1)}秒后再试")

    async def retry_after(self, ip: str) -> int:
        """Seconds until ``ip``'s window ends (for a 429's Retry-After); the whole window if unknown."""
        try:
            ttl = await self.redis.ttl(self.key(ip))
        except (RedisError, OSError):
            return WINDOW_SECONDS
        return ttl if ttl and ttl > 0 else WINDOW_SECONDS

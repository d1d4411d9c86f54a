"""The world the certificate tests share: two certificates issued the way an issuer issues them (GraphQL, the
job, rendered and signed), built once per row of tests/matrix_support.py's SharedWorld, and the two ways a cell
leaves it as it was built (its verification budget forgotten, a row it changed written back)."""
from __future__ import annotations

from contextlib import asynccontextmanager

from models.certificate.models import Certificate
from models.certificate.throttle import VerifyThrottle
from tests.certificate_support import ISSUE, filed_scheme, give_photos, make_issuer
from tests.evaluation_support import Scene
from tests.helpers import gid, gql, payload_errors, run_jobs
from zhicheng.services import services


async def issued_world(http, settings, passed: int = 2) -> Scene:
    """Two holders with photos, issued and rendered by the province's HR bureau (issuer code 0001)."""
    scene = await Scene().build()
    await filed_scheme(http, scene, passed=passed)
    await make_issuer(http, scene)
    await give_photos(scene)
    started = await gql(http, ISSUE, {"input": {"issuerUnitId": gid("Unit", scene.province.unit.id),
                                                "category": "01"}}, token=scene.province.token)
    assert payload_errors(started, "certificateIssue") == []
    await run_jobs(settings)
    return scene


async def forget_verify_budget() -> None:
    """Every verification counts against its address's budget (30 a minute) in Redis: a cell's count is not
    part of the world, and left behind it would both spoil the world and throttle the row's next cells."""
    redis = services().redis
    keys = await redis.keys(VerifyThrottle.key("*"))
    if keys:
        await redis.delete(*keys)


@asynccontextmanager
async def written_back(*certificates: Certificate):
    """Certificate rows as they were, after a cell changed them with ``update()`` (which leaves ``updated_at``
    alone); the shared world's fingerprint still checks that nothing else changed. Only changed columns are
    written: SQLite stores a datetime written back in another zone than the one it was created in."""
    kept = {c.id: (await Certificate.filter(id=c.id).values())[0] for c in certificates}
    try:
        yield
    finally:
        for cert_id, was in kept.items():
            now = (await Certificate.filter(id=cert_id).values())[0]
            if changed := {k: v for k, v in was.items() if now[k] != v}:
                await Certificate.filter(id=cert_id).update(**changed)

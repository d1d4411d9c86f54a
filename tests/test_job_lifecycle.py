"""The job row as the truth (issue 7 §2): idempotency keys, one winner per claim, fan-outs that resume
from their committed cursor, and the sweep's choice of what to re-send. tests/test_job_faults.py puts
the same machinery under real process, database and Redis faults."""
from __future__ import annotations

import asyncio
import dataclasses
from datetime import timedelta

import pytest

from models.core.job import Job, JobKind, JobStatus
from models.messaging.models import Message
from models.person.binding import BindingStatus
from tests.conftest import on_postgres
from tests.helpers import gql, make_person, make_unit, run_jobs
from tests.plan_support import hr_bureau
from workers.jobs import run_job, sweep_jobs
from workers.lease import JobPolicy, claim, now
from zhicheng.services import services

BROADCAST = """mutation($input: MessageBroadcastInput!) { messageBroadcast(input: $input) {
  errors { field code message } job { id status } } }"""


def broadcast(title="评审通知", key: str | None = "2026-12-01-notice-1", region="340100") -> dict:
    return {"input": {"title": title, "body": "请按时申报。", "regionCode": region, "idempotencyKey": key}}


async def people(n: int, region: str = "340100"):
    unit = (await make_unit(region=region)).unit
    return [await make_person(f"人员{i}", unit=unit, status=BindingStatus.APPROVED) for i in range(n)]


async def send(http, hr, variables) -> dict:
    return (await gql(http, BROADCAST, variables, token=hr.token))["data"]["messageBroadcast"]


async def queued_ids() -> list[str]:
    return sorted(i.decode() for i in await services().queue.zrange("arq:queue", 0, -1))


# ---------------------------------------------------------------- idempotency keys


async def test_a_retry_with_the_same_key_returns_the_same_job(http, settings):
    hr = await hr_bureau("340100")
    crowd = await people(3)
    first = await send(http, hr, broadcast())
    again = await send(http, hr, broadcast())  # the client lost the reply and sent it again
    assert first["errors"] == again["errors"] == [] and first["job"]["id"] == again["job"]["id"]
    assert await Job.all().count() == 1 and len(await queued_ids()) == 1
    await run_jobs(settings)
    for actor in crowd:
        assert await Message.filter(recipient_id=actor.account.id).count() == 1
    # After it ran, the same request still answers with that job (now SUCCEEDED), not a second broadcast.
    late = await send(http, hr, broadcast())
    assert (late["job"]["id"], late["job"]["status"]) == (first["job"]["id"], "SUCCEEDED")
    assert await Job.all().count() == 1

    # Another request needs another key; without one every call is a new job.
    other = await send(http, hr, broadcast(key="2026-12-01-notice-2"))
    assert other["job"]["id"] != first["job"]["id"]
    await send(http, hr, broadcast(key=None))
    await send(http, hr, broadcast(key=None))
    assert await Job.all().count() == 4


async def test_a_key_is_the_requesters_own(http):
    hefei, wuhu = await hr_bureau("340100"), await hr_bureau("340200")
    a = await send(http, hefei, broadcast())
    b = await send(http, wuhu, broadcast(region="340200"))
    assert a["errors"] == b["errors"] == [] and a["job"]["id"] != b["job"]["id"]


@pytest.mark.parametrize("key, code", [("中文键", "INVALID_INPUT"), ("", "INVALID_INPUT"), ("k" * 65, "INVALID_INPUT"),
                                       ("a b", "INVALID_INPUT")])
async def test_malformed_keys_are_refused_and_nothing_is_written(http, key, code):
    hr = await hr_bureau("340100")
    result = await send(http, hr, broadcast(key=key))
    assert [(e["code"], e["field"]) for e in result["errors"]] == [(code, ["idempotencyKey"])], result
    assert result["job"] is None and await Job.all().count() == 0


async def test_the_same_key_for_another_request_is_refused(http):
    hr = await hr_bureau("340100")
    await send(http, hr, broadcast())
    result = await send(http, hr, broadcast(title="另一条通知"))
    assert [(e["code"], e["field"]) for e in result["errors"]] == [("IDEMPOTENCY_KEY_REUSED", ["idempotencyKey"])]
    assert "幂等键" in result["errors"][0]["message"] and result["job"] is None
    assert await Job.all().count() == 1


@pytest.mark.skipif(not on_postgres(), reason="concurrent transactions need PostgreSQL")
async def test_racing_retries_with_one_key_make_one_job(http):
    """Ten copies of one request at once, each on its own connection: the unique key lets one insert win;
    the others find its row (the savepoint keeps their transactions alive) and return it."""
    hr = await hr_bureau("340100")
    results = await asyncio.gather(*(send(http, hr, broadcast()) for _ in range(10)))
    assert all(r["errors"] == [] for r in results), results
    assert len({r["job"]["id"] for r in results}) == 1 and await Job.all().count() == 1


# ---------------------------------------------------------------- claims and the cursor


@pytest.mark.skipif(not on_postgres(), reason="concurrent claims need PostgreSQL")
async def test_twenty_workers_claim_one_row_and_one_wins(app):
    job = await Job.create(kind=JobKind.MESSAGE_BROADCAST, params={})
    policy = JobPolicy()
    won = await asyncio.gather(*(claim(job.id, policy, owner=f"worker-{i}") for i in range(20)))
    assert sum(w is not None for w in won) == 1
    row = await Job.get(id=job.id)
    assert (row.status, row.attempts) == (JobStatus.RUNNING, 1) and row.lease_owner.startswith("worker-")


async def test_a_live_lease_is_not_taken_and_an_expired_one_is(app):
    job = await Job.create(kind=JobKind.MESSAGE_BROADCAST, params={})
    policy = JobPolicy(lease=30)
    assert await claim(job.id, policy, owner="a") is not None
    assert await claim(job.id, policy, owner="b") is None  # a's lease runs
    await Job.filter(id=job.id).update(lease_until=now() - timedelta(seconds=1))
    taken = await claim(job.id, policy, owner="b")
    assert taken is not None and (taken.lease_owner, taken.attempts) == ("b", 2)
    await Job.filter(id=job.id).update(lease_until=now() - timedelta(seconds=1))
    assert await claim(job.id, JobPolicy(max_attempts=2), owner="c") is None  # attempts used up


async def test_a_broadcast_goes_on_from_its_committed_cursor(http, settings):
    """A later attempt starts after the last committed chunk: people up to the cursor are not visited
    again (their messages came from the earlier attempt)."""
    hr = await hr_bureau("340100")
    crowd = await people(5)
    await send(http, hr, broadcast(key=None))
    job_id = (await Job.get()).id
    cursor = crowd[1].person.id
    await Job.filter(id=job_id).update(resume_after=cursor)
    await run_jobs(dataclasses.replace(settings, job_chunk_size=1))
    reached = {m.recipient_id for m in await Message.all()}
    assert reached == {a.account.id for a in crowd[2:]}
    job = await Job.get(id=job_id)
    assert (job.status, job.progress, job.total, job.resume_after) == (JobStatus.SUCCEEDED, 5, 5, crowd[-1].person.id)


async def test_a_worker_that_lost_its_lease_writes_nothing_more(http, settings):
    """Fencing: once another worker holds the row, this attempt's next chunk rolls back with its cursor."""
    from workers.lease import JobRun, LeaseLost

    hr = await hr_bureau("340100")
    crowd = await people(2)
    await send(http, hr, broadcast(key=None))
    job = await claim((await Job.get()).id, JobPolicy(), owner="slow")
    await Job.filter(id=job.id).update(lease_owner="fast")  # taken over while "slow" stalled
    run = JobRun(job, dataclasses.replace(JobPolicy(), chunk_size=1), owner="slow")
    from models.messaging.broadcast import fan_out

    with pytest.raises(LeaseLost):
        await fan_out(job.id, job.params, run)
    assert await Message.all().count() == 0 and (await Job.get(id=job.id)).resume_after == 0
    assert await run_job({}, job.id) == "RUNNING"  # held by "fast": a delivery does nothing
    assert len(crowd) == 2


# ---------------------------------------------------------------- the sweep


async def test_the_sweep_resends_what_the_queue_lost_and_nothing_else(app):
    policy = JobPolicy(lease=10, max_attempts=3, resend_after=60)
    at = now()

    async def job(**fields) -> Job:
        row = await Job.create(kind=JobKind.MESSAGE_BROADCAST, params={})
        await Job.filter(id=row.id).update(**fields)
        return row

    never_sent = await job(created_at=at - timedelta(seconds=30))
    just_created = await job()  # the API is sending it right now
    lost_send = await job(sent_at=at - timedelta(seconds=120))
    recent_send = await job(sent_at=at - timedelta(seconds=10))
    dead_worker = await job(status=JobStatus.RUNNING, attempts=1, lease_owner="x", lease_until=at - timedelta(seconds=1))
    live_worker = await job(status=JobStatus.RUNNING, attempts=1, lease_owner="y", lease_until=at + timedelta(seconds=9))
    last_try_died = await job(status=JobStatus.RUNNING, attempts=3, lease_owner="z", lease_until=at - timedelta(seconds=1))
    await job(status=JobStatus.SUCCEEDED, created_at=at - timedelta(hours=1))

    assert await sweep_jobs(policy) == 3
    assert await queued_ids() == sorted(f"zhicheng-job-{j.id}-{n}" for j, n in
                                        ((never_sent, 1), (lost_send, 1), (dead_worker, 2)))
    exhausted = await Job.get(id=last_try_died.id)
    assert exhausted.status == JobStatus.FAILED and "最大尝试次数" in exhausted.error
    for untouched, status in ((just_created, JobStatus.PENDING), (recent_send, JobStatus.PENDING),
                              (live_worker, JobStatus.RUNNING)):
        assert (await Job.get(id=untouched.id)).status == status
    # A second sweep sends the same attempts again under the same ids: still three queue entries.
    await Job.filter(id__in=[never_sent.id, lost_send.id]).update(sent_at=at - timedelta(seconds=120))
    await sweep_jobs(policy)
    assert len(await queued_ids()) == 3


# ---------------------------------------------------------------- the liveness probe


def test_worker_health_reads_the_heartbeat(tmp_path, capsys):
    import json
    import time

    from zhicheng.cli import cmd_worker_health
    from zhicheng.settings import load_settings

    settings = load_settings({"ZHICHENG_VAR_DIR": str(tmp_path)})
    with pytest.raises(SystemExit) as missing:
        cmd_worker_health(settings, 30)
    assert missing.value.code == 1 and "missing" in capsys.readouterr().out
    beat = tmp_path / "worker-heartbeat"
    beat.write_text(json.dumps({"at": time.time() - 3}))
    cmd_worker_health(settings, 30)  # fresh: returns, exit 0
    assert "worker alive" in capsys.readouterr().out
    beat.write_text(json.dumps({"at": time.time() - 45}))
    with pytest.raises(SystemExit) as stale:
        cmd_worker_health(settings, 30)
    assert stale.value.code == 1 and "45s old" in capsys.readouterr().out


async def test_the_runtime_beats_while_redis_is_away(settings, tmp_path):
    """A worker whose Redis is down keeps reconnecting and keeps its heartbeat fresh (restarting it
    would not bring Redis back), and stops on request."""
    import dataclasses as dc

    from workers.runtime import WorkerRuntime, heartbeat_age
    from tests.fault_support import free_port

    beat = tmp_path / "beat"
    runtime = WorkerRuntime(dc.replace(settings, job_sweep_seconds=1), f"redis://127.0.0.1:{free_port()}/0",
                            heartbeat=beat)
    task = asyncio.create_task(runtime.run())
    await asyncio.sleep(2.5)
    assert not task.done() and heartbeat_age(beat) is not None and heartbeat_age(beat) < 3
    runtime.stop()
    await asyncio.wait_for(task, 10)

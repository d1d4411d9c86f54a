"""The process registry is built in plain code: a process that imports only ``models`` (no schema, resolvers,
workers or wiring) gets every process with its checks, and ``decide_task`` there refuses an employer's PASS
until the post decision and the recommendation files exist, as the API does."""
from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from models.workflow.models import Task
from tests.declaration_support import TASKS
from tests.helpers import gid, gql, payload_errors
from tests.quota_support import CONFIRM, YEAR, add_file, claimed, public_world, recommend, set_quota, submitted

# Runs in a fresh interpreter: anything imported here that registered a process or a guard as a side effect
# would hide a registry that misses it.
SCRIPT = """
import asyncio, json, sys
from tortoise import Tortoise
from models import MODEL_MODULES
from models.access.viewer import load_viewer
from models.core.errors import Refused
from models.core.transaction import atomic
from models.workflow.engine import decide_task
from models.workflow.models import Decision

async def main(db_url, account_id, task_id):
    await Tortoise.init(db_url=db_url, modules={"models": MODEL_MODULES}, use_tz=True, timezone="Asia/Shanghai")
    try:
        try:
            async with atomic():
                await decide_task(await load_viewer(account_id), task_id, Decision.PASS, "同意")
            codes = []
        except Refused as refused:
            codes = [p.code for p in refused.problems]
    finally:
        await Tortoise.close_connections()
    from models.workflow.processes import PROCESSES
    registry = {t.value: {"subject": p.subject.value,
                          "guards": [f"{g.__module__}.{g.__qualname__}"
                                     for g in getattr(p.handler, "employer_pass_guards", ())]}
                for t, p in PROCESSES.items()}
    outer = sorted(m for m in sys.modules if m.split(".")[0] in ("schema", "resolvers", "workers", "zhicheng"))
    print(json.dumps({"codes": codes, "registry": registry, "outer": outer}))

asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
"""


async def decide_with_models_only(database_url: str, account_id: int, task_pk: int) -> dict:
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-c", SCRIPT, database_url, str(account_id), str(task_pk),
        cwd=Path(__file__).resolve().parent.parent, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(child.communicate(), timeout=120)
    assert child.returncode == 0, err.decode()
    return json.loads(out.decode().strip().splitlines()[-1])


async def test_decide_task_with_only_models_imported_runs_the_employer_checks(http, settings):
    world = await public_world(requires_recommendation=True)
    await set_quota(http, world, associate=1)
    app_id = await submitted(http, world)
    task_id = await claimed(http, world, app_id)
    task_pk = (await Task.get(unit_id=world.employer.unit.id)).id
    token, account_id = world.employer.token, world.employer.account.id

    result = await decide_with_models_only(settings.database_url, account_id, task_pk)
    assert result["outer"] == []
    assert result["registry"] == {
        "APPLICATION": {"subject": "APPLICATION", "guards": ["models.quota.recommendation.employer_pass_guard"]},
        "ACHIEVEMENT_RECORD": {"subject": "AchievementRecord", "guards": []},
        "EVALUATION_SCHEME": {"subject": "EvaluationScheme", "guards": []},
        "REISSUE": {"subject": "Reissue", "guards": []},
        "RECOGNITION": {"subject": "Recognition", "guards": []},
        "CERTIFICATE_VERIFICATION": {"subject": "VerificationRequest", "guards": []},
        "INITIAL_DETERMINATION": {"subject": "Determination", "guards": []},
        "ACCREDITATION": {"subject": "Determination", "guards": []},
        "TALENT_STATISTICS": {"subject": "TalentRecord", "guards": []}}
    assert result["codes"] == ["QUOTA_DECISION_REQUIRED", "QUOTA_NOT_CONFIRMED", "RECOMMENDATION_REQUIRED",
                               "RECOMMENDATION_REQUIRED"]
    assert (await Task.get(id=task_pk)).status == "CLAIMED"

    # The post is decided under a confirmed quota: only the recommendation files are missing.
    assert not payload_errors(await recommend(http, token, app_id, True), "applicationRecommend")
    result = await gql(http, CONFIRM, {"input": {"unitId": gid("Unit", world.employer.unit.id), "year": YEAR}},
                       token=token)
    assert not payload_errors(result, "postQuotaConfirm")
    result = await decide_with_models_only(settings.database_url, account_id, task_pk)
    assert result["codes"] == ["RECOMMENDATION_REQUIRED", "RECOMMENDATION_REQUIRED"]

    for kind in ("RECOMMENDATION", "PUBLICITY_PROOF"):
        assert not (await add_file(http, token, app_id, kind)).json()["data"]["recommendationFileAdd"]["errors"]
    assert (await decide_with_models_only(settings.database_url, account_id, task_pk))["codes"] == []
    # The API sees the PASS made there: the task is done and the competent department has the next one.
    handled = await gql(http, TASKS, {"unitId": gid("Unit", world.employer.unit.id), "box": "HANDLED_BY_UNIT"},
                        token=token)
    assert [t["id"] for t in handled["data"]["tasks"]["nodes"]] == [task_id]
    waiting = await gql(http, TASKS, {"unitId": gid("Unit", world.department.unit.id), "box": "TO_CLAIM"},
                        token=world.department.token)
    assert [t["application"]["id"] for t in waiting["data"]["tasks"]["nodes"]] == [app_id]

"""PostGraphile 5 for the side-by-side benchmark (bench_pages.py): Node 22 and PostGraphile installed into
tests/benchmarks/.node on first use (the system's Node 20 fails in grafast), its config, the SQL functions it
serves P1 and P2 through, and its start-up."""
from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import httpx
from benchlib import PLAIN_POOL, free_port, start

HERE = Path(__file__).resolve().parent
NODE_DIR = HERE / ".node"
NODE_PACKAGES = ["postgraphile@5", "node@22"]


GRAPHILE_CONFIG = """\
// Written by tests/benchmarks/bench_pages.py for one run.
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { makePgService } from "postgraphile/adaptors/pg";

export default {
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({
    connectionString: process.env.DATABASE_URL,
    schemas: ["public"],
    poolConfig: { max: Number(process.env.PG_POOL_MAX) },  // the pool size of the other two servers
  })],
  grafserv: { host: "127.0.0.1", port: Number(process.env.PORT), graphiql: false, watch: false },
  grafast: { explain: false },
};
"""

# P1: the plan filter of the API and the plain endpoint (published, open now, the level among the plan's
# levels, a committee whose scope covers the region chain), newest opening first. The chain is passed in,
# as the plain endpoint passes it.
PG_SQL_PLANS = """
CREATE FUNCTION bench_plan_search(region_codes text[], level text) RETURNS SETOF plan
LANGUAGE sql STABLE AS $$
  SELECT p.* FROM plan p
   WHERE p.status = 'PUBLISHED' AND p.opens_at <= now() AND p.closes_at > now()
     AND p.levels @> jsonb_build_array(level)
     AND p.committee_id = ANY(ARRAY(SELECT committee_id FROM committee_region WHERE region_id = ANY(region_codes)))
   ORDER BY p.opens_at DESC, p.id DESC
$$;
"""


def pg_sql_tasks() -> str:
    """P2: computed columns for what the API computes per task (PostGraphile exposes ``task_x(t task)`` as
    ``Task.x``): the masked title, the node label, the running time, and the application of a declaration
    task (task.subject_id is polymorphic: no foreign key to follow)."""
    from models.workflow.models import NODE_LABELS

    cases = " ".join(f"WHEN '{kind.value}' THEN '{label}'" for kind, label in NODE_LABELS.items())
    return f"""
CREATE FUNCTION task_masked_title(t task) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT replace(t.title, m[1], left(m[1], 2) || repeat('*', length(m[1]) - 4) || right(m[1], 2))
                     FROM regexp_match(t.title, '【([0-9A-Za-z]{{8,}})】') AS m), t.title)
$$;
CREATE FUNCTION task_node_label(t task) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE t.node_kind {cases} END
$$;
CREATE FUNCTION task_running_seconds(t task) RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT greatest(floor(extract(epoch FROM coalesce(t.completed_at, now()) - t.created_at)), 0)::integer
$$;
CREATE FUNCTION task_application(t task) RETURNS application LANGUAGE sql STABLE AS $$
  SELECT a.* FROM application a WHERE t.process_type = 'APPLICATION' AND a.id = t.subject_id
$$;
"""


def node_binary() -> Path:
    return NODE_DIR / "node_modules" / "node" / "bin" / "node"


def ensure_node() -> tuple[Path, str]:
    """The Node 22 binary and PostGraphile's version, installing both into NODE_DIR on first use (the system
    Node 20 fails in grafast: "Cannot read properties of undefined (reading 'items')")."""
    cli = NODE_DIR / "node_modules" / "postgraphile" / "dist" / "cli-run.js"
    if not (cli.exists() and node_binary().exists()):
        npm = shutil.which("npm")
        if npm is None:
            raise SystemExit("npm not found: needed once to install PostGraphile and Node 22 into " + str(NODE_DIR))
        NODE_DIR.mkdir(exist_ok=True)
        if not (NODE_DIR / "package.json").exists():
            (NODE_DIR / "package.json").write_text('{"name": "zhicheng-bench-node", "private": true, '
                                                   '"type": "module"}\n')
        print(f"installing {' '.join(NODE_PACKAGES)} into {NODE_DIR}", flush=True)
        subprocess.run([npm, "install", "--no-audit", "--no-fund", *NODE_PACKAGES], cwd=NODE_DIR, check=True)
    version = subprocess.run([str(node_binary()), "--version"], capture_output=True, text=True, check=True).stdout
    if int(version.strip().lstrip("v").split(".")[0]) < 22:
        raise SystemExit(f"{node_binary()} is Node {version.strip()}: PostGraphile 5 needs Node >= 22")
    pg_version = json.loads((NODE_DIR / "node_modules" / "postgraphile" / "package.json").read_text())["version"]
    return node_binary(), f"PostGraphile {pg_version} on Node {version.strip().lstrip('v')}"


async def wait_graphql(port: int, proc: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    """Until ``{ __typename }`` answers (PostGraphile introspects the database and builds its schema first)."""
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"PostGraphile exited ({proc.returncode}):\n{log.read_text()[-3000:]}")
            try:
                r = await client.post(f"http://127.0.0.1:{port}/graphql", json={"query": "{ __typename }"},
                                      timeout=5)
                if r.status_code == 200 and "data" in r.json():
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.3)
    raise RuntimeError(f"PostGraphile on {port} not ready after {timeout}s:\n{log.read_text()[-3000:]}")


async def start_postgraphile(url: str, var: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    (var / "graphile.config.mjs").write_text(GRAPHILE_CONFIG)  # a copy next to the logs
    # The config imports "postgraphile/...", which Node resolves from the config file's own directory
    # upwards: the file it runs lies in NODE_DIR, for as long as start-up takes.
    local = NODE_DIR / f"graphile.config.{var.parent.name}.{var.name}.mjs"
    local.write_text(GRAPHILE_CONFIG)
    env = {**os.environ, "NODE_ENV": "production", "DATABASE_URL": url, "PORT": str(port),
           "PG_POOL_MAX": str(PLAIN_POOL)}
    cli = NODE_DIR / "node_modules" / "postgraphile" / "dist" / "cli-run.js"
    proc = start([str(node_binary()), str(cli), "-C", str(local)], env, var / "postgraphile.log")
    try:
        await wait_graphql(port, proc, var / "postgraphile.log")
    finally:
        local.unlink(missing_ok=True)  # read at start-up
    return proc, port



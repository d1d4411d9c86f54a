"""wrk for the side-by-side benchmark (bench_pages.py): the Lua script that sends one GraphQL request and
counts bad answers, the binary (installed from Debian's package when missing), and one run's parsed line."""
from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
from pathlib import Path

from benchlib import Request

# Both scripts end with this (appended after formatting): every thread's bad answers and one line to parse.
DONE = """\
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
function done(summary, latency, requests)
  local b = 0
  for _, t in ipairs(threads) do b = b + t:get("bad") end
  local e = summary.errors
  io.write(string.format("BENCH %d %d %.0f %.0f %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), b, e.connect + e.read + e.write + e.timeout))
end
"""
LUA = """\
-- Written by tests/benchmarks/bench_pages.py: one fixed request; counts answers that are not HTTP 200
-- or carry GraphQL "errors".
wrk.method = {method}
wrk.path = {path}
{headers}{body}
function response(status, headers, body)
  if status ~= 200 or string.find(body, '"errors"', 1, true) then bad = bad + 1 end
end
"""
SUBMIT_LUA = """\
-- Written by tests/benchmarks/bench_pages.py: each request another one of the listed submissions (each can
-- be sent once); counts answers that are not HTTP 200 or do not show the application IN_REVIEW, and
-- requests beyond the list (sent again, so refused) as bad.
local bodies = {{
{bodies}
}}
local tokens = {{
{tokens}
}}
local n = 0
function request()
  n = n + 1
  local i = math.min(n, #bodies)
  return wrk.format("POST", "/graphql", {{["Content-Type"] = "application/json",
    ["Authorization"] = tokens[i]}}, bodies[i])
end
function response(status, headers, body)
  if status ~= 200 or not string.find(body, '"IN_REVIEW"', 1, true) then bad = bad + 1 end
end
"""


def lua_string(text: str) -> str:
    level = "=" * 4
    assert f"]{level}]" not in text
    return f"[{level}[{text}]{level}]"


def lua_script(req: Request) -> str:
    headers = "".join(f"wrk.headers[ {lua_string(k)} ] = {lua_string(v)}\n" for k, v in req.headers.items())
    body = f"wrk.body = {lua_string(req.body.decode())}" if req.body else ""
    return LUA.format(method=lua_string(req.method), path=lua_string(req.path), headers=headers, body=body) + DONE


def ensure_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk is None and os.geteuid() == 0 and shutil.which("apt-get"):
        print("installing wrk (Debian package)", flush=True)
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=False, stdout=subprocess.DEVNULL)
        wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk not found: apt-get install -y wrk")
    return wrk


async def wrk_run(wrk: str, script: Path, port: int, seconds: float, connections: int) -> list[str]:
    proc = await asyncio.create_subprocess_exec(
        wrk, "-t1", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "60s", "-s", str(script),
        f"http://127.0.0.1:{port}", stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    out, _ = await proc.communicate()
    text = out.decode(errors="replace")
    line = next((ln for ln in text.splitlines() if ln.startswith("BENCH ")), None)
    if proc.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({proc.returncode}):\n{text[-2000:]}")
    return line.split()[1:]


def submit_script(requests: list[Request]) -> str:
    """A wrk script sending each of ``requests`` (POST /graphql, its body and Authorization) once, in order."""
    return SUBMIT_LUA.format(bodies=",\n".join(lua_string(r.body.decode()) for r in requests),
                             tokens=",\n".join(lua_string(r.headers["authorization"]) for r in requests)) + DONE

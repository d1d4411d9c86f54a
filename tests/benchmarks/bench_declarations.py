"""Declaration benchmark (a script, not a test; issue 4 §9): 100,000 applications and 1,000,000 review
tasks on PostgreSQL.

Prints, at 32 concurrent keep-alive connections:
- the task centre's 50-row page (`tasks(unitId, box: HANDLED_BY_UNIT, first: 50)` with title nodeLabel
  status createdAt runningSeconds unit { name } application { status person { realName } }) for an
  employer (a few thousand tasks, judged) and for the provincial HR bureau (every application passes
  it: ~100,000 tasks, info), and a plain Starlette + asyncpg endpoint returning the same rows: req/s,
  p50/p95, server and PostgreSQL CPU per request;
- `applicationSubmit`: 32 clients, each submitting N ready DRAFT applications of N different persons
  (approved binding, photo, qualifying education, plan minimum met, required attachment): submissions
  per second, p50/p95, errors, CPU per submission, and the rows it must have written;
- review forms rendered per second by one worker process, when workers/review_form.py exists
  (skipped with a note otherwise);
- SQL statements per task-centre request for page sizes 1/10/50.
Ends with a metric / value / target / PASS-MISS table. Targets on 2 cores: task-centre p95 <= 50 ms;
>= 100 submissions/s with no errors; >= 30 review forms/s per worker process.

    python tests/benchmarks/bench_declarations.py [--seconds 10] [--per-client 40] [--client raw|httpx|both] \
        [--database-url postgres://postgres@127.0.0.1:5432/test] [--redis-url redis://127.0.0.1:6379/1]

It creates a database ``zhicheng_bench_<random>`` next to --database-url and drops it at the end
(--keep-db leaves it); the arq jobs the submissions enqueue are removed from Redis afterwards.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from starlette.responses import JSONResponse  # noqa: E402

from models.access.masking import mask_ids_in_label  # pure; the API masks task titles for every reader
from benchlib import (global_id, plain_pool_app, ACCOUNT_COLUMNS, CONCURRENCY, CPU_NOTE, PERSON_COLUMNS, RESULT_HEADER,  # noqa: E402
                      SECRET, UNIT_COLUMNS, WARMUP, CpuMeter, RawConnection, Request, Result, api_env, busy_note,
                      copy, count_statements, create_database, drop_database, graphql_request, id_number,
                      idle_check, in_process_app, load, person_row, pg_dsn, print_table, proc_status, quantiles,
                      quiet_logging, reset_sequences, result_line, run_api_shim, run_plain, start_api, start_plain,
                      stop, unit_row, verdict)

APPLICATIONS = 100_000
TASKS_PER_APPLICATION = 10  # two rounds: returned once at the city, then through to the organizer
EMPLOYERS = 100  # 1,000 applicants each: 2,000 tasks in each employer's task centre
DEPARTMENTS = 20
COUNTIES = 50
PAGE = 50
PLAN_YEAR = 2026  # the open plan the ready applications are under; the seeded ones are 2021–2025

TASKS_QUERY = (
    "query($unitId: ID!, $first: Int!) { tasks(unitId: $unitId, box: HANDLED_BY_UNIT, first: $first) {"
    " edges { node { id title nodeLabel status createdAt runningSeconds unit { name }"
    " application { status person { realName } } } } } }"
)
SUBMIT = ("mutation($input: ApplicationActionInput!) { applicationSubmit(input: $input) {"
          " errors { field code message } application { id status } } }")
NODE_LABELS = {
    "EMPLOYER": "单位审核", "EXTRA_UNIT": "其他单位审核", "TALENT_CENTER": "人事代理机构审核",
    "COMPETENT_DEPARTMENT": "主管部门审核", "HR_BUREAU_COUNTY": "县区人社部门审核",
    "HR_BUREAU_CITY": "市人社部门审核", "HR_BUREAU_PROVINCE": "省人社部门审核", "ORGANIZER": "组建单位审核",
}
PLAIN_SQL = """
SELECT t.id, t.title, t.node_kind, t.status, t.created_at, t.completed_at, u.name AS unit_name,
       a.status AS app_status, p.real_name
  FROM task t
  JOIN unit u ON u.id = t.unit_id
  LEFT JOIN application a ON t.process_type = 'APPLICATION' AND a.id = t.subject_id
  LEFT JOIN person p ON p.id = a.person_id
 WHERE t.unit_id = $1 AND t.status = 'COMPLETED'
 ORDER BY t.id DESC
 LIMIT $2
"""


# APPROVED applications (i % 20 >= 4) that get a full form: titles, 19 records over 8 categories, an attachment
FORM_SAMPLE = [i for i in range(1, 200) if i % 20 >= 4][:40]


def form_records_for(app_id: int) -> list[tuple[str, str, dict]]:
    """(category, title, data) of a full declaration, with the typed fields models/achievement/fields.py knows."""
    out: list[tuple[str, str, dict]] = []
    for k in range(3):
        out.append(("WORK_EXPERIENCE", f"基准用人单位{k}", {
            "start_date": f"{2008 + 5 * k}-07-01", "end_date": f"{2013 + 5 * k}-06-30" if k < 2 else None,
            "work_unit": f"安徽省第{k + 1}建筑工程有限公司", "specialty": "建筑工程", "administrative_post": "项目经理",
            "technical_post": "工程师", "content": "负责大型公共建筑项目的技术管理、施工组织设计与质量控制工作。" * 2}))
    for k, (school, edu, degree) in enumerate((("安徽建筑大学", "BACHELOR", "BACHELOR"), ("合肥工业大学", "MASTER", "MASTER"))):
        out.append(("EDUCATION", f"{school} 土木工程", {
            "start_date": f"{2004 + 4 * k}-09-01", "end_date": f"{2008 + 3 * k}-06-30", "school": school,
            "major": "土木工程", "education": edu, "schooling_years": 4 - k, "degree_obtained": True, "degree": degree,
            "is_highest": k == 1}))
    for k in range(4):
        out.append(("CONTINUING_EDUCATION", f"继续教育{k}", {
            "name": f"{2019 + k}年度专业技术人员继续教育", "organizer": "安徽省住房和城乡建设厅",
            "start_date": f"{2019 + k}-03-01", "end_date": f"{2019 + k}-03-05", "form": "IN_PERSON", "hours": 24,
            "credits": "2.0"}))
    for k in range(3):
        out.append(("ANNUAL_ASSESSMENT", f"{2021 + k}年度考核", {
            "year": 2021 + k, "result": "EXCELLENT" if k == 1 else "COMPETENT", "assessing_unit": "基准用人单位"}))
    for k in range(3):
        out.append(("PAPER", f"大跨度钢结构施工技术研究（{k + 1}）", {
            "name": f"大跨度钢结构施工技术研究（{k + 1}）", "published_on": f"{2018 + k}-05-01", "kind": "JOURNAL",
            "journal": "建筑施工", "issue_number": f"{2018 + k}(5)", "author_rank": "FIRST", "words_thousand": "6.5"}))
    for k in range(2):
        out.append(("PROJECT", f"合肥市重点工程项目{k + 1}", {
            "name": f"合肥市重点工程项目{k + 1}", "start_date": f"{2017 + 2 * k}-03-01", "end_date": f"{2019 + 2 * k}-12-31",
            "amount": "12000.00", "role": "HOST", "description": "总建筑面积十二万平方米的公共建筑", "duties": "技术负责人"}))
    out.append(("PATENT", "一种钢结构节点连接装置", {"name": "一种钢结构节点连接装置", "kind": "INVENTION",
                                             "number": f"ZL2020{app_id:08d}.1", "authorized_on": "2021-08-10"}))
    out.append(("HONOR", "安徽省优秀工程技术人员", {"name": "安徽省优秀工程技术人员", "level": "PROVINCIAL",
                                             "issuer": "安徽省人力资源和社会保障厅", "awarded_on": "2022-12-01"}))
    return out


def png(width: int, height: int, seed: int = 0, step: int = 8, block: int = 2) -> bytes:
    """An RGB PNG: gradients in ``step``-wide bands with grain in ``block``-sized cells, so it compresses
    like a real picture (295x413 with the defaults: ~50 KB, an ID photo; step 16, block 4: a ~17 KB seal)."""
    import struct
    import zlib

    rows = bytearray()
    for y in range(height):
        rows.append(0)
        for x in range(width):
            g = ((x // block) * 7 + (y // block) * 13 + seed) * 2654435761 >> 9 & 0x1F
            rows += bytes((min(255, (x * 224 // width + g) // step * step),
                           min(255, (y * 224 // height + g) // step * step),
                           ((x + y) // 3 + seed + g) // step * step % 256))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    head = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", head) + chunk(b"IDAT", zlib.compress(bytes(rows), 6)) + \
        chunk(b"IEND", b"")


# --------------------------------------------------------------------------- plain server

async def _plain_tasks(pool, request):
    unit_id = int(request.query_params["unit"])
    first = int(request.query_params.get("first", PAGE))
    async with pool.acquire() as conn:
        rows = await conn.fetch(PLAIN_SQL, unit_id, first + 1)
    now = datetime.now(timezone.utc)
    return JSONResponse({"edges": [{"node": {
        "id": global_id("Task", r["id"]), "title": mask_ids_in_label(r["title"]),
        "nodeLabel": NODE_LABELS[r["node_kind"]], "status": r["status"], "createdAt": r["created_at"].isoformat(),
        "runningSeconds": max(int(((r["completed_at"] or now) - r["created_at"]).total_seconds()), 0),
        "unit": {"name": r["unit_name"]},
        "application": None if r["app_status"] is None else {
            "status": r["app_status"], "person": {"realName": r["real_name"]}}}} for r in rows[:first]]})


def plain_app(database_url: str):
    return plain_pool_app(database_url, "/tasks", _plain_tasks)


# --------------------------------------------------------------------------- seeding

@dataclass
class Seeded:
    employer_unit: int
    employer_admin: int
    employer_tasks: int
    province_unit: int
    province_admin: int
    province_tasks: int
    newcomer_unit: int
    newcomer_admin: int
    ready: list[tuple[int, int]]  # (application id, person account id)
    seconds: dict[str, float] = field(default_factory=dict)


async def seed(url: str, ready_count: int) -> Seeded:
    """A province: HR bureaus (province, 16 cities, 50 counties), 20 competent departments, an organizer,
    100 employers with 1,000 applicants each; an ENGINEERING senior committee with closed plans for
    2021–2025 and one open 2026 plan (a required attachment slot, PAPER ≥ 1); 100,000 applications over
    2021–2025 (approved, in review, returned, terminated), each with the 10 tasks of its two review rounds
    along its real path (1,000,000 tasks), history rows; and ``ready_count`` DRAFT 2026 applications that
    pass every check. COPY, then ANALYZE."""
    import asyncpg

    from models.account.models import Account
    from models.application.models import Application, ApplicationAttachment, ApplicationRecord, ApplicationTitle
    from models.account.auth import hash_password
    from models.person.binding import Binding
    from models.committee.models import Committee, CommitteeOrganizer, CommitteeRegion
    from models.core.file import StoredFile
    from models.core.history import HistoryEntry
    from models.person.models import Person
    from models.plan.models import Plan, PlanAchievementRule, PlanAttachmentSlot
    from models.unit.models import Unit, UnitAdmin
    from models.workflow.models import Task

    timings: dict[str, float] = {}
    started = time.perf_counter()
    now = datetime.now(timezone.utc)
    t0 = now - timedelta(days=5 * 365)
    conn = await asyncpg.connect(pg_dsn(url))
    try:
        cities = [r["code"] for r in await conn.fetch(
            "SELECT code FROM region WHERE code LIKE '34%' AND level = 'CITY' ORDER BY code")]
        counties = [r["code"] for r in await conn.fetch(
            "SELECT code FROM region WHERE code LIKE '34%' AND level = 'COUNTY' ORDER BY code")][:COUNTIES]
        engineering = await conn.fetchval("SELECT id FROM series WHERE code = 'ENGINEERING'")
        title = await conn.fetchrow("SELECT id, name FROM title_name WHERE series_id = $1 AND name = '高级工程师'",
                                    engineering)
        specialty = await conn.fetchval("SELECT id FROM specialty WHERE series_id = $1 ORDER BY sort, id LIMIT 1",
                                        engineering)
        standard = await conn.fetchval("SELECT id FROM evaluation_standard WHERE series_id = $1 ORDER BY id LIMIT 1",
                                       engineering)
        # The seed is consistent by construction: skip the per-row foreign-key triggers while loading
        # (the constraints stay; superuser only). Indexes are maintained as usual.
        replica = await conn.fetchval("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if replica:
            await conn.execute("SET session_replication_role = replica")
        async with conn.transaction():
            # ---------------------------------------------------------- units and their admins
            units, uid = [], 0

            def add(name, kind, nature, region, competent=None) -> int:
                nonlocal uid
                uid += 1
                units.append(unit_row(uid, name, kind, nature, region, t0, competent))
                return uid

            employers = [add(f"基准用人单位{k:03d}", "EMPLOYER", "STATE_OWNED_ENTERPRISE", counties[k % COUNTIES])
                         for k in range(EMPLOYERS)]
            newcomer = add("基准新注册单位", "EMPLOYER", "PRIVATE_ENTERPRISE", counties[0])  # no tasks yet
            county_of = {e: counties[k % COUNTIES] for k, e in enumerate(employers)}
            province = add("安徽省人力资源和社会保障厅", "HR_BUREAU", "GOVERNMENT_AGENCY", "340000")
            city_hr = {c: add(f"{c}人力资源和社会保障局", "HR_BUREAU", "GOVERNMENT_AGENCY", c) for c in cities}
            county_hr = {c: add(f"{c}人力资源和社会保障局", "HR_BUREAU", "GOVERNMENT_AGENCY", c) for c in counties}
            departments = [add(f"基准主管部门{k:02d}", "COMPETENT_DEPARTMENT", "GOVERNMENT_AGENCY",
                               cities[k % len(cities)]) for k in range(DEPARTMENTS)]
            organizer = add("安徽省工程系列高评委组建单位", "ORGANIZER", "PUBLIC_INSTITUTION", "340000")
            department_of = {e: departments[k % DEPARTMENTS] for k, e in enumerate(employers + [newcomer])}
            units = [u[:10] + (department_of.get(u[0]),) + u[11:] for u in units]
            await copy(conn, Unit, UNIT_COLUMNS, units)
            admin_of = {u[0]: APPLICATIONS + u[0] for u in units}  # one admin account per unit

            pw = hash_password("Bench-Passw0rd!")
            await copy(conn, Account, ACCOUNT_COLUMNS,
                       [(i, pw, False, True, f"人员{i}", t0) for i in range(1, APPLICATIONS + 1)]
                       + [(a, pw, False, True, f"单位管理员{u}", t0) for u, a in admin_of.items()])
            await copy(conn, UnitAdmin, ["id", "unit_id", "account_id", "created_at"],
                       [(k + 1, u, a, t0) for k, (u, a) in enumerate(admin_of.items())])
            await copy(conn, StoredFile, ["id", "sha256", "size", "content_type", "name", "purpose", "created_at"],
                       [(1, "0" * 64, 10, "image/png", "photo.png", "photo", t0),
                        (2, "1" * 64, 10, "image/png", "身份证.png", "application_attachment", t0)])

            # ---------------------------------------------------------- persons and bindings
            employer_of = {i: employers[(i - 1) % EMPLOYERS] for i in range(1, APPLICATIONS + 1)}
            names = {i: f"申请人{i}" for i in range(1, APPLICATIONS + 1)}
            await copy(conn, Person, PERSON_COLUMNS,
                       (person_row(i, t0, employer_of[i], 1, names[i]) for i in range(1, APPLICATIONS + 1)))
            await copy(conn, Binding, ["id", "person_id", "unit_id", "status", "created_at"],
                       ((i, i, employer_of[i], "APPROVED", t0) for i in range(1, APPLICATIONS + 1)))
            timings["units, accounts, persons, bindings"] = time.perf_counter() - started

            # ---------------------------------------------------------- committee and plans
            await copy(conn, Committee, ["id", "name", "tier", "series_id", "levels", "managing_unit_id",
                                         "fee_standards", "status", "version", "created_at", "updated_at"],
                       [(1, "安徽省工程系列高级职称评审委员会", "SENIOR", engineering, '["ASSOCIATE_SENIOR", "SENIOR"]',
                         province, "[]", "ACTIVE", 0, t0, t0)])
            await copy(conn, CommitteeRegion, ["id", "committee_id", "region_id"], [(1, 1, "340000")])
            await copy(conn, CommitteeOrganizer, ["id", "committee_id", "unit_id"], [(1, 1, organizer)])
            plans = []
            plan_of_year = {}
            for k, year in enumerate(range(2021, PLAN_YEAR + 1)):
                opens = datetime(year, 3, 1, tzinfo=timezone.utc)
                closes = datetime(year, 6, 1, tzinfo=timezone.utc)
                if year == PLAN_YEAR:
                    opens, closes = now - timedelta(days=10), now + timedelta(days=30)
                plan_of_year[year] = k + 1
                plans.append((k + 1, f"{year}年—安徽省工程系列高级职称评审", year, 1, organizer, "NORMAL",
                              '["ASSOCIATE_SENIOR"]', '["REGULAR", "EXCEPTIONAL"]', opens, closes,
                              "PUBLISHED" if year == PLAN_YEAR else "CLOSED", opens, 0, t0, t0))
            await copy(conn, Plan, ["id", "name", "year", "committee_id", "organizer_id", "plan_type", "levels",
                                    "declaration_types", "opens_at", "closes_at", "status", "published_at",
                                    "version", "created_at", "updated_at"], plans)
            slots = [(p[0], p[0], "身份证", True, '["image/png", "application/pdf"]', 5, 2, 0) for p in plans]
            await copy(conn, PlanAttachmentSlot, ["id", "plan_id", "name", "required", "allowed_types", "max_size_mb",
                                                  "max_count", "sort"], slots)
            await copy(conn, PlanAchievementRule, ["id", "plan_id", "level", "category", "min_count", "max_count"],
                       [(p[0], p[0], "ASSOCIATE_SENIOR", "PAPER", 1, 3) for p in plans])

            # ---------------------------------------------------------- applications, tasks, history
            def path_of(i: int) -> list[tuple[str, int]]:
                e = employer_of[i]
                county = county_of[e]
                city = county[:4] + "00"
                return [("EMPLOYER", e), ("COMPETENT_DEPARTMENT", department_of[e]),
                        ("HR_BUREAU_COUNTY", county_hr[county]), ("HR_BUREAU_CITY", city_hr[city]),
                        ("HR_BUREAU_PROVINCE", province), ("ORGANIZER", organizer)]

            def final_status(i: int) -> str:
                k = i % 20
                return "IN_REVIEW" if k < 2 else "RETURNED" if k == 2 else "TERMINATED" if k == 3 else "APPROVED"

            personal = json.dumps({"professional_years": 8, "working_years": 12})
            apps, hist = [], []
            for i in range(1, APPLICATIONS + 1):
                year = 2021 + i % 5
                submitted = datetime(year, 3, 2, tzinfo=timezone.utc) + timedelta(seconds=i)
                status = final_status(i)
                path = json.dumps([[k, u] for k, u in path_of(i)])
                finished = submitted + timedelta(days=60) if status in ("APPROVED", "TERMINATED") else None
                apps.append((i, i, plan_of_year[year], year, "REGULAR", "REVIEW", engineering, specialty, title["id"],
                             standard, "ASSOCIATE_SENIOR", submitted, status, employer_of[i], personal, path,
                             5 if status == "APPROVED" else 4, submitted, finished, 12, submitted, submitted))
                hist.append((2 * i - 1, "APPLICATION", i, "CREATED", i, employer_of[i], submitted))
                hist.append((2 * i, "APPLICATION", i, "SUBMITTED", i, employer_of[i], submitted))
            await copy(conn, Application, ["id", "person_id", "plan_id", "year", "declaration_type", "evaluation_mode",
                                           "series_id", "specialty_id", "title_name_id", "standard_id", "level",
                                           "pledge_accepted_at", "status", "unit_id", "personal_info", "review_path",
                                           "path_position", "submitted_at", "finished_at", "version", "created_at",
                                           "updated_at"], apps)
            del apps
            timings["applications"] = time.perf_counter() - started - sum(timings.values())

            def tasks():
                tid = 0
                for i in range(1, APPLICATIONS + 1):
                    path = path_of(i)
                    rounds = path[:4] + path  # returned at the city the first time, then all the way
                    label = f"职称申报-{names[i]}【{id_number(i)}】-{title['name']}"
                    status = final_status(i)
                    at = datetime(2021 + i % 5, 3, 2, tzinfo=timezone.utc) + timedelta(seconds=i)
                    previous = None
                    for k, (kind, unit) in enumerate(rounds):
                        tid += 1
                        last = k == len(rounds) - 1
                        created = at + timedelta(days=3 * k)
                        if last and status == "IN_REVIEW":
                            row = (tid, "APPLICATION", i, unit, kind, label, i, "READY", None, None, None, "", None,
                                   None, previous, 0, created)
                        else:
                            decision = ("RETURN" if k == 3 or (last and status == "RETURNED")
                                        else "TERMINATE" if last and status == "TERMINATED" else "PASS")
                            admin = admin_of[unit]
                            done = created + timedelta(hours=20 + k)
                            row = (tid, "APPLICATION", i, unit, kind, label, i, "COMPLETED", admin,
                                   created + timedelta(hours=1), decision, "同意" if decision == "PASS" else "请补充材料",
                                   admin, done, previous, 2, created)
                        previous = tid
                        yield row

            t = time.perf_counter()
            # The migrations' secondary indexes on task are dropped for the load and built again after it
            # (same definitions, read from pg_indexes): one sort each instead of 1,000,000 insertions.
            indexes = await conn.fetch("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
                                       "AND tablename = 'task' AND indexname NOT IN (SELECT conname FROM "
                                       "pg_constraint WHERE conrelid = 'task'::regclass)")
            for ix in indexes:
                await conn.execute(f'DROP INDEX "{ix["indexname"]}"')
            await copy(conn, Task, ["id", "process_type", "subject_id", "unit_id", "node_kind", "title", "person_id",
                                    "status", "claimed_by_id", "claimed_at", "decision", "opinion", "completed_by_id",
                                    "completed_at", "previous_id", "version", "created_at"], tasks())
            await conn.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for ix in indexes:
                await conn.execute(ix["indexdef"])
            timings[f"tasks ({APPLICATIONS * TASKS_PER_APPLICATION:,} rows, COPY, {len(indexes)} indexes rebuilt)"] = \
                time.perf_counter() - t
            await copy(conn, HistoryEntry, ["id", "subject_type", "subject_id", "action", "actor_id", "unit_id",
                                            "created_at"], hist)
            del hist

            # ---------------------------------------------------------- full forms for the review-form run
            t = time.perf_counter()
            titles_rows, form_records = [], []
            for n, app_id in enumerate(FORM_SAMPLE):
                for k, (name, series_name, year) in enumerate((("工程师", "工程技术", 2012), ("助理工程师", "工程技术", 2008))):
                    titles_rows.append((2 * n + k + 1, app_id, name, series_name, date(year, 12, 1),
                                        f"ZC{year}{app_id:06d}",
                                        date(year + 1, 1, 1), "基准用人单位", k))
                for category, title_text, data in form_records_for(app_id):
                    form_records.append((len(form_records) + 1, app_id, category, title_text, json.dumps(data), "[]",
                                         category == "EDUCATION" and data.get("is_highest", False), len(form_records)))
            await copy(conn, ApplicationTitle, ["id", "application_id", "title_name", "series_name", "obtained_on",
                                                "certificate_number", "appointed_on", "appointment_unit", "position"],
                       titles_rows)
            timings["review-form sample"] = time.perf_counter() - t

            # ---------------------------------------------------------- ready DRAFT applications (2026)
            t = time.perf_counter()
            base = APPLICATIONS
            ready, drafts, records = [], [], []
            attachments = [(k + 1, app_id, plan_of_year[2021 + app_id % 5], 2, now)
                           for k, app_id in enumerate(FORM_SAMPLE)]
            for n in range(ready_count):
                person = n + 1  # persons 1.. have applications in 2021–2025 only
                app_id = base + n + 1
                drafts.append((app_id, person, plan_of_year[PLAN_YEAR], PLAN_YEAR, "REGULAR", "REVIEW", engineering,
                               specialty, title["id"], standard, "ASSOCIATE_SENIOR", now, "DRAFT", employer_of[person],
                               personal, "[]", 0, None, None, 3, now, now))
                records.append((len(form_records) + 2 * n + 1, app_id, "EDUCATION", "安徽工程大学 土木工程",
                                '{"school": "安徽工程大学", "major": "土木工程"}', "[]", True, 0))
                records.append((len(form_records) + 2 * n + 2, app_id, "PAPER", "大跨度钢结构施工技术研究",
                                '{"name": "大跨度钢结构施工技术研究"}', "[]", False, 1))
                attachments.append((len(attachments) + 1, app_id, plan_of_year[PLAN_YEAR], 2, now))
                ready.append((app_id, person))
            await copy(conn, Application, ["id", "person_id", "plan_id", "year", "declaration_type", "evaluation_mode",
                                           "series_id", "specialty_id", "title_name_id", "standard_id", "level",
                                           "pledge_accepted_at", "status", "unit_id", "personal_info", "review_path",
                                           "path_position", "submitted_at", "finished_at", "version", "created_at",
                                           "updated_at"], drafts)
            await copy(conn, ApplicationRecord, ["id", "application_id", "category", "title", "data",
                                                 "attachment_file_ids", "is_qualifying_education", "position"],
                       form_records + records)
            await copy(conn, ApplicationAttachment, ["id", "application_id", "slot_id", "file_id", "created_at"],
                       attachments)
            timings[f"{ready_count:,} ready DRAFT applications"] = time.perf_counter() - t
            await reset_sequences(conn, (Unit, Account, UnitAdmin, StoredFile, Person, Binding, Committee,
                                         CommitteeRegion, CommitteeOrganizer, Plan, PlanAttachmentSlot,
                                         PlanAchievementRule, Application, Task, HistoryEntry, ApplicationRecord,
                                         ApplicationAttachment, ApplicationTitle))
        if replica:
            await conn.execute("SET session_replication_role = DEFAULT")
        t = time.perf_counter()
        await conn.execute("ANALYZE")  # planner statistics, as autovacuum would have them in production
        timings["ANALYZE"] = time.perf_counter() - t
        employer_tasks = await conn.fetchval("SELECT count(*) FROM task WHERE unit_id = $1 AND status = 'COMPLETED'",
                                             employers[0])
        province_tasks = await conn.fetchval("SELECT count(*) FROM task WHERE unit_id = $1 AND status = 'COMPLETED'",
                                             province)
        totals = {t: await conn.fetchval(f"SELECT count(*) FROM {t}") for t in ("application", "task")}
    finally:
        await conn.close()
    timings["total"] = time.perf_counter() - started
    print("seed: " + "; ".join(f"{k} {v:.1f} s" for k, v in timings.items()), flush=True)
    print(f"seed: {totals['application']:,} applications, {totals['task']:,} tasks; employer {employers[0]} has "
          f"{employer_tasks:,} handled tasks, the provincial HR bureau {province_tasks:,}", flush=True)
    return Seeded(employers[0], admin_of[employers[0]], employer_tasks, province, admin_of[province], province_tasks,
                  newcomer, admin_of[newcomer], ready, timings)


# --------------------------------------------------------------------------- checks

def nodes_of(body: bytes) -> list[dict]:
    data = json.loads(body)
    if "data" in data or "errors" in data:
        if data.get("errors"):
            raise RuntimeError(f"GraphQL errors: {data['errors']}")
        return [e["node"] for e in data["data"]["tasks"]["edges"]]
    return [e["node"] for e in data["edges"]]


def same_page(graphql: list[dict], plain: list[dict], who: str) -> None:
    def norm(n: dict) -> tuple:
        app = n["application"]
        return (n["id"], n["title"], n["nodeLabel"], n["status"], datetime.fromisoformat(n["createdAt"]),
                n["unit"]["name"], app and app["status"], app and (app["person"] or {}).get("realName"))

    if len(graphql) != PAGE or len(plain) != PAGE:
        raise RuntimeError(f"{who}: expected {PAGE} tasks, got GraphQL {len(graphql)} / plain {len(plain)}")
    a, b = [norm(n) for n in graphql], [norm(n) for n in plain]
    if a != b:
        diff = next(i for i, (x, y) in enumerate(zip(a, b)) if x != y)
        raise RuntimeError(f"{who}: GraphQL and plain pages differ at row {diff}:\n  {a[diff]}\n  {b[diff]}")


# --------------------------------------------------------------------------- submissions

@dataclass
class SubmitResult:
    submitted: int
    errors: int
    seconds: float
    p50: float
    p95: float
    cpu: dict
    first_errors: list[str]

    @property
    def rate(self) -> float:
        return self.submitted / self.seconds


async def submit_all(port: int, ready: list[tuple[int, int]], clients: int, server_pid: int,
                     db_url: str) -> SubmitResult:
    """``clients`` keep-alive connections, each submitting its share of the ready applications one after
    another, each as its owner. Counts a submission as an error unless HTTP 200, no GraphQL errors, no
    payload errors and status IN_REVIEW."""
    from models.account.auth import issue_access_token

    shares = [ready[k::clients] for k in range(clients)]
    conns = [RawConnection(port) for _ in range(clients)]
    payloads = [[conns[k].encode(graphql_request(SUBMIT, {"input": {"applicationId": global_id("Application", a)}},
                                                 issue_access_token(p, SECRET, 3600)))
                 for a, p in share] for k, share in enumerate(shares)]
    await asyncio.gather(*(c.open() for c in conns))
    latencies: list[float] = []
    errors: list[str] = []

    async def client(k: int) -> None:
        for payload in payloads[k]:
            t = time.perf_counter()
            try:
                status, body = await conns[k].send(payload)
                ok = status == 200
                if ok:
                    data = json.loads(body)
                    result = (data.get("data") or {}).get("applicationSubmit") or {}
                    ok = not data.get("errors") and not result.get("errors") and \
                        (result.get("application") or {}).get("status") == "IN_REVIEW"
                if not ok:
                    errors.append(body.decode(errors="replace")[:300])
            except (OSError, asyncio.IncompleteReadError) as exc:
                errors.append(repr(exc))
            latencies.append(time.perf_counter() - t)

    meter = CpuMeter(server_pid, db_url)
    await meter.begin()
    started = time.perf_counter()
    try:
        await asyncio.gather(*(client(k) for k in range(clients)))
    finally:
        for c in conns:
            c.close()
    seconds = time.perf_counter() - started
    cpu = await meter.end()
    p50, p95 = quantiles(latencies)
    return SubmitResult(len(latencies) - len(errors), len(errors), seconds, p50, p95, cpu, errors[:3])


async def verify_submissions(url: str, ready: list[tuple[int, int]]) -> dict:
    import asyncpg

    ids = [a for a, _ in ready]
    conn = await asyncpg.connect(pg_dsn(url))
    try:
        return {
            "in_review": await conn.fetchval("SELECT count(*) FROM application WHERE id = ANY($1) "
                                             "AND status = 'IN_REVIEW'", ids),
            "tasks": await conn.fetchval("SELECT count(*) FROM task WHERE process_type = 'APPLICATION' "
                                         "AND subject_id = ANY($1) AND status = 'READY' AND node_kind = 'EMPLOYER'",
                                         ids),
            "history": await conn.fetchval("SELECT count(*) FROM history_entry WHERE subject_type = 'APPLICATION' "
                                           "AND subject_id = ANY($1) AND action = 'SUBMITTED'", ids),
            "jobs": [r["id"] for r in await conn.fetch("SELECT id FROM job WHERE kind = 'APPLICATION_NOTICE'")],
        }
    finally:
        await conn.close()


async def remove_enqueued(redis_url: str, job_ids: list[int]) -> int:
    """Takes the bench's arq jobs (zhicheng-job-<id>-1) back out of Redis; returns how many keys it removed."""
    from redis.asyncio import Redis

    from zhicheng.services import arq_job_id

    redis = Redis.from_url(redis_url)
    removed = 0
    try:
        for chunk in range(0, len(job_ids), 500):
            names = [arq_job_id(j, 1) for j in job_ids[chunk:chunk + 500]]
            if names:
                await redis.zrem("arq:queue", *names)
                removed += await redis.delete(*[f"arq:job:{n}" for n in names],
                                              *[f"arq:result:{n}" for n in names],
                                              *[f"arq:retry:{n}" for n in names],
                                              *[f"arq:in-progress:{n}" for n in names])
    finally:
        await redis.aclose()
    return removed


# --------------------------------------------------------------------------- review forms

async def render_forms(url: str, redis_url: str, var: Path, application_ids: list[int], seconds: float) -> dict:
    """REVIEW_FORM jobs run by workers.jobs.run_job in this process (what an arq worker process does, minus
    the queue): the form's data from PostgreSQL, the docxtpl render (in a thread), the stored file. Each
    application has a real photo and every unit a seal. First one job at a time, then as many at once as
    the worker's max_jobs; forms per second and CPU per form."""
    from models.core.job import JobKind

    kind = getattr(JobKind, "REVIEW_FORM", None)
    try:
        from workers.handlers import HANDLERS
    except ImportError as exc:
        return {"skipped": f"workers.handlers does not import ({exc})"}
    if kind is None or kind not in HANDLERS:
        return {"skipped": "no REVIEW_FORM job kind with a handler (workers/review_form.py not wired yet)"}
    from models.core.file import StoredFile
    from models.core.job import Job
    from models.unit.models import Unit
    from workers.jobs import run_job
    from zhicheng.services import services

    max_jobs = 10  # workers/settings.py build_worker(max_jobs=10)
    async with in_process_app(url, redis_url, var):
        storage = services().storage

        async def store(data: bytes) -> tuple[str, int]:
            async def chunks():
                yield data
            return await storage.put(chunks(), len(data) + 1)

        sha, size = await store(png(295, 413))  # a 1-inch ID photo at 300 dpi
        await StoredFile.filter(id=1).update(sha256=sha, size=size)
        seals = ""
        if "seal" in Unit._meta.fields_map:
            sha, size = await store(png(300, 300, seed=7, step=16, block=4))
            seal = await StoredFile.create(sha256=sha, size=size, content_type="image/png", name="seal.png",
                                           purpose="seal")
            await Unit.all().update(seal_id=seal.id)
            seals = ", every unit with a seal"

        async def one(app_id: int) -> str:
            job = await Job.create(kind=kind, params={"application_id": app_id})
            return await run_job({}, job.id)

        status = await one(application_ids[0])  # warm-up: template, first queries
        if status != "SUCCEEDED":
            job = await Job.filter(kind=kind).order_by("-id").first()
            return {"error": f"the REVIEW_FORM job {status}: {job.error[:300] if job else ''}"}
        result = await StoredFile.get(id=(await Job.filter(kind=kind).order_by("-id").first()).result_file_id)
        out: dict = {"bytes": result.size, "max_jobs": max_jobs, "failed": 0,
                     "how": f"REVIEW_FORM jobs via workers.jobs.run_job, full forms with a photo{seals}"}
        for label, width in (("sequential", 1), ("concurrent", max_jobs)):
            n, failed = 0, 0
            t, c = time.perf_counter(), time.process_time()

            async def worker(k: int) -> None:
                nonlocal n, failed
                while time.perf_counter() - t < seconds:
                    status = await one(application_ids[(n + k) % len(application_ids)])
                    n += 1
                    failed += status != "SUCCEEDED"

            await asyncio.gather(*(worker(k) for k in range(width)))
            wall, cpu = time.perf_counter() - t, time.process_time() - c
            out[label] = {"forms": n, "rate": n / wall, "cpu_ms": 1000 * cpu / max(1, n)}
            out["failed"] += failed
    return out


# --------------------------------------------------------------------------- main

async def bench(args) -> int:
    import httpx

    from models.account.auth import issue_access_token
    from zhicheng.db import migrate

    quiet_logging()
    clients = ["httpx", "raw"] if args.client == "both" else [args.client]
    notes: list[str] = []
    var = Path(tempfile.mkdtemp(prefix="zhicheng_bench_"))
    wall = time.perf_counter()
    busy_before = await idle_check(1.0)
    name, url = await create_database(args.database_url)
    ready_count = CONCURRENCY * args.per_client
    print(f"database {name}; {APPLICATIONS:,} applications, {APPLICATIONS * TASKS_PER_APPLICATION:,} tasks, "
          f"{ready_count:,} ready drafts; {os.cpu_count()} CPUs; load {CONCURRENCY} connections, {WARMUP:.0f} s "
          f"warm-up + {args.seconds:.0f} s per scenario; clients: {', '.join(clients)}; "
          f"API workers: {args.api_workers}", flush=True)
    busy_note(busy_before, notes)
    api = plain = None
    rows: list[tuple[str, str, str, str]] = []
    try:
        t = time.perf_counter()
        await migrate(url)
        print(f"migrate: {time.perf_counter() - t:.1f} s", flush=True)
        seeded = await seed(url, ready_count)

        env = api_env(url, args.redis_url, var)
        api, api_port = await start_api(env, var, notes, args.api_workers)
        plain, plain_port = await start_plain(str(Path(__file__).resolve()), url, env, var)
        rss_idle = proc_status(api.pid)

        employer_token = issue_access_token(seeded.employer_admin, SECRET, 3600)
        province_token = issue_access_token(seeded.province_admin, SECRET, 3600)
        page = {"first": PAGE}
        scenarios = [
            (f"task centre, employer ({seeded.employer_tasks:,})", api_port, api.pid,
             graphql_request(TASKS_QUERY, {"unitId": global_id("Unit", seeded.employer_unit), **page},
                             employer_token)),
            ("plain, employer", plain_port, plain.pid,
             Request("GET", f"/tasks?unit={seeded.employer_unit}&first={PAGE}")),
            (f"task centre, province HR ({seeded.province_tasks // 1000}k)", api_port, api.pid,
             graphql_request(TASKS_QUERY, {"unitId": global_id("Unit", seeded.province_unit), **page},
                             province_token)),
            ("plain, province HR", plain_port, plain.pid,
             Request("GET", f"/tasks?unit={seeded.province_unit}&first={PAGE}")),
            ("task centre, new employer (0)", api_port, api.pid,
             graphql_request(TASKS_QUERY, {"unitId": global_id("Unit", seeded.newcomer_unit), **page},
                             issue_access_token(seeded.newcomer_admin, SECRET, 3600))),
            ("plain, new employer", plain_port, plain.pid,
             Request("GET", f"/tasks?unit={seeded.newcomer_unit}&first={PAGE}")),
        ]
        pages = {}
        async with httpx.AsyncClient() as http:  # one correctness check per scenario before timing
            for label, port, _, req in scenarios:
                r = await http.request(req.method, f"http://127.0.0.1:{port}{req.path}", content=req.body or None,
                                       headers=req.headers)
                if r.status_code != 200:
                    raise RuntimeError(f"{label}: HTTP {r.status_code} {r.text[:500]}")
                pages[label] = nodes_of(r.content)
        same_page(pages[scenarios[0][0]], pages["plain, employer"], "employer")
        hidden = sum(1 for n in pages[scenarios[2][0]] if n["application"] and n["application"]["person"] is None)
        if hidden:
            notes.append(f"the provincial HR bureau's task centre shows application.person = null on {hidden} of "
                         f"{PAGE} rows (the reviewer may not see the applicant: schema/person.py visible_person "
                         "only knows units the person is bound to and HR bureaus covering their region); "
                         "the plain endpoint returns the names, so that page is not compared.")
            print("NOTE: " + notes[-1], flush=True)
        else:
            same_page(pages[scenarios[2][0]], pages["plain, province HR"], "province HR")
        print("check: GraphQL and plain return the same 50 tasks", flush=True)

        results: dict[tuple[str, str], Result] = {}
        print("\n" + CPU_NOTE)
        print(RESULT_HEADER, flush=True)
        for client in clients:
            for label, port, pid, req in scenarios:
                r = await load(label, port, req, args.seconds, pid, client, url)
                results[(label, client)] = r
                print(result_line(r), flush=True)

        low: dict[str, Result] = {}
        if args.latency_connections:
            print(f"\nlatency at {args.latency_connections} connection(s): the service time without queueing",
                  flush=True)
            print(RESULT_HEADER, flush=True)
            for label, port, pid, req in scenarios[:2]:
                r = await load(label, port, req, args.seconds / 2, pid, "raw", url, args.latency_connections)
                low[label] = r
                print(result_line(r), flush=True)

        print(f"\napplicationSubmit: {CONCURRENCY} clients x {args.per_client} ready applications", flush=True)
        sub = await submit_all(api_port, seeded.ready, CONCURRENCY, api.pid, url)
        srv_ms = 1000 * sub.cpu["server_s"] / max(1, sub.submitted + sub.errors)
        pg_ms = 1000 * sub.cpu["pg_s"] / max(1, sub.submitted + sub.errors)
        print(f"  {sub.submitted:,} submitted, {sub.errors} errors in {sub.seconds:.2f} s: {sub.rate:.0f}/s; "
              f"p50 {sub.p50:.1f} ms p95 {sub.p95:.1f} ms; server {srv_ms:.2f} ms CPU/submission, PostgreSQL "
              f"{pg_ms:.2f} ms; cores: client {sub.cpu['client']:.2f} server {sub.cpu['server']:.2f} "
              f"pg {sub.cpu['pg']:.2f} other {sub.cpu['other']:.2f} box {sub.cpu['machine']:.0%}", flush=True)
        for e in sub.first_errors:
            print(f"  error: {e}")
        written = await verify_submissions(url, seeded.ready)
        print(f"  written: {written['in_review']:,} applications IN_REVIEW, {written['tasks']:,} employer tasks READY, "
              f"{written['history']:,} SUBMITTED history rows, {len(written['jobs']):,} notice jobs", flush=True)
        rss = proc_status(api.pid)
        stop(api)
        stop(plain)
        api = plain = None
        removed = await remove_enqueued(args.redis_url, written["jobs"])
        print(f"  removed {removed:,} arq keys of the bench's jobs from {args.redis_url}", flush=True)

        print("\nin-process (ASGITransport): SQL statements per task-centre request", flush=True)
        sql: dict[str, list[int]] = {}
        async with in_process_app(url, args.redis_url, var) as http:
            for who, unit, token in (("employer", seeded.employer_unit, employer_token),
                                     ("province HR", seeded.province_unit, province_token)):
                sql[who] = []
                for first in (1, 10, 50):
                    data, statements = await count_statements(
                        http, TASKS_QUERY, {"unitId": global_id("Unit", unit), "first": first}, token)
                    assert len(data["data"]["tasks"]["edges"]) == first
                    sql[who].append(len(statements))
                print(f"  task centre, {who}, first=1/10/50: {'/'.join(map(str, sql[who]))}")
                if args.show_sql:
                    for s in statements:
                        print(f"    {s[:300]}")

        print("\nreview forms (one worker process)", flush=True)
        forms = await render_forms(url, args.redis_url, var, FORM_SAMPLE, args.form_seconds)
        if "skipped" in forms or "error" in forms:
            print(f"  not measured: {forms.get('skipped') or forms['error']}")
        else:
            print(f"  {forms['how']}; {forms['bytes']:,} bytes each")
            for label in ("sequential", "concurrent"):
                f = forms[label]
                print(f"  {label:<10} ({1 if label == 'sequential' else forms['max_jobs']} at a time): {f['forms']} "
                      f"forms, {f['rate']:.1f}/s, {f['cpu_ms']:.1f} ms CPU each")
            if forms["failed"]:
                print(f"  {forms['failed']} jobs FAILED")

        # ------------------------------------------------------------------ final table
        judge = "raw" if "raw" in clients else clients[0]
        task_seconds = next(v for k, v in seeded.seconds.items() if k.startswith("tasks"))
        rows.append(("seed time (COPY + ANALYZE)", f"{seeded.seconds['total']:.1f} s (1,000,000 tasks "
                     f"{task_seconds:.1f} s)", "-", "info"))
        for client in clients:
            for label, _, _, _ in scenarios:
                r = results[(label, client)]
                judged = client == judge and label == scenarios[0][0]
                rows.append((f"{label} [{client}]", f"{r.rps:.0f} req/s  p50 {r.p50:.1f} ms  p95 {r.p95:.1f} ms  "
                             f"srv {r.server_ms:.2f} pg {r.pg_ms:.2f} ms/req" + (f"  {r.errors} errors" if r.errors
                                                                               else ""),
                             "p95 <= 50 ms" if judged else "-",
                             "ERR" if r.errors else verdict(0 < r.requests and r.p95 <= 50) if judged else "info"))
                if r.other_cpu > 0.25:
                    notes.append(f"{label} [{client}]: {r.other_cpu:.2f} cores were used by other processes during "
                                 "the run; its req/s and latencies are depressed.")
            if client == judge:
                for label, lo in low.items():
                    rows.append((f"  {label} at {args.latency_connections} connection(s) [raw]",
                                 f"{lo.rps:.0f} req/s  p50 {lo.p50:.1f} ms  p95 {lo.p95:.1f} ms", "-", "info"))
            for gql_label, plain_label in ((scenarios[0][0], "plain, employer"),
                                           (scenarios[2][0], "plain, province HR"),
                                           (scenarios[4][0], "plain, new employer")):
                g, p = results[(gql_label, client)], results[(plain_label, client)]
                rows.append((f"  {gql_label.split(' (')[0]} / plain [{client}]", f"{g.rps / p.rps:.0%} req/s, "
                             f"server CPU {g.server_ms / p.server_ms:.1f}x", "-", "info"))
        for who, counts in sql.items():
            rows.append((f"SQL per task-centre request, {who}, first=1/10/50", "/".join(map(str, counts)), "flat",
                         verdict(len(set(counts)) == 1)))
        ok_written = (written["in_review"] == written["tasks"] == written["history"] == sub.submitted == ready_count)
        rows.append((f"applicationSubmit, {CONCURRENCY} clients", f"{sub.rate:.0f}/s  p50 {sub.p50:.1f} ms  "
                     f"p95 {sub.p95:.1f} ms  {sub.errors} errors  srv {srv_ms:.1f} pg {pg_ms:.1f} ms/submit",
                     ">= 100/s, no errors", verdict(sub.rate >= 100 and sub.errors == 0 and ok_written)))
        if not ok_written:
            notes.append(f"submissions wrote {written['in_review']} IN_REVIEW / {written['tasks']} tasks / "
                         f"{written['history']} history rows for {ready_count} ready applications")
        if sub.cpu["other"] > 0.25:
            notes.append(f"applicationSubmit: {sub.cpu['other']:.2f} cores were used by other processes during the "
                         "run; its rate is depressed.")
        if "skipped" in forms or "error" in forms:
            rows.append(("review forms per worker process", "not measured", ">= 30/s",
                         "SKIP" if "skipped" in forms else "ERR"))
            notes.append(f"review forms not measured: {forms.get('skipped') or forms['error']}.")
        else:
            seq, conc = forms["sequential"], forms["concurrent"]
            rows.append(("review forms per worker process (one at a time)", f"{seq['rate']:.1f}/s "
                         f"({seq['cpu_ms']:.1f} ms CPU each)", "-", "info"))
            rows.append((f"review forms per worker process ({forms['max_jobs']} at a time)", f"{conc['rate']:.1f}/s "
                         f"({conc['cpu_ms']:.1f} ms CPU each)" + (f", {forms['failed']} failed" if forms["failed"]
                                                                 else ""),
                         ">= 30/s", verdict(conc["rate"] >= 30 and not forms["failed"])))
        rows.append(("API RSS idle / after load (peak)" + (" [supervisor only]" if args.api_workers > 1 else ""),
                     f"{rss_idle['VmRSS'] / 1024:.0f} MB / "
                     f"{rss['VmRSS'] / 1024:.0f} MB ({rss['VmHWM'] / 1024:.0f} MB)", "-", "info"))
        rows.append(("total run time", f"{time.perf_counter() - wall:.0f} s", "-", "info"))
        return print_table(rows, notes)
    finally:
        stop(api)
        stop(plain)
        if args.keep_db:
            print(f"kept database {url}; logs in {var}")
        else:
            await drop_database(args.database_url, name)
            shutil.rmtree(var, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/test")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/1")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--per-client", type=int, default=40, help="ready applications per submitting client")
    parser.add_argument("--form-seconds", type=float, default=5.0)
    parser.add_argument("--client", choices=("httpx", "raw", "both"), default="raw")
    parser.add_argument("--api-workers", type=int, default=1,
                        help="`zhicheng api --workers N` (server CPU is summed over its processes)")
    parser.add_argument("--latency-connections", type=int, default=1,
                        help="also measure the employer's page at this many connections (0: skip)")
    parser.add_argument("--show-sql", action="store_true", help="print the statements of one task-centre page")
    parser.add_argument("--keep-db", action="store_true", help="leave the bench database and logs")
    parser.add_argument("--plain-server", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--api-shim", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.plain_server:
        return run_plain(plain_app(args.database_url), args.port)
    if args.api_shim:
        return run_api_shim(args.port)
    sys.exit(asyncio.run(bench(args)))


if __name__ == "__main__":
    main()

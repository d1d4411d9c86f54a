"""Review-form rendering benchmark (a script, not a test; issue 4 §9): forms rendered per second in one
worker process.

Calls workers.review_form.render_docx directly (no Redis, no database) on the context of a full
application — every section of the form (申报情况 with a photo, 个人信息, 现有职称, 工作经历, 学历教育,
继续教育, 年度考核, 业绩情况 in five categories, 破格, 附件, 审核意见 with two seals) built by the
same helpers the worker uses — and prints forms/s, p50/p95 per form, and the output size. Every
render must give the same bytes (checked). Target: >= 30 forms/s per process.

    python tests/benchmarks/bench_review_form.py [--forms 300] [--warmup 10]
"""
from __future__ import annotations

import argparse
import hashlib
import statistics
import struct
import sys
import time
import zlib
from datetime import date
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from models.application.review_form import PHOTO, numeral, personal_rows, record_sections  # noqa: E402
from workers.review_form import render_docx  # noqa: E402

TARGET = 30.0


def png(width: int, height: int, seed: int = 0) -> bytes:
    """An RGB PNG with a smooth pattern (compresses like a scanned photo or stamp, no Pillow needed)."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)
        for x in range(width):
            rows += bytes(((x * 3 + seed) % 256, (y * 2 + seed) % 256, ((x + y) // 2) % 256))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows), 6)) + chunk(
        b"IEND", b"")


def record(i: int, category: str, title: str, data: dict, qualifying: bool = False) -> SimpleNamespace:
    return SimpleNamespace(id=i, position=i, category=category, title=title, data=data,
                           is_qualifying_education=qualifying)


def sample_context() -> tuple[dict, dict[str, bytes]]:
    records, n = [], 0

    def add(category: str, title: str, data: dict, qualifying: bool = False) -> None:
        nonlocal n
        n += 1
        records.append(record(n, category, title, data, qualifying))

    for y in range(5):
        add("WORK_EXPERIENCE", f"合肥宏达建设有限公司{y}", {
            "start_date": f"{2008 + 3 * y}-07-01", "end_date": f"{2011 + 3 * y}-06-30" if y < 4 else None,
            "work_unit": f"合肥宏达建设有限公司第{y + 1}项目部", "specialty": "建筑工程", "administrative_post": "项目经理",
            "technical_post": "工程师", "content": "负责大型公共建筑施工技术管理、质量控制与安全管理工作。" * 2})
    for i, (school, major, edu) in enumerate([("安徽工程大学", "土木工程", "BACHELOR"),
                                              ("合肥工业大学", "结构工程", "MASTER")]):
        add("EDUCATION", f"{school} {major}", {
            "start_date": f"{2004 + 4 * i}-09-01", "end_date": f"{2008 + 3 * i}-06-30", "school": school,
            "major": major, "education": edu, "schooling_years": 4 - i, "degree_obtained": True,
            "degree": "BACHELOR" if i == 0 else "MASTER"}, qualifying=i == 0)
    for i in range(8):
        add("CONTINUING_EDUCATION", f"继续教育{i}", {
            "name": f"{2016 + i}年度专业技术人员继续教育（公需课）", "organizer": "安徽省人力资源和社会保障厅",
            "start_date": f"{2016 + i}-03-01", "end_date": f"{2016 + i}-06-30", "form": "ONLINE", "hours": 30,
            "credits": "3.00"})
    for i in range(5):
        add("ANNUAL_ASSESSMENT", f"{2019 + i}年度考核", {"year": 2019 + i, "result": "EXCELLENT" if i % 2 else
                                                           "COMPETENT", "assessing_unit": "合肥宏达建设有限公司"})
    for i in range(3):
        add("PAPER", f"论文{i}", {"name": f"大跨度钢结构施工技术研究（{i}）", "published_on": f"2021-0{i + 1}-15",
                                "kind": "JOURNAL", "journal": "建筑技术", "issue_number": "ISSN 1000-4726",
                                "author_rank": "FIRST", "words_thousand": "8.50"})
        add("PROJECT", f"项目{i}", {"name": f"合肥市重点工程项目{i}", "start_date": "2019-01-01", "end_date": "2020-12-31",
                                  "amount": "12000.00", "role": "HOST", "description": "项目描述" * 20})
        add("PROJECT_AWARD", f"获奖{i}", {"project_name": f"工程{i}", "award_name": "安徽省建设工程黄山杯",
                                        "level": "PROVINCIAL", "issuer": "安徽省住房和城乡建设厅",
                                        "awarded_on": "2022-05-01", "rank": 1})
        add("PATENT", f"专利{i}", {"name": f"一种钢结构连接装置{i}", "kind": "UTILITY_MODEL", "number": f"ZL2021{i}",
                                 "authorized_on": "2022-01-01", "rank": 1})
        add("HONOR", f"表彰{i}", {"name": "先进工作者", "level": "MUNICIPAL", "issuer": "合肥市人民政府",
                                "awarded_on": "2020-12-01"})
    person = SimpleNamespace(work_start_date=date(2008, 7, 1), highest_education="MASTER", degree="MASTER",
                             is_freelancer=False)
    info = {"former_name": "", "birthplace": "合肥", "salary_grade": "专技九级", "party_post": "无",
            "academic_posts": "安徽省土木建筑学会会员", "health_status": "健康", "working_years": 17,
            "professional_years": 15}
    units = ["合肥宏达建设有限公司", "合肥市城乡建设局", "合肥市人力资源和社会保障局", "安徽省人力资源和社会保障厅",
             "安徽省建设工程高评委组建单位"]
    labels = ["单位审核", "主管部门审核", "市人社部门审核", "省人社部门审核", "组建单位审核"]
    nodes = [{"no": i + 1, "label": labels[i], "unit": units[i], "decision": "通过" if i < 3 else "待审核",
              "opinion": "同意<推荐>&优先" if i < 3 else "", "date": "2026-03-0%d" % (i + 1) if i < 3 else "",
              "seal": f"seal-{i}" if i in (0, 2) else None} for i in range(5)]
    context = {
        "committee": "安徽省建设工程专业高级职称评审委员会", "plan_name": "2026年—安徽省建设工程专业高级职称评审",
        "year": "2026", "name": "张三", "gender": "男", "birth_date": "1985-06-15", "ethnicity": "汉族",
        "id_type": "居民身份证", "id_number": "340121198506150012", "mobile": "13900000001",
        "political_status": "中共党员", "submitted_on": "2026-03-01", "unit_name": units[0], "unit_nature": "国有企业",
        "series": "工程技术人员", "level": "副高级", "title": "高级工程师", "specialty": "建筑工程",
        "declaration_type": "破格申请", "evaluation_mode": "评审", "standard": "高级工程师评审标准",
        "has_interview": "不需要", "current_title": "工程师", "photo": PHOTO,
        "personal_rows": personal_rows(person, info),
        "titles": [{"no": i + 1, "title_name": t, "series_name": "工程技术人员", "obtained_on": f"201{i * 4}-12-01",
                    "certificate_number": f"ZC{i:06d}", "appointed_on": f"201{i * 4 + 1}-01-01",
                    "appointment_unit": units[0]} for i, t in enumerate(["工程师", "助理工程师"])],
        **record_sections(records),
        "special": {"heading": "破格申报情况", "rows": [["申请理由", "业绩突出，" * 30, "主要业绩", "主持多项省重点工程。" * 20],
                                                   ["原系列", "", "原职称", ""]]},
        "attachments": [{"no": i + 1, "slot": s, "name": f"{s}.pdf"} for i, s in
                        enumerate(["身份证", "学历证书", "职称证书", "诚信承诺书"])],
        "nodes": nodes,
        "no": {"special": numeral(9), "attachments": numeral(10), "opinions": numeral(11)},
    }
    blobs = {PHOTO: png(295, 413), "seal-0": png(240, 240, 7), "seal-2": png(240, 240, 99)}
    return context, blobs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=10)
    args = parser.parse_args()
    context, blobs = sample_context()
    first = render_docx(context, blobs)
    for _ in range(args.warmup):
        render_docx(context, blobs)
    times = []
    cpu_started, started = time.process_time(), time.perf_counter()
    for _ in range(args.forms):
        t0 = time.perf_counter()
        out = render_docx(context, blobs)
        times.append(time.perf_counter() - t0)
        assert out == first, "the same context must give the same bytes"
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    rate = args.forms / elapsed
    quantiles = statistics.quantiles(times, n=20)
    print(f"review form: {len(context['achievement_groups'])} achievement categories, "
          f"{sum(len(g['records']) for g in context['achievement_groups'])} records, photo "
          f"{len(blobs[PHOTO]) // 1024} KB, {len(context['nodes'])} nodes (2 seals); output {len(first) // 1024} KB, "
          f"sha256 {hashlib.sha256(first).hexdigest()[:12]}…")
    print(f"{args.forms} forms in {elapsed:.2f} s: {rate:.1f} forms/s per process; "
          f"p50 {statistics.median(times) * 1000:.1f} ms, p95 {quantiles[18] * 1000:.1f} ms")
    print(f"CPU {cpu / args.forms * 1000:.1f} ms per form ({args.forms / cpu:.1f} forms per CPU-second; "
          "wall-clock figures include whatever else the machine runs)")
    print(f"target >= {TARGET:.0f} forms/s: {'PASS' if rate >= TARGET else 'MISS'}")


if __name__ == "__main__":
    main()

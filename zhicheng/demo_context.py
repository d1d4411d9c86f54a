"""What the demo parts (demo_catalogue, demo_library, demo_declarations, demo_quotas) share: the
transaction's connection, the clock, ids reserved for bulk inserts, the demo units and their admins,
and small real files (a tiny PDF and PNG generated here, stored content-addressed through the storage).
"""
from __future__ import annotations

import struct
import zlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone
from typing import Any

from models.account.models import Account, Identity, IdentityProvider
from models.committee.models import Committee
from models.core.file import StoredFile
from models.plan.models import Plan, PlanAchievementRule, PlanAttachmentSlot
from models.plan.rules import SHANGHAI
from models.unit.models import Unit, UnitAdmin
from zhicheng.demo import PLATFORM_ADMIN_MOBILE, UNITS, UnitSpec, admin_mobiles
from zhicheng.settings import get_settings
from zhicheng.storage import LocalStorage


class IdPool:
    """Ids for bulk inserts, reserved in chunks: from the sequence on PostgreSQL, after the current
    maximum on SQLite (AUTOINCREMENT follows explicit ids). Unused ids are only gaps."""

    CHUNK = 500

    def __init__(self, conn) -> None:
        self.conn = conn
        self.free: dict[str, list[int]] = {}
        self.top: dict[str, int] = {}

    async def next(self, table: str) -> int:
        free = self.free.setdefault(table, [])
        if not free:
            if self.conn.capabilities.dialect == "postgres":
                rows = await self.conn.execute_query_dict(
                    f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) AS id "
                    f"FROM generate_series(1, {self.CHUNK})")
                free.extend(sorted((int(r["id"]) for r in rows), reverse=True))
            else:
                if table not in self.top:
                    rows = await self.conn.execute_query_dict(f"SELECT COALESCE(MAX(id), 0) AS top FROM {table}")
                    self.top[table] = int(rows[0]["top"])
                start = self.top[table] + 1
                self.top[table] += self.CHUNK
                free.extend(range(start + self.CHUNK - 1, start - 1, -1))
        return free.pop()


@dataclass
class Demo:
    """What the demo parts share: the connection, the clock, ids, the demo units and their admins."""

    conn: Any
    now: datetime
    ids: IdPool
    password_hash: str
    unit_ids: dict[str, int]  # demo key → unit id
    specs: dict[str, UnitSpec]
    admin: dict[int, int]  # unit id → its demo admin's account id
    unit_names: dict[int, str]
    committees: dict[str, Committee] = field(default_factory=dict)
    main_plans: dict[tuple[str, int], Plan] = field(default_factory=dict)  # (committee key, year) → plan
    plans: list[Plan] = field(default_factory=list)
    slots: dict[int, list[PlanAttachmentSlot]] = field(default_factory=dict)
    rules: dict[int, list[PlanAchievementRule]] = field(default_factory=dict)
    specialties: dict[int, list[int]] = field(default_factory=dict)  # plan id → specialty ids (empty: any)
    files: Any = None  # demo_library.DemoFiles
    people: Any = None  # demo_library.people(): person id → Who

    @property
    def year(self) -> int:
        return self.now.astimezone(SHANGHAI).year

    def at(self, days: int, hour: int) -> datetime:
        """``hour`` o'clock Beijing time, ``days`` from today, in UTC."""
        day = self.now.astimezone(SHANGHAI).date() + timedelta(days=days)
        return datetime.combine(day, time(hour), SHANGHAI).astimezone(timezone.utc)

    async def bulk(self, model, rows: list) -> None:
        await model.bulk_create(rows, batch_size=1000, using_db=self.conn)


async def start(conn, now: datetime) -> Demo:
    """The shared context, read back from what demo.py inserted."""
    names = {s.name: s.key for s in UNITS}
    unit_ids = {names[n]: i for i, n in await Unit.filter(name__in=list(names)).values_list("id", "name")}
    admin = dict(await UnitAdmin.filter(unit_id__in=list(unit_ids.values())).values_list("unit_id", "account_id"))
    platform = await Identity.get(provider=IdentityProvider.PHONE.value, subject=PLATFORM_ADMIN_MOBILE)
    password_hash = (await Account.get(id=platform.account_id)).password_hash
    assert set(admin_mobiles()) == set(unit_ids), "demo units missing"
    demo = Demo(conn=conn, now=now, ids=IdPool(conn), password_hash=password_hash, unit_ids=unit_ids,
                specs={s.key: s for s in UNITS}, admin=admin,
                unit_names={unit_ids[s.key]: s.name for s in UNITS})
    return demo


def tiny_pdf(*lines: str) -> bytes:
    """A one-page PDF 1.4 (Helvetica, ASCII text) with a correct cross-reference table."""
    text = " ".join("(" + ln.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*"
                    for ln in lines)
    stream = f"BT /F1 14 Tf 18 TL 72 770 Td {text} ET"
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
               "/Contents 4 0 R >>", f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    return out + f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()


def tiny_png(width: int, height: int, background: tuple[int, int, int], ink: tuple[int, int, int]) -> bytes:
    """An RGB PNG: a background with a ring in ``ink`` (a stamp on a scan, a head on a photo)."""
    cx, cy, r = width / 2, height / 2, min(width, height) / 3
    rows = []
    for y in range(height):
        row = bytearray(b"\x00")
        for x in range(width):
            d = ((x - cx) ** 2 + (y - cy) ** 2) ** 0.5
            row += bytes(ink if r - 3 <= d <= r else background)
        rows.append(bytes(row))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))


PNGS = {"scan": ((250, 248, 240), (200, 30, 30)), "photo": ((60, 120, 200), (250, 230, 210)),
        "card": ((235, 240, 250), (40, 80, 160))}


class DemoFiles:
    """Blobs written once through the storage (content-addressed), and StoredFile rows pointing at them."""

    def __init__(self, demo: Demo) -> None:
        self.demo = demo
        self.storage = LocalStorage(get_settings().storage_dir)
        self.blobs: dict[str, tuple[str, int, str]] = {}
        self.rows: list[StoredFile] = []

    async def _blob(self, key: str) -> tuple[str, int, str]:
        if key not in self.blobs:
            kind, _, label = key.partition(":")
            if kind == "pdf":
                content, mime = tiny_pdf("Zhicheng demo document", label, "Generated sample, not a real record."), \
                    "application/pdf"
            else:
                content, mime = tiny_png(96, 128 if label == "photo" else 64, *PNGS[label]), "image/png"

            async def chunks() -> AsyncIterator[bytes]:
                yield content

            sha, size = await self.storage.put(chunks(), len(content))
            self.blobs[key] = (sha, size, mime)
        return self.blobs[key]

    async def file(self, key: str, name: str, purpose: str, owner_id: int | None, at: datetime) -> StoredFile:
        sha, size, mime = await self._blob(key)
        ext = ".pdf" if mime == "application/pdf" else ".png"
        row = StoredFile(id=await self.demo.ids.next("stored_file"), sha256=sha, size=size, content_type=mime,
                         name=name + ext, purpose=purpose, owner_id=owner_id, created_at=at)
        self.rows.append(row)
        return row

    async def flush(self) -> None:
        await self.demo.bulk(StoredFile, self.rows)
        self.rows = []

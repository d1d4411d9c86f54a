"""What the demo's parts share: the clock, ids for bulk inserts, the demo units with a Viewer for each
unit's admin (the rules are called as that admin), the storage, and small real files generated here
(a tiny PDF, PNG scans and photos, the units' red seals).
"""
from __future__ import annotations

import math
import struct
import zlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone
from typing import Any

from tortoise import connections

from models.access.viewer import Viewer, load_viewer
from models.committee.models import Committee
from models.core.file import StoredFile
from models.plan.models import Plan, PlanAchievementRule, PlanAttachmentSlot
from models.plan.rules import SHANGHAI
from models.unit.models import Unit
from zhicheng.demo.data import UnitSpec
from zhicheng.settings import get_settings
from zhicheng.storage import LocalStorage


class IdPool:
    """Ids for bulk inserts, reserved in chunks: from the sequence on PostgreSQL, after the current
    maximum on SQLite (AUTOINCREMENT follows explicit ids). Unused ids are only gaps."""

    CHUNK = 500

    def __init__(self) -> None:
        self.free: dict[str, list[int]] = {}
        self.top: dict[str, int] = {}

    async def next(self, table: str) -> int:
        free = self.free.setdefault(table, [])
        if not free:
            conn = connections.get("default")  # the demo's transaction
            if conn.capabilities.dialect == "postgres":
                rows = await conn.execute_query_dict(
                    f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) AS id "
                    f"FROM generate_series(1, {self.CHUNK})")
                free.extend(sorted((int(r["id"]) for r in rows), reverse=True))
            else:
                if table not in self.top:
                    rows = await conn.execute_query_dict(f"SELECT COALESCE(MAX(id), 0) AS top FROM {table}")
                    self.top[table] = int(rows[0]["top"])
                start = self.top[table] + 1
                self.top[table] += self.CHUNK
                free.extend(range(start + self.CHUNK - 1, start - 1, -1))
        return free.pop()


@dataclass
class Demo:
    """Shared by the parts; filled in as they run (units first, then the catalogue, the library…)."""

    now: datetime
    ids: IdPool = field(default_factory=IdPool)
    password_hash: str = ""
    unit_ids: dict[str, int] = field(default_factory=dict)  # demo key → unit id
    specs: dict[str, UnitSpec] = field(default_factory=dict)
    admin: dict[int, int] = field(default_factory=dict)  # unit id → its demo admin's account id
    units: dict[int, Unit] = field(default_factory=dict)
    viewers: dict[int, Viewer] = field(default_factory=dict)
    committees: dict[str, Committee] = field(default_factory=dict)
    main_plans: dict[tuple[str, int], Plan] = field(default_factory=dict)  # (committee key, year) → plan
    plans: list[Plan] = field(default_factory=list)
    slots: dict[int, list[PlanAttachmentSlot]] = field(default_factory=dict)
    rules: dict[int, list[PlanAchievementRule]] = field(default_factory=dict)
    specialties: dict[int, list[int]] = field(default_factory=dict)  # plan id → specialty ids (empty: any)
    files: Any = None  # DemoFiles
    people: Any = None  # library.people(): person id → Who

    @property
    def year(self) -> int:
        return self.now.astimezone(SHANGHAI).year

    def at(self, days: int, hour: int) -> datetime:
        """``hour`` o'clock Beijing time, ``days`` from today, in UTC."""
        day = self.now.astimezone(SHANGHAI).date() + timedelta(days=days)
        return datetime.combine(day, time(hour), SHANGHAI).astimezone(timezone.utc)

    @property
    def storage(self) -> LocalStorage:
        return LocalStorage(get_settings().storage_dir)

    def unit_names(self, unit_id: int) -> str:
        return self.units[unit_id].name

    async def viewer(self, unit_id: int) -> Viewer:
        """The unit's demo admin as a request signed in with their token sees them (``load_viewer``)."""
        if unit_id not in self.viewers:
            self.viewers[unit_id] = await load_viewer(self.admin[unit_id])
        return self.viewers[unit_id]

    async def bulk(self, model, rows: list) -> None:
        await model.bulk_create(rows, batch_size=1000)


class Upload:
    """What the upload rules read (``filename``, ``read``): a generated file instead of a multipart part."""

    def __init__(self, filename: str, content: bytes) -> None:
        self.filename, self.content, self.offset = filename, content, 0

    async def read(self, size: int = -1) -> bytes:
        end = len(self.content) if size < 0 else self.offset + size
        chunk, self.offset = self.content[self.offset:end], min(end, len(self.content))
        return chunk


def tiny_pdf(*lines: str) -> bytes:
    """A one-page PDF 1.4 (Helvetica, ASCII text) with a correct cross-reference table."""
    text = " ".join("(" + ln.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*"
                    for ln in lines)
    stream = f"BT /F1 14 Tf 18 TL 72 770 Td {text} ET"
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               ("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
                "/Contents 4 0 R >>"), f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    return out + f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()


def _png(width: int, height: int, pixel, channels: int) -> bytes:
    """A PNG (RGB or RGBA, 8 bits) whose pixel (x, y) is ``pixel(x, y)``."""
    rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(width)) for y in range(height))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    colour = 6 if channels == 4 else 2
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def tiny_png(width: int, height: int, background: tuple[int, int, int], ink: tuple[int, int, int]) -> bytes:
    """An RGB PNG: a background with a ring in ``ink`` (a stamp on a scan, a head on a photo)."""
    cx, cy, r = width / 2, height / 2, min(width, height) / 3
    return _png(width, height, lambda x, y: ink if r - 3 <= math.hypot(x - cx, y - cy) <= r else background, 3)


def _inside(x: float, y: float, polygon: list[tuple[float, float]]) -> bool:
    inside, j = False, len(polygon) - 1
    for i, (xi, yi) in enumerate(polygon):
        xj, yj = polygon[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def seal_png(size: int = 160) -> bytes:
    """A red round official seal on a transparent background: a thick ring, a thin inner ring and the
    five-pointed star. Pillow is not a dependency, so it carries no lettering; the unit's name is
    printed next to it on the review form."""
    c, outer = size / 2, size / 2 - 2
    radii = [size * (0.22 if i % 2 == 0 else 0.084) for i in range(10)]  # 0.382: a regular star's inner ratio
    star = [(c + r * math.sin(i * math.pi / 5), c - r * math.cos(i * math.pi / 5)) for i, r in enumerate(radii)]
    red, clear = (205, 30, 35, 255), (255, 255, 255, 0)

    def pixel(x: int, y: int) -> tuple[int, ...]:
        d = math.hypot(x + 0.5 - c, y + 0.5 - c)
        ring = outer - size * 0.06 <= d <= outer or outer - size * 0.1 <= d <= outer - size * 0.085
        return red if ring or _inside(x + 0.5, y + 0.5, star) else clear

    return _png(size, size, pixel, 4)


PNGS = {"scan": ((250, 248, 240), (200, 30, 30)), "photo": ((60, 120, 200), (250, 230, 210)),
        "card": ((235, 240, 250), (40, 80, 160))}


def content(key: str) -> tuple[bytes, str, str]:
    """Bytes, type and extension of a demo file: ``pdf:<label>``, ``png:scan|photo|card`` or ``seal``."""
    if key == "seal":
        return seal_png(), "image/png", ".png"
    kind, _, label = key.partition(":")
    if kind == "pdf":
        return (tiny_pdf("Zhicheng demo document", label, "Generated sample, not a real record."),
                "application/pdf", ".pdf")
    return tiny_png(96, 128 if label == "photo" else 64, *PNGS[label]), "image/png", ".png"


class DemoFiles:
    """Files that are content, not workflow (record evidence, ID photos): each blob is written once
    through the storage (content-addressed) and StoredFile rows point at it."""

    def __init__(self, demo: Demo) -> None:
        self.demo = demo
        self.storage = demo.storage
        self.blobs: dict[str, tuple[str, int, str, str]] = {}
        self.made: dict[str, tuple[bytes, str, str]] = {}

    def _made(self, key: str) -> tuple[bytes, str, str]:
        if key not in self.made:
            self.made[key] = content(key)
        return self.made[key]

    def upload(self, key: str, name: str) -> Upload:
        """The same file as an upload, for the rules that receive one (attachments, quotas, seals)."""
        data, _, ext = self._made(key)
        return Upload(name + ext, data)

    async def file(self, key: str, name: str, purpose: str, owner_id: int | None) -> StoredFile:
        if key not in self.blobs:
            data, mime, ext = self._made(key)

            async def chunks() -> AsyncIterator[bytes]:
                yield data

            sha, size = await self.storage.put(chunks(), len(data))
            self.blobs[key] = (sha, size, mime, ext)
        sha, size, mime, ext = self.blobs[key]
        # One by one: the upload rules insert StoredFile rows in between, so no ids can be reserved.
        return await StoredFile.create(sha256=sha, size=size, content_type=mime, name=name + ext, purpose=purpose,
                                       owner_id=owner_id)

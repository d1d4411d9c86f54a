"""The e-certificate page (电子职称证书): one A4 landscape PDF page drawn with reportlab.

Everything the page shows comes in a ``CertificateDocument``; ``render`` is a plain sync function (a worker
runs it in an executor). The Chinese font is Kurinto Sans SC from the ``weblate-fonts`` package, a
TrueType font that reportlab embeds as a subset, so the file renders where no CJK font is installed
(reportlab cannot embed CFF-outline fonts such as Noto CJK). A4 landscape because the manuals only say the
person downloads and prints the e-certificate (001 §五（二）2) and A4 is what an office prints on.

The page shows the holder's full ID number, as the paper certificate does; the file goes only to the
holder and the issuing units. The public verification page masks it (not here).
"""
from __future__ import annotations

import hashlib
import io
import threading
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources

import segno
from reportlab import rl_config
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from models.certificate.images import PHOTO_PX, EncodedImage, draw_encoded, encode_seal, photo_jpeg

ACQUISITION_METHODS = ("评审", "认定", "初定", "考试", "确认")
HEADER = "中华人民共和国"
TITLE = "专业技术资格证书"
# What a non-valid copy says across the page; VALID draws nothing.
STATUS_BANNERS = {"REVOKED": ("已撤销", "本证书已撤销，不再作为取得专业技术资格的证明"),
                  "REPLACED": ("已换发", "本证书已被换发的新证书取代")}

PAGE_W, PAGE_H = landscape(A4)
INK = HexColor("#222222")
RED = HexColor("#9B1C1C")
GOLD = HexColor("#B08D3C")
LABEL_BG = HexColor("#F6EFE0")
GRID = HexColor("#C9B58A")


@dataclass(frozen=True)
class CertificateDocument:
    """What the e-certificate page shows. Dates are ``date``s; images are PNG or JPEG bytes."""
    number: str
    name: str
    gender: str
    birth_date: date
    id_type: str
    id_number: str
    series: str
    specialty: str
    title_name: str
    level: str
    year: int
    acquired_on: date
    acquisition_method: str  # one of ACQUISITION_METHODS
    approval_number: str  # 批准 / 备案文号
    issuer_name: str
    issue_date: date
    verification_url: str  # what the QR code opens: the public page for this certificate's token
    photo: bytes
    committee_name: str = ""  # 评审委员会, for 评审 results; empty for 认定 / 初定
    issuer_seal: bytes | None = None
    committee_seal: bytes | None = None
    status: str = "VALID"  # VALID / REVOKED / REPLACED
    status_note: str = ""  # e.g. "撤销日期：2026年12月1日" or "新证书编号：YB…"

    def __post_init__(self):
        if self.acquisition_method not in ACQUISITION_METHODS:
            raise ValueError(f"unknown acquisition method {self.acquisition_method!r}")
        if self.status != "VALID" and self.status not in STATUS_BANNERS:
            raise ValueError(f"unknown status {self.status!r}")


@dataclass
class RenderAssets:
    """Loaded once per process: the registered font and prepared seals (a seal repeats on every
    certificate of its issuer, so preparing it once saves time in a batch)."""
    font: str
    _images: dict = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def seal(self, data: bytes) -> EncodedImage:
        key = hashlib.sha256(data).digest()
        with self._lock:
            encoded = self._images.get(key)
            if encoded is None:
                if len(self._images) > 256:  # bounded: seals of a few hundred issuers
                    self._images.clear()
                encoded = self._images[key] = encode_seal(data, key.hex()[:16])
            return encoded


@lru_cache(maxsize=1)
def load_assets() -> RenderAssets:
    # Binary image streams: reportlab's default ASCII85 armour runs in pure Python (no rl_accel) and was
    # two thirds of the render time; PDF needs no 7-bit safety here.
    rl_config.useA85 = 0
    path = resources.files("weblate_fonts") / "static/weblate_fonts/kurinto/ttf/KurintoSansSC-Rg.ttf"
    with resources.as_file(path) as font_file:
        pdfmetrics.registerFont(TTFont("ZhichengSans", str(font_file)))
    return RenderAssets(font="ZhichengSans")


def render(doc: CertificateDocument, assets: RenderAssets | None = None) -> bytes:
    """The certificate as PDF bytes (one page)."""
    assets = assets or load_assets()
    out = io.BytesIO()
    # invariant=1 keeps the output a function of the input (no creation time, fixed IDs): re-rendering the
    # same certificate gives the same bytes, which the idempotent issuing job relies on.
    c = canvas.Canvas(out, pagesize=(PAGE_W, PAGE_H), initialFontName=assets.font, initialFontSize=11,
                      invariant=1, pageCompression=1)
    c.setTitle(f"{TITLE} {doc.number}")
    c.setAuthor(doc.issuer_name)
    c.setSubject(f"{doc.name} {doc.title_name}")
    f = assets.font
    _frame(c)
    _heading(c, f)
    _photo(c, assets, doc.photo)
    _fields(c, f, doc)
    _issuer(c, f, assets, doc)
    _qr(c, f, doc.verification_url)
    if doc.status != "VALID":
        _status_banner(c, f, doc)
    c.showPage()
    c.save()
    return out.getvalue()


def _cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _fit(font: str, text: str, size: float, width: float, minimum: float = 6.5) -> float:
    """The largest size ≤ ``size`` at which ``text`` fits ``width`` (long issuer or specialty names)."""
    w = pdfmetrics.stringWidth(text, font, size)
    return size if w <= width else max(minimum, size * width / w)


def _spaced(c, font: str, size: float, text: str, x_center: float, y: float, spacing: float, mode: int = 0):
    # one text run with character spacing: pdftotext still reads the title as one word
    c.setFont(font, size)
    c.drawCentredString(x_center, y, text, mode=mode, charSpace=spacing)


def _frame(c):
    c.setFillColor(HexColor("#FFFCF4"))
    c.rect(0, 0, PAGE_W, PAGE_H, stroke=0, fill=1)
    c.setStrokeColor(RED)
    c.setLineWidth(2.2)
    c.rect(8 * mm, 8 * mm, PAGE_W - 16 * mm, PAGE_H - 16 * mm)
    c.setStrokeColor(GOLD)
    c.setLineWidth(0.6)
    c.rect(11 * mm, 11 * mm, PAGE_W - 22 * mm, PAGE_H - 22 * mm)
    # small corner squares: the usual ornament of a printed certificate frame
    for x, y in ((11, 11), (PAGE_W / mm - 15, 11), (11, PAGE_H / mm - 15), (PAGE_W / mm - 15, PAGE_H / mm - 15)):
        c.setFillColor(GOLD)
        c.rect(x * mm, y * mm, 4 * mm, 4 * mm, stroke=0, fill=1)


def _heading(c, f):
    c.setFillColor(RED)
    _spaced(c, f, 15, HEADER, PAGE_W / 2, 184 * mm, 5)
    # the font has no bold face loaded (a second font would double the subsetting work): fill+stroke thickens
    c.saveState()
    c.setStrokeColor(RED)
    c.setLineWidth(0.7)
    _spaced(c, f, 30, TITLE, PAGE_W / 2, 168 * mm, 9, mode=2)
    c.restoreState()
    c.setStrokeColor(GOLD)
    c.setLineWidth(0.8)
    c.line(95 * mm, 163 * mm, PAGE_W - 95 * mm, 163 * mm)


PHOTO_X, PHOTO_TOP, PHOTO_W, PHOTO_H = 24 * mm, 152 * mm, 33 * mm, 44 * mm  # 3:4, close to a 2-inch photo


def _photo(c, assets, data: bytes):
    img = photo_jpeg(data, *PHOTO_PX)
    iw, ih = img.getSize()
    # fill the frame like the manuals' crop box (001: "将电子照片铺满剪切区域"), centred, never stretched
    scale = max(PHOTO_W / iw, PHOTO_H / ih)
    w, h = iw * scale, ih * scale
    c.saveState()
    p = c.beginPath()
    p.rect(PHOTO_X, PHOTO_TOP - PHOTO_H, PHOTO_W, PHOTO_H)
    c.clipPath(p, stroke=0, fill=0)
    c.drawImage(img, PHOTO_X + (PHOTO_W - w) / 2, PHOTO_TOP - PHOTO_H + (PHOTO_H - h) / 2, w, h)
    c.restoreState()
    c.setStrokeColor(GRID)
    c.setLineWidth(0.6)
    c.rect(PHOTO_X, PHOTO_TOP - PHOTO_H, PHOTO_W, PHOTO_H)


TABLE_X, TABLE_TOP, ROW_H = 66 * mm, 152 * mm, 9.2 * mm
COLS = (24 * mm, 78 * mm, 24 * mm, 81 * mm)  # label, value, label, value: 207 mm to the inner frame's margin


def _rows(doc: CertificateDocument):
    """Pairs per row; a single pair spans the row (long values)."""
    return [
        [("姓　　名", doc.name), ("性　　别", doc.gender)],
        [("出生日期", _cn_date(doc.birth_date)), ("证件类型", doc.id_type)],
        [("证件号码", doc.id_number), ("证书编号", doc.number)],
        [("系　　列", doc.series), ("专　　业", doc.specialty)],
        [("职称名称", doc.title_name), ("职称级别", doc.level)],
        [("年　　度", f"{doc.year}年"), ("取得时间", _cn_date(doc.acquired_on))],
        [("取得方式", doc.acquisition_method), ("批准文号", doc.approval_number)],
        [("评审机构", doc.committee_name or "—")] if doc.acquisition_method == "评审"
        else [("审批单位", doc.issuer_name)],
    ]


def _fields(c, f, doc):
    rows = _rows(doc)
    width = sum(COLS)
    bottom = TABLE_TOP - ROW_H * len(rows)
    c.setLineWidth(0.5)
    c.setStrokeColor(GRID)
    for i, row in enumerate(rows):
        y = TABLE_TOP - ROW_H * (i + 1)
        x = TABLE_X
        spans = [(COLS[0], COLS[1]), (COLS[2], COLS[3])] if len(row) == 2 else [(COLS[0], sum(COLS[1:]))]
        for (label, value), (lw, vw) in zip(row, spans):
            c.setFillColor(LABEL_BG)
            c.rect(x, y, lw, ROW_H, stroke=1, fill=1)
            c.setFillColor(HexColor("#6B4E16"))
            c.setFont(f, 10.5)
            c.drawCentredString(x + lw / 2, y + 3.2 * mm, label)
            c.rect(x + lw, y, vw, ROW_H, stroke=1, fill=0)
            c.setFillColor(INK)
            size = _fit(f, value, 12, vw - 6 * mm)
            c.setFont(f, size)
            c.drawString(x + lw + 3 * mm, y + 3.2 * mm, value)
            x += lw + vw
    c.setStrokeColor(GOLD)
    c.setLineWidth(1)
    c.rect(TABLE_X, bottom, width, TABLE_TOP - bottom)
    statement = (f"持证人经{doc.committee_name}评审通过，" if doc.acquisition_method == "评审" and doc.committee_name
                 else f"持证人经{doc.acquisition_method}，") + f"具备{doc.title_name}专业技术资格，特发此证。"
    c.setFillColor(INK)
    c.setFont(f, _fit(f, statement, 12, width))
    c.drawString(TABLE_X, bottom - 9 * mm, statement)


SEAL = 40 * mm  # drawn size of a round seal: official seals are about 4 cm across


def _issuer(c, f, assets, doc):
    right = TABLE_X + sum(COLS) - 4 * mm
    lines = _issuer_lines(f, doc.issuer_name) + [(f"发证日期：{_cn_date(doc.issue_date)}", 12.5)]
    c.setFillColor(INK)
    widths = []
    for i, (line, size) in enumerate(reversed(lines)):  # bottom-up from the date line
        c.setFont(f, size)
        c.drawRightString(right, 31 * mm + i * 9 * mm, line)
        widths.append(pdfmetrics.stringWidth(line, f, size))
    # seals are drawn after the text and over it, as a stamp lands on the signature line
    text_w = max(widths)
    if doc.issuer_seal:
        _seal(c, assets, doc.issuer_seal, right - text_w / 2 + 14 * mm, 36 * mm)
    if doc.committee_seal:
        # left of the issuer's lines, clear of them: two stamps on one line would hide the issuer's name
        _seal(c, assets, doc.committee_seal, right - text_w - SEAL / 2 - 2 * mm, 36 * mm)


ISSUER_W = 100 * mm


def _issuer_lines(f, name: str) -> list[tuple[str, float]]:
    """"发证单位：name" on one line, or the name split over two when one line would have to shrink much."""
    one = f"发证单位：{name}"
    if pdfmetrics.stringWidth(one, f, 12.5) <= ISSUER_W or len(name) < 8:
        return [(one, _fit(f, one, 12.5, ISSUER_W))]
    half = (len(name) + 5 + 1) // 2 - 5  # balance the two lines, the label counted on the first
    first, second = f"发证单位：{name[:half]}", name[half:]
    size = min(_fit(f, first, 12.5, ISSUER_W), _fit(f, second, 12.5, ISSUER_W))
    return [(first, size), (second, size)]


def _seal(c, assets, data: bytes, cx: float, cy: float):
    img = assets.seal(data)
    scale = SEAL / max(img.width, img.height)
    w, h = img.width * scale, img.height * scale
    draw_encoded(c, img, cx - w / 2, cy - h / 2, w, h)


QR_X, QR_Y, QR_SIZE = 24 * mm, 24 * mm, 30 * mm
QR_MASK = 0


def _qr(c, f, url: str):
    # A fixed mask: segno's search over the 8 masks is pure Python and was 15 of a ~40 ms render; the
    # token is random data, on which every mask scores alike, and any mask is valid for every reader.
    qr = segno.make(url, error="m", micro=False, mask=QR_MASK)
    matrix = qr.matrix
    n = len(matrix)
    cell = QR_SIZE / n
    c.setFillColor(Color(1, 1, 1))
    c.rect(QR_X - 2 * mm, QR_Y - 2 * mm, QR_SIZE + 4 * mm, QR_SIZE + 4 * mm, stroke=0, fill=1)  # quiet zone
    c.setFillColor(Color(0, 0, 0))
    # vector modules, one rectangle per horizontal run: sharp at any zoom, small in the file
    p = c.beginPath()
    for r, row in enumerate(matrix):
        y = QR_Y + QR_SIZE - (r + 1) * cell
        start = None
        for col in range(n + 1):
            dark = col < n and row[col]
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                p.rect(QR_X + start * cell, y, (col - start) * cell, cell)
                start = None
    c.drawPath(p, stroke=0, fill=1)
    c.setFillColor(INK)
    c.setFont(f, 10)
    c.drawCentredString(QR_X + QR_SIZE / 2, QR_Y - 6.5 * mm, "扫码验证")
    c.setFillColor(HexColor("#6B6B6B"))
    c.setFont(f, 8.5)
    for i, line in enumerate(NOTES):
        c.drawString(QR_X + QR_SIZE + 5 * mm, QR_Y + 8 * mm - i * 5 * mm, line)


NOTES = ("扫描左侧二维码可查验本证书的真伪和当前状态。",
         "本电子证书由发证单位加具数字签名，内容改动后签名即失效。")


def _status_banner(c, f, doc):
    stamp, sentence = STATUS_BANNERS[doc.status]
    c.saveState()
    # a band under the title that prints and photocopies, plus a large translucent diagonal word
    c.setFillColor(RED)
    c.rect(11 * mm, 154.5 * mm, PAGE_W - 22 * mm, 7.5 * mm, stroke=0, fill=1)
    c.setFillColor(Color(1, 1, 1))
    c.setFont(f, 12)
    note = f"{sentence}　{doc.status_note}".strip()
    c.drawCentredString(PAGE_W / 2, 156.8 * mm, note)
    c.setFillColor(Color(0.75, 0.05, 0.05, alpha=0.22))
    c.translate(PAGE_W / 2, PAGE_H / 2 - 10 * mm)
    c.rotate(22)
    _spaced(c, f, 110, stamp, 0, -35, 20)
    c.restoreState()

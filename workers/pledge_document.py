"""The printable 诚信承诺书 (.docx) for those who sign it on paper; built from models/application/pledge.py."""
from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from models.application.pledge import PLEDGE_PARAGRAPHS, PLEDGE_TITLE, SIGNATURE_LINES
from workers.docx_bytes import document_bytes

FIXED_TIME = datetime(2026, 1, 1)


@lru_cache(maxsize=1)
def pledge_docx() -> bytes:
    """Same bytes on every call (fixed zip timestamps): cacheable by clients and proxies."""
    doc = Document()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(PLEDGE_TITLE)
    run.bold, run.font.size = True, Pt(18)
    for text in PLEDGE_PARAGRAPHS:
        doc.add_paragraph(text)
    doc.add_paragraph("")
    for line in SIGNATURE_LINES:
        right = doc.add_paragraph(line)
        right.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    props = doc.core_properties
    props.title, props.created, props.modified = PLEDGE_TITLE, FIXED_TIME, FIXED_TIME
    return document_bytes(doc)

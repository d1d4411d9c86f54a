"""The printable pledges (.docx) for those who sign them on paper: the declaration's 诚信承诺书
(models/application/pledge.py) and the reissue's 承诺书 (models/reissue/pledge.py)."""
from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from models.application.pledge import PLEDGE_PARAGRAPHS, PLEDGE_TITLE, SIGNATURE_LINES
from workers.docx_bytes import document_bytes

FIXED_TIME = datetime(2026, 1, 1)


def pledge_docx() -> bytes:
    return pledge_template_docx(PLEDGE_TITLE, PLEDGE_PARAGRAPHS, SIGNATURE_LINES)


def reissue_pledge_docx() -> bytes:
    from models.reissue import pledge

    return pledge_template_docx(pledge.PLEDGE_TITLE, pledge.PLEDGE_PARAGRAPHS, pledge.SIGNATURE_LINES)


@lru_cache(maxsize=4)
def pledge_template_docx(heading: str, paragraphs: tuple[str, ...], lines: tuple[str, ...]) -> bytes:
    """Same bytes on every call (fixed zip timestamps): cacheable by clients and proxies."""
    doc = Document()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(heading)
    run.bold, run.font.size = True, Pt(18)
    for text in paragraphs:
        doc.add_paragraph(text)
    doc.add_paragraph("")
    for line in lines:
        right = doc.add_paragraph(line)
        right.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    props = doc.core_properties
    props.title, props.created, props.modified = heading, FIXED_TIME, FIXED_TIME
    return document_bytes(doc)

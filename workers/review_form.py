"""The REVIEW_FORM job: renders 专业技术资格评审表 with docxtpl and keeps it as the job's result file.

Rendering is blocking work, so it runs in a thread (``asyncio.to_thread``), with autoescape on
(user text with ``<`` or ``&`` stays text). Output is stable: the context holds no render time,
and the archive is written with fixed timestamps and order (workers/docx_bytes.py), so the same
application gives the same sha256. A re-run of a job whose file has that content keeps the row.

Speed (issue 4 §9: ≥ 30 forms/s per worker process; tests/benchmarks/bench_review_form.py): the
template is small (build_review_form_template.py prunes python-docx's default styles), and
``_Template`` skips docxtpl's per-render work that gives the same result every time.
"""
from __future__ import annotations

import asyncio
import functools
import hashlib
import io
import re
from pathlib import Path
from typing import Any

from docx.image.image import Image
from docx.oxml.parser import element_class_lookup
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import Environment
from lxml import etree

from models.core import ports
from models.core.file import StoredFile
from models.core.job import Job
from models.application.review_form import BLANK_RESULT, review_form_data
from workers.docx_bytes import document_bytes

TEMPLATE = Path(__file__).resolve().parent / "templates" / "review_form.docx"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Pictures are scaled to fit a box inside their cell: the template's column (build_review_form_template.py)
# minus the Table Grid style's cell margins (108 twips = 1.9 mm each side), so none is clipped.
CELL_MARGINS = Mm(2 * 1.905)
PHOTO_BOX = (Mm(34) - CELL_MARGINS, Mm(32))  # 照片 column 34 mm; 32 mm high over five rows
SEAL_BOX = (Mm(24), Mm(24))  # 单位盖章 column 30 mm: 26.2 mm inside the margins
COMMITTEE_SEAL_BOX = (Mm(36), Mm(36))  # 评委会盖章 cell 61 mm wide, 42 mm high


@functools.cache
def template_bytes() -> bytes:
    return TEMPLATE.read_bytes()


class _CompiledOnce(Environment):
    """docxtpl compiles the template's XML on every render; the XML is the same every time, so
    the compiled template is kept (Jinja templates are safe to render from several threads)."""

    @functools.lru_cache(maxsize=8)  # noqa: B019 - one environment for the process
    def from_string(self, source, globals=None, template_class=None):  # type: ignore[override]
        return super().from_string(source, globals, template_class)


_ENV = _CompiledOnce(autoescape=True)


@functools.lru_cache(maxsize=8)
def _patched(xml: str) -> str:
    return DocxTemplate.patch_xml(None, xml)  # type: ignore[arg-type] - uses no instance state


_PARSER = etree.XMLParser(resolve_entities=False)
_PARSER.set_element_class_lookup(element_class_lookup)
_BODY_TAG = re.compile(r"^\s*<w:body(?:\s+xmlns:\w+=\"[^\"]*\")*\s*>")
_LISTING = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\n\t\a\f]")  # a text run with a line break or tab


class _Template(DocxTemplate):
    """docxtpl, minus the work this template never needs on each render: re-cleaning the same tags,
    widening tables for ``{%tc %}`` columns (none here), and expanding tabs and line breaks in a
    document that has none (text with a line break still takes docxtpl's way)."""

    def patch_xml(self, src_xml: str) -> str:
        return _patched(src_xml)

    def fix_tables(self, xml: str):
        """Parses the rendered body as a whole document: docxtpl would parse the body alone and then
        move it into the document, which costs as much as the parse again."""
        root = self.docx.part.element
        empty = etree.Element(root.tag, attrib=dict(root.attrib), nsmap=root.nsmap)
        shell = etree.tostring(empty, encoding="unicode")  # <w:document xmlns:w="…" …/>, no children
        closing = f"</{root.prefix}:{etree.QName(root).localname}>"
        body = _BODY_TAG.sub("<w:body>", xml, count=1)  # its namespaces are the document's, declared above
        return etree.fromstring(f"{shell[:-2]}>{body}{closing}", _PARSER)

    def fix_docpr_ids(self, tree) -> None:  # as docxtpl's, with python-docx's own namespace map
        for element in tree.xpath("//wp:docPr"):
            self.docx_ids_index += 1
            element.attrib["id"] = str(self.docx_ids_index)

    def map_tree(self, tree) -> None:
        self.docx.part._element = tree
        self.docx._element = tree
        self.docx._Document__body = None

    def resolve_listing(self, xml: str) -> str:
        if _LISTING.search(xml):
            return super().resolve_listing(xml)
        return xml


class _Inline(InlineImage):
    """An inline picture with no wrap distance: without distL/distR LibreOffice keeps 3.2 mm either
    side of it, which pushes a seal into the cell's right edge."""

    def _insert_image(self) -> str:
        xml = super()._insert_image()
        assert "<wp:inline " in xml
        return xml.replace("<wp:inline ", '<wp:inline distT="0" distB="0" distL="0" distR="0" ', 1)


def _picture(tpl: DocxTemplate, blobs: dict[str, bytes], name: str | None, box: tuple[int, int]) -> InlineImage | None:
    """The picture as large as fits in ``box`` (width, height in EMU), keeping its proportions."""
    blob = blobs.get(name) if name else None
    if not blob:
        return None
    try:
        image = Image.from_blob(blob)  # a picture Word can show, or none at all
        width, height = image.width, image.height  # its size at its own dpi
        scale = min(box[0] / width, box[1] / height)
    except Exception:  # noqa: BLE001 - a broken image leaves the cell for an offline stamp
        return None
    return _Inline(tpl, io.BytesIO(blob), width=int(width * scale), height=int(height * scale))


def render_docx(context: dict[str, Any], blobs: dict[str, bytes]) -> bytes:
    """Blocking: the form as .docx bytes. ``context`` names images; ``blobs`` holds their bytes."""
    tpl = _Template(io.BytesIO(template_bytes()))
    values = dict(context)
    values["photo"] = _picture(tpl, blobs, context.get("photo"), PHOTO_BOX)
    values["nodes"] = [{**node, "seal": _picture(tpl, blobs, node.get("seal"), SEAL_BOX) or ""}
                       for node in context["nodes"]]
    result = {**BLANK_RESULT, **context.get("committee_result", {})}
    values["committee_result"] = {**result, "seal": _picture(tpl, blobs, result["seal"], COMMITTEE_SEAL_BOX) or ""}
    tpl.render(values, jinja_env=_ENV, autoescape=True)
    return document_bytes(tpl.docx)


async def _blobs(images: dict[str, str]) -> dict[str, bytes]:
    from models.core.storage import read_all

    storage = ports.storage()  # installed by the worker, the API and the demo alike
    return {name: await read_all(storage, sha) for name, sha in sorted(images.items()) if await storage.exists(sha)}


async def render_review_form_job(job: Job, progress) -> None:
    await progress(0, 1)
    form = await review_form_data(job.params["application_id"])
    data = await asyncio.to_thread(render_docx, form.context, await _blobs(form.images))
    sha = hashlib.sha256(data).hexdigest()
    storage = ports.storage()
    existing = await StoredFile.get_or_none(id=job.result_file_id) if job.result_file_id else None
    if existing is None or existing.sha256 != sha or not await storage.exists(sha):

        async def chunks():
            yield data

        stored_sha, size = await storage.put(chunks(), len(data))
        if existing is None or existing.sha256 != sha:
            stored = await StoredFile.create(sha256=stored_sha, size=size, content_type=DOCX_TYPE,
                                             name=form.file_name, purpose="review_form", owner_id=job.requester_id)
            await Job.filter(id=job.id).update(result_file_id=stored.id)
    await progress(1, 1)

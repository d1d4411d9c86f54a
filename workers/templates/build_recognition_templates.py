"""Builds the docxtpl templates of a recognition's two documents (异地职称确认):
workers/templates/recognition_form.docx (异地职称确认表) and recognition_approval.docx (专业技术资格确认审核表).

Run from the repository root after changing a layout, and commit the script and both files:

    .venv/bin/python workers/templates/build_recognition_templates.py

As build_review_form_template.py (whose parts it uses), the output is reproducible. Context keys are
documented in models/recognition/documents.py; pictures are scaled by workers/recognition_form.py to fit
the boxes named there (PHOTO_BOX, SEAL_BOX), which fit the columns below.
"""
from __future__ import annotations

import io
import sys
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.table import WD_ALIGN_VERTICAL, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from workers.templates.build_review_form_template import (  # after the path is set
    HEADING_FONT,
    _merged_row,
    _prune,
    _row,
    _styles,
    _table,
    _tidy,
    _widths,
    heading,
)

FORM_OUTPUT = HERE / "recognition_form.docx"
APPROVAL_OUTPUT = HERE / "recognition_approval.docx"
# The information table is laid on a grid of seven columns, so the rows beside the photo and the rows
# below it split the width differently (each a sum of grid columns). Beside the photo: label 30, value 48
# (an 18-character ID number or a ten-character series name on one line), label 30, value 34 (an
# eight-character title name, 正高级工艺美术师), photo 28 (24.2 mm inside the cell margins: workers/recognition_form.py's
# PHOTO_BOX) over five rows of at least 9 mm. Below it: label 30, value 55, label 30, value 55, so a
# 批准文号 such as 苏人社发〔2021〕256号 stays on one line; a long text's row is label 30 and value 140.
INFO_GRID = [30, 48, 7, 23, 7, 27, 28]
BESIDE_PHOTO, PAIRS, WIDE = (1, 1, 2, 2, 1), (1, 2, 2, 2), (1, 6)
INFO_ROW = 9  # mm
# 审核意见, with 1 mm cell margins: 序号, 审核环节 (eight characters, 县区人社部门审核, on one line), 审核单位,
# 审核意见, 审核日期 (2026-12-03 on one line), 单位盖章 30 mm (26.2 mm inside the Table Grid's margins, which
# tests/test_review_form.assert_fits checks) holding SEAL_BOX (25 mm) in rows of at least 26 mm: four
# passed units and the form's head fit on one A4 page.
OPINION_WIDTHS = [10, 32, 35, 38, 25, 30]
OPINION_ROW = 26  # mm
# 教育经历 at 9 pt with 1 mm margins: dates (21 mm), an eight-character school, 10年, 学士（未获得） and
# 硕士研究生 on one line; 最高学历 and 第一学历 print their headers on two lines of two characters.
EDUCATION_WIDTHS = [9, 21, 21, 28, 19, 10, 24.5, 18.5, 9.5, 9.5]
# 申报相关附件: a fourteen-character slot name (全日制高校毕业生学历学位证书) on one line.
ATTACHMENT_WIDTHS = [12, 58, 20, 16, 64]
SMALL = Pt(9)


def _document(title: str):
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(20)
    _styles(doc)
    lang = OxmlElement("w:lang")  # Chinese text, so Word picks Chinese fonts and line breaking
    lang.set(qn("w:eastAsia"), "zh-CN")
    doc.styles["Normal"].element.get_or_add_rPr().append(lang)
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = title, "Zhicheng", "Zhicheng"
    props.subject = props.keywords = props.comments = props.category = ""
    props.created = props.modified = datetime(2024, 1, 1)
    props.revision = 1
    return doc


def _title(doc, text: str, size: float = 20) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(8)
    run = paragraph.add_run(text)
    run.bold, run.font.size = True, Pt(size)
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), HEADING_FONT)


def _loop_row(table, tag: str) -> None:
    """A row holding only a ``{%tr %}`` tag: docxtpl replaces the whole row with the tag."""
    _row(table, [tag] + [""] * (len(table.columns) - 1))


def _middle(row) -> None:
    for cell in row.cells:
        cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER


def _spanned_row(table, spans: tuple[int, ...], texts: list[str]) -> list:
    """A row of the information table: cells spanning ``spans`` grid columns, holding ``texts``, at least
    INFO_ROW high, centred vertically, not broken across pages."""
    row = table.add_row()
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    row.height, row.height_rule = Mm(INFO_ROW), WD_ROW_HEIGHT_RULE.AT_LEAST
    cells, start = [], 0
    for span in spans:
        cell = row.cells[start]  # row.cells is by grid column: a merged cell repeats
        if span > 1:
            cell = _tidy(cell.merge(row.cells[start + span - 1]))
        cells.append(cell)
        start += span
    for cell, text in zip(cells, texts, strict=True):
        cell.paragraphs[0].add_run(text).bold = False
        cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    return cells


def info_table(doc, rows: list[tuple[str, str, str, str]], wide_row: tuple[str, str], pairs: str,
               wide: str | None = None):
    """The person and the title with the photo on the right of the first five rows, then ``pairs`` (rows
    of label, value, label, value, in two halves) and ``wide`` (label and a value across the table), each
    a docxtpl row loop. ``wide_row`` is the third fixed row (the unit), across the value columns."""
    table = _table(doc, INFO_GRID)
    fixed = [*rows[:2], None, *rows[2:]]
    for item in fixed:
        if item is None:
            _spanned_row(table, (1, 5, 1), [wide_row[0], f"{{{{ {wide_row[1]} }}}}", ""])
            continue
        label, key, label2, key2 = item
        _spanned_row(table, BESIDE_PHOTO, [label, f"{{{{ {key} }}}}", label2, f"{{{{ {key2} }}}}", ""])
    last = len(INFO_GRID) - 1
    photo = _tidy(table.cell(0, last).merge(table.cell(len(fixed) - 1, last)))
    photo.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    photo.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    photo.paragraphs[0].add_run("{% if photo %}{{ photo }}{% else %}照片{% endif %}")

    _loop_row(table, f"{{%tr for p in {pairs} %}}")
    _spanned_row(table, PAIRS, ["{{ p[0] }}", "{{ p[1] }}", "{{ p[2] }}", "{{ p[3] }}"])
    _loop_row(table, "{%tr endfor %}")
    if wide:
        _loop_row(table, f"{{%tr for w in {wide} %}}")
        _spanned_row(table, WIDE, ["{{ w.label }}", "{{ w.value }}"])
        _loop_row(table, "{%tr endfor %}")
    _widths(table, INFO_GRID)
    return table


def list_table(doc, headers: list[str], fields: list[str], widths: list[float], items: str, var: str = "r",
               size: Pt | None = None, center: tuple[int, ...] = ()):
    """A header row (repeated on each page), one row per item of ``items``, and a 无 row when there is none;
    ``center`` names the columns whose values are centred."""
    table = _table(doc, widths)
    header = _row(table, headers, bold=True)
    header._tr.trPr.append(OxmlElement("w:tblHeader"))
    for cell in header.cells:
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _middle(header)  # a header on two lines (最高学历) beside ones on one
    _loop_row(table, f"{{%tr for {var} in {items} %}}")
    body = _row(table, [f"{{{{ {var}.{f} }}}}" for f in fields])
    for i in center:
        body.cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _middle(body)
    _loop_row(table, "{%tr endfor %}")
    _loop_row(table, f"{{%tr if not {items} %}}")
    _merged_row(table, "无").cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _loop_row(table, "{%tr endif %}")
    if size is not None:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = size
    _widths(table, widths)
    return table


def narrow_margins(table, twips: int = 57) -> None:
    """Cell margins of 1 mm each side instead of the Table Grid's 1.9 mm: ten columns of dates and
    four-character headers, or 审核意见's labels and dates, fit on one line."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(twips))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    look = table._tbl.tblPr.find(qn("w:tblLook"))  # w:tblCellMar comes before it in CT_TblPr
    if look is not None:
        look.addprevious(margins)
    else:
        table._tbl.tblPr.append(margins)


def _note(doc, text: str) -> None:
    note = doc.add_paragraph(text)
    note.runs[0].font.size = SMALL


def _finish(doc) -> bytes:
    _prune(doc)
    raw = io.BytesIO()
    doc.save(raw)
    from workers.docx_bytes import normalise_docx

    return normalise_docx(raw.getvalue())


# The long values (a series, a specialty) on the left, the short ones (a level, a title name) beside them.
TITLE_ROWS = [("申请确认系列", "series", "申请确认级别", "level"), ("申请确认专业", "specialty", "申请确认资格", "title")]


def build_form() -> bytes:
    """异地职称确认表: 基本信息 (the person, the title asked for, the basic information and the photo), 教育经历,
    申报相关附件 — seed 000's 申请一览表, as 导出 gives it."""
    doc = _document("异地职称确认表")
    _title(doc, "异地职称确认表")
    heading(doc, "一、基本信息")
    info_table(doc, [("姓名", "name", "性别", "gender"), ("证件号码", "id_number", "手机号码", "mobile"), *TITLE_ROWS],
               ("单位", "unit_name"), "basic_pairs", "basic_wide")
    heading(doc, "二、教育经历")
    educations = list_table(doc, ["序号", "起始日期", "结束日期", "毕业学校", "专业", "学制", "学位", "学历", "最高学历", "第一学历"],
               ["no", "start_date", "end_date", "school", "major", "schooling_years", "degree", "education",
                "is_highest", "is_first"], EDUCATION_WIDTHS, "educations", var="e",
               size=SMALL, center=(0, 1, 2, 5, 6, 7, 8, 9))
    narrow_margins(educations)
    heading(doc, "三、申报相关附件")
    list_table(doc, ["序号", "附件项", "是否必传", "文件数", "已上传文件"], ["no", "name", "required", "count", "files"],
               ATTACHMENT_WIDTHS, "attachments", var="a", center=(0, 2, 3))
    return _finish(doc)


def build_approval() -> bytes:
    """专业技术资格确认审核表: the person, the title asked for and the original title, then each unit that passed
    the recognition with its opinion, the date and its seal (an offline stamp where it has none)."""
    doc = _document("专业技术资格确认审核表")
    _title(doc, "{{ province }}专业技术资格确认审核表")
    heading(doc, "一、基本情况")
    info_table(doc, [("姓名", "name", "性别", "gender"), ("证件号码", "id_number", "出生日期", "birth_date"),
                     *TITLE_ROWS], ("工作单位", "unit_name"), "approval_pairs")
    heading(doc, "二、审核意见")
    table = list_table(doc, ["序号", "审核环节", "审核单位", "审核意见", "审核日期", "单位盖章"],
                       ["no", "label", "unit", "opinion", "date", "seal"], OPINION_WIDTHS, "passed", var="n",
                       center=(0, 4, 5))
    narrow_margins(table)
    body = table.rows[2]  # the row the loop repeats
    body.height, body.height_rule = Mm(OPINION_ROW), WD_ROW_HEIGHT_RULE.AT_LEAST
    _note(doc, "注：经审核通过且已在系统中上传电子印章的单位，本表自动加盖其电子印章；其余单位请线下盖章。")
    return _finish(doc)


def main() -> None:
    for output, build in ((FORM_OUTPUT, build_form), (APPROVAL_OUTPUT, build_approval)):
        data = build()
        output.write_bytes(data)
        print(f"wrote {output} ({len(data)} bytes)")


if __name__ == "__main__":
    main()

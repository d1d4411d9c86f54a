"""Builds workers/templates/review_form.docx, the docxtpl template of 专业技术资格评审表.

Run from the repository root after changing the layout, and commit both files:

    .venv/bin/python workers/templates/build_review_form_template.py

The output is reproducible (fixed document properties and zip timestamps), so an unchanged
layout rebuilds to the same bytes. Context keys are documented in models/application/review_form.py.
Row loops use docxtpl's ``{%tr %}`` tags; a row holding such a tag is removed when rendering.
"""
from __future__ import annotations

import io
import sys
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.table import WD_ALIGN_VERTICAL, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "review_form.docx"
BODY_FONT, HEADING_FONT = "宋体", "黑体"
TEXT_WIDTH = 170  # mm: A4 minus 20 mm margins


def _fonts(style, east_asian: str, size: float, bold: bool = False) -> None:
    style.font.name = "Times New Roman"
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    rpr = style.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)


def _styles(doc) -> None:
    _fonts(doc.styles["Normal"], BODY_FONT, 10.5)
    for name, size in (("Heading 1", 14), ("Heading 2", 12)):
        style = doc.styles[name]
        _fonts(style, HEADING_FONT, size, bold=True)
        style.paragraph_format.space_before = Pt(10)
        style.paragraph_format.space_after = Pt(4)


KEEP_STYLES = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList", "Heading1", "Heading1Char", "Heading2",
               "Heading2Char", "TableGrid"}
DROP_RELS = ("stylesWithEffects", "webSettings", "customXml", "thumbnail")


def _prune(doc) -> None:
    """Keeps only what the form uses: python-docx's default template carries ~800 KB of styles that
    every render would parse, serialise and compress again."""
    styles = doc.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in KEEP_STYLES:
            styles.remove(style)
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    for rels in (doc.part.rels, doc.part.package.rels):
        for rId in [rId for rId, rel in rels.items() if rel.reltype.rsplit("/", 1)[-1] in DROP_RELS]:
            del rels[rId]


def _widths(table, widths: list[float]) -> None:
    """Column widths in the table grid and in every cell (a merged cell spans the sum of its columns).
    LibreOffice lays a table out by its w:tblGrid, not by the cells' widths; python-docx makes the
    grid of equal columns, which squeezes the wide ones (an ID number breaks, a seal is clipped)."""
    assert round(sum(widths), 3) == TEXT_WIDTH, widths
    cols = list(table._tbl.tblGrid.iterchildren(qn("w:gridCol")))
    for col, width in zip(cols, widths, strict=True):
        col.w = Mm(width)
    for tr in table._tbl.tr_lst:
        start = 0
        for tc in tr.tc_lst:  # the sum of the grid's (whole-twip) widths, so a span matches it exactly
            tc.width = Emu(sum(col.w for col in cols[start:start + tc.grid_span]))
            start += tc.grid_span


def _table(doc, widths: list[float]):
    table = doc.add_table(rows=0, cols=len(widths))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    return table


def _row(table, texts: list[str], bold: bool = False):
    row = table.add_row()
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row is not broken across pages
    for cell, text in zip(row.cells, texts):
        run = cell.paragraphs[0].add_run(text)
        run.bold = bold
    return row


def _tidy(cell):
    """Drops the empty paragraphs merging leaves behind (a cell keeps at least one)."""
    for paragraph in cell.paragraphs[1:]:
        if not paragraph.text:
            paragraph._element.getparent().remove(paragraph._element)
    return cell


def _merged_row(table, text: str):
    row = table.add_row()
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    cell = _tidy(row.cells[0].merge(row.cells[-1]))
    cell.paragraphs[0].add_run(text)
    return row


def list_table(doc, headers: list[str], fields: list[str], widths: list[float], items: str,
               var: str = "r") -> None:
    """A header row, one row per item of ``items``, and a 无 row when there is none."""
    table = _table(doc, widths)
    _row(table, headers, bold=True)._tr.trPr.append(OxmlElement("w:tblHeader"))  # repeated on each page
    _row(table, [f"{{%tr for {var} in {items} %}}"] + [""] * (len(headers) - 1))
    _row(table, [f"{{{{ {var}.{f} }}}}" for f in fields])
    _row(table, ["{%tr endfor %}"] + [""] * (len(headers) - 1))
    _row(table, [f"{{%tr if not {items} %}}"] + [""] * (len(headers) - 1))
    _merged_row(table, "无")
    _row(table, ["{%tr endif %}"] + [""] * (len(headers) - 1))
    _widths(table, widths)


def pairs_table(doc, items: str) -> None:
    """label | value | label | value rows from a list of four-item rows."""
    widths = [32, 53, 32, 53]
    table = _table(doc, widths)
    _row(table, [f"{{%tr for p in {items} %}}", "", "", ""])
    _row(table, ["{{ p[0] }}", "{{ p[1] }}", "{{ p[2] }}", "{{ p[3] }}"])
    _row(table, ["{%tr endfor %}", "", "", ""])
    _widths(table, widths)


def declaration_table(doc) -> None:
    """申报情况, with the photo cell on the right of the first five rows."""
    rows = [
        ("姓名", "name", "性别", "gender"),
        ("出生日期", "birth_date", "民族", "ethnicity"),
        ("证件类型", "id_type", "证件编号", "id_number"),
        ("联系方式", "mobile", "政治面貌", "political_status"),
        ("申报年度", "year", "提交日期", "submitted_on"),
        ("申报单位", "unit_name", "单位性质", "unit_nature"),
        ("申报系列", "series", "申报级别", "level"),
        ("申报职称", "title", "申报专业", "specialty"),
        ("申报形式", "declaration_type", "评审方式", "evaluation_mode"),
        ("评审标准", "standard", "是否面试", "has_interview"),
        ("现任专业技术职务", "current_title", "受理评委会", "committee"),
    ]
    widths = [28, 42, 24, 42, 34]
    table = _table(doc, widths)
    for label, key, label2, key2 in rows:
        _row(table, [label, f"{{{{ {key} }}}}", label2, f"{{{{ {key2} }}}}", ""])
    photo = _tidy(table.cell(0, 4).merge(table.cell(4, 4)))
    photo.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    photo.paragraphs[0].add_run("{% if photo %}{{ photo }}{% else %}照片{% endif %}")
    for i in range(5, len(rows)):  # rows below the photo: the last value spans the photo column
        _tidy(table.cell(i, 3).merge(table.cell(i, 4)))
    plan_row = table.add_row()
    plan_row.cells[0].paragraphs[0].add_run("评审计划")
    _tidy(plan_row.cells[1].merge(plan_row.cells[4])).paragraphs[0].add_run("{{ plan_name }}")
    _widths(table, widths)


def committee_result_table(doc) -> None:
    """评委会评审意见: the vote, the conclusion, the date and the committee's seal; rows tall enough to
    write in and stamp by hand while there is no result. 评委会盖章 spans 61 mm and stands 42 mm, which
    holds workers/review_form.py's COMMITTEE_SEAL_BOX (36 mm) inside the cell margins."""
    widths = [24, 18.5] * 4
    table = _table(doc, widths)
    r = "committee_result"
    votes = _row(table, ["出席人数", f"{{{{ {r}.members_present }}}}", "赞成票数", f"{{{{ {r}.votes_for }}}}",
                         "反对票数", f"{{{{ {r}.votes_against }}}}", "弃权票数", f"{{{{ {r}.votes_abstain }}}}"])
    conclusion = _row(table, ["评审结论", f"{{{{ {r}.conclusion }}}}"] + [""] * 6)
    _tidy(conclusion.cells[1].merge(conclusion.cells[-1]))
    stamp = _row(table, ["评审日期", f"{{{{ {r}.date }}}}", "", "", "评委会盖章", f"{{{{ {r}.seal }}}}", "", ""])
    _tidy(stamp.cells[1].merge(stamp.cells[3]))
    seal = _tidy(stamp.cells[5].merge(stamp.cells[7])).paragraphs[0]
    seal.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for row, height in ((votes, 10), (conclusion, 10), (stamp, 42)):
        row.height, row.height_rule = Mm(height), WD_ROW_HEIGHT_RULE.AT_LEAST
        for cell in row.cells:
            cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
            cell.paragraphs[0].paragraph_format.keep_with_next = row is not stamp  # one table, on one page
    for cell in votes.cells[1::2]:  # the numbers
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _widths(table, widths)


def heading(doc, text: str, level: int = 1) -> None:
    doc.add_heading(text, level=level)


def build() -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(20)
    _styles(doc)
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = "专业技术资格评审表", "Zhicheng", "Zhicheng"
    props.subject = props.keywords = props.comments = props.category = ""
    props.created = props.modified = datetime(2024, 1, 1)
    props.revision = 1

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("专业技术资格评审表")
    run.bold, run.font.size = True, Pt(22)
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), HEADING_FONT)
    sub = doc.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub.add_run("{{ committee }}")

    heading(doc, "一、申报情况")
    declaration_table(doc)
    heading(doc, "二、个人信息")
    pairs_table(doc, "personal_rows")
    heading(doc, "三、现有职称及聘任情况")
    list_table(doc, ["序号", "职称名称", "系列", "取得时间", "证书编号", "聘任时间", "聘任单位"],
               ["no", "title_name", "series_name", "obtained_on", "certificate_number", "appointed_on",
                "appointment_unit"], [12, 28, 24, 22, 28, 22, 34], "titles")
    heading(doc, "四、工作经历")
    list_table(doc, ["序号", "起止日期", "工作单位", "从事专业", "行政职务", "专业技术职务", "工作内容"],
               ["no", "period", "work_unit", "specialty", "administrative_post", "technical_post", "content"],
               [12, 30, 30, 22, 20, 22, 34], "work")
    heading(doc, "五、学历教育")
    list_table(doc, ["序号", "起止日期", "毕业院校", "所学专业", "学历", "学位", "合格学历"],
               ["no", "period", "school", "major", "education", "degree", "qualifying"],
               [12, 34, 36, 30, 22, 18, 18], "education")
    heading(doc, "六、继续教育")
    doc.add_paragraph("合计学时：{{ continuing_hours }}")
    list_table(doc, ["序号", "培训(学习)内容", "主办单位", "起止日期", "培训形式", "学时", "学分"],
               ["no", "name", "organizer", "period", "form", "hours", "credits"],
               [12, 40, 32, 34, 20, 16, 16], "continuing")
    heading(doc, "七、年度考核")
    list_table(doc, ["序号", "考核年度", "考核结果", "考核单位", "备注"],
               ["no", "year", "result", "assessing_unit", "remarks"], [12, 24, 24, 50, 60], "assessments")
    heading(doc, "八、业绩情况")
    doc.add_paragraph("{%p for g in achievement_groups %}")
    heading(doc, "（{{ g.no }}）{{ g.label }}", level=2)
    list_table(doc, ["序号", "名称", "主要内容"], ["no", "title", "details"], [12, 50, 108], "g.records")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if not achievement_groups %}")
    doc.add_paragraph("无")
    doc.add_paragraph("{%p endif %}")

    doc.add_paragraph("{%p if special %}")
    heading(doc, "{{ no.special }}、{{ special.heading }}")
    pairs_table(doc, "special.rows")
    doc.add_paragraph("{%p endif %}")

    heading(doc, "{{ no.attachments }}、申报相关附件")
    list_table(doc, ["序号", "附件类别", "附件名称"], ["no", "slot", "name"], [12, 60, 98], "attachments")

    heading(doc, "{{ no.opinions }}、审核意见")
    # 审核日期 22 mm holds 2026-12-02 on one line; 单位盖章 30 mm holds workers/review_form.py's SEAL_BOX
    # (24 mm) inside the cell margins (2 × 1.9 mm).
    list_table(doc, ["序号", "审核环节", "审核单位", "审核结果", "审核意见", "审核日期", "单位盖章"],
               ["no", "label", "unit", "decision", "opinion", "date", "seal"],
               [12, 24, 30, 20, 32, 22, 30], "nodes", var="n")
    seal = doc.tables[-1].rows[2].cells[-1].paragraphs[0]  # the {{ n.seal }} cell of the row loop
    seal.alignment = WD_ALIGN_PARAGRAPH.CENTER
    seal.paragraph_format.space_before = seal.paragraph_format.space_after = Pt(2)
    note = doc.add_paragraph("注：经审核通过且已在系统中上传电子印章的单位，本表自动加盖其电子印章；其余单位请线下盖章。")
    note.runs[0].font.size = Pt(9)

    heading(doc, "{{ no.committee_result }}、评委会评审意见")
    committee_result_table(doc)
    note = doc.add_paragraph("注：录入评审结果后本栏自动填写，并加盖评委会管理单位的电子印章；无电子印章的请线下盖章。")
    note.runs[0].font.size = Pt(9)

    _prune(doc)
    raw = io.BytesIO()
    doc.save(raw)
    sys.path.insert(0, str(HERE.parents[1]))
    from workers.docx_bytes import normalise_docx

    return normalise_docx(raw.getvalue())


def main() -> None:
    data = build()
    OUTPUT.write_bytes(data)
    print(f"wrote {OUTPUT} ({len(data)} bytes)")


if __name__ == "__main__":
    main()

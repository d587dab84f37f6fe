"""Word (.docx) the committee team can edit: real headings, real tables, charts as pictures."""

from __future__ import annotations

import io
from datetime import datetime, time
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from hwb.reports import palette
from hwb.reports.charts import to_png
from hwb.reports.document import (BulletList, Chart, Document, Footnote, GroupRow, Heading, Legend, Paragraph,
                                  Table, list_items, xml_safe)
from hwb.reports.package import settle_package

GREY = RGBColor(0x50, 0x5A, 0x5F)
_LIST_STYLES = ("List Bullet", "List Bullet 2", "List Bullet 3")


def _shade(element, colour: str) -> None:
    """Fill a cell (tcPr) or run (rPr) with a colour."""
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), colour.lstrip("#"))
    element.append(shd)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)


def _cell_text(cell, text: str, *, bold: bool = False, align: str = "", size: float = 8.5) -> None:
    para = cell.paragraphs[0]
    run = para.add_run(xml_safe(text))
    run.bold = bold
    run.font.size = Pt(size)
    if align == "right":
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    elif align == "center":
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _table(out: docx.Document, table: Table, width_cm: float) -> None:
    columns = max(len(r) for r in table.header)
    if table.caption:
        out.add_paragraph(xml_safe(table.caption), style="Caption")
    grid = out.add_table(rows=0, cols=columns)
    grid.style = "Table Grid"
    for header in table.header:
        row = grid.add_row()
        _repeat_header(row)
        for cell, text in zip(row.cells, header):
            _cell_text(cell, text, bold=True)
            _shade(cell._tc.get_or_add_tcPr(), "#F3F2F1")
    for data in table.rows:
        row = grid.add_row()
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        if isinstance(data, GroupRow):
            merged = row.cells[0].merge(row.cells[-1])
            _cell_text(merged, data.label, bold=True, size=9)
            _shade(merged._tc.get_or_add_tcPr(), "#DDE6EE")
            continue
        for cell, value in zip(row.cells, data):
            _cell_text(cell, value.text, align=value.align)
            if value.status:
                _shade(cell._tc.get_or_add_tcPr(), palette.COLOURS[value.status])
    if table.widths:
        total = sum(table.widths)
        for i, column in enumerate(grid.columns):
            for cell in column.cells:
                cell.width = Cm(width_cm * table.widths[i] / total)


def _legend(out: docx.Document, legend: Legend) -> None:
    para = out.add_paragraph()
    title = para.add_run(xml_safe(legend.title) + ": ")
    title.bold = True
    title.font.size = Pt(8.5)
    for status, label in legend.items:
        swatch = para.add_run("\u00a0\u00a0\u00a0\u00a0")
        if status:
            _shade(swatch._r.get_or_add_rPr(), palette.COLOURS[status])
        text = para.add_run(f" {xml_safe(label)}   ")
        text.font.size = Pt(8.5)


def _page_number_footer(section, text: str) -> None:
    para = section.footer.paragraphs[0]
    para.text = ""
    lead = para.add_run(xml_safe(text) + "    Page ")
    lead.font.size = Pt(8)
    begin, instr, end = OxmlElement("w:fldChar"), OxmlElement("w:instrText"), OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr.set(qn("xml:space"), "preserve")
    instr.text = "PAGE"
    end.set(qn("w:fldCharType"), "end")
    field = para.add_run()
    field.font.size = Pt(8)
    for part in (begin, instr, end):
        field._r.append(part)


def _orient(section, landscape: bool) -> None:
    long_side, short_side = Cm(29.7), Cm(21.0)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long_side, short_side) if landscape else (short_side, long_side)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))


def _usable_width(section) -> float:
    return (section.page_width - section.left_margin - section.right_margin) / 360000


def _properties(props, doc: Document) -> None:
    """Title, author and subject from the document; the template's own author, comment and
    2013 dates replaced (dated by the document, never by the clock)."""
    props.title = xml_safe(doc.title)
    props.subject = xml_safe(doc.subject)
    props.author = props.last_modified_by = xml_safe(doc.author)
    props.comments = ""
    props.revision = 1
    if doc.dated:
        props.created = props.modified = datetime.combine(doc.dated, time())


def write_docx(doc: Document, path: Path) -> Path:
    out = docx.Document()
    normal = out.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10.5)
    first = out.sections[0]
    _orient(first, False)
    _page_number_footer(first, doc.footer)
    out.add_heading(xml_safe(doc.title), level=0)
    if doc.subtitle:
        out.add_paragraph(xml_safe(doc.subtitle)).runs[0].font.color.rgb = GREY
    landscape = False
    for section in doc.sections:
        if section.landscape != landscape or (section.new_page and section is not doc.sections[0]):
            new = out.add_section(WD_SECTION.NEW_PAGE)
            if section.landscape != landscape:
                _orient(new, section.landscape)
                landscape = section.landscape
        out.add_heading(xml_safe(section.title), level=1)
        width = _usable_width(out.sections[-1])
        for block in section.blocks:
            _block(out, block, width)
    _properties(out.core_properties, doc)
    out.save(path)
    return settle_package(Path(path), doc.dated)


def _block(out: docx.Document, block, width: float) -> None:
    if isinstance(block, Heading):
        out.add_heading(xml_safe(block.text), level=min(max(block.level - 1, 2), 9))
    elif isinstance(block, Paragraph):
        para = out.add_paragraph()
        run = para.add_run(xml_safe(block.text))
        if block.style == "label":
            run.bold = True
        elif block.style in ("meta", "note"):
            run.font.color.rgb = GREY
            run.font.size = Pt(9)
        elif block.style == "summary":
            run.italic = True
    elif isinstance(block, BulletList):
        for depth, item in list_items(block):
            out.add_paragraph(xml_safe(item), style=_LIST_STYLES[min(depth, 2)])
    elif isinstance(block, Table):
        _table(out, block, width)
    elif isinstance(block, Chart):
        out.add_picture(io.BytesIO(to_png(block.spec)), width=Cm(min(width, 16)))
        out.paragraphs[-1].runs[-1]._r.xpath(".//wp:docPr")[0].set("descr", xml_safe(block.alt))
        if block.title:
            out.add_paragraph(xml_safe(block.title), style="Caption")
    elif isinstance(block, Legend):
        _legend(out, block)
    elif isinstance(block, Footnote):
        run = out.add_paragraph().add_run(xml_safe(block.text))
        run.font.size = Pt(8)
        run.font.color.rgb = GREY

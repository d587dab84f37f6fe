"""Word (.docx) the committee team can edit: real headings, real tables, charts as pictures."""

from __future__ import annotations

import io
import re
from datetime import datetime, time
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.simpletypes import ST_HpsMeasure, ST_TwipsMeasure
from docx.shared import Cm, Emu, Pt, RGBColor

from hwb.reports import palette
from hwb.reports.charts import to_png
from hwb.reports.document import (BulletList, Chart, Document, Footnote, GroupRow, Heading, Legend, Paragraph,
                                  Table, list_items, xml_safe)
from hwb.reports.package import settle_package

GREY = RGBColor(0x50, 0x5A, 0x5F)
_LIST_STYLES = ("List Bullet", "List Bullet 2", "List Bullet 3")
_ALIGN = {"right": "right", "center": "center"}  # Cell.align -> w:jc
_TABLE_LOOK = ('<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" '
               'w:noVBand="1" w:val="04A0"/>')


def _shade(element, colour: str) -> None:
    """Fill a run (rPr) with a colour."""
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), colour.lstrip("#"))
    element.append(shd)


def _run_xml(text: str, bold: bool, size: float) -> str:
    """A run as python-docx's add_run writes it: tabs and line breaks as their own elements,
    space kept where the text starts or ends with it."""
    parts = []
    for piece in re.split(r"([\t\r\n])", text):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            parts.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            parts.append(f"<w:t{space}>{escape(piece)}</w:t>")
    weight = "<w:b/>" if bold else '<w:b w:val="0"/>'
    return f'<w:r><w:rPr>{weight}<w:sz w:val="{ST_HpsMeasure.convert_to_xml(Pt(size))}"/></w:rPr>{"".join(parts)}</w:r>'


def _cell_xml(text: str | None, width: str, *, bold: bool = False, align: str = "", size: float = 8.5,
              fill: str = "", span: int = 1) -> str:
    """A table cell (w:tc) with one paragraph: what python-docx writes for a new cell given
    a width, a run of text (none for None), an alignment and a fill."""
    props = f'<w:tcW w:type="dxa" w:w="{width}"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if fill:
        props += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill.lstrip("#")}"/>'
    jc = f'<w:pPr><w:jc w:val="{_ALIGN[align]}"/></w:pPr>' if align in _ALIGN else ""
    run = _run_xml(xml_safe(text), bold, size) if text is not None else ""
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p>{jc}{run}</w:p></w:tc>"


def _table(out: docx.Document, table: Table, width_cm: float, styles: dict[str, str]) -> None:
    """A grid with the header rows repeated on every page, written as XML in one go (python-docx
    is slow cell by cell); the same elements its add_table, add_row and merge would make."""
    columns = max(len(r) for r in table.header)
    if table.caption:
        _paragraph(out, styles, xml_safe(table.caption), "Caption")
    even = ST_TwipsMeasure.convert_to_xml(Emu(out._block_width // columns))
    if table.widths:
        total = sum(table.widths)
        widths = [ST_TwipsMeasure.convert_to_xml(Cm(width_cm * w / total)) for w in table.widths]
        merged = widths[-1]  # python-docx sets a spanning cell's width once per column: the last stays
    else:
        widths, merged = [even] * columns, str(int(even) * columns)
    rows = []
    for header in table.header:
        cells = [_cell_xml(text, w, bold=True, fill="#F3F2F1") for text, w in zip(header, widths)]
        cells += [_cell_xml(None, w) for w in widths[len(header):]]
        rows.append(f'<w:tr><w:trPr><w:tblHeader w:val="true"/></w:trPr>{"".join(cells)}</w:tr>')
    for data in table.rows:
        if isinstance(data, GroupRow):
            cells = [_cell_xml(data.label, merged, bold=True, size=9, fill="#DDE6EE", span=columns)]
        else:
            cells = [_cell_xml(value.text, w, align=value.align,
                               fill=palette.COLOURS[value.status] if value.status else "")
                     for value, w in zip(data, widths)]
            cells += [_cell_xml(None, w) for w in widths[len(data):]]
        rows.append(f'<w:tr><w:trPr><w:cantSplit/></w:trPr>{"".join(cells)}</w:tr>')
    grid = "".join(f'<w:gridCol w:w="{even}"/>' for _ in range(columns))
    tbl = parse_xml(f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:type="auto" w:w="0"/>{_TABLE_LOOK}</w:tblPr>'
                    f'<w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>')
    out.element.body._insert_tbl(tbl)
    tbl.tblStyle_val = _style_id(out, styles, "Table Grid", WD_STYLE_TYPE.TABLE)


def _style_id(out: docx.Document, styles: dict[str, str], name: str, kind: WD_STYLE_TYPE) -> str:
    """The id of the style `name`, looked up once per document (python-docx searches every style)."""
    if name not in styles:
        styles[name] = out.part.get_style_id(name, kind)
    return styles[name]


def _paragraph(out: docx.Document, styles: dict[str, str], text: str = "", style: str = ""):
    """out.add_paragraph(text, style), with each style's id looked up once per document."""
    para = out.add_paragraph(text)
    if style:
        para._p.style = _style_id(out, styles, style, WD_STYLE_TYPE.PARAGRAPH)
    return para


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
    styles: dict[str, str] = {}
    _paragraph(out, styles, xml_safe(doc.title), "Title")
    if doc.subtitle:
        out.add_paragraph(xml_safe(doc.subtitle)).runs[0].font.color.rgb = GREY
    landscape = False
    for section in doc.sections:
        if section.landscape != landscape or (section.new_page and section is not doc.sections[0]):
            new = out.add_section(WD_SECTION.NEW_PAGE)
            if section.landscape != landscape:
                _orient(new, section.landscape)
                landscape = section.landscape
        _paragraph(out, styles, xml_safe(section.title), "Heading 1")
        width = _usable_width(out.sections[-1])
        for block in section.blocks:
            _block(out, block, width, styles)
    _properties(out.core_properties, doc)
    out.save(path)
    return settle_package(Path(path), doc.dated)


def _block(out: docx.Document, block, width: float, styles: dict[str, str]) -> None:
    if isinstance(block, Heading):
        _paragraph(out, styles, xml_safe(block.text), f"Heading {min(max(block.level - 1, 2), 9)}")
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
            _paragraph(out, styles, xml_safe(item), _LIST_STYLES[min(depth, 2)])
    elif isinstance(block, Table):
        _table(out, block, width, styles)
    elif isinstance(block, Chart):
        out.add_picture(io.BytesIO(to_png(block.spec)), width=Cm(min(width, 16)))
        out.paragraphs[-1].runs[-1]._r.xpath(".//wp:docPr")[0].set("descr", xml_safe(block.alt))
        if block.title:
            _paragraph(out, styles, xml_safe(block.title), "Caption")
    elif isinstance(block, Legend):
        _legend(out, block)
    elif isinstance(block, Footnote):
        run = out.add_paragraph().add_run(xml_safe(block.text))
        run.font.size = Pt(8)
        run.font.color.rgb = GREY

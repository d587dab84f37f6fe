"""The document model every builder produces and every renderer reads.

Text is plain text everywhere (renderers escape it); meaning carried by colour is
also carried by words (`Cell.status` only adds the fill).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Union


@dataclass
class Heading:
    text: str
    level: int = 2  # 1 is the document title


@dataclass
class Paragraph:
    text: str
    style: str = ""  # "" | "summary" | "note" | "meta"


@dataclass
class BulletList:
    """Bullets; a BulletList among the items nests under the item before it."""

    items: list[Union[str, "BulletList"]]


@dataclass
class Cell:
    """A table cell: what a reader sees (`text`), the number behind it (for Excel)
    and an optional status key that colours it (see reports.palette)."""

    text: str
    number: float | None = None
    status: str | None = None
    number_format: str = ""  # Excel format, e.g. "0.0"
    align: str = ""  # "" | "right" | "center"
    extra: tuple[tuple[str, float | None], ...] = ()  # named numbers Excel shows in columns of their own


@dataclass
class GroupRow:
    """A full-width row that names the group of rows beneath it (e.g. a commitment)."""

    label: str


@dataclass
class Table:
    header: list[list[str]]  # one or more header rows, repeated on every printed page
    rows: list[Union[list[Cell], GroupRow]]
    caption: str = ""
    sheet_name: str = ""  # Excel sheet; tables without one are not exported to Excel
    widths: list[float] = field(default_factory=list)  # relative column widths
    notes: list[str] = field(default_factory=list)  # units, source, as-at: printed above the Excel sheet


@dataclass
class Chart:
    """A Vega-Lite chart with the table of its data and a text alternative."""

    spec: dict
    alt: str
    title: str = ""


@dataclass
class Legend:
    title: str
    items: list[tuple[str | None, str]]  # (status key or None, label incl. any symbol)


@dataclass
class Footnote:
    text: str


Block = Union[Heading, Paragraph, BulletList, Table, Chart, Legend, Footnote]


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)
    new_page: bool = False
    landscape: bool = False  # printed on landscape A4 pages (wide tables)
    appendix: bool = False  # an appendix: a board paper puts its closing sections before it

    def add(self, *blocks: Block) -> "Section":
        self.blocks.extend(blocks)
        return self


@dataclass
class Document:
    title: str
    subtitle: str = ""
    sections: list[Section] = field(default_factory=list)
    footer: str = ""  # printed at the foot of every PDF page
    author: str = ""  # document properties of the PDF, Word and Excel files
    subject: str = ""
    dated: date | None = None  # the meeting (or data) date the files are dated with, never the clock

    def tables(self) -> list[Table]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def nested_list(lines: list[str]) -> BulletList:
    """'- ' lines as a list; a line indented deeper than the one before nests under it."""
    root = BulletList([])
    stack = [(_indent(lines[0]), root)]
    for line in lines:
        depth, text = _indent(line), line.strip()
        text = text[2:] if text.startswith("- ") else text
        while len(stack) > 1 and depth < stack[-1][0]:
            stack.pop()
        if depth > stack[-1][0] and stack[-1][1].items:
            child = BulletList([])
            stack[-1][1].items.append(child)
            stack.append((depth, child))
        stack[-1][1].items.append(text)
    return root


def text_blocks(text: str) -> list[Block]:
    """Narrative text (paragraphs separated by blank lines, '- ' bullets, deeper-indented
    bullets nested under the bullet above) as blocks."""
    blocks: list[Block] = []
    for chunk in text.strip("\n").split("\n\n"):
        lines = [ln.rstrip() for ln in chunk.split("\n") if ln.strip()]
        if not lines:
            continue
        is_bullet = [ln.strip().startswith("- ") for ln in lines]
        if all(is_bullet):
            blocks.append(nested_list(lines))
        elif any(is_bullet) and not is_bullet[0]:
            blocks.append(Paragraph(lines[0].strip()))
            blocks.append(nested_list(lines[1:]))
        else:
            blocks.append(Paragraph(" ".join(ln.strip() for ln in lines)))
    return blocks


def list_items(block: BulletList, depth: int = 0):
    """(depth, text) for every item of a (nested) list, in reading order."""
    for item in block.items:
        if isinstance(item, BulletList):
            yield from list_items(item, depth + 1)
        else:
            yield depth, item


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Text without the control characters Word and Excel files cannot hold."""
    return _CONTROL.sub("", text)


def cells(doc: Document):
    """Every table cell of the document."""
    for table in doc.tables():
        for row in table.rows:
            if not isinstance(row, GroupRow):
                yield from row


def all_text(doc: Document):
    """Every piece of text a reader can see, in document order."""
    yield doc.title
    yield doc.subtitle
    yield doc.footer
    for section in doc.sections:
        yield section.title
        for block in section.blocks:
            if isinstance(block, (Heading, Paragraph, Footnote)):
                yield block.text
            elif isinstance(block, BulletList):
                yield from (text for _, text in list_items(block))
            elif isinstance(block, Chart):
                yield from (block.title, block.alt)
            elif isinstance(block, Legend):
                yield block.title
                yield from (label for _, label in block.items)
            elif isinstance(block, Table):
                yield block.caption
                yield from (h for row in block.header for h in row)
                for row in block.rows:
                    yield from ([row.label] if isinstance(row, GroupRow) else [c.text for c in row])

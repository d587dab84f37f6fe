"""The document model every builder produces and every renderer reads.

Text is plain text everywhere (renderers escape it); meaning carried by colour is
also carried by words (`Cell.status` only adds the fill).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
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
    items: list[str]


@dataclass
class Cell:
    """A table cell: what a reader sees (`text`), the number behind it (for Excel)
    and an optional status key that colours it (see reports.palette)."""

    text: str
    number: float | None = None
    status: str | None = None
    number_format: str = ""  # Excel format, e.g. "0.0"
    align: str = ""  # "" | "right" | "center"


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

    def add(self, *blocks: Block) -> "Section":
        self.blocks.extend(blocks)
        return self


@dataclass
class Document:
    title: str
    subtitle: str = ""
    sections: list[Section] = field(default_factory=list)
    footer: str = ""  # printed at the foot of every PDF page

    def tables(self) -> list[Table]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]


def text_blocks(text: str) -> list[Block]:
    """Narrative text (paragraphs separated by blank lines, '- ' bullets) as blocks."""
    blocks: list[Block] = []
    for chunk in text.strip().split("\n\n"):
        lines = [ln for ln in chunk.split("\n") if ln.strip()]
        if not lines:
            continue
        bullets = [ln.strip()[2:] for ln in lines if ln.strip().startswith("- ")]
        if len(bullets) == len(lines):
            blocks.append(BulletList(bullets))
        elif bullets and not lines[0].strip().startswith("- "):
            blocks.append(Paragraph(lines[0].strip()))
            rest = lines[1:]
            blocks.append(BulletList([ln.strip()[2:] if ln.strip().startswith("- ") else ln.strip() for ln in rest]))
        else:
            blocks.append(Paragraph(" ".join(ln.strip() for ln in lines)))
    return blocks


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Text without the control characters Word and Excel files cannot hold."""
    return _CONTROL.sub("", text)

"""Self-contained HTML: inline CSS, charts as inline SVG images, all text escaped."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from hwb.reports import palette
from hwb.reports.charts import svg_data_uri
from hwb.reports.document import BulletList, Chart, Document, Footnote, Heading, Legend, Paragraph, Table

_ENV = Environment(loader=PackageLoader("hwb.reports", "templates"), autoescape=select_autoescape(["html"]),
                   trim_blocks=True, lstrip_blocks=True)
_KINDS = {Heading: "heading", Paragraph: "paragraph", BulletList: "list", Footnote: "footnote",
          Legend: "legend", Chart: "chart", Table: "table"}


def _tree(block: BulletList) -> list[dict]:
    """A nested list as items with their children, for the template's recursive macro."""
    items: list[dict] = []
    for item in block.items:
        if isinstance(item, BulletList):
            if items:
                items[-1]["children"].extend(_tree(item))
            else:
                items.extend(_tree(item))
        else:
            items.append({"text": item, "children": []})
    return items


def _item(block):
    kind = _KINDS[type(block)]
    if kind == "list":
        return kind, _tree(block)
    if kind == "chart":
        return kind, {"title": block.title, "alt": block.alt, "src": svg_data_uri(block.spec)}
    if kind == "table":
        columns = max((len(r) for r in block.header), default=1)
        return kind, {"caption": block.caption, "header": block.header, "rows": block.rows,
                      "widths": block.widths, "columns": columns}
    return kind, block


def render_html(doc: Document) -> str:
    """The document as one HTML page that needs no network and no JavaScript."""
    # The stylesheet is our own file, not user text: it is the one thing not escaped.
    css = Markup(resources.files("hwb.reports").joinpath("templates/report.css").read_text("utf-8"))
    sections = [{"title": s.title, "new_page": s.new_page, "landscape": s.landscape,
                 "blocks": [_item(b) for b in s.blocks]} for s in doc.sections]
    dated = doc.dated.isoformat() if doc.dated else ""
    return _ENV.get_template("report.html").render(doc=doc, sections=sections, css=css, colours=palette.COLOURS,
                                                    dated=dated)


def write_html(doc: Document, path: Path) -> Path:
    path.write_text(render_html(doc), "utf-8")
    return path

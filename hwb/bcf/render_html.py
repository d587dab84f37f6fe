"""The BCF section as one self-contained HTML page (inline CSS and SVG charts), and as A4 PDF."""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from hwb.bcf.charts import to_svg

_ENV = Environment(
    loader=PackageLoader("hwb.bcf", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
)
_ENV.tests["numeric"] = lambda text: bool(re.fullmatch(r"-?£?[\d,]+(\.\d+)?%?", text))


def render_html(section) -> str:
    """HTML for the section; every text value is escaped, charts are SVG made by vl-convert."""
    charts = {block.metric: Markup(to_svg(block.chart)) for block in section.metrics}
    return _ENV.get_template("bcf_section.html").render(section=section, charts=charts)


def write_pdf(html: str, path: Path) -> None:
    """An A4 PDF of the rendered HTML."""
    from weasyprint import HTML

    HTML(string=html).write_pdf(path)

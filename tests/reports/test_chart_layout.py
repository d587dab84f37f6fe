"""Rendered-page checks: no chart legend, label or marker is cut off in the printed PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
from xml.etree import ElementTree

import pytest
from PIL import Image

from hwb.reports.charts import time_series_spec, to_png

LEGEND_WORDS = ["Benchmark", "England", "Compared with England", "Better", "Similar", "Worse",
                "Not compared", "Higher", "Lower"]


def _pages(pdf) -> list[tuple[float, float, list[tuple[str, float, float, float, float]]]]:
    """(width, height, words with their boxes) for every page, from pdftotext -bbox-layout."""
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext (poppler-utils) is needed")
    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True,
                         text=True).stdout
    out = re.sub(r"<!DOCTYPE[^>]*>", "", out)
    root = ElementTree.fromstring(out)
    pages = []
    for page in root.iter("{http://www.w3.org/1999/xhtml}page"):
        words = [(w.text or "", *(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
                 for w in page.iter("{http://www.w3.org/1999/xhtml}word")]
        pages.append((float(page.get("width")), float(page.get("height")), words))
    return pages


def _legends(words) -> list[str]:
    """The text after each chart legend's first title ('Benchmark Compared with England ...')."""
    names = [w[0] for w in words]
    return [" ".join(names[i:i + 16]) for i in range(len(names) - 1)
            if names[i] == "Benchmark" and names[i + 1] == "Compared"]


def test_every_chart_legend_is_whole_and_inside_the_page(demo_papers):
    """Nine charts (HPV x2, screening x6, TB), each legend complete (Vega used to cut 'Compared with Engla') and on the page."""
    pages = _pages(demo_papers["health-protection.pdf"])
    legends = [(legend, page) for page in pages for legend in _legends(page[2])]
    assert len(legends) == 9
    for legend, (width, height, words) in legends:
        missing = [label for label in LEGEND_WORDS if label not in legend]
        assert not missing, f"legend words missing or cut: {missing} in {legend!r}"
        assert "…" not in legend
        outside = [w for w in words if w[1] < 0 or w[2] < 0 or w[3] > width or w[4] > height]
        assert not outside, f"text outside the page: {outside[:3]}"


def test_chart_image_leaves_a_white_border_so_nothing_is_clipped():
    """Every edge of the rendered chart is background: no marker, label or legend touches it,
    even for a point at the top of the scale and the longest legend labels."""
    points = [{"period": f"{2016 + i}/{17 + i}", "value": v, "lower": v - 2, "upper": v + 2, "england": 70.0,
               "compared": c} for i, (v, c) in enumerate([(99.5, "Better"), (60.0, "Worse"), (70.0, "Not compared"),
                                                          (80.0, "Higher"), (55.0, "Lower"), (70.0, "Similar")])]
    path = "/tmp/chart-edges.png"
    with open(path, "wb") as out:
        out.write(to_png(time_series_spec("%", points), scale=1))
    image = Image.open(path).convert("L")
    width, height = image.size
    edges = [image.getpixel((x, y)) for x in range(width) for y in (0, 1, height - 2, height - 1)]
    edges += [image.getpixel((x, y)) for y in range(height) for x in (0, 1, width - 2, width - 1)]
    assert min(edges) > 245, "something is drawn at the very edge of the chart image"


def test_rendered_pdf_pages_keep_the_right_margin_clear(demo_papers, tmp_path):
    """pdftoppm renders each chart page; the page's right margin (beyond the text block) is white."""
    if not shutil.which("pdftoppm"):
        pytest.fail("pdftoppm (poppler-utils) is needed")
    pdf = demo_papers["health-protection.pdf"]
    pages = _pages(pdf)
    numbers = [i + 1 for i, p in enumerate(pages) if _legends(p[2])]
    assert numbers
    for number in numbers:
        stem = tmp_path / f"page-{number}"
        subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", str(number), "-l", str(number), "-singlefile",
                        str(pdf), str(stem)], check=True)
        image = Image.open(f"{stem}.png").convert("L")
        width, height = image.size
        margin = int(width * 12 / 210)  # the last 12 mm of an A4 page (the margin is 15 mm)
        strip = [image.getpixel((x, y)) for x in range(width - margin, width) for y in range(0, height, 2)]
        assert min(strip) > 240, f"page {number}: something is drawn in the right margin"

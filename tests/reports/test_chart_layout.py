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


def _render(pdf, tmp_path) -> list[Image.Image]:
    """Every page of `pdf` as a greyscale image at 50 dpi (pdftoppm)."""
    if not shutil.which("pdftoppm"):
        pytest.fail("pdftoppm (poppler-utils) is needed")
    stem = tmp_path / pdf.stem
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(stem)], check=True)
    return [Image.open(p).convert("L") for p in sorted(tmp_path.glob(f"{pdf.stem}-*.png"),
                                                       key=lambda p: int(p.stem.rsplit("-", 1)[1]))]


@pytest.mark.parametrize("name", ["staying-healthy", "health-protection"])
def test_rendered_pdf_pages_keep_every_margin_clear(demo_papers, tmp_path, name):
    """pdftoppm renders every page; the outer 10 mm of each (the margin is 15 mm) is white, so no
    chart, table, legend or label runs off the paper or into the margin; only the running footer
    sits in the bottom margin, between its own lines."""
    pdf = demo_papers[f"{name}.pdf"]
    images = _render(pdf, tmp_path)
    assert len(images) == len(_pages(pdf)) > 10
    for number, image in enumerate(images, 1):
        width, height = image.size
        short = min(width, height)
        edge = int(short * 10 / 210)  # 10 mm of the page's short side
        strips = {"left": (0, edge, 0, height), "right": (width - edge, width, 0, height), "top": (0, width, 0, edge),
                  "bottom": (0, width, height - edge // 2, height)}
        for side, (x0, x1, y0, y1) in strips.items():
            darkest = min(image.getpixel((x, y)) for x in range(x0, x1) for y in range(y0, y1, 2))
            assert darkest > 240, f"{name}.pdf page {number}: something is drawn in the {side} margin"


@pytest.mark.parametrize("name", ["staying-healthy", "health-protection"])
def test_every_word_lies_inside_the_text_block(demo_papers, name):
    """From the PDF's own text boxes: every word of every page lies inside the page less 10 mm,
    and no word is cut to an ellipsis."""
    for number, (width, height, words) in enumerate(_pages(demo_papers[f"{name}.pdf"]), 1):
        inset = 10 * 72 / 25.4
        outside = [w for w in words if w[1] < inset or w[2] < inset or w[3] > width - inset or w[4] > height - inset / 2]
        assert not outside, f"{name}.pdf page {number}: words beyond the text block: {outside[:3]}"
        cut = [w[0] for w in words if w[0].endswith("…")]
        assert not cut, f"{name}.pdf page {number}: words cut short: {cut}"

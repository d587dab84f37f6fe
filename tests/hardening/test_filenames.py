"""safe_stem: people's text becomes a short, portable file name."""

from __future__ import annotations

import pytest

from hwb.filenames import safe_stem


def test_ordinary_names_read_as_before():
    assert safe_stem("Staying Healthy, Safe and Well") == "staying-healthy-safe-and-well"
    assert safe_stem("Café & Bar – Loughborough") == "cafe-bar-loughborough"


def test_long_names_are_cut_at_a_word_and_stay_distinct(tmp_path):
    first, second = "Healthy homes " * 25 + "north", "Healthy homes " * 25 + "south"
    a, b = safe_stem(first, 80), safe_stem(second, 80)
    assert len(a) <= 80 and len(b) <= 80 and a != b
    assert a.startswith("healthy-homes-healthy") and "--" not in a
    (tmp_path / f"{a}-dashboard.docx").write_text("x")  # a real file system takes it


@pytest.mark.parametrize("text, stem", [("", "untitled"), ("!!!", "untitled"), ("中文", "untitled"),
                                        ("CON", "con-file"), ("../../etc/passwd", "etc-passwd"), ("x" * 300, None)])
def test_awkward_text(text, stem):
    result = safe_stem(text, 40)
    assert result == stem if stem else (len(result) <= 40 and result.startswith("xxx"))
    assert "/" not in result and "." not in result

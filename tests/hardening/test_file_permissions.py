"""Files hwb writes whole (results, Word and Excel papers, Fingertips downloads) get the permissions any
new file of the user's gets, not a temporary file's owner-only ones, and a failed write leaves none."""

from __future__ import annotations

import os
import stat

import pytest
from docx import Document

from hwb.atomic import replacing
from hwb.reports.package import settle_package


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_replaced_file_has_the_mode_a_new_file_gets(tmp_path):
    target = tmp_path / "results.csv"
    with open(tmp_path / "plain.csv", "w"):
        pass  # a file made the ordinary way, for the mode to match
    with replacing(target) as temp:
        with open(temp, "w") as out:
            out.write("a,b\n")
    assert target.read_text() == "a,b\n"
    assert _mode(target) == _mode(tmp_path / "plain.csv") == 0o666 & ~_umask()


def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(tmp_path):
    target = tmp_path / "paper.docx"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), replacing(target, suffix=".docx") as temp:
        with open(temp, "wb") as out:
            out.write(b"half")
        raise RuntimeError("stopped")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["paper.docx"]


def test_a_settled_word_paper_is_readable_as_a_new_file(tmp_path):
    paper = tmp_path / "dashboard.docx"
    Document().save(paper)
    settle_package(paper, None)
    assert _mode(paper) == 0o666 & ~_umask()
    assert Document(paper).paragraphs == []

"""xlsx_guard: workbooks are measured before they are parsed; damage becomes a located error."""

from __future__ import annotations

import time
import tracemalloc
import zipfile

import openpyxl
import pytest

from hwb.errors import InputError
from hwb.ingest.xlsx_guard import damaged_workbook_errors, open_workbook

ROWS = 2_000_000


def _workbook(path, rows: int = 3):
    book = openpyxl.Workbook()
    for i in range(rows):
        book.active.append([f"r{i}", i])
    book.save(path)
    return path


def _with_sheet(source, target, transform):
    """A copy of the workbook at `source` whose first sheet's XML is `transform(xml)`."""
    with zipfile.ZipFile(source) as book, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in book.infolist():
            data = book.read(info)
            out.writestr(info.filename, transform(data) if info.filename == "xl/worksheets/sheet1.xml" else data)
    return target


@pytest.fixture(scope="module")
def zip_bomb(tmp_path_factory):
    """About 10 MB on disk: 2 million rows (about 100 MB of XML) with no <dimension> to give them away."""
    folder = tmp_path_factory.mktemp("bomb")
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (i, i) for i in range(1, ROWS + 1))

    def transform(xml: bytes) -> bytes:
        start, end = xml.index(b"<sheetData>") + len(b"<sheetData>"), xml.index(b"</sheetData>")
        xml = xml[:start] + rows + xml[end:]
        return xml.replace(b'<dimension ref="A1:B3"/>', b"")

    return _with_sheet(_workbook(folder / "small.xlsx"), folder / "bomb.xlsx", transform)


def test_the_zip_bomb_is_refused_in_under_2_seconds(zip_bomb):
    assert 5 * 2**20 < zip_bomb.stat().st_size < 15 * 2**20
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(InputError) as caught:
            open_workbook(zip_bomb)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(caught.value) == (f"{zip_bomb}: part xl/worksheets/sheet1.xml of the workbook has more than the "
                                 "1,048,576 rows allowed; split it or save it as CSV")
    assert elapsed < 2 and peak < 50 * 2**20, (elapsed, peak)


def test_unpacked_size_is_checked_before_anything_is_read(zip_bomb):
    started = time.perf_counter()
    with pytest.raises(InputError, match=r"the workbook unpacks to 95 MB, more than the 10 MB allowed"):
        open_workbook(zip_bomb, max_uncompressed=10 * 2**20)
    assert time.perf_counter() - started < 0.5


def test_a_sheet_that_says_it_is_too_big_is_refused_from_its_dimension(tmp_path):
    path = _with_sheet(_workbook(tmp_path / "a.xlsx"), tmp_path / "b.xlsx",
                       lambda xml: xml.replace(b'<dimension ref="A1:B3"/>', b'<dimension ref="A1:B5000000"/>'))
    with pytest.raises(InputError, match=r"sheet1.xml of the workbook says it has 5,000,000 rows"):
        open_workbook(path)


def test_row_limit_is_the_callers_and_rows_are_counted_when_the_dimension_is_silent(tmp_path):
    path = _workbook(tmp_path / "rows.xlsx", rows=50)
    assert open_workbook(path, max_rows=50).active.max_row == 50
    with pytest.raises(InputError, match="says it has 50 rows, more than the 49 allowed"):
        open_workbook(path, max_rows=49)
    silent = _with_sheet(path, tmp_path / "silent.xlsx", lambda xml: xml.replace(b'<dimension ref="A1:B50"/>', b""))
    with pytest.raises(InputError, match="has more than the 49 rows allowed"):
        open_workbook(silent, max_rows=49)


def test_entity_declarations_are_refused(tmp_path):
    declared = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
    path = _with_sheet(_workbook(tmp_path / "a.xlsx"), tmp_path / "e.xlsx", lambda xml: declared + xml)
    with pytest.raises(InputError, match="declares XML entities or a DOCTYPE"):
        open_workbook(path)


@pytest.mark.parametrize("damage", ["truncated", "zeroed", "not a zip", "bad xml", "bad deflate", "missing"])
def test_damaged_workbooks_are_located(tmp_path, damage):
    path = _workbook(tmp_path / "good.xlsx")
    data = bytearray(path.read_bytes())
    if damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "zeroed":
        data[100:400] = bytes(300)
        path.write_bytes(data)
    elif damage == "not a zip":
        path.write_text("indicator_id,name\n")
    elif damage == "bad xml":
        _with_sheet(tmp_path / "good.xlsx", path := tmp_path / "bad.xlsx", lambda xml: xml[: len(xml) // 2])
    elif damage == "bad deflate":
        with zipfile.ZipFile(tmp_path / "good.xlsx") as book:
            info = book.getinfo("xl/worksheets/sheet1.xml")
        start = info.header_offset + 30 + len(info.filename) + 5
        data[start:start + 8] = b"\xff" * 8
        path.write_bytes(data)
    else:
        path = tmp_path / "missing.xlsx"
    with pytest.raises(InputError) as caught, damaged_workbook_errors(str(path)):
        book = open_workbook(path)
        list(book.active.iter_rows(values_only=True))  # read-only books parse as they are read
    with pytest.raises(InputError) as loaded_whole:
        open_workbook(path, read_only=False)  # as the BCF workbook reader opens them
    for (error,) in (caught.value.errors, loaded_whole.value.errors):
        assert error.file == str(path)
        assert "file not found" in error.message if damage == "missing" else "the workbook is damaged" in error.message

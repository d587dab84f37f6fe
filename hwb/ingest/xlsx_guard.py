"""Open an .xlsx only after checking it cannot exhaust memory or time, with located errors.

An .xlsx is a zip of XML parts. Before openpyxl parses anything, `open_workbook`
checks the sizes the zip declares (Python's zip reader never inflates a part beyond
its declared size: a lie fails its CRC check), refuses XML entity declarations
(Excel never writes them), and counts each sheet's rows in one streaming pass. A
damaged file (bad zip, bad deflate stream, bad XML) becomes an InputError naming it.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator
from xml.etree.ElementTree import ParseError

from lxml.etree import LxmlError

from hwb.errors import InputError, LocatedError

if TYPE_CHECKING:
    from openpyxl import Workbook

MAX_UNCOMPRESSED = 256 * 2**20  # bytes of XML across all parts of the workbook
MAX_ROWS = 1_048_576  # Excel's own limit for one sheet
_CHUNK = 2**20
_ROW_TAGS = (b"<row ", b"<row>", b":row ", b":row>")  # plain or namespace-prefixed (<x:row)
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="[A-Z]*\d*:?[A-Z]*(\d+)"')
_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_SPLIT = "; split it or save it as CSV"
_TAIL = 64  # bytes carried between chunks so a tag split across them is still seen

# What openpyxl and the zip/XML layers raise on a damaged or hostile file.
DAMAGED = (zipfile.BadZipFile, zlib.error, ParseError, LxmlError, KeyError, ValueError,
           TypeError, IndexError, AttributeError, EOFError, OSError, NotImplementedError, RuntimeError)


class _OverBudget(ValueError):
    """A part of the workbook breaks a limit; the message says which."""


def _refuse(file: str, message: str) -> InputError:
    return InputError([LocatedError(file, None, None, message)])


@contextmanager
def damaged_workbook_errors(file: str) -> Iterator[None]:
    """Turn any failure of openpyxl or the zip/XML layers inside the block into a located error.

    Needed around reading cells too: in read-only mode openpyxl parses rows as they are read.
    """
    try:
        yield
    except InputError:
        raise
    except DAMAGED as exc:
        raise _refuse(file, f"the workbook is damaged or not an Excel .xlsx file ({type(exc).__name__}: {exc})") from exc


def _count_rows(data: bytes) -> int:
    return sum(data.count(tag) for tag in _ROW_TAGS)


def _scan_part(book: zipfile.ZipFile, info: zipfile.ZipInfo, max_rows: int) -> None:
    """Read one XML part once, in chunks: refuse entity declarations and more than max_rows rows.

    A sheet's own <dimension> is believed when it claims too many rows, never when it claims few.
    """
    rows, tail = 0, b""
    with book.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            data = tail + chunk
            if _DECLARATION.search(data):
                raise _OverBudget("declares XML entities or a DOCTYPE, which Excel never writes")
            if not tail and (dimension := _DIMENSION.search(data)) and int(dimension[1]) > max_rows:
                raise _OverBudget(f"says it has {int(dimension[1]):,} rows, more than the {max_rows:,} allowed{_SPLIT}")
            rows += _count_rows(data) - _count_rows(tail)  # a tag wholly in the tail was counted already
            if rows > max_rows:
                raise _OverBudget(f"has more than the {max_rows:,} rows allowed{_SPLIT}")
            tail = data[-_TAIL:]


def check_workbook(path: str | Path, *, max_uncompressed: int = MAX_UNCOMPRESSED, max_rows: int = MAX_ROWS) -> None:
    """Raise InputError unless the file is a zip whose parts fit the budgets; parse nothing."""
    file = str(path)
    if not Path(path).is_file():
        raise _refuse(file, "file not found")
    with damaged_workbook_errors(file):
        with zipfile.ZipFile(path) as book:
            parts = book.infolist()
            total = sum(info.file_size for info in parts)
            if total > max_uncompressed:
                raise _refuse(file, f"the workbook unpacks to {total / 2**20:,.0f} MB, more than the "
                                    f"{max_uncompressed / 2**20:,.0f} MB allowed{_SPLIT}")
            for info in parts:
                if not info.filename.endswith((".xml", ".rels", ".vml")):
                    continue
                sheet = info.filename.startswith("xl/worksheets/")
                try:
                    _scan_part(book, info, max_rows if sheet else 2**62)
                except _OverBudget as exc:
                    raise _refuse(file, f"part {info.filename} of the workbook {exc}") from exc


def open_workbook(path: str | Path, *, max_uncompressed: int = MAX_UNCOMPRESSED, max_rows: int = MAX_ROWS,
                  read_only: bool = True, data_only: bool = True) -> Workbook:
    """An openpyxl Workbook, once `check_workbook` has passed; every failure is an InputError.

    In read-only mode wrap the reading of cells in `damaged_workbook_errors(str(path))`.
    openpyxl is imported here, so reading CSV never loads it.
    """
    from openpyxl import load_workbook

    check_workbook(path, max_uncompressed=max_uncompressed, max_rows=max_rows)
    with damaged_workbook_errors(str(path)):
        return load_workbook(path, read_only=read_only, data_only=data_only)

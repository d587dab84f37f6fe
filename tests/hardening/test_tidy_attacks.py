"""Each attack on the tidy readers named in issue 13 gives located errors and leaves the store as it was."""

from __future__ import annotations

import pytest
from test_fuzz_readers import _snapshot, _texts, _unchanged, _xlsx

from hwb.errors import InputError, InputWarning
from hwb.ingest.fields import parse_number
from hwb.ingest.load import read_tidy, store_batches
from hwb.store import connect


@pytest.fixture
def store():
    s = connect(":memory:")
    yield s
    s.close()


@pytest.fixture
def files(tmp_path):
    paths = {}
    for name, text in _texts().items():
        paths[name] = tmp_path / f"{name}.csv"
        paths[name].write_text(text, "utf-8")
    return paths


def _refused(store, **paths) -> list[str]:
    """Import `paths`; assert it is refused with located errors and the store is untouched."""
    before = _snapshot(store)
    with pytest.raises(InputError) as caught:
        store_batches(store, read_tidy(store, **paths))
    assert _unchanged(before, _snapshot(store))
    assert all(e.file in {str(p) for p in paths.values()} for e in caught.value.errors)
    return [str(e) for e in caught.value.errors]


def _with_data_row(files, row: str):
    files["data"].write_text(_texts()["data"] + row + "\n", "utf-8")
    return files


@pytest.mark.parametrize("cell, reason", [
    ('"4,5"', "'4,5' is not a number >= 0: has a decimal comma; write it as 4.5"),
    ('"1,234"', "'1,234' is not a number >= 0: has a comma: write 1234 if it separates thousands, 1.234 if it is a decimal comma"),
    ('"1,234,567"', "'1,234,567' is not a number >= 0: has thousands separators; write it as 1234567"),
    ('"1.234,5"', "uses '.' between thousands and ',' for decimals; write it as 1234.5"),
    ("٤٥", "has digits that are not 0-9 (e.g. Arabic-Indic or full-width)"),
    ("４５", "has digits that are not 0-9 (e.g. Arabic-Indic or full-width)"),
    ("1_000", "'1_000' is not a number >= 0: has an underscore"),
    ("nan", "'nan' is not a number >= 0: not a finite number"),
    ("inf", "'inf' is not a number >= 0: not a finite number"),
    ("1e999", "'1e999' is not a number >= 0: too large"),
    ("−5", "typographic minus"),
])
def test_numbers_are_read_strictly(store, files, cell, reason):
    _with_data_row(files, f"cov,E10000018,2023,Female,53-70 yrs,{cell},88112")
    (message,) = _refused(store, indicators=files["indicators"], data=files["data"])
    assert message.startswith(f"{files['data']}, row 8, column 'count': ") and reason in message


def test_four_comma_five_never_becomes_45():
    with pytest.raises(ValueError):
        parse_number("4,5")
    assert parse_number("4.5") == 4.5 and parse_number("45%") == 45 and parse_number("-1e-3") == -0.001


def test_header_only_csv(store, files):
    files["data"].write_text(_texts()["data"].splitlines()[0] + "\n", "utf-8")
    assert _refused(store, indicators=files["indicators"], data=files["data"]) == [
        f"{files['data']}: the file has a header row but no data rows"]


@pytest.mark.parametrize("content", [b"", b"\n\n", b",,,\n"])
def test_empty_files(store, files, content):
    files["areas"].write_bytes(content)
    (message,) = _refused(store, areas=files["areas"])
    assert "the file is empty" in message or "the first row is empty" in message


def test_semicolon_separated_file_gets_one_message(store, files):
    files["areas"].write_text(_texts()["areas"].replace(",", ";"), "utf-8")
    assert _refused(store, areas=files["areas"]) == [
        f"{files['areas']}, row 1: the columns are separated by semicolons, not commas; "
        "save it from Excel as 'CSV UTF-8 (Comma delimited)'"]


def test_wrong_encodings_are_named(store, files):
    files["areas"].write_bytes(_texts()["areas"].replace("Leicestershire", "Leicestershire – café").encode("cp1252"))
    (message,) = _refused(store, areas=files["areas"])
    assert "row 4: the file is not UTF-8 text (byte 0x96 on line 4, perhaps Windows-1252)" in message
    files["areas"].write_bytes(_texts()["areas"].encode("utf-16"))
    assert "the file is UTF-16 text, not UTF-8" in _refused(store, areas=files["areas"])[0]


def test_nul_bytes_and_control_characters_are_located(store, files):
    files["areas"].write_text(_texts()["areas"].replace("Leicestershire", "Leic\x00ester"), "utf-8")
    assert "row 4" in _refused(store, areas=files["areas"])[0]
    files["areas"].write_text(_texts()["areas"].replace("Leicestershire", "Leic\x07ester"), "utf-8")
    assert _refused(store, areas=files["areas"]) == [
        f"{files['areas']}, row 4, column 'area_name': 'Leic\\x07ester' is not text: has a control character (U+0007)"]


def test_an_unquoted_comma_in_a_name_is_named(store, files):
    files["areas"].write_text(_texts()["areas"] + "E06000023,Bristol, City of,UA,E92000001\n", "utf-8")
    (message,) = _refused(store, areas=files["areas"])
    assert "row 6: the row has 5 or more cells but the header names 4; is a comma unquoted?" in message


def test_damaged_xlsx_is_located(store, tmp_path):
    path = tmp_path / "areas.xlsx"
    _xlsx(path, _texts()["areas"])
    data = bytearray(path.read_bytes())
    data[len(data) // 3: len(data) // 3 + 40] = bytes(40)
    path.write_bytes(bytes(data))
    (message,) = _refused(store, areas=path)
    assert message.startswith(f"{path}: the workbook is damaged or not an Excel .xlsx file")
    path.write_bytes(b"PK\x03\x04 not really a zip")
    assert "the workbook is damaged" in _refused(store, areas=path)[0]


def test_a_tidy_xlsx_is_read_like_the_csv(store, tmp_path):
    paths = {}
    for name, text in _texts().items():
        paths[name] = tmp_path / f"{name}.xlsx"
        _xlsx(paths[name], text)
    written = store_batches(store, read_tidy(store, **paths))
    assert written["data_points"] == 6
    assert store.sql("SELECT count, period_sort FROM data_points WHERE area_code = 'E10000018' AND indicator_id = 'tb'") == [(103.0, 2022)]


def test_unknown_columns_are_named_in_a_warning(store, files):
    files["areas"].write_text(_texts()["areas"].replace("parent_code", "parent_code,colour", 1), "utf-8")
    with pytest.warns(InputWarning, match=r"areas.csv, row 1, column 'colour': unknown column, ignored"):
        store_batches(store, read_tidy(store, areas=files["areas"]))
    assert store.sql("SELECT count(*) FROM areas") == [(4,)]


def test_out_of_range_period_sort_and_bad_multiplier_are_located_not_constraint_errors(store, files):
    _with_data_row(files, "cov,E10000018,2023,Female,53-70 yrs,1,2,,,,99999999999,")
    assert _refused(store, indicators=files["indicators"], data=files["data"]) == [
        f"{files['data']}, row 8, column 'period_sort': '99999999999' is not a whole number from 0 to 99999999"]
    files["indicators"].write_text(_texts()["indicators"].replace(",100,", ",\",\",", 1), "utf-8")
    assert _refused(store, indicators=files["indicators"]) == [
        f"{files['indicators']}, row 2, column 'multiplier': ',' is not a number >= 0"]


def test_long_codes_are_refused(store, files):
    files["areas"].write_text(_texts()["areas"].replace("E10000019", "E" * 300), "utf-8")
    (message,) = _refused(store, areas=files["areas"])
    assert "column 'area_code': 'EEEE" in message and "(+240 more characters) is not text: longer than 200 characters" in message

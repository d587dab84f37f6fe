"""The download reader: older formats accepted, bad cells named, never a traceback."""

import pytest

from hwb.errors import InputError
from hwb.ingest.fingertips import read_fingertips

HEADER_26 = ("Indicator ID,Indicator Name,Parent Code,Parent Name,Area Code,Area Name,Area Type,Sex,Age,"
             "Category Type,Category,Time period,Value,Lower CI 95.0 limit,Upper CI 95.0 limit,Lower CI 99.8 limit,"
             "Upper CI 99.8 limit,Count,Denominator,Value note,Recent Trend,Compared to England value or percentiles,"
             "Compared to Region value or percentiles,Time period Sortable,New data,Compared to goal")
ROW = ("41001,Suicide rate,E12000004,East Midlands region,E10000018,Leicestershire,County & UA,Male,10+ yrs,,,"
       "2015 - 17,13.1,11.2,15.3,,,153,1100000,,Cannot be calculated,Similar,Similar,20150000,,")


def _write(tmp_path, text, name="download.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_older_26_column_download_and_one_without_sortable_periods_are_read(tmp_path):
    batch = read_fingertips(_write(tmp_path, f"{HEADER_26}\n{ROW}\n"))
    assert batch.data_points[["period", "period_sort", "period_years"]].values.tolist() == [["2015 - 17", 2015, 3]]
    header = HEADER_26.replace(",Time period Sortable,New data,Compared to goal", "")
    row = ROW.removesuffix(",20150000,,")
    batch = read_fingertips(_write(tmp_path, f"{header}\n{row}\n", "oldest.csv"))
    assert batch.data_points["period_sort"].tolist() == [2015]


@pytest.mark.parametrize("edit, expected", [
    (lambda r: r.replace(",13.1,11.2,15.3,", ",13.1,15.3,11.2,"),
     "row 2, column 'Lower CI 95.0 limit': 15.3 is above the upper limit 11.2 in 'Upper CI 95.0 limit'"),
    (lambda r: r.replace(",15.3,,,", ",15.3,16,12,"),
     "row 2, column 'Lower CI 99.8 limit': 16 is above the upper limit 12 in 'Upper CI 99.8 limit'"),
    (lambda r: r.replace(",13.1,", ",n/a,"), "row 2, column 'Value': 'n/a' is not a number"),
    (lambda r: r.replace(",153,", ",-4,"), "row 2, column 'Count': '-4' is not a number >= 0"),
    (lambda r: r.replace("20150000", "2015.5"), "row 2, column 'Time period Sortable': 2015.5 is not a whole number"),
    (lambda r: r.replace("E10000018,", ",", 1), "row 2, column 'Area Code': empty"),
    (lambda r: r + "\n" + r, "row 3, column 'Area Code': repeats row 2"),
])
def test_each_bad_cell_is_named(tmp_path, edit, expected):
    with pytest.raises(InputError) as caught:
        read_fingertips(_write(tmp_path, f"{HEADER_26}\n{edit(ROW)}\n"))
    assert expected in caught.value.summary()


def test_a_period_with_no_year_and_no_sortable_period_is_named(tmp_path):
    header = HEADER_26.replace(",Time period Sortable,New data,Compared to goal", "")
    row = ROW.removesuffix(",20150000,,").replace("2015 - 17", "latest")
    with pytest.raises(InputError, match=r"row 2, column 'Time period': 'latest' has no year"):
        read_fingertips(_write(tmp_path, f"{header}\n{row}\n"))


def test_the_same_row_in_two_files_is_kept_once_unless_the_figures_differ(tmp_path):
    first = _write(tmp_path, f"{HEADER_26}\n{ROW}\n", "a.csv")
    same = _write(tmp_path, f"{HEADER_26}\n{ROW}\n", "b.csv")
    assert len(read_fingertips(first, same).data_points) == 1
    other = _write(tmp_path, f"{HEADER_26}\n{ROW.replace(',13.1,', ',13.2,')}\n", "c.csv")
    with pytest.raises(InputError, match=r"c.csv, row 2, column 'Area Code': has different figures from row 2 of .*a.csv"):
        read_fingertips(first, other)


@pytest.mark.parametrize("content", [
    b"", b"\xff\xfe\x00garbage\x00", b"just,a,header\n", f"{HEADER_26}\n".encode(),
    HEADER_26.replace("Value,", "Valeur,").encode() + b"\n" + ROW.encode(),
    f"{HEADER_26}\n{ROW},extra,cells\n".encode(),
])
def test_malformed_files_give_located_errors_not_tracebacks(tmp_path, content):
    path = tmp_path / "broken.csv"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_fingertips(path)
    assert all(e.file.endswith("broken.csv") for e in caught.value.errors)

"""Parquet in and out: the same results as CSV, and the same located errors."""

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from typer.testing import CliRunner

from hwb.cli import app

runner = CliRunner()
NUMBERS = {"count", "denominator", "multiplier", "goal_lower", "goal_upper", "comparison_confidence"}


def _to_parquet(csv_path, out, rows=slice(None)):
    """The CSV as Parquet with number columns as float64 and the rest as strings."""
    frame = pd.read_csv(csv_path, dtype=str, keep_default_na=False).iloc[rows]
    arrays = {c: pa.array([float(v) if v else None for v in frame[c]], pa.float64()) if c in NUMBERS
              else pa.array(list(frame[c]), pa.string()) for c in frame.columns}
    pq.write_table(pa.table(arrays), out)
    return out


def _compute(data, indicators, areas, out):
    args = ["compute", "--data", str(data), "--indicators", str(indicators), "--areas", str(areas), "--out", str(out)]
    return runner.invoke(app, args)


def test_parquet_in_and_out_gives_the_csv_results(tidy_files, tmp_path):
    parts = tmp_path / "data"
    parts.mkdir()
    _to_parquet(tidy_files["data"], parts / "part-0.parquet", slice(0, 2))
    _to_parquet(tidy_files["data"], parts / "part-1.parquet", slice(2, None))
    indicators = _to_parquet(tidy_files["indicators"], tmp_path / "indicators.parquet")
    areas = _to_parquet(tidy_files["areas"], tmp_path / "areas.parquet")

    assert _compute(tidy_files["data"], tidy_files["indicators"], tidy_files["areas"], tmp_path / "a.csv").exit_code == 0
    assert _compute(tidy_files["data"], tidy_files["indicators"], tidy_files["areas"], tmp_path / "a.parquet").exit_code == 0
    for data in (parts, tmp_path / "data" / "part-*.parquet"):
        result = _compute(data, indicators, areas, tmp_path / "b.parquet")
        assert result.exit_code == 0, result.output
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "a.parquet"), pd.read_parquet(tmp_path / "b.parquet"))
    assert _compute(parts, indicators, areas, tmp_path / "b.csv").exit_code == 0
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert len(pd.read_parquet(tmp_path / "a.parquet")) == 4


def test_bad_parquet_cells_are_located_exit_2_and_nothing_is_written(tidy_files, tmp_path):
    data = tmp_path / "data.parquet"
    frame = pd.read_csv(tidy_files["data"], dtype=str, keep_default_na=False)
    frame.loc[0, "count"] = "6x"
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), data)
    out = tmp_path / "results.parquet"
    result = _compute(data, tidy_files["indicators"], tidy_files["areas"], out)
    assert result.exit_code == 2
    assert "data.parquet, row 1, column 'count': '6x' is not a number" in result.output
    assert "Traceback" not in result.output
    assert not out.exists() and not list(tmp_path.glob("*.partial"))


def test_a_parquet_column_of_the_wrong_type_or_a_nan_is_located(tidy_files, tmp_path):
    data = tmp_path / "data.parquet"
    frame = pd.read_csv(tidy_files["data"], keep_default_na=False)
    frame["area_code"] = range(len(frame))  # integers where codes belong
    frame["denominator"] = frame["denominator"].astype(float)
    frame.loc[1, "denominator"] = float("nan")
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), data)
    result = _compute(data, tidy_files["indicators"], tidy_files["areas"], tmp_path / "r.parquet")
    assert result.exit_code == 2
    assert "data.parquet, column 'area_code': Parquet type int64 cannot hold text" in result.output
    frame["area_code"] = "E10000018"
    frame["period"] = [f"20{i}" for i in range(10, 10 + len(frame))]
    table = pa.Table.from_pandas(frame.drop(columns="denominator"), preserve_index=False)
    pq.write_table(table.append_column("denominator", pa.array(list(frame["denominator"]))), data)  # NaN, not null
    result = _compute(data, tidy_files["indicators"], tidy_files["areas"], tmp_path / "r.parquet")
    assert result.exit_code == 2
    assert "data.parquet, row 2, column 'denominator': 'nan' is not a number >= 0: not a finite number" in result.output


def test_import_reads_a_parquet_folder_and_stores_nothing_on_a_bad_cell(tidy_files, tmp_path):
    parts = tmp_path / "data"
    parts.mkdir()
    _to_parquet(tidy_files["data"], parts / "a.parquet", slice(0, 2))
    _to_parquet(tidy_files["data"], parts / "b.parquet", slice(2, None))
    (parts / "_SUCCESS").write_text("")
    db = tmp_path / "store"
    base = ["import", "--indicators", str(tidy_files["indicators"]), "--areas", str(tidy_files["areas"]), "--db", str(db)]
    result = runner.invoke(app, [*base, "--data", str(parts)])
    assert result.exit_code == 0, result.output
    assert "data_points: 4 rows" in result.output
    _to_parquet(tidy_files["data"], parts / "c.parquet", slice(0, 1))  # repeats a row of a.parquet
    result = runner.invoke(app, [*base, "--data", str(parts)])
    assert result.exit_code == 2
    assert "c.parquet, row 1, column 'indicator_id': duplicate of " in result.output
    assert "a.parquet row 1" in result.output.replace("\n", "")
    empty = tmp_path / "none"
    empty.mkdir()
    result = runner.invoke(app, [*base, "--data", str(empty)])
    assert result.exit_code == 2 and "no Parquet files in the folder" in result.output

"""The `hwb compute` file contract, as outside checks call it."""

import csv
import os
import stat

from typer.testing import CliRunner

from hwb.cli import app

runner = CliRunner()
RESULT_COLUMNS = {
    "indicator_id", "area_code", "period", "sex", "age", "value", "lower_95", "upper_95",
    "lower_998", "upper_998", "compared_to_england", "compared_to_parent", "compared_to_goal",
    "recent_trend", "nn_rank", "nn_count", "quintile",
}


def _run(tidy_files, out, extra=()):
    args = ["compute", "--data", str(tidy_files["data"]), "--indicators", str(tidy_files["indicators"]),
            "--areas", str(tidy_files["areas"]), "--out", str(out), *extra]
    return runner.invoke(app, args)


def test_compute_writes_results_with_the_contract_columns(tidy_files, tmp_path):
    out = tmp_path / "results.csv"
    neighbours = tmp_path / "nn.csv"
    neighbours.write_text("area_code,neighbour_code\nE10000018,E10000019\n")
    result = _run(tidy_files, out, ["--neighbours", str(neighbours)])
    assert result.exit_code == 0, result.output
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask  # as any new file, not owner-only
    rows = {(r["indicator_id"], r["area_code"]): r for r in csv.DictReader(out.open())}
    assert RESULT_COLUMNS <= set(next(iter(rows.values())))
    leics = rows[("cov", "E10000018")]
    # 64322 / 88112 with Wilson 95% limits (seed breast screening 2025: 73.0%, 72.7% - 73.3%)
    assert round(float(leics["value"]), 1) == 73.0
    assert (round(float(leics["lower_95"]), 1), round(float(leics["upper_95"]), 1)) == (72.7, 73.3)
    assert leics["compared_to_england"] == "Better"  # England 4.0m / 5.58m = 71.7%
    assert leics["compared_to_parent"] == "Not compared"  # no East Midlands row
    assert leics["compared_to_goal"] == "Amber"  # 73.0 between goals 70 and 80
    assert (leics["nn_rank"], leics["nn_count"]) == ("1", "2")  # 73.0% beats Lincolnshire's 69.4%
    assert leics["recent_trend"] == "Cannot be calculated"  # one point only
    tb = rows[("tb", "E10000018")]
    assert round(float(tb["value"]), 1) == 4.7  # seed TB 2022 - 24: 4.7 (3.8 - 5.7)
    assert (round(float(tb["lower_95"]), 1), round(float(tb["upper_95"]), 1)) == (3.8, 5.7)


def test_bad_input_exits_2_names_the_cell_and_writes_nothing(tidy_files, tmp_path):
    out = tmp_path / "results.csv"
    tidy_files["data"].write_text(tidy_files["data"].read_text().replace("64322", "6x"))
    result = _run(tidy_files, out)
    assert result.exit_code == 2
    assert "data.csv, row 2, column 'count': '6x' is not a number" in result.output
    assert not out.exists()
    assert not list(tmp_path.glob("*.partial"))

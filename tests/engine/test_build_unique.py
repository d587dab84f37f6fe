"""A figure given twice - as a value and as age bands to standardise - is refused by name,
and the results already built stay as they were."""

from typer.testing import CliRunner

from hwb.cli import app
from hwb.engine.build import build
from hwb.methods.dsr import ESP2013

runner = CliRunner()


def _files(tmp_path, with_total: bool):
    rows = ["indicator_id,area_code,period,sex,age,count,denominator,value"]
    rows += [f"m,E10000018,2024,Persons,{band},{10 + i},{50000 + 1000 * i}," for i, band in enumerate(ESP2013)]
    if with_total:
        rows.append("m,E10000018,2024,Persons,All ages,,,612.5")
    (tmp_path / "data.csv").write_text("\n".join(rows) + "\n")
    (tmp_path / "indicators.csv").write_text(
        "indicator_id,name,value_type,multiplier,polarity\nm,Mortality,dsr,100000,low_is_good\n")
    return ["--data", str(tmp_path / "data.csv"), "--indicators", str(tmp_path / "indicators.csv")]


def test_bands_alone_give_one_standardised_figure(tmp_path):
    out = tmp_path / "results.csv"
    result = runner.invoke(app, ["compute", *_files(tmp_path, with_total=False), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text().count("All ages") == 1


def test_a_total_beside_its_own_bands_is_a_located_error_and_nothing_is_written(tmp_path):
    out = tmp_path / "results.csv"
    result = runner.invoke(app, ["compute", *_files(tmp_path, with_total=True), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "indicator m, area E10000018, period 2024, Persons / All ages" in result.output
    assert "both as a value and as age bands" in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_a_refused_build_keeps_the_results_it_had(store, tmp_path):
    store.duck.execute("INSERT INTO indicators (indicator_id, name, value_type, multiplier, polarity)"
                       " VALUES ('m', 'Mortality', 'dsr', 100000, 'low_is_good')")
    store.duck.executemany(
        "INSERT INTO data_points (indicator_id, area_code, period, sex, age, count, denominator, period_sort, period_years)"
        " VALUES ('m', 'E10000018', '2024', 'Persons', ?, ?, ?, 2024, 1)",
        [[band, 10 + i, 50000 + 1000 * i] for i, band in enumerate(ESP2013)])
    assert build(store) == 1
    before = store.df("SELECT * FROM results")
    store.duck.execute("INSERT INTO data_points (indicator_id, area_code, period, sex, age, value, period_sort, period_years)"
                       " VALUES ('m', 'E10000018', '2024', 'Persons', 'All ages', 612.5, 2024, 1)")
    try:
        build(store)
    except Exception as error:
        assert "both as a value and as age bands" in str(error)
    else:
        raise AssertionError("the build took a figure given twice")
    assert store.df("SELECT * FROM results").equals(before)

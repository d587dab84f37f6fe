"""`hwb compute` and `hwb build` with `--engine spark --remote sc://...` against a Spark Connect
server this module starts (the connect jar ships with pyspark), and with `--master local[1]`,
giving DuckDB's results to 1e-9.

The commands run as subprocesses, as a user runs them: a Spark Connect client marks its whole
process as "connect mode", which must not leak into the other PySpark tests.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hwb.methods.dsr import ESP2013
from hwb.store import connect

pytestmark = pytest.mark.spark

SERVER_START_LIMIT = 240  # seconds; the server usually listens within a minute
KEYS = ["indicator_id", "area_code", "period", "sex", "age", "category_type", "category"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def spark_connect(tmp_path_factory):
    """`sc://127.0.0.1:PORT` of a local Spark Connect server, stopped after the module."""
    if shutil.which("java") is None:
        pytest.fail("Java is needed for Spark: apt-get install default-jre-headless (.ci/run does)")
    import pyspark

    home = Path(pyspark.__file__).parent
    work = tmp_path_factory.mktemp("spark-connect")
    port = _free_port()
    command = [
        str(home / "bin" / "spark-submit"), "--master", "local[2]",
        "--class", "org.apache.spark.sql.connect.service.SparkConnectServer",
        "--conf", f"spark.connect.grpc.binding.port={port}", "--conf", "spark.ui.enabled=false",
        "--conf", "spark.sql.shuffle.partitions=2", "--conf", f"spark.sql.warehouse.dir={work / 'warehouse'}",
        "spark-internal",
    ]
    env = {**os.environ, "SPARK_HOME": str(home), "PYSPARK_PYTHON": sys.executable}
    log = (work / "server.log").open("w")
    server = subprocess.Popen(command, cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + SERVER_START_LIMIT
        while not _listening(port):
            if server.poll() is not None or time.monotonic() > deadline:
                tail = (work / "server.log").read_text()[-3000:]
                pytest.fail(f"the Spark Connect server did not listen on port {port} within {SERVER_START_LIMIT} s "
                            f"(exit code {server.poll()}); its log ends:\n{tail}")
            time.sleep(0.5)
        yield f"sc://127.0.0.1:{port}"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


def _hwb(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "hwb.cli", *args], capture_output=True, text=True, timeout=900)
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture
def inputs(tidy_files, tmp_path) -> list[str]:
    """Tidy files with a trend, a DSR and neighbours, as `hwb compute` options."""
    trend = "".join(
        f"cov,E10000018,{y},Female,53-70 yrs,{60000 + 900 * i},88112\n"
        f"cov,E10000019,{y},Female,53-70 yrs,{50000 + 400 * i},88112\n"
        f"cov,E92000001,{y},Female,53-70 yrs,{3900000 + 20000 * i},5580000\n"
        for i, y in enumerate(range(2018, 2024))
    )
    bands = "".join(
        f"mort,{area},2024,Persons,{band},{5 + 3 * i + k},{2000 + 100 * i}\n"
        for k, area in enumerate(["E10000018", "E10000019", "E92000001"]) for i, band in enumerate(ESP2013)
    )
    tidy_files["data"].write_text(tidy_files["data"].read_text() + trend + bands)
    tidy_files["indicators"].write_text(
        tidy_files["indicators"].read_text() + "mort,Mortality (DSR),dsr,100000,low_is_good,95,,\n")
    neighbours = tmp_path / "nn.csv"
    neighbours.write_text("area_code,neighbour_code\nE10000018,E10000019\nE10000019,E10000018\n")
    return ["--data", str(tidy_files["data"]), "--indicators", str(tidy_files["indicators"]),
            "--areas", str(tidy_files["areas"]), "--neighbours", str(neighbours)]


def _assert_same(duck: pd.DataFrame, spark: pd.DataFrame) -> None:
    """Every column equal: numbers to 1e-9 relative, text exactly (missing as missing)."""
    duck, spark = (f.sort_values(KEYS).reset_index(drop=True) for f in (duck, spark))
    assert list(duck.columns) == list(spark.columns) and len(duck) == len(spark) == 25
    for column in duck.columns:
        left, right = duck[column], spark[column]
        if not (pd.api.types.is_numeric_dtype(left) or pd.api.types.is_bool_dtype(left)):
            assert left.fillna("<null>").astype(str).tolist() == right.fillna("<null>").astype(str).tolist(), column
        else:
            left, right = pd.to_numeric(left).astype(float), pd.to_numeric(right).astype(float)
            assert np.allclose(left, right, rtol=1e-9, atol=0, equal_nan=True), column


def test_compute_on_spark_connect_writes_duckdbs_results_as_parquet(spark_connect, inputs, tmp_path):
    _hwb("compute", *inputs, "--out", str(tmp_path / "duck.parquet"))
    _hwb("compute", *inputs, "--out", str(tmp_path / "spark.parquet"), "--engine", "spark", "--remote", spark_connect)
    assert (tmp_path / "spark.parquet" / "_SUCCESS").exists()  # written by Spark, as a folder of parts
    duck = pd.read_parquet(tmp_path / "duck.parquet")
    spark = pd.read_parquet(tmp_path / "spark.parquet")
    _assert_same(duck, spark)
    assert "Increasing and getting better" in set(spark["recent_trend"])
    assert spark[spark.indicator_id == "mort"]["value"].notnull().all()  # the DSR path ran on Spark


def test_build_on_spark_connect_publishes_duckdbs_results(spark_connect, inputs, tmp_path):
    db = str(tmp_path / "store")
    _hwb("import", *inputs, "--db", db)

    def results() -> pd.DataFrame:
        store = connect(Path(db) / "evidence.duckdb", read_only=True)
        try:
            return store.df("SELECT * FROM results")
        finally:
            store.close()

    _hwb("build", "--db", db)
    duck = results()
    built = _hwb("build", "--db", db, "--engine", "spark", "--remote", spark_connect)
    assert "25 result rows published" in built.stdout + built.stderr
    _assert_same(duck, results())


def test_compute_on_a_local_spark_master_writes_duckdbs_results_as_csv(inputs, tmp_path):
    _hwb("compute", *inputs, "--out", str(tmp_path / "duck.csv"))
    _hwb("compute", *inputs, "--out", str(tmp_path / "spark.csv"), "--engine", "spark", "--master", "local[1]")
    _assert_same(pd.read_csv(tmp_path / "duck.csv"), pd.read_csv(tmp_path / "spark.csv"))


def test_unreachable_remote_is_one_plain_line_and_exit_2(inputs, tmp_path):
    out = tmp_path / "out.parquet"
    done = _hwb("compute", *inputs, "--out", str(out), "--engine", "spark",
                "--remote", f"sc://127.0.0.1:{_free_port()}", check=False)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "no Spark Connect server answers at 127.0.0.1:" in done.stderr
    assert "--remote sc://HOST:PORT" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()


@pytest.mark.parametrize(("options", "message"), [
    (["--remote", "http://localhost:15002", "--engine", "spark"], "is not a Spark Connect address"),
    (["--master", "local[2]"], "--master and --remote go with --engine spark"),
    (["--engine", "spark", "--master", "local[2]", "--remote", "sc://localhost:1"], "give --master or --remote, not both"),
    (["--engine", "flink"], "give duckdb or spark"),
])
def test_bad_engine_options_exit_2_saying_what_to_give(options, message, inputs, tmp_path):
    done = _hwb("compute", *inputs, "--out", str(tmp_path / "out.csv"), *options, check=False)
    assert done.returncode == 2 and message in done.stderr, done.stdout + done.stderr
    assert "Traceback" not in done.stderr

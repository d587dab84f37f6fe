"""Fixtures shared by every test folder."""

import shutil

import pytest


@pytest.fixture(scope="session")
def spark_session(tmp_path_factory):
    """One local PySpark session for the whole run (Java from Debian: default-jre-headless)."""
    if shutil.which("java") is None:
        pytest.fail("Java is needed for PySpark: apt-get install default-jre-headless (.ci/run does)")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]").appName("hwb-tests")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.warehouse.dir", str(tmp_path_factory.mktemp("spark-warehouse")))
        .getOrCreate()
    )  # fmt: skip
    yield session
    session.stop()


# --- The record on both backends: SQLite (embedded default) and PostgreSQL (deployments) ---

RECORD_BACKENDS = ("sqlite", "postgresql")


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway PostgreSQL server on loopback (Debian's postgresql package), for the whole run.

    Returns a function that creates a fresh database and gives its URL."""
    import glob
    import os
    import subprocess
    import tempfile
    import time

    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        pytest.fail("PostgreSQL is needed for the record's tests: apt-get install postgresql (.ci/run does)")
    bin_dir = os.path.dirname(found[-1])
    root = tempfile.mkdtemp(prefix="hwb-pg-")
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_postgres:
        shutil.chown(root, "postgres")
    data, port = os.path.join(root, "data"), _free_port()
    subprocess.run([*as_postgres, f"{bin_dir}/initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"],
                   check=True, capture_output=True)
    options = f"-p {port} -h 127.0.0.1 -k {root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
              " -c max_connections=300"
    subprocess.run([*as_postgres, f"{bin_dir}/pg_ctl", "-D", data, "-o", options, "-l", os.path.join(root, "log"),
                    "-w", "start"], check=True, capture_output=True)
    import psycopg

    admin = f"host=127.0.0.1 port={port} user=postgres dbname=postgres"
    for _ in range(50):
        try:
            psycopg.connect(admin).close()
            break
        except psycopg.OperationalError:
            time.sleep(0.1)
    made = []

    def new_database() -> str:
        name = f"hwb_test_{len(made) + 1}"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        made.append(name)
        return f"postgresql+psycopg://postgres@127.0.0.1:{port}/{name}"

    yield new_database
    subprocess.run([*as_postgres, f"{bin_dir}/pg_ctl", "-D", data, "-m", "immediate", "stop"], capture_output=True)
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(params=RECORD_BACKENDS)
def record_url(request, tmp_path):
    """A fresh, empty record database on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'record.sqlite'}"
    return request.getfixturevalue("postgres_server")()


@pytest.fixture
def record(record_url):
    from hwb.store.record import open_record

    opened = open_record(record_url)
    yield opened
    opened.close()

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

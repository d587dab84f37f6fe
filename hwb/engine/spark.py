"""The Spark engine: the same pipeline on a local Spark (`--master local[*]`) or a Spark
Connect server (`--remote sc://host:port`), with the store's tables shipped to it.

Every failure to reach Spark is a SparkUnavailable whose message says what to do next.
"""

from __future__ import annotations

import shutil
import socket
import warnings
from contextlib import contextmanager
from urllib.parse import urlparse

from hwb.engine.build import check_unique
from hwb.engine.pipeline import INPUT_TABLES, RESULT_COLUMNS, build_results

CONNECT_TIMEOUT = 10  # seconds to wait for a Spark Connect server to answer


class SparkUnavailable(Exception):
    """Spark cannot be started or reached; the message says what to do next."""


def _remote_address(remote: str) -> tuple[str, int]:
    """(host, port) of `sc://host:port[/;options]`, or SparkUnavailable."""
    parsed = urlparse(remote)
    try:
        port = parsed.port or 15002
    except ValueError:
        port = None
    if parsed.scheme != "sc" or not parsed.hostname or port is None:
        raise SparkUnavailable(f"--remote {remote!r} is not a Spark Connect address; give sc://HOST:PORT "
                               "(for example sc://localhost:15002)")
    return parsed.hostname, port


def _check_reachable(remote: str) -> None:
    """Fail fast, and plainly, when nothing listens at the Spark Connect address."""
    host, port = _remote_address(remote)
    try:
        socket.create_connection((host, port), timeout=CONNECT_TIMEOUT).close()
    except OSError as exc:
        raise SparkUnavailable(
            f"no Spark Connect server answers at {host}:{port} ({exc.strerror or exc}); start one "
            "(Spark's sbin/start-connect-server.sh) or give the right --remote sc://HOST:PORT, "
            "or run on this machine with --master 'local[*]'") from None


def spark_session(master: str | None = None, remote: str | None = None):
    """A SparkSession: Spark Connect when `remote` is given, else a local/cluster `master`."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkUnavailable("PySpark is not installed; run: pip install 'hwb[spark]'") from None
    builder = SparkSession.builder.appName("hwb")
    if remote:
        _check_reachable(remote)
        try:
            import grpc  # noqa: F401  (Spark Connect's client needs it)
        except ImportError:
            raise SparkUnavailable("the Spark Connect client is not installed; run: pip install 'hwb[spark]'") from None
        builder = builder.remote(remote)
    else:
        if shutil.which("java") is None:
            raise SparkUnavailable("local Spark needs Java; install it (Debian: apt-get install default-jre-headless) "
                                   "or give --remote sc://HOST:PORT")
        builder = (builder.master(master or "local[*]").config("spark.ui.enabled", "false")
                   .config("spark.ui.showConsoleProgress", "false").config("spark.log.level", "ERROR"))
    try:
        session = builder.getOrCreate()
        session.range(1).collect()  # the first call that really talks to Spark
    except Exception as exc:  # py4j, gRPC and Spark each raise their own kinds
        where = f"Spark Connect at {remote}" if remote else f"Spark master {master or 'local[*]'}"
        raise SparkUnavailable(f"could not start a session on {where}: {str(exc).splitlines()[0][:300]}") from None
    return session


def spark_backend(master: str | None = None, remote: str | None = None):
    """An Ibis backend on a new Spark session (see `spark_session`)."""
    import ibis

    # Ibis asks Spark Connect to verify schemas, which it cannot; the warning says nothing to users
    warnings.filterwarnings("ignore", message="'verifySchema' is ignored")
    return ibis.pyspark.connect(spark_session(master, remote))


def spark_results(store):
    """The results expression over in-memory copies of the store's input tables, which
    the backend that runs it (Spark) receives as temporary views."""
    import ibis

    tables = [ibis.memtable(store.table(name).to_pyarrow()) for name in INPUT_TABLES]
    return build_results(*tables).select(*RESULT_COLUMNS)


def build_on_spark(store, con, progress=None) -> int:
    """Replace the store's results table with results computed on Spark, in one transaction."""
    import pyarrow as pa

    columns = ", ".join(f'"{c}"' for c in RESULT_COLUMNS)
    batches = con.to_pyarrow_batches(spark_results(store))  # computed before the store is touched
    with store.transaction():
        store.duck.execute("DELETE FROM results")
        for batch in batches:
            store.duck.register("_hwb_batch", pa.Table.from_batches([batch]))
            try:
                store.duck.execute(f"INSERT INTO results ({columns}) SELECT {columns} FROM _hwb_batch")
            finally:
                store.duck.unregister("_hwb_batch")
        check_unique(store)
    progress and progress(1, 1)
    return store.sql("SELECT count(*) FROM results")[0][0]


@contextmanager
def spark_errors(what: str):
    """Turn an error raised inside Spark (py4j, gRPC, Spark's own) into SparkUnavailable."""
    try:
        yield
    except Exception as exc:
        if not type(exc).__module__.startswith(("pyspark", "py4j", "grpc")):
            raise
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
        raise SparkUnavailable(f"Spark failed while {what}: {first}") from None

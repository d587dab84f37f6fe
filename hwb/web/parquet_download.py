"""Parquet downloads: the same disclosure-controlled frame as the CSV, with typed columns.

A figure hidden by disclosure control is "suppressed" text in the CSV; Parquet
columns have one type, so there it is empty (null) and the row's value_note
says "suppressed", as in the CSV.
"""

from __future__ import annotations

import io
import re

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from fastapi.responses import Response

from hwb.web.disclosure import SUPPRESSED
from hwb.web.downloads import MAX_NAME


def parquet_bytes(frame: pd.DataFrame, numeric: list[str]) -> bytes:
    """`frame` as Parquet; each of the `numeric` columns as float64, with "suppressed" as null."""
    out = frame.copy()
    for column in numeric:
        if column in out.columns:
            out[column] = pd.to_numeric(out[column].mask(out[column].astype(str) == SUPPRESSED), errors="raise")
    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pandas(out.reset_index(drop=True), preserve_index=False), buffer)
    return buffer.getvalue()


def parquet_response(body: bytes, filename: str) -> Response:
    """A download of Parquet `body` named `filename`.parquet (the name made safe as for CSV)."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", filename).strip("-")[:MAX_NAME].strip("-") or "data"
    return Response(body, media_type="application/vnd.apache.parquet",
                    headers={"Content-Disposition": f'attachment; filename="{safe}.parquet"'})

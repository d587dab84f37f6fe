"""CSV downloads that open in Excel without warnings (UTF-8 with a byte-order mark) and run nothing."""

from __future__ import annotations

import re

import pandas as pd
from fastapi.responses import Response

from hwb.csv_safe import inert_frame

MAX_NAME = 120  # characters before ".csv"


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The frame as CSV; no cell a spreadsheet would run as a formula (see hwb.csv_safe)."""
    return ("\ufeff" + inert_frame(frame).to_csv(index=False, lineterminator="\r\n")).encode("utf-8")


def csv_response(body: bytes | pd.DataFrame, filename: str) -> Response:
    """A download of `body` (CSV bytes, or a frame to write as CSV) named `filename`.csv.

    Cache the bytes, never the Response: middleware adds headers to a response in place.
    """
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", filename).strip("-")[:MAX_NAME].strip("-") or "data"
    data = body if isinstance(body, bytes) else csv_bytes(body)
    return Response(data, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{safe}.csv"'})

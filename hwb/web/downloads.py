"""CSV downloads that open in Excel without warnings (UTF-8 with a byte-order mark)."""

from __future__ import annotations

import re

import pandas as pd
from fastapi.responses import Response


def csv_bytes(frame: pd.DataFrame) -> bytes:
    return ("\ufeff" + frame.to_csv(index=False, lineterminator="\r\n")).encode("utf-8")


def csv_response(body: bytes | pd.DataFrame, filename: str) -> Response:
    """A download of `body` (CSV bytes, or a frame to write as CSV) named `filename`.csv.

    Cache the bytes, never the Response: middleware adds headers to a response in place.
    """
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", filename).strip("-") or "data"
    data = body if isinstance(body, bytes) else csv_bytes(body)
    return Response(data, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{safe}.csv"'})

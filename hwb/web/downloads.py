"""CSV downloads that open in Excel without warnings (UTF-8 with a byte-order mark)."""

from __future__ import annotations

import re

import pandas as pd
from fastapi.responses import Response


def csv_response(frame: pd.DataFrame, filename: str) -> Response:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", filename).strip("-") or "data"
    body = "\ufeff" + frame.to_csv(index=False, lineterminator="\r\n")
    return Response(body.encode("utf-8"), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{safe}.csv"'})

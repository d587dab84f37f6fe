"""Load the bundled Leicestershire indicator data (transcribed from the seeds) into a store."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pandas as pd

from hwb.ingest.load import read_tidy, store_batches
from hwb.store import Store

PUBLISHED_KEY = ["indicator_id", "area_code", "period", "sex", "age", "category_type", "category", "field"]


def data_dir() -> Path:
    return Path(str(resources.files("hwb.demo") / "data"))


def load_demo_indicators(store: Store) -> dict[str, int]:
    """Indicators, areas, data points and published figures of the demo, in one transaction."""
    folder = data_dir()
    batch = read_tidy(
        store,
        data=folder / "data.csv",
        indicators=folder / "indicators.csv",
        areas=folder / "areas.csv",
    )
    published = pd.read_csv(folder / "published.csv", dtype=str, keep_default_na=False)
    batch.published_figures = published[[*PUBLISHED_KEY, "value_text", "source"]]
    return store_batches(store, batch)


def load_demo_local_kpis(store: Store) -> dict[str, int]:
    """The local programme figures of the Staying Healthy report (WorkWell, Warm Homes, HERO and
    others; see SOURCES_local_kpis.md), as local KPIs, in one transaction."""
    folder = data_dir()
    return store_batches(store, read_tidy(store, data=folder / "local_kpis.csv",
                                          indicators=folder / "local_kpi_indicators.csv"))

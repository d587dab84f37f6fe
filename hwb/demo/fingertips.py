"""The real Fingertips downloads bundled with the demo: all 152 counties and unitary authorities.

Seventeen regional "all data" downloads (suicide prevention; children and young
people's mental health), described in `data/fingertips/SOURCES.md`. Areas and the
county-region-England hierarchy come from the downloads themselves. The downloads
carry no indicator metadata, so value type, polarity and comparison method are
inferred from them and each indicator says so. CIPFA nearest-neighbour groups are
not in the downloads: none are stored, so these indicators have no neighbour ranks.
"""

from __future__ import annotations

from pathlib import Path

from hwb.demo.load import data_dir
from hwb.fingertips.areas import parents_in_download
from hwb.fingertips.pull import FingertipsBatch
from hwb.ingest.fingertips import read_fingertips
from hwb.ingest.load import store_batches
from hwb.store import Store

PROFILES = {
    "suicides": "suicide prevention profile",
    "children-younger_people": "children and young people's mental health profile",
}
NOT_INCLUDED = ("CIPFA nearest-neighbour groups are not in the Fingertips downloads, "
                "so their indicators have no ranks among neighbours.")


def sample_files() -> list[Path]:
    return sorted((data_dir() / "fingertips").glob("*.csv"))


def _source(path: Path) -> str:
    profile = next(name for prefix, name in PROFILES.items() if path.name.startswith(prefix))
    return f"Fingertips (OHID), {profile}: regional all-data download published in 2019"


def load_fingertips_samples(store: Store) -> dict[str, int]:
    """Import every sample download in one transaction; returns rows written per table."""
    files = sample_files()
    batch = read_fingertips(*files, sources=[_source(f) for f in files])
    areas = batch.areas.assign(source="Fingertips (OHID) downloads published in 2019")
    parents = parents_in_download(areas, "the Fingertips downloads' parent codes")
    full = FingertipsBatch(indicators=batch.indicators, areas=areas, data_points=batch.data_points,
                           published_figures=batch.published_figures, files=batch.files, area_parents=parents,
                           file_indicators=batch.file_indicators)
    return store_batches(store, full)

"""`hwb fingertips pull`: data, metadata, areas, hierarchy and neighbours from the API, as one Batch."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import pandas as pd

from hwb.fingertips import areas as area_json
from hwb.fingertips.api import FingertipsClient, long_date
from hwb.fingertips.metadata import read_metadata
from hwb.ingest.fingertips import read_fingertips
from hwb.ingest.load import Batch

ENGLAND_AREA_TYPE = 15


@dataclass
class FingertipsBatch(Batch):
    """A Batch that also writes every parent of each area and where each neighbour group comes from."""

    area_parents: pd.DataFrame | None = None
    neighbour_groups: pd.DataFrame | None = None

    def tables(self) -> list[tuple[str, pd.DataFrame]]:
        extra = [(name, getattr(self, name)) for name in ("area_parents", "neighbour_groups")]
        return super().tables() + [(name, frame) for name, frame in extra if frame is not None]


@dataclass
class Selection:
    """What to pull: a profile, a group (domain) or indicators, for an area type and its parent type."""

    area_type: int
    parent_area_type: int
    profile: int | None = None
    group: int | None = None
    indicators: list[int] = field(default_factory=list)
    other_parent_types: list[int] = field(default_factory=list)  # e.g. ICBs, stored as further parents
    neighbours: bool = True

    @property
    def parent_types(self) -> list[int]:
        """Parent area types other than England, the comparison parent first."""
        return [t for t in (self.parent_area_type, *self.other_parent_types) if t != ENGLAND_AREA_TYPE]


class Steps:
    """Counts requests for a progress callback (done, total); the total grows once areas are known."""

    def __init__(self, total: int, progress: Callable[[int, int], None] | None):
        self.done, self.total, self.progress = 0, total, progress

    def __call__(self) -> None:
        self.done += 1
        if self.progress:
            self.progress(self.done, max(self.total, self.done))


def _areas(client: FingertipsClient, selection: Selection, step: Steps):
    """(areas with their comparison parent, every parent of each area, codes of the chosen area type)."""
    types, _ = client.area_types()
    names = area_json.area_type_names(types)
    step()
    frames, parents, children = [], [], []
    for type_id in dict.fromkeys((selection.area_type, selection.parent_area_type, ENGLAND_AREA_TYPE,
                                  *selection.other_parent_types)):
        found, downloaded = client.areas(type_id)
        source = f"Fingertips (OHID) areas, downloaded {long_date(downloaded)}"
        frames.append(area_json.area_rows(found, names.get(type_id, str(type_id)), source))
        children += [a["Code"] for a in found] if type_id == selection.area_type else []
        step()
    for type_id in selection.parent_types:
        hierarchy, downloaded = client.hierarchy(selection.area_type, type_id)
        source = f"Fingertips (OHID) area hierarchy, downloaded {long_date(downloaded)}"
        parents.append(area_json.parent_rows(hierarchy, names.get(type_id, str(type_id)), source))
        step()
    areas = pd.concat(frames, ignore_index=True).drop_duplicates("area_code")
    every = pd.concat(parents, ignore_index=True) if parents else pd.DataFrame(columns=area_json.PARENT_COLUMNS)
    comparison = every[every["parent_type"] == names.get(selection.parent_area_type)]
    return area_json.with_parents(areas, comparison), every, children


def _neighbours(client: FingertipsClient, selection: Selection, area_codes: list[str], step: Steps):
    """(neighbours, neighbour_groups), both None when Fingertips publishes no group for the area type."""
    types, _ = client.neighbour_types()
    step()
    found = area_json.neighbour_type(types, selection.area_type)
    if found is None:
        return None, None
    type_id, group_name = found
    step.total += len(area_codes)
    by_area, dates = {}, []
    for code in area_codes:
        by_area[code], downloaded = client.neighbours(selection.area_type, type_id, code)
        dates.append(downloaded)
        step()
    source = f"Fingertips (OHID) nearest neighbours, downloaded {long_date(min(dates))}" if dates else "Fingertips (OHID)"
    return area_json.neighbour_rows(by_area, group_name), pd.DataFrame([{"group_name": group_name, "source": source}])


def pull(client: FingertipsClient, selection: Selection,
         progress: Callable[[int, int], None] | None = None) -> FingertipsBatch:
    """Download (or read from the cache) everything for `selection`.

    Raises FingertipsUnavailable (no network and no cached copy) or InputError (a bad file).
    """
    area_types = len(dict.fromkeys((selection.area_type, selection.parent_area_type, ENGLAND_AREA_TYPE,
                                    *selection.other_parent_types)))
    step = Steps(3 + area_types + len(selection.parent_types) + selection.neighbours, progress)
    chosen = {"profile": selection.profile, "group": selection.group, "indicators": selection.indicators}
    data = client.all_data(area_type=selection.area_type, parent_area_type=selection.parent_area_type, **chosen)
    step()
    meta = client.metadata(**chosen)
    step()
    metadata = read_metadata(meta.path, downloaded=long_date(meta.downloaded))
    batch = read_fingertips(data.path, metadata=metadata,
                            sources=[f"Fingertips (OHID), downloaded {long_date(data.downloaded)}"])
    api_areas, parents, children = _areas(client, selection, step)
    areas = area_json.merge_areas(api_areas, batch.areas)
    areas["source"] = areas["source"].fillna(f"Fingertips (OHID), downloaded {long_date(data.downloaded)}")
    neighbours = groups = None
    if selection.neighbours:
        with_data = set(batch.data_points["area_code"])
        neighbours, groups = _neighbours(client, selection, sorted(c for c in children if c in with_data), step)
    return FingertipsBatch(
        indicators=batch.indicators, areas=areas, neighbours=neighbours, data_points=batch.data_points,
        published_figures=batch.published_figures,
        files=[(str(data.path), "fingertips"), (str(meta.path), "indicators")],
        area_parents=parents, neighbour_groups=groups,
    )

"""Areas, their parents and nearest-neighbour groups from the Fingertips API's JSON.

Pure functions over the API's answers: `areas/by_area_type` ([{Code, Name, Short}]),
`parent_to_child_areas` ({parent code: [child codes]}), `nearest_neighbour_types`
([{NeighbourTypeId, Name, ApplicableAreaTypes: [{Id}]}]) and the neighbours of one
area ([{Code}]). Groups Fingertips does not publish stay absent.
"""

from __future__ import annotations

import pandas as pd

from hwb.engine.pipeline import NEAREST_NEIGHBOURS

ENGLAND = "E92000001"
AREA_COLUMNS = ["area_code", "area_name", "area_type", "parent_code", "source"]
PARENT_COLUMNS = ["area_code", "parent_type", "parent_code", "source"]


def area_type_names(types: list[dict]) -> dict[int, str]:
    """Area type id -> its short name ("Counties & UAs (from Apr 2023)")."""
    return {int(t["Id"]): t.get("Short") or t["Name"] for t in types}


def area_rows(areas: list[dict], type_name: str, source: str) -> pd.DataFrame:
    rows = [{"area_code": a["Code"], "area_name": a["Name"], "area_type": type_name,
             "parent_code": None if a["Code"] == ENGLAND else ENGLAND, "source": source} for a in areas]
    return pd.DataFrame(rows, columns=AREA_COLUMNS)


def parent_rows(hierarchy: dict[str, list[str]], parent_type: str, source: str) -> pd.DataFrame:
    rows = [{"area_code": child, "parent_type": parent_type, "parent_code": parent, "source": source}
            for parent, children in hierarchy.items() for child in children]
    return pd.DataFrame(rows, columns=PARENT_COLUMNS).drop_duplicates(["area_code", "parent_type"])


def with_parents(areas: pd.DataFrame, parents: pd.DataFrame) -> pd.DataFrame:
    """`areas` whose parent_code is the one `parents` gives (the comparison parent), else England."""
    lookup = dict(zip(parents["area_code"], parents["parent_code"]))
    chosen = areas["area_code"].map(lookup)
    return areas.assign(parent_code=chosen.where(chosen.notna(), areas["parent_code"]))


def neighbour_type(types: list[dict], area_type: int) -> tuple[int, str] | None:
    """(id, group name) of the neighbour type for `area_type`, CIPFA's first; None if Fingertips has none."""
    applicable = [t for t in types if area_type in {int(a["Id"]) for a in t.get("ApplicableAreaTypes") or []}]
    if not applicable:
        return None
    chosen = sorted(applicable, key=lambda t: "cipfa" not in t["Name"].lower())[0]
    name = NEAREST_NEIGHBOURS if "cipfa" in chosen["Name"].lower() else chosen["Name"]
    return int(chosen["NeighbourTypeId"]), name


def neighbour_rows(by_area: dict[str, list[dict]], group_name: str) -> pd.DataFrame:
    rows = [{"area_code": code, "neighbour_code": n["Code"], "group_name": group_name}
            for code, neighbours in by_area.items() for n in neighbours if n["Code"] != code]
    return pd.DataFrame(rows, columns=["area_code", "neighbour_code", "group_name"]).drop_duplicates()


def merge_areas(from_api: pd.DataFrame, from_data: pd.DataFrame) -> pd.DataFrame:
    """One row per area: the download's name, type and parent where it has the area (its types
    are the ones its figures are grouped by), the API's for the rest."""
    data = from_data.reindex(columns=AREA_COLUMNS)
    data = data[~((data["area_type"] == "Parent area") & data["area_code"].isin(from_api["area_code"]))].copy()
    api = from_api.set_index("area_code")
    data["source"] = data["area_code"].map(api["source"]) if len(api) else None
    data["parent_code"] = data["parent_code"].where(data["parent_code"].notna(), data["area_code"].map(api["parent_code"]))
    rest = from_api[~from_api["area_code"].isin(data["area_code"])]
    return pd.concat([data, rest], ignore_index=True)


def parents_in_download(areas: pd.DataFrame, source: str) -> pd.DataFrame:
    """area_parents rows from a download's own hierarchy (county to region, region to England)."""
    types = dict(zip(areas["area_code"], areas["area_type"]))
    linked = areas[areas["parent_code"].notna()]
    rows = [{"area_code": a, "parent_type": types.get(p, "Parent area"), "parent_code": p, "source": source}
            for a, p in zip(linked["area_code"], linked["parent_code"])]
    return pd.DataFrame(rows, columns=PARENT_COLUMNS)

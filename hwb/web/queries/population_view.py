"""What the population page (and its CSV) shows: an area's population by age and sex against England.

Rows go through disclosure control for the viewer first; a suppressed band is left out
of the chart and the shares, and the table says "suppressed".
"""

from __future__ import annotations

import pandas as pd

from hwb.store.connection import Store
from hwb.store.record import Record
from hwb.web import charts_analyst as ca
from hwb.web.disclosure import SUPPRESSED
from hwb.web.queries import population as q
from hwb.web.queries import records
from hwb.web.queries.analyst_views import _area, _protect
from hwb.web.queries.results import areas_for

ENGLAND = "E92000001"
CSV_COLUMNS = ["area_code", "area_name", "period", "sex", "age", "people", "share", "value_note"]


def _people(frame: pd.DataFrame) -> pd.Series:
    """People in each band: the value, or the count where no value is given; NaN when suppressed."""
    value = pd.to_numeric(frame["value"].mask(frame["value"].astype(str) == SUPPRESSED), errors="coerce")
    count = pd.to_numeric(frame["count"].mask(frame["count"].astype(str) == SUPPRESSED), errors="coerce")
    shown = frame["value_note"].astype(str) != SUPPRESSED
    return value.fillna(count).where(shown)


def _shares(frame: pd.DataFrame) -> pd.DataFrame:
    """People and their share (%) of the shown bands' total, per area."""
    out = frame.assign(people=_people(frame))
    totals = out.groupby("area_code")["people"].transform("sum")
    return out.assign(share=100 * out["people"] / totals.where(totals > 0))


def _table(area: pd.DataFrame, england: pd.DataFrame) -> list[dict]:
    """One row per band, oldest first: the area's people and shares by sex, England's shares."""
    def by_sex(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
        wide = frame.pivot_table(index=["start", "age"], columns="sex", values=columns, aggfunc="first")
        wide.columns = [f"{column}_{sex.lower()}" for column, sex in wide.columns]
        return wide

    notes = area.assign(suppressed=area["value_note"].astype(str) == SUPPRESSED)
    table = by_sex(notes.assign(people=notes["people"].astype(object)), ["people", "share", "suppressed"])
    if not england.empty:
        table = table.join(by_sex(england, ["share"]).add_prefix("england_"), how="left")
    return records(table.reset_index().sort_values("start", ascending=False))


def population_view(store: Store, record: Record, area: str | None, anonymous: bool) -> dict:
    """The pyramid and table for `area` (the home area by default), or why there is none."""
    place = _area(store, record, area)
    indicators = q.population_indicators(store)
    view = {"place": place, "indicator": None, "period": None, "rows": [], "chart": None, "chart_text": "",
            "frame": pd.DataFrame(columns=CSV_COLUMNS), "area_options": []}
    if not indicators:
        return view
    indicator = indicators[0]
    view["indicator"] = indicator
    view["area_options"] = [a for a in areas_for(store, indicator["indicator_id"]) if a[0] != ENGLAND]
    period = q.latest_period(store, indicator["indicator_id"], place["area_code"])
    if period is None:
        return view
    bands = _protect(store, q.bands(store, indicator["indicator_id"], [place["area_code"], ENGLAND], period), anonymous)
    frame = _shares(bands)
    mine, england = frame[frame["area_code"] == place["area_code"]], frame[frame["area_code"] == ENGLAND]
    if place["area_code"] == ENGLAND:
        england = england.iloc[0:0]
    description = (f"Population pyramid of {place['area_name']} in {period}: the share of its population in each "
                   f"five-year age band, males to the left and females to the right"
                   + (", with England's shares as a black line with dots." if not england.empty else "."))
    drawn = mine[mine["share"].notna()]
    if len(drawn) < len(mine):
        description += " Bands the table shows as suppressed are left out, and shares are of the bands shown."
    view.update(period=period, chart_text=description, rows=_table(mine, england),
                chart=ca.population_pyramid(drawn, england[england["share"].notna()], place["area_name"], description)
                if not drawn.empty else None,
                frame=frame.assign(area_name=frame["area_code"].map({place["area_code"]: place["area_name"],
                                                                     ENGLAND: "England"})))
    return view

"""Chiang II life expectancy against testdata_LifeExpectancy.csv and phe_life_expectancy's rules."""

from __future__ import annotations

from pathlib import Path

import ibis
import pandas as pd
import pytest

from hwb.methods.constants import z_value
from hwb.methods.life_expectancy import (
    AGE_BANDS,
    INCOMPLETE,
    MORE_DEATHS,
    NEGATIVE_DEATHS,
    NO_OLDEST_DEATHS,
    NO_POPULATION,
    TOO_SMALL,
    WIDE_CI,
    life_expectancy,
)

FIXTURES = Path(__file__).resolve().parents[2].parent / "shared/reference/PHEindicatormethods"
LIMITS = ["lower_95", "upper_95", "lower_998", "upper_998"]


def _fixture() -> pd.DataFrame:
    return pd.read_csv(FIXTURES / "testdata_LifeExpectancy.csv")


def _run(frame: pd.DataFrame, make_table=ibis.memtable) -> pd.DataFrame:
    table = make_table(frame)
    got = life_expectancy(table, ["area"], "startage", "deaths", "pops").to_pandas()
    return got.sort_values(["area", "startage"]).reset_index(drop=True)


def test_life_table_matches_fixture(make_table, assert_close):
    """Every row's life expectancy and 95% limits to 1e-6. The fixture's limits use z = 1.96;
    the standard errors they imply equal ours (exact z) to 1e-7 (the fixture has 10 digits)."""
    expected = _fixture()
    got = _run(expected.assign(area="fixture"), make_table)
    assert got.startage.tolist() == list(AGE_BANDS)
    for i, row in expected.iterrows():
        label = f"age {row.startage}"
        assert_close(got.value[i], row.value, label)
        assert_close(got.lower_95[i], row.lowercl95, label)
        assert_close(got.upper_95[i], row.uppercl95, label)
        ours = (got.upper_95[i] - got.lower_95[i]) / (2 * z_value(0.95))
        theirs = (row.uppercl95 - row.lowercl95) / (2 * 1.96)
        assert ours == pytest.approx(theirs, rel=1e-7), label
        spread_998 = (got.upper_998[i] - got.value[i]) / z_value(0.998)
        assert spread_998 == pytest.approx(ours, rel=1e-9), label
    assert got.value_note.isna().all()
    assert got.total_pop[0] == expected.pops.sum() and got.total_count[19] == 1937


def _variant(name: str, **changes) -> pd.DataFrame:
    """The fixture's deaths and populations for one area, with some bands changed."""
    frame = _fixture()[["startage", "pops", "deaths"]].assign(area=name)
    for column, (age, number) in changes.items():
        frame.loc[frame.startage == age, column] = number
    return frame


def test_groups_that_cannot_have_a_life_table(make_table):
    """phe_life_expectancy's suppression rules (its test data df_grouped_with_warnings):
    each bad group is blank with its reason; the good group is unaffected."""
    low = pd.DataFrame(
        {"area": "low", "startage": AGE_BANDS, "pops": 100, "deaths": [17, 9, 4, 8, 20, 15, 24, 33, 50, 71] + [80] * 10}
    )  # fmt: skip
    frames = [
        _variant("good"),
        _variant("negative", deaths=(5, -2)),
        _variant("no population", pops=(10, 0)),
        _variant("more deaths", deaths=(20, 50000)),
        low,
        _variant("missing band").query("startage != 90"),
        _variant("no oldest deaths", deaths=(90, 0)),
    ]
    got = _run(pd.concat(frames, ignore_index=True), make_table)
    notes = got.groupby("area").value_note.agg(lambda s: {None if pd.isna(x) else x for x in s})
    assert notes.to_dict() == {
        "good": {None},
        "negative": {NEGATIVE_DEATHS},
        "no population": {NO_POPULATION},
        "more deaths": {MORE_DEATHS},
        "low": {TOO_SMALL},
        "missing band": {INCOMPLETE},
        "no oldest deaths": {NO_OLDEST_DEATHS},
    }
    blank = got[got.area != "good"]
    assert blank[["value", *LIMITS]].isna().all().all() and len(blank) == 20 * 5 + 19
    assert got[got.area == "good"].value.tolist() == pytest.approx(_fixture().value.tolist(), rel=1e-6)


def test_five_thousand_person_years_or_fewer_is_suppressed():
    frame = _variant("edge")
    frame["pops"] = frame.pops * 5000 // frame.pops.sum()
    frame.loc[frame.startage == 0, "pops"] += 5000 - frame.pops.sum()
    frame["deaths"] = (frame.pops // 20).clip(lower=1)
    assert frame.pops.sum() == 5000
    assert set(_run(frame).value_note) == {TOO_SMALL}
    frame.loc[frame.startage == 0, "pops"] += 1
    assert _run(frame).value_note.isna().any()


def test_wide_intervals_hide_the_value_not_the_limits():
    """phe_life_expectancy's df_widecis_plus (tests/testthat/testLifeExpectancy.R): "Area 2"
    has 5,942 person-years; its life expectancies and 95% limits are the package's
    answer_widecis figures, values from age 45 being hidden (interval wider than 20 years).
    "Area 1" has more deaths than population at 90+ and gets nothing."""
    pops = [270, 235, 246, 248, 243, 238, 246, 257, 261, 355, 350, 356, 346, 339, 337, 337, 333, 323, 311, 311]
    deaths = [17, 9, 4, 8, 20, 15, 24, 33, 50, 51, 10, 16, 26, 30, 36, 22, 13, 5, 6, 1]
    values = [19.22914685, 19.44120610, 18.33467808, 14.67659995, 11.81284556, 11.63815414,
              10.05641628, 9.93152356, 11.95846561]
    lower = [16.43900644, 16.53437505, 15.62922550, 12.08108630, 9.21823373, 8.68414661, 6.54020385,
             4.71570153, 2.37762283, -1.60695210, -10.33328815, -17.16409724, -26.91715103,
             -45.04820928, -76.27067271, -137.12203187, -195.39453664, -242.37480291,
             -266.74198466, -298.54880400]
    upper = [22.01928726, 22.34803716, 21.04013066, 17.27211361, 14.40745738, 14.59216167,
             13.57262872, 15.14734559, 21.53930839, 50.29765396, 97.99598549, 107.54413263,
             128.91238524, 181.91668353, 278.06441642, 472.32822039, 649.40455756,
             783.50845564, 841.04259816, 920.54880400]  # fmt: skip
    area2 = pd.DataFrame({"area": "Area 2", "startage": AGE_BANDS, "pops": pops, "deaths": deaths})
    area1 = area2.assign(area="Area 1")
    area1.loc[area1.startage == 90, "deaths"] = 312
    got = _run(pd.concat([area1, area2], ignore_index=True))
    two = got[got.area == "Area 2"].reset_index(drop=True)
    assert two.value[:9].tolist() == pytest.approx(values, rel=1e-6)
    assert two.value[9:].isna().all() and set(two.value_note[9:]) == {WIDE_CI}
    assert two.value_note[:9].isna().all()
    assert two.lower_95.tolist() == pytest.approx(lower, rel=1e-6)
    assert two.upper_95.tolist() == pytest.approx(upper, rel=1e-6)
    one = got[got.area == "Area 1"]
    assert one[["value", *LIMITS]].isna().all().all() and set(one.value_note) == {MORE_DEATHS}


def test_unknown_start_age_is_refused():
    frame = _variant("x")
    frame.loc[frame.startage == 1, "startage"] = 2
    with pytest.raises(ValueError, match="start ages must be one of 0, 1, 5"):
        _run(frame)

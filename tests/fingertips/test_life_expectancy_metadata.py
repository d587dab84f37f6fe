"""Fingertips metadata naming the value type "Life expectancy" gives hwb's life_expectancy type
(in years, multiplier 1), in Fingertips' own metadata CSV and in the tidy metadata file."""

from __future__ import annotations

import csv

from hwb.fingertips.metadata import read_metadata

HEADER = ["Indicator ID", "Indicator", "Definition", "Unit", "Value type", "Polarity"]


def test_fingertips_life_expectancy_value_type(tmp_path):
    path = tmp_path / "metadata.csv"
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows([HEADER, ["90366", "Life expectancy at birth", "Average years", "Years",
                                               "Life expectancy", "RAG - High is good"]])
    row = read_metadata(path).set_index("indicator_id").loc["90366"]
    assert row["value_type"] == "life_expectancy" and row["multiplier"] == 1.0
    assert row["polarity"] == "high_is_good"


def test_tidy_metadata_accepts_life_expectancy(tmp_path):
    path = tmp_path / "metadata.csv"
    path.write_text("indicator_id,value_type,multiplier,polarity\nle,life_expectancy,1,high_is_good\n")
    assert read_metadata(path).set_index("indicator_id").loc["le", "value_type"] == "life_expectancy"

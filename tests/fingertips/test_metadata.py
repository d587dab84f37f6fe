"""Indicator metadata sets value type and multiplier; inference is only the labelled fallback."""

import pandas as pd
import pytest

from hwb.errors import InputError
from hwb.fingertips.metadata import read_metadata
from hwb.ingest.fingertips import read_fingertips

# Fingertips' own value type and unit for the samples' 15 indicators, and what the data show.
EXPECTED = {
    "41001": ("dsr", 100000.0), "90813": ("dsr", 100000.0), "91404": ("dsr", 10000.0),
    "91137": ("proportion", 100.0), "91138": ("proportion", 100.0), "91139": ("proportion", 100.0),
    "91141": ("proportion", 100.0), "91871": ("proportion", 100.0), "92315": ("proportion", 100.0),
    "91145": ("count", 1.0), "91146": ("count", 1.0),
    "91390": ("crude_rate", 100000.0), "91393": ("crude_rate", 100000.0), "91430": ("crude_rate", 100000.0),
    "92796": ("crude_rate", 100000.0),
}


def _types(indicators: pd.DataFrame) -> dict:
    return {r.indicator_id: (r.value_type, r.multiplier) for r in indicators.itertuples()}


def test_metadata_gives_every_sample_indicator_its_value_type_and_multiplier(sample_files, recorded):
    metadata = read_metadata(recorded / "indicator_metadata.csv", downloaded="12 March 2026")
    indicators = read_fingertips(*sample_files, metadata=metadata).indicators
    assert _types(indicators) == EXPECTED
    assert indicators.metadata_source.str.startswith("Fingertips indicator metadata indicator_metadata.csv, "
                                                     "downloaded 12 March 2026").all()
    assert set(indicators.polarity) == {"no_judgement"}  # "BOB" and "Not applicable": Higher / Lower labels


def test_the_expected_types_are_borne_out_by_the_data(sample_files):
    points = read_fingertips(*sample_files).data_points
    for indicator_id, (value_type, multiplier) in EXPECTED.items():
        rows = points[(points.indicator_id == indicator_id) & points["count"].notna() & points.value.notna()]
        if value_type == "count":
            assert ((rows.value - rows["count"]).abs() < 1e-6).all(), indicator_id
        elif value_type in ("proportion", "crude_rate"):
            exact = rows.value / (rows["count"] / rows.denominator) / multiplier
            assert ((exact - 1).abs() < 1e-6).all(), indicator_id
        else:  # a DSR follows count/denominator x multiplier only roughly, varying with age structure
            ratio = (rows.value / (rows["count"] / rows.denominator) / multiplier).dropna()
            assert ratio.empty or (ratio.max() - ratio.min() > 0.01), indicator_id


def test_without_metadata_inference_gets_the_same_types_and_says_how(sample_files):
    indicators = read_fingertips(*sample_files).indicators
    assert _types(indicators) == EXPECTED
    assert indicators.metadata_source.str.startswith("Inferred from the download").all()
    reasons = dict(zip(indicators.indicator_id, indicators.metadata_source))
    assert "the name says it is standardised" in reasons["91404"]
    assert "age-standardised rate does" in reasons["41001"]
    assert "estimated number" in reasons["91145"]
    assert "equals count / denominator x 100,000" in reasons["92796"]
    assert dict(zip(indicators.indicator_id, indicators.comparison_method))["92315"] == "none"


def test_tidy_metadata_sets_comparison_method_and_text(tmp_path):
    path = tmp_path / "meta.csv"
    path.write_text("indicator_id,value_type,multiplier,polarity,comparison_method,definition,caveats\n"
                    "a,proportion,100,high_is_good,99.8,Share of adults,Survey based\n"
                    "b,crude_rate,100000,low_is_good,quintiles,,\n"
                    "c,dsr,100000,no_judgement,none,,\n"
                    "d,count,1,no_judgement,,,\n")
    meta = read_metadata(path).set_index("indicator_id")
    assert meta.loc["a", ["comparison_method", "comparison_confidence"]].tolist() == ["confidence_interval", 99.8]
    assert meta.loc["b", "comparison_method"] == "quintiles" and meta.loc["c", "comparison_method"] == "none"
    assert pd.isna(meta.loc["d", "comparison_method"])  # left to the download's labels
    assert meta.loc["a", "definition"] == "Share of adults" and meta.loc["a", "caveats"] == "Survey based"


def test_a_bad_polarity_or_repeated_indicator_is_named(tmp_path, recorded):
    text = (recorded / "indicator_metadata.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    bad = tmp_path / "meta.csv"
    bad.write_text("\n".join([lines[0], lines[1].replace("BOB - Blue orange blue", "Up is good"), lines[1]]) + "\n")
    with pytest.raises(InputError) as caught:
        read_metadata(bad)
    summary = caught.value.summary()
    assert "meta.csv, row 2, column 'Polarity': 'Up is good' is not one of" in summary
    assert "meta.csv, row 3, column 'Indicator ID': '41001' repeats row 2" in summary

"""The recent-trend marker against every trend published in the seeds' health-protection appendix.

These use the published values and 95% CIs as printed (seed 000, appendices 4-6);
tests/engine/test_demo_pipeline.py does the same from the derived counts.
"""

import ibis
import pandas as pd
import pytest

from hwb.methods.trend import recent_trend

# (label printed in the seed, polarity, [(period, value, lower95, upper95)]) - last five printed points
SEED_SERIES = {
    "breast": ("Increasing and getting better", [(2021, 64.9, 64.6, 65.2), (2022, 69.7, 69.4, 70.0), (2023, 70.4, 70.1, 70.7), (2024, 72.9, 72.6, 73.2), (2025, 73.0, 72.7, 73.3)]),
    "bowel": ("Increasing and getting better", [(2021, 71.1, 70.8, 71.3), (2022, 73.7, 73.5, 73.9), (2023, 75.3, 75.0, 75.5), (2024, 75.0, 74.8, 75.3), (2025, 76.7, 76.5, 77.0)]),
    "cervical 25-49": ("Decreasing and getting worse", [(2020, 76.9, 76.6, 77.1), (2021, 74.2, 73.9, 74.4), (2022, 73.8, 73.5, 74.0), (2023, 72.1, 71.8, 72.3), (2024, 72.6, 72.4, 72.9)]),
    "cervical 50-64": ("Decreasing and getting worse", [(2020, 79.4, 79.1, 79.7), (2021, 78.0, 77.7, 78.3), (2022, 78.0, 77.6, 78.3), (2023, 78.0, 77.7, 78.3), (2024, 77.9, 77.5, 78.2)]),
    "AAA": ("Increasing and getting better", [(2020, 81.7, 80.5, 82.9), (2021, 87.1, 86.0, 88.0), (2022, 87.1, 86.0, 88.0), (2023, 88.3, 87.3, 89.2), (2024, 87.7, 86.7, 88.6)]),
    "HPV female": ("No significant change", [(2019, 84.7, 83.6, 85.8), (2020, 79.3, 78.0, 80.5), (2021, 78.3, 77.0, 79.5), (2022, 82.0, 80.8, 83.1), (2023, 80.9, 79.7, 82.0)]),
    "HPV male": ("No significant change", [(2019, 78.7, 77.4, 79.8), (2020, 70.8, 69.4, 72.1), (2021, 71.1, 69.8, 72.4), (2022, 74.0, 72.7, 75.2), (2023, 73.4, 72.1, 74.7)]),
    "NIPE": ("No significant change", [(2020, 95.3, 94.7, 95.8), (2021, 94.8, 94.3, 95.3), (2022, 95.0, 94.4, 95.5), (2023, 95.0, 94.5, 95.6), (2024, 96.0, 95.4, 96.4)]),
}


def _series_frame(name, points, *, polarity="high_is_good", years=1, value_type="proportion", count=1.0, denominator=2.0):
    return pd.DataFrame(
        [
            dict(indicator_id=name, period=str(p), period_sort=p, period_years=years, value=v,
                 lower_95=lo, upper_95=hi, count=count, denominator=denominator,
                 value_type=value_type, polarity=polarity)
            for p, v, lo, hi in points
        ]
    )


def _trends(frame):
    out = recent_trend(ibis.memtable(frame), ["indicator_id"]).to_pandas()
    return out.sort_values(["indicator_id", "period_sort"])


@pytest.mark.parametrize("name", sorted(SEED_SERIES))
def test_published_trend_labels(name):
    label, points = SEED_SERIES[name]
    out = _trends(_series_frame(name, points))
    assert out["recent_trend"].iloc[-1] == label
    assert set(out["recent_trend"].iloc[:-1]) == {"Cannot be calculated"}  # fewer than 5 points


def test_polarity_changes_the_words_not_the_direction():
    _, points = SEED_SERIES["breast"]
    assert _trends(_series_frame("x", points, polarity="low_is_good"))["recent_trend"].iloc[-1] == "Increasing and getting worse"
    assert _trends(_series_frame("x", points, polarity="no_judgement"))["recent_trend"].iloc[-1] == "Increasing"


def test_rolling_three_year_periods_cannot_be_calculated():
    tb = [(2018, 4.3, 3.5, 5.3), (2019, 4.3, 3.5, 5.3), (2020, 4.1, 3.3, 5.0), (2021, 4.1, 3.3, 5.0), (2022, 4.7, 3.8, 5.7)]
    out = _trends(_series_frame("tb", tb, years=3, value_type="crude_rate"))
    assert set(out["recent_trend"]) == {"Cannot be calculated"}


def test_a_point_with_count_equal_to_denominator_makes_the_series_ineligible():
    _, points = SEED_SERIES["breast"]
    frame = _series_frame("x", points)
    frame.loc[0, ["count", "denominator"]] = [50.0, 50.0]
    assert set(_trends(frame)["recent_trend"]) == {"Cannot be calculated"}


def test_outlier_check_a_single_jump_is_not_a_trend():
    # Flat series with one large final jump: chi-square is huge, but leaving out
    # the last point flattens the slope's sign, so it is not significant.
    points = [(2020, 50.0, 49.9, 50.1), (2021, 50.05, 49.95, 50.15), (2022, 49.95, 49.85, 50.05), (2023, 50.0, 49.9, 50.1), (2024, 60.0, 59.9, 60.1)]
    flat_then_jump = _trends(_series_frame("x", points))["recent_trend"].iloc[-1]
    assert flat_then_jump == "No significant change"


def test_value_types_without_trend_methods_cannot_be_calculated():
    _, points = SEED_SERIES["breast"]
    out = _trends(_series_frame("x", points, value_type="other"))
    assert set(out["recent_trend"]) == {"Cannot be calculated"}

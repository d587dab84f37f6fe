"""The key columns that identify a figure, a series and an area's figure."""

KEYS = ["indicator_id", "area_code", "period", "sex", "age", "category_type", "category"]
FIGURE_KEYS = [k for k in KEYS if k != "area_code"]  # the same figure across areas
SERIES_KEYS = [k for k in KEYS if k != "period"]  # one area's time series
ENGLAND = "E92000001"
CI_COLUMNS = ["lower_95", "upper_95", "lower_998", "upper_998"]

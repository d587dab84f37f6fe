import pytest

from hwb.periods import period_sort, period_years


@pytest.mark.parametrize(
    "label, sort, years",
    [
        ("2024", 2024, 1),
        ("2019/20", 2019, 1),
        ("2021 - 23", 2021, 3),
        ("2021/22 - 23/24", 2021, 3),
        ("2020/21 - 24/25", 2020, 5),
        ("Mar 2015 - Feb 2016", 2015, 1),
        ("Jan 2015 - Dec 2015", 2015, 1),
        ("Apr 2019 - Mar 2022", 2019, 3),
        ("Mar 2015 - Aug 2015", 2015, 0),
        ("2022-2024", 2022, 3),
        ("2024 Q1", 2024, 0),
    ],
)
def test_period_labels_sort_by_first_year_and_know_their_length(label, sort, years):
    assert period_sort(label) == sort
    assert period_years(label) == years


def test_a_label_without_a_year_is_refused():
    with pytest.raises(ValueError, match="no year"):
        period_sort("latest")

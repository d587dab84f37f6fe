"""The labels hwb writes into results, exactly as Fingertips prints them."""

BETTER, SIMILAR, WORSE = "Better", "Similar", "Worse"
HIGHER, LOWER = "Higher", "Lower"
NOT_COMPARED = "Not compared"
COMPARISON_LABELS = (BETTER, SIMILAR, WORSE, HIGHER, LOWER, NOT_COMPARED)

RED, AMBER, GREEN = "Red", "Amber", "Green"

INCREASING, DECREASING = "Increasing", "Decreasing"
GETTING_BETTER, GETTING_WORSE = " and getting better", " and getting worse"
NO_CHANGE = "No significant change"
CANNOT_CALCULATE = "Cannot be calculated"
TREND_LABELS = (
    INCREASING,
    INCREASING + GETTING_BETTER,
    INCREASING + GETTING_WORSE,
    DECREASING,
    DECREASING + GETTING_BETTER,
    DECREASING + GETTING_WORSE,
    NO_CHANGE,
    CANNOT_CALCULATE,
)

HIGH_IS_GOOD, LOW_IS_GOOD, NO_JUDGEMENT = "high_is_good", "low_is_good", "no_judgement"
POLARITIES = (HIGH_IS_GOOD, LOW_IS_GOOD, NO_JUDGEMENT)

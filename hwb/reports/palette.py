"""Status colours and trend symbols, chosen so colour is never the only carrier.

The fills come from the Okabe-Ito palette (distinguishable with the common
colour-vision deficiencies) in place of Fingertips' red/amber/green, and every
coloured cell also states its meaning in words. All fills keep black text at a
contrast ratio of at least 4.5:1 (WCAG 2.2 AA).

    Better        #56B4E9 sky blue       Worse        #D55E00 vermillion
    Similar       #F0E442 yellow         Not compared #E6E6E6 light grey
    Higher        #CC79A7 purple         Lower        #F1D3E4 pale purple
    Goal: Green   #009E73 bluish green   Amber #E69F00 orange   Red #D55E00 vermillion
"""

from __future__ import annotations

COLOURS = {
    "better": "#56B4E9",
    "similar": "#F0E442",
    "worse": "#D55E00",
    "higher": "#CC79A7",
    "lower": "#F1D3E4",
    "not-compared": "#E6E6E6",
    "green": "#009E73",
    "amber": "#E69F00",
    "red": "#D55E00",
    "trend-better": "#56B4E9",
    "trend-worse": "#D55E00",
}

COMPARISONS = ["Better", "Similar", "Worse", "Not compared", "Higher", "Lower"]
TRENDS = [
    "Decreasing", "Decreasing and getting better", "Decreasing and getting worse",
    "Increasing", "Increasing and getting better", "Increasing and getting worse",
    "No significant change", "Cannot be calculated",
]


def status_key(label: str | None) -> str | None:
    """'Not compared' -> 'not-compared'; None for labels without a colour."""
    if not label:
        return None
    key = label.strip().lower().replace(" ", "-")
    return key if key in COLOURS else None


def trend_symbol(label: str) -> str:
    """The seed dashboard's arrow for a recent-trend label."""
    text = label.lower()
    if text.startswith("increasing"):
        return "▲"
    if text.startswith("decreasing"):
        return "▼"
    if text.startswith("no significant"):
        return "▶"
    return "▬"


def trend_status(label: str) -> str | None:
    """Fill for a trend: only when it says getting better or worse."""
    text = label.lower()
    if text.endswith("getting better"):
        return "trend-better"
    if text.endswith("getting worse"):
        return "trend-worse"
    return None


# A shape for each comparison, the same in tables (as a character) and charts (as a mark).
COMPARISON_SYMBOLS = {"Better": "◆", "Similar": "●", "Worse": "■", "Not compared": "✚",
                      "Higher": "↑", "Lower": "↓"}
_UP = "M0,-1L0.7,0.1L0.25,0.1L0.25,1L-0.25,1L-0.25,0.1L-0.7,0.1Z"
CHART_SHAPES = {"Better": "diamond", "Similar": "circle", "Worse": "square", "Not compared": "cross",
                "Higher": _UP, "Lower": "M0,1L0.7,-0.1L0.25,-0.1L0.25,-1L-0.25,-1L-0.25,-0.1L-0.7,-0.1Z"}
GOALS = ["Green", "Amber", "Red"]
GOAL_SYMBOLS = {"Green": "✔", "Amber": "◐", "Red": "✖"}
GOAL_WORDS = {"Green": "Meets the goal", "Amber": "Between the lower and upper goals",
              "Red": "Does not meet the goal"}


def comparison_symbol(label: str) -> str:
    return COMPARISON_SYMBOLS.get(label, "")


def comparison_text(label: str) -> str:
    """'◆ Better': the shape and the word, so neither colour nor shape stands alone."""
    symbol = comparison_symbol(label)
    return f"{symbol} {label}" if symbol else label


def comparison_legend() -> list[tuple[str | None, str]]:
    return [(status_key(c), comparison_text(c)) for c in COMPARISONS]


def goal_symbol(rag: str | None) -> str:
    return GOAL_SYMBOLS.get(rag or "", "")


def trend_legend() -> list[tuple[str | None, str]]:
    return [(trend_status(t), f"{trend_symbol(t)} {t}") for t in TRENDS]


"""Plain-English sentences drafted from the statistics, and only from them.

Each function receives the figures it talks about and states them; "better" is
said only of a comparison that is "Better", a trend only when one was calculated
(or published, which the sentence says).
"""

from __future__ import annotations

from dataclasses import dataclass

from hwb.reports.figures import Shown

_SHORT = {
    "Better": "significantly better",
    "Similar": "similar",
    "Worse": "significantly worse",
    "Higher": "significantly higher",
    "Lower": "significantly lower",
    "Not compared": "not compared",
}
_ORDER = ["Better", "Similar", "Worse", "Higher", "Lower"]


@dataclass
class Figure:
    """What a sentence may say about one indicator row."""

    label: str
    compared: Shown
    trend: Shown
    value: Shown
    england: Shown
    trend_periods: list[str]
    reason: str = ""  # why it is not compared with England, when it is not
    goal: str = ""  # the judgement against its goal, e.g. "Below the 95% goal"


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _status(shown: Shown) -> str:
    """The comparison word for a sentence ('not compared' when there is none)."""
    text = shown.text if shown.text in _SHORT else "Not compared"
    return _SHORT[text] + (" (published)" if shown.published and text in _SHORT else "")


def comparison_sentence(subject: str, noun: str, figures: list[Figure]) -> str | None:
    """E.g. 'Screening coverage is significantly better than England for 5 of 6 programmes;
    not for NIPE (similar).'"""
    if not figures:
        return None
    n = len(figures)
    better = [f for f in figures if f.compared.text == "Better"]
    others = [f"{f.label} ({_status(f.compared)})" for f in figures if f.compared.text != "Better"]
    published = [f.label for f in better if f.compared.published]
    if len(better) == n:
        sentence = f"{subject} is significantly better than England for all {n} {noun}."
    elif not better:
        sentence = f"{subject} is not significantly better than England for any of the {n} {noun}: {_join(others)}."
    else:
        sentence = f"{subject} is significantly better than England for {len(better)} of {n} {noun}; not for {_join(others)}."
    if published:
        sentence += f" The comparison for {_join(published)} is a published figure."
    return sentence


def trend_sentence(figure: Figure) -> str | None:
    """E.g. 'Cervical screening (50-64): decreasing and getting worse over the five most
    recent periods (2020 to 2024).' None when no trend could be calculated or published."""
    text = figure.trend.text
    if not text or text in ("Cannot be calculated", "not published"):
        return None
    words = text[0].lower() + text[1:]
    if figure.trend.published:
        return f"{figure.label}: {words} (published trend)."
    periods = figure.trend_periods[-5:]
    span = f" over the five most recent periods ({periods[0]} to {periods[-1]})" if len(periods) == 5 else ""
    return f"{figure.label}: {words}{span}."


def page_sentences(figures: list[Figure]) -> list[str]:
    """How a dashboard page compares with England, which figures are worse, which trends worsen."""
    if not figures:
        return []
    counts = {label: sum(1 for f in figures if f.compared.text == label) for label in _ORDER}
    empty = sum(1 for f in figures if f.value.missing and f.compared.text not in _ORDER)
    uncompared = len(figures) - sum(counts.values()) - empty
    if not sum(counts.values()):
        subject = "The figure" if len(figures) == 1 else f"None of the {len(figures)} figures"
        verb = "could not" if len(figures) == 1 else "could"
        return [f"{subject} on this page {verb} be compared with England: {_reasons(figures)}."] \
            + _goal_sentences(figures) + _trend_sentences(figures)
    parts = [f"{counts[label]} {_SHORT[label]}" for label in _ORDER if counts[label]]
    if uncompared:
        with_values = [f for f in figures if not (f.value.missing and f.compared.text not in _ORDER)]
        parts.append(f"{uncompared} not compared ({_reasons(with_values)})")
    if empty:
        parts.append(f"{empty} with no figures")
    parts[0] = parts[0].replace(" ", " are ", 1)
    published = sum(1 for f in figures if f.compared.published and f.compared.text in _ORDER)
    sentences = [f"Compared with England, of the {len(figures)} figures on this page {_join(parts)}."]
    if published:
        sentences[0] = sentences[0][:-1] + f" ({published} of these comparisons are published figures)."
    worse = [f for f in figures if f.compared.text == "Worse"]
    if worse:
        listed = [f"{f.label} ({f.value.text} against England {f.england.text})" for f in worse]
        sentences.append(f"Significantly worse than England: {'; '.join(listed)}.")
    return sentences + _goal_sentences(figures) + _trend_sentences(figures)


def _reasons(figures: list[Figure]) -> str:
    """Why the figures not compared were not: 'the source gives no confidence interval', or
    '6: the source gives no confidence interval; 2: no England value is published'."""
    counts: dict[str, int] = {}
    for f in figures:
        if f.compared.text not in _ORDER:
            reason = f.reason or "no comparison is published"
            counts[reason] = counts.get(reason, 0) + 1
    if len(counts) == 1:
        return next(iter(counts))
    return "; ".join(f"{n}: {reason}" for reason, n in sorted(counts.items(), key=lambda kv: -kv[1]))


def not_compared_sentence(figures: list[Figure]) -> str | None:
    """'48 of 61 figures are not compared with England: the source gives no confidence interval.'"""
    uncompared = [f for f in figures if f.compared.text not in _ORDER]
    if not uncompared:
        return None
    return f"{len(uncompared)} of {len(figures)} figures are not compared with England: {_reasons(figures)}."


def _goal_sentences(figures: list[Figure], noun: str = "figures") -> list[str]:
    """'Against their goals, 0 of 1 figures meet the goal; not met: MMR2 (5 years) 91.0% (below
    the 95% goal).'"""
    judged = [f for f in figures if f.goal]
    if not judged:
        return []
    met = [f for f in judged if f.goal.startswith("Meets")]
    short = [f for f in judged if not f.goal.startswith("Meets")]
    sentence = f"Against their goals, {len(met)} of {len(judged)} {noun} meet the goal"
    if short:
        listed = [f"{f.label} {f.value.text} ({f.goal[0].lower()}{f.goal[1:]})" for f in short]
        sentence += f"; not met: {'; '.join(listed)}"
    return [sentence + "."]


def _trend_sentences(figures: list[Figure]) -> list[str]:
    sentences = []
    for words in ("getting worse", "getting better"):
        listed = [f.label + (" (published)" if f.trend.published else "")
                  for f in figures if f.trend.text.endswith(words)]
        if listed:
            sentences.append(f"Recent trend {words}: {'; '.join(listed)}.")
    return sentences


def local_goal_sentences(figures: list[Figure]) -> list[str]:
    """The local programme figures that have a goal, judged: 'Against their goals, 1 of 3 local
    programme figures meet the goal; not met: ... 145 measures (below the 160 goal); ...'."""
    return _goal_sentences(figures, "local programme figures")


def goal_sentence(figure: Figure) -> str | None:
    """'HPV one dose (females): 81.0%, between the 80% and 90% goals.' None without a goal."""
    if not figure.goal:
        return None
    return f"{figure.label}: {figure.value.text}, {figure.goal[0].lower()}{figure.goal[1:]}."

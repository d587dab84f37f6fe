"""Sentences say only what the statistics support."""

from __future__ import annotations

from hwb.reports.figures import Shown
from hwb.reports.summary import Figure, comparison_sentence, page_sentences, trend_sentence


def fig(label, compared, trend="Cannot be calculated", value="1.0", england="2.0", published=False, periods=None):
    return Figure(label, Shown(compared, published=published), Shown(trend), Shown(value), Shown(england),
                  periods or ["2020", "2021", "2022", "2023", "2024"])


def test_better_only_for_better():
    figures = [fig("A", "Better"), fig("B", "Not compared"), fig("C", "Similar")]
    sentence = comparison_sentence("Coverage", "programmes", figures)
    assert sentence == "Coverage is significantly better than England for 1 of 3 programmes; not for B (not compared) and C (similar)."


def test_no_better_claim_when_nothing_was_compared():
    sentence = comparison_sentence("Coverage", "programmes", [fig("A", "Not compared"), fig("B", "Not compared")])
    assert sentence == ("Coverage is not significantly better than England for any of the 2 programmes: "
                        "A (not compared) and B (not compared).")
    assert page_sentences([fig("A", "Not compared")]) == [
        "The figure on this page could not be compared with England: no comparison is published."]


def test_published_comparisons_are_named():
    sentence = comparison_sentence("X", "items", [fig("A", "Better", published=True), fig("B", "Better")])
    assert sentence == "X is significantly better than England for all 2 items. The comparison for A is a published figure."


def test_trend_sentences():
    assert trend_sentence(fig("Cervical", "Better", "Decreasing and getting worse")) == \
        "Cervical: decreasing and getting worse over the five most recent periods (2020 to 2024)."
    assert trend_sentence(fig("TB", "Better", "Cannot be calculated")) is None
    short = fig("New", "Better", "No significant change", periods=["2023", "2024"])
    assert trend_sentence(short) == "New: no significant change."

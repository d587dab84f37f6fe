"""The key to a document's marks: every symbol, fill and code word the document uses, explained."""

from __future__ import annotations

from hwb.reports import palette
from hwb.reports.document import Document, Legend, Paragraph, Section, all_text, cells
from hwb.reports.figures import NOT_PUBLISHED, PUBLISHED_MARK, SUPPRESSED

_MARKS = [
    (PUBLISHED_MARK, f"{PUBLISHED_MARK} Published figure: shown as its source printed it, because the data "
                     "the source gives are not enough to calculate it again."),
    (NOT_PUBLISHED, f"'{NOT_PUBLISHED}': neither the source nor a calculation from its data gives this figure."),
    (SUPPRESSED, f"'{SUPPRESSED}': a figure based on fewer than 10 events is not shown, to protect privacy "
                 "and because it would be unreliable."),
]


def key_section(doc: Document) -> Section | None:
    """A 'Key to the marks' section for the marks `doc` uses; None when it uses none."""
    text = "\n".join(t for t in all_text(doc) if t)
    statuses = {c.status for c in cells(doc) if c.status}
    section = Section("Key to the marks in this report")
    section.add(*[Paragraph(words) for mark, words in _MARKS if mark in text])
    comparisons = [(palette.status_key(c), palette.comparison_text(c)) for c in palette.COMPARISONS
                   if palette.status_key(c) in statuses or palette.comparison_text(c) in text]
    if comparisons:
        section.add(Legend("Compared with England (shape, word and colour; a comparison needs a confidence "
                           "interval for the area and a value for England)", comparisons))
    trends = [(palette.trend_status(t), f"{palette.trend_symbol(t)} {t}") for t in palette.TRENDS
              if f"{palette.trend_symbol(t)} {t}" in text]
    if trends:
        section.add(Legend("Recent trend (the five most recent points; a fill only when the change "
                           "is getting better or worse)", trends))
    goals = [(palette.status_key(g), f"{palette.goal_symbol(g)} {palette.GOAL_WORDS[g]}") for g in palette.GOALS
             if palette.status_key(g) in statuses or f"{palette.goal_symbol(g)} " in text]
    if goals:
        section.add(Legend("Against the goal or target (each row states its goal)", goals))
    return section if section.blocks else None

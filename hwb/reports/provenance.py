"""Where a figure comes from, in a reader's words.

The store keeps provenance for the people who maintain the data ("seed 000 line 4217, HPAR
Appendix 4, HPV one dose (Female) table"); a board paper names the publication instead
("Health Protection Annual Report, Appendix 4: HPV one dose (Female) table").
"""

from __future__ import annotations

import re

_REPORTS = {
    "HPAR": "Health Protection Annual Report",
}
_DROP = [
    re.compile(r";\s*also .*$"),  # a second citation of the same figure
    re.compile(r"\bseed \d+\s+lines?\s+[\d\-–, ]*\d\b,?\s*", re.I),
    re.compile(r"\s*\((?:as (?:reproduced|cited|reported) in|printed)[^()]*\)", re.I),
    re.compile(r",?\s*as (?:reproduced|cited|reported) in seed \d+.*$", re.I),
    re.compile(r"\bseed \d+\s*", re.I),
    re.compile(r"\s*\((?:[^()]*\b(?:column|Rank|DoT|Recent [Tt]rend|applies to)\b[^()]*)\)"),
]
_NOT_STATED = re.compile(r"^Not stated in seed \((.*)\)$", re.I)
_DASHBOARD = re.compile(r"^Appendix A '([^']+?)(?: \(\d+\))?' dashboard", re.I)


def reader_source(source: str) -> str:
    """A provenance note as a reader would put it; '' when nothing readable is left."""
    text = source.strip()
    stated = _NOT_STATED.match(text)
    if stated:
        return f"{reader_source(stated.group(1))} (the report does not name the original source)"
    for pattern in _DROP:
        text = pattern.sub("", text)
    dashboard = _DASHBOARD.match(text.strip())
    if dashboard:
        return f"{dashboard.group(1)} dashboard, as published to the Board"
    for short, full in _REPORTS.items():
        text = re.sub(rf"\b{short}\b", full, text)
    text = re.sub(r"(Appendix \d+),\s*", r"\1: ", text)
    return text.strip(" ,;:")

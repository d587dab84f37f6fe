"""The board report's own judgement of a metric beside the calculated one, and why they differ.

The board report's year-end table judges each metric in the first words of its commentary
("On Track", "NOT ON TARGET") on the figures it prints; the metrics section judges plan against
actual to date from the template's figures. Where the two judge the same metric and year
differently, every output that shows them carries one explanation naming the measure each
judgement is about, in the report's own words and figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hwb.bcf.metrics import NOT_ON_TRACK, ON_TRACK, SHORT_NAMES, UNITS, Assessment, display
from hwb.bcf.model import SummaryRow, YearEnd

_JUDGEMENT = re.compile(r"^\s*(not on target|not on track|off target|on target|on track)\b[\s.:;,-]*", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def published_judgement(commentary: str) -> tuple[str, str] | None:
    """('NOT ON TARGET', NOT_ON_TRACK): the judgement the commentary opens with, as printed and as a status."""
    match = _JUDGEMENT.match(commentary or "")
    if not match:
        return None
    words = match.group(1)
    return words, NOT_ON_TRACK if words.lower().startswith(("not", "off")) else ON_TRACK


def _first_sentence(commentary: str) -> str:
    rest = _JUDGEMENT.sub("", commentary, count=1).strip()
    return _SENTENCE_END.split(rest, maxsplit=1)[0] if rest else ""


@dataclass
class Disagreement:
    """The board report's judgement and the calculated one, for the same metric and year, differ."""

    row: SummaryRow
    assessment: Assessment
    published: str  # the judgement as the board report prints it

    @property
    def explanation(self) -> str:
        a, row = self.assessment, self.row
        measure = row.measure[:1].lower() + row.measure[1:] if row.measure else "no unit given"
        said = _first_sentence(row.commentary)
        quoted = f"; its commentary says: \"{said}\"" + ("" if said[-1] in ".!?" else ".") if said else "."
        counted = f", counted by the {a.counting} method" if a.counting else ""
        return (f"{SHORT_NAMES[a.metric]}, {a.year}: the two judgements are about different measures. "
                f"The board report's year-end table says \"{self.published}\" with a target of {row.target} and an "
                f"actual of {row.actual} ({measure})"
                f"{quoted} "
                f"The calculated \"{a.status}\" compares the {UNITS[a.metric]}{counted}: actual "
                f"{display(a.metric, a.actual_ytd)} against a plan of {display(a.metric, a.plan_ytd)}. {a.method}")

    @property
    def pointer(self) -> str:
        """A short sentence for the summary, sending the reader to the explanation."""
        return (f"The board report's year-end table says \"{self.published}\" for this metric: it judges a "
                "different measure, as the metrics section explains.")


def disagreements(found: list[Assessment], year_end: YearEnd | None) -> list[Disagreement]:
    """Every metric whose calculated assessment for the return's year differs from the board report's."""
    if year_end is None:
        return []
    by_metric = {a.metric: a for a in found if a.year == year_end.year and a.status in (ON_TRACK, NOT_ON_TRACK)}
    out = []
    for row in year_end.summary:
        judged, assessment = published_judgement(row.commentary), by_metric.get(row.metric_key)
        if judged and assessment and judged[1] != assessment.status:
            out.append(Disagreement(row, assessment, judged[0]))
    return out

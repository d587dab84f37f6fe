"""How each row is judged, in words and shapes: against England (or why it could not be),
and against its goal or target."""

from __future__ import annotations

from hwb.reports import palette
from hwb.reports.document import Cell
from hwb.reports.figures import Shown

NO_CI = "the source gives no confidence interval"
NO_ENGLAND = "no England value is published"
NO_VALUE = "no value is published"
_SHORT = {NO_CI: "no confidence interval given", NO_ENGLAND: "no England value", NO_VALUE: "no value"}


def not_compared_reason(row: dict | None, meta: dict | None) -> str:
    """Why a row is 'Not compared' with England, in a reader's words."""
    if row is None or row.get("value") is None:
        return NO_VALUE
    if row.get("lower_95") is None or row.get("upper_95") is None:
        return NO_CI
    if row.get("england_value") is None:
        return NO_ENGLAND
    return "the source does not compare it"


def comparison_cell(shown: Shown, reason: str = "") -> Cell:
    """'◆ Better' with its fill; 'Not compared' says why."""
    text = palette.comparison_text(shown.text) if not shown.missing else shown.text
    if shown.text == "Not compared" and reason:
        text += f": {_SHORT.get(reason, reason)}"
    if shown.published:
        text += " †"
    return Cell(text, status=palette.status_key(shown.text))


def _pct(meta: dict) -> str:
    return "%" if meta.get("unit") == "%" else ""


def goal_text(meta: dict) -> str:
    """'<80% 80% to 90% ≥90%' as the seeds print it; '≥95%' for a single target; '' for none."""
    lower, upper = meta.get("goal_lower"), meta.get("goal_upper")
    if lower is None:
        return ""
    pct = _pct(meta)
    if upper is None:
        sign = "≤" if meta.get("polarity") == "low_is_good" else "≥"
        return f"{sign}{lower:,g}{pct}"
    return f"<{lower:,g}{pct} {lower:,g}{pct} to {upper:,g}{pct} ≥{upper:,g}{pct}"


def target_text(meta: dict | None) -> str:
    if not meta or meta.get("goal_lower") is None:
        return ""
    pct = _pct(meta)
    if meta.get("goal_upper") is None:
        return f"{meta['goal_lower']:,g}{pct}"
    return f"{meta['goal_lower']:,g}{pct} to {meta['goal_upper']:,g}{pct}"


def goal_words(meta: dict, rag: str) -> str:
    """'Below the 95% goal', 'Between the 80% and 90% goals', 'Meets the 90% goal' (mirrored
    when low is good)."""
    lower, upper, pct = meta["goal_lower"], meta.get("goal_upper"), _pct(meta)
    low_good = meta.get("polarity") == "low_is_good"
    lo, hi = f"{lower:,g}{pct}", f"{upper:,g}{pct}" if upper is not None else ""
    if upper is None:
        if rag == "Green":
            return f"Meets the {lo} goal"
        return f"{'Above' if low_good else 'Below'} the {lo} goal"
    if rag == "Amber":
        return f"Between the {lo} and {hi} goals"
    if rag == "Green":
        return f"Meets the {lo if low_good else hi} goal"
    return f"Above the {hi} upper limit" if low_good else f"Below the {lo} lower goal"


def goal_cell(meta: dict | None, row: dict | None) -> Cell:
    """The judgement against the goal in shape, words and fill; '' when there is no goal."""
    if not meta or meta.get("goal_lower") is None:
        return Cell("No goal")
    rag = (row or {}).get("compared_to_goal")
    if not rag:
        return Cell(f"Goal {goal_text(meta)}: no value to judge")
    return Cell(f"{palette.goal_symbol(rag)} {goal_words(meta, rag)}", status=palette.status_key(rag))


def goal_legend() -> list[tuple[str | None, str]]:
    return [(palette.status_key(g), f"{palette.goal_symbol(g)} {palette.GOAL_WORDS[g]}") for g in palette.GOALS] \
        + [(None, "No goal: none is set for the figure")]

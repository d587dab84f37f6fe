"""The 17 scheme types of the 2026-27 template ("4a. Expenditure Guidance").

Templates and local copies print the category in several wordings (the
dropdown text is truncated; "Wider local support ..."; "Disabled Facilities
Grant ..."). `scheme_type` maps any of them to the guidance's canonical name.
"""

from __future__ import annotations

import re

SCHEME_TYPES = (
    "Assistive technologies and equipment",
    "Housing related schemes",
    "DFG related schemes",
    "Wider support to promote prevention and independence",
    "Short-term home-based intermediate care (rehabilitation, reablement and recovery services)",
    "Short-term home-based social care (excluding rehabilitation, reablement and recovery services)",
    "Long-term home-based social care services",
    "Long-term home-based community health services",
    "Bed-based intermediate care (short-term bed-based rehabilitation, reablement or recovery)",
    "Long-term residential or nursing home care",
    "Discharge support and infrastructure",
    "End of life care",
    "Support to carers, including unpaid carers",
    "Evaluation and enabling integration",
    "Urgent Community Response",
    "Personalised budgeting and commissioning",
    "Other",
)

# Wordings of the template's dropdown as printed in the seed, by the start of the text.
_PREFIXES = {
    "wider local support to promote prevention": 4,
    "disabled facilities grant related": 3,
    "home-based intermediate care": 5,
    "short-term home-based intermediate care": 5,
    "short-term home-based social care": 6,
    "bed-based intermediate care": 9,
}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def scheme_type(text: str | int | None) -> str | None:
    """The canonical scheme type for a number (1-17) or any known wording, else None."""
    if text is None:
        return None
    if isinstance(text, int) or str(text).strip().isdigit():
        number = int(text)
        return SCHEME_TYPES[number - 1] if 1 <= number <= len(SCHEME_TYPES) else None
    norm = _norm(str(text))
    if not norm:
        return None
    for name in SCHEME_TYPES:
        if _norm(name) == norm:
            return name
    for prefix, number in _PREFIXES.items():
        if norm.startswith(prefix):
            return SCHEME_TYPES[number - 1]
    return None

"""File names from people's text (a priority's name, a plan's title) that every file system accepts."""

from __future__ import annotations

import hashlib
import unicodedata

# Names Windows reserves for devices, whatever the extension.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
_HASH_LEN = 8


def safe_stem(text: str, max_len: int = 80, fallback: str = "untitled") -> str:
    """A file-name stem: lower-case ASCII words joined by hyphens, at most `max_len` characters.

    "Staying Healthy, Safe and Well" gives "staying-healthy-safe-and-well"; accents are
    dropped ("Café" gives "cafe"). Text longer than `max_len` is cut at a word boundary
    and ends in eight hex digits of its hash, so two long names that share a start still
    give different stems. `max_len` leaves room for what the caller adds ("-dashboard.pdf").
    """
    if max_len < 2 * _HASH_LEN:
        raise ValueError(f"max_len must be at least {2 * _HASH_LEN}")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = "".join(ch if ch.isalnum() else " " for ch in ascii_text.lower()).split()
    stem = "-".join(words) or fallback
    if len(stem) > max_len:
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:_HASH_LEN]
        head = stem[: max_len - _HASH_LEN - 1]
        head = head.rsplit("-", 1)[0] if "-" in head[1:] else head
        stem = f"{head.strip('-')}-{digest}"
    return f"{stem}-file" if stem in _RESERVED else stem

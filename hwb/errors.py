"""Located errors: every problem with input names the file, row and column."""

from __future__ import annotations

import warnings
from dataclasses import dataclass


@dataclass(frozen=True)
class LocatedError:
    """One bad cell (or row, or file) in an input, and what was expected."""

    file: str
    row: int | None  # 1-based, as a spreadsheet shows it (the header is row 1)
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.message}"


class InputError(Exception):
    """Raised with every located error found in an input; nothing was stored."""

    def __init__(self, errors: list[LocatedError]):
        self.errors = list(errors)
        super().__init__(self.summary())

    def summary(self, limit: int = 50) -> str:
        lines = [str(e) for e in self.errors[:limit]]
        if len(self.errors) > limit:
            lines.append(f"... and {len(self.errors) - limit} more errors")
        return "\n".join(lines)


class InputWarning(UserWarning):
    """A problem in an input that does not stop it being read (an unknown column, ignored)."""

    def __init__(self, error: LocatedError):
        self.error = error
        super().__init__(str(error))


def warn_input(error: LocatedError) -> None:
    """Tell the user about `error` without refusing the input (the CLI shows InputWarnings)."""
    warnings.warn(InputWarning(error), stacklevel=2)

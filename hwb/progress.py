"""Progress for long work: a Rich progress bar on the terminal (stderr)."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

console = Console(stderr=True)


def _progress(title: str) -> Progress:
    return Progress(
        TextColumn(f"[bold]{title}[/bold]"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
        TextColumn("{task.description}"), TimeElapsedColumn(), console=console,
    )


class Steps:
    """Named steps of one job; `advance(label)` counts a step done and says what it was."""

    def __init__(self, progress: Progress, task):
        self._progress, self._task = progress, task

    def advance(self, label: str) -> None:
        self._progress.update(self._task, description=label)
        self._progress.advance(self._task)


@contextmanager
def steps(title: str, total: int) -> Iterator[Steps]:
    with _progress(title) as progress:
        yield Steps(progress, progress.add_task("starting", total=total))


@contextmanager
def counter(title: str, unit: str) -> Iterator[Callable[[int, int], None]]:
    """A bar whose total is learnt as the work goes: call it with (done, total)."""
    with _progress(title) as progress:
        task = progress.add_task(unit, total=None)

        def update(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total, description=f"{unit} {done} of {total}")

        yield update

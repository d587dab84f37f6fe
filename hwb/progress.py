"""Progress for long work: a Rich progress bar on a terminal, plain lines otherwise."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

console = Console(stderr=True)


class Steps:
    """Named steps of one job; `advance(label)` moves the bar and says what is running."""

    def __init__(self, progress: Progress, task):
        self._progress, self._task = progress, task

    def advance(self, label: str) -> None:
        self._progress.update(self._task, description=label)
        self._progress.advance(self._task)


@contextmanager
def steps(title: str, total: int) -> Iterator[Steps]:
    with Progress(
        TextColumn(f"[bold]{title}[/bold]"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
        TextColumn("{task.description}"), TimeElapsedColumn(), console=console, transient=False,
    ) as progress:
        task = progress.add_task("starting", total=total)
        yield Steps(progress, task)

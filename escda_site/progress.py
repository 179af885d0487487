"""Live progress of long work (scoring, logo drawing, page rendering) on the organiser's terminal.

Work reports through `task(label, total)` wherever it runs; nothing is shown unless a
display is active, and `escda build` activates one only when its standard error is a
terminal: a build in a pipe, a log file, CI or the tests prints no bar and no control
character. The display is rich's (counts, elapsed time and an estimate of the time left).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_active: Any = None  # the rich Progress being shown, if any


@contextmanager
def display(enabled: bool) -> Iterator[None]:
    """Show the progress of every task started inside the block, if `enabled`."""
    global _active
    if not enabled or _active is not None:
        yield
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    progress = Progress(
        TextColumn("{task.description:<18}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        # MkDocs logs through handlers bound to the real stderr: rich's redirection of
        # sys.stderr would not catch them, and the bar redraws below them anyway.
        redirect_stderr=False,
        redirect_stdout=False,
    )
    _active = progress
    try:
        with progress:
            yield
    finally:
        _active = None


class Task:
    """One counted piece of work; every method is a no-op when nothing is displayed."""

    def __init__(self, label: str, total: int) -> None:
        self._progress = _active
        self._id = _active.add_task(label, total=total) if _active is not None else None

    def advance(self, n: int = 1) -> None:
        """`n` more items done."""
        if self._id is not None:
            self._progress.advance(self._id, n)

    def finish(self) -> None:
        """Mark the work complete (items skipped as already done count as done)."""
        if self._id is not None:
            task = self._progress.tasks[self._id]
            self._progress.update(self._id, completed=task.total)


def task(label: str, total: int) -> Task:
    """Start counting `total` items of work called `label`."""
    return Task(label, total)

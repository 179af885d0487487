"""Live progress of long work (scoring, logo drawing, page rendering) on the organiser's terminal.

Work reports through `display.task(label, total)`, the build's display passed to it (on the
build's store, or the plugin's own): `NONE` shows nothing, and `escda build` opens a real
one only when its standard error is a terminal: a build in a pipe, a log file, CI or the
tests prints no bar and no control character. The display is rich's (counts, elapsed time
and an estimate of the time left). No module-level state: two builds in one process each
have their own.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class Display:
    """What a build shows of its progress: rich's bar, or nothing (`NONE`)."""

    def __init__(self, progress: Any = None) -> None:
        self._progress = progress

    def task(self, label: str, total: int) -> Task:
        """Start counting `total` items of work called `label`."""
        return Task(self._progress, label, total)


NONE = Display()


@contextmanager
def display(enabled: bool) -> Iterator[Display]:
    """The display of a build, shown while the block runs if `enabled`, else `NONE`."""
    if not enabled:
        yield NONE
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
    with progress:
        yield Display(progress)


class Task:
    """One counted piece of work; every method is a no-op when nothing is displayed."""

    def __init__(self, progress: Any, label: str, total: int) -> None:
        self._progress = progress
        self._id = progress.add_task(label, total=total) if progress is not None else None

    def advance(self, n: int = 1) -> None:
        """`n` more items done."""
        if self._id is not None:
            self._progress.advance(self._id, n)

    def finish(self) -> None:
        """Mark the work complete (items skipped as already done count as done)."""
        if self._id is not None:
            task = self._progress.tasks[self._id]
            self._progress.update(self._id, completed=task.total)

"""Data problems: collected all at once, reported as `file:line: message`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

# A broken 1 M-row file must not print 1 M lines: beyond this many rows per kind of
# problem, the rest is summed up in one line.
ROWS_SHOWN = 20


@dataclass(frozen=True, order=True)
class Problem:
    file: str  # relative to the data folder, e.g. "seasons/2020/season.yaml"
    where: str  # a line number, a YAML key path, or "" for the whole file
    message: str

    def __str__(self) -> str:
        if not self.where:
            line = f"{self.file}: {self.message}"
        elif self.where.isdigit():
            line = f"{self.file}:{self.where}: {self.message}"
        else:
            line = f"{self.file}: {self.where}: {self.message}"
        return line if line.isprintable() else _printable(line)


def _printable(line: str) -> str:
    """`line` with what a terminal would not show (controls, invisible, unassigned or lone
    surrogate characters of a key or a value) written as escapes: one visible line."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in line)


class DataError(Exception):
    """The data has problems; nothing was built."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the data")

    def report(self) -> str:
        return "\n".join(str(p) for p in self.problems)


@dataclass
class Problems:
    items: list[Problem] = field(default_factory=list)
    # Files already reported as unreadable (missing, not YAML…): checks that lean on their
    # content are skipped rather than failing once per entry of every other file.
    unread: set[str] = field(default_factory=set)

    def add(self, file: str, where: str | int, message: str) -> None:
        self.items.append(Problem(file, str(where), message))

    def add_rows(
        self,
        file: str,
        lines: Iterable[int],
        message: str,
        detail: Callable[[int], str] | None = None,
    ) -> None:
        """One problem per CSV line, the first ROWS_SHOWN of them, then a count.

        `detail(line)`, when given, completes the message of each line shown.
        """
        lines = list(lines)
        for line in lines[:ROWS_SHOWN]:
            self.add(file, int(line), f"{message} {detail(int(line))}" if detail else message)
        if len(lines) > ROWS_SHOWN:
            self.add(file, "", f"{len(lines) - ROWS_SHOWN} more line(s): {message}")

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise DataError(self.items)

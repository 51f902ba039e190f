"""The project's errors: one small hierarchy, raised where input enters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dashboard.escape import isolate

MAX_VALUE_CHARS = 80


def show_value(value: object) -> str:
    """A value quoted for a message, shortened when long, with control characters escaped and
    right-to-left text isolated (so that it cannot reorder the message around it)."""
    text = str(value)
    if len(text) > MAX_VALUE_CHARS:
        text = text[:MAX_VALUE_CHARS] + f"… ({len(text)} characters)"
    return isolate(repr(text))


@dataclass(frozen=True)
class Problem:
    """One thing wrong with input: where it is and what is wrong."""

    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
        if self.column is not None:
            parts.append(self.column)
        return ":".join(parts) + ": " + self.message


class DashboardError(Exception):
    """Base of every error this project raises on purpose."""


class DataError(DashboardError, ValueError):
    """Input data is invalid. Carries every problem found, each with file, line and column."""

    def __init__(self, problems: Sequence[Problem]):
        if not problems:
            raise ValueError("DataError needs at least one problem")
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ConfigError(DashboardError, ValueError):
    """A setting is wrong; the message says how to fix it."""

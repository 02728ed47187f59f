"""What is wrong with a data folder: each problem names its file and, where it can, its
feature; a DataError carries them all (validation.py collects them before raising)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    feature: str | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}, feature {self.feature}" if self.feature else self.file
        return f"{where}: {self.reason}"


class DataError(Exception):
    """The data folder cannot be used; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = [str(p) for p in problems[:50]]
        if len(problems) > 50:
            lines.append(f"... and {len(problems) - 50} more problems")
        super().__init__("\n".join(lines))

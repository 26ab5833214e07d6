"""Flags: what grading could not judge, or found suspicious, told to the instructor.

A flag names the test cell (or the notebook cell) it is about and why; it never
changes a score by itself. The grader's judging step raises them
(`grader.nbgrader_plugins.judge_evidence`) and stores them beside the
autograded notebook as `<notebook>.flags.json`; the coordinator reads them back
from there. This module is the only one that knows that file's format.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

SUFFIX = ".flags.json"


@dataclass(frozen=True)
class Flag:
    where: str  # a test cell's grade_id, or "cell N (...)" for a cell that is not a test
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass(frozen=True)
class NotebookFlags:
    notebook: str
    flags: tuple[Flag, ...]


def path_for(folder: Path, notebook: str) -> Path:
    return Path(folder) / f"{notebook}{SUFFIX}"


def write_flags(path: Path, student: str, flags: list[Flag]) -> None:
    """`<notebook>.flags.json` holds this grading's flags; with none, there is no file."""
    if not flags:
        path.unlink(missing_ok=True)
        return
    record = {"student": student, "flags": [{"where": f.where, "reason": f.reason} for f in flags]}
    path.write_text(json.dumps(record, indent=1, ensure_ascii=False))


def read_flags(path: Path) -> list[Flag]:
    if not path.exists():
        return []
    return [Flag(item["where"], item["reason"]) for item in json.loads(path.read_text())["flags"]]


def read_folder(folder: Path) -> list[NotebookFlags]:
    """Every notebook's flags in an autograded folder, notebooks in name order."""
    return [NotebookFlags(path.name.removesuffix(SUFFIX), tuple(read_flags(path)))
            for path in sorted(Path(folder).glob(f"*{SUFFIX}"))]


def restamp(path: Path, student: str) -> None:
    """The same flags under another student's name (a scratch course grades every student as one)."""
    write_flags(path, student, read_flags(path))

"""Realistic answers for simulated students: catalogued mistakes and correct alternatives.

Each entry replaces the code of one answer cell (its nbgrader grade id is the
exercise's contract name) with what a student might write.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Mistake:
    exercise: str  # the answer cell's grade id, i.e. the contract name
    tag: str  # short, stable name of the mistake
    description: str  # what the student did wrong, in words
    source: str  # the answer cell as that student wrote it


@dataclass(frozen=True)
class Alternative:
    exercise: str
    tag: str
    source: str  # a correct answer in another form


def load(assignment: str) -> tuple[list[Mistake], list[Alternative]]:
    module = importlib.import_module(f"grader.demo.answers.{assignment}")
    return list(module.MISTAKES), list(module.ALTERNATIVES)

"""Correct answers in unexpected forms, one module per assignment.

They are complete solutions, so they live with the demo, which is not part of
what a student's environment needs (see pyproject.toml): the checks only need
the mistakes in grader.catalogue.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Alternative:
    exercise: str  # the answer cell's grade id, i.e. the contract name
    tag: str
    source: str  # a correct answer in another form


def load(assignment: str) -> list[Alternative]:
    return list(importlib.import_module(f"grader.demo.alternatives.{assignment}").ALTERNATIVES)

"""The catalogue of realistic mistakes for every exercise.

One module per assignment defines SETUP (the code its answers assume, as in the
notebook's locked cells) and MISTAKES. Each mistake's code replaces the code of
one answer cell, whose grade id is the exercise's contract name. Where the
answer depends on the student's numbers, the code is a template whose `$name`
placeholders each variant writes out (`grader.variants`); `source` is variant 0's. The
checks run a mistake's code at the same probe points as the student's to
recognise it; the demo and the tests use the mistakes as students. (Correct
alternatives are complete solutions: they live in grader.demo.alternatives.)
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import math
from dataclasses import dataclass
from types import ModuleType

import numpy as np
import sympy as sp

ASSIGNMENTS = ("ps1_derivatives", "ps2_partials", "ps3_chain_rule", "ps4_linear_regression", "ps5_learning_rate")


@dataclass(frozen=True)
class Mistake:
    exercise: str  # the answer cell's grade id, i.e. the contract name
    tag: str  # short, stable name of the mistake, shown to the student and counted for the instructor
    description: str  # what went wrong, as the student reads it after "Common mistake recognised (tag):"
    template: str  # the answer cell as a student who makes this mistake writes it, `$name` for a variant's numbers
    credit: float = 0.0  # the share of the exercise's points this mistake keeps, where that is fair

    @property
    def source(self) -> str:
        """The answer cell in variant 0, the contract's numbers."""
        return self.source_for(None)

    def source_for(self, variant) -> str:
        """The answer cell in `variant` (a `grader.variants.variant.Variant`; None for variant 0)."""
        if "$" not in self.template:
            return self.template
        from grader import variants

        assignment = assignment_of(self.exercise)
        if variant is None and assignment is None:
            raise ValueError(f"the mistake {self.tag} of {self.exercise} is a template of no assignment's variants")
        return (variant or variants.variant_0(str(assignment))).render(self.template)


def load(assignment: str) -> ModuleType:
    return importlib.import_module(f"grader.catalogue.{assignment}")


def has_catalogue(assignment: str) -> bool:
    return importlib.util.find_spec(f"grader.catalogue.{assignment}") is not None


@functools.cache
def assignment_of(exercise: str) -> str | None:
    for assignment in filter(has_catalogue, ASSIGNMENTS):
        module = load(assignment)
        if any(mistake.exercise == exercise for mistake in module.MISTAKES):
            return assignment
    return None


def mistakes_for(exercise: str) -> list[Mistake]:
    assignment = assignment_of(exercise)
    return [m for m in load(assignment).MISTAKES if m.exercise == exercise] if assignment else []


def namespace_for(exercise: str, base: dict | None = None) -> dict:
    """A fresh namespace to run an answer's code in: `base`, the usual imports, the assignment's SETUP."""
    namespace = dict(base or {})
    namespace.update(np=np, sp=sp, math=math)
    assignment = assignment_of(exercise)
    if assignment:
        exec(load(assignment).SETUP, namespace)  # the course's own code
    return namespace


def credit_for(exercise: str, tag: str) -> float:
    """The share of the points the catalogue grants mistake `tag` of `exercise` (0 if unknown)."""
    return next((m.credit for m in mistakes_for(exercise) if m.tag == tag), 0.0)

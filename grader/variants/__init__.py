"""Per-student variants: each student's own numbers for an assignment, recorded and graded as recorded.

Off by default (`c.CourseVariants.enabled`, `grader/variants/settings.py`): every
student then has variant 0, the contract's numbers. The parts:

- `variant`: what a variant is; one module per assignment (`ps1_derivatives.py`, ...)
  holds its givens as the student's kernel uses them (`VARIANT_CLASS`, `VARIANT_0`,
  and `PUBLIC_0`, variant 0's public expected values);
- `making`: how variants are drawn (the documented hash), the rules against
  degenerate ones, the solutions: the instructor's side, not in the students' wheel;
- `records`: the variants made, in the course's database beside the gradebook;
- `in_notebook`, `publishing`, `grading`: which variant a notebook is about: the
  student's published one in their JupyterLab, the submission's recorded one in grading;
- `trial`: `python -m grader variants check`, every catalogued answer judged per variant;
- `controls`, `analysis`: the instructor's commands and the item analysis per variant.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Mapping
from typing import Any

from grader.variants.variant import Parameters, Variant


def has_variants(assignment: str) -> bool:
    return importlib.util.find_spec(f"grader.variants.{assignment}") is not None


def variant_of(assignment: str, parameters: Parameters, label: str = "0",
               public: Mapping[str, Any] | None = None) -> Variant:
    """The assignment's variant with these numbers; variant 0 (label "0") knows its public values."""
    module = importlib.import_module(f"grader.variants.{assignment}")
    if public is None:
        public = getattr(module, "PUBLIC_0", {}) if label == "0" else {}
    return module.VARIANT_CLASS(dict(parameters), label, dict(public))


def variant_0(assignment: str) -> Variant:
    return variant_of(assignment, importlib.import_module(f"grader.variants.{assignment}").VARIANT_0)


def course_variant(assignment: str) -> Variant:
    """The variant this notebook is about: see `grader.variants.in_notebook`."""
    from grader.variants.in_notebook import current

    return current(assignment)

"""Per-student variants: each student's own numbers for an assignment, recorded and graded as recorded.

Off by default (`c.CourseVariants.enabled`, `grader/variants/settings.py`): every
student then has variant 0, the contract's numbers. The parts:

- `family`: what a variant is, and the documented hash its numbers are drawn from;
- one module per assignment (`ps1_derivatives.py`, ...): its `FAMILY`;
- `records`: the variants made, in the course's database beside the gradebook;
- `in_notebook`: `course_variant`, the locked setup cell's call, which gives the
  student their recorded numbers and the grader the submission's;
- `trial`: `python -m grader variants check`, every catalogued answer judged per variant.
"""

from __future__ import annotations

import importlib
import importlib.util

from grader.variants.family import Family, Variant


def family_of(assignment: str) -> Family:
    return importlib.import_module(f"grader.variants.{assignment}").FAMILY


def has_family(assignment: str) -> bool:
    return importlib.util.find_spec(f"grader.variants.{assignment}") is not None


def variant_0(assignment: str) -> Variant:
    chosen = family_of(assignment)
    return chosen.variant(chosen.variant_0)


def course_variant(assignment: str) -> Variant:
    """The variant this notebook is about: see `grader.variants.in_notebook`."""
    from grader.variants.in_notebook import current

    return current(assignment)

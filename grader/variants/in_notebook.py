"""`course_variant`, as a notebook's locked setup cell calls it: whose numbers this notebook is about.

Three places run the setup cell, and each must get the right variant:

- the grader planning a submission's tests: the variant recorded for the
  submission's student (`grading_process.current().variant`, set from the record by
  `grader.nbgrader_plugins.pose_requests`), never anything the submission says;
- the grading kernel: the same record, pinned by the setup cell's first line, which
  the grader writes there for the run (`pin`), so the student's own code, if it
  reads `variant`, computes with the numbers it is graded on;
- the student's JupyterLab: the variant published for them in the exchange
  (`grader.variants.publishing`), found from their identity.

Nothing here decides a grade: a student who pins a classmate's variant sees the
classmate's numbers and is still graded on their own.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator

from grader import grading_process
from grader.variants import variant_of
from grader.variants.variant import Parameters, Variant

_pinned: dict[str, Variant] = {}  # the grading kernel's: this kernel's student, as the grader wrote it


def pin(assignment: str, parameters: Parameters, label: str, public: dict | None = None) -> None:
    _pinned[assignment] = variant_of(assignment, parameters, label, public)


@contextlib.contextmanager
def planning(assignment: str, variant: Variant) -> Iterator[None]:
    """While the grader plans a submission's tests: its setup cell's `course_variant` gives `variant`."""
    process = grading_process.current()
    before, process.variant = process.variant, grading_process.PlannedVariant(assignment, variant)
    try:
        yield
    finally:
        process.variant = before


def planned_key() -> str | None:
    """What distinguishes plans made for different variants (grader.grading_plan keys plans with it)."""
    planned = grading_process.current().variant
    return None if planned is None else f"{planned.assignment}:{json.dumps(dict(planned.variant.parameters), sort_keys=True)}"


def pin_line(assignment: str, variant: Variant) -> str:
    """The line the grader puts before the grading kernel's setup cell: that kernel is about `variant`."""
    return (f"__import__('grader.variants.in_notebook', fromlist=['pin']).pin("
            f"{assignment!r}, {dict(variant.parameters)!r}, {variant.label!r}, {dict(variant.public)!r})\n")


def current(assignment: str) -> Variant:
    planned = grading_process.current().variant
    if planned is not None and planned.assignment == assignment:
        return planned.variant
    if assignment in _pinned:
        return _pinned[assignment]
    from grader.variants.publishing import published_for_me

    return published_for_me(assignment)

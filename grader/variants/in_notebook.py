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

from grader import grading_process
from grader.variants import family
from grader.variants.family import Parameters, Variant

_pinned: dict[str, Variant] = {}  # the grading kernel's: this kernel's student, as the grader wrote it


def pin(assignment: str, parameters: Parameters, label: str) -> None:
    _pinned[assignment] = family(assignment).variant(parameters, label)


def current(assignment: str) -> Variant:
    planned = grading_process.current().variant
    if planned is not None and planned.assignment == assignment:
        return planned.variant
    if assignment in _pinned:
        return _pinned[assignment]
    from grader.variants.publishing import published_for_me

    return published_for_me(assignment)

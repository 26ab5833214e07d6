"""What one grading process keeps between the submissions it grades, in one place.

A grading process (the instructor's `python -m grader autograde`, a local or a
remote Dask worker, or nbgrader's own `autograde` with the course's plugins)
grades submission after submission. A few things are worth doing once per
process and keeping: the preflight's verdict, the plans of the test cells, the
scratch course a task grades in, the kernel started ahead for the next
submission. They all live on the one `GradingProcess` of this process, found
with `current()`; nothing else of the grading keeps state between tasks, so
what a task does never depends on which module happened to remember what.

The student's kernel keeps nothing of this: `grader.in_kernel` runs there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class GradingProcess:
    # repr((configuration, sandbox available)) -> None when grading can start, else why not (grader.preflight)
    preflight_verdicts: dict[str, str | None] = field(default_factory=dict)
    # (test cells, answer names, variant) -> (plans, trusted stand-ins), made here or adopted from the coordinator
    # (grader.grading_plan); plans hold the judges, which never change, and are copied per submission
    plans: dict[tuple, tuple[dict, dict]] = field(default_factory=dict)
    seconds_planning: float = 0.0  # CPU time this process spent planning, for a task's timings
    # assignment bundle digest -> the scratch course its submissions are graded in (grader.grading_task)
    scratch_courses: dict[str, Any] = field(default_factory=dict)
    # the kernel started for the next submission, waiting to be taken (grader.warm_kernels)
    warm_kernel: Any = None
    # the variant of the submission being planned (grader.variants.in_notebook); None: nobody's
    variant: PlannedVariant | None = None
    # the recorded variant (grader.variants.variant.Variant) of the submission a grading task grades
    # in its scratch course, given by the coordinating process (grader.grading_task); None: read the
    # course's record
    assigned_variant: Any = None


@dataclass(frozen=True)
class PlannedVariant:
    assignment: str
    variant: Any  # grader.variants.variant.Variant


_process = GradingProcess()


def current() -> GradingProcess:
    return _process

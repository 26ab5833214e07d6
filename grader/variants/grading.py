"""Which variant a submission is graded on: its student's recorded one, whatever the submission says."""

from __future__ import annotations

from traitlets.config import Config

from grader import grading_process
from grader.variants import has_variants, records, variant_0
from grader.variants.settings import variants_enabled
from grader.variants.variant import Variant


def submission_variant(config: Config, db_url: str, assignment: str, student: str) -> Variant | None:
    """The variant to grade `student`'s `assignment` on (None: the assignment has no variants at all).

    Variants off: variant 0. On: the variant a grading task was given by its coordinating
    process (`grader.grading_task`: a worker's gradebook is a scratch one), else the
    course's record, variant 0 recorded now if the student has none (`records.for_grading`;
    grading in the coordinating process, as plain `nbgrader autograde` does, may write it).
    """
    if not has_variants(assignment):
        return None
    if not variants_enabled(config):
        return variant_0(assignment)
    assigned = grading_process.current().assigned_variant
    if assigned is not None:
        return assigned
    return records.for_grading(db_url, assignment, [student])[student].variant()

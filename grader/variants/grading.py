"""Which variant a submission is graded on: its student's recorded one, whatever the submission says."""

from __future__ import annotations

from nbgrader.coursedir import CourseDirectory
from traitlets.config import Config

from grader import grading_process
from grader.variants import has_family, records, variant_0
from grader.variants.family import Variant
from grader.variants.settings import variants_enabled


def submission_variant(config: Config, db_url: str, assignment: str, student: str) -> Variant | None:
    """The variant to grade `student`'s `assignment` on (None: the assignment has no variants at all).

    Variants off: variant 0. On: the variant a grading task was given by its coordinating
    process (`grader.grading_task`: a worker's gradebook is a scratch one), else the
    course's record, made now if the student has none (grading in the coordinating
    process, as plain `nbgrader autograde` does, may write it).
    """
    if not has_family(assignment):
        return None
    if not variants_enabled(config):
        return variant_0(assignment)
    assigned = grading_process.current().assigned_variant
    if assigned is not None:
        return assigned.variant()
    course = CourseDirectory(config=config).course_id
    return records.record(db_url, course, assignment, [student])[student].variant()

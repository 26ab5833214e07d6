"""The instructor's controls over variants: publish, list, reset, and the item analysis per variant.

The edges of the feature: the course's records and gradebook are read and written
here, and the exchange's published file; what is decided is decided elsewhere
(`records`, `analysis`).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from traitlets.config import Config

from grader.cell_scores import by_cell
from grader.course_directory import CoursePlaces
from grader.variants import has_variants, records
from grader.variants.analysis import GroupGap, StudentRow, gaps
from grader.variants.publishing import publish, withdraw
from grader.variants.settings import variants_enabled


class ResetRefused(Exception):
    pass


def roster(db_url: str) -> list[str]:
    with Gradebook(db_url) as gradebook:
        return sorted(student.id for student in gradebook.students)


def publish_variants(places: CoursePlaces, assignment: str) -> Path | None:
    """Record a variant for every student of the roster who has none, and publish them all (None: variants off)."""
    return publish_roster(places.config, places.db_url, places.coursedir.course_id, assignment,
                          Path(places.config.Exchange.root))


def publish_roster(config: Config, db_url: str, course: str, assignment: str, exchange: Path) -> Path | None:
    """As a release does it: with variants on, the roster's variants recorded and published.

    With variants off, a file published while they were on is withdrawn: students must see the
    numbers they are graded on, variant 0's.
    """
    if not (variants_enabled(config) and has_variants(assignment)):
        withdraw(exchange, course, assignment)
        return None
    records.record(db_url, course, assignment, roster(db_url))
    made = records.recorded(db_url, assignment)
    return publish(exchange, course, assignment, {student: recorded.variant() for student, recorded in made.items()})


def _submitted(places: CoursePlaces, assignment: str, student: str) -> bool:
    if places.folder(places.coursedir.submitted_directory, student, assignment).exists():
        return True
    with Gradebook(places.db_url) as gradebook:
        try:
            gradebook.find_submission(assignment, student)
            return True
        except MissingEntry:
            return False


def reset_variant(places: CoursePlaces, assignment: str, student: str, force: bool = False) -> records.RecordedVariant:
    """A new variant for one student, recorded and published; refused once they have submitted, unless forced.

    A submission is graded on the variant recorded when it is graded: resetting after a
    student submitted would grade their answers against numbers they never saw.
    """
    if not force and _submitted(places, assignment, student):
        raise ResetRefused(f"{student} has already submitted {assignment}: their answers are for their current "
                           f"variant; reset it anyway with --force (and ask them to resubmit)")
    new = records.redraw(places.db_url, places.coursedir.course_id, assignment, student)
    publish_variants(places, assignment)
    return new


def student_rows(places: CoursePlaces, assignment: str) -> list[StudentRow]:
    """Every student with a recorded variant: the variant and their scores per grade cell (none if not graded)."""
    made = records.recorded(places.db_url, assignment)
    scores = {}
    with Gradebook(places.db_url) as gradebook:
        for submission in gradebook.assignment_submissions(assignment):
            scores[submission.student.id] = by_cell(submission)
    return [StudentRow(s, v.label, dict(v.parameters), scores.get(s, {})) for s, v in sorted(made.items())]


def max_points(places: CoursePlaces, assignment: str) -> dict[str, float]:
    with Gradebook(places.db_url) as gradebook:
        return {cell.name: cell.max_score for notebook in gradebook.find_assignment(assignment).notebooks
                for cell in notebook.grade_cells}


def write_analysis(places: CoursePlaces, assignment: str, folder: Path) -> tuple[Path, list[GroupGap]]:
    """variants_<assignment>.csv: per exercise and parameter value shared by enough students, their mean and the rest's."""
    found = gaps(student_rows(places, assignment), max_points(places, assignment))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"variants_{assignment}.csv"
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["exercise", "parameter", "value", "students", "mean", "others_mean", "max_points", "flagged"])
        for gap in found:
            writer.writerow([gap.exercise, gap.parameter, json.loads(gap.value), gap.students, f"{gap.mean:.3f}",
                             f"{gap.others:.3f}", gap.max_points, "yes" if gap.flagged else ""])
    return path, found

"""`nbgrader export` for the course: nbgrader's CSV, and a per-question CSV beside it.

Both are written with the `csv` module, so a comma or quote in a student's name
cannot shift columns (nbgrader's own exporter writes them unquoted).
"""

from __future__ import annotations

import csv
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.plugins import ExportPlugin

from grader import lms_export
from grader.cell_scores import cell_scores

SUMMARY_COLUMNS = [
    "assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
    "raw_score", "late_submission_penalty", "score", "max_score",
]


def per_question_path(summary: Path) -> Path:
    return summary.with_name(f"{summary.stem}_by_question{summary.suffix or '.csv'}")


def _text(value) -> str:
    return "" if value is None else str(value)


class CourseCsvExporter(ExportPlugin):
    """Writes `grades.csv` (nbgrader's columns) and `grades_by_question.csv`."""

    def export(self, gradebook: Gradebook) -> None:
        summary_path = Path(self.to or "grades.csv")
        summary_path.parent.mkdir(parents=True, exist_ok=True)
        wanted_assignments, wanted_students = {str(a) for a in self.assignment}, {str(s) for s in self.student}
        assignments = [a for a in gradebook.assignments if not wanted_assignments or a.name in wanted_assignments]
        students = [s for s in gradebook.students if not wanted_students or s.id in wanted_students]
        question_columns = [
            (assignment.name, notebook.name, cell.name)
            for assignment in assignments
            for notebook in assignment.notebooks
            for cell in notebook.grade_cells
        ]
        self.log.info("Exporting grades to %s and %s", summary_path, per_question_path(summary_path))
        with open(summary_path, "w", newline="") as summary_file, \
                open(per_question_path(summary_path), "w", newline="") as question_file:
            summary = csv.writer(summary_file)
            questions = csv.writer(question_file)
            summary.writerow(SUMMARY_COLUMNS)
            questions.writerow(["assignment", "student_id", "last_name", "first_name", "score", "max_score"]
                               + [f"{a}/{n}/{c}" for a, n, c in question_columns])
            for assignment in assignments:
                for student in students:
                    row, per_cell = self._row(gradebook, assignment, student)
                    summary.writerow([_text(row[k]) for k in SUMMARY_COLUMNS])
                    questions.writerow(
                        [assignment.name, student.id, _text(student.last_name), _text(student.first_name),
                         _text(row["score"]), _text(assignment.max_score)]
                        + [_text(per_cell.get((n, c), "")) if a == assignment.name else ""
                           for a, n, c in question_columns])

    @staticmethod
    def _row(gradebook: Gradebook, assignment, student) -> tuple[dict, dict]:
        row = {
            "assignment": assignment.name, "duedate": assignment.duedate, "student_id": student.id,
            "last_name": student.last_name, "first_name": student.first_name, "email": student.email,
            "max_score": assignment.max_score,
        }
        try:
            submission = gradebook.find_submission(assignment.name, student.id)
        except MissingEntry:
            # Nothing submitted: nbgrader's convention is a zero with no timestamp.
            row.update(timestamp="", raw_score=0.0, late_submission_penalty=0.0, score=0.0)
            return row, {}
        penalty = submission.late_submission_penalty or 0.0
        row.update(timestamp=submission.timestamp, raw_score=submission.score,
                   late_submission_penalty=penalty, score=_final_score(submission))
        # A written answer not yet graded by hand stays blank rather than reading as 0.
        per_cell = {key: "" if score is None else score for key, score in cell_scores(submission).items()}
        return row, per_cell


def _final_score(submission) -> float:
    return max(0.0, submission.score - (submission.late_submission_penalty or 0.0))


def lms_records(gradebook: Gradebook) -> tuple[list[lms_export.Student], list[lms_export.Assignment],
                                              list[lms_export.Grade]]:
    """The gradebook as the LMS export's plain data: students, assignments, one grade per submission."""
    students = [lms_export.Student(s.id, s.first_name or "", s.last_name or "", s.email or "", s.lms_user_id or "")
                for s in gradebook.students]
    assignments = [lms_export.Assignment(a.name, a.max_score) for a in gradebook.assignments]
    grades = []
    for assignment in gradebook.assignments:
        for submission in gradebook.assignment_submissions(assignment.name):
            cells = [grade for notebook in submission.notebooks for grade in notebook.grades]
            grades.append(lms_export.Grade(
                submission.student.id, assignment.name, _final_score(submission), assignment.max_score,
                late_penalty=submission.late_submission_penalty or 0.0,
                awaiting_manual_grading=sum(bool(g.needs_manual_grade) for g in cells),
                lost=tuple(lms_export.LostPoints(g.name.removeprefix("test_"), g.score, g.max_score) for g in cells
                           if not g.needs_manual_grade and g.score < g.max_score)))
    return students, assignments, grades

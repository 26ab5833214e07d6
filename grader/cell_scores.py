"""A submission's score per grade cell, as every part of the course reads it from the gradebook."""

from __future__ import annotations

from nbgrader.api import SubmittedAssignment


def cell_scores(submission: SubmittedAssignment) -> dict[tuple[str, str], float | None]:
    """(notebook, grade cell) -> score; None while a written answer awaits grading by hand.

    None, not 0: a written answer nobody has graded yet has not lost its points.
    """
    return {(notebook.name, grade.name): None if grade.needs_manual_grade else grade.score
            for notebook in submission.notebooks for grade in notebook.grades}


def by_cell(submission: SubmittedAssignment) -> dict[str, float | None]:
    """grade cell -> score (grade ids are unique across an assignment's notebooks)."""
    return {cell: score for (_, cell), score in cell_scores(submission).items()}

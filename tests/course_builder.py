"""Throwaway course copies with submissions placed in submitted/, for the pipeline tests."""

from __future__ import annotations

from pathlib import Path

import nbformat

from grader import catalogue
from grader.demo import classroom
from grader.demo.run import make_throwaway_course
from grader.pipeline import Course

REPO = Path(__file__).resolve().parents[1]


def make_course(tmp: Path, assignments: list[str]) -> Course:
    """A throwaway copy of the course with release/ generated for the given assignments."""
    course = Course(make_throwaway_course(REPO, tmp, assignments))
    for assignment in assignments:
        course.generate(assignment)
    return course


def source_notebook(course: Course, assignment: str):
    return classroom.read(course.root / "source" / assignment / f"{assignment}.ipynb")


def released_notebook(course: Course, assignment: str):
    return classroom.read(course.root / "release" / assignment / f"{assignment}.ipynb")


def place_submission(course: Course, assignment: str, student: str, answers: dict[str, str]) -> None:
    folder = course.root / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    nb = classroom.with_answers(released_notebook(course, assignment), answers)
    nbformat.write(nb, str(folder / f"{assignment}.ipynb"))
    (folder / "timestamp.txt").write_text("2026-11-23 12:00:00.000000 UTC")


def autograded_exercises(course: Course, assignment: str) -> list[str]:
    nb = source_notebook(course, assignment)
    return [gid for gid, cell in classroom.answer_cells(nb).items() if cell.cell_type == "code"]


def one_mistake_each(assignment: str) -> dict[str, catalogue.Mistake]:
    """The first catalogued mistake of every exercise that has one."""
    first = {}
    for mistake in catalogue.load(assignment).MISTAKES:
        first.setdefault(mistake.exercise, mistake)
    return first

"""Throwaway course copies with submissions placed in submitted/, for the pipeline tests."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import nbformat
from paths import REPO

from grader import catalogue
from grader.demo import classroom
from grader.demo.run import make_throwaway_course
from grader.pipeline import Course

_databases = itertools.count()


class Gradebooks:
    """Where the run's throwaway courses keep their gradebooks (the `gradebooks` fixture).

    With no server, each course has gradebook.db beside it, as the course does by
    default; with the run's PostgreSQL server (`pytest --gradebook=postgresql`),
    each course gets a database of its own there, and a copied course a copy of
    its original's database.
    """

    def __init__(self, server=None):
        self.server = server
        self._database_of: dict[Path, str] = {}

    def give_own(self, root: Path, template: str | None = None) -> None:
        if self.server is None:
            return
        name = f"course_{next(_databases)}"
        url = self.server.create_database(name, template)
        self._database_of[root.resolve()] = name
        # Appended, so it wins over any earlier line; CALC4ML_DB_URL still wins over it, as in the
        # course's own configuration: a test may choose the database.
        with open(root / "nbgrader_config.py", "a") as config:
            config.write(f'\nc.CourseDirectory.db_url = os.environ.get("CALC4ML_DB_URL") or "{url}"\n')

    def copied(self, root: Path, copy: Path) -> None:
        if self.server is not None:
            self.give_own(copy, template=self._database_of.get(root.resolve()))


def make_course(tmp: Path, assignments: list[str], gradebooks: Gradebooks) -> Course:
    """A throwaway copy of the course with release/ generated for the given assignments."""
    root = make_throwaway_course(REPO, tmp, assignments)
    gradebooks.give_own(root)
    course = Course(root)
    for assignment in assignments:
        course.generate(assignment)
    return course


def copy_course(root: Path, to: Path, gradebooks: Gradebooks) -> Path:
    """A copy of a course directory with a gradebook of its own: a copy of the original's, wherever it is."""
    copy = Path(shutil.copytree(root, to))
    gradebooks.copied(root, copy)
    return copy


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


def one_mistake_each(assignment: str) -> dict[str, catalogue.Mistake]:
    """The first catalogued mistake of every exercise that has one."""
    first = {}
    for mistake in catalogue.load(assignment).MISTAKES:
        first.setdefault(mistake.exercise, mistake)
    return first

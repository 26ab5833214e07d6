"""Throwaway course copies with submissions placed in submitted/, for the pipeline tests."""

from __future__ import annotations

import itertools
import re
import shutil
from pathlib import Path

import nbformat

from grader import catalogue
from grader.demo import classroom
from grader.demo.run import make_throwaway_course
from grader.pipeline import Course
from paths import REPO


# `pytest --gradebook=postgresql` (tests/conftest.py) sets this: the run's PostgreSQL server,
# where every throwaway course gets a database of its own instead of gradebook.db.
gradebook_server = None
_databases = itertools.count()
_MARK = "# the test run's PostgreSQL server"
_DB_URL_LINE = re.compile(r'^c\.CourseDirectory\.db_url = .*"(postgresql://[^"]+)"  ' + re.escape(_MARK) + "$", re.M)


def _give_own_database(root: Path, template: str | None = None) -> None:
    if gradebook_server is None:
        return
    url = gradebook_server.create_database(f"course_{next(_databases)}", template)
    config = root / "nbgrader_config.py"
    text = _DB_URL_LINE.sub("", config.read_text()).rstrip("\n")
    # CALC4ML_DB_URL still wins, as in the course's own configuration: a test may choose the database.
    config.write_text(text + f'\nc.CourseDirectory.db_url = os.environ.get("CALC4ML_DB_URL") or "{url}"  {_MARK}\n')


def make_course(tmp: Path, assignments: list[str]) -> Course:
    """A throwaway copy of the course with release/ generated for the given assignments."""
    root = make_throwaway_course(REPO, tmp, assignments)
    _give_own_database(root)
    course = Course(root)
    for assignment in assignments:
        course.generate(assignment)
    return course


def copy_course(root: Path, to: Path) -> Path:
    """A copy of a course directory with a gradebook of its own: a copy of the original's, wherever it is."""
    copy = Path(shutil.copytree(root, to))
    found = _DB_URL_LINE.search((root / "nbgrader_config.py").read_text())
    if found:
        _give_own_database(copy, template=found.group(1).rsplit("/", 1)[1])
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


def autograded_exercises(course: Course, assignment: str) -> list[str]:
    nb = source_notebook(course, assignment)
    return [gid for gid, cell in classroom.answer_cells(nb).items() if cell.cell_type == "code"]


def one_mistake_each(assignment: str) -> dict[str, catalogue.Mistake]:
    """The first catalogued mistake of every exercise that has one."""
    first = {}
    for mistake in catalogue.load(assignment).MISTAKES:
        first.setdefault(mistake.exercise, mistake)
    return first

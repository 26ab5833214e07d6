"""`grade_submission`: one submission's files and its assignment's bundle in, the graded notebook, its scores,
flags and timings out, with nothing of the course directory touched; each submission in a fresh kernel, the
next one started ahead while the current one is graded."""

import nbformat
import pytest
from course_builder import make_course, one_mistake_each, released_notebook, source_notebook
from nbformat.v4 import new_code_cell

from grader import grading_process
from grader.assignment_bundle import read_bundle
from grader.demo import classroom
from grader.grading_task import SCRATCH_STUDENT, grade_submission

pytestmark = [pytest.mark.pipeline, pytest.mark.xdist_group("grading_task")]

A = "ps1_derivatives"
NB = f"{A}.ipynb"


def _files(nb) -> dict[str, bytes]:
    return {NB: nbformat.writes(nb).encode(), "timestamp.txt": b"2026-11-23 12:00:00.000000 UTC"}


@pytest.fixture(scope="module")
def course(tmp_path_factory, gradebooks):
    return make_course(tmp_path_factory.mktemp("task"), [A], gradebooks)


@pytest.fixture(scope="module")
def bundle(course):
    return read_bundle(course.db_url, A, course.config, course.root / "source" / A)


@pytest.fixture(scope="module")
def solution(course):
    return classroom.instructor_answers(source_notebook(course, A))


def _snapshot(root):
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}


def test_the_solution_gets_every_automatic_point_and_the_course_is_untouched(course, bundle, solution):
    before = _snapshot(course.root)
    graded = grade_submission(bundle, "ada", _files(classroom.with_answers(released_notebook(course, A), solution)))
    assert graded.graded and not graded.problems and not graded.environment_fault
    automatic = {name: score for name, score in graded.scores.items() if score is not None}
    assert automatic == {c["name"]: c["max_score"] for nb in bundle.notebooks for c in nb.grade_cells
                         if c["name"] in automatic} and len(automatic) >= 10
    assert set(graded.files) >= {NB, "timestamp.txt"}
    assert {"screen", "autograde", "collect", "total"} <= set(graded.timings)
    assert _snapshot(course.root) == before


def test_one_mistake_loses_its_own_test_only(course, bundle, solution):
    exercise, mistake = next(iter(one_mistake_each(A).items()))
    nb = classroom.with_answers(released_notebook(course, A), {**solution, exercise: mistake.source})
    graded = grade_submission(bundle, "bob", _files(nb))
    lost = {name for name, score in graded.scores.items() if score is not None and score < bundle.max_scores()[name]}
    assert lost == {f"test_{exercise}"}


def test_an_unreadable_notebook_is_refused_with_the_students_name(bundle):
    graded = grade_submission(bundle, "cy", {NB: b"", "timestamp.txt": b"2026-11-23 12:00:00.000000 UTC"})
    assert not graded.graded and graded.problems
    assert graded.problems[0].startswith("cy's ") and "empty" in graded.problems[0]


def test_the_next_kernel_is_started_ahead_and_sees_only_its_own_submission(course, bundle, solution):
    """The warm kernel was started while the previous student was graded; it must show nothing of them."""
    grade_submission(bundle, "dee", _files(classroom.with_answers(released_notebook(course, A), solution)))
    assert grading_process.current().warm_kernel is not None  # started during dee's grading, waiting for the next one
    nb = classroom.with_answers(released_notebook(course, A), solution)
    nb.cells.insert(0, new_code_cell("import os, sys\nprint(sorted(os.listdir('..')), os.getcwd().endswith("
                                     f"'/{SCRATCH_STUDENT}/{A}'), 'numpy' in sys.modules)"))
    graded = grade_submission(bundle, "eve", _files(nb))
    graded_nb = nbformat.reads(graded.files[NB].decode(), as_version=4)
    printed = [o.text for o in graded_nb.cells[0].outputs if o.get("name") == "stdout"]
    assert printed == [f"['{A}'] True True\n"]
    assert all(score == bundle.max_scores()[name] for name, score in graded.scores.items() if score is not None)

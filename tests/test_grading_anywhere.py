"""The course grades correctly from wherever it lives, and refuses to grade in an environment that cannot.

A copy of the course in a folder with a space in its name under /tmp, graded with this checkout's
environment (whose editable install maps `grader` to this checkout, not to the copy), by plain
`nbgrader autograde` and by `python -m grader autograde`, gives the scores of grading in place. A
kernel that cannot import NumPy is met by the preflight: the run is refused with the cause, and
nobody is graded, by either command.
"""

import copy
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from course_builder import copy_course, make_course, one_mistake_each, place_submission, source_notebook
from nbgrader.api import Gradebook
from traitlets.config import Config

from grader.demo import classroom
from grader.pipeline import Course
from grader.preflight import environment_problem

pytestmark = [pytest.mark.pipeline, pytest.mark.xdist_group("anywhere")]

A = "ps1_derivatives"
VENV_BIN = Path(sys.executable).parent
# Made by the course's own configuration, as a wrong setting or a broken image would make it.
NO_NUMPY = "c.Execute.extra_arguments.append(\"--IPKernelApp.exec_lines=['import sys; sys.modules[\\\"numpy\\\"] = None']\")\n"


def _class(course: Course) -> None:
    solution = classroom.instructor_answers(source_notebook(course, A))
    exercise, mistake = next(iter(one_mistake_each(A).items()))
    place_submission(course, A, "solution", solution)
    place_submission(course, A, "blank", {})
    place_submission(course, A, "one_mistake", {**solution, exercise: mistake.source})


def _scores(root: Path) -> dict:
    with Gradebook(Course(root).db_url) as gradebook:
        return {s.student.id: {g.name: g.score for nb in s.notebooks for g in nb.grades}
                for s in gradebook.assignment_submissions(A)}


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    # The environment's tools by absolute path, as an instructor runs them; nothing of this checkout on sys.path.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def in_place(tmp_path_factory, gradebooks):
    course = make_course(tmp_path_factory.mktemp("in_place"), [A], gradebooks)
    _class(course)
    assert all(r.ok for r in course.autograde(A))
    return _scores(course.root)


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory, gradebooks):
    """A copy of a generated course with its class, under /tmp, in a folder whose name has a space."""
    course = make_course(tmp_path_factory.mktemp("original"), [A], gradebooks)
    _class(course)
    folder = Path(os.path.realpath("/tmp")) / f"calc4ml copy {os.getpid()}"
    shutil.rmtree(folder, ignore_errors=True)
    copy_course(course.root, folder / "my course", gradebooks)
    yield folder / "my course"
    shutil.rmtree(folder, ignore_errors=True)


def test_plain_nbgrader_autograde_grades_a_copy_as_in_place(elsewhere, in_place, tmp_path, gradebooks):
    root = copy_course(elsewhere, tmp_path / "plain nbgrader" / "course", gradebooks)
    done = _run([str(VENV_BIN / "nbgrader"), "autograde", A], cwd=root)
    assert done.returncode == 0, done.stderr[-3000:]
    assert _scores(root) == in_place
    assert in_place["solution"]["test_poly_derivative"] == 1.0 and in_place["blank"]["test_poly_derivative"] == 0.0


def test_python_m_grader_grades_a_copy_as_in_place(elsewhere, in_place, tmp_path, gradebooks):
    root = copy_course(elsewhere, tmp_path / "python -m grader" / "course", gradebooks)
    done = _run([sys.executable, "-m", "grader", "autograde", A, "--course", str(root), "--workers", "1"], cwd=tmp_path)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert _scores(root) == in_place


def _merged(config: Config, overrides: Config) -> Config:
    merged = copy.deepcopy(config)  # merging into the course's own would change it for the other tests
    merged.merge(overrides)
    return merged


def _broken(elsewhere: Path, tmp_path: Path, name: str, gradebooks) -> Path:
    root = copy_course(elsewhere, tmp_path / name / "course", gradebooks)
    with open(root / "nbgrader_config.py", "a") as config:
        config.write(NO_NUMPY)
    return root


def _nobody_graded(root: Path) -> None:
    assert _scores(root) == {}
    assert not [p for p in (root / "autograded").glob(f"*/{A}")]


def test_python_m_grader_refuses_a_kernel_without_numpy_and_grades_nobody(elsewhere, tmp_path, gradebooks):
    root = _broken(elsewhere, tmp_path, "no numpy", gradebooks)
    done = _run([sys.executable, "-m", "grader", "autograde", A, "--course", str(root), "--workers", "1"], cwd=tmp_path)
    assert done.returncode == 3, done.stdout[-3000:] + done.stderr[-3000:]
    assert "Grading refused before any student was graded" in done.stderr
    assert "cannot import what every notebook needs" in done.stderr and "numpy" in done.stderr
    assert sys.executable in done.stderr
    _nobody_graded(root)


def test_plain_nbgrader_refuses_a_kernel_without_numpy_and_grades_nobody(elsewhere, tmp_path, gradebooks):
    root = _broken(elsewhere, tmp_path, "no numpy, nbgrader", gradebooks)
    done = _run([str(VENV_BIN / "nbgrader"), "autograde", A], cwd=root)
    assert done.returncode != 0
    assert "Grading refused before any student was graded" in done.stderr and "numpy" in done.stderr
    _nobody_graded(root)


def test_the_preflight_passes_the_course_configuration_and_names_what_breaks_it(elsewhere):
    course = Course(elsewhere)
    assert environment_problem(course.config) is None
    broken = Config()
    broken.Execute.extra_arguments = [*course.config.Execute.extra_arguments,
                                      "--IPKernelApp.exec_lines=['import sys; sys.modules[\"sympy\"] = None']"]
    problem = environment_problem(_merged(course.config, broken))
    assert problem and "sympy" in problem and "import" in problem


def test_a_time_budget_too_small_for_any_notebook_is_refused_as_the_courses_setting(elsewhere):
    tight = Config()
    tight.ConfinedExecute.time_budget = 1
    problem = environment_problem(_merged(Course(elsewhere).config, tight))
    assert problem and "time limits" in problem and "time_budget = 1 s" in problem
    assert "Raise them in nbgrader_config.py" in problem and "cannot import" not in problem

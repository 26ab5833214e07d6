"""`nbgrader validate`, as students run it: the blank release fails, the instructor's answers pass."""

import nbformat
import pytest
from conftest import ASSIGNMENTS, REPO
from nbgrader.validator import Validator

from grader.demo import classroom

pytestmark = pytest.mark.pipeline


def validate(nb, path):
    nbformat.write(nb, str(path))
    return Validator().validate(str(path))


@pytest.mark.parametrize("assignment", [pytest.param(a, marks=pytest.mark.xdist_group(f"validate-{a}"))
                                        for a in ASSIGNMENTS])
def test_validate_blank_fails_and_solution_passes(assignment, tmp_path):
    released = classroom.read(REPO / "release" / assignment / f"{assignment}.ipynb")
    source = classroom.read(REPO / "source" / assignment / f"{assignment}.ipynb")
    blank = validate(released, tmp_path / "blank.ipynb")
    assert blank.get("failed"), "the blank release passes validation"
    solved = validate(classroom.with_answers(released, classroom.instructor_answers(source)), tmp_path / "solved.ipynb")
    assert solved == {}, solved  # no failed, changed or type-changed cell

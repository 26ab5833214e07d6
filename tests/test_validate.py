"""`nbgrader validate`, as students run it: the blank release fails, the instructor's answers pass."""

import nbformat
import pytest
from nbgrader.validator import Validator
from paths import ASSIGNMENTS, REPO

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


def test_validate_says_not_allowed_for_a_derivative_taken_with_sympy(tmp_path):
    """In the student's own kernel, the public check already refuses sp.diff where the exercise says by hand."""
    released = classroom.read(REPO / "release" / "ps1_derivatives" / "ps1_derivatives.ipynb")
    source = classroom.read(REPO / "source" / "ps1_derivatives" / "ps1_derivatives.ipynb")
    answers = classroom.instructor_answers(source)
    answers["d_product"] = "d_product = sp.diff(x**2 * sp.exp(x), x)\n"
    answers["d_trig"] = "import sympy\nd_trig = getattr(sympy, 'diff')(sp.sin(x) * sp.cos(x), x)\n"
    failed = validate(classroom.with_answers(released, answers), tmp_path / "shortcut.ipynb")["failed"]
    shown = {cell["source"].splitlines()[0]: "\n".join(cell.get("error", "").splitlines()) for cell in failed}
    assert set(shown) == {"# Tests d_product", "# Tests d_trig"}
    assert "`d_product` is not allowed" in shown["# Tests d_product"] and "line 1" in shown["# Tests d_product"]
    assert "getattr(..., " in shown["# Tests d_trig"] and "diff" in shown["# Tests d_trig"]

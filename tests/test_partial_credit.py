"""Partial credit: only for a catalogued mistake that grants it, named by the cell's own exercise."""

import nbformat
import pytest

from grader.nbgrader_plugins.partial_credit import PartialCredit, partial_share


def graded_cell(grade_id, outputs, points=2.0):
    cell = nbformat.v4.new_code_cell("# Tests ...")
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True, "points": points, "grade_id": grade_id}
    cell.outputs = outputs
    return cell


def error(first_line):
    return nbformat.v4.new_output("error", ename="AnswerNotAccepted", evalue="m", traceback=[first_line, "message"])


@pytest.mark.parametrize("outputs, share", [
    ([error("✗ relu_prime: incorrect [relu-prime-at-zero-one]")], 0.5),
    ([error("✗ relu_prime: incorrect [relu-not-derivative]")], 0.0),     # no credit granted
    ([error("✗ relu_prime: incorrect")], 0.0),                            # unrecognised
    ([error("✗ tanh_prime: incorrect [relu-prime-at-zero-one]")], 0.0),  # another exercise's line
    ([error("✗ relu_prime: incorrect [relu-prime-at-zero-one]"),
      nbformat.v4.new_output("stream", name="stderr", text="x")], 0.0),  # stderr zeroes anyway
    ([], 0.0),
])
def test_partial_share(outputs, share):
    assert partial_share(graded_cell("test_relu_prime", outputs)) == share


def test_preprocessor_turns_the_error_into_a_score_nbgrader_reads():
    from nbgrader.utils import determine_grade

    cell = graded_cell("test_relu_prime", [error("✗ relu_prime: incorrect [relu-prime-at-zero-one]")])
    cell, _ = PartialCredit().preprocess_cell(cell, {}, 0)
    assert determine_grade(cell) == (1.0, 2.0)
    assert "relu-prime-at-zero-one" in cell.outputs[0].text  # the student still reads why


def test_a_cell_without_credit_keeps_its_error():
    cell = graded_cell("test_relu_prime", [error("✗ relu_prime: incorrect [relu-not-derivative]")])
    cell, _ = PartialCredit().preprocess_cell(cell, {}, 0)
    from nbgrader.utils import determine_grade

    assert determine_grade(cell) == (0, 2.0)

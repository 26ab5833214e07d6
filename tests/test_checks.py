"""The checks notebooks call: both ways, quiet, and the student-facing report."""

import sys

import numpy as np
import pytest
import sympy as sp

from grader.checks import (
    AnswerNotAccepted,
    check_derivative,
    check_derivative_expression,
    check_function,
    check_value,
    sample_points,
)
from grader.judging.verdict import Status

X = sp.Symbol("x", real=True)
CUBIC = 3 * X**3 - 2 * X**2 + X - 5
POINTS = sample_points(-5, 5, 4, seed=1)


def test_check_derivative_passes_a_correct_function(capsys):
    check_derivative("poly_derivative", lambda v: 9 * v**2 - 4 * v + 1, CUBIC, X, POINTS)
    assert "✓" in capsys.readouterr().out


@pytest.mark.parametrize("answer", [lambda v: 9 * v**2 - 4 * v, lambda v: 0 * v, None, 3, lambda v: "9x^2"])
def test_check_derivative_rejects_wrong_missing_or_mistyped_answers(answer):
    with pytest.raises(AnswerNotAccepted):
        check_derivative("poly_derivative", answer, CUBIC, X, POINTS)


def test_rejection_renders_as_the_message_only():
    with pytest.raises(AnswerNotAccepted) as caught:
        check_derivative("poly_derivative", lambda v: 2 * (9 * v**2 - 4 * v + 1), CUBIC, X, POINTS)
    lines = caught.value._render_traceback_()
    assert lines[0] == "✗ poly_derivative: incorrect"
    assert "2 times too large" in lines[1]
    assert "9*x**2" not in " ".join(lines)


def test_checks_write_nothing_to_stderr(capfd):
    def overflowing(v):
        print("debug", file=sys.stderr)
        return np.exp(np.asarray(v) * 1000.0)

    with pytest.raises(AnswerNotAccepted):
        check_derivative("poly_derivative", overflowing, CUBIC, X, POINTS)
    assert capfd.readouterr().err == ""


def test_substitutes_isolate_an_exercise_from_another_wrong_one():
    namespace = {}
    exec("def helper(v):\n    return -1.0\ndef uses_helper(v):\n    return helper(v) + 1.0", namespace)
    trusted = {"helper": lambda v: v}
    check_function("uses_helper", namespace["uses_helper"], lambda v: v + 1.0, [1.0, 2.0], substitutes=trusted)
    assert namespace["helper"](5.0) == -1.0  # the student's own helper is put back
    with pytest.raises(AnswerNotAccepted):
        check_function("uses_helper", namespace["uses_helper"], lambda v: v + 1.0, [1.0, 2.0])


def test_check_derivative_expression_both_ways():
    check_derivative_expression("d_product", X * (X + 2) * sp.exp(X), X**2 * sp.exp(X), X)
    with pytest.raises(AnswerNotAccepted) as caught:
        check_derivative_expression("d_product", 2 * X * sp.exp(X), X**2 * sp.exp(X), X)
    assert caught.value.verdict.status is Status.INCORRECT


def test_check_value_both_ways():
    check_value("quartic_study", {0.1: "diverged"}, {0.1: "diverged"})
    with pytest.raises(AnswerNotAccepted, match="not the right word"):
        check_value("quartic_study", {0.1: "slow"}, {0.1: "diverged"})

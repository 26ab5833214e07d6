"""compare / judge_calls: returned values against expected ones, with the messages students read."""

import numpy as np
import pytest

from grader.evidence import Observation, Probe
from grader.in_kernel.gathering import normalise
from grader.judging.numeric import compare, judge_calls
from grader.judging.verdict import Status


def observed(value, *args, reveal=True, error=None, modified=()):
    return Observation(Probe(args, reveal=reveal), None if error else normalise(value), error, modified)


@pytest.mark.parametrize("got, expected", [
    (1.0, 1.0),
    (1.0 + 1e-9, 1.0),
    (np.float32(0.5), 0.5),
    (np.array(2.0), 2.0),
    (3, 3.0),
    (np.array([1.0, 2.0]), np.array([1.0, 2.0])),
    ([1.0, 2.0], np.array([1.0, 2.0])),
    ((1.0, 2.0), (1.0, 2.0)),
    ([1.0, 2.0], (1.0, 2.0)),
    (np.array([1.0, 2.0]), (1.0, 2.0)),
    ((np.array([1.0]), 2.0), (np.array([1.0]), 2.0)),
    (True, True),
    (np.bool_(False), False),
    ({0.1: "slow"}, {0.1: "slow"}),
    (1e-12, 0.0),
])
def test_equal_values_in_any_allowed_form(got, expected):
    assert compare(normalise(got), expected) is None


@pytest.mark.parametrize("got, expected, invalid, fragment", [
    (1.1, 1.0, False, "is 1.1"),
    (np.array([1.0, 2.5]), np.array([1.0, 2.0]), False, "[1] is 2.5"),
    (np.array([1.0, 2.0]), 1.0, True, "shape (2,)"),
    (np.array([1.0]), np.array([1.0, 2.0]), True, "shape (1,)"),
    (float("nan"), 1.0, True, "NaN"),
    ((1.0,), (1.0, 2.0), True, "has 1 value, but 2"),
    ("1.0", 1.0, True, "str"),
    (None, 1.0, True, "None"),
    (1.0, True, True, "True or False"),
    (True, 1.0, True, "True/False"),
    (False, True, False, "correct answer is True"),
    ({0.1: "slow"}, {0.1: "diverged"}, False, "not the right word"),
    ({}, {0.1: "slow"}, True, "no entry"),
    ((2.0, 1.0), (1.0, 2.0), False, "[0] is 2"),
    ((np.ones(2), [np.ones(2), np.array([1.0, 3.0])]), (np.ones(2), [np.ones(2), np.ones(2)]), False, "[1][1][1] is 3"),
    ({0.1: "slow"}, {0.1: "diverged"}, False, "[0.1] is 'slow'"),
])
def test_different_values_are_caught_and_explained(got, expected, invalid, fragment):
    problem = compare(normalise(got), expected)
    assert problem is not None
    assert problem.invalid is invalid
    assert fragment in f"{problem.where} {problem.text}"


def test_judge_calls_accepts_all_correct():
    verdict = judge_calls([observed(4.0, 2.0), observed(9.0, 3.0)], [4.0, 9.0], name="sq", arg_names=("x",))
    assert verdict.status is Status.CORRECT


def test_judge_calls_reports_first_wrong_call_and_the_pattern():
    observations = [observed(2 * v * v, v) for v in (1.0, 2.0, 3.0)]
    verdict = judge_calls(observations, [1.0, 4.0, 9.0], name="sq", arg_names=("x",), noun="the square")
    assert verdict.status is Status.INCORRECT
    assert "`sq(x = 1)`" in verdict.message
    assert "the square there is smaller by a factor of about 2" in verdict.message
    assert "2 times too large" in verdict.message


def test_judge_calls_exception_is_invalid():
    verdict = judge_calls([observed(None, 1.0, error="ZeroDivisionError: division by zero")], [1.0],
                          name="f", arg_names=("x",))
    assert verdict.status is Status.INVALID
    assert "raised ZeroDivisionError" in verdict.message


def test_judge_calls_modified_input_is_incorrect_even_with_right_values():
    verdict = judge_calls([observed(np.ones(2), np.ones(2), modified=(0,))], [np.ones(2)],
                          name="f", arg_names=("theta",))
    assert verdict.status is Status.INCORRECT
    assert "changed its argument `theta` in place" in verdict.message


def test_hidden_arguments_are_described_not_shown():
    verdict = judge_calls([observed(1.0, -123.456, reveal=False)], [2.0], name="f", arg_names=("x",))
    assert "`f(x < -100)`" in verdict.message
    assert "123" not in verdict.message


def test_blank_answer_reads_as_not_written_yet():
    verdict = judge_calls([observed(None, 1.0, error="NotImplementedError: ")], [1.0], name="f", arg_names=("x",))
    assert "is not written yet" in verdict.message and ": ." not in verdict.message


def test_a_ratio_near_one_is_given_as_a_percentage():
    verdict = judge_calls([observed(1.0, 1.0)], [1.08], name="f", arg_names=("x",))
    assert "larger by about 8%" in verdict.message and "factor of about 1" not in verdict.message


def test_the_in_place_hint_names_the_argument():
    verdict = judge_calls([observed(np.ones(2), np.ones(2), modified=(0,))], [np.ones(2)], name="f", arg_names=("theta",))
    assert "`theta = np.array(theta, dtype=float)`" in verdict.message

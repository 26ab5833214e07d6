"""Naming catalogued mistakes: matched only when the answer behaves exactly like the mistake."""

import numpy as np
import pytest
import sympy as sp

from grader.checks import AnswerNotAccepted, check_derivative, check_derivative_expression, check_function
from grader.evidence import Probe
from grader.in_kernel.gathering import observe
from grader.judging.domains import Domain
from grader.judging.mistakes import Suspect, behaves_alike, expression_alike, name_the_mistake
from grader.judging.verdict import correct, incorrect

X = sp.Symbol("x", real=True)
PROBES = [Probe((1.0,)), Probe((np.array([0.5, 2.0]),))]


def test_behaves_alike_needs_the_same_values_everywhere():
    student = observe(lambda v: 2 * v, PROBES)
    assert behaves_alike(student, observe(lambda v: v + v, PROBES))
    assert not behaves_alike(student, observe(lambda v: 2 * v + (v > 1.5), PROBES))


def test_behaves_alike_compares_exception_types():
    student = observe(lambda v: 1 / 0, PROBES)
    assert behaves_alike(student, observe(lambda v: 1 // 0, PROBES))
    assert not behaves_alike(student, observe(lambda v: [][1], PROBES))


def test_a_blank_answer_is_never_a_mistake():
    def blank(v):
        raise NotImplementedError()

    assert not behaves_alike(observe(blank, PROBES), observe(blank, PROBES))


def test_a_mistake_returning_no_plain_value_matches_nothing():
    student = observe(lambda v: 2.0, PROBES[:1])
    assert not behaves_alike(student, observe(lambda v: sp.zoo, PROBES[:1]))
    assert not behaves_alike(student, observe(lambda v: (2.0, object()), PROBES[:1]))


def test_expression_alike_by_value_or_by_kind():
    domain = Domain.of([X])
    assert expression_alike(2 * X * sp.exp(X), sp.exp(X) * X * 2, domain)
    assert not expression_alike(2 * X, 3 * X, domain)
    assert expression_alike("any text", "other text", domain)


def test_name_the_mistake_leaves_correct_answers_and_unknown_mistakes_alone():
    suspects = [Suspect("sign", "a sign error", 1)]
    assert name_the_mistake(correct("ok"), suspects, lambda b: True).tag is None
    assert name_the_mistake(incorrect("wrong"), suspects, lambda b: False).tag is None
    named = name_the_mistake(incorrect("wrong"), suspects, lambda b: True)
    assert named.tag == "sign" and named.message.startswith("Common mistake recognised (sign): a sign error.")


def rejection(check, *args, **kwargs):
    with pytest.raises(AnswerNotAccepted) as caught:
        check(*args, **kwargs)
    return caught.value


def test_catalogued_numeric_mistake_is_named_in_the_report():
    error = rejection(check_derivative, "poly_derivative", lambda v: 9 * v**2 - 4 * v,
                      3 * X**3 - 2 * X**2 + X - 5, X, [1.0, np.array([2.0, -1.0])])
    assert error.verdict.tag == "dropped-linear-term"
    assert error._render_traceback_()[0] == "✗ poly_derivative: incorrect [dropped-linear-term]"


def test_catalogued_expression_mistake_is_named():
    error = rejection(check_derivative_expression, "d_product", 2 * X * sp.exp(X), X**2 * sp.exp(X), X)
    assert error.verdict.tag == "product-rule-half"


def test_uncatalogued_wrong_answer_still_gets_a_precise_message():
    error = rejection(check_derivative, "poly_derivative", lambda v: 9 * v**2 + 7, 3 * X**3 - 2 * X**2 + X - 5,
                      X, [1.0, 2.0], reveal=True)
    assert error.verdict.tag is None
    assert "`poly_derivative(v = 1)` returned a value that is 16" in error.verdict.message


def test_an_exercise_without_a_catalogue_is_judged_as_usual():
    error = rejection(check_function, "not_in_any_catalogue", lambda v: v, lambda v: v + 1, [1.0])
    assert error.verdict.tag is None

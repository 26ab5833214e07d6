"""judge_expression: every correct form accepted, every wrong one rejected, never a hang."""

import time

import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grader.judging.domains import Domain
from grader.judging.expressions import judge_expression
from grader.judging.verdict import Status

X = sp.Symbol("x", real=True)
DOMAIN = Domain.of([X], -3, 3)

atoms = st.sampled_from([X, sp.Integer(2), sp.Rational(1, 3), sp.sin(X), sp.exp(X), sp.cos(X), X**2])


def _combine(children):
    return st.one_of(
        st.builds(lambda a, b: a + b, children, children),
        st.builds(lambda a, b: a * b, children, children),
        st.builds(lambda a, b: a - b, children, children),
        st.builds(sp.sin, children),
    )


expressions = st.recursive(atoms, _combine, max_leaves=5)

REWRITES = [
    sp.expand,
    sp.factor,
    sp.together,
    lambda e: sp.expand_trig(e),
    lambda e: e.rewrite(sp.exp),
    lambda e: sp.trigsimp(e),
    lambda e: (e * (X**2 + 1)) / (X**2 + 1),  # unsimplified but equal
    lambda e: e + sp.sin(X) ** 2 + sp.cos(X) ** 2 - 1,
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions, st.sampled_from(REWRITES))
def test_equivalent_rewrites_are_accepted(expr, rewrite):
    assert judge_expression(rewrite(expr), expr, DOMAIN).status is Status.CORRECT


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions, st.sampled_from([lambda e: 2 * e + 1, lambda e: e + X, lambda e: -e - 1,
                                     lambda e: e + sp.Rational(1, 100), lambda e: e * sp.cos(X) + 3]))
def test_perturbed_expressions_are_rejected(expr, perturb):
    verdict = judge_expression(perturb(expr), expr, DOMAIN)
    assert verdict.status is Status.INCORRECT


def test_sqrt_of_square_is_not_x_on_the_reals():
    assert judge_expression(sp.sqrt(X**2), X, DOMAIN).status is Status.INCORRECT


def test_sqrt_of_square_is_x_for_positive_x():
    assert judge_expression(sp.sqrt(X**2), X, Domain.of([X], 0.1, 5)).status is Status.CORRECT


def test_sum_of_logs_is_not_log_of_product_when_both_can_be_negative(y):
    both = Domain.of([X, y], -4, 4)
    assert judge_expression(sp.log(X) + sp.log(y), sp.log(X * y), both).status is Status.INCORRECT


def test_sum_of_logs_is_log_of_product_for_positive_arguments(y):
    positive = Domain.of([X, y], 0.1, 4)
    assert judge_expression(sp.log(X) + sp.log(y), sp.log(X * y), positive).status is Status.CORRECT


def test_abs_equals_piecewise_including_the_kink():
    kink = Domain.of([X], -2, 2, special_points=[{"x": 0.0}])
    piecewise = sp.Piecewise((-X, X < 0), (X, True))
    assert judge_expression(piecewise, sp.Abs(X), kink).status is Status.CORRECT


def test_relu_derivative_differs_only_at_the_kink_is_caught_by_special_point():
    relu_prime = sp.Piecewise((0, X <= 0), (1, True))
    relu_prime_one_at_zero = sp.Piecewise((0, X < 0), (1, True))
    kink = Domain.of([X], -2, 2, special_points=[{"x": 0.0}])
    assert judge_expression(relu_prime_one_at_zero, relu_prime, kink).status is Status.INCORRECT
    # Without the special point, random sampling would almost surely miss it.
    assert judge_expression(relu_prime_one_at_zero, relu_prime, Domain.of([X], -2, 2)).status is Status.CORRECT


def test_an_expression_that_makes_simplify_slow_is_decided_by_sampling_quickly():
    slow = sp.expand((X + sp.sin(X) + sp.exp(X) + 1) ** 12) - sp.expand((X + sp.sin(X) + sp.exp(X)) ** 12)
    reference = (X + sp.sin(X) + sp.exp(X) + 1) ** 12 - (X + sp.sin(X) + sp.exp(X)) ** 12
    started = time.monotonic()
    verdict = judge_expression(slow, reference, DOMAIN, time_limit=0.5)
    elapsed = time.monotonic() - started
    assert verdict.status is Status.CORRECT
    assert elapsed < 10  # a bound on a hang, not a speed claim: simplify alone takes minutes


@pytest.mark.parametrize("answer, fragment", [
    (None, "still None"),
    ("2*x", "is a string"),
    (lambda t: t, "is a function"),
    (sp.Eq(X, 1), "not an expression"),
    (sp.Derivative(X**2, X), "unevaluated"),
    (sp.Symbol("y") * X, "uses y"),
    (sp.zoo * X, "NaN or infinity"),
])
def test_answers_that_are_not_expressions_are_invalid(answer, fragment):
    verdict = judge_expression(answer, 2 * X, DOMAIN, name="d")
    assert verdict.status is Status.INVALID
    assert fragment in verdict.message


def test_a_symbol_without_assumptions_is_matched_by_name():
    plain = sp.Symbol("x")
    assert judge_expression(2 * plain * sp.exp(plain), 2 * X * sp.exp(X), DOMAIN).status is Status.CORRECT


def test_a_plain_number_is_accepted_when_the_reference_is_constant():
    assert judge_expression(3, sp.Integer(3) + 0 * X, DOMAIN).status is Status.CORRECT
    assert judge_expression(3.5, sp.Integer(3), DOMAIN).status is Status.INCORRECT


def test_undecided_when_the_reference_is_undefined_almost_everywhere():
    verdict = judge_expression(X, sp.log(-X**2 - 1), DOMAIN)
    assert verdict.status is Status.UNDECIDED
    assert "too few sample points" in verdict.message


def test_message_names_the_factor_but_not_the_reference():
    reference = 2 * X * sp.exp(X) + X**2 * sp.exp(X)
    verdict = judge_expression(reference / 2, reference, DOMAIN, name="d_product", reveal=True)
    assert "2 times too small" in verdict.message
    assert str(reference) not in verdict.message
    assert "exp(" not in verdict.message


def test_hidden_points_are_described_not_shown():
    verdict = judge_expression(X + 1, X, Domain.of([X], 0.5, 0.9), name="d", reveal=False)
    assert "At x > 0 " in verdict.message
    assert "0." not in verdict.message.split(";")[0]


def test_a_list_of_expressions_is_judged_in_order(y):
    from grader.judging.expressions import judge_expressions

    both = Domain.of([X, y])
    assert judge_expressions([y, X], [y, X], both).passed
    assert judge_expressions(sp.Matrix([y, X]), [y, X], both).passed
    swapped = judge_expressions([X, y], [y, X], both, name="grad")
    assert swapped.status is Status.INCORRECT and "`grad[0]`" in swapped.message
    assert judge_expressions([y], [y, X], both).status is Status.INVALID
    assert judge_expressions(None, [y, X], both).status is Status.INVALID

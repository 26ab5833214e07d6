"""ps2's gradient_check: the hidden test's reference means what the course contract says.

The pipeline tests compare the instructor's solution with this reference; a
reference and a solution wrong in the same way would pass them. These cases are
worked out by hand from the contract's definition instead.
"""

import numpy as np
import pytest
from paths import REPO

from grader import catalogue
from grader.demo import classroom
from grader.evidence import Probe
from grader.in_kernel.gathering import observe
from grader.judging.mistakes import behaves_alike

SOURCE = REPO / "source" / "ps2_partials" / "ps2_partials.ipynb"


@pytest.fixture(scope="module")
def hidden_test():
    """The reference the hidden test trusts, and the probes of its hidden check."""
    cells = classroom.read(SOURCE).cells
    setup = next(c for c in cells if c.metadata.get("nbgrader", {}).get("grade_id") == "setup")
    test = next(c for c in cells if c.metadata.get("nbgrader", {}).get("grade_id") == "test_gradient_check")
    trusted, checks = {}, []
    namespace = {"__name__": "hidden_test"}
    exec(setup.source, namespace)
    namespace.update(trust=lambda **kw: trusted.update(kw), gradient_check=None,
                     check_function=lambda name, fn, reference, calls, **kw: checks.append((reference, list(calls), kw)))
    exec(test.source, namespace)
    hidden = [(reference, calls) for reference, calls, kw in checks if not kw.get("reveal")]
    assert len(hidden) == 1 and hidden[0][0] is trusted["gradient_check"]
    return hidden[0]


@pytest.fixture(scope="module")
def reference(hidden_test):
    return hidden_test[0]


def linear(t):
    return 3 * t[0] - 2 * t[1]


def test_a_correct_gradient_checks_at_rounding_level(reference):
    assert reference(linear, lambda t: np.array([3.0, -2.0]), np.array([0.4, -1.1])) < 1e-9


def test_opposite_signs_give_the_largest_error_two(reference):
    assert reference(linear, lambda t: np.array([-3.0, 2.0]), np.array([0.4, -1.1])) == pytest.approx(2.0, abs=1e-9)


def test_an_analytic_zero_against_a_nonzero_slope_gives_one(reference):
    assert reference(linear, lambda t: np.array([3.0, 0.0]), np.array([0.4, -1.1])) == pytest.approx(1.0, abs=1e-9)


def test_the_denominator_is_the_larger_of_the_two(reference):
    # a = 1 against n = 3: |a - n| / max = 2/3, where |a| alone gives 2 and |a| + |n| gives 1/2.
    assert reference(linear, lambda t: np.array([1.0, -2.0]), np.array([0.4, -1.1])) == pytest.approx(2 / 3, abs=1e-9)


def test_the_worst_entry_is_reported_not_the_mean(reference):
    assert reference(linear, lambda t: np.array([3.0, -1.0]), np.array([0.4, -1.1])) == pytest.approx(0.5, abs=1e-9)


def test_an_entry_where_both_are_zero_counts_as_zero(reference):
    unused_second = lambda t: t[0] ** 2  # noqa: E731
    assert reference(unused_second, lambda t: np.array([2 * t[0], 0.0]), np.array([1.5, 3.0])) < 1e-9
    assert reference(lambda t: np.sum(t**2), lambda t: 2 * t, np.zeros(3)) == 0.0


def test_the_difference_is_central_with_the_given_step(reference):
    # The central difference of t² is exact; a forward one with eps = 0.1 would be 2.1, an error of 0.048.
    assert reference(lambda t: t[0] ** 2, lambda t: 2 * t, np.array([1.0]), 0.1) < 1e-12
    # At ReLU's kink the central difference is 1/2 and ReLU'(0) = 0: the entry's error is 1.
    assert reference(lambda t: np.sum(np.maximum(t, 0.0)), lambda t: np.where(t > 0, 1.0, 0.0),
                     np.array([0.0, 2.0])) == pytest.approx(1.0, abs=1e-9)


def test_returns_a_float_and_leaves_theta_alone(reference):
    theta = np.array([0.4, -1.1])
    value = reference(linear, lambda t: np.array([1.0, -2.0]), theta)
    assert type(value) is float
    assert np.array_equal(theta, [0.4, -1.1])


@pytest.mark.parametrize("mistake", catalogue.mistakes_for("gradient_check"), ids=lambda m: m.tag)
def test_the_hidden_probes_tell_every_catalogued_mistake_from_the_reference(hidden_test, mistake):
    reference, calls = hidden_test
    probes = [Probe(call) for call in calls]
    namespace = catalogue.namespace_for("gradient_check")
    namespace["numerical_gradient"] = lambda f, theta, eps=1e-5: np.array(
        [(f(theta + eps * e) - f(theta - eps * e)) / (2 * eps) for e in np.eye(len(theta))])
    exec(mistake.source, namespace)
    assert not behaves_alike(observe(namespace["gradient_check"], probes), observe(reference, probes))

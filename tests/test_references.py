"""References: exact derivatives, trusted only once a high-precision finite difference agrees."""

import numpy as np
import pytest
import sympy as sp

from grader import references
from grader.references import CourseBug


def test_derivative_reference_matches_known_values(x):
    d = references.derivative_of(3 * x**3 - 2 * x**2 + x - 5, x)
    assert d(1.0) == pytest.approx(6.0)
    assert np.allclose(d(np.array([0.0, 2.0])), [1.0, 29.0])


def test_gradient_and_hessian(x, y):
    f = x**3 * y**2 + 2 * x * y - y**3
    assert np.allclose(references.gradient_of(f, [x, y])([1.0, 2.0]), [3 * 4 + 4, 2 * 2 + 2 - 12])
    assert np.allclose(references.hessian_of(sp.sin(x) + sp.cos(y), [x, y])([0.0, 0.0]), [[0, 0], [0, -1]])


def test_a_wrong_exact_derivative_is_a_course_bug(x, monkeypatch):
    # Simulate a mistake in the course: SymPy's derivative replaced by a wrong one.
    monkeypatch.setattr(references.sp, "diff", lambda f, var: 2 * sp.Symbol("x", real=True))
    wrong = references.derivative_of(x**3, x)
    with pytest.raises(CourseBug, match="Not your fault"):
        wrong(1.5)


def test_the_kink_is_not_cross_checked(x):
    relu = sp.Piecewise((0, x <= 0), (x, True))
    assert np.array_equal(references.derivative_of(relu, x)(np.array([-1.0, 0.0, 1.0])), [0.0, 0.0, 1.0])


def test_lambdified_keeps_shapes(x):
    f = references.lambdified(sp.Integer(3) + 0 * x, [x])
    assert f(1.0) == 3.0
    assert f(np.zeros(4)).shape == (4,)

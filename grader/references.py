"""References built from the stated function: exact (SymPy, lambdified) and finite-difference.

A derivative reference is only trusted after it agrees with a central finite
difference of the *stated* function, computed with mpmath at 40 digits (so the
difference quotient itself is accurate to ~1e-15). If they disagree, the course
is wrong, not the student: `CourseBug` is raised, loudly.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

import mpmath
import numpy as np
import sympy as sp

from grader.course_bug import CourseBug
from grader.judging import tolerances


def lambdified(expr: sp.Expr, variables: Sequence[sp.Symbol]) -> Callable:
    """expr as a float64 function of scalars or arrays (elementwise), same shape out as in.

    The value is expr's exact value rounded to float64: where evaluating SymPy's
    form in float64 overflows on the way (exp(800) / (1 + exp(800))**2, an expanded
    polynomial whose terms overflow with opposite signs) although the inputs are
    finite, that entry is worked out again in high precision (`_exactly`), so an
    edge probe gets 0.0 or inf where the mathematics says so, not NaN.
    """
    variables = tuple(variables)
    fn = sp.lambdify(list(variables), expr, modules="numpy")

    def evaluate(*args):
        with np.errstate(all="ignore"):
            arrays = np.broadcast_arrays(*[np.asarray(a, dtype=np.float64) for a in args])
            value = np.asarray(fn(*arrays), dtype=np.float64)
        value = np.broadcast_to(value, arrays[0].shape).copy() if arrays else value
        if arrays and not np.isfinite(value).all():
            overflowed = ~np.isfinite(value) & np.logical_and.reduce([np.isfinite(a) for a in arrays])
            for index in map(tuple, np.argwhere(overflowed)):
                value[index] = _exactly(expr, variables, [float(a[index]) for a in arrays], float(value[index]))
        return float(value) if value.ndim == 0 else value

    return evaluate


def _exactly(expr: sp.Expr, variables: tuple, point: list[float], fallback: float) -> float:
    """expr at `point` in 50-digit arithmetic (no overflow: mpmath's exponents are unbounded), rounded to float64.

    `fallback` (what float64 gave) stays where the exact value is no real number
    either: a pole, a logarithm of a negative number.
    """
    try:
        with mpmath.workdps(50):
            exact = _mpmath_function(expr, variables)(*[mpmath.mpf(v) for v in point])
            if isinstance(exact, mpmath.mpc):
                return fallback if exact.imag != 0 else float(exact.real)
            return float(exact)
    except (ArithmeticError, ValueError, TypeError):
        return fallback


@functools.lru_cache(maxsize=256)
def _mpmath_function(f: sp.Expr, variables: tuple) -> Callable:
    return sp.lambdify(list(variables), f, modules="mpmath")


def _high_precision_partial(f: sp.Expr, variables, wrt: int, point: Sequence[float]) -> tuple[float, bool]:
    """(central difference of f along variable `wrt` at `point`, whether f is smooth there)."""
    fm = _mpmath_function(f, tuple(variables))
    with mpmath.workdps(40):
        at = [mpmath.mpf(float(v)) for v in point]
        h = mpmath.mpf("1e-15") * max(1, abs(at[wrt]))

        def shifted(step):
            moved = list(at)
            moved[wrt] += step
            return fm(*moved)

        centre = shifted(0)
        forward = (shifted(h) - centre) / h
        backward = (centre - shifted(-h)) / h
        central = (shifted(h) - shifted(-h)) / (2 * h)
        # At a kink the one-sided slopes differ; there the derivative is a convention.
        smooth = abs(forward - backward) <= 1e-6 * max(1, abs(central))
        return float(central), bool(smooth)


def _cross_check(exact: float, f: sp.Expr, variables, wrt: int, point, label: str) -> None:
    approx, smooth = _high_precision_partial(f, variables, wrt, point)
    if not smooth or not np.isfinite(exact):
        return
    if abs(exact - approx) > tolerances.REFERENCE_CROSS_CHECK_ATOL + tolerances.REFERENCE_CROSS_CHECK_RTOL * abs(approx):
        raise CourseBug(
            f"course bug in {label}: exact derivative {exact!r} and finite difference {approx!r} "
            f"disagree at {tuple(float(v) for v in point)}. Not your fault: tell your instructor.")


def derivative_of(f: sp.Expr, var: sp.Symbol) -> Callable:
    """df/dvar as a function of x (scalar or array), cross-checked at every point it is asked for."""
    exact_expr = sp.diff(f, var)
    exact = lambdified(exact_expr, [var])

    def reference(x):
        values = exact(x)
        for xi, vi in zip(np.ravel(x), np.ravel(values)):
            _cross_check(float(vi), f, [var], 0, [xi], f"d/d{var} [{f}]")
        return values

    return reference


def partial_of(f: sp.Expr, variables: Sequence[sp.Symbol], wrt: sp.Symbol) -> Callable:
    """∂f/∂wrt as a function of all the variables (scalars or arrays), cross-checked."""
    variables = list(variables)
    index = variables.index(wrt)
    exact = lambdified(sp.diff(f, wrt), variables)

    def reference(*args):
        values = exact(*args)
        arrays = np.broadcast_arrays(*[np.asarray(a, dtype=np.float64) for a in args])
        for flat, vi in zip(zip(*[a.ravel() for a in arrays]), np.ravel(values)):
            _cross_check(float(vi), f, variables, index, flat, f"d/d{wrt} [{f}]")
        return values

    return reference


def gradient_of(f: sp.Expr, variables: Sequence[sp.Symbol]) -> Callable:
    """∇f as a function of a 1-D array theta, cross-checked component by component."""
    partials = [partial_of(f, variables, v) for v in variables]

    def reference(theta):
        theta = np.asarray(theta, dtype=np.float64)
        return np.array([p(*theta) for p in partials], dtype=np.float64)

    return reference


def hessian_of(f: sp.Expr, variables: Sequence[sp.Symbol]) -> Callable:
    """The Hessian of f as a function of theta; each entry cross-checked as a partial of a partial."""
    variables = list(variables)
    rows = [[partial_of(sp.diff(f, a), variables, b) for b in variables] for a in variables]

    def reference(theta):
        theta = np.asarray(theta, dtype=np.float64)
        return np.array([[entry(*theta) for entry in row] for row in rows], dtype=np.float64)

    return reference


@functools.lru_cache(maxsize=256)  # hidden tests ask for the same polynomial at many points
def taylor_polynomial_of(expr: sp.Expr, var: sp.Symbol, a, order: int) -> sp.Expr:
    """The Taylor polynomial of expr about a, up to and including the (var - a)**order term.

    SymPy's series, trusted only once it agrees exactly with the definition
    sum of f^(k)(a) / k! * (var - a)**k, computed from derivatives.
    """
    a = sp.nsimplify(a)
    series = sp.series(expr, var, a, order + 1).removeO()
    definition = sum(sp.diff(expr, var, k).subs(var, a) / sp.factorial(k) * (var - a)**k for k in range(order + 1))
    difference = sp.expand(series - definition)  # exact coefficients: expanding settles most cases at once
    if difference != 0 and sp.simplify(difference) != 0:
        raise CourseBug(f"course bug in the Taylor polynomial of {expr} about {a} to order {order}: "
                        f"sp.series gives {series}, the definition {definition}. Not your fault: tell your instructor.")
    return series

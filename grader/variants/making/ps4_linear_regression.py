"""How ps4_linear_regression's variants are made: the draw, the rules against degenerate ones, the solutions.

The instructor's side (grader.variants.making); the givens the notebook shows are in
grader/variants/ps4_linear_regression.py.
"""

from __future__ import annotations

import numpy as np

from grader.variants.making import Chooser, Family
from grader.variants.ps4_linear_regression import VARIANT_0, LinearData, N
from grader.variants.variant import Parameters

# The learning rates and step counts the rules run gradient descent with, as the notebook does.
FIT_DEFAULTS = (0.05, 200)  # fit_linear_regression's and fit_with_numerical_gradient's defaults
DESCENT_DEFAULTS = (0.1, 50)  # gradient_descent's defaults, and the bowl plots' learning rate
OVERFLOW_EDGE = (5.0, 170)  # the hidden test of fit_linear_regression whose loss must overflow (stops-at-overflow)

# How near the least-squares (w, b) the descents must end. Section 8's prose says 200 steps
# agree "to at least six digits"; 50 steps is the first picture of convergence. Variant 0 is
# at 2e-7 and 5e-4; about 1 % and 5 % of drawn data sets are further out.
FIT_TOLERANCE = 1e-6
DESCENT_TOLERANCE = 1e-3
# The bowl of section 9's left panel is "nearly circles": the Hessian's condition number
# (variant 0: 1.35) stays below this; about 1 % of drawn data sets are rounder than 1.75 only.
MAX_CONDITION = 2.0

SEEDS = (0, 9999)  # np.random.seed accepts any of them; four digits are easy to read
TRUE_RANGE = (-4, 4)  # slopes and intercepts a student reads at a glance on the scatter plot


def mse_on(data: LinearData, w: float, b: float) -> float:
    """The MSE of the line w x + b on the variant's data."""
    X, y = data.data()
    return float(np.mean((y - (w * X + b))**2))


def mse_gradient_on(data: LinearData, w: float, b: float) -> tuple[float, float]:
    """(dL/dw, dL/db) of that MSE."""
    X, y = data.data()
    residuals = y - (w * X + b)
    return float(-2 * np.mean(X * residuals)), float(-2 * np.mean(residuals))


def least_squares_on(data: LinearData) -> tuple[float, float]:
    """The (w, b) of least squares on the variant's data."""
    X, y = data.data()
    w, b = np.linalg.lstsq(np.column_stack([X, np.ones(N)]), y, rcond=None)[0]
    return float(w), float(b)


def public(parameters: Parameters) -> dict:
    """The public checks' expected values on the variant's data (`LinearData.public_loss`, ...)."""
    data = LinearData(dict(parameters))
    return {"mse_loss": mse_on(data, float(data.w_true), float(data.b_true)),
            "mse_gradient": list(mse_gradient_on(data, 0.0, 0.0)), "closed_form_fit": list(least_squares_on(data))}


def draw(choose: Chooser) -> dict:
    return {"seed": choose.integer(*SEEDS), "w_true": choose.nonzero(*TRUE_RANGE),
            "b_true": choose.nonzero(*TRUE_RANGE)}


RULES = (
    f"the seed is an integer in {SEEDS[0]}..{SEEDS[1]}, the true slope and intercept integers in "
    f"{TRUE_RANGE[0]}..{TRUE_RANGE[1]}",
    "the true slope is neither 0 nor 1: with 0 there is no slope to recover, and with 1 a predict that adds b "
    "inside the product, w (x + b) (bias-inside), fits the data exactly as well as w x + b",
    "the true intercept is not 0: a line without intercept (predict's missing-intercept, closed_form_fit's "
    "no-intercept-column) would fit the data as well as the correct one",
    "the true slope and intercept differ: with w = b, swapping them (predict's swapped-w-b, closed_form_fit's "
    "polyfit-order-swapped) changes nothing on the data",
    f"the loss is a round bowl: the Hessian (2/N) AᵀA of the MSE in (w, b) has condition number below "
    f"{MAX_CONDITION:g}",
    f"gradient descent from (0, 0) on the data ends within {FIT_TOLERANCE:g} of the least-squares (w, b) with "
    f"lr = {FIT_DEFAULTS[0]:g} and {FIT_DEFAULTS[1]} steps (fit_linear_regression's defaults), and within "
    f"{DESCENT_TOLERANCE:g} with lr = {DESCENT_DEFAULTS[0]:g} and {DESCENT_DEFAULTS[1]} steps "
    "(gradient_descent's defaults)",
    f"with lr = {OVERFLOW_EDGE[0]:g} the loss overflows to inf within {OVERFLOW_EDGE[1]} steps while w and b stay "
    "finite: the hidden test of fit_linear_regression that catches stops-at-overflow needs it",
)


def degenerate(parameters: Parameters) -> list[str]:
    seed, w, b = (parameters.get(name) for name in ("seed", "w_true", "b_true"))
    if not (_integer_in(seed, SEEDS) and _integer_in(w, TRUE_RANGE) and _integer_in(b, TRUE_RANGE)):
        return [RULES[0]]  # the rest need the data, which these parameters cannot make
    broken = []
    if w in (0, 1):
        broken.append(RULES[1])
    if b == 0:
        broken.append(RULES[2])
    if w == b:
        broken.append(RULES[3])
    X, y = LinearData(dict(parameters)).data()
    A = np.column_stack([X, np.ones(N)])
    eigenvalues = np.linalg.eigvalsh(2 / N * A.T @ A)
    if eigenvalues[-1] >= MAX_CONDITION * eigenvalues[0]:
        broken.append(RULES[4])
    best = np.linalg.lstsq(A, y, rcond=None)[0]
    if (np.linalg.norm(_descent(A, y, *FIT_DEFAULTS)[-1] - best) >= FIT_TOLERANCE
            or np.linalg.norm(_descent(A, y, *DESCENT_DEFAULTS)[-1] - best) >= DESCENT_TOLERANCE):
        broken.append(RULES[5])
    with np.errstate(all="ignore"):
        path = _descent(A, y, *OVERFLOW_EDGE)
        losses = np.mean((path[:-1] @ A.T - y)**2, axis=1)  # the loss before each update
    if np.all(np.isfinite(losses)) or not np.all(np.isfinite(path)):
        broken.append(RULES[6])
    return broken


def _integer_in(value, bounds: tuple[int, int]) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and bounds[0] <= value <= bounds[1]


def _descent(A: np.ndarray, y: np.ndarray, lr: float, steps: int) -> np.ndarray:
    """The steps + 1 iterates (w, b) of gradient descent from (0, 0) on the MSE of A θ against y."""
    thetas = [np.zeros(2)]
    for _ in range(steps):
        thetas.append(thetas[-1] - lr * 2 / len(y) * A.T @ (A @ thetas[-1] - y))
    return np.array(thetas)


# No answer depends on the numbers (module docstring): the source's solutions serve every variant.
SOLUTIONS: dict[str, str] = {}

FAMILY = Family("ps4_linear_regression", LinearData, VARIANT_0, draw, degenerate, RULES, SOLUTIONS, public)

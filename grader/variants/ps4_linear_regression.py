"""ps4_linear_regression's variants: the data set of section 1, its seed and its true line.

Every student fits a line to `N` noisy points `y = w_true x + b_true + noise`;
a variant changes the seed of the points and the line. The noise (standard
deviation 0.1) stays, so the loss floor the written answer explains is about
0.01 in every variant. The many-features data of section 9 (`X3`, `y3`) stay
fixed: they are the same for everyone, like the worked examples.

No answer of this assignment depends on the numbers (each exercise is a function of
the data it is given), so there are no solution templates; what varies is the data
the hidden and public tests fit, and the rules keep that data a good teacher.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from grader.variants.family import Chooser, Family, Parameters, Variant

N = 100  # points in section 1's data (the contract's)
NOISE = 0.1  # the noise's standard deviation (the contract's): the loss floor is about NOISE**2

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


@dataclass(frozen=True)
class LinearData(Variant):
    """Section 1's data of one student: `data()` makes them as the locked data cell does."""

    @property
    def seed(self) -> int:
        return int(self.parameters["seed"])

    @property
    def w_true(self) -> int:
        return int(self.parameters["w_true"])

    @property
    def b_true(self) -> int:
        return int(self.parameters["b_true"])

    def data(self) -> tuple[np.ndarray, np.ndarray]:
        """(X, y) as the locked data cell makes them, without touching NumPy's global generator."""
        generator = np.random.RandomState(self.seed)  # the same stream as np.random.seed(seed)
        X = generator.randn(N)
        return X, self.w_true * X + self.b_true + NOISE * generator.randn(N)

    def loss(self, w: float, b: float) -> float:
        """The MSE of the line w x + b on the data: the public tests' reference."""
        X, y = self.data()
        return float(np.mean((y - (w * X + b))**2))

    def gradient(self, w: float, b: float) -> tuple[float, float]:
        """(dL/dw, dL/db) of the MSE on the data: the public tests' reference."""
        X, y = self.data()
        residuals = y - (w * X + b)
        return float(-2 * np.mean(X * residuals)), float(-2 * np.mean(residuals))

    def least_squares(self) -> tuple[float, float]:
        """The (w, b) of least squares on the data: the public tests' reference."""
        X, y = self.data()
        w, b = np.linalg.lstsq(np.column_stack([X, np.ones(N)]), y, rcond=None)[0]
        return float(w), float(b)

    def statement(self, part: str) -> str:
        if part != "data":
            raise KeyError(f"ps4_linear_regression has no part {part!r} with numbers")
        return (f"Your data: $N = {N}$ points made after `np.random.seed({self.seed})`, standard normal $x_i$ and"
                f"\n\n$$y = {_line(self.w_true, self.b_true)} + \\text{{noise}}$$\n\n"
                f"(noise of standard deviation ${NOISE}$). The slope to recover is $w = {self.w_true}$, "
                f"the intercept $b = {self.b_true}$.")

    def substitutions(self) -> dict[str, str]:
        return {"seed": repr(self.seed), "w_true": repr(self.w_true), "b_true": repr(self.b_true)}


def _line(w: int, b: int) -> str:
    """w x + b in LaTeX as one writes it: "2x + 1", "-x - 3"."""
    slope = {1: "", -1: "-"}.get(w, str(w))
    return f"{slope}x {'+' if b >= 0 else '-'} {abs(b)}"


VARIANT_0 = {"seed": 42, "w_true": 2, "b_true": 1}


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

FAMILY = Family("ps4_linear_regression", LinearData, VARIANT_0, draw, degenerate, RULES, SOLUTIONS)

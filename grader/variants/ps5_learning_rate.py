"""ps5_learning_rate's variants: the quartic of `quartic_study` and the quadratic of `steps_to_tolerance`.

Variant 0 is the contract's: f(x) = x⁴ − 3x³ + 2 from x₀ = 4, and f(x) = (x − 3)² + 1
from x₀ = 0. The learning rates of the quartic study (0.001, 0.01, 0.1, the dict's
keys) and the grid of `best_lr` (np.linspace(0.05, 0.95, 19)) are the contract's in
every variant; only the functions and the starts change.

The quartic is a·x⁴ + b·x³ + c. Writing x = u·y with u = x*/2.25 turns it into
variant 0's shape, and gradient descent at rate η into variant 0's at rate
η·f''(x*)/20.25: the story of section 2 (0.001 slow, 0.01 converged, 0.1 thrown
into divergence, and near the minimum a 2-cycle) depends on little more than the
curvature at the minimum, 9b²/(4a), so `draw` picks b to put it just above
2/0.1 = 20, and the rules check the rest by running the study.

The quadratic is k·(x − m)² + c with 0 < k ≤ 1: its critical rate 1/k stays above the
grid, so every rate of the grid converges and "the fewest steps" is a count, never −1.

The constants c only move the functions up or down: they change no answer, and are drawn
so that the functions students compare look different.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import sympy as sp

from grader.variants.variant import Variant, fraction

x = sp.symbols("x", real=True)  # the notebook's symbol

STUDY_RATES = (0.001, 0.01, 0.1)  # the keys of quartic_study (the contract's)
STUDY_STEPS = 100
STUDY_PATTERN = ("slow", "converged", "diverged")  # variant 0's outcomes at STUDY_RATES, kept by every variant
GRID = np.linspace(0.05, 0.95, 19)  # best_lr's candidates (the contract's)
BUDGET = 10_000  # steps_to_tolerance's step budget (the contract's)
CYCLE_STEPS = 200  # the runs of section 2's 2-cycle panels
# Variant 0's starts of those panels (two well left of x* = 2.25, one just right, one well
# right); a variant scales them with its minimum, where its quartic looks like variant 0's.
CYCLE_STARTS_0 = (1.0, 2.0, 2.3, 3.0)
MINIMUM_0 = 2.25


def _decimal(value: Fraction) -> str:
    """An exact number with a short decimal expansion as code and prose write it: 2, 1.2, 0.7."""
    return str(value.numerator) if value.denominator == 1 else repr(float(value))


def _latex(value: Fraction, *, as_fraction: bool = False) -> str:
    """An exact number in the notebook's prose: 2, 1.2 (or \\frac{9}{4} = 2.25 as a fraction), and
    \\frac{5}{3} \\approx 1.667 when its decimals do not end."""
    denominator = value.denominator
    while denominator % 2 == 0:
        denominator //= 2
    while denominator % 5 == 0:
        denominator //= 5
    fraction_text = f"\\frac{{{value.numerator}}}{{{value.denominator}}}"
    if value.denominator == 1 or (denominator == 1 and not as_fraction):
        return _decimal(value)
    if denominator == 1:
        return f"{fraction_text} = {_decimal(value)}"
    return f"{fraction_text} \\approx {float(value):.4g}"


def _times(factor: Fraction | int) -> str:
    """A coefficient written before a factor: nothing for 1, else its decimals (0.6, 7)."""
    return "" if factor == 1 else _decimal(Fraction(factor))


def _json(value: Fraction) -> int | str:
    """A recorded exact number: an int, or "p/q"."""
    return value.numerator if value.denominator == 1 else str(value)


@dataclass(frozen=True)
class LearningRateVariant(Variant):
    """The quartic a·x⁴ + b·x³ + c from x₀ (section 2), and the quadratic k·(x − m)² + c from x₀ (section 5)."""

    # --- the quartic (quartic_study, its plots, the written answer)
    @property
    def _a(self) -> int:
        return int(self.parameters["quartic_a"])

    @property
    def _b(self) -> int:
        return int(self.parameters["quartic_b"])

    @property
    def quartic(self) -> sp.Expr:
        return self._a * x**4 + self._b * x**3 + int(self.parameters["quartic_c"])

    @property
    def quartic_text(self) -> str:
        """f as plot titles write it: x⁴ - 3x³ + 2."""
        return f"{_times(self._a)}x⁴ - {-self._b}x³ + {int(self.parameters['quartic_c'])}"

    @property
    def curvature_text(self) -> str:
        """f'' as plot titles write it: 12x² - 18x."""
        return f"{12 * self._a}x² - {-6 * self._b}x"

    @property
    def quartic_x0(self) -> float:
        return float(self.parameters["quartic_x0"])

    @property
    def quartic_grad(self):
        """f' as a numeric function, t²(4a·t + 3b): variant 0's is the hidden test's t**2 * (4 * t - 9)."""
        a4, b3 = 4 * self._a, 3 * self._b
        return lambda t: t**2 * (a4 * t + b3)

    @property
    def quartic_curvature(self):
        """f'' as a numeric function."""
        a12, b6 = 12 * self._a, 6 * self._b
        return lambda t: a12 * t**2 + b6 * t

    @property
    def quartic_minimum_exact(self) -> Fraction:
        return Fraction(-3 * self._b, 4 * self._a)

    @property
    def quartic_minimum(self) -> float:
        return float(self.quartic_minimum_exact)

    @property
    def _scale(self) -> float:
        """u = x*/2.25: lengths of the quartic's pictures, relative to variant 0's."""
        return self.quartic_minimum / MINIMUM_0

    @property
    def window_x(self) -> tuple[float, float]:
        """Where section 2 draws f and f'' (variant 0: −4 … 5)."""
        return (-4 * self._scale, 5 * self._scale)

    @property
    def window_f(self) -> tuple[float, float]:
        """The f-values drawn (variant 0: −10 … 60): f(u·y) − c = a·u⁴ (y⁴ − 3y³)."""
        height, c = self._a * self._scale**4, int(self.parameters["quartic_c"])
        return (c - 12 * height, c + 58 * height)

    @property
    def window_curvature(self) -> tuple[float, float]:
        """The f''-values drawn (variant 0: −20 … 260), scaled like f'' (by a·u²)."""
        height = self._a * self._scale**2
        return (-20 * height, 260 * height)

    @property
    def window_iterates(self) -> tuple[float, float]:
        """The window of the study's iterates (variant 0: −8 … 5), always showing the start."""
        return (-8 * self._scale, max(5 * self._scale, self.quartic_x0 + self._scale))

    @property
    def window_cycle(self) -> tuple[float, float]:
        """The window of the 2-cycle panels (variant 0: 0 … 3.2)."""
        return (0.0, 3.2 * self._scale)

    @property
    def cycle_starts(self) -> tuple[float, ...]:
        return tuple(round(s * self._scale, 2) for s in CYCLE_STARTS_0)

    # --- the quadratic (steps_to_tolerance, best_lr, the plot of section 5)
    @property
    def _k(self) -> Fraction:
        return fraction(self.parameters["quadratic_k"])

    @property
    def quadratic_minimum(self) -> int:
        return int(self.parameters["quadratic_m"])

    @property
    def quadratic_x0(self) -> int:
        return int(self.parameters["quadratic_x0"])

    @property
    def quadratic_curvature(self) -> int | float:
        """f'' = 2k, an int where it is one (variant 0's 2), so that tests compute as the contract's did."""
        value = 2 * self._k
        return value.numerator if value.denominator == 1 else float(value)

    @property
    def quadratic_critical_lr(self) -> float:
        return float(2 / (2 * self._k))

    @property
    def quadratic_distance(self) -> int:
        """|x₀ − m|: how far the quadratic's runs start from its minimum."""
        return abs(self.quadratic_x0 - self.quadratic_minimum)

    @property
    def quadratic_text(self) -> str:
        """The quadratic as plot titles write it: (x - 3)² + 1."""
        c = int(self.parameters["quadratic_c"])
        return f"{_times(self._k)}(x - {self.quadratic_minimum})²" + (f" + {c}" if c else "")

    @property
    def public_steps_arguments(self) -> list:
        """The public check's calls of steps_to_tolerance: at ¼ and ⅒ (tol 1e-3) of the critical rate, and at the
        critical rate itself (never: −1). Variant 0: 0.25, (0.1, 1e-3), 1.0."""
        c = self.quadratic_critical_lr
        return [0.25 * c, (0.1 * c, 1e-3), c]

    @property
    def public_steps_counts(self) -> list[int]:
        """What those calls must return: worked out by the instructor's side (grader.variants.making)."""
        return list(self.public["steps_to_tolerance"])

    # --- what the notebook shows and the templates need
    def _quadratic_latex(self) -> str:
        c = int(self.parameters["quadratic_c"])
        return f"{_times(self._k)}(x - {self.quadratic_minimum})^2" + (f" + {c}" if c else "")

    def statement(self, part: str) -> str:
        if part == "quartic":
            f, fp = self.quartic, sp.diff(self.quartic, x)
            fpp = sp.diff(fp, x)
            x_star = self.quartic_minimum_exact
            at_min = Fraction(9 * self._b**2, 4 * self._a)
            return (f"$$f(x) = {sp.latex(f)}, \\qquad f'(x) = {sp.latex(fp)} = {sp.latex(sp.factor(fp))}, "
                    f"\\qquad f''(x) = {sp.latex(fpp)},$$\n\n"
                    f"starting from $x_0 = {_decimal(Fraction(self.quartic_x0))}$. The minimum is at "
                    f"$x^* = {_latex(x_star, as_fraction=True)}$, "
                    f"where $f''(x^*) = {_latex(at_min)}$: the critical rate there is "
                    f"$2/f''(x^*) \\approx {float(2 / at_min):.4f}$. At the start the curvature is "
                    f"$f''({_decimal(Fraction(self.quartic_x0))}) = {self.quartic_curvature(self.quartic_x0):g}$.")
        if part == "quadratic":
            return (f"$$f(x) = {self._quadratic_latex()}, \\qquad f''(x) = {_decimal(2 * self._k)},$$\n\n"
                    f"starting from $x_0 = {self.quadratic_x0}$: the minimum is at $x = {self.quadratic_minimum}$, "
                    f"$|x_0 - {self.quadratic_minimum}| = {self.quadratic_distance}$ away from the start, and the "
                    f"critical rate is $2/f'' = {_latex(1 / self._k)}$.")
        raise KeyError(f"ps5_learning_rate has no part {part!r} with numbers (quartic, quadratic)")

    def substitutions(self) -> dict[str, str]:
        a, b = self._a, self._b
        sign = "-" if b < 0 else "+"
        return {
            "quartic_grad": f"{4 * a} * t**3 {sign} {abs(3 * b)} * t**2",
            # the x³ term differentiated to b·x², its 3 forgotten
            "quartic_grad_coefficient": f"{4 * a} * t**3 {sign} {abs(b)} * t**2",
            # the powers not lowered: 4a·x⁴ + 3b·x³
            "quartic_grad_unlowered": f"{4 * a} * t**4 {sign} {abs(3 * b)} * t**3",
            "quartic_x0": repr(self.quartic_x0),
            "quadratic_x0": repr(float(self.quadratic_x0)),
            "quadratic_curvature": _decimal(2 * self._k),
            "quadratic_minimum": str(self.quadratic_minimum),
        }


VARIANT_0 = {"quartic_a": 1, "quartic_b": -3, "quartic_c": 2, "quartic_x0": 4,
             "quadratic_k": 1, "quadratic_m": 3, "quadratic_c": 1, "quadratic_x0": 0}
# Variant 0's public counts, as the contract's notebook had them (the instructor's side computes every
# other variant's; a test keeps the two equal).
PUBLIC_0 = {"steps_to_tolerance": [22, 36, -1]}

VARIANT_CLASS = LearningRateVariant

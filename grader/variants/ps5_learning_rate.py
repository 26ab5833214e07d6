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

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

import numpy as np
import sympy as sp

from grader.variants.family import Chooser, Family, Parameters, Variant, fraction

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


def _run(grad, x0: float, lr: float, steps: int) -> np.ndarray:
    """run_gd_1d as the contract defines it (float64, overflow to inf / nan)."""
    xs = np.empty(steps + 1)
    xs[0] = x0
    with np.errstate(all="ignore"):
        for n in range(steps):
            xs[n + 1] = xs[n] - lr * grad(xs[n])
    return xs


def _outcome(xs: np.ndarray, tol: float = 1e-6) -> str:
    """outcome as the contract defines it."""
    if not np.all(np.isfinite(xs)) or np.any(np.abs(xs) > 1e6):
        return "diverged"
    return "converged" if abs(xs[-1] - xs[-2]) < tol else "slow"


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

    def _steps(self, lr: float, tol: float = 1e-6) -> int:
        """steps_to_tolerance as the contract defines it, on this variant's quadratic."""
        pos, fpp, m = np.float64(self.quadratic_x0), self.quadratic_curvature, self.quadratic_minimum
        with np.errstate(all="ignore"):
            for count in range(1, BUDGET + 1):
                pos -= lr * fpp * (pos - m)
                if abs(pos - m) < tol:
                    return count
                if not np.isfinite(pos):
                    return -1  # nan never gets within tol
        return -1

    @cached_property
    def public_steps(self) -> tuple[tuple[tuple, int], ...]:
        """The public check of steps_to_tolerance: (arguments, count) at ¼ and ⅒ (tol 1e-3) of the critical
        rate and at the critical rate itself (never: −1). Variant 0: 0.25 → 22, (0.1, 1e-3) → 36, 1.0 → −1."""
        c = self.quadratic_critical_lr
        calls = ((0.25 * c,), (0.1 * c, 1e-3), (c,))
        return tuple((args, self._steps(*args)) for args in calls)

    @property
    def public_steps_arguments(self) -> list:
        return [args[0] if len(args) == 1 else args for args, _ in self.public_steps]

    @property
    def public_steps_counts(self) -> list[int]:
        return [count for _, count in self.public_steps]

    def _grid_counts(self) -> list[int]:
        return [self._steps(float(lr)) for lr in GRID]

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

# The curvature at the quartic's minimum that draw aims at: just above 2/0.1 = 20, so that
# lr = 0.1 is just above the critical rate there and its runs settle into a 2-cycle (the
# period-doubling of section 2) rather than into chaos; variant 0 has 20.25.
TARGET_CURVATURE = 21


def draw(choose: Chooser) -> dict:
    a = choose.integer(1, 9)
    # b: the integer putting f''(x*) = 9b²/(4a) nearest TARGET_CURVATURE (a = 1 gives variant 0's −3)
    b = -round(math.sqrt(4 * a * TARGET_CURVATURE / 9))
    k = Fraction(choose.integer(6, 10), 10)  # 0.6 … 1: critical rate 1/k from 1 to 1.67, above the grid
    return {"quartic_a": a, "quartic_b": b, "quartic_c": choose.integer(1, 9), "quartic_x0": choose.integer(2, 6),
            "quadratic_k": _json(k), "quadratic_m": choose.integer(1, 6), "quadratic_c": choose.integer(0, 5),
            "quadratic_x0": choose.integer(-3, 3)}


RULES = (
    "the quartic a·x⁴ + b·x³ + c has a > 0 and b < 0: one minimum x* = −3b/(4a) > 0, and a flat point at 0",
    "the quartic's start lies right of its minimum (x₀ > x*), as variant 0's, so the runs fall towards it",
    "100 steps from x₀ are slow at lr 0.001, converged at lr 0.01 (to the minimum x*) and diverged at lr 0.1, "
    "variant 0's pattern",
    "lr 0.1 fails for the written answer's reason: its first step x₁ lands left of the flat point 0, "
    "where 0.1·f''(x₁) > 2",
    "lr 0.1 is above the critical rate at the minimum (0.1·f''(x*) > 2), and its 200-step runs from the "
    "2-cycle panels' four starts all end on one 2-cycle a < x* < b with 0.1·f''(a) < 2 < 0.1·f''(b)",
    "each catalogued mistake of quartic_study (a wrong derivative, a guess, ...), made with these numbers, "
    "gives a study other than the correct one and other than every other mistake's, so it is caught and named",
    "the quadratic k·(x − m)² + c has 0 < k ≤ 1 (its critical rate 1/k above the grid, so every rate of "
    "the grid converges) and starts away from its minimum (x₀ ≠ m)",
    "the fewest steps_to_tolerance over np.linspace(0.05, 0.95, 19) are taken at one rate only (no tie), "
    "and not at either end of the grid",
    "the slow rate the hidden test tries (0.001 × the critical rate) needs more than 1,000 and at most "
    "10,000 steps, so a budget of 1,000 steps is caught",
)


def _ends_on_cycle(variant: LearningRateVariant) -> bool:
    """Whether lr 0.1 has a 2-cycle around x*, as section 2 describes it, that the runs from the panels' starts
    all end on."""
    x_star, grad = variant.quartic_minimum, variant.quartic_grad
    settled = _run(grad, x_star * 1.001, 0.1, 4 * CYCLE_STEPS)[-2:]  # from beside the repelling x*
    low, high = sorted(settled)
    if not (np.all(np.isfinite(settled)) and low < x_star < high
            and 0.1 * variant.quartic_curvature(low) < 2 < 0.1 * variant.quartic_curvature(high)):
        return False
    ends = [np.sort(_run(grad, s, 0.1, CYCLE_STEPS)[-2:]) for s in variant.cycle_starts]
    # 1e-3: what the panels can show; the cycle attracts slowly (variant 0: by 0.9 every two steps)
    return all(np.all(np.isfinite(e)) and np.allclose(e, (low, high), atol=1e-3) for e in ends)


def _mistaken_studies(variant: LearningRateVariant) -> list:
    """What each catalogued mistake of quartic_study defines, made with `variant`'s numbers."""
    from grader import catalogue  # the catalogue renders its templates with this module's variants

    studies = []
    for mistake in catalogue.mistakes_for("quartic_study"):
        namespace = {"np": np, "run_gd_1d": _run, "outcome": _outcome}
        exec(mistake.source_for(variant), namespace)  # the course's own catalogue
        studies.append(namespace["quartic_study"])
    return studies


def degenerate(parameters: Parameters) -> list[str]:
    v = LearningRateVariant(dict(parameters))
    broken = []
    a, b, x0 = v._a, v._b, v.quartic_x0
    if not (a > 0 and b < 0):
        return [RULES[0]]  # the other quartic rules assume its shape
    x_star = v.quartic_minimum
    if not x0 > x_star:
        broken.append(RULES[1])
    runs = [_run(v.quartic_grad, x0, lr, STUDY_STEPS) for lr in STUDY_RATES]
    study = tuple(_outcome(xs) for xs in runs)
    if study != STUDY_PATTERN or abs(runs[1][-1] - x_star) > 1e-4:
        broken.append(RULES[2])
    x1 = x0 - 0.1 * v.quartic_grad(x0)
    if not (x1 < 0 and 0.1 * v.quartic_curvature(x1) > 2):
        broken.append(RULES[3])
    if not (0.1 * v.quartic_curvature(x_star) > 2 and _ends_on_cycle(v)):
        broken.append(RULES[4])
    mistaken = _mistaken_studies(v)
    if dict(zip(STUDY_RATES, study)) in mistaken or len(set(map(repr, mistaken))) < len(mistaken):
        broken.append(RULES[5])
    if not (0 < v._k <= 1) or v.quadratic_x0 == v.quadratic_minimum:
        return broken + [RULES[6]]
    counts = v._grid_counts()
    fewest = min(counts)  # every rate of the grid converges when k <= 1
    best = [i for i, n in enumerate(counts) if n == fewest]
    if len(best) != 1 or best[0] in (0, len(GRID) - 1):
        broken.append(RULES[7])
    if not 1000 < v._steps(0.001 * v.quadratic_critical_lr) <= BUDGET:
        broken.append(RULES[8])
    return broken


# The source notebook's solutions (delimiters removed), with the numbers that vary as placeholders.
SOLUTIONS = {
    "quartic_study": '''quartic_study = None  # replace None with your dict
def quartic_grad(t):
    return $quartic_grad

quartic_study = {}
with np.errstate(all="ignore"):       # the run at lr = 0.1 overflows on purpose
    for lr in (0.001, 0.01, 0.1):
        quartic_study[lr] = outcome(run_gd_1d(quartic_grad, $quartic_x0, lr, 100))
''',
    "steps_to_tolerance": '''def steps_to_tolerance(lr, tol=1e-6):
    x = np.float64($quadratic_x0)
    with np.errstate(all="ignore"):
        for n in range(1, 10_001):
            x = x - lr * $quadratic_curvature * (x - $quadratic_minimum)
            if abs(x - $quadratic_minimum) < tol:
                return n
    return -1
''',
}

FAMILY = Family("ps5_learning_rate", LearningRateVariant, VARIANT_0, draw, degenerate, RULES, SOLUTIONS)

"""How ps5_learning_rate's variants are made: the draw, the rules against degenerate ones, the solutions.

The instructor's side (grader.variants.making): the rules run gradient descent and count
steps as the answers do, which is why they are not in grader/variants/ps5_learning_rate.py
(the givens the notebook shows), which the student's kernel imports.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from grader.variants.making import Chooser, Family
from grader.variants.ps5_learning_rate import (
    BUDGET,
    CYCLE_STEPS,
    GRID,
    STUDY_PATTERN,
    STUDY_RATES,
    STUDY_STEPS,
    VARIANT_0,
    LearningRateVariant,
    _json,
)
from grader.variants.variant import Parameters


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


def _steps(variant: LearningRateVariant, lr: float, tol: float = 1e-6) -> int:
    """steps_to_tolerance as the contract defines it, on the variant's quadratic."""
    pos, fpp, m = np.float64(variant.quadratic_x0), variant.quadratic_curvature, variant.quadratic_minimum
    with np.errstate(all="ignore"):
        for count in range(1, BUDGET + 1):
            pos -= lr * fpp * (pos - m)
            if abs(pos - m) < tol:
                return count
            if not np.isfinite(pos):
                return -1  # nan never gets within tol
    return -1


def _grid_counts(variant: LearningRateVariant) -> list[int]:
    return [_steps(variant, float(lr)) for lr in GRID]


def public(parameters: Parameters) -> dict:
    """The public check's step counts (`LearningRateVariant.public_steps_counts`)."""
    variant = LearningRateVariant(dict(parameters))
    return {"steps_to_tolerance": [_steps(variant, *(a if isinstance(a, tuple) else (a,)))
                                   for a in variant.public_steps_arguments]}



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
    counts = _grid_counts(v)
    fewest = min(counts)  # every rate of the grid converges when k <= 1
    best = [i for i, n in enumerate(counts) if n == fewest]
    if len(best) != 1 or best[0] in (0, len(GRID) - 1):
        broken.append(RULES[7])
    if not 1000 < _steps(v, 0.001 * v.quadratic_critical_lr) <= BUDGET:
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

FAMILY = Family("ps5_learning_rate", LearningRateVariant, VARIANT_0, draw, degenerate, RULES, SOLUTIONS,
                public)

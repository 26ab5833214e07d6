"""How ps2_partials's variants are made: the draw, the rules against degenerate ones, the solutions.

The instructor's side (grader.variants.making); the givens the notebook shows are in
grader/variants/ps2_partials.py.
"""

from __future__ import annotations

from grader.variants.making import Chooser, Family
from grader.variants.ps2_partials import VARIANT_0, Partials
from grader.variants.variant import Parameters


def draw(choose: Chooser) -> dict:
    # Small integers, so that each derivative is a line of mental arithmetic: coefficients up to 5, and a up
    # to 3 because ∂f/∂y's mistake differentiated-x-too multiplies it by 2m (up to 24). The ranges lie
    # within the rules, so every draw passes; `degenerate` guards parameters that come from elsewhere.
    return {"a": choose.integer(1, 3), "m": choose.integer(2, 4), "b": choose.nonzero(-5, 5),
            "c": choose.integer(-4, -1),
            "p": choose.nonzero(-5, 5), "q": choose.nonzero(-5, 5), "r": choose.nonzero(-5, 5),
            "u": choose.integer(1, 4), "v": choose.integer(1, 4)}


RULES = (
    "f(x, y) = a x^m y² + b xy + c y³ has all three terms (a, b, c not 0): each is the term a mistake of "
    "df_dx or df_dy mishandles (the factor y of bxy dropped, the x-free cy³ differentiated, ...)",
    "the y³ term is subtracted (c < 0), as in variant 0: the mistake cube-sign loses its minus sign",
    "the power of x is 2, 3 or 4: from 2 on, lowering it (power-not-lowered) leaves an x in ∂f/∂x, "
    "and 4 keeps the by-hand arithmetic small",
    "f(x, y, z) = p xy + q yz + r zx has all three terms (p, q, r not 0): then no component of ∇f equals "
    "another (reversed-order) and dropping zx changes the first and last (dropped-zx-term)",
    "f(x, y) = u sin x + v cos y with u, v positive: the mistakes differ from ∇f, and the maximum, minima "
    "and saddles that sections 5 and 6 mark stay where they are, of the same kinds",
)


def degenerate(parameters: Parameters) -> list[str]:
    a, m, b, c, p, q, r, u, v = (int(parameters[k]) for k in "ambcpqruv")
    kept = (0 not in (a, b, c), c < 0, 2 <= m <= 4, 0 not in (p, q, r), u > 0 and v > 0)
    return [rule for rule, holds in zip(RULES, kept) if not holds]


SOLUTIONS = {
    "df_dx": '''
def df_dx(x, y):
    return $dx_first $dx_second
''',
    "df_dy": '''
def df_dy(x, y):
    return $dy_first $dy_second $dy_third
''',
    "grad_xyz": '''
grad_xyz = [$gx, $gy, $gz]
''',
    "grad_sin_cos": '''
def grad_sin_cos(theta):
    return np.array([${sin_factor}np.cos(theta[0]), ${minus_cos_factor}np.sin(theta[1])])
''',
}

FAMILY = Family("ps2_partials", Partials, VARIANT_0, draw, degenerate, RULES, SOLUTIONS)

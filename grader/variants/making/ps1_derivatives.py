"""How ps1_derivatives's variants are made: the draw, the rules against degenerate ones, the solutions.

The instructor's side (grader.variants.making); the givens the notebook shows are in
grader/variants/ps1_derivatives.py.
"""

from __future__ import annotations

from grader.variants.making import Chooser, Family
from grader.variants.ps1_derivatives import NAMES, VARIANT_0, Ps1Variant
from grader.variants.variant import Parameters


def draw(choose: Chooser) -> dict:
    """Small integers a student works with by hand: f' = 3a x² + 2b x + c has coefficients of at most 12
    and d is one digit; powers up to 4 and rates and frequencies up to 3 keep each by-hand derivative a
    line long. Zero is never drawn where a rule forbids it, so every draw passes the rules."""
    return {
        "a": choose.nonzero(-4, 4), "b": choose.nonzero(-4, 4), "c": choose.nonzero(-6, 6), "d": choose.nonzero(-9, 9),
        "m": choose.integer(2, 4), "k": choose.nonzero(-3, 3),
        "n": choose.integer(1, 3),
        "p": choose.integer(1, 3), "q": choose.integer(1, 3),
    }


RULES = (
    "every parameter a, b, c, d, m, k, n, p, q is present and an integer",
    "a, b, c and d are nonzero: f is a whole cubic, so the derivative without the x term's (dropped-linear-term), "
    "with the powers not lowered (power-not-lowered) and with the constant kept (constant-kept) each differ from f'",
    "m is at least 2: the derivative of x^m still has an x in it, as that of x² does",
    "k is nonzero: with k = 0 there is no exponential, and half the product rule (product-rule-half) "
    "would be the whole answer",
    "n is at least 1: ln(x) / x^n is a quotient (domain x > 0), and its rule's mistakes (quotient-sign, "
    "denominator-not-squared, quotient-of-derivatives) differ from its derivative",
    "p and q are at least 1: sin(px) cos(qx) is a product of two functions of x, each sign in its "
    "derivative is the product rule's (cos-derivative-sign), and the function is not constant (degrees)",
    "c + d is not 0: else keeping the constant (constant-kept), 3a x² + 2b x + c + d, is the derivative "
    "without the x term's (dropped-linear-term), and the two mistakes cannot be told apart "
    "(variants check found it)",
)


def degenerate(parameters: Parameters) -> list[str]:
    if not all(type(parameters.get(name)) is int for name in NAMES):  # a bool is an int too, and not a number here
        return [RULES[0]]
    a, b, c, d, m, k, n, p, q = (parameters[name] for name in NAMES)
    broken = [(0 in (a, b, c, d), RULES[1]), (m < 2, RULES[2]), (k == 0, RULES[3]), (n < 1, RULES[4]),
              (min(p, q) < 1, RULES[5]), (c + d == 0, RULES[6])]
    return [rule for failed, rule in broken if failed]


SOLUTIONS = {
    "poly_derivative": '''
def poly_derivative(x):
    return $poly_dx2 $poly_dx1 $poly_dx0
''',
    "d_product": '''
d_product = $product_du_v $product_u_dv
''',
    "d_quotient": '''
d_quotient = (1 - $quotient_n_log) / $quotient_x_n1
''',
    "d_trig": '''
d_trig = $trig_cos_cos - $trig_sin_sin
''',
}

FAMILY = Family("ps1_derivatives", Ps1Variant, VARIANT_0, draw, degenerate, RULES, SOLUTIONS)

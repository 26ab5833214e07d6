"""How ps3_chain_rule's variants are made: the draw, the rules against degenerate ones, the solutions.

The instructor's side (grader.variants.making); the givens the notebook shows are in
grader/variants/ps3_chain_rule.py.
"""

from __future__ import annotations

from grader.variants.making import Chooser, Family
from grader.variants.ps3_chain_rule import VARIANT_0, ChainRuleVariant
from grader.variants.variant import Parameters


def draw(choose: Chooser) -> dict:
    # Small integers a student works with by hand. The ranges are RULES' own, so no draw is
    # rejected today; `degenerate` still holds any parameters (recorded, or a range widened) to them.
    return {
        "exp_square_a": choose.nonzero(-3, 3),
        "sin_square_b": choose.integer(1, 3),
        "power_p": choose.choice([-4, -3, -2, 2, 3, 4, 5]),
        "power_q": choose.nonzero(-4, 4),
        "power_n": choose.integer(3, 5),
        "exp_sin_c": choose.integer(1, 3),
        "exp_sin_d": choose.nonzero(-3, 3),
        "graph_scale": choose.nonzero(-3, 3),
        "graph_shift": choose.nonzero(-3, 3),
    }


RULES = (
    "d_exp_square, e^(a x²): a is not 0 (else there is no inner function) and |a| ≤ 3, so that e^(a x²) "
    "at the hidden probes (|x| ≤ 8) stays below e^192, far from float64's overflow at e^709.",
    "d_sin_square, sin(b x²): 1 ≤ b ≤ 3 (b = 0 is a constant; a larger b only makes the numbers harder).",
    "d_linear_power, (p x + q)^n: |p| ≥ 2, so that forgetting the inner factor p (missing-inner-factor) "
    "changes the answer, and |p| ≤ 5.",
    "d_linear_power: q is not 0, so that the inner function is not p x, whose power p^n x^n needs no chain rule.",
    "d_linear_power: 3 ≤ n ≤ 5, so that n - 1 ≥ 2 is a power to lower (power-not-lowered) and "
    "n p (1000 p + q)^(n-1) at the hidden probe x = 1000 stays below 1e17.",
    "d_exp_sin, e^(sin(c x² + d)): 1 ≤ c ≤ 3, so that the innermost layer c x² + d depends on x "
    "(missing-innermost changes the answer) and sin is still accurate at the hidden probes (|x| ≤ 40).",
    "graph_backward, b = s·a + k: s is not 0 (else L does not depend on x and y) and |s| ≤ 3.",
    "graph_backward: k is not 0, so that b is never a itself (used-a-not-b changes the answer) and |k| ≤ 3.",
)


def degenerate(parameters: Parameters) -> list[str]:
    """The rules (RULES, in the same order) these parameters break."""
    p = {name: int(value) for name, value in parameters.items()}
    broken = [
        not (p["exp_square_a"] != 0 and abs(p["exp_square_a"]) <= 3),
        not 1 <= p["sin_square_b"] <= 3,
        not 2 <= abs(p["power_p"]) <= 5,
        p["power_q"] == 0,
        not 3 <= p["power_n"] <= 5,
        not 1 <= p["exp_sin_c"] <= 3,
        not (p["graph_scale"] != 0 and abs(p["graph_scale"]) <= 3),
        not (p["graph_shift"] != 0 and abs(p["graph_shift"]) <= 3),
    ]
    return [rule for rule, breaks in zip(RULES, broken) if breaks]


# The source notebook's solutions, with the variant's numbers in place of the contract's.
SOLUTIONS = {
    "d_exp_square": '''
def d_exp_square(x):
    return $exp_2a * x * np.exp($exp_u)
''',
    "d_sin_square": '''
def d_sin_square(x):
    return $sin_2b * x * np.cos($sin_u)
''',
    "d_linear_power": '''
def d_linear_power(x):
    return $pow_np * ($pow_inner)**$pow_n1
''',
    "d_exp_sin": '''
def d_exp_sin(x):
    u = $es_u
    return np.exp(np.sin(u)) * np.cos(u) * $es_2c * x
''',
    "graph_backward": '''
def graph_backward(x, y):
    a = x * y
    b = $graph_b
    dL_db = 2 * b
    dL_da = dL_db * $graph_s
    return dL_da * y, dL_da * x
''',
}

FAMILY = Family("ps3_chain_rule", ChainRuleVariant, VARIANT_0, draw, degenerate, RULES, SOLUTIONS)

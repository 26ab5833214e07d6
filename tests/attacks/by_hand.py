"""Derivatives the notebook asks for by hand, taken with SymPy or finite differences instead: *not allowed*.

Each shortcut gives the right value, so no probe can tell; the grader finds it in
the answer's source or in the calls the answer makes while checked, and the test
cell says `not allowed [by-hand]`, costing that exercise's points only.
"""

from __future__ import annotations

from attacks.support import Attack, code

PS1_HONEST = frozenset({"poly_derivative", "forward_difference", "central_difference", "step_errors", "best_step",
                        "sigmoid_prime", "tanh_prime", "relu_prime"})
PS2_HONEST = frozenset({"numerical_gradient", "grad_sin_cos", "steepest_descent_direction"})


def attacks(course: str, bystander: str) -> list[Attack]:
    return [
        Attack("by_hand_sympy_ps1", "d_product with sp.diff, d_quotient with sp.Derivative(...).doit(), d_trig "
               "with getattr(sp, 'diff')", {
            "d_product": "d_product = sp.diff(x**2 * sp.exp(x), x)\n",
            "d_quotient": "d_quotient = sp.Derivative(sp.log(x) / x, x).doit()\n",
            "d_trig": "_d = getattr(sp, 'diff')\nd_trig = _d(sp.sin(x) * sp.cos(x), x)\n",
        }, honest=PS1_HONEST, shows="not allowed [by-hand]"),
        Attack("by_hand_hidden_ps2", "df_dx a lambdify of sp.diff, df_dy computed with sp.diff found by a "
               "computed name when called, grad_xyz from a Jacobian", {
            "df_dx": "_f = x**3 * y**2 + 2 * x * y - y**3\ndf_dx = sp.lambdify((x, y), sp.diff(_f, x), 'numpy')\n",
            "df_dy": code('''
                def df_dy(a, b):
                    _differentiate = getattr(__import__("sym" + "py"), "".join(["d", "i", "f", "f"]))
                    _g = _differentiate(x**3 * y**2 + 2 * x * y - y**3, y)
                    return sp.lambdify((x, y), _g, "numpy")(a, b)
                '''),
            "grad_xyz": "grad_xyz = list(sp.Matrix([x * y + y * z + z * x]).jacobian([x, y, z]))\n",
        }, honest=PS2_HONEST, assignment="ps2_partials", shows="not allowed [by-hand]"),
    ]

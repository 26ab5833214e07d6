"""ps1_derivatives's variants: the cubic of `poly_derivative` and the three functions differentiated by hand.

A variant's parameters (all integers):

- `a`, `b`, `c`, `d`: f(x) = a x³ + b x² + c x + d, the function of `poly_derivative`;
- `m`, `k`: x^m e^(k x), the product of `d_product`;
- `n`: ln(x) / x^n, the quotient of `d_quotient` (for x > 0);
- `p`, `q`: sin(p x) cos(q x), the product of `d_trig`.

The givens only, as the student's kernel uses them; how variants are drawn, the rules
against degenerate ones and the solutions are in grader/variants/making/ps1_derivatives.py.

Code is written out for the catalogue's templates in the notebook's own style
(`9 * x**2 - 4 * x + 1`), so that variant 0 gives back the catalogue's code letter
for letter; the string answer of `d_product` is written as SymPy prints
(`2*x*exp(x)`), and the statements in LaTeX.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from grader.variants.variant import Variant

# The notebook's x: a SymPy symbol is its name and assumptions, so this is the setup cell's `x`.
X = sp.Symbol("x", real=True)

CODE, TEXT, LATEX = " * ", "*", ""  # how factors are joined: Python code, SymPy's printing, LaTeX

NAMES = ("a", "b", "c", "d", "m", "k", "n", "p", "q")
VARIANT_0 = {"a": 3, "b": -2, "c": 1, "d": -5, "m": 2, "k": 1, "n": 1, "p": 1, "q": 1}


def _signed(coefficient: int, factors: list[str], join: str, first: bool = False) -> str:
    """coefficient × factors as written in a sum: a 1 is left out before factors, the sign leads
    the first term (`-4 * x`) and is an operator before the others (`- 4 * x`, `+ 1`)."""
    shown = factors if abs(coefficient) == 1 and factors else [str(abs(coefficient)), *factors]
    magnitude = join.join(shown)
    if first:
        return ("-" if coefficient < 0 else "") + magnitude
    return ("- " if coefficient < 0 else "+ ") + magnitude


def _sum(terms: list[tuple[int, list[str]]], join: str) -> str:
    """The terms (coefficient, factors) with nonzero coefficients, as one signed sum."""
    present = [(c, factors) for c, factors in terms if c != 0]
    return " ".join(_signed(c, factors, join, first=i == 0) for i, (c, factors) in enumerate(present))


def _power(exponent: int, latex: bool = False) -> list[str]:
    """x**exponent as a list of factors (none for x⁰)."""
    if exponent == 0:
        return []
    if exponent == 1:
        return ["x"]
    return [f"x^{exponent}" if latex else f"x**{exponent}"]


def _squared_or_product(left: str, right: str) -> str:
    """left · right, written as a square when both are the same (`sp.cos(x)**2`, as the catalogue writes it)."""
    return f"{left}**2" if left == right else f"{left} * {right}"


@dataclass(frozen=True)
class Ps1Variant(Variant):
    """The functions a ps1 student differentiates, as SymPy expressions, statements and code text."""

    def _p(self, name: str) -> int:
        return int(self.parameters[name])

    # What the notebook and its tests use.

    @property
    def poly(self) -> sp.Expr:
        a, b, c, d = (self._p(name) for name in "abcd")
        return a * X**3 + b * X**2 + c * X + d

    @property
    def product(self) -> sp.Expr:
        return X**self._p("m") * sp.exp(self._p("k") * X)

    @property
    def product_interval(self) -> tuple[float, float]:
        """Where `d_product`'s hidden test samples: k·x over [-12, 6] as variant 0's x does, so e^(kx)
        spans the same range of magnitudes (from 6e-6 to 400) whatever k is."""
        k = self._p("k")
        low, high = -12 / k, 6 / k
        return (min(low, high), max(low, high))

    @property
    def quotient(self) -> sp.Expr:
        return sp.log(X) / X**self._p("n")

    @property
    def trig(self) -> sp.Expr:
        return sp.sin(self._p("p") * X) * sp.cos(self._p("q") * X)

    # Statements.

    def statement(self, part: str) -> str:
        if part == "poly_derivative":
            return f"$$f(x) = {self._poly_latex()}.$$"
        if part == "by_hand":
            # A sentence first: the list stays a list after the label `Variant.show` puts before it.
            return "\n".join([
                "Differentiate by hand:",
                "",
                rf"* `d_product` $= \dfrac{{d}}{{dx}}\left[{self._product_latex()}\right]$",
                rf"* `d_quotient` $= \dfrac{{d}}{{dx}}\left[{self._quotient_latex()}\right]$ (for $x > 0$)",
                rf"* `d_trig` $= \dfrac{{d}}{{dx}}\left[{self._trig_latex()}\right]$",
            ])
        raise ValueError(f"ps1_derivatives has no part {part!r} with numbers (poly_derivative, by_hand)")

    def _poly_latex(self) -> str:
        return _sum([(self._p(name), _power(3 - i, latex=True)) for i, name in enumerate("abcd")], LATEX)

    def _product_latex(self) -> str:
        k = self._p("k")
        exponent = _sum([(k, ["x"])], LATEX)
        return f"{_power(self._p('m'), latex=True)[0]} e^{exponent if k == 1 else '{' + exponent + '}'}"

    def _quotient_latex(self) -> str:
        return rf"\dfrac{{\ln x}}{{{_power(self._p('n'), latex=True)[0]}}}"

    def _trig_latex(self) -> str:
        def of(function: str, frequency: int) -> str:
            return rf"\{function} x" if frequency == 1 else rf"\{function}({frequency}x)"
        return f"{of('sin', self._p('p'))} {of('cos', self._p('q'))}"

    # Code text for the templates of the catalogue and of SOLUTIONS.

    def substitutions(self) -> dict[str, str]:
        return {**self._poly_code(), **self._product_code(), **self._quotient_code(), **self._trig_code()}

    def _poly_code(self) -> dict[str, str]:
        a, b, c, d = (self._p(name) for name in "abcd")
        return {
            # f' = 3a x² + 2b x + c, one signed term each (the rules keep every coefficient nonzero)
            "poly_dx2": _signed(3 * a, _power(2), CODE, first=True),
            "poly_dx1": _signed(2 * b, _power(1), CODE),
            "poly_dx0": _signed(c, [], CODE),
            # the powers multiplied down and not lowered: 3a x³ + 2b x²
            "poly_dx3_unlowered": _signed(3 * a, _power(3), CODE, first=True),
            "poly_dx2_unlowered": _signed(2 * b, _power(2), CODE),
            "poly_constant": _signed(d, [], CODE),
        }

    def _product_code(self) -> dict[str, str]:
        # u = x^m, v = e^(kx): u' = m x^(m-1), v' = k e^(kx)
        m, k = self._p("m"), self._p("k")
        exp_code = f"sp.exp({_sum([(k, ['x'])], CODE)})"
        exp_text = f"exp({_sum([(k, ['x'])], TEXT)})"
        return {
            "product_du_v": _signed(m, [*_power(m - 1), exp_code], CODE, first=True),
            "product_u_dv": _signed(k, [*_power(m), exp_code], CODE),
            "product_du_dv": _signed(m * k, [*_power(m - 1), exp_code, exp_code], CODE, first=True),
            "product_as_text": _sum([(m, [*_power(m - 1), exp_text]), (k, [*_power(m), exp_text])], TEXT),
        }

    def _quotient_code(self) -> dict[str, str]:
        # u = ln x, v = x^n: (u'v - uv') / v² = (1 - n ln x) / x^(n+1); u' / v' = 1 / (n x^n)
        n = self._p("n")
        n_x_n = _signed(n, _power(n), CODE, first=True)
        return {
            "quotient_n_log": _signed(n, ["sp.log(x)"], CODE, first=True),
            "quotient_x_n1": _power(n + 1)[0],
            "quotient_n_x_n": n_x_n if n == 1 else f"({n_x_n})",
        }

    def _trig_code(self) -> dict[str, str]:
        # u = sin(px), v = cos(qx): u'v = p cos(px) cos(qx), uv' = -q sin(px) sin(qx)
        p, q = self._p("p"), self._p("q")

        def of(function: str, frequency: int) -> str:
            return f"sp.{function}({_sum([(frequency, ['x'])], CODE)})"

        return {
            "trig_cos_cos": _signed(p, [_squared_or_product(of("cos", p), of("cos", q))], CODE, first=True),
            "trig_sin_sin": _signed(q, [_squared_or_product(of("sin", p), of("sin", q))], CODE, first=True),
            "trig_du_dv": _signed(-p * q, [of("cos", p), of("sin", q)], CODE, first=True),
        }


VARIANT_CLASS = Ps1Variant

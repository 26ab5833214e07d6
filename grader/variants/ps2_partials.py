"""ps2_partials' variants: each student's functions for the partial-derivative and gradient exercises.

Three exercises depend on the numbers, each on a function of its own:

- `df_dx`, `df_dy` ("partials"): f(x, y) = a x^m y² + b xy + c y³. The x power m
  varies with the coefficients; the y powers stay 2 and 3, so every variant keeps
  the contract's three kinds of term (both variables, the mixed linear term, a term
  without x);
- `grad_xyz`: f(x, y, z) = p xy + q yz + r zx, a coefficient per term;
- `grad_sin_cos`: f(x, y) = u sin x + v cos y. Amplitudes vary, not frequencies:
  sin(2x) needs the chain rule, which comes in problem set 3, and with u, v > 0 the
  critical points and their kinds (sections 5 and 6) stay where variant 0 has them.

Parameters are recorded as ints under these letters. Code text for the catalogue
and the solutions is written term by term (`_code_sum`) so that variant 0 writes
exactly the source's code: a coefficient 1 is left out, a negative one becomes a
minus sign between terms.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from grader.variants.variant import Variant

X, Y, Z = sp.symbols("x y z", real=True)  # equal to the notebook's symbols (same names, same assumption)

VARIANT_0 = {"a": 1, "m": 3, "b": 2, "c": -1,  # x³y² + 2xy − y³
             "p": 1, "q": 1, "r": 1,  # xy + yz + zx
             "u": 1, "v": 1}  # sin x + cos y

# A term is (coefficient, powers of x, y, z).
Term = tuple[int, tuple[int, int, int]]


def _monomial_code(powers: tuple[int, int, int]) -> str:
    factors = [name if k == 1 else f"{name}**{k}" for name, k in zip("xyz", powers) if k]
    return " * ".join(factors)


def _term_code(coefficient: int, body: str, leading: bool) -> str:
    """One term as a student writes it; after the first, with its sign as the operator ("- 3 * y**2")."""
    size = abs(coefficient)
    text = body if size == 1 and body else f"{size} * {body}" if body else str(size)
    if leading:
        return f"-{text}" if coefficient < 0 else text
    return f"{'-' if coefficient < 0 else '+'} {text}"


def _code_sum(terms: list[Term], leading: bool = True) -> str:
    return " ".join(_term_code(k, _monomial_code(powers), leading and i == 0) for i, (k, powers) in enumerate(terms))


def _latex_sum(terms: list[tuple[int, str]]) -> str:
    """Terms (coefficient, LaTeX body) as a textbook writes them: 2xy - 3yz + zx."""
    written = []
    for i, (k, body) in enumerate(terms):
        size = "" if abs(k) == 1 else str(abs(k))
        sign = ("-" if k < 0 else "") if i == 0 else ("- " if k < 0 else "+ ")
        written.append(f"{sign}{size}{body}")
    return " ".join(written)


def _power_latex(name: str, k: int) -> str:
    return name if k == 1 else f"{name}^{k}"


@dataclass(frozen=True)
class Partials(Variant):
    """A student's three functions: `f_xy` (Exercise 1.1), `f_xyz` (2.1), `f_sin_cos` (3.1)."""

    def _int(self, name: str) -> int:
        return int(self.parameters[name])

    @property
    def f_xy(self) -> sp.Expr:
        a, m, b, c = (self._int(k) for k in "ambc")
        return a * X**m * Y**2 + b * X * Y + c * Y**3

    @property
    def f_xyz(self) -> sp.Expr:
        p, q, r = (self._int(k) for k in "pqr")
        return p * X * Y + q * Y * Z + r * Z * X

    @property
    def f_sin_cos(self) -> sp.Expr:
        return self.sin_coefficient * sp.sin(X) + self.cos_coefficient * sp.cos(Y)

    @property
    def sin_coefficient(self) -> int:
        return self._int("u")

    @property
    def cos_coefficient(self) -> int:
        return self._int("v")

    def formula(self, part: str) -> str:
        """The LaTeX of one part's function, "f(x, y) = ...", for the statement and for plot titles."""
        if part == "partials":
            a, m, b, c = (self._int(k) for k in "ambc")
            return "f(x, y) = " + _latex_sum([(a, f"{_power_latex('x', m)} y^2"), (b, "xy"), (c, "y^3")])
        if part == "grad_xyz":
            p, q, r = (self._int(k) for k in "pqr")
            return "f(x, y, z) = " + _latex_sum([(p, "xy"), (q, "yz"), (r, "zx")])
        if part == "grad_sin_cos":
            return "f(x, y) = " + _latex_sum([(self.sin_coefficient, r"\sin x"), (self.cos_coefficient, r"\cos y")])
        raise KeyError(f"ps2_partials has no varying part {part!r}")

    def statement(self, part: str) -> str:
        return f"$${self.formula(part)}$$"

    def substitutions(self) -> dict[str, str]:
        a, m, b, c, p, q, r = (self._int(k) for k in "ambcpqr")
        u, v = self.sin_coefficient, self.cos_coefficient
        return {
            # df_dx = a m x^(m-1) y² + b y, and what its mistakes make of each term
            "dx_first": _code_sum([(a * m, (m - 1, 2, 0))]),
            "dx_second": _code_sum([(b, (0, 1, 0))], leading=False),
            "dx_second_without_y": _code_sum([(b, (0, 0, 0))], leading=False),
            "dx_first_power_kept": _code_sum([(a * m, (m, 2, 0))]),
            # df_dy = 2a x^m y + b x + 3c y²
            "dy_first": _code_sum([(2 * a, (m, 1, 0))]),
            "dy_second": _code_sum([(b, (1, 0, 0))], leading=False),
            "dy_third": _code_sum([(3 * c, (0, 2, 0))], leading=False),
            "dy_third_sign_lost": _code_sum([(-3 * c, (0, 2, 0))], leading=False),
            "dy_first_without_two": _code_sum([(a, (m, 1, 0))]),
            "dy_first_x_differentiated": _code_sum([(2 * a * m, (m - 1, 1, 0))]),
            # grad_xyz = (p y + r z, p x + q z, r x + q y); without the zx term, (p y, p x + q z, q y)
            "gx": _code_sum([(p, (0, 1, 0)), (r, (0, 0, 1))]),
            "gy": _code_sum([(p, (1, 0, 0)), (q, (0, 0, 1))]),
            "gz": _code_sum([(r, (1, 0, 0)), (q, (0, 1, 0))]),
            "gx_without_zx": _code_sum([(p, (0, 1, 0))]),
            "gz_without_zx": _code_sum([(q, (0, 1, 0))]),
            # grad_sin_cos = (u cos x, -v sin y): the factors written before np.cos / np.sin
            "sin_factor": "" if u == 1 else f"{u} * ",
            "cos_factor": "" if v == 1 else f"{v} * ",
            "minus_cos_factor": "-" if v == 1 else f"-{v} * ",
        }

VARIANT_CLASS = Partials

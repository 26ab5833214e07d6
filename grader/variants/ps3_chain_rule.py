"""ps3_chain_rule's variants: the constants of the four chain-rule functions and of `graph_backward`'s graph.

A variant changes, for each student,

- `d_exp_square`: f(x) = e^(a x²) (contract: a = 1);
- `d_sin_square`: f(x) = sin(b x²) (b = 1);
- `d_linear_power`: f(x) = (p x + q)^n (3x + 1, to the 4th);
- `d_exp_sin`: f(x) = e^(sin(c x² + d)) (c = d = 1);
- `graph_backward`: a = x·y, b = s·a + k, L = b² (s = k = 1).

The neuron, the two-layer network and the `Value` engine do not vary: they take
every number as an argument, so a variant has nothing of theirs to change.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from grader.variants.variant import Variant

X = sp.Symbol("x", real=True)  # the setup cell's `x`
Y = sp.Symbol("y", real=True)  # graph_backward's second input


def _times(k: int, term: str) -> str:
    """k·term as Python code, written as a student writes it: `x**2`, `-x**2`, `3 * x**2`."""
    if k == 1:
        return term
    if k == -1:
        return f"-{term}"
    return f"{k} * {term}"


def _plus(k: int) -> str:
    """`+ k` as Python code: ` + 1`, ` - 2`."""
    return f" + {k}" if k >= 0 else f" - {-k}"


@dataclass(frozen=True)
class ChainRuleVariant(Variant):
    """One student's functions for sections 1 to 3 of ps3, as SymPy expressions in the setup cell's `x` (and `y`)."""

    def _int(self, name: str) -> int:
        return int(self.parameters[name])

    @property
    def exp_square(self) -> sp.Expr:
        return sp.exp(self._int("exp_square_a") * X**2)

    @property
    def sin_square(self) -> sp.Expr:
        return sp.sin(self._int("sin_square_b") * X**2)

    @property
    def linear_power(self) -> sp.Expr:
        return (self._int("power_p") * X + self._int("power_q"))**self._int("power_n")

    @property
    def linear_root(self) -> float:
        """Where the inner function p x + q of `linear_power` is 0 (a hidden probe: the derivative is 0 there)."""
        return -self._int("power_q") / self._int("power_p")

    @property
    def exp_sin(self) -> sp.Expr:
        return sp.exp(sp.sin(self._int("exp_sin_c") * X**2 + self._int("exp_sin_d")))

    @property
    def graph_scale(self) -> int:
        return self._int("graph_scale")

    @property
    def graph_shift(self) -> int:
        return self._int("graph_shift")

    @property
    def graph_loss(self) -> sp.Expr:
        """L of graph_backward's graph, written in x and y."""
        return (self.graph_scale * X * Y + self.graph_shift)**2

    def statement(self, part: str) -> str:
        if part == "chain_rule":  # a sentence first: `show` may put a heading on the first line
            functions = (("d_exp_square", self.exp_square), ("d_sin_square", self.sin_square),
                         ("d_linear_power", self.linear_power))
            return "The three compositions to differentiate:\n\n" + "\n".join(
                f"* `{name}(x)`: the derivative of $f(x) = {sp.latex(f)}$" for name, f in functions)
        if part == "exp_sin":
            return f"$$f(x) = {sp.latex(self.exp_sin)}$$"
        if part == "graph":
            a = sp.Symbol("a")
            b = sp.latex(self.graph_scale * a + self.graph_shift)
            return rf"$$a = x \cdot y, \qquad b = {b}, \qquad L = b^2 .$$"
        raise KeyError(f"ps3_chain_rule has no variant part {part!r}")

    def substitutions(self) -> dict[str, str]:
        a, b = self._int("exp_square_a"), self._int("sin_square_b")
        p, q, n = self._int("power_p"), self._int("power_q"), self._int("power_n")
        c, d = self._int("exp_sin_c"), self._int("exp_sin_d")
        s, k = self.graph_scale, self.graph_shift
        return {
            "exp_u": _times(a, "x**2"), "exp_2a": str(2 * a),
            "sin_u": _times(b, "x**2"), "sin_2b": str(2 * b), "sin_neg2b": str(-2 * b),
            "pow_inner": _times(p, "x") + _plus(q), "pow_n": str(n), "pow_n1": str(n - 1), "pow_np": str(n * p),
            "pow_plus_p": _plus(p).lstrip(),
            "es_u": _times(c, "x**2") + _plus(d), "es_2c": str(2 * c),
            "graph_b": _times(s, "a") + _plus(k), "graph_b_xy": _times(s, "x * y") + _plus(k),
            "graph_s": str(s), "graph_2s": str(2 * s), "graph_sb": _times(s, "b"),
        }


VARIANT_0 = {"exp_square_a": 1, "sin_square_b": 1, "power_p": 3, "power_q": 1, "power_n": 4,
             "exp_sin_c": 1, "exp_sin_d": 1, "graph_scale": 1, "graph_shift": 1}

VARIANT_CLASS = ChainRuleVariant

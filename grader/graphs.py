"""Expressions for a student's autodiff engine: written by a test as Python, traced by the grader.

A test describes an expression as a function of its leaves, such as
`lambda a, b: (a * b).tanh() + a`. `trace` calls it on tracing nodes that record
every operation, and gives back

- the program: plain data (op names, node indices, float constants) that
  `grader.evidence.run_graph` interprets in the student's kernel with the
  student's own class, so the grader never needs a student's object and the
  kernel never gets the grader's code;
- the same expression in SymPy, from which the references come (exact partial
  derivatives, each cross-checked by finite differences in grader.references);
- a short text of it, for the messages a student reads.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Callable

import sympy as sp

from grader.references import lambdified, partial_of

MAX_STEPS = 1_000
MAX_TEXT = 100  # longer expressions are described by their size in messages

# How tightly each form binds, to put parentheses only where Python needs them.
_SUM, _PRODUCT, _UNARY, _POWER, _ATOM = range(5)


@dataclass(frozen=True)
class Graph:
    leaves: tuple[str, ...]  # the leaves' names, in the order of their values
    program: tuple  # ((op, *operands), ...) as grader.evidence.run_graph reads it
    expr: sp.Expr  # L in terms of `symbols`
    symbols: tuple[sp.Symbol, ...]
    text: str  # L as Python, e.g. "(a * b).tanh() + a", or its size when that is too long

    def reference(self) -> Callable:
        """(L, dL/dL, (dL/dleaf, ...)) at a point, as `run_graph` reports them for a correct class."""
        value = lambdified(self.expr, self.symbols)
        partials = [partial_of(self.expr, self.symbols, s) for s in self.symbols]
        return lambda *point: (value(*point), 1.0, tuple(d(*point) for d in partials))


class _Recording:
    def __init__(self, leaves: int):
        self.leaves = leaves
        self.steps: list[tuple] = []


class _Node:
    """A node while tracing: where it sits in the program, and what it is in SymPy and in text."""

    def __init__(self, recording: _Recording, index: int, expr: sp.Expr, text: str, binding: int):
        self._recording, self._index, self._expr, self._text, self._binding = recording, index, expr, text, binding

    def _record(self, op: str, operands: tuple, expr: sp.Expr, text: str, binding: int) -> "_Node":
        steps = self._recording.steps
        if len(steps) >= MAX_STEPS:
            raise ValueError(f"a graph of more than {MAX_STEPS} operations")
        steps.append((op, *(o._index if isinstance(o, _Node) else o for o in operands)))
        return _Node(self._recording, self._recording.leaves + len(steps) - 1, expr, text, binding)

    def _operand(self, other) -> "_Node | float":
        if isinstance(other, _Node):
            return other
        if isinstance(other, (int, float)) and not isinstance(other, bool):
            return float(other)
        raise TypeError(f"a graph can combine nodes and numbers, not {type(other).__name__}")

    def _binary(self, op: str, symbol: str, binding: int, left, right, combine) -> "_Node":
        left, right = self._operand(left), self._operand(right)
        # Same binding on the right needs parentheses for - (a - (b - c)); harmless for + and *.
        text = f"{_text(left, binding)} {symbol} {_text(right, binding + 1)}"
        return self._record(op, (left, right), combine(_sympy(left), _sympy(right)), text, binding)

    def __add__(self, other):
        return self._binary("add", "+", _SUM, self, other, lambda p, q: p + q)

    def __radd__(self, other):
        return self._binary("add", "+", _SUM, other, self, lambda p, q: p + q)

    def __sub__(self, other):
        return self._binary("sub", "-", _SUM, self, other, lambda p, q: p - q)

    def __rsub__(self, other):
        return self._binary("sub", "-", _SUM, other, self, lambda p, q: p - q)

    def __mul__(self, other):
        return self._binary("mul", "*", _PRODUCT, self, other, lambda p, q: p * q)

    def __rmul__(self, other):
        return self._binary("mul", "*", _PRODUCT, other, self, lambda p, q: p * q)

    def __neg__(self):
        return self._record("neg", (self,), -self._expr, f"-{_text(self, _UNARY)}", _UNARY)

    def __pow__(self, k):
        k = self._operand(k)
        if isinstance(k, _Node):
            raise TypeError("the contract's powers have a number as exponent")
        return self._record("pow", (self, k), self._expr ** _exact(k), f"{_text(self, _POWER + 1)} ** {k!r}", _POWER)

    def _method(self, op: str, expr: sp.Expr) -> "_Node":
        return self._record(op, (self,), expr, f"{_text(self, _ATOM)}.{op}()", _ATOM)

    def exp(self):
        return self._method("exp", sp.exp(self._expr))

    def tanh(self):
        return self._method("tanh", sp.tanh(self._expr))

    def relu(self):
        # ReLU with the course's convention ReLU'(0) = 0: SymPy differentiates the first piece at 0.
        return self._method("relu", sp.Piecewise((0, self._expr <= 0), (self._expr, True)))


def _sympy(operand) -> sp.Expr:
    return operand._expr if isinstance(operand, _Node) else _exact(operand)


def _exact(number: float) -> sp.Rational:
    return sp.Rational(number)  # the float's exact binary value: the reference adds no rounding of its own


def _text(operand, binding: int) -> str:
    if not isinstance(operand, _Node):
        return repr(operand) if operand >= 0 else f"({operand!r})"
    return operand._text if operand._binding >= binding else f"({operand._text})"


def trace(build: Callable) -> Graph:
    """The graph of `build`, a function of the leaves that returns L (made by its last operation)."""
    names = tuple(inspect.signature(build).parameters)
    symbols = tuple(sp.Symbol(name, real=True) for name in names)
    recording = _Recording(len(names))
    steps = recording.steps
    leaves = [_Node(recording, i, symbol, name, _ATOM) for i, (name, symbol) in enumerate(zip(names, symbols))]
    out = build(*leaves)
    if not isinstance(out, _Node) or not steps or out._index != len(names) + len(steps) - 1:
        raise ValueError("an expression for an autodiff check must return the node its last operation made")
    text = out._text if len(out._text) <= MAX_TEXT else f"(an expression of {len(steps)} operations on {', '.join(names)})"
    return Graph(names, tuple(steps), out._expr, symbols, text)

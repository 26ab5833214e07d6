"""Expressions for a student's autodiff engine: written by a test as Python, traced by the grader.

A test describes an expression as a function of its leaves, such as
`lambda a, b: (a * b).tanh() + a`. `trace` calls it on tracing nodes that record
every operation, and gives back

- the program: plain data (op names, node indices, float constants) that
  `grader.in_kernel.gathering.run_graph` interprets in the student's kernel with the
  student's own class, so the grader never needs a student's object and the
  kernel never gets the grader's code;
- the same expression in SymPy, from which the references come (exact partial
  derivatives, each cross-checked by finite differences in grader.references);
- a short text of it, for the messages a student reads.
"""

from __future__ import annotations

import inspect
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

from grader.references import lambdified, partial_of

MAX_STEPS = 1_000
MAX_TEXT = 120  # longer expressions are described by their size in messages

# How tightly each form binds, to put parentheses only where Python needs them.
_SUM, _PRODUCT, _UNARY, _POWER, _ATOM = range(5)
_INFIX = {"add": ("+", _SUM), "sub": ("-", _SUM), "mul": ("*", _PRODUCT)}


@dataclass(frozen=True)
class Graph:
    leaves: tuple[str, ...]  # the leaves' names, in the order of their values
    program: tuple  # ((op, *operands), ...) as grader.in_kernel.gathering.run_graph reads it
    expr: sp.Expr  # L in terms of `symbols`
    symbols: tuple[sp.Symbol, ...]
    text: str  # how to build L, e.g. "`h1 = a * b; L = h1 * h1 + h1.tanh()`", or its size when that is too long

    def reference(self) -> Callable:
        """(L, dL/dL, (dL/dleaf, ...)) at a point, as `run_graph` reports them for a correct class."""
        value = lambdified(self.expr, self.symbols)
        partials = [partial_of(self.expr, self.symbols, s) for s in self.symbols]
        return lambda *point: (value(*point), 1.0, tuple(d(*point) for d in partials))


class _Recording:
    """The program being traced: how many leaves come first, and the steps after them."""

    def __init__(self, leaves: int):
        self.leaves = leaves
        self.steps: list[tuple] = []


class _Node:
    """A node while tracing: its place in the program, and what it is in SymPy."""

    def __init__(self, recording: _Recording, index: int, expr: sp.Expr):
        self._recording, self._index, self._expr = recording, index, expr

    def _record(self, op: str, operands: tuple, expr: sp.Expr) -> _Node:
        steps = self._recording.steps
        if len(steps) >= MAX_STEPS:
            raise ValueError(f"a graph of more than {MAX_STEPS} operations")
        steps.append((op, *(o._index if isinstance(o, _Node) else o for o in operands)))
        return _Node(self._recording, self._recording.leaves + len(steps) - 1, expr)

    def _binary(self, op: str, left, right, combine) -> _Node:
        left, right = _operand(left), _operand(right)
        return self._record(op, (left, right), combine(_sympy(left), _sympy(right)))

    def __add__(self, other):
        return self._binary("add", self, other, lambda p, q: p + q)

    def __radd__(self, other):
        return self._binary("add", other, self, lambda p, q: p + q)

    def __sub__(self, other):
        return self._binary("sub", self, other, lambda p, q: p - q)

    def __rsub__(self, other):
        return self._binary("sub", other, self, lambda p, q: p - q)

    def __mul__(self, other):
        return self._binary("mul", self, other, lambda p, q: p * q)

    def __rmul__(self, other):
        return self._binary("mul", other, self, lambda p, q: p * q)

    def __neg__(self):
        return self._record("neg", (self,), -self._expr)

    def __pow__(self, k):
        k = _operand(k)
        if isinstance(k, _Node):
            raise TypeError("the contract's powers have a number as exponent")
        return self._record("pow", (self, k), self._expr ** _exact(k))

    def exp(self):
        return self._record("exp", (self,), sp.exp(self._expr))

    def tanh(self):
        return self._record("tanh", (self,), sp.tanh(self._expr))

    def relu(self):
        # ReLU with the course's convention ReLU'(0) = 0: SymPy differentiates the first piece at 0.
        return self._record("relu", (self,), sp.Piecewise((0, self._expr <= 0), (self._expr, True)))


def _operand(value) -> _Node | float:
    if isinstance(value, _Node):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    raise TypeError(f"a graph combines nodes and numbers, not {type(value).__name__}")


def _sympy(operand) -> sp.Expr:
    return operand._expr if isinstance(operand, _Node) else _exact(operand)


def _exact(number: float) -> sp.Rational:
    return sp.Rational(number)  # the float's exact binary value: the reference adds no rounding of its own


def render(leaves: tuple[str, ...], program: tuple) -> str:
    """The program as Python a student can type; a node used more than once gets a name (h1, h2, ...)."""
    uses = Counter(o for _, *operands in program for o in operands if isinstance(o, int))
    texts = [(name, _ATOM) for name in leaves]  # per node: its text and how tightly it binds
    statements: list[str] = []

    def text(operand, binding: int) -> str:
        if not isinstance(operand, int):
            return repr(operand) if operand >= 0 else f"({operand!r})"
        own, bound = texts[operand]
        return own if bound >= binding else f"({own})"

    for op, *operands in program:
        if op in _INFIX:
            symbol, binding = _INFIX[op]
            # The right operand binds one tighter: a - (b - c) keeps its parentheses.
            texts.append((f"{text(operands[0], binding)} {symbol} {text(operands[1], binding + 1)}", binding))
        elif op == "neg":
            texts.append((f"-{text(operands[0], _UNARY)}", _UNARY))
        elif op == "pow":
            texts.append((f"{text(operands[0], _POWER + 1)} ** {text(operands[1], _ATOM)}", _POWER))
        else:
            texts.append((f"{text(operands[0], _ATOM)}.{op}()", _ATOM))
        if uses[len(texts) - 1] > 1:
            name = f"h{len(statements) + 1}"
            statements.append(f"{name} = {texts[-1][0]}")
            texts[-1] = (name, _ATOM)
    return "; ".join([*statements, f"L = {texts[-1][0]}"])


def trace(build: Callable) -> Graph:
    """The graph of `build`, a function of the leaves that returns L (made by its last operation)."""
    names = tuple(inspect.signature(build).parameters)
    symbols = tuple(sp.Symbol(name, real=True) for name in names)
    recording = _Recording(len(names))
    out = build(*(_Node(recording, i, symbol) for i, symbol in enumerate(symbols)))
    steps = recording.steps
    if not isinstance(out, _Node) or not steps or out._index != len(names) + len(steps) - 1:
        raise ValueError("an expression for an autodiff check must return the node its last operation made")
    program = tuple(steps)
    code = render(names, program)
    text = (f"`{code}`" if len(code) <= MAX_TEXT
            else f"L = an expression of {len(program)} operations on {', '.join(names)}")
    return Graph(names, program, out._expr, symbols, text)

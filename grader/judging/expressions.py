"""Is a student's SymPy expression equal to the reference? Pure: expressions in, verdict out.

Layers, cheapest first:
1. validity: a SymPy expression in the exercise's symbols, nothing unevaluated;
2. structure: the same tree;
3. algebra: `simplify(answer - reference) == 0` or `equals`, under a hard time limit;
4. sampling: both evaluated in float64 at random points of the declared domain
   (plus its special points). A clear difference is a counterexample; agreement
   at enough points is accepted.
"""

from __future__ import annotations

import warnings

import numpy as np
import sympy as sp

from grader.evidence import ORDER_TERM
from grader.judging import messages, tolerances
from grader.judging.domains import Domain
from grader.judging.verdict import Verdict, correct, incorrect, invalid, undecided
from grader.time_limit import run_with_time_limit

UNEVALUATED = (sp.Derivative, sp.Integral, sp.Limit)


def as_expression(answer, domain: Domain, name: str) -> sp.Expr | Verdict:
    """The answer as an expression in the domain's own symbols, or an `invalid` verdict."""
    if answer is None:
        return invalid(f"`{name}` is still None: assign your SymPy expression to it.")
    if isinstance(answer, str):
        return invalid(f"`{name}` is a string. Write a SymPy expression, e.g. `x**2 * sp.exp(x)`, not text.")
    if isinstance(answer, bool) or not isinstance(answer, (sp.Basic, int, float)):
        kind = "a function" if callable(answer) else f"of type {type(answer).__name__}"
        return invalid(f"`{name}` is {kind}; it should be a SymPy expression in {', '.join(domain.names)}.")
    expr = sp.sympify(answer)
    if not isinstance(expr, sp.Expr):
        return invalid(f"`{name}` is a {type(expr).__name__}, not an expression; assign the expression itself.")
    if expr.has(*UNEVALUATED):
        return invalid(f"`{name}` still contains an unevaluated derivative, integral or limit: work it out.")
    if expr.has(sp.nan, sp.zoo) or expr.has(sp.oo, -sp.oo):
        return invalid(f"`{name}` contains NaN or infinity.")
    own = {n: sp.Symbol(n, real=True) for n in domain.names}
    stray = sorted(str(s) for s in expr.free_symbols if str(s) not in own)
    if stray:
        return invalid(f"`{name}` uses {', '.join(stray)}, but this exercise is in {', '.join(domain.names)} only.")
    # A student's `sp.Symbol('x')` without `real=True` is a different object from
    # the course's `x`; match symbols by name so the same formula compares equal.
    return expr.xreplace({s: own[str(s)] for s in expr.free_symbols})


def judge_expression(
    answer,
    reference: sp.Expr,
    domain: Domain,
    *,
    name: str = "your answer",
    noun: str = "the correct value",
    reveal: bool = False,
    time_limit: float = 2.0,
    samples: int = 24,
    seed: int = 0,
) -> Verdict:
    expr = as_expression(answer, domain, name)
    if isinstance(expr, Verdict):
        return expr
    own = {n: sp.Symbol(n, real=True) for n in domain.names}
    reference = reference.xreplace({s: own[str(s)] for s in reference.free_symbols if str(s) in own})

    if expr == reference:
        return correct(f"`{name}` is correct.")

    if _proved_equal(expr, reference, time_limit):
        return correct(f"`{name}` is correct.")

    return _judge_by_sampling(expr, reference, domain, name, noun, reveal, samples, seed)


def _proved_equal(expr: sp.Expr, reference: sp.Expr, time_limit: float) -> bool:
    def work():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            difference = sp.simplify(expr - reference)
            return difference == 0 or difference.equals(0) is True

    finished, result = run_with_time_limit(work, time_limit)
    return bool(finished and result)


def _evaluate(expr: sp.Expr, names: tuple[str, ...], points: list[dict[str, float]]) -> np.ndarray:
    symbols = [sp.Symbol(n, real=True) for n in names]
    fn = sp.lambdify(symbols, expr, modules="numpy")
    values = np.full(len(points), np.nan)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for i, point in enumerate(points):
            try:
                value = complex(fn(*[point[n] for n in names]))
            except Exception:  # a point outside where the expression is defined
                continue
            if abs(value.imag) <= 1e-12 * max(1.0, abs(value.real)):
                values[i] = value.real
    return values


def _judge_by_sampling(expr, reference, domain, name, noun, reveal, samples, seed) -> Verdict:
    points = domain.sample(samples, seed)
    got = _evaluate(expr, domain.names, points)
    expected = _evaluate(reference, domain.names, points)
    defined = np.isfinite(expected)
    if defined.sum() < tolerances.MIN_SAMPLE_POINTS:
        return undecided(
            f"`{name}` could not be checked: too few sample points where the reference is defined. "
            "This is a problem with the course; your instructor will grade it by hand."
        )
    for i in np.flatnonzero(defined):
        g, e = got[i], expected[i]
        where = messages.describe_point(domain.names, tuple(points[i][n] for n in domain.names), reveal)
        if not np.isfinite(g):
            return incorrect(f"At {where} your expression `{name}` is not a real number, but {noun} there is.")
        if abs(g - e) > tolerances.EXPRESSION_ATOL + tolerances.EXPRESSION_RTOL * abs(e):
            hint = messages.describe_pattern(got[defined], expected[defined])
            text = (f"At {where} your expression `{name}` equals {messages.fmt(g)}; "
                    f"{messages.describe_discrepancy(g, e, noun)}.")
            return incorrect(text + (" " + hint if hint else ""))
    return correct(f"`{name}` is correct (it agrees at {int(defined.sum())} points).")


def judge_expressions(answers, references, domain: Domain, *, name: str = "your answer", **options) -> Verdict:
    """A list of expressions, in order: each component against its reference."""
    if isinstance(answers, sp.MatrixBase):
        answers = list(answers)
    if answers is None or isinstance(answers, (str, sp.Basic)) or not hasattr(answers, "__len__"):
        kind = "still None" if answers is None else f"of type {type(answers).__name__}"
        return invalid(f"`{name}` is {kind}; it should be a list of {len(references)} SymPy expressions.")
    if len(answers) != len(references):
        return invalid(f"`{name}` has {len(answers)} entries, but {len(references)} were expected.")
    for position, (answer, reference) in enumerate(zip(answers, references)):
        verdict = judge_expression(answer, reference, domain, name=f"{name}[{position}]", **options)
        if not verdict.passed:
            return verdict
    return correct(f"`{name}` is correct.")


def returned_expression(returned) -> sp.Expr | str:
    """The SymPy expression a call returned (a number counts as a constant one), or what is wrong instead."""
    if returned.kind == "expression":
        return returned.value
    if returned.kind == "number":
        return sp.Float(returned.value)
    if returned.type_name == ORDER_TERM:
        return "an expression that still ends in an O() term: return the polynomial alone (`.removeO()`)"
    what = ("None (is a `return` missing?)" if returned.kind == "none"
            else "a string" if returned.type_name == "str" else f"an object of type {returned.type_name}")
    return f"{what}, but a SymPy expression was expected"


def judge_expression_calls(observations, references, domains, *, name: str, arg_names: tuple[str, ...],
                           noun: str = "the correct value") -> Verdict:
    """Each call's returned expression against its reference, on that call's domain; the first failure explains itself."""
    for observation, reference, domain in zip(observations, references, domains, strict=True):
        probe = observation.probe
        call = f"{name}({messages.describe_call(arg_names, probe.args, probe.kwargs, probe.reveal)})"
        if observation.error is not None:
            return invalid(f"`{call}` {messages.describe_error(observation.error)}.")
        expr = returned_expression(observation.returned)
        if isinstance(expr, str):
            return invalid(f"`{call}` returned {expr}.")
        verdict = judge_expression(expr, reference, domain, name=call, noun=noun, reveal=probe.reveal)
        if not verdict.passed:
            return verdict
    count = len(observations)
    return correct(f"`{name}` is correct ({count} call{'' if count == 1 else 's'} checked).")

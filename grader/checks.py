"""The checks a notebook's test cells call: a request for evidence, and how to judge it.

Each check states what to ask of the student's answer (a `grader.evidence.Request`:
the grader's probe points, trusted stand-ins for other exercises) and how to judge
the answer (expected values from trusted references in `grader.references`, the
pure judges of `grader.judging`, the catalogue of mistakes). Who gathers the
evidence depends on where the check runs:

- in a notebook (a student working, the instructor's source), `LocalSession`
  gathers and judges at once, and prints or raises;
- during autograde, `grader.grading_plan` runs the test cells in the grader's own
  process, where `Planner` records each request and its judge; the confined
  kernel only gathers the evidence, and `JudgeEvidence` judges it.

A passing check prints one line; a failing one raises `AnswerNotAccepted`, whose
traceback is only the message (no source lines, so a hidden test's code never
shows in a student's feedback).
"""

from __future__ import annotations

import functools
import sys
import types
from collections.abc import Callable, Iterable
from dataclasses import replace

import numpy as np
import sympy as sp

from grader import catalogue, graphs, references
from grader.evidence import Evidence, Forbidden, Probe, Request, RequestKind
from grader.in_kernel.gathering import gather, normalise, observe, quiet, run_graph
from grader.judging import not_allowed, tolerances
from grader.judging.autodiff import judge_graphs
from grader.judging.domains import Domain, default_domain
from grader.judging.expressions import judge_expression, judge_expression_calls, judge_expressions
from grader.judging.mistakes import (
    Suspect,
    behaves_alike,
    expression_alike,
    expression_calls_alike,
    name_the_mistake,
    values_alike,
)
from grader.judging.not_allowed import BY_HAND
from grader.judging.numeric import OneOf, compare, judge_calls
from grader.judging.verdict import Verdict, correct, failure_line, incorrect, invalid
from grader.references import derivative_of, gradient_of, hessian_of, lambdified, partial_of
from grader.variants.variant import Variant

# How a check's evidence is judged: the evidence, and the namespace catalogued
# mistakes run in (the notebook's names, or the grader's stand-ins for them).
Judge = Callable[[Evidence, dict], Verdict]


class AnswerNotAccepted(AssertionError):
    def __init__(self, name: str, verdict: Verdict):
        super().__init__(verdict.message)
        self.name = name
        self.verdict = verdict

    def _render_traceback_(self) -> list[str]:
        # IPython shows exactly these lines in place of a traceback. The first is
        # also what item analysis reads back from autograded notebooks.
        return [failure_line(self.name, self.verdict), self.verdict.message]


def report(name: str, verdict: Verdict) -> None:
    if not verdict.passed:
        raise AnswerNotAccepted(name, verdict)
    print(f"✓ {verdict.message or name + ' is correct.'}")


# Trusted implementations of exercises, registered by hidden tests with `trust`.
_TRUSTED: dict[str, Callable] = {}


class LocalSession:
    """Checks gathered and judged where they are called: in a notebook's own kernel."""

    def trust(self, implementations: dict[str, Callable]) -> None:
        _TRUSTED.update(implementations)

    def substitutes_for(self, name: str) -> dict[str, Callable]:
        return {k: v for k, v in _TRUSTED.items() if k != name}

    def submit(self, request: Request, answer, judge: Judge) -> None:
        namespace = getattr(answer, "__globals__", None) or _notebook_namespace()
        with quiet():  # nbgrader zeroes a test cell that writes to stderr
            evidence = with_source_uses(gather(request, answer), request, _history_program())
            verdict = judge(evidence, namespace)
        report(request.name, verdict)


def _history_program() -> list[not_allowed.Statement]:
    """The code run so far in this kernel (IPython's `In`), the course's test cells left out."""
    try:
        from IPython import get_ipython
    except ImportError:
        return []
    shell = get_ipython()
    history = shell.user_ns.get("In", []) if shell is not None else []
    cells = [(f"input [{i}]", source) for i, source in enumerate(history)
             if isinstance(source, str) and source.strip() and not source.lstrip().startswith("# Tests ")]
    return not_allowed.statements(cells)


def with_source_uses(evidence: Evidence, request: Request, program: list[not_allowed.Statement]) -> Evidence:
    """The evidence with what the answer's source uses against the request's rule (none without a rule)."""
    if request.forbid is None or not evidence.defined:
        return evidence
    found = not_allowed.forbidden_uses(program, request.answer, request.forbid)
    return replace(evidence, used=(*found, *evidence.used))


def _enforcing(name: str, forbid: Forbidden | None, judge: Judge) -> Judge:
    """`judge`, after the rule: an answer that uses what `forbid` names is *not allowed*, however right."""
    if forbid is None:
        return judge

    def enforced(evidence: Evidence, namespace: dict) -> Verdict:
        if evidence.defined and evidence.used:
            return not_allowed.verdict(name, forbid, evidence.used)
        return judge(evidence, namespace)

    return enforced


_session = LocalSession()


def use_session(session) -> object:
    """Make `session` the one checks submit to; returns the previous one (grader.grading_plan)."""
    global _session
    previous, _session = _session, session
    return previous


def trust(**implementations: Callable) -> None:
    """Register trusted versions of exercises (in a hidden test, before its checks).

    From then on, whenever a check calls the student's code for another
    exercise, these stand in for the student's own versions, so that one wrong
    exercise never costs the points of another that builds on it. During
    autograde only versions of exercises already checked are lent to the
    student's kernel, so no answer can call its own reference. Hidden tests are
    absent from the students' copies, so there the student's own functions are
    used, and the public tests show them the whole chain.
    """
    _session.trust(implementations)


def _missing(name: str, evidence: Evidence) -> Verdict | None:
    if not evidence.defined:
        return invalid(f"`{name}` is not defined yet: run your answer cell, or write the answer.")
    return None


def _is_function(name: str, evidence: Evidence) -> Verdict | None:
    if not evidence.is_callable:
        return invalid(f"`{name}` should be a function (defined with `def {name}(...)`), "
                       f"but it is of type {evidence.type_name}.")
    return None


def _as_probes(calls: Iterable, reveal: bool) -> tuple[Probe, ...]:
    probes = []
    for call in calls:
        if isinstance(call, Probe):
            probes.append(call)
        elif isinstance(call, tuple):
            probes.append(Probe(call, reveal=reveal))
        else:
            probes.append(Probe((call,), reveal=reveal))
    return tuple(probes)


def check_function(
    name: str,
    fn,
    reference: Callable | list,
    calls: Iterable,
    *,
    reveal: bool = False,
    noun: str = "the correct value",
    rtol: float = tolerances.RTOL,
    atol: float = tolerances.ATOL,
    substitutes: dict[str, Callable] | None = None,
    forbid: Forbidden | None = None,
) -> None:
    """`fn` against a trusted `reference` on each call (a tuple of arguments, or one argument).

    `reference` is a function computing the expected value of a call, or, in
    public tests (whose code students see), the list of expected values itself.

    Arguments are copied for each call, and a call that changes an array or list
    argument in place fails. `substitutes` maps the names of other exercises that
    `fn` may call to trusted versions, used during the calls so that one wrong
    exercise does not cost the points of another that builds on it. `forbid`
    (e.g. `BY_HAND`) names what the answer may not use: it is then *not allowed*.
    """
    probes = _as_probes(calls, reveal)
    expected = _expected_per_call(reference, probes, "values")
    request = Request(RequestKind.CALLS, name, name, probes, {**_session.substitutes_for(name), **(substitutes or {})},
                      forbid)

    def judge(evidence: Evidence, namespace: dict) -> Verdict:
        problem = _missing(name, evidence) or _is_function(name, evidence)
        if problem:
            return problem
        observations = list(evidence.observations)
        verdict = judge_calls(observations, expected, name=name, arg_names=evidence.arg_names, noun=noun,
                              rtol=rtol, atol=atol)
        return _naming_the_mistake(verdict, name, namespace, request.substitutes,
                                   lambda mistaken: observe(mistaken, list(probes)),
                                   lambda theirs: behaves_alike(observations, theirs))

    _session.submit(request, fn, _enforcing(name, forbid, judge))


def _notebook_namespace() -> dict:
    """A copy of the globals of the code that called the check (the notebook's, in a kernel).

    Catalogued mistakes for value exercises call the student's other functions
    (e.g. quartic_study calls run_gd_1d), so they run where the notebook's names are.
    """
    frame: types.FrameType | None = sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__", "").split(".")[0] in ("grader", "contextlib", "functools"):
        frame = frame.f_back
    return dict(frame.f_globals) if frame is not None else {}


def _naming_the_mistake(verdict: Verdict, name: str, namespace: dict, substitutes: dict,
                        evidence_of: Callable, alike: Callable) -> Verdict:
    """A failed verdict, with the catalogued mistake the answer behaves like named, if one does.

    `evidence_of(mistaken)` is what the check would have gathered from the
    mistake's code, and `alike(theirs)` whether the student's evidence matches it.
    """
    if verdict.passed:
        return verdict
    suspects = [Suspect(m.tag, m.description, evidence_of(mistaken), m.credit)
                for m, mistaken in _run_mistakes(name, namespace, substitutes)]
    return name_the_mistake(verdict, suspects, alike)


def _expected_per_call(reference: Callable | list, probes: tuple[Probe, ...], what: str) -> list:
    """The expected result of each call: `reference` computes them, or is their list (in public tests)."""
    expected = list(reference) if isinstance(reference, (list, tuple)) else [reference(*p.args, **p.kwargs)
                                                                             for p in probes]
    if len(expected) != len(probes):
        raise ValueError(f"{len(expected)} expected {what} for {len(probes)} calls")
    return expected


def _run_mistakes(name: str, base: dict, substitutes: dict):
    """Each catalogued mistake for exercise `name`, with the value its code defines under that name."""
    variant = base.get("variant")  # the setup cell's: the mistakes are made with the student's numbers
    variant = variant if isinstance(variant, Variant) else None
    for mistake in catalogue.mistakes_for(name):
        namespace = catalogue.namespace_for(name, base)
        namespace.update(substitutes)
        try:
            with quiet():
                exec(mistake.source_for(variant), namespace)  # the course's own catalogue, not student code
        except Exception:
            continue
        if name in namespace:
            yield mistake, namespace[name]


def check_derivative(name: str, fn, f: sp.Expr, var: sp.Symbol, points: Iterable, *, reveal: bool = False,
                     substitutes: dict[str, Callable] | None = None) -> None:
    """A numeric derivative function against d f / d var (exact, cross-checked by finite differences)."""
    check_function(name, fn, references.derivative_of(f, var), points, reveal=reveal, noun="the derivative",
                   substitutes=substitutes)


def check_expression(
    name: str,
    answer,
    reference,
    domain: Domain | None = None,
    *,
    reveal: bool = False,
    noun: str = "the correct value",
    seed: int = 0,
    forbid: Forbidden | None = None,
) -> None:
    """A SymPy expression (or a list of them, in order) against `reference` on `domain`.

    The default domain is (-4, 4) in each symbol of the reference; pass one naming
    every symbol of the exercise when the reference may not contain them all.
    """
    many = isinstance(reference, (list, tuple))
    domain = domain or default_domain(*(reference if many else [reference]))
    judge_one = judge_expressions if many else judge_expression

    def judge(evidence: Evidence, namespace: dict) -> Verdict:
        given = evidence.expression
        verdict = judge_one(given, reference, domain, name=name, noun=noun, reveal=reveal, seed=seed)
        return _naming_the_mistake(verdict, name, namespace, {}, lambda value: value,
                                   lambda theirs: expression_alike(given, theirs, domain))

    _session.submit(Request(RequestKind.EXPRESSION, name, name, forbid=forbid), answer, _enforcing(name, forbid, judge))


def check_derivative_expression(
    name: str, answer, f: sp.Expr, var: sp.Symbol, domain: Domain | None = None, *, reveal: bool = False, seed: int = 0,
    forbid: Forbidden | None = None,
) -> None:
    """A SymPy derivative written by the student against sp.diff(f, var), itself cross-checked."""
    domain = domain or default_domain(f)
    variables = [sp.Symbol(n, real=True) for n in domain.names]
    witness = references.partial_of(f.xreplace({s: sp.Symbol(str(s), real=True) for s in f.free_symbols}),
                                    variables, sp.Symbol(str(var), real=True))
    for point in domain.sample(8, seed + 1):
        witness(*[point[n] for n in domain.names])
    check_expression(name, answer, sp.diff(f, var), domain, reveal=reveal, noun="the derivative", seed=seed,
                     forbid=forbid)


def check_expression_function(
    name: str,
    fn,
    reference: Callable | list,
    calls: Iterable,
    domain: Domain | Callable[..., Domain],
    *,
    reveal: bool = False,
    noun: str = "the correct value",
) -> None:
    """A function returning SymPy expressions against `reference` on each call (a tuple of arguments).

    `reference(*args)` is the expected expression of a call (or, in public tests,
    `reference` is the list of them), and `domain` the domain on which the two
    are compared, or `domain(*args)` that of a call, e.g. an interval around the
    centre of a Taylor polynomial.
    """
    probes = _as_probes(calls, reveal)
    expected = _expected_per_call(reference, probes, "expressions")
    domains = [domain(*p.args, **p.kwargs) if callable(domain) else domain for p in probes]
    request = Request(RequestKind.CALLS, name, name, probes, _session.substitutes_for(name))

    def judge(evidence: Evidence, namespace: dict) -> Verdict:
        problem = _missing(name, evidence) or _is_function(name, evidence)
        if problem:
            return problem
        observations = list(evidence.observations)
        verdict = judge_expression_calls(observations, expected, domains, name=name, arg_names=evidence.arg_names,
                                         noun=noun)
        return _naming_the_mistake(verdict, name, namespace, request.substitutes,
                                   lambda mistaken: observe(mistaken, list(probes)),
                                   lambda theirs: expression_calls_alike(observations, theirs, domains))

    _session.submit(request, fn, judge)


def check_value(name: str, answer, expected, *, rtol: float = tolerances.RTOL, atol: float = tolerances.ATOL) -> None:
    """A plain value (number, bool, tuple, dict, array) against what it should be."""

    def judge(evidence: Evidence, namespace: dict) -> Verdict:
        problem = _missing(name, evidence)
        if problem:
            return problem
        returned = evidence.value
        assert returned is not None  # _missing refused evidence of an undefined answer
        found = compare(returned, expected, rtol, atol)
        if found is None:
            return correct(f"`{name}` is correct.")
        verdict = (invalid if found.invalid else incorrect)(f"`{name}{found.where}` {found.text}.")
        return _naming_the_mistake(verdict, name, namespace, {}, lambda value: value,
                                   lambda theirs: values_alike(returned, normalise(theirs), rtol, atol))

    _session.submit(Request(RequestKind.VALUE, name, name), answer, judge)


def check_autodiff(name: str, answer, cases: Iterable, *, reveal: bool = False) -> None:
    """A class of reverse-mode autodiff nodes, on expressions built from it, against SymPy.

    `cases` are pairs (build, points): `build` a function of the leaves returning L,
    such as `lambda a, b: (a * b).tanh() + a`, using only the operations of the
    contract; `points` the leaf values to build it at, one tuple per point. The
    grader traces each `build` itself (grader.graphs); the student's kernel only
    gets the traced program, builds it with the student's class, calls
    `L.backward()` and reports L.data, L.grad and every leaf's grad as numbers.
    Each is judged against the exact value and partial derivatives of L, which
    grader.references cross-checks by finite differences at every point.
    """
    probes, expected, traced = [], [], []
    for build, points in cases:
        graph = graphs.trace(build)
        reference = graph.reference()
        for point in points:
            point = tuple(float(v) for v in point)
            if len(point) != len(graph.leaves):
                raise ValueError(f"{len(point)} values for the {len(graph.leaves)} leaves of {graph.text}")
            probes.append(Probe((graph.program, point), reveal=reveal))
            expected.append(reference(*point))
            traced.append(graph)
    request = Request(RequestKind.GRAPH, name, name, tuple(probes))

    def judge(evidence: Evidence, namespace: dict) -> Verdict:
        problem = _missing(name, evidence)
        if problem:
            return problem
        if not evidence.is_callable:
            return invalid(f"`{name}` should be a class (defined with `class {name}:`), "
                           f"but it is of type {evidence.type_name}.")
        observations = list(evidence.observations)
        verdict = judge_graphs(observations, expected, traced, name=name)
        return _naming_the_mistake(verdict, name, namespace, {},
                                   lambda mistaken: observe(functools.partial(run_graph, mistaken), list(probes)),
                                   lambda theirs: behaves_alike(observations, theirs))

    _session.submit(request, answer, judge)


def sample_points(low: float, high: float, count: int, seed: int) -> list:
    """Hidden probe points: scalars spread over (low, high), plus one array of them."""
    rng = np.random.default_rng(seed)
    values = rng.uniform(low, high, size=count)
    return [float(v) for v in values] + [values.copy()]


CourseBug = references.CourseBug

__all__ = [
    "AnswerNotAccepted", "BY_HAND", "CourseBug", "Domain", "OneOf", "check_autodiff", "check_function", "check_derivative",
    "check_expression", "check_derivative_expression", "check_value", "sample_points",
    "derivative_of", "gradient_of", "hessian_of", "lambdified", "partial_of", "trust",
    "check_expression_function",
]

"""Naming a catalogued mistake: does the student's answer behave exactly like a known wrong one?

Pure: the student's evidence and the evidence of each catalogued mistake (its
code run by the course at the same probe points, or its expression) in, a
verdict that names the first matching mistake out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import sympy as sp

from grader.evidence import Observation
from grader.judging import tolerances
from grader.judging.domains import Domain
from grader.judging.expressions import judge_expression, returned_expression
from grader.judging.numeric import compare, tolerance_for
from grader.judging.verdict import Verdict


@dataclass(frozen=True)
class Suspect:
    tag: str
    description: str
    behaviour: object  # list[Observation] for a function, the value itself for an expression
    credit: float = 0.0  # share of the points the catalogue lets this mistake keep


def _error_type(error: str | None) -> str | None:
    return error.split(":", 1)[0] if error else None


def _calls_alike(student: list[Observation], mistaken: list[Observation],
                 returned_alike: Callable[[int, Observation, Observation], bool]) -> bool:
    """The same exception type, or returns alike by `returned_alike(index, ours, theirs)`, at every probe.

    An answer not written yet (still raising NotImplementedError) is never a
    mistake, even when a mistake's code calls that blank answer and raises too.
    """
    if any(_error_type(ours.error) == "NotImplementedError" for ours in student):
        return False
    for index, (ours, theirs) in enumerate(zip(student, mistaken, strict=True)):
        if ours.error or theirs.error:
            if _error_type(ours.error) != _error_type(theirs.error):
                return False
        elif not returned_alike(index, ours, theirs):
            return False
    return True


def behaves_alike(student: list[Observation], mistaken: list[Observation]) -> bool:
    """Same exception type, or the same changes to the arguments and values (within tolerance), at every probe."""
    return _calls_alike(student, mistaken, lambda _, ours, theirs: (
        ours.modified == theirs.modified
        and values_alike(ours.returned, theirs.returned, *tolerance_for(ours.probe, tolerances.RTOL, tolerances.ATOL))))


def values_alike(ours, theirs, rtol: float = tolerances.RTOL, atol: float = tolerances.ATOL) -> bool:
    """Whether two returned values (plain data: grader.evidence) agree."""
    expected = as_expected(theirs)
    return (not any(isinstance(v, NotPlain) for v in _leaves(expected))
            and compare(ours, expected, rtol, atol) is None)


def _leaves(value):
    if isinstance(value, (tuple, list)):
        for item in value:
            yield from _leaves(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    else:
        yield value


class NotPlain:
    """What a mistaken answer returned when it is no plain value: alike nothing."""


def as_expected(returned):
    """A mistaken answer's returned value, in the plain form `compare` expects (or a NotPlain)."""
    if returned.kind in ("number", "bool", "array"):
        return returned.value
    if returned.kind == "sequence":
        return tuple(as_expected(item) for item in returned.value)
    if returned.kind == "mapping":
        return {key: as_expected(item) for key, item in returned.value.items()}
    if returned.kind == "other" and returned.type_name == "str":
        return returned.value
    return NotPlain()


def expression_alike(answer, mistaken, domain: Domain) -> bool:
    if isinstance(mistaken, (list, tuple)) and not isinstance(answer, str) and hasattr(answer, "__len__"):
        answer = list(answer)
        return len(answer) == len(mistaken) and all(expression_alike(a, m, domain) for a, m in zip(answer, mistaken))
    if not isinstance(mistaken, (sp.Basic, int, float)):
        return type(answer) is type(mistaken)
    return judge_expression(answer, sp.sympify(mistaken), domain, time_limit=0.5).passed


def name_the_mistake(verdict: Verdict, suspects: list[Suspect], matches) -> Verdict:
    """`verdict`, with the first suspect that `matches` named in its message."""
    if verdict.passed:
        return verdict
    for suspect in suspects:
        if matches(suspect.behaviour):
            message = f"Common mistake recognised ({suspect.tag}): {suspect.description}. {verdict.message}"
            if suspect.credit:
                message += f" This mistake keeps {suspect.credit:.0%} of the points."
            return replace(verdict, message=message, tag=suspect.tag)
    return verdict


def expression_calls_alike(student: list[Observation], mistaken: list[Observation], domains) -> bool:
    """Calls that returned expressions: the same exception type, or alike expressions, at every probe."""
    def returned_alike(index: int, ours: Observation, theirs: Observation) -> bool:
        got, want = returned_expression(ours.returned), returned_expression(theirs.returned)
        if isinstance(got, str) or isinstance(want, str):
            return got == want
        return expression_alike(got, want, domains[index])

    return _calls_alike(student, mistaken, returned_alike)

"""Does a function's observed output match the expected values? Pure: observations in, verdict out.

Expected values are plain data: a float, a bool, a float array, or a tuple /
list / dict of those. A returned tuple, list or 1-D array is accepted wherever
a fixed-length tuple is expected, and a list of numbers wherever an array is.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from grader.evidence import Observation, Returned
from grader.judging import messages, tolerances
from grader.judging.verdict import Verdict, correct, incorrect, invalid


@dataclass(frozen=True)
class Problem:
    invalid: bool  # True: not an answer of the right kind; False: a wrong value
    text: str  # what is wrong, as a predicate: "is 0.98", "has shape (2,), but ..."
    got: float | None = None
    expected: float | None = None
    where: str = ""  # the position inside the returned value, e.g. "[1][0]"

    def inside(self, position) -> Problem:
        return Problem(self.invalid, self.text, self.got, self.expected, f"[{position!r}]{self.where}")


@dataclass(frozen=True)
class OneOf:
    """An expected value that may be any of `values`: a public test that must not tell which one."""

    values: tuple
    description: str  # "one of the 19 learning rates of the grid"


def _as_array(returned: Returned) -> np.ndarray | None:
    if returned.kind == "array":
        return returned.value
    if returned.kind == "number":
        return np.array(returned.value)
    if returned.kind == "sequence" and all(item.kind == "number" for item in returned.value):
        return np.array([item.value for item in returned.value], dtype=np.float64)
    return None


def _describe_kind(returned: Returned) -> str:
    if returned.kind == "array":
        return f"an array of shape {returned.value.shape}"
    if returned.kind == "sequence":
        return f"a {returned.type_name} of length {len(returned.value)}"
    if returned.kind == "none":
        return "None (is a `return` missing?)"
    if returned.type_name == "str":
        return "a string"
    return f"an object of type {returned.type_name}"


def _compare_numbers(got: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> Problem | None:
    if got.shape != expected.shape:
        what = "a single number" if expected.shape == () else f"shape {expected.shape}"
        return Problem(True, f"has shape {got.shape}, but {what} was expected")
    for index in np.ndindex(expected.shape):
        g, e = float(got[index]), float(expected[index])
        where = "".join(f"[{i}]" for i in index)
        if np.isnan(g) and not np.isnan(e):
            return Problem(True, "is NaN", where=where)
        if np.isnan(e):
            # A run that must blow up (a diverging descent) ends in NaN; so must the answer.
            if not np.isnan(g):
                return Problem(False, f"is {messages.fmt(g)}, but it should be NaN here", where=where)
            continue
        if np.isinf(e) or np.isinf(g):
            if g != e and not _both_overflowing(g, e):
                return Problem(False, f"is {messages.fmt(g)}, which is not what was expected", g, e, where)
            continue
        if abs(g - e) > atol + rtol * abs(e):
            return Problem(False, f"is {messages.fmt(g, messages.digits_to_tell_apart(g, e))}", g, e, where)
    return None


def _both_overflowing(got: float, expected: float) -> bool:
    """inf and a finite value beyond `tolerances.OVERFLOW_EDGE`, of the same sign: overflow either way."""
    return min(abs(got), abs(expected)) > tolerances.OVERFLOW_EDGE and np.sign(got) == np.sign(expected)


def compare(returned: Returned, expected, rtol: float = tolerances.RTOL, atol: float = tolerances.ATOL) -> Problem | None:
    """The first way `returned` differs from `expected`, or None."""
    if isinstance(expected, OneOf):
        problems = [compare(returned, value, rtol, atol) for value in expected.values]
        if any(problem is None for problem in problems):
            return None
        return Problem(all(p is not None and p.invalid for p in problems), f"is not {expected.description}")
    if isinstance(expected, (bool, np.bool_)):
        if returned.kind != "bool":
            return Problem(True, f"is {_describe_kind(returned)}, but True or False was expected")
        if returned.value != bool(expected):
            return Problem(False, f"is {returned.value}, but the correct answer is {bool(expected)}")
        return None
    if isinstance(expected, str):
        if returned.kind != "other" or returned.type_name != "str":
            return Problem(True, f"is {_describe_kind(returned)}, but one of the words asked for was expected")
        if returned.value != expected:
            return Problem(False, f"is {returned.value!r}, which is not the right word")
        return None
    if isinstance(expected, dict):
        if returned.kind != "mapping":
            return Problem(True, f"is {_describe_kind(returned)}, but a dict was expected")
        missing = [k for k in expected if k not in returned.value]
        if missing:
            return Problem(True, f"has no entry for the key {missing[0]!r}")
        for key, value in expected.items():
            problem = compare(returned.value[key], value, rtol, atol)
            if problem:
                return problem.inside(key)
        return None
    if isinstance(expected, (tuple, list)):
        items = _items(returned)
        if items is None:
            return Problem(True, f"is {_describe_kind(returned)}, but {len(expected)} values were expected")
        if len(items) != len(expected):
            count = f"{len(items)} value" + ("" if len(items) == 1 else "s")
            return Problem(True, f"has {count}, but {len(expected)} were expected")
        for position, (item, value) in enumerate(zip(items, expected)):
            problem = compare(item, value, rtol, atol)
            if problem:
                return problem.inside(position)
        return None
    if returned.kind == "bool":
        return Problem(True, "is True/False, but a number was expected")
    got = _as_array(returned)
    if got is None:
        return Problem(True, f"is {_describe_kind(returned)}, but a number or array was expected")
    return _compare_numbers(got, np.asarray(expected, dtype=np.float64), rtol, atol)


def _items(returned: Returned) -> list[Returned] | None:
    if returned.kind == "sequence":
        return list(returned.value)
    if returned.kind == "array" and returned.value.ndim >= 1:
        return [Returned("array" if v.ndim else "number", v if v.ndim else float(v), "ndarray")
                for v in returned.value]
    return None


def describe(subject: str, problem: Problem, noun: str) -> str:
    """"`f(x = 1)` returned a value that is 2; the correct value there is ..." and the like."""
    head = (f"{subject} returned a value whose `[...]{problem.where}` {problem.text}" if problem.where
            else f"{subject} returned a value that {problem.text}")
    # A ratio says nothing when either side is infinite (and 1 / ratio would divide by zero).
    if problem.got is not None and problem.expected is not None and np.isfinite([problem.got, problem.expected]).all():
        head += f"; {messages.describe_discrepancy(problem.got, problem.expected, noun)}"
    return head + "."


def tolerance_for(probe, rtol: float, atol: float) -> tuple[float, float]:
    """float32 arguments may be answered in float32 precision."""
    if any(getattr(arg, "dtype", None) == np.float32 for arg in probe.args):
        return max(rtol, tolerances.FLOAT32_RTOL), max(atol, tolerances.FLOAT32_ATOL)
    return rtol, atol


def judge_calls(
    observations: list[Observation],
    expected: list,
    *,
    name: str,
    arg_names: tuple[str, ...],
    noun: str = "the correct value",
    rtol: float = tolerances.RTOL,
    atol: float = tolerances.ATOL,
) -> Verdict:
    """Each observation against its expected value; the first failure explains itself."""
    scalars_got, scalars_expected = [], []
    failure = None
    for observation, value in zip(observations, expected, strict=True):
        probe = observation.probe
        call = f"`{name}({messages.describe_call(arg_names, probe.args, probe.kwargs, probe.reveal)})`"
        if observation.error is not None:
            failure = failure or invalid(f"{call} {messages.describe_error(observation.error)}.")
            continue
        if observation.modified:
            changed = [arg_names[i] if i < len(arg_names) else f"argument {i + 1}" for i in observation.modified]
            failure = failure or incorrect(
                f"{call} changed its argument `{changed[0]}` in place; work on a copy "
                f"(e.g. `{changed[0]} = np.array({changed[0]}, dtype=float)` first).")
            continue
        returned = observation.returned
        assert returned is not None  # the codec gives every observation without an error its returned value
        problem = compare(returned, value, *tolerance_for(probe, rtol, atol))
        if problem is None:
            if returned.kind == "number" and np.ndim(value) == 0 and not isinstance(value, bool):
                scalars_got.append(returned.value)
                scalars_expected.append(float(value))
            continue
        if problem.got is not None and problem.expected is not None:
            scalars_got.append(problem.got)
            scalars_expected.append(problem.expected)
        if failure is None:
            failure = (invalid if problem.invalid else incorrect)(describe(call, problem, noun))
    if failure is None:
        return correct(f"`{name}` is correct ({len(observations)} call{'' if len(observations) == 1 else 's'} checked).")
    hint = messages.describe_pattern(np.array(scalars_got), np.array(scalars_expected))
    return failure if hint is None else type(failure)(failure.status, f"{failure.message} {hint}")

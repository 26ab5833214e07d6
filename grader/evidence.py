"""The evidence: what the grader asks of a student's answer and what the kernel answers, as plain data.

A `Request` is what the grader asks about one answer; the student's kernel
answers it with an `Evidence` (`grader.in_kernel.gathering`), made only of
floats, float64 arrays, booleans, tuples and dicts of those, so the judging
that follows never touches a student's object again. During autograde the
evidence travels as JSON (`grader.evidence_codec`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

# How deep and how large a returned value is recorded; the codec refuses anything beyond.
MAX_DEPTH = 4
MAX_ITEMS = 100_000
# What a returned SymPy expression holding an O() term is recorded as: the checks tell the student to drop it.
ORDER_TERM = "SymPy expression with an O() term"


@dataclass(frozen=True)
class Probe:
    """One call the grader makes: positional arguments, and whether the student may see them."""

    args: tuple
    kwargs: dict = field(default_factory=dict)
    reveal: bool = False


@dataclass(frozen=True)
class Returned:
    """A returned value as plain data.

    kind is one of: "none", "bool", "number", "array", "sequence", "mapping", "expression",
    "other". An "expression" (a SymPy expression a function returned, e.g. a Taylor
    polynomial) is held as the grader would rebuild it from the kernel's evidence.
    """

    kind: str
    value: Any
    type_name: str


@dataclass(frozen=True)
class Observation:
    probe: Probe
    returned: Returned | None
    error: str | None = None
    modified: tuple[int, ...] = ()  # positions of array/list arguments changed in place


@dataclass(frozen=True)
class Forbidden:
    """What an answer may not use, e.g. SymPy's calculus for a derivative to be worked out by hand.

    `names` are library functions, classes and methods by their last name (`diff`,
    `Derivative`, `partial_of`), `exercises` the notebook's own functions that are
    forbidden too (`central_difference`), `modules` whole packages (`jax`); `tag`
    is how a failure line names the rule and `rule` how a message states it.
    """

    tag: str
    rule: str
    names: frozenset[str]
    exercises: frozenset[str] = frozenset()
    modules: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Use:
    """A forbidden thing an answer was found to use: what, and where (a line of a cell, or a call)."""

    what: str
    where: str


class RequestKind(str, Enum):
    """What a request gathers of an answer (see `Request`)."""
    CALLS = "calls"
    VALUE = "value"
    EXPRESSION = "expression"
    GRAPH = "graph"


@dataclass(frozen=True)
class Request:
    """What the grader asks about one answer.

    kind "calls": call the answer at each probe; "value": the answer itself, as
    plain data; "expression": the answer itself, a SymPy expression (or a list);
    "graph": the answer is a class of autodiff nodes, and each probe's arguments
    are a graph program and its leaf values for `run_graph`.
    `answer` names the notebook variable that holds it. `substitutes` stand in for
    other exercises the answer may call, during the calls only. `forbid`, if set,
    is what the answer may not use: the kernel reports the forbidden functions the
    answer calls while it is called, and the grader looks for them in its source.
    """

    kind: RequestKind
    name: str
    answer: str
    probes: tuple[Probe, ...] = ()
    substitutes: dict[str, Callable] = field(default_factory=dict)
    forbid: Forbidden | None = None


@dataclass(frozen=True)
class Evidence:
    """What the student's notebook answered to a `Request`."""

    defined: bool
    type_name: str = "NoneType"
    is_callable: bool = False
    arg_names: tuple[str, ...] = ()
    observations: tuple[Observation, ...] = ()
    value: Returned | None = None  # kind "value"
    expression: Any = None  # kind "expression": the object itself (a stand-in, once decoded)
    used: tuple[Use, ...] = ()  # forbidden functions the answer called, or its source uses (`Request.forbid`)

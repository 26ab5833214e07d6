"""Running the student's code at the grader's probe points and recording what happened.

The only code that calls student code. During autograde it runs in the
student's confined kernel; in a student's own JupyterLab session the checks
gather and judge in one go. What it records is plain data (`grader.evidence`),
so a value that lies in its `__eq__` or `__sub__` is never asked anything.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import inspect
import io
import numbers
import operator
import sys
import warnings
from collections.abc import Callable

import numpy as np
import sympy as sp

from grader import evidence_codec
from grader.evidence import (
    MAX_DEPTH,
    MAX_ITEMS,
    ORDER_TERM,
    Evidence,
    Forbidden,
    Observation,
    Probe,
    Request,
    RequestKind,
    Returned,
    Use,
)

MAX_USES = 20  # forbidden calls recorded per answer: enough to name them, bounded whatever the answer does


@contextlib.contextmanager
def quiet():
    """No warning or stray write reaches stderr: nbgrader scores any stderr output as 0."""
    with warnings.catch_warnings(), np.errstate(all="ignore"), contextlib.redirect_stderr(io.StringIO()):
        warnings.simplefilter("ignore")
        yield


def normalise(obj, depth: int = 0) -> Returned:
    type_name = type(obj).__name__
    if obj is None:
        return Returned("none", None, type_name)
    if isinstance(obj, (bool, np.bool_)) or obj is sp.true or obj is sp.false:
        return Returned("bool", bool(obj), type_name)
    if isinstance(obj, str):
        return Returned("other", str(obj)[:200], "str")
    if isinstance(obj, (int, float, np.integer, np.floating)):
        return Returned("number", float(obj), type_name)
    if isinstance(obj, sp.Number) and obj.is_real:
        return Returned("number", float(obj), type_name)
    if isinstance(obj, np.ndarray):
        if obj.dtype.kind in "biuf" and obj.size <= MAX_ITEMS:
            if obj.ndim == 0:
                return Returned("number", float(obj), type_name)
            return Returned("array", np.array(obj, dtype=np.float64), type_name)
        return Returned("other", None, f"ndarray of dtype {obj.dtype}")
    if depth < MAX_DEPTH and isinstance(obj, (tuple, list)) and len(obj) <= MAX_ITEMS:
        return Returned("sequence", tuple(normalise(item, depth + 1) for item in obj), type_name)
    if depth < MAX_DEPTH and isinstance(obj, dict) and len(obj) <= MAX_ITEMS:
        items = {}
        for key, item in obj.items():
            if isinstance(key, (int, float, str, np.floating, np.integer)) and not isinstance(key, bool):
                items[key if isinstance(key, str) else float(key)] = normalise(item, depth + 1)
        return Returned("mapping", items, type_name)
    if isinstance(obj, sp.Expr):
        return _expression(obj, type_name)
    if isinstance(obj, numbers.Real):  # e.g. Fraction; never an arbitrary object with __float__
        return Returned("number", float(obj), type_name)
    return Returned("other", None, type_name)


def _expression(obj: sp.Expr, type_name: str) -> Returned:
    """A returned SymPy expression, exactly as it reaches the grader after its trip as evidence.

    The round trip happens here too, so that a student's own session judges the
    same tree that autograde will; one that cannot make the trip (a class the
    grader does not rebuild, a number too large to work with) is "other".
    """
    if obj.has(sp.Order):  # kept apart: the checks tell the student to drop it
        return Returned("other", None, ORDER_TERM)
    try:
        return Returned("expression", evidence_codec.round_trip(obj), type_name)
    except evidence_codec.MalformedEvidence:
        return Returned("other", None, type_name)


def _snapshot(value):
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, (list, dict)):
        return copy.deepcopy(value)
    return None


def _changed(before, after) -> bool:
    if isinstance(before, np.ndarray):
        return before.shape != after.shape or not np.array_equal(before, after, equal_nan=True)
    return before != after


def observe(fn: Callable, probes: list[Probe]) -> list[Observation]:
    """Call `fn` once per probe, each on fresh copies of the arguments."""
    observations = []
    for probe in probes:
        args = tuple(_snapshot(a) if _snapshot(a) is not None else a for a in probe.args)
        kwargs = {k: (_snapshot(v) if _snapshot(v) is not None else v) for k, v in probe.kwargs.items()}
        with quiet():
            try:
                result = fn(*args, **kwargs)
                returned, error = normalise(result), None
            except (Exception, SystemExit) as exc:  # the student's exception is evidence, not a crash
                returned, error = None, f"{type(exc).__name__}: {exc}"
        modified = tuple(
            i for i, (a, original) in enumerate(zip(args, probe.args))
            if _snapshot(original) is not None and _changed(original, a)
        )
        observations.append(Observation(probe, returned, error, modified))
    return observations


def arg_names(fn: Callable, count: int) -> tuple[str, ...]:
    """The parameter names of `fn`, padded to `count` ("argument 3") for messages."""
    try:
        names = tuple(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        names = ()
    return (names + tuple(f"argument {i + 1}" for i in range(count)))[:max(count, len(names))]


@contextlib.contextmanager
def substituted(fn, substitutes: dict[str, Callable]):
    """The names in `substitutes` rebound in `fn`'s module (the notebook) for the duration."""
    namespace = getattr(fn, "__globals__", None)
    if not isinstance(namespace, dict) or not substitutes:
        yield
        return
    saved = {name: namespace[name] for name in substitutes if name in namespace}
    namespace.update(substitutes)
    try:
        yield
    finally:
        for name in substitutes:
            namespace.pop(name, None)
        namespace.update(saved)


# What each step of a graph program does with the student's nodes: only the
# operations the contract names, so a program can ask nothing else of them.
GRAPH_OPS: dict[str, Callable] = {
    "add": operator.add, "sub": operator.sub, "mul": operator.mul, "neg": operator.neg, "pow": operator.pow,
    "exp": lambda a: a.exp(), "tanh": lambda a: a.tanh(), "relu": lambda a: a.relu(),
}


def run_graph(node_class, program: tuple, leaves: tuple) -> tuple:
    """Build the expression `program` describes from `node_class`, run its backward pass, report the numbers.

    The leaves are nodes 0 .. len(leaves) - 1, `node_class(value)` each; step k of
    `program`, `(op, *operands)`, makes node len(leaves) + k, an int operand naming
    a node and a float being a constant. The last node is L. Returns
    `(L.data, L.grad, (leaf.grad, ...))`, which `observe` turns into plain data,
    so no student object leaves `gather`.
    """
    nodes = [node_class(value) for value in leaves]
    for op, *operands in program:
        nodes.append(GRAPH_OPS[op](*(nodes[o] if isinstance(o, int) else o for o in operands)))
    out = nodes[-1]
    out.backward()
    return out.data, out.grad, tuple(leaf.grad for leaf in nodes[:len(leaves)])


# Where a forbidden library function is looked for at run time: a notebook may define a `diff` of its own.
LIBRARIES = frozenset({"sympy", "numpy", "scipy", "grader", "mpmath"})


@contextlib.contextmanager
def reporting(forbid: Forbidden | None, notebook: str, name: str, found: list[Use], lent: dict[str, Callable]):
    """While the block runs, every call of a function `forbid` names is recorded in `found`.

    A profile hook sees each Python function that starts, however the student's
    code reached it (an alias, `getattr` with a computed name, a helper of a
    helper); the library's own functions are told by their module, the
    notebook's forbidden exercises by their name in the notebook's module.
    What the grader's stand-ins (`lent`) call is theirs, not the answer's.
    """
    if forbid is None:
        yield
        return
    seen: set[str] = set()
    theirs = {getattr(fn, "__code__", None) for fn in lent.values()} - {None}
    within: list = []  # the frames of a stand-in or of a recorded call: what they call is theirs

    def profile(frame, event, arg):
        if event == "return" and within and within[-1] is frame:
            within.pop()
            return
        if event != "call" or within:
            return
        code, module = frame.f_code, frame.f_globals.get("__name__", "")
        if code in theirs:
            within.append(frame)
            return
        root = module.split(".")[0]
        owner = code.co_qualname.split(".")[0]
        if (root in forbid.modules
                or (root in LIBRARIES and (code.co_name in forbid.names or owner in forbid.names))
                or (module == notebook and code.co_name in forbid.exercises)):
            within.append(frame)
            what = f"{module}.{code.co_qualname}"
            if what not in seen and len(found) < MAX_USES:
                seen.add(what)
                found.append(Use(what, f"called while `{name}` ran"))

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        yield
    finally:
        sys.setprofile(previous)


def gather(request: Request, answer) -> Evidence:
    """The evidence `answer` (the student's object named `request.answer`) gives for `request`."""
    if answer is None or answer is NotImplemented:
        return Evidence(defined=False)
    type_name = type(answer).__name__
    if request.kind is RequestKind.VALUE:
        return Evidence(True, type_name, callable(answer), value=normalise(answer))
    if request.kind is RequestKind.EXPRESSION:
        return Evidence(True, type_name, callable(answer), expression=answer)
    if not callable(answer):
        return Evidence(True, type_name, False)
    if request.kind is RequestKind.GRAPH:
        return Evidence(True, type_name, True, (), tuple(observe(functools.partial(run_graph, answer),
                                                                 list(request.probes))))
    used: list[Use] = []
    notebook = getattr(answer, "__module__", None) or "__main__"
    with (substituted(answer, request.substitutes),
          reporting(request.forbid, notebook, request.name, used, request.substitutes)):
        observations = observe(answer, list(request.probes))
    count = max((len(p.args) for p in request.probes), default=0)
    return Evidence(True, type_name, True, arg_names(answer, count), tuple(observations), used=tuple(used))


# The grading code as the setup cell's import left it, before any of the student's code ran.
from grader.in_kernel import integrity  # noqa: E402  (imports this module's dependants)

integrity.take_snapshot()

"""Evidence as JSON, for its trip from the student's kernel to the grader.

The kernel is the student's: whatever arrives may have been forged. Decoding
therefore builds nothing but plain data (floats, float64 arrays, strings of
bounded length) and SymPy trees made only of known SymPy classes, with symbol
names that are plain identifiers (SymPy's `lambdify` writes names into the
code it generates). Anything else is a `MalformedEvidence`, which the grader
scores 0 and flags; it never raises anything else and never calls student code.
"""

from __future__ import annotations

import base64
import math
import re
from typing import Any

import numpy as np
import sympy as sp
from sympy.core.parameters import evaluate
from sympy.functions.elementary.piecewise import ExprCondPair

from grader.evidence import MAX_DEPTH, MAX_ITEMS, Evidence, Observation, Probe, RequestKind, Returned, Use

MIME_TYPE = "application/vnd.calc4ml.evidence+json"
MAX_TEXT = 500
MAX_NODES = 20_000
MAX_DIGITS = 1_000
KINDS = ("none", "bool", "number", "array", "sequence", "mapping", "expression", "other")
# Forbidden uses and altered names a kernel reports: a handful in any honest case.
MAX_REPORTED = 20
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,39}\Z")
TYPE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_. ]{0,79}\Z")


class MalformedEvidence(ValueError):
    """What came back is not evidence the grader could have asked for."""


# The SymPy classes an answer may be built from: elementary functions and what
# the checks themselves recognise (unevaluated derivatives, piecewise pieces).
# A short list on purpose: the grader simplifies and evaluates what it rebuilds,
# and some SymPy classes compute for a very long time once asked (factorial,
# fibonacci, huge integer powers), in C code the time limit cannot interrupt.
SYMPY_NAMES = (
    "Add Mul Pow exp log sin cos tan cot sec csc asin acos atan acot atan2 sinh cosh tanh coth sech csch "
    "asinh acosh atanh Abs sign Heaviside Max Min Piecewise floor ceiling erf re im conjugate Mod "
    "Derivative Integral Limit Tuple Equality Unequality StrictLessThan LessThan StrictGreaterThan "
    "GreaterThan And Or Not"
).split()
MAX_EXPONENT = 10_000
# Exact arithmetic (SymPy's, or Python's in code `lambdify` writes) on numbers of
# this many digits still takes milliseconds; it is C code that no signal interrupts.
MAX_EXACT_DIGITS = 100_000


def _sympy_classes() -> dict[str, type]:
    return {**{name: getattr(sp, name) for name in SYMPY_NAMES}, "ExprCondPair": ExprCondPair}


SYMPY_CLASSES = _sympy_classes()


# -- kernel side ----------------------------------------------------------------

def _float(value: float) -> str:
    return repr(float(value))  # exact, and nan/inf survive JSON


def encode_returned(returned: Returned | None):
    if returned is None:
        return None
    kind, value = returned.kind, returned.value
    if kind == "number":
        value = _float(value)
    elif kind == "array":
        value = {"shape": list(value.shape), "b64": base64.b64encode(np.ascontiguousarray(value, "<f8").tobytes()).decode()}
    elif kind == "expression":
        value = encode_tree(value)
    elif kind == "sequence":
        value = [encode_returned(item) for item in value]
    elif kind == "mapping":
        value = [[key if isinstance(key, str) else _float(key), isinstance(key, str), encode_returned(item)]
                 for key, item in value.items()]
    return {"kind": kind, "type": returned.type_name, "value": value}


def encode_tree(expr: sp.Basic) -> list:
    if isinstance(expr, sp.Symbol):
        return ["Symbol", expr.name]
    if isinstance(expr, sp.Integer):
        return ["Integer", str(int(expr))]
    if isinstance(expr, sp.Rational):
        return ["Rational", str(expr.p), str(expr.q)]
    if isinstance(expr, sp.Float):
        return ["Float", str(expr), int(expr._prec)]
    if isinstance(expr, sp.Number) or not expr.args:
        return ["S", type(expr).__name__]  # pi, E, I, oo, nan, true, ...
    return [type(expr).__name__, *(encode_tree(arg) for arg in expr.args)]


def encode_expression(obj, depth: int = 0):
    if obj is None:
        return {"kind": "none"}
    if isinstance(obj, sp.MatrixBase):
        return {"kind": "matrix", "rows": obj.rows, "cols": obj.cols, "items": [encode_tree(e) for e in obj]}
    if isinstance(obj, sp.Basic):
        return {"kind": "sympy", "tree": encode_tree(obj)}
    if isinstance(obj, (list, tuple)) and depth < 2:
        return {"kind": "sequence", "items": [encode_expression(item, depth + 1) for item in obj]}
    if isinstance(obj, bool):
        return {"kind": "bool", "value": obj}
    if isinstance(obj, (int, float)):
        return {"kind": "number", "value": _float(obj), "integer": isinstance(obj, int)}
    return {"kind": "opaque", "type": type(obj).__name__, "callable": callable(obj)}


def encode_evidence(evidence: Evidence) -> dict:
    return {
        "defined": evidence.defined,
        "type": evidence.type_name,
        "callable": evidence.is_callable,
        "arg_names": list(evidence.arg_names),
        "observations": [{"returned": encode_returned(o.returned), "error": o.error, "modified": list(o.modified)}
                         for o in evidence.observations],
        "value": encode_returned(evidence.value),
        "expression": encode_expression(evidence.expression),
        "used": [{"what": use.what, "where": use.where} for use in evidence.used[:MAX_REPORTED]],
    }


# -- grader side ----------------------------------------------------------------

def _require(condition: bool, what: str) -> None:
    if not condition:
        raise MalformedEvidence(what)


def _text(value, what: str, limit: int = MAX_TEXT) -> str:
    _require(isinstance(value, str) and len(value) <= limit, f"{what} is not a short string")
    return value


def _decode_float(value) -> float:
    try:
        return float(_text(value, "a number", 40))
    except ValueError:
        raise MalformedEvidence("a number is not a number") from None


def decode_returned(data, depth: int = 0) -> Returned | None:
    if data is None:
        return None
    _require(isinstance(data, dict) and data.get("kind") in KINDS, "a returned value has no known kind")
    kind, value, type_name = data["kind"], data.get("value"), _text(data.get("type"), "a type name", 80)
    _require(depth <= MAX_DEPTH, "a returned value is nested too deeply")
    if kind == "none":
        value = None
    elif kind == "bool":
        _require(isinstance(value, bool), "a bool is not a bool")
    elif kind == "number":
        value = _decode_float(value)
    elif kind == "array":
        _require(isinstance(value, dict), "an array has no shape and data")
        shape = value.get("shape")
        _require(isinstance(shape, list) and 1 <= len(shape) <= 8
                 and all(isinstance(n, int) and not isinstance(n, bool) and 0 <= n <= MAX_ITEMS for n in shape)
                 and math.prod(shape) <= MAX_ITEMS, "an array has an impossible shape")
        try:
            raw = base64.b64decode(_text(value.get("b64"), "array data", 8 * MAX_ITEMS * 2), validate=True)
        except ValueError:
            raise MalformedEvidence("array data is not base64") from None
        _require(len(raw) == 8 * math.prod(shape), "array data does not fit its shape")
        value = np.frombuffer(raw, dtype="<f8").astype(np.float64).reshape(shape)
    elif kind == "expression":
        value = _bounded(_decode_tree(value, [MAX_NODES]))
    elif kind == "sequence":
        _require(isinstance(value, list) and len(value) <= MAX_ITEMS, "a sequence is not a list")
        value = tuple(decode_returned(item, depth + 1) for item in value)
    elif kind == "mapping":
        _require(isinstance(value, list) and len(value) <= MAX_ITEMS, "a mapping is not a list of items")
        items = {}
        for entry in value:
            _require(isinstance(entry, list) and len(entry) == 3, "a mapping item is malformed")
            key, is_text, item = entry
            items[_text(key, "a key", 200) if is_text is True else _decode_float(key)] = decode_returned(item, depth + 1)
        value = items
    else:
        value = None if value is None else _text(value, "a text value", 200)
    return Returned(kind, value, type_name)


def _decode_tree(node, budget: list[int], depth: int = 0) -> sp.Basic:
    budget[0] -= 1
    _require(budget[0] >= 0 and depth <= 200, "an expression is too large")
    _require(isinstance(node, list) and bool(node) and isinstance(node[0], str), "an expression node is malformed")
    head, args = node[0], node[1:]
    if head == "Symbol":
        _require(len(args) == 1 and isinstance(args[0], str) and IDENTIFIER.match(args[0]) is not None,
                 "a symbol name is not a plain identifier")
        return sp.Symbol(args[0])
    if head == "Integer":
        _require(len(args) == 1 and re.fullmatch(rf"-?\d{{1,{MAX_DIGITS}}}", str(args[0])) is not None, "bad integer")
        return sp.Integer(int(args[0]))
    if head == "Rational":
        _require(len(args) == 2 and all(re.fullmatch(rf"-?\d{{1,{MAX_DIGITS}}}", str(a)) for a in args)
                 and int(args[1]) != 0, "bad rational")
        return sp.Rational(int(args[0]), int(args[1]))
    if head == "Float":
        _require(len(args) == 2 and isinstance(args[1], int) and 1 <= args[1] <= 4000, "bad float")
        try:
            return sp.Float(_text(args[0], "a float", MAX_DIGITS), precision=args[1])
        except ValueError:
            raise MalformedEvidence("bad float") from None
    if head == "S":
        _require(len(args) == 1 and isinstance(args[0], str), "bad singleton")
        singleton = getattr(sp.S, args[0], None) if IDENTIFIER.match(args[0]) else None
        _require(isinstance(singleton, sp.Basic) and type(singleton).__name__ == args[0], "unknown singleton")
        return singleton
    cls = SYMPY_CLASSES.get(head)
    if cls is None:
        raise MalformedEvidence(f"unknown expression type {head[:40]!r}")
    children = [_decode_tree(arg, budget, depth + 1) for arg in args]
    try:
        with evaluate(False):  # as the student built it; no work done on the grader's time here
            return cls(*children)
    except Exception:
        raise MalformedEvidence(f"a {head} could not be rebuilt") from None


def exact_digits(expr: sp.Basic) -> int:
    """An upper bound on the digits of the exact numbers that working `expr` out produces.

    Powers are what make numbers grow: a constant exponent must be small, and a
    constant base raised to it must stay within MAX_EXACT_DIGITS.
    """
    if isinstance(expr, sp.Rational):
        return len(str(abs(expr.p))) + len(str(expr.q))
    if not expr.args:
        return 20  # symbols, floats, pi, oo: worked out in floating point
    digits = [exact_digits(arg) for arg in expr.args]
    total = sum(digits)
    if isinstance(expr, sp.Pow):
        base, exponent = expr.args
        if not exponent.free_symbols:
            _require(digits[1] <= 12 and abs(float(exponent)) <= MAX_EXPONENT, "an exponent is too large")
            if not base.free_symbols:
                total = int(digits[0] * max(1.0, abs(float(exponent)))) + digits[1]
    _require(total <= MAX_EXACT_DIGITS, "a number in it is too large to work with")
    return total


def _bounded(expr: sp.Basic) -> sp.Basic:
    exact_digits(expr)
    return expr


def round_trip(expr: sp.Basic) -> sp.Basic:
    """`expr` as the grader rebuilds it from evidence; MalformedEvidence if it cannot be."""
    return _bounded(_decode_tree(encode_tree(expr), [MAX_NODES]))


class _Opaque:
    """Stands in for an answer that is not an expression: only its type name travels."""


def _stand_in(type_name: str, is_callable: bool):
    if type_name == "str":
        return ""
    namespace = {"__call__": lambda self, *a, **k: None} if is_callable else {}
    return type(type_name, (_Opaque,), namespace)()


def decode_expression(data, depth: int = 0):
    _require(isinstance(data, dict), "an expression answer is malformed")
    kind = data.get("kind")
    budget = [MAX_NODES]
    if kind == "none":
        return None
    if kind == "sympy":
        return _bounded(_decode_tree(data.get("tree"), budget))
    if kind == "matrix":
        rows, cols, items = data.get("rows"), data.get("cols"), data.get("items")
        _require(all(isinstance(n, int) and 0 <= n <= 100 for n in (rows, cols)) and isinstance(items, list)
                 and len(items) == rows * cols, "a matrix is malformed")
        return sp.ImmutableMatrix(rows, cols, [_bounded(_decode_tree(item, budget)) for item in items])
    if kind == "sequence":
        items = data.get("items")
        _require(depth < 2 and isinstance(items, list) and len(items) <= 100, "a list of expressions is malformed")
        return [decode_expression(item, depth + 1) for item in items]
    if kind == "bool":
        _require(isinstance(data.get("value"), bool), "a bool is not a bool")
        return data["value"]
    if kind == "number":
        value = _decode_float(data.get("value"))
        return int(value) if data.get("integer") is True and value.is_integer() else value
    _require(kind == "opaque" and isinstance(data.get("callable"), bool), "an expression answer has no known kind")
    type_name = _text(data.get("type"), "a type name", 80)
    _require(TYPE_NAME.match(type_name) is not None, "a type name is not a name")
    return _stand_in(type_name, data["callable"])


def decode_evidence(data, probes: tuple[Probe, ...], kind: RequestKind) -> Evidence:
    """The evidence for a request of `kind` with these `probes` (the grader's own)."""
    _require(isinstance(data, dict), "evidence is not an object")
    defined, is_callable = data.get("defined"), data.get("callable")
    _require(isinstance(defined, bool) and isinstance(is_callable, bool), "evidence lacks its flags")
    type_name = _text(data.get("type"), "a type name", 80)
    if not defined:
        return Evidence(defined=False)
    names = data.get("arg_names")
    _require(isinstance(names, list) and len(names) <= 64, "argument names are malformed")
    arg_names = tuple(_text(n, "an argument name", 80) for n in names)
    raw = data.get("observations")
    _require(isinstance(raw, list), "observations are not a list")
    observations: tuple[Observation, ...] = ()
    value = expression = None
    if kind in (RequestKind.CALLS, RequestKind.GRAPH) and is_callable:
        _require(len(raw) == len(probes), f"{len(raw)} observations for {len(probes)} probes")
        observations = tuple(_decode_observation(item, probe) for item, probe in zip(raw, probes))
    else:
        _require(not raw, "observations that were not asked for")
    if kind is RequestKind.VALUE:
        value = decode_returned(data.get("value"))
        _require(value is not None, "the value is missing")
    if kind is RequestKind.EXPRESSION:
        expression = decode_expression(data.get("expression"))
    return Evidence(True, type_name, is_callable, arg_names, observations, value, expression,
                    _decode_uses(data.get("used", [])))


def _decode_uses(data) -> tuple[Use, ...]:
    _require(isinstance(data, list) and len(data) <= MAX_REPORTED, "reported uses are malformed")
    uses = []
    for item in data:
        _require(isinstance(item, dict), "a reported use is malformed")
        uses.append(Use(_text(item.get("what"), "a reported use", 120), _text(item.get("where"), "a reported use", 120)))
    return tuple(uses)


def decode_altered(data) -> tuple[str, ...] | None:
    """What the kernel found altered of the grading code it runs; None when it sent no report at all."""
    if data is None:
        return None
    _require(isinstance(data, list) and len(data) <= MAX_REPORTED, "the integrity report is malformed")
    return tuple(_text(item, "an altered name", 120) for item in data)


def _decode_observation(item, probe: Probe) -> Observation:
    _require(isinstance(item, dict), "an observation is malformed")
    error = item.get("error")
    modified = item.get("modified")
    _require(error is None or isinstance(error, str), "an error is not a string")
    _require(isinstance(modified, list) and all(isinstance(i, int) and 0 <= i < 64 for i in modified),
             "modified arguments are malformed")
    returned = decode_returned(item.get("returned"))
    _require((returned is None) != (error is None), "an observation has both or neither a value and an error")
    return Observation(probe, returned, None if error is None else error[:MAX_TEXT], tuple(modified))


def payload(nonce: str, index: int, name: str, evidence: Evidence, altered: tuple[str, ...] = ()) -> dict[str, Any]:
    """What the kernel publishes for one request: the evidence, and what of the grading code it found altered."""
    return {"nonce": nonce, "index": index, "name": name, "evidence": encode_evidence(evidence),
            "altered": list(altered[:MAX_REPORTED])}

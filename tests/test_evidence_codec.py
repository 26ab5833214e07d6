"""Evidence survives its trip from the kernel as JSON, and forged evidence is refused, never obeyed."""

import json

import numpy as np
import pytest
import sympy as sp

from grader.evidence import Evidence, Probe, Request, RequestKind
from grader.evidence_codec import (
    MalformedEvidence,
    decode_evidence,
    decode_expression,
    decode_returned,
    encode_evidence,
    encode_expression,
    encode_returned,
)
from grader.in_kernel.gathering import gather, normalise

x, y = sp.symbols("x y", real=True)


def trip(data):
    return json.loads(json.dumps(data))


@pytest.mark.parametrize("value", [None, True, 2.5, -0.0, float("nan"), float("inf"), "slow",
                                   np.arange(6.0).reshape(2, 3), (1.0, np.array([2.0, 3.0])),
                                   {0.1: "diverged", "a": 1.5}, [1, [2, [3.0]]]])
def test_returned_values_round_trip(value):
    returned = normalise(value)
    back = decode_returned(trip(encode_returned(returned)))
    assert back.kind == returned.kind and back.type_name == returned.type_name
    assert repr(back) == repr(returned) or np.array_equal(back.value, returned.value, equal_nan=True)


def test_arrays_come_back_as_float64_with_their_shape():
    back = decode_returned(trip(encode_returned(normalise(np.ones((3, 4), dtype=np.float32)))))
    assert back.value.dtype == np.float64 and back.value.shape == (3, 4)


@pytest.mark.parametrize("expr", [x**2 * sp.exp(x), sp.log(x) / x, sp.sin(x)**2 - sp.Rational(1, 3),
                                  sp.Piecewise((x, x < 0), (x**2, True)), sp.Abs(x) + sp.pi * y,
                                  sp.Float("1.25") * x, sp.Derivative(x**3, x), sp.sqrt(x + 1), sp.oo])
def test_expressions_round_trip_exactly(expr):
    assert decode_expression(trip(encode_expression(expr))) == expr.xreplace({x: sp.Symbol("x"), y: sp.Symbol("y")})


def test_lists_and_matrices_of_expressions_round_trip():
    assert decode_expression(trip(encode_expression([x, 2 * x]))) == [sp.Symbol("x"), 2 * sp.Symbol("x")]
    assert decode_expression(trip(encode_expression(sp.Matrix([[x, 1], [0, x]])))).shape == (2, 2)


def test_answers_that_are_not_expressions_keep_only_their_type():
    def helper(t):
        return t

    stand_in = decode_expression(trip(encode_expression(helper)))
    assert type(stand_in).__name__ == "function" and callable(stand_in)
    assert decode_expression(trip(encode_expression("x**2"))) == ""
    assert decode_expression(trip(encode_expression(3))) == 3


def test_a_symbol_named_like_code_is_refused():
    forged = {"kind": "sympy", "tree": ["Symbol", "__import__('os').system('true')"]}
    with pytest.raises(MalformedEvidence, match="identifier"):
        decode_expression(forged)


@pytest.mark.parametrize("head", ["Function", "Symbol2", "eval", "Lambda_"])
def test_unknown_or_code_making_classes_are_refused(head):
    with pytest.raises(MalformedEvidence):
        decode_expression({"kind": "sympy", "tree": [head, ["Symbol", "x"]]})


def test_an_expression_too_large_is_refused():
    tree = ["Symbol", "x"]
    for _ in range(300):
        tree = ["Add", tree, ["Integer", "1"]]
    with pytest.raises(MalformedEvidence, match="too large"):
        decode_expression({"kind": "sympy", "tree": tree})


@pytest.mark.parametrize("tree", [
    ["Pow", ["Integer", "10"], ["Integer", "1000000000"]],
    ["factorial", ["Integer", "1000000000"]],
    ["Pow", ["Pow", ["Integer", "7"], ["Integer", "10000"]], ["Integer", "300"]],
    ["Pow", ["Integer", "7"], ["Mul", ["Integer", "10000"], ["Integer", "300"]]],
    ["Pow", ["Symbol", "x"], ["Pow", ["Integer", "10"], ["Integer", "9"]]],
    ["Mul", ["Symbol", "x"], *[["Pow", ["Integer", "9"], ["Integer", "10000"]]] * 12],
])
def test_what_would_take_the_grader_forever_to_work_out_is_refused(tree):
    with pytest.raises(MalformedEvidence):
        decode_expression({"kind": "sympy", "tree": tree})


@pytest.mark.parametrize("expr", [(x + 1)**40, 2**x * sp.Rational(3, 7)**5, x**sp.Rational(1, 3),
                                  sp.exp(x) * 10**200, sp.Pow(sp.pi, 1000, evaluate=False)])
def test_honest_powers_are_within_bounds(expr):
    assert decode_expression(trip(encode_expression(expr))) is not None


def _calls_evidence(fn, probes):
    return trip(encode_evidence(gather(Request(RequestKind.CALLS, "f", "f", probes), fn)))


def test_observations_are_attached_to_the_graders_own_probes():
    probes = (Probe((1.0,)), Probe((2.0,)))
    evidence = decode_evidence(_calls_evidence(lambda t: t * t, probes), probes, RequestKind.CALLS)
    assert [o.probe for o in evidence.observations] == list(probes)
    assert [o.returned.value for o in evidence.observations] == [1.0, 4.0]


def test_fewer_or_more_observations_than_probes_are_refused():
    probes = (Probe((1.0,)), Probe((2.0,)))
    data = _calls_evidence(lambda t: t, probes)
    with pytest.raises(MalformedEvidence, match="observations for"):
        decode_evidence(data, probes[:1], RequestKind.CALLS)


def test_observations_for_a_value_request_are_refused():
    data = _calls_evidence(lambda t: t, (Probe((1.0,)),))
    with pytest.raises(MalformedEvidence, match="not asked for"):
        decode_evidence(data, (), RequestKind.VALUE)


@pytest.mark.parametrize("forged", [
    {"kind": "array", "type": "ndarray", "value": {"shape": [3], "b64": "AAAAAAAAAAA="}},
    {"kind": "array", "type": "ndarray", "value": {"shape": [10**9], "b64": ""}},
    {"kind": "number", "type": "float", "value": "__import__('os')"},
    {"kind": "object", "type": "float", "value": "1.0"},
    {"kind": "number", "type": "x" * 1000, "value": "1.0"},
    ["number", 1.0],
])
def test_forged_values_are_refused(forged):
    with pytest.raises(MalformedEvidence):
        decode_returned(forged)


def test_an_observation_with_both_a_value_and_an_error_is_refused():
    data = _calls_evidence(lambda t: t, (Probe((1.0,)),))
    data["observations"][0]["error"] = "ValueError: no"
    with pytest.raises(MalformedEvidence, match="both or neither"):
        decode_evidence(data, (Probe((1.0,)),), RequestKind.CALLS)


def test_lying_objects_arrive_as_what_they_are():
    class Liar(float):
        def __eq__(self, other):
            return True

        def __sub__(self, other):
            return 0.0

    class Pretender:
        def __float__(self):
            return 4.0

        def __array__(self, *args, **kwargs):
            return np.array(4.0)

    probes = (Probe((2.0,)),)
    liar = decode_evidence(_calls_evidence(lambda t: Liar(-1.0), probes), probes, RequestKind.CALLS)
    pretender = decode_evidence(_calls_evidence(lambda t: Pretender(), probes), probes, RequestKind.CALLS)
    assert liar.observations[0].returned.value == -1.0
    assert pretender.observations[0].returned.kind == "other"


def test_an_undefined_answer_decodes_as_undefined():
    assert decode_evidence(trip(encode_evidence(Evidence(defined=False))), (), RequestKind.CALLS) == Evidence(defined=False)

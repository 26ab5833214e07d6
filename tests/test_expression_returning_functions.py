"""Functions that return SymPy expressions (taylor_polynomial): their results travel as evidence and are judged
by `check_expression_function`, call by call; and the Taylor references they are judged against."""

import json

import numpy as np
import pytest
import sympy as sp

from grader import references
from grader.checks import AnswerNotAccepted, check_expression_function
from grader.evidence import ORDER_TERM, Probe, Request, RequestKind
from grader.evidence_codec import MalformedEvidence, decode_evidence, decode_returned, encode_evidence
from grader.in_kernel.gathering import gather, normalise, observe
from grader.judging.domains import Domain
from grader.judging.mistakes import expression_calls_alike
from grader.judging.verdict import Status

X = sp.Symbol("x", real=True)
CALLS = [(sp.exp(X), X, 1, 2), (sp.log(X), X, 2, 3), (sp.cos(X), X, 0, 0)]
AROUND = lambda expr, var, a, order: Domain.of([var], float(a) - 1, float(a) + 1)  # noqa: E731


def by_definition(expr, var, a, order):
    return sum(sp.diff(expr, var, k).subs(var, a) / sp.factorial(k) * (var - a)**k for k in range(order + 1))


def rejection(answer, calls=CALLS, **options):
    with pytest.raises(AnswerNotAccepted) as caught:
        check_expression_function("taylor_polynomial", answer, references.taylor_polynomial_of, calls, AROUND,
                                  **options)
    return caught.value.verdict


# -- the evidence -------------------------------------------------------------------------

def test_a_returned_expression_is_kept_as_the_grader_rebuilds_it():
    returned = normalise(X**2 / 2 + sp.exp(X))
    assert returned.kind == "expression" and returned.type_name == "Add"
    assert returned.value == (sp.Symbol("x")**2 / 2 + sp.exp(sp.Symbol("x")))


def test_an_expression_with_an_order_term_or_an_unknown_class_is_not_an_expression():
    assert normalise(sp.series(sp.exp(X), X, 0, 3)) == normalise(sp.O(X)) == normalise(X + sp.O(X**2))
    assert normalise(X + sp.O(X**2)).kind == "other" and normalise(X + sp.O(X**2)).type_name == ORDER_TERM
    undefined = normalise(sp.Function("g")(X))
    assert undefined.kind == "other" and undefined.value is None


def test_plain_numbers_stay_numbers_and_constants_are_expressions():
    assert normalise(sp.Rational(1, 2)).kind == "number" and normalise(sp.Rational(1, 2)).value == 0.5
    assert normalise(sp.pi).kind == "expression" and normalise(sp.pi).value == sp.pi


def test_returned_expressions_survive_the_trip_from_the_kernel():
    probes = (Probe((sp.exp(X), X, 0, 2)), Probe((sp.cos(X), X, 0, 0)))
    data = json.loads(json.dumps(encode_evidence(gather(Request(RequestKind.CALLS, "t", "t", probes), by_definition))))
    observations = decode_evidence(data, probes, RequestKind.CALLS).observations
    assert [o.returned.kind for o in observations] == ["expression", "number"]
    assert sp.simplify(observations[0].returned.value - (1 + sp.Symbol("x") + sp.Symbol("x")**2 / 2)) == 0
    assert observations[1].returned.value == 1.0


@pytest.mark.parametrize("tree", [["Function", ["Symbol", "x"]], ["Symbol", "__import__('os')"],
                                  ["Pow", ["Integer", "10"], ["Integer", "100000"]]])
def test_a_forged_returned_expression_is_refused(tree):
    with pytest.raises(MalformedEvidence):
        decode_returned({"kind": "expression", "type": "Add", "value": tree})


# -- the check ------------------------------------------------------------------------------

def test_a_correct_function_passes_in_any_form(capsys):
    check_expression_function("taylor_polynomial", by_definition, references.taylor_polynomial_of, CALLS, AROUND)
    check_expression_function("taylor_polynomial", lambda e, v, a, n: sp.expand(sp.series(e, v, a, n + 1).removeO()),
                              references.taylor_polynomial_of, CALLS, AROUND)
    assert capsys.readouterr().out.count("✓ `taylor_polynomial` is correct (3 calls checked).") == 2


def test_public_tests_give_the_expected_expressions_and_one_domain():
    check_expression_function("taylor_polynomial", by_definition, [1 + X + X**2 / 2], [(sp.exp(X), X, 0, 2)],
                              Domain.of([X], -2, 2), reveal=True)
    with pytest.raises(ValueError, match="2 expected expressions for 1 calls"):
        check_expression_function("taylor_polynomial", by_definition, [1, X], [(sp.exp(X), X, 0, 2)],
                                  Domain.of([X]))


def test_a_wrong_polynomial_is_incorrect_and_hidden_arguments_stay_hidden():
    verdict = rejection(lambda e, v, a, n: by_definition(e, v, a, n) + (v - a)**(n + 1))
    assert verdict.status is Status.INCORRECT
    assert verdict.message.startswith("At x > 0 your expression `taylor_polynomial(e of type exp, v of type Symbol, "
                                      "a > 0, n > 0)` equals ")
    assert "exp(x)" not in verdict.message


def test_revealed_arguments_are_shown():
    verdict = rejection(lambda e, v, a, n: v, [(sp.exp(X), X, 0, 2)], reveal=True)
    assert "`taylor_polynomial(e = exp(x), v = x, a = 0, n = 2)`" in verdict.message


@pytest.mark.parametrize("answer, words", [
    (lambda e, v, a, n: sp.series(e, v, a, n + 1), "still ends in an O() term"),
    (lambda e, v, a, n: None, "returned None (is a `return` missing?), but a SymPy expression was expected"),
    (lambda e, v, a, n: "1 + x", "returned a string, but a SymPy expression was expected"),
    (lambda e, v, a, n: 1 / 0, "raised ZeroDivisionError"),
])
def test_answers_that_are_no_polynomial_are_invalid(answer, words):
    verdict = rejection(answer)
    assert verdict.status is Status.INVALID and words in verdict.message


def test_a_constant_polynomial_may_be_a_plain_number():
    check_expression_function("taylor_polynomial", lambda e, v, a, n: 1.0, references.taylor_polynomial_of,
                              [(sp.cos(X), X, 0, 0), (sp.exp(X), X, 0, 0)], AROUND)
    assert rejection(lambda e, v, a, n: 2, [(sp.cos(X), X, 0, 0)]).status is Status.INCORRECT


def test_a_catalogued_mistake_is_named():
    verdict = rejection(lambda e, v, a, n: sp.series(e, v, a, n).removeO())
    assert verdict.tag == "order-off-by-one"
    assert verdict.message.startswith("Common mistake recognised (order-off-by-one): sp.series(expr, var, a, n)")
    assert rejection(lambda e, v, a, n: sp.series(e, v, a, n + 1)).tag == "kept-order-term"


def test_calls_are_alike_only_when_every_expression_is():
    probes = [Probe(args) for args in CALLS]
    domains = [AROUND(*args) for args in CALLS]
    student = observe(by_definition, probes)
    assert expression_calls_alike(student, observe(lambda e, v, a, n: sp.expand(by_definition(e, v, a, n)), probes),
                                  domains)
    assert not expression_calls_alike(student, observe(lambda e, v, a, n: by_definition(e, v, a, n) + v**5, probes),
                                      domains)
    assert not expression_calls_alike(student, observe(lambda e, v, a, n: 1 / 0, probes), domains)
    blank = observe(lambda e, v, a, n: exec("raise NotImplementedError()"), probes)
    assert not expression_calls_alike(blank, blank, domains)


# -- the references -------------------------------------------------------------------------

def test_taylor_references_match_known_polynomials(x):
    assert references.taylor_polynomial_of(sp.exp(x), x, 0, 3) == 1 + x + x**2 / 2 + x**3 / 6
    assert references.taylor_polynomial_of(sp.sin(x), x, 0, 6) == x - x**3 / 6 + x**5 / 120
    assert references.taylor_polynomial_of(sp.cos(x), x, 1, 0) == sp.cos(1)
    assert sp.expand(references.taylor_polynomial_of(x**3, x, 2, 1)) == 12 * x - 16
    centred = references.taylor_polynomial_of(sp.exp(x), x, 0.5, 1)
    assert np.isclose(float(centred.subs(x, 1.5)), 2 * np.exp(0.5))


def test_a_series_that_disagrees_with_the_definition_is_a_course_bug(x, monkeypatch):
    monkeypatch.setattr(references.sp, "series", lambda expr, var, a, n: sp.exp(var) + sp.O(var**n))
    references.taylor_polynomial_of.cache_clear()  # a polynomial worked out before the bug is remembered
    with pytest.raises(references.CourseBug, match="Not your fault"):
        references.taylor_polynomial_of(sp.exp(x), x, 0, 2)

"""The autodiff exercise (ps3's Value): graphs traced by the grader, built in the kernel, judged outside it.

The notebook's own test cell is planned once, as autograde plans it; each class
below is then run through what the kernel does (gather, encode as JSON) and what
the grader does (decode, judge), so these tests cross the same boundary grading does.
"""

import json
import re

import pytest
import sympy as sp
from paths import REPO

from grader import catalogue
from grader.checks import AnswerNotAccepted, check_autodiff
from grader.demo import alternatives, classroom
from grader.evidence import Probe, Request, RequestKind
from grader.evidence_codec import MalformedEvidence, decode_evidence, encode_evidence
from grader.grading_plan import plan_notebook
from grader.graphs import trace
from grader.in_kernel.gathering import gather, run_graph
from grader.judging.verdict import Status

ASSIGNMENT = "ps3_chain_rule"
SOURCE = classroom.read(REPO / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
SOLUTION = classroom.instructor_answers(SOURCE)["Value"]


def defined(source: str) -> type:
    namespace = catalogue.namespace_for("Value")
    exec(source, namespace)
    return namespace["Value"]


@pytest.fixture(scope="module")
def planned():
    cells = {cell.metadata.get("nbgrader", {}).get("grade_id"): cell.source for cell in SOURCE.cells}
    plans = plan_notebook([("setup", "setup", cells["setup"]), ("test", "test_Value", cells["test_Value"])],
                          ["Value"])
    assert plans["test_Value"].error is None
    return plans["test_Value"].checks


def graded(checks, value_class) -> list:
    """The verdict of each planned check, with the evidence taken across the kernel boundary as JSON."""
    verdicts = []
    for check in checks:
        sent = json.loads(json.dumps(encode_evidence(gather(check.request, value_class))))
        evidence = decode_evidence(sent, check.request.probes, check.request.kind)
        verdicts.append(check.judge(evidence, check.namespace))
    return verdicts


# -- tracing ----------------------------------------------------------------------------

def test_a_trace_is_plain_steps_over_numbered_nodes():
    graph = trace(lambda a, b: (a * b).tanh() + a)
    assert graph.leaves == ("a", "b")
    assert graph.program == (("mul", 0, 1), ("tanh", 2), ("add", 3, 0))
    assert graph.text == "`L = (a * b).tanh() + a`"
    a, b = graph.symbols
    assert graph.expr == sp.tanh(a * b) + a


def test_numbers_keep_their_side_and_become_floats():
    graph = trace(lambda a: 2 - a * 3)
    assert graph.program == (("mul", 0, 3.0), ("sub", 2.0, 1))
    assert graph.text == "`L = 2.0 - a * 3.0`"


def test_a_node_used_more_than_once_is_named_in_the_text():
    def used_three_times(a, b):
        c = a * b
        return c * c + c.tanh()

    assert trace(used_three_times).text == "`h1 = a * b; L = h1 * h1 + h1.tanh()`"


def test_parentheses_only_where_python_needs_them():
    assert trace(lambda a, b: a - (b - a)).text == "`L = a - (b - a)`"
    assert trace(lambda a: (-a) ** 2.0).text == "`L = (-a) ** 2.0`"
    assert trace(lambda a: -(a + 1.0)).text == "`L = -(a + 1.0)`"


def test_a_long_expression_is_described_by_its_size():
    def chain(a):
        for _ in range(60):
            a = a * 0.5 + 1.0
        return a

    assert trace(chain).text == "L = an expression of 120 operations on a"


def test_relu_follows_the_course_convention_at_zero():
    graph = trace(lambda a: a.relu())
    assert graph.reference()(0.0) == (0.0, 1.0, (0.0,))
    assert graph.reference()(2.0) == (2.0, 1.0, (1.0,))


@pytest.mark.parametrize("build", [lambda a: a, lambda a: a ** a, lambda a: a * "2", lambda a: (a * 2.0, a + 1.0)[0]])
def test_what_the_contract_does_not_offer_is_a_course_bug(build):
    with pytest.raises((TypeError, ValueError)):
        trace(build)


# -- the kernel side -------------------------------------------------------------------------

def test_run_graph_reports_only_numbers():
    value_class = defined(SOLUTION)
    graph = trace(lambda a, b: (a * b + a) ** 2.0)
    data, grad, grads = run_graph(value_class, graph.program, (2.0, -3.0))
    assert (data, grad, grads) == (16.0, 1.0, (16.0, -16.0))
    assert all(type(v) is float for v in (data, grad, *grads))


def test_the_kernel_gets_programs_and_points_and_nothing_else(planned):
    (hidden, public) = planned
    for check in planned:
        assert check.request.kind == "graph" and check.request.answer == "Value"
        assert check.request.substitutes == {}
        for probe in check.request.probes:
            program, point = probe.args
            assert all(isinstance(step[0], str) and all(type(o) in (int, float) for o in step[1:]) for step in program)
            assert all(type(v) is float for v in point)
    assert not any(p.reveal for p in hidden.request.probes) and all(p.reveal for p in public.request.probes)


def test_graph_evidence_must_answer_every_probe():
    graph = trace(lambda a: a * a)
    probes = (Probe((graph.program, (1.0,))), Probe((graph.program, (2.0,))))
    sent = json.loads(json.dumps(encode_evidence(gather(Request(RequestKind.GRAPH, "Value", "Value", probes),
                                                        defined(SOLUTION)))))
    assert len(decode_evidence(sent, probes, RequestKind.GRAPH).observations) == 2
    with pytest.raises(MalformedEvidence, match="observations for"):
        decode_evidence(sent, probes[:1], RequestKind.GRAPH)


# -- judging the notebook's own tests -----------------------------------------------------------

def test_the_solution_passes_every_check(planned):
    assert all(v.passed for v in graded(planned, defined(SOLUTION)))


@pytest.mark.parametrize("alternative", [a for a in alternatives.load(ASSIGNMENT) if a.exercise == "Value"],
                         ids=lambda a: a.tag)
def test_correct_alternatives_pass(planned, alternative):
    assert all(v.passed for v in graded(planned, defined(alternative.source)))


@pytest.mark.parametrize("mistake", catalogue.mistakes_for("Value"), ids=lambda m: m.tag)
def test_each_catalogued_mistake_fails_the_hidden_tests_under_its_own_name(planned, mistake):
    hidden, public = graded(planned, defined(mistake.source))
    # A mistake that raises at an edge (a division by a zero base, cosh overflowing) is invalid there.
    assert hidden.status in (Status.INCORRECT, Status.INVALID) and hidden.tag == mistake.tag, hidden.message


def test_a_missing_or_non_class_answer_is_told_so(planned):
    (missing, _), (number, _) = graded(planned, None), graded(planned, 3.0)
    assert missing.status is Status.INVALID and "not defined" in missing.message
    assert number.status is Status.INVALID and "should be a class" in number.message


def test_a_hidden_point_is_described_never_shown(planned):
    value_class = defined(catalogue.mistakes_for("Value")[0].source)
    hidden, _ = graded(planned, value_class)
    assert "`L = a * b + a`" in hidden.message and re.search(r"With [^`]*a [<>]", hidden.message)
    a = planned[0].request.probes[0].args[1][0]
    assert f"{a:.4g}" not in hidden.message and f"{a:.3g}" not in hidden.message  # only what the answer returned shows


# -- hostile classes: whatever they do, they are judged on the numbers they report -----------------

HOSTILE = {
    "lying-grad": '''
class Liar:
    def __eq__(self, other): return True
    def __float__(self): return 0.0
    __sub__ = __rsub__ = __abs__ = lambda self, *a: 0.0
class Value:
    def __init__(self, data, *children):
        self.data, self.grad = float(data), Liar()
    def __getattr__(self, name):
        return lambda *a: Value(0.0)
    def __add__(self, other): return Value(0.0)
    __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __pow__ = __add__
    def __neg__(self): return Value(0.0)
    def backward(self): self.grad = Liar()
''',
    "exits": '''
import sys
class Value:
    def __init__(self, data):
        sys.exit(0)
''',
    "endless-recursion": '''
class Value:
    def __init__(self, data):
        self.data = Value(data)
''',
    "returns-floats": '''
class Value(float):
    grad = 1.0
    def backward(self):
        pass
''',
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_a_hostile_class_scores_nothing(planned, kind):
    verdicts = graded(planned, defined(HOSTILE[kind]))
    assert not any(v.passed for v in verdicts)
    assert all(v.status in (Status.INVALID, Status.INCORRECT) for v in verdicts)


def test_check_autodiff_both_ways_in_a_notebook(capsys):
    check_autodiff("Value", defined(SOLUTION), [(lambda a: a.exp() * a, [(0.5,), (-1.0,)])])
    assert "✓ `Value` is correct (2 graphs" in capsys.readouterr().out
    with pytest.raises(AnswerNotAccepted) as caught:
        check_autodiff("Value", defined(SOLUTION.replace("out.data * out.grad", "self.data * out.grad")),
                       [(lambda a: a.exp() * a, [(0.5,), (-1.0,)])], reveal=True)
    assert caught.value.verdict.status is Status.INCORRECT
    assert "With a = 0.5 and `L = a.exp() * a`" in caught.value.verdict.message  # a public point is shown

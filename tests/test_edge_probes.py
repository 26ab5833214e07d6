"""Hidden probes reach the edges: zero, far out, periodic and repeated roots, unstable rates, bounds.

Each notebook's own test cells are planned and judged in this process
(`grader.in_process_grading`), as autograde plans and judges them. A wrong answer that
fails only at an edge must lose its exercise's points there, under its own
catalogued name, and cost no other exercise; the instructor's solution and the
correct alternatives keep full marks at the same edges. The references the
edges need (exact values where SymPy's float64 form overflows) and the judging
of overflow are tested at the end.
"""

import numpy as np
import pytest
import sympy as sp
from paths import ASSIGNMENTS, REPO

from grader import catalogue
from grader.checks import AnswerNotAccepted, check_function
from grader.demo import alternatives
from grader.evidence import Returned
from grader.in_process_grading import failures, grade, notebook
from grader.judging.numeric import compare
from grader.judging.verdict import Status
from grader.references import derivative_of, lambdified

# One worker plans each notebook once (seconds each) for all these tests.
pytestmark = pytest.mark.xdist_group("edge-probes")

# The exercises whose hidden tests probe edges, and the mistakes those edges catch (in the catalogue).
EDGE_MISTAKES = [
    ("ps1_derivatives", "sigmoid_prime", "quotient-overflows"),
    ("ps1_derivatives", "tanh_prime", "tanh-from-exponentials"),
    ("ps1_derivatives", "classify_critical_point", "solved-for-critical-points"),
    ("ps3_chain_rule", "Value", "pow-divides-by-base"),
    ("ps3_chain_rule", "Value", "tanh-prime-by-cosh"),
    ("ps3_chain_rule", "two_layer_grads", "sigmoid-overflows"),
    ("ps4_linear_regression", "gradient_descent", "stops-at-overflow"),
    ("ps4_linear_regression", "fit_linear_regression", "stops-at-overflow"),
    ("ps4_linear_regression", "fit_multivariate", "stops-at-overflow"),
    ("ps5_learning_rate", "outcome", "bound-inclusive"),
    ("ps5_learning_rate", "outcome", "tolerance-inclusive"),
]
EDGE_EXERCISES = sorted({(a, e) for a, e, _ in EDGE_MISTAKES})


def _value_with(correct: str, mistaken: str) -> str:
    solution = notebook(REPO, "ps3_chain_rule").solution["Value"]
    assert correct in solution, correct
    return solution.replace(correct, mistaken)


# The four wrong answers of issue 16 that got full marks, each written as the student wrote it (not
# copied from the catalogue), and the catalogued mistake that must name it.
NAMED_MISSES = {
    "pow-divides-by-base": ("ps3_chain_rule", "Value", lambda: _value_with(
        "self.grad += k * self.data ** (k - 1) * out.grad", "self.grad += k * out.data / self.data * out.grad")),
    "tanh-prime-by-cosh": ("ps3_chain_rule", "Value", lambda: _value_with(
        "self.grad += (1 - out.data**2) * out.grad", "self.grad += out.grad / math.cosh(self.data)**2")),
    "solved-for-critical-points": ("ps1_derivatives", "classify_critical_point", lambda: '''
def classify_critical_point(f_expr, var, point):
    critical = sp.solve(sp.diff(f_expr, var), var)
    if point not in critical and not any(sp.simplify(c - point) == 0 for c in critical):
        return "not critical"
    second = sp.simplify(sp.diff(f_expr, var, 2).subs(var, point))
    return "minimum" if second > 0 else "maximum" if second < 0 else "inconclusive"
'''),
    "stops-at-overflow": ("ps4_linear_regression", "fit_multivariate", lambda: '''
def fit_multivariate(X, y, lr=0.1, steps=500):
    A = np.column_stack([np.ones(X.shape[0]), X])
    theta = np.zeros(A.shape[1])
    losses = []
    for step in range(steps):
        residual = A @ theta - y
        loss = float(np.mean(residual**2))
        if np.isinf(loss) or np.isnan(loss):
            break  # diverged: no point going on
        losses.append(loss)
        theta = theta - lr * (2 / len(y)) * A.T @ residual
    return theta, np.array(losses)
'''),
}


def only_this_exercise_fails(assignment: str, exercise: str, answer: str) -> list:
    """The failing verdicts of `exercise`'s test cell, after checking that no other cell failed."""
    failed = failures(grade(REPO, assignment, {exercise: answer}, from_cell=f"test_{exercise}"))
    assert set(failed) == {f"test_{exercise}"}, f"{exercise}: the failing test cells are {sorted(failed)}"
    return failed[f"test_{exercise}"]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_solution_keeps_full_marks(assignment):
    failed = failures(grade(REPO, assignment, {}))
    assert not failed, {gid: [v.message for v in vs] for gid, vs in failed.items()}


@pytest.mark.parametrize("tag", sorted(NAMED_MISSES))
def test_the_four_answers_that_got_full_marks_now_lose_their_points(tag):
    assignment, exercise, answer = NAMED_MISSES[tag]
    verdicts = only_this_exercise_fails(assignment, exercise, answer())
    assert [v.tag for v in verdicts] == [tag], [v.message for v in verdicts]
    assert f"Common mistake recognised ({tag})" in verdicts[0].message


@pytest.mark.parametrize("assignment, exercise, mistake",
                         [(a, e, m) for a, e in EDGE_EXERCISES for m in catalogue.mistakes_for(e)],
                         ids=lambda v: getattr(v, "tag", v))
def test_every_mistake_of_an_edge_probed_exercise_costs_that_exercise_under_its_name(assignment, exercise, mistake):
    verdicts = only_this_exercise_fails(assignment, exercise, mistake.source)
    assert verdicts and all(v.tag == mistake.tag for v in verdicts), [(v.tag, v.message[:120]) for v in verdicts]


def test_every_edge_mistake_is_catalogued():
    for assignment, exercise, tag in EDGE_MISTAKES:
        assert tag in {m.tag for m in catalogue.load(assignment).MISTAKES if m.exercise == exercise}, tag


@pytest.mark.parametrize("assignment, alternative",
                         [(a, alt) for a, e in EDGE_EXERCISES for alt in alternatives.load(a) if alt.exercise == e],
                         ids=lambda v: getattr(v, "tag", v))
def test_correct_alternatives_keep_full_marks_at_the_edges(assignment, alternative):
    cell = f"test_{alternative.exercise}"
    verdicts = grade(REPO, assignment, {alternative.exercise: alternative.source}, from_cell=cell)[cell]
    assert all(v.passed for v in verdicts), [v.message for v in verdicts if not v.passed]


# -- what the edges need of references and judging ------------------------------------------------

def test_a_reference_is_the_exact_value_where_sympys_float64_form_overflows(x, y):
    sigmoid_prime = derivative_of(1 / (1 + sp.exp(-x)), x)  # exp(-x) / (1 + exp(-x))**2: inf / inf at -800
    assert sigmoid_prime(-800.0) == 0.0
    assert np.array_equal(sigmoid_prime(np.array([-1000.0, 0.0, 800.0])), [0.0, 0.25, 0.0])
    assert lambdified(x**2 - y**2, [x, y])(1e200, 1e200) == 0.0  # inf - inf in float64
    assert lambdified(sp.expand((x - y)**2), [x, y])(1e200, -1e200) == np.inf  # exactly 4e400: overflow


def test_a_reference_stays_undefined_where_the_mathematics_is(x):
    assert np.isnan(lambdified(sp.log(x), [x])(-1.0))
    assert lambdified(1 / x, [x])(0.0) == np.inf
    assert lambdified(sp.exp(x), [x])(900.0) == np.inf


def number(value: float) -> Returned:
    return Returned("number", value, "float")


def test_inf_and_a_finite_value_at_the_edge_of_float64_are_alike():
    assert compare(number(np.inf), 1e306) is None
    assert compare(number(-1e306), -np.inf) is None


@pytest.mark.parametrize("got, expected", [(np.inf, 1e300), (np.inf, -1e306), (1e300, np.inf), (np.inf, -np.inf),
                                           (np.nan, np.inf)])
def test_inf_is_not_alike_a_value_of_ordinary_size_or_the_other_sign(got, expected):
    assert compare(number(got), expected) is not None


def test_an_infinite_answer_where_a_finite_value_is_due_gets_a_message():
    with pytest.raises(AnswerNotAccepted) as caught:
        check_function("overflowing", lambda v: np.inf, lambda v: 2.0, [1.0], reveal=True)
    assert caught.value.verdict.status is Status.INCORRECT
    assert "returned a value that is inf" in caught.value.verdict.message

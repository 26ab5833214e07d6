"""The by-hand rule: what an answer's source uses (a backward slice of the student's statements), what a function
answer calls while it runs, and the verdict, in a student's own kernel as in autograde."""

import numpy as np
import pytest
import sympy as sp

from grader.checks import AnswerNotAccepted, check_derivative_expression, check_function, with_source_uses
from grader.evidence import Evidence, Probe, Request, RequestKind, Use
from grader.in_kernel.gathering import gather
from grader.judging.not_allowed import BY_HAND, answer_slice, forbidden_uses, statements, verdict
from grader.judging.verdict import FAILURE_LINE, Status, failure_line

X = sp.Symbol("x", real=True)


def uses(*cells: str, name: str = "d_product") -> list[str]:
    program = statements([(f"cell {i + 1}", source) for i, source in enumerate(cells)])
    return [use.what for use in forbidden_uses(program, name, BY_HAND)]


# -- found in the source --------------------------------------------------------------------------

@pytest.mark.parametrize("source, found", [
    ("d_product = sp.diff(x**2 * sp.exp(x), x)", [".diff"]),
    ("d_product = (x**2 * sp.exp(x)).diff(x)", [".diff"]),
    ("d_product = sp.Derivative(x**2 * sp.exp(x), x).doit()", [".Derivative"]),
    ("d_product = getattr(sp, 'diff')(x**2 * sp.exp(x), x)", ["getattr(..., 'diff')"]),
    ("d_product = getattr(sp, 'di' + 'ff')(x**2 * sp.exp(x), x)", ["getattr with a computed name"]),
    ("d_product = __import__('sympy').diff(x**2 * sp.exp(x), x)", [".diff"]),
    ("d_product = sp.integrate(2 * x * sp.exp(x), x)", [".integrate"]),
    ("d_product = sp.series(x**2 * sp.exp(x), x, 0, 3).removeO()", [".series"]),
    ("d_product = sp.limit(((x + h)**2 * sp.exp(x + h) - x**2 * sp.exp(x)) / h, h, 0)", [".limit"]),
    ("d_product = sp.Matrix([x**2 * sp.exp(x)]).jacobian([x])[0]", [".jacobian"]),
    ("d_product = eval('sp.diff(x**2 * sp.exp(x), x)')", ["eval(...)"]),
])
def test_calculus_in_the_answer_statement_is_found(source, found):
    assert uses(source) == found


def test_aliases_and_imports_are_followed():
    assert uses("from sympy import diff as d", "d_product = d(x**2 * sp.exp(x), x)") == ["from sympy import diff"]
    assert uses("import jax", "d_product = jax.grad(f)") == ["import jax", "jax"]
    assert uses("m = __import__('importlib').import_module('torch')", "d_product = m") == [
        "import_module('torch')"]


def test_a_value_computed_elsewhere_is_followed_back():
    found = uses("g = sp.diff(x**2 * sp.exp(x), x)", "h = sp.simplify(g)", "d_product = h")
    assert found == [".diff"]


def test_a_lambdified_derivative_is_found_for_a_numeric_function():
    assert uses("df_dx = sp.lambdify((x, y), sp.diff(f, x))", name="df_dx") == [".diff"]
    assert uses("def df_dx(a, b):\n    return partial_of(f, (x, y), x)(a, b)", name="df_dx") == ["partial_of"]
    assert uses("def df_dx(a, b):\n    return central_difference(lambda t: f(t, b), a)", name="df_dx") == [
        "central_difference"]


def test_the_courses_own_worked_text_is_found():
    """A variant writes the catalogue's mistakes out, and one of them is the right answer as a string."""
    assert uses("d_product = sp.sympify(variant.substitutions()['product_as_text'])") == [".substitutions"]
    assert uses("t = variant.render('$product_du_v $product_u_dv')", "d_product = sp.sympify(t)") == [".render"]
    found = uses("from grader.catalogue import mistakes_for",
                 "d_product = sp.sympify(eval(mistakes_for('d_product')[2].source_for(variant)))")
    assert {"from grader.catalogue import mistakes_for", ".source_for"} <= set(found)
    assert uses("import grader.catalogue as c", "d_product = sp.sympify(c.MISTAKES[5].template)") == [".MISTAKES"]
    assert uses("d_product = sp.sympify('2*x*exp(x) + x**2*exp(x)')") == []


def test_sp_diff_used_to_check_an_answer_written_by_hand_is_allowed():
    assert uses("d_product = 2 * x * sp.exp(x) + x**2 * sp.exp(x)",
                "print(sp.simplify(d_product - sp.diff(x**2 * sp.exp(x), x)))") == []


def test_an_old_attempt_the_answer_no_longer_comes_from_is_not_held_against_it():
    assert uses("d_product = sp.diff(x**2 * sp.exp(x), x)", "d_product = 2 * x * sp.exp(x) + x**2 * sp.exp(x)") == []


def test_an_answer_built_in_steps_keeps_every_step():
    assert uses("d_product = 2 * x * sp.exp(x)", "d_product = d_product + sp.diff(x**2, x) * 0") == [".diff"]


def test_a_function_of_ones_own_named_like_a_library_function_is_not_sympys():
    assert uses("def diff(a, b):\n    return a - b", "d_product = diff(2 * x * sp.exp(x), -x**2 * sp.exp(x))") == []


def test_a_functions_parameters_are_not_the_notebooks_names():
    cells = ("x = sp.diff(sp.sin(x), x)", "def df_dx(x, y):\n    return 3 * x**2 * y**2 + 2 * y")
    assert uses(*cells, name="df_dx") == []


def test_a_conditional_binding_keeps_the_earlier_one_in_the_slice():
    program = statements([("cell 1", "d_product = sp.diff(x**2 * sp.exp(x), x)"),
                          ("cell 2", "if False:\n    d_product = 0")])
    assert [s.cell for s in answer_slice(program, "d_product")] == ["cell 1", "cell 2"]


def test_magics_and_cells_that_do_not_parse_are_skipped_keeping_line_numbers():
    program = statements([("cell 1", "%time y = 1\nd_product = sp.diff(f, x)"), ("cell 2", "def (")])
    assert [u.where for u in forbidden_uses(program, "d_product", BY_HAND)] == ["cell 1, line 2"]


def test_the_verdict_names_the_rule_and_the_line():
    found = (Use(".diff", "cell 12, line 3"),)
    result = verdict("d_product", BY_HAND, found)
    assert result.status is Status.NOT_ALLOWED and result.tag == "by-hand"
    assert "worked out by hand" in result.message and ".diff (cell 12, line 3)" in result.message
    line = failure_line("d_product", result)
    assert line == "✗ d_product: not allowed [by-hand]"
    assert FAILURE_LINE.match(line).group("status", "tag") == ("not allowed", "by-hand")


# -- found while the answer runs (what a source can hide) --------------------------------------------

F = X**3 * sp.Symbol("y", real=True)**2


def _hidden_diff(a, b):
    name = "".join(["d", "i", "f", "f"])
    return float(getattr(sp, name)(F, X).subs({X: a, sp.Symbol("y", real=True): b}))


def _by_hand(a, b):
    return 3 * a**2 * b**2


def gathered(fn, substitutes=None):
    request = Request(RequestKind.CALLS, "df_dx", "df_dx", (Probe((1.0, 2.0)), Probe((0.5, -1.0))), substitutes or {}, BY_HAND)
    return gather(request, fn)


def test_a_forbidden_call_made_while_the_answer_runs_is_reported_once():
    used = gathered(_hidden_diff).used
    assert [u.what for u in used] == ["sympy.core.function.diff"]
    assert used[0].where == "called while `df_dx` ran"


def test_numpy_gradient_is_reported_and_honest_numpy_is_not():
    assert [u.what.rsplit(".", 1)[-1] for u in gathered(lambda a, b: np.gradient(np.array([a, b]))[0]).used] == [
        "gradient"]
    assert gathered(lambda a, b: float(np.sum(np.array([a, b]) ** 2))).used == ()
    assert gathered(_by_hand).used == ()


def test_what_a_graders_stand_in_calls_is_not_the_answers():
    from grader.references import partial_of

    stand_in = partial_of(F, (X, sp.Symbol("y", real=True)), X)
    fn = eval("lambda a, b: df_dy(a, b) * 0 + 3 * a**2 * b**2", {"df_dy": None})
    assert gathered(fn, {"df_dy": stand_in}).used == ()


def test_without_a_rule_nothing_is_watched():
    request = Request(RequestKind.CALLS, "df_dx", "df_dx", (Probe((1.0, 2.0)),))
    assert gather(request, _hidden_diff).used == ()


# -- the checks, as a student runs them --------------------------------------------------------------

def test_a_public_check_says_not_allowed_before_submission():
    namespace = {"sp": sp, "x": X}
    exec("d_product = sp.diff(x**2 * sp.exp(x), x)", namespace)
    evidence = with_source_uses(Evidence(True, "Add", expression=namespace["d_product"]),
                                Request(RequestKind.EXPRESSION, "d_product", "d_product", forbid=BY_HAND),
                                statements([("input [1]", "d_product = sp.diff(x**2 * sp.exp(x), x)")]))
    assert evidence.used == (Use(".diff", "input [1], line 1"),)


def test_a_check_with_a_rule_refuses_a_function_that_differentiates_when_called():
    with pytest.raises(AnswerNotAccepted) as refused:
        check_function("df_dx", _hidden_diff, [3.0 * 4.0], [(1.0, 2.0)], forbid=BY_HAND)
    assert refused.value.verdict.status is Status.NOT_ALLOWED
    check_function("df_dx", _by_hand, [12.0], [(1.0, 2.0)], forbid=BY_HAND)  # by hand: passes


def test_a_correct_expression_without_the_rule_still_passes():
    check_derivative_expression("d_product", 2 * X * sp.exp(X) + X**2 * sp.exp(X), X**2 * sp.exp(X), X)

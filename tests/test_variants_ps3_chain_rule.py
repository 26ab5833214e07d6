"""ps3_chain_rule's variants: variant 0 is the contract, draws are reproducible, the rules reject what they say,
and for every variant the instructor's answers are right and each catalogued mistake is wrong under its own name."""

import numpy as np
import pytest
import sympy as sp
from paths import REPO

from grader import catalogue
from grader.checks import AnswerNotAccepted, check_derivative, check_function
from grader.demo import classroom
from grader.references import partial_of
from grader.variants.making import Chooser, family_of, seed_of
from grader.variants.making.ps3_chain_rule import FAMILY, RULES, degenerate, draw
from grader.variants.ps3_chain_rule import VARIANT_0, X, Y

x = sp.Symbol("x", real=True)
y = sp.Symbol("y", real=True)

# The ends of every range `draw` uses (negative coefficients included), then students as the course draws them.
EXTREMES = [
    {"exp_square_a": -3, "sin_square_b": 3, "power_p": -4, "power_q": -4, "power_n": 5,
     "exp_sin_c": 3, "exp_sin_d": -3, "graph_scale": -3, "graph_shift": -3},
    {"exp_square_a": 3, "sin_square_b": 1, "power_p": 5, "power_q": 4, "power_n": 3,
     "exp_sin_c": 1, "exp_sin_d": 3, "graph_scale": 3, "graph_shift": 3},
]
VARIANTS = ([FAMILY.variant(VARIANT_0)] + [FAMILY.variant(p, f"end{i}") for i, p in enumerate(EXTREMES)]
            + [FAMILY.variant(*FAMILY.derive("calc4ml-test", student)) for student in ("ada", "grace", "alan")])

DERIVATIVES = {"d_exp_square": "exp_square", "d_sin_square": "sin_square", "d_linear_power": "linear_power",
               "d_exp_sin": "exp_sin"}  # exercise -> the variant's function it differentiates
POINTS = [0.5, -1.0, 2.0, -2.7, np.linspace(-3, 3, 7)]  # an array: math.exp fails only there
GRAPH_CALLS = [(2.0, 3.0), (-1.0, 0.5), (1.5, -2.5), (np.array([1.0, -2.0]), np.array([0.5, 4.0]))]


def test_variant_0_has_the_contracts_numbers_and_functions():
    assert VARIANT_0 == {"exp_square_a": 1, "sin_square_b": 1, "power_p": 3, "power_q": 1, "power_n": 4,
                         "exp_sin_c": 1, "exp_sin_d": 1, "graph_scale": 1, "graph_shift": 1}
    v = family_of("ps3_chain_rule").variant(VARIANT_0)
    assert (X, Y) == (x, y)  # the setup cell's symbol, and graph_backward's second input
    assert v.exp_square == sp.exp(x**2)
    assert v.sin_square == sp.sin(x**2)
    assert v.linear_power == (3 * x + 1)**4
    assert v.exp_sin == sp.exp(sp.sin(x**2 + 1))
    assert sp.expand(v.graph_loss - (x * y + 1)**2) == 0
    assert v.linear_root == -1 / 3


def test_variant_0_states_the_contracts_functions():
    v = FAMILY.variant(VARIANT_0)
    assert v.statement("chain_rule") == (
        "The three compositions to differentiate:\n\n"
        "* `d_exp_square(x)`: the derivative of $f(x) = e^{x^{2}}$\n"
        "* `d_sin_square(x)`: the derivative of $f(x) = \\sin{\\left(x^{2} \\right)}$\n"
        "* `d_linear_power(x)`: the derivative of $f(x) = \\left(3 x + 1\\right)^{4}$")
    assert v.statement("exp_sin") == "$$f(x) = e^{\\sin{\\left(x^{2} + 1 \\right)}}$$"
    assert v.statement("graph") == "$$a = x \\cdot y, \\qquad b = a + 1, \\qquad L = b^2 .$$"
    with pytest.raises(KeyError):
        v.statement("relu_neuron")  # a part with no numbers of the variant's


def test_another_variant_states_its_own_numbers():
    v = FAMILY.variant(EXTREMES[0], "end0")
    assert "e^{- 3 x^{2}}" in v.statement("chain_rule")
    assert "\\left(- 4 x - 4\\right)^{5}" in v.statement("chain_rule")
    assert "\\sin{\\left(3 x^{2} - 3 \\right)}" in v.statement("exp_sin")
    assert "b = - 3 a - 3" in v.statement("graph")


def test_draws_are_reproducible_and_differ_between_students():
    students = ["ada", "grace", "alan", "edsger", "barbara"]
    drawn = [FAMILY.derive("calc4ml-test", s) for s in students]
    assert drawn == [FAMILY.derive("calc4ml-test", s) for s in students]
    assert len({tuple(sorted(p.items())) for p, _ in drawn}) == len(students)
    assert [label for _, label in drawn] == [seed_of("calc4ml-test", "ps3_chain_rule", s).hex()[:8] for s in students]
    assert FAMILY.derive("calc4ml-test", "ada", draw=1) != drawn[0]  # a reset draws anew


def test_no_draw_breaks_a_rule():
    # The ranges of `draw` are the rules' own, so no student waits on a rejected draw.
    choose = Chooser(seed_of("calc4ml-test", "ps3_chain_rule", "many"))
    assert [p for p in (draw(choose) for _ in range(300)) if degenerate(p)] == []


def test_variant_0_breaks_no_rule():
    assert degenerate(VARIANT_0) == []


@pytest.mark.parametrize("change, rule", [
    ({"exp_square_a": 0}, 0), ({"exp_square_a": 4}, 0), ({"exp_square_a": -4}, 0),
    ({"sin_square_b": 0}, 1), ({"sin_square_b": 4}, 1),
    ({"power_p": 1}, 2), ({"power_p": -1}, 2), ({"power_p": 6}, 2),
    ({"power_q": 0}, 3),
    ({"power_n": 2}, 4), ({"power_n": 6}, 4),
    ({"exp_sin_c": 0}, 5), ({"exp_sin_c": 4}, 5),
    ({"graph_scale": 0}, 6), ({"graph_scale": -4}, 6),
    ({"graph_shift": 0}, 7), ({"graph_shift": 4}, 7),
])
def test_each_rule_rejects_its_counter_example_and_only_it(change, rule):
    assert degenerate({**VARIANT_0, **change}) == [RULES[rule]]


@pytest.mark.parametrize("change, exercise, tag", [
    ({"power_p": 1}, "d_linear_power", "missing-inner-factor"),
    ({"graph_shift": 0}, "graph_backward", "used-a-not-b"),
])
def test_a_rules_counter_example_makes_a_mistake_right(change, exercise, tag):
    # Why the rule exists: in such a variant the mistake is the correct answer.
    v = FAMILY.variant({**VARIANT_0, **change}, "bad")
    mistake = next(m for m in catalogue.mistakes_for(exercise) if m.tag == tag)
    _check(exercise, _defined(exercise, mistake.source_for(v), v), v)  # passes: nothing is wrong


@pytest.mark.parametrize("exercise", sorted(FAMILY.solutions))
def test_variant_0s_solution_is_the_source_notebooks(exercise):
    source = classroom.read(REPO / "source" / "ps3_chain_rule" / "ps3_chain_rule.ipynb")
    expected = classroom.instructor_answers(source)[exercise]
    assert FAMILY.variant(VARIANT_0).render(FAMILY.solutions[exercise]).strip() == expected.strip()


@pytest.mark.parametrize("v", VARIANTS, ids=lambda v: v.label)
@pytest.mark.parametrize("exercise", sorted(FAMILY.solutions))
def test_the_solution_is_correct_in_every_variant(exercise, v, capsys):
    _check(exercise, _defined(exercise, v.render(FAMILY.solutions[exercise]), v), v)
    assert "✓" in capsys.readouterr().out


def test_a_solution_is_wrong_for_another_variant():
    ours, theirs = VARIANTS[1], VARIANTS[2]
    with pytest.raises(AnswerNotAccepted):
        _check("d_linear_power", _defined("d_linear_power", theirs.render(FAMILY.solutions["d_linear_power"]), theirs),
               ours)


VARYING_MISTAKES = [m for m in catalogue.load("ps3_chain_rule").MISTAKES if m.exercise in FAMILY.solutions]


@pytest.mark.parametrize("v", VARIANTS, ids=lambda v: v.label)
@pytest.mark.parametrize("mistake", VARYING_MISTAKES, ids=lambda m: f"{m.exercise}-{m.tag}")
def test_each_mistake_is_wrong_in_every_variant_and_named(mistake, v):
    answer = _defined(mistake.exercise, mistake.source_for(v), v)
    with pytest.raises(AnswerNotAccepted) as failed:
        _check(mistake.exercise, answer, v)
    assert f"({mistake.tag})" in str(failed.value)


def test_every_mistake_of_sections_1_to_3_is_a_template():
    assert VARYING_MISTAKES
    varying_by_name = [m for m in VARYING_MISTAKES if m.tag not in ("local-only", "sin-squared-confusion")]
    assert all("$" in m.template for m in varying_by_name)


def _defined(exercise: str, code: str, v):
    """The function `code` defines, run where a student's answer runs: with the notebook's names and `variant`."""
    namespace = catalogue.namespace_for(exercise, {"variant": v, "__name__": "__main__"})
    exec(code, namespace)  # the course's own solutions and catalogue
    return namespace[exercise]


def _check(exercise: str, answer, v) -> None:
    if exercise in DERIVATIVES:
        check_derivative(exercise, answer, getattr(v, DERIVATIVES[exercise]), x, POINTS)
    else:
        partials = [partial_of(v.graph_loss, [x, y], wrt) for wrt in (x, y)]
        check_function(exercise, answer, lambda s, t: tuple(d(s, t) for d in partials), GRAPH_CALLS,
                       noun="the gradient")


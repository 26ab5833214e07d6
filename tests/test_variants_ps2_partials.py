"""ps2_partials' variants: variant 0 is the contract, draws are reproducible, the rules reject what they say,
and in every variant the rendered solutions are right and the rendered catalogued mistakes are wrong."""

import numpy as np
import pytest
import sympy as sp
from paths import REPO

from grader import catalogue
from grader.demo import classroom
from grader.variants.making import Chooser, seed_of
from grader.variants.making.ps2_partials import FAMILY, RULES, SOLUTIONS, degenerate, draw
from grader.variants.ps2_partials import VARIANT_0

x, y, z = sp.symbols("x y z", real=True)
STUDENTS = ["ada", "bob", "cy", "dee", "eli"]
DRAWN = [FAMILY.variant(*FAMILY.derive("test-course", student)) for student in STUDENTS]
VARIANTS = [FAMILY.variant(VARIANT_0), *DRAWN]
VARYING = sorted(SOLUTIONS)


def test_variant_0_is_the_contracts_functions():
    v = FAMILY.variant(VARIANT_0)
    assert sp.expand(v.f_xy - (x**3 * y**2 + 2 * x * y - y**3)) == 0
    assert sp.expand(v.f_xyz - (x * y + y * z + z * x)) == 0
    assert v.f_sin_cos == sp.sin(x) + sp.cos(y)


def test_variant_0_states_the_contracts_functions():
    v = FAMILY.variant(VARIANT_0)
    assert v.statement("partials") == "$$f(x, y) = x^3 y^2 + 2xy - y^3$$"
    assert v.statement("grad_xyz") == "$$f(x, y, z) = xy + yz + zx$$"
    assert v.statement("grad_sin_cos") == r"$$f(x, y) = \sin x + \cos y$$"


def test_a_variant_is_stated_and_written_with_its_own_numbers():
    v = FAMILY.variant({"a": 2, "m": 4, "b": -3, "c": -1, "p": -2, "q": 1, "r": 5, "u": 3, "v": 1})
    assert v.statement("partials") == "$$f(x, y) = 2x^4 y^2 - 3xy - y^3$$"
    assert v.statement("grad_xyz") == "$$f(x, y, z) = -2xy + yz + 5zx$$"
    assert v.statement("grad_sin_cos") == r"$$f(x, y) = 3\sin x + \cos y$$"
    assert v.render(SOLUTIONS["df_dx"]).strip().endswith("return 8 * x**3 * y**2 - 3 * y")
    assert v.render(SOLUTIONS["df_dy"]).strip().endswith("return 4 * x**4 * y - 3 * x - 3 * y**2")
    assert v.render(SOLUTIONS["grad_xyz"]).strip() == "grad_xyz = [-2 * y + 5 * z, -2 * x + z, 5 * x + y]"
    assert v.render(SOLUTIONS["grad_sin_cos"]).strip().endswith(
        "return np.array([3 * np.cos(theta[0]), -np.sin(theta[1])])")


def test_variant_0s_solutions_are_the_source_notebooks():
    source = classroom.instructor_answers(classroom.read(REPO / "source" / "ps2_partials" / "ps2_partials.ipynb"))
    v = FAMILY.variant(VARIANT_0)
    for exercise, template in SOLUTIONS.items():
        ours = [line for line in v.render(template).splitlines() if line.strip()]
        theirs = [line for line in source[exercise].splitlines() if line.strip()]
        assert theirs[-len(ours):] == ours, exercise  # before it, grad_xyz's cell has the stub `grad_xyz = None`


def test_draws_are_reproducible_and_differ_between_students():
    again = [FAMILY.derive("test-course", student) for student in STUDENTS]
    assert [v.parameters for v in DRAWN] == [parameters for parameters, _ in again]
    assert [v.label for v in DRAWN] == [seed_of("test-course", "ps2_partials", s).hex()[:8] for s in STUDENTS]
    assert len({tuple(sorted(v.parameters.items())) for v in DRAWN}) == len(STUDENTS)
    assert draw(Chooser(b"seed")) == draw(Chooser(b"seed")) != draw(Chooser(b"other seed"))


def test_variant_0_and_every_draw_pass_the_rules():
    assert degenerate(VARIANT_0) == []
    assert all(degenerate(draw(Chooser(seed_of("c", "ps2_partials", f"s{i}")))) == [] for i in range(200))


@pytest.mark.parametrize("change, rule", [
    ({"b": 0}, 0), ({"a": 0}, 0), ({"c": 1}, 1), ({"m": 1}, 2), ({"m": 5}, 2), ({"r": 0}, 3), ({"q": 0}, 3),
    ({"u": -1}, 4), ({"v": 0}, 4),
])
def test_degenerate_names_the_rule_each_counter_example_breaks(change, rule):
    assert degenerate({**VARIANT_0, **change}) == [RULES[rule]]


def _defined(code: str, name: str):
    namespace = catalogue.namespace_for(name)
    exec(code, namespace)  # the course's solutions and catalogue
    return namespace[name]


POINTS = np.random.default_rng(7).uniform(-3, 3, size=(2, 6))


def _agrees(exercise: str, answer, variant) -> bool:
    """Whether `answer` is the right answer to `exercise` for `variant` (exactly, or at POINTS numerically)."""
    if exercise == "grad_xyz":
        exact = [sp.diff(variant.f_xyz, v) for v in (x, y, z)]
        return (isinstance(answer, list) and len(answer) == 3 and all(isinstance(a, sp.Expr) for a in answer)
                and all(sp.expand(a - e) == 0 for a, e in zip(answer, exact)))
    if exercise == "grad_sin_cos":
        exact = sp.lambdify((x, y), [sp.diff(variant.f_sin_cos, v) for v in (x, y)])
        values = [np.asarray(answer(theta), dtype=float) for theta in POINTS.T]
        return all(v.shape == (2,) and np.allclose(v, exact(*theta)) for v, theta in zip(values, POINTS.T))
    wrt = {"df_dx": x, "df_dy": y}[exercise]
    exact = sp.lambdify((x, y), sp.diff(variant.f_xy, wrt))
    return np.allclose(answer(*POINTS), exact(*POINTS))


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.label)
@pytest.mark.parametrize("exercise", VARYING)
def test_the_solution_written_for_a_variant_is_right_for_it(variant, exercise):
    assert _agrees(exercise, _defined(variant.render(SOLUTIONS[exercise]), exercise), variant)


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.label)
@pytest.mark.parametrize("mistake", [m for m in catalogue.load("ps2_partials").MISTAKES if m.exercise in SOLUTIONS],
                         ids=lambda m: m.tag)
def test_each_catalogued_mistake_written_for_a_variant_is_wrong_for_it(variant, mistake):
    assert not _agrees(mistake.exercise, _defined(mistake.source_for(variant), mistake.exercise), variant)

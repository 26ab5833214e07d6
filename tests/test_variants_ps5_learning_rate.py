"""ps5_learning_rate's variants: variant 0 is the contract's, drawn variants keep the study's lessons, and the
solution and mistake templates written out for a variant are right and wrong about that variant's numbers.

The references here are built from SymPy (the variant's functions differentiated), not from the family's
own helpers, so a slip in the family shows as a disagreement.
"""

import json
import re

import numpy as np
import pytest
import sympy as sp
from paths import CONTRACT, REPO

from grader.catalogue import mistakes_for
from grader.demo import classroom
from grader.variants.making import Chooser, seed_of
from grader.variants.making.ps5_learning_rate import FAMILY, RULES, degenerate, draw
from grader.variants.ps5_learning_rate import GRID, VARIANT_0

x = sp.symbols("x", real=True)
COURSE = "calc4ml"
STUDENTS = ("alice", "bob", "carol", "dan", "erin")
DRAWN = [FAMILY.variant(*FAMILY.derive(COURSE, student)) for student in STUDENTS[:3]]
V0 = FAMILY.variant(VARIANT_0)


def contract_section() -> str:
    text = CONTRACT.read_text()
    return text[text.index("## ps5_learning_rate"):].split("\n## ", 1)[0].replace("−", "-")


# --- references, from the variant's functions alone

def quadratic(variant) -> sp.Expr:
    p = variant.parameters
    return sp.Rational(p["quadratic_k"]) * (x - p["quadratic_m"])**2 + p["quadratic_c"]


def descend(grad, x0, lr, steps):
    xs = np.empty(steps + 1)
    xs[0] = x0
    with np.errstate(all="ignore"):
        for n in range(steps):
            xs[n + 1] = xs[n] - lr * grad(xs[n])
    return xs


def classify(xs, tol=1e-6):
    if not np.all(np.isfinite(xs)) or np.any(np.abs(xs) > 1e6):
        return "diverged"
    return "converged" if abs(xs[-1] - xs[-2]) < tol else "slow"


def study_of(variant) -> dict:
    grad = sp.lambdify(x, sp.diff(variant.quartic, x))
    x0 = variant.parameters["quartic_x0"]
    return {lr: classify(descend(grad, x0, lr, 100)) for lr in (0.001, 0.01, 0.1)}


def steps_of(variant, lr, tol=1e-6):
    grad = sp.lambdify(x, sp.diff(quadratic(variant), x))
    minimum = sp.solve(sp.diff(quadratic(variant), x), x)[0]
    position = np.float64(variant.parameters["quadratic_x0"])
    with np.errstate(all="ignore"):
        for n in range(1, 10_001):
            position = position - lr * grad(position)
            if abs(position - float(minimum)) < tol:
                return n
    return -1


def probes(variant) -> list:
    """Rates in the hidden test's proportions to the critical rate 2/f''."""
    critical = float(2 / sp.diff(quadratic(variant), x, 2))
    return [(f * critical,) for f in (0.5, 1.0, 1.2, 0.001, 0.3, 0.85)] + [(0.07 * critical, 1e-3)]


def defined(code: str, name: str, **names):
    namespace = {"np": np, "sp": sp, **names}
    exec(code, namespace)  # the course's own templates
    return namespace[name]


CONTRACT_RUNS = {"run_gd_1d": descend, "outcome": classify}


# --- variant 0

def test_variant_0_is_the_contracts_numbers():
    section = contract_section()
    assert "f(x) = x⁴ - 3x³ + 2" in section and "x₀ = 4" in section
    assert "f(x) = (x - 3)² + 1" in section and "from x₀ = 0" in section
    assert V0.quartic == x**4 - 3 * x**3 + 2 and V0.quartic_x0 == 4.0
    assert f"f(x) = {V0.quartic_text}" in section
    assert sp.expand(quadratic(V0) - ((x - 3)**2 + 1)) == 0 and V0.quadratic_x0 == 0
    assert (V0.quadratic_curvature, V0.quadratic_minimum, V0.quadratic_critical_lr) == (2, 3, 1.0)


def test_variant_0_states_the_contracts_numbers():
    quartic, quadratic_text = V0.statement("quartic"), V0.statement("quadratic")
    assert "f(x) = x^{4} - 3 x^{3} + 2" in quartic and "x_0 = 4" in quartic and "x^* = \\frac{9}{4} = 2.25" in quartic
    assert "f(x) = (x - 3)^2 + 1" in quadratic_text and "x_0 = 0" in quadratic_text
    assert "2/f'' = 1$" in quadratic_text


def test_variant_0_public_check_is_the_one_it_replaced():
    assert V0.public_steps_arguments == [0.25, (0.1, 1e-3), 1.0]
    assert V0.public_steps_counts == [22, 36, -1]


def test_every_part_the_notebook_shows_has_a_statement():
    nb = classroom.read(REPO / "source" / "ps5_learning_rate" / "ps5_learning_rate.ipynb")
    parts = re.findall(r'variant\.show\("(\w+)"\)', "\n".join(c.source for c in nb.cells))
    assert sorted(parts) == ["quadratic", "quartic"]
    for variant in (V0, *DRAWN):
        assert all(variant.statement(part) for part in parts)


def test_variant_0_passes_the_rules():
    assert degenerate(VARIANT_0) == []


# --- drawing

def test_draws_are_deterministic_and_differ_between_students():
    assert FAMILY.derive(COURSE, "alice") == FAMILY.derive(COURSE, "alice")
    assert draw(Chooser(seed_of(COURSE, "ps5_learning_rate", "alice"))) == \
        draw(Chooser(seed_of(COURSE, "ps5_learning_rate", "alice")))
    drawn = {json.dumps(FAMILY.derive(COURSE, s)[0], sort_keys=True) for s in STUDENTS}
    assert len(drawn) == len(STUDENTS)


def test_drawn_variants_pass_the_rules_and_are_small_numbers():
    for variant in DRAWN:
        assert degenerate(variant.parameters) == []
        p = variant.parameters
        assert all(abs(p[k]) <= 9 for k in p if isinstance(p[k], int))


# --- the rules, each against a counter-example (what breaks it is in the comment)

@pytest.mark.parametrize("rule, change", [
    (0, {"quartic_b": 3}),                                           # minimum left of the flat point
    (1, {"quartic_x0": 2}),                                          # starts left of x* = 2.25
    (2, {"quartic_x0": 8}),                                          # lr 0.01 diverges from so far out
    (3, {"quartic_b": -5}),                                          # 0.1's first step stays right of 0
    (4, {"quartic_a": 2, "quartic_b": -4, "quartic_x0": 4}),         # f''(x*) = 18: 0.1 is stable there
    (5, {"quartic_a": 7, "quartic_b": -8, "quartic_x0": 3}),         # two wrong derivatives, one study
    (6, {"quadratic_k": "11/10"}),                                   # the critical rate 10/11 inside the grid
    (6, {"quadratic_x0": 3}),                                        # starts at the minimum
    (7, {"quadratic_k": "4/5"}),                                     # 0.6 and 0.65 tie
    (7, {"quadratic_k": "1/2"}),                                     # the fastest is the grid's last rate
    (8, {"quadratic_m": 1000}),                                      # the slow rate needs over 10,000 steps
])
def test_each_rule_rejects_its_counter_example(rule, change):
    assert RULES[rule] in degenerate({**VARIANT_0, **change})


# --- solutions and mistakes, written out for each variant

def test_solutions_for_variant_0_are_the_source_notebooks():
    nb = classroom.read(REPO / "source" / "ps5_learning_rate" / "ps5_learning_rate.ipynb")
    answers = classroom.instructor_answers(nb)
    assert {ex: V0.render(t) for ex, t in FAMILY.solutions.items()} == {ex: answers[ex] for ex in FAMILY.solutions}


@pytest.mark.parametrize("variant", [V0, *DRAWN], ids=lambda v: v.label)
def test_solutions_are_right_for_their_variant(variant):
    study = defined(variant.render(FAMILY.solutions["quartic_study"]), "quartic_study", **CONTRACT_RUNS)
    assert study == study_of(variant) == {0.001: "slow", 0.01: "converged", 0.1: "diverged"}
    steps = defined(variant.render(FAMILY.solutions["steps_to_tolerance"]), "steps_to_tolerance")
    assert [steps(*p) for p in probes(variant)] == [steps_of(variant, *p) for p in probes(variant)]
    counts = [steps_of(variant, float(lr)) for lr in GRID]
    assert -1 not in counts and counts.count(min(counts)) == 1  # best_lr is the grid's one fastest rate


@pytest.mark.parametrize("variant", DRAWN, ids=lambda v: v.label)
def test_public_steps_are_the_reference_counts(variant):
    expected = [steps_of(variant, *(a if isinstance(a, tuple) else (a,))) for a in variant.public_steps_arguments]
    assert variant.public_steps_counts == expected


@pytest.mark.parametrize("variant", [V0, *DRAWN], ids=lambda v: v.label)
def test_every_mistake_template_is_wrong_for_its_variant(variant):
    right = study_of(variant)
    for mistake in mistakes_for("quartic_study"):
        assert defined(mistake.source_for(variant), "quartic_study", **CONTRACT_RUNS) != right, mistake.tag
    expected = [steps_of(variant, *p) for p in probes(variant)]
    for mistake in mistakes_for("steps_to_tolerance"):
        wrong = defined(mistake.source_for(variant), "steps_to_tolerance")
        with np.errstate(all="ignore"):
            assert [wrong(*p) for p in probes(variant)] != expected, mistake.tag

"""ps4_linear_regression's variants: section 1's data per student, the rules that keep it a good teacher."""

import json

import numpy as np
import pytest
import sympy as sp
from paths import REPO

from grader import catalogue, in_process_grading
from grader.variants import ps4_linear_regression as ps4
from grader.variants import variant_0
from grader.variants.making import family_of
from grader.variants.making import ps4_linear_regression as making_ps4
from grader.variants.making.ps4_linear_regression import least_squares_on, mse_gradient_on, mse_on

ASSIGNMENT = "ps4_linear_regression"
FAMILY = family_of(ASSIGNMENT)
STUDENTS = ("ada", "grace", "alan")  # drawn variants, each with its own (seed, w_true, b_true)


def drawn(student: str):
    parameters, label = FAMILY.derive("calc4ml", student)
    return FAMILY.variant(parameters, label)


def source_cell(grade_id: str) -> str:
    notebook = json.loads((REPO / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text())
    return next("".join(cell["source"]) for cell in notebook["cells"]
                if cell["metadata"].get("nbgrader", {}).get("grade_id") == grade_id)


# -- variant 0 is the contract ---------------------------------------------------------------------

def test_variant_0_is_the_contracts_data():
    variant = variant_0(ASSIGNMENT)
    assert dict(variant.parameters) == {"seed": 42, "w_true": 2, "b_true": 1}
    np.random.seed(42)  # the contract's cell, as it read before variants
    X = np.random.randn(100)
    y = 2 * X + 1 + 0.1 * np.random.randn(100)
    made_X, made_y = variant.data()
    assert np.array_equal(made_X, X) and np.array_equal(made_y, y)


def test_variant_0_states_the_contracts_numbers():
    statement = variant_0(ASSIGNMENT).statement("data")
    for text in ("np.random.seed(42)", "$$y = 2x + 1 + \\text{noise}$$", "$w = 2$", "$b = 1$", "$0.1$", "$N = 100$"):
        assert text in statement
    with pytest.raises(KeyError):
        variant_0(ASSIGNMENT).statement("no such part")


def test_a_line_is_written_as_one_writes_it():
    assert ps4._line(-1, -3) == "-x - 3"
    assert ps4._line(4, 2) == "4x + 2"
    assert "$$y = -x - 3 + " in FAMILY.variant({"seed": 7, "w_true": -1, "b_true": -3}).statement("data")


def test_variant_0_references_are_the_public_tests_former_literals():
    variant = variant_0(ASSIGNMENT)
    assert mse_on(variant, 2.0, 1.0) == pytest.approx(0.009008871466936099, rel=1e-12)
    assert mse_gradient_on(variant, 0.0, 0.0) == pytest.approx((-3.0776743597672738, -1.5890748478336094), rel=1e-12)
    assert least_squares_on(variant) == pytest.approx((1.9856742839728556, 1.0007427829863966), rel=1e-12)


def test_variant_0_passes_the_rules():
    assert FAMILY.degenerate(FAMILY.variant_0) == []


# -- drawn variants --------------------------------------------------------------------------------

def test_draws_are_deterministic_and_differ_between_students():
    assert [drawn(s).parameters for s in STUDENTS] == [drawn(s).parameters for s in STUDENTS]
    assert len({json.dumps(dict(drawn(s).parameters), sort_keys=True) for s in STUDENTS}) == len(STUDENTS)
    for student in STUDENTS:
        parameters = drawn(student).parameters
        assert FAMILY.degenerate(parameters) == []
        assert parameters != FAMILY.variant_0


def test_the_locked_data_cell_makes_the_variants_data():
    for variant in map(drawn, STUDENTS):
        namespace = {"np": np, "variant": variant}
        exec(source_cell("data"), namespace)
        X, y = variant.data()
        assert np.array_equal(namespace["X"], X) and np.array_equal(namespace["y"], y)


@pytest.mark.parametrize("student", STUDENTS)
def test_the_references_agree_with_sympy_on_the_variants_data(student):
    variant = drawn(student)
    X, y = variant.data()
    w, b = sp.symbols("w b", real=True)
    loss = sp.Add(*[(sp.Rational(yi) - w * sp.Rational(xi) - b)**2 for xi, yi in zip(X.tolist(), y.tolist())]) / len(X)
    at = {w: sp.Rational(-13, 10), b: sp.Rational(21, 5)}
    assert mse_on(variant, -1.3, 4.2) == pytest.approx(float(loss.subs(at)), rel=1e-12)
    assert mse_gradient_on(variant, -1.3, 4.2) == pytest.approx((float(sp.diff(loss, w).subs(at)),
                                                         float(sp.diff(loss, b).subs(at))), rel=1e-10)
    exact = sp.solve([sp.diff(loss, w), sp.diff(loss, b)], [w, b], dict=True)[0]
    assert least_squares_on(variant) == pytest.approx((float(exact[w]), float(exact[b])), rel=1e-10)
    assert least_squares_on(variant) == pytest.approx((variant.w_true, variant.b_true), abs=0.1)  # recoverable


def test_substitutions_write_out_the_numbers():
    variant = FAMILY.variant({"seed": 1234, "w_true": -3, "b_true": 2})
    assert variant.render("np.random.seed($seed); y = $w_true * X + $b_true") == "np.random.seed(1234); y = -3 * X + 2"


# -- the rules, each broken by its counter-example -------------------------------------------------

FINE = {"seed": 42, "w_true": 3, "b_true": -2}


@pytest.mark.parametrize("change, rule", [
    ({"seed": -1}, 0), ({"seed": 10_000}, 0), ({"w_true": 5}, 0), ({"b_true": 2.0}, 0), ({"w_true": True}, 0),
    ({"w_true": 0}, 1), ({"w_true": 1}, 1),
    ({"b_true": 0}, 2),
    ({"w_true": -2, "b_true": -2}, 3),
    ({"seed": 820, "w_true": 2, "b_true": 3}, 4),  # a bowl with condition number 2.1
    ({"seed": 65, "w_true": 2, "b_true": 3}, 5),  # 200 steps of lr = 0.05 end 1.2e-6 from least squares
])
def test_each_rule_rejects_its_counter_example(change, rule):
    assert FAMILY.degenerate(FINE) == []
    assert FAMILY.degenerate({**FINE, **change}) == [FAMILY.rules[rule]]


@pytest.mark.parametrize("edge", [(5.0, 100), (5.0, 400), (0.05, 170)])
def test_the_overflow_edge_must_overflow_with_w_and_b_finite(monkeypatch, edge):
    # No data set of the drawn range keeps the loss finite for 170 steps of lr = 5, so the
    # counter-examples change the edge: too few steps to overflow, so many that w and b
    # overflow too, a stable rate.
    assert FAMILY.degenerate(FINE) == []
    monkeypatch.setattr(making_ps4, "OVERFLOW_EDGE", edge)
    assert FAMILY.degenerate(FINE) == [FAMILY.rules[6]]


# -- grading with a drawn variant ------------------------------------------------------------------

def test_no_answer_depends_on_the_numbers_so_no_solution_or_mistake_is_a_template():
    assert FAMILY.solutions == {}
    assert not [m.tag for m in catalogue.load(ASSIGNMENT).MISTAKES if "$" in m.template]


def test_the_catalogues_data_are_the_notebooks_variants():
    variant = drawn("ada")
    namespace = catalogue.namespace_for("fit_linear_regression", {"variant": variant})
    assert np.array_equal(namespace["X"], variant.data()[0]) and np.array_equal(namespace["y"], variant.data()[1])
    without = catalogue.namespace_for("fit_linear_regression")
    assert np.array_equal(without["y"], variant_0(ASSIGNMENT).data()[1])


def test_a_drawn_variant_grades_the_solution_full_and_recognises_global_data():
    variant = drawn("grace")
    book = in_process_grading.notebook(REPO, ASSIGNMENT)
    verdicts = in_process_grading.grade(REPO, ASSIGNMENT, {}, from_cell="test_mse_loss", variant=variant)
    assert not in_process_grading.failures(verdicts)
    mistake = next(m for m in catalogue.mistakes_for("fit_linear_regression") if m.tag == "global-data")
    cell = "test_fit_linear_regression"
    verdicts = in_process_grading.grade(REPO, ASSIGNMENT, {"fit_linear_regression": mistake.source_for(variant)},
                                        from_cell=cell, variant=variant)[cell]
    failed = next(v for v in verdicts if not v.passed)
    assert failed.tag == "global-data"
    assert in_process_grading.cell_score(cell, book.points[cell], verdicts) == 0


def test_variant_0s_public_values_are_what_the_instructors_side_works_out():
    worked_out = FAMILY.public(FAMILY.variant_0)
    assert worked_out["mse_loss"] == pytest.approx(ps4.PUBLIC_0["mse_loss"], rel=1e-12)
    for name in ("mse_gradient", "closed_form_fit"):
        assert worked_out[name] == pytest.approx(ps4.PUBLIC_0[name], rel=1e-12)

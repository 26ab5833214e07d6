"""ps1_derivatives's variants: variant 0 is the contract, drawn variants are sound, and the instructor's
solutions and the catalogue's mistakes are written out right for every variant."""

import numpy as np
import pytest
import sympy as sp
from paths import REPO

from grader import catalogue
from grader.variants.making.ps1_derivatives import FAMILY, RULES
from grader.variants.making.trial import try_variant
from grader.variants.ps1_derivatives import VARIANT_0

x = sp.Symbol("x", real=True)  # the notebook's x

# A variant chosen by hand where the writing of code can go wrong: negative coefficients and a
# negative k, powers above 1 and different frequencies.
AWKWARD = {"a": -4, "b": -1, "c": 1, "d": 6, "m": 4, "k": -2, "n": 3, "p": 2, "q": 3}
DRAWN = [FAMILY.derive("calc4ml", f"student{i}")[0] for i in range(6)]
VARIANTS = [VARIANT_0, AWKWARD, *DRAWN]
VARYING = ("poly_derivative", "d_product", "d_quotient", "d_trig")


def variant(parameters):
    return FAMILY.variant(parameters, "0" if parameters == VARIANT_0 else "test")


def test_variant_0_is_the_contracts_numbers():
    v = variant(VARIANT_0)
    assert VARIANT_0 == {"a": 3, "b": -2, "c": 1, "d": -5, "m": 2, "k": 1, "n": 1, "p": 1, "q": 1}
    assert v.poly == 3 * x**3 - 2 * x**2 + x - 5
    assert v.product == x**2 * sp.exp(x)
    assert v.quotient == sp.log(x) / x
    assert v.trig == sp.sin(x) * sp.cos(x)
    assert v.product_interval == (-12, 6)


def test_variant_0_states_the_contracts_functions():
    v = variant(VARIANT_0)
    assert v.statement("poly_derivative") == "$$f(x) = 3x^3 - 2x^2 + x - 5.$$"
    assert v.statement("by_hand") == "\n".join([
        "Differentiate by hand:",
        "",
        r"* `d_product` $= \dfrac{d}{dx}\left[x^2 e^x\right]$",
        r"* `d_quotient` $= \dfrac{d}{dx}\left[\dfrac{\ln x}{x}\right]$ (for $x > 0$)",
        r"* `d_trig` $= \dfrac{d}{dx}\left[\sin x \cos x\right]$",
    ])
    with pytest.raises(ValueError):
        v.statement("taylor_exp")


def test_a_variant_states_its_own_functions():
    v = variant(AWKWARD)
    assert v.statement("poly_derivative") == "$$f(x) = -4x^3 - x^2 + x + 6.$$"
    assert v.statement("by_hand") == "\n".join([
        "Differentiate by hand:",
        "",
        r"* `d_product` $= \dfrac{d}{dx}\left[x^4 e^{-2x}\right]$",
        r"* `d_quotient` $= \dfrac{d}{dx}\left[\dfrac{\ln x}{x^3}\right]$ (for $x > 0$)",
        r"* `d_trig` $= \dfrac{d}{dx}\left[\sin(2x) \cos(3x)\right]$",
    ])
    assert v.product_interval == (-3, 6)  # k·x over [-12, 6], as in variant 0


def test_draws_are_the_same_every_time_differ_between_students_and_stay_small():
    assert FAMILY.derive("calc4ml", "ada") == FAMILY.derive("calc4ml", "ada")
    drawn = [FAMILY.derive("calc4ml", f"student{i}")[0] for i in range(40)]
    assert len({tuple(p.values()) for p in drawn}) == 40
    for name, low, high in [("a", -4, 4), ("b", -4, 4), ("c", -6, 6), ("d", -9, 9), ("m", 2, 4), ("k", -3, 3),
                            ("n", 1, 3), ("p", 1, 3), ("q", 1, 3)]:
        assert {p[name] for p in drawn} <= set(range(low, high + 1)) - {0}, name


@pytest.mark.parametrize(("change", "rule"), [
    ({"a": "3"}, 0), ({"k": True}, 0), ({"q": None}, 0),
    ({"a": 0}, 1), ({"b": 0}, 1), ({"c": 0}, 1), ({"d": 0}, 1),
    ({"m": 1}, 2), ({"k": 0}, 3), ({"n": 0}, 4), ({"p": 0}, 5), ({"q": -1}, 5), ({"c": 3, "d": -3}, 6),
])
def test_each_rule_rejects_its_counter_example(change, rule):
    assert FAMILY.degenerate(VARIANT_0) == []
    assert FAMILY.degenerate({**VARIANT_0, **change}) == [RULES[rule]]


# -- what a variant's templates write out ----------------------------------------------------------

POINTS = {"poly_derivative": [-2.5, -0.7, 0.4, 1.3, 3.0], "d_quotient": [0.3, 0.9, 2.0, 7.5, 40.0],
          "d_trig": [-2.1, -0.4, 0.7, 1.9, 5.3]}


def points(exercise, v):
    if exercise == "d_product":  # inside the interval the hidden test samples, where e^(kx) stays moderate
        low, high = v.product_interval
        return list(np.linspace(low, high, 7)[1:-1])
    return POINTS[exercise]


def function_of(exercise, v):
    return {"poly_derivative": v.poly, "d_product": v.product, "d_quotient": v.quotient, "d_trig": v.trig}[exercise]


def values(answer, at):
    """The answer (a numeric function or a SymPy expression in x) at the points, as floats."""
    if callable(answer):
        return np.array([float(answer(t)) for t in at])
    return np.array([float(sp.sympify(answer, locals={"x": x}).subs(x, t)) for t in at])


def written(code, exercise):
    namespace = {"sp": sp, "np": np, "x": x}
    exec(code, namespace)  # the family's templates, written out
    return namespace[exercise]


def agrees(answer, expected: sp.Expr, at) -> bool:
    return np.allclose(values(answer, at), values(expected, at), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("parameters", VARIANTS)
@pytest.mark.parametrize("exercise", VARYING)
def test_the_solution_is_the_derivative_of_the_variants_function(exercise, parameters):
    v = variant(parameters)
    answer = written(v.render(FAMILY.solutions[exercise]), exercise)
    assert agrees(answer, sp.diff(function_of(exercise, v), x), points(exercise, v))


def mistaken(tag, exercise, v) -> sp.Expr | str:
    """What the mistake `tag` makes of the variant's function, worked out here from its parts."""
    a, b, c, d, m, k, n, p, q = (v.parameters[name] for name in "abcdmknpq")
    if exercise == "poly_derivative":
        right = sp.diff(v.poly, x)
        return {"dropped-linear-term": right - c, "constant-kept": right + d,
                "power-not-lowered": 3 * a * x**3 + 2 * b * x**2 + c}[tag]
    u, w = {"d_product": (x**m, sp.exp(k * x)), "d_quotient": (sp.log(x), x**n),
            "d_trig": (sp.sin(p * x), sp.cos(q * x))}[exercise]
    du, dw = sp.diff(u, x), sp.diff(w, x)
    return {
        ("d_product", "product-rule-half"): du * w,
        # In variant 0 u'v' is u'v, the half rule's answer: the catalogue's code multiplies u'v by v' too.
        ("d_product", "product-of-derivatives"): du * w * dw,
        ("d_product", "string-answer"): str(du * w + u * dw),
        ("d_quotient", "quotient-sign"): (du * w + u * dw) / w**2,
        ("d_quotient", "denominator-not-squared"): (du * w - u * dw) / w,
        ("d_quotient", "quotient-of-derivatives"): du / dw,
        ("d_trig", "cos-derivative-sign"): du * w - u * dw,
        ("d_trig", "product-of-derivatives"): du * dw,
        ("d_trig", "degrees"): sp.pi / 180 * (du * w + u * dw),
    }[exercise, tag]


VARYING_MISTAKES = [m for m in catalogue.load("ps1_derivatives").MISTAKES if m.exercise in VARYING]


@pytest.mark.parametrize("parameters", VARIANTS)
@pytest.mark.parametrize("mistake", VARYING_MISTAKES, ids=lambda m: f"{m.exercise}-{m.tag}")
def test_a_mistake_is_the_same_mistake_in_every_variant_and_wrong_there(mistake, parameters):
    v = variant(parameters)
    answer = written(mistake.source_for(v), mistake.exercise)
    at = points(mistake.exercise, v)
    expected = mistaken(mistake.tag, mistake.exercise, v)
    right = sp.diff(function_of(mistake.exercise, v), x)
    if isinstance(expected, str):  # an answer written as text: the right formula, and not an expression
        assert isinstance(answer, str) and agrees(answer, right, at)
        return
    assert agrees(answer, expected, at)
    assert not agrees(answer, right, at)


def test_variant_0_writes_out_the_catalogues_code_as_it_was_before_variants():
    sources = {(m.exercise, m.tag): m.source.strip().splitlines()[-1].strip() for m in VARYING_MISTAKES}
    assert sources == {
        ("poly_derivative", "dropped-linear-term"): "return 9 * x**2 - 4 * x",
        ("poly_derivative", "power-not-lowered"): "return 9 * x**3 - 4 * x**2 + 1",
        ("poly_derivative", "constant-kept"): "return 9 * x**2 - 4 * x + 1 - 5",
        ("d_product", "product-rule-half"): "d_product = 2 * x * sp.exp(x)",
        ("d_product", "product-of-derivatives"): "d_product = 2 * x * sp.exp(x) * sp.exp(x)",
        ("d_product", "string-answer"): 'd_product = "2*x*exp(x) + x**2*exp(x)"',
        ("d_quotient", "quotient-sign"): "d_quotient = (1 + sp.log(x)) / x**2",
        ("d_quotient", "denominator-not-squared"): "d_quotient = (1 - sp.log(x)) / x",
        ("d_quotient", "quotient-of-derivatives"): "d_quotient = 1 / x",
        ("d_trig", "cos-derivative-sign"): "d_trig = sp.cos(x)**2 + sp.sin(x)**2",
        ("d_trig", "product-of-derivatives"): "d_trig = -sp.cos(x) * sp.sin(x)",
        ("d_trig", "degrees"): "d_trig = sp.pi / 180 * (sp.cos(x)**2 - sp.sin(x)**2)",
    }


def test_a_variant_writes_code_as_a_student_would():
    v = variant(AWKWARD)
    assert v.render(FAMILY.solutions["poly_derivative"]).strip().splitlines()[-1].strip() == \
        "return -12 * x**2 - 2 * x + 1"
    assert v.render(FAMILY.solutions["d_product"]).strip() == \
        "d_product = 4 * x**3 * sp.exp(-2 * x) - 2 * x**4 * sp.exp(-2 * x)"
    assert v.render(FAMILY.solutions["d_quotient"]).strip() == "d_quotient = (1 - 3 * sp.log(x)) / x**4"
    assert v.render(FAMILY.solutions["d_trig"]).strip() == \
        "d_trig = 2 * sp.cos(2 * x) * sp.cos(3 * x) - 3 * sp.sin(2 * x) * sp.sin(3 * x)"


def test_the_rule_on_c_plus_d_is_what_keeps_constant_kept_apart_from_dropped_linear_term():
    hidden = FAMILY.variant({**VARIANT_0, "c": 3, "d": -3}, "c-plus-d-0")
    assert FAMILY.degenerate(hidden.parameters) == [RULES[6]]
    findings = try_variant(REPO, "ps1_derivatives", hidden).findings
    assert "mistake poly_derivative/constant-kept is named dropped-linear-term" in findings
    assert not try_variant(REPO, "ps1_derivatives", FAMILY.variant({**VARIANT_0, "c": 3, "d": -2}, "x")).findings

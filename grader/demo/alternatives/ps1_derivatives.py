"""Correct answers to ps1_derivatives in unexpected forms: the demo's and the tests' students."""

from grader.demo.alternatives import Alternative

ALTERNATIVES = [
    Alternative("poly_derivative", "horner-form", '''
def poly_derivative(x):
    return (9 * x - 4) * x + 1
'''),
    Alternative("poly_derivative", "math-and-loop", '''
import math
def poly_derivative(x):
    if isinstance(x, float):
        return 9 * math.pow(x, 2) - 4 * x + 1
    return np.array([9 * v * v - 4 * v + 1 for v in x])
'''),
    Alternative("d_product", "factored", '''
d_product = x * (x + 2) * sp.exp(x)
'''),
    Alternative("d_product", "own-symbol", '''
t = sp.Symbol("x")
d_product = sp.exp(t) * (t**2 + 2 * t)
'''),
    Alternative("d_quotient", "split", '''
d_quotient = 1 / x**2 - sp.log(x) / x**2
'''),
    Alternative("d_trig", "double-angle", '''
d_trig = sp.cos(2 * x)
'''),
    Alternative("d_trig", "one-minus-two-sin-squared", '''
d_trig = 1 - 2 * sp.sin(x)**2
'''),
    Alternative("central_difference", "halves", '''
def central_difference(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / 2 / h
'''),
    Alternative("step_errors", "loop-with-list", '''
def step_errors(f, df, x, hs):
    errors = []
    for h in hs:
        errors.append(abs((f(x + h) - f(x - h)) / (2 * h) - df(x)))
    return np.array(errors)
'''),
    Alternative("best_step", "sorted-pairs", '''
def best_step(f, df, x, hs):
    pairs = sorted(zip(step_errors(f, df, x, hs), range(len(hs))))
    return hs[pairs[0][1]]
'''),
    Alternative("sigmoid_prime", "exp-form", '''
def sigmoid_prime(z):
    e = np.exp(-np.abs(np.asarray(z, dtype=float)))  # sigma' is even: e <= 1, nothing overflows
    out = e / (1 + e)**2
    return float(out) if out.ndim == 0 else out
'''),
    Alternative("tanh_prime", "sech-squared", '''
def tanh_prime(z):
    return 1 / np.cosh(z)**2
'''),
    Alternative("relu_prime", "heaviside", '''
def relu_prime(z):
    return np.heaviside(z, 0.0)
'''),
    Alternative("relu_prime", "boolean-cast", '''
def relu_prime(z):
    return (np.asarray(z) > 0).astype(float)
'''),
    Alternative("is_continuous_at", "limits-equal-value", '''
def is_continuous_at(expr, var, point):
    value = expr.subs(var, point)
    limits = [sp.limit(expr, var, point, dir=d) for d in "-+"]
    return all(l.is_finite and v.is_finite and sp.simplify(l - v) == 0 for l in limits for v in [value])
'''),
    Alternative("taylor_exp", "running-term", '''
def taylor_exp(x, n_terms=5):
    term = np.ones_like(np.asarray(x, dtype=float))
    total = term.copy()
    for n in range(1, n_terms):
        term = term * x / n
        total = total + term
    return float(total) if total.ndim == 0 else total
'''),
    Alternative("taylor_exp", "polyval", '''
import math
def taylor_exp(x, n_terms=5):
    coefficients = [1 / math.factorial(n) for n in range(n_terms)]
    return np.polynomial.polynomial.polyval(x, coefficients)
'''),
    Alternative("taylor_sin", "running-term", '''
def taylor_sin(x, n_terms=5):
    term = np.array(x, dtype=float)
    total = term.copy()
    for n in range(1, n_terms):
        term = -term * x * x / ((2 * n) * (2 * n + 1))
        total = total + term
    return float(total) if total.ndim == 0 else total
'''),
    Alternative("taylor_sin", "sympy-series-lambdified", '''
def taylor_sin(x, n_terms=5):
    t = sp.Symbol("t")
    polynomial = sp.series(sp.sin(t), t, 0, 2 * n_terms).removeO()
    return sp.lambdify(t, polynomial, "numpy")(x)
'''),
    Alternative("taylor_polynomial", "series-without-O", '''
def taylor_polynomial(expr, var, a, order):
    return sp.series(expr, var, a, order + 1).removeO()
'''),
    Alternative("taylor_polynomial", "running-derivative-expanded", '''
def taylor_polynomial(expr, var, a, order):
    result, derivative, factorial = 0, expr, 1
    for k in range(order + 1):
        if k:
            derivative, factorial = sp.diff(derivative, var), factorial * k
        result += derivative.subs(var, a) * (var - a)**k / factorial
    return sp.expand(result)
'''),
    Alternative("second_difference", "difference-of-slopes", '''
def second_difference(f, x, h=1e-4):
    right_slope = (f(x + h) - f(x)) / h
    left_slope = (f(x) - f(x - h)) / h
    return (right_slope - left_slope) / h
'''),
    Alternative("second_difference", "weights", '''
def second_difference(f, x, h=1e-4):
    values = [f(x - h), f(x), f(x + h)]
    return sum(w * v for w, v in zip((1.0, -2.0, 1.0), values)) / (h * h)
'''),
    Alternative("classify_critical_point", "sign-lookup", '''
def classify_critical_point(f_expr, var, point):
    slope = sp.simplify(sp.diff(f_expr, var).subs(var, point))
    if slope != 0:
        return "not critical"
    curvature = sp.sign(sp.diff(f_expr, var, var).subs(var, point))
    return {1: "minimum", -1: "maximum", 0: "inconclusive"}[int(curvature)]
'''),
    Alternative("classify_critical_point", "lambdified-float-test", '''
import math
def classify_critical_point(f_expr, var, point):
    first = sp.lambdify(var, sp.diff(f_expr, var))
    second = sp.lambdify(var, sp.diff(f_expr, var, 2))
    p = float(point)
    if abs(first(p)) > 1e-12:
        return "not critical"
    c = second(p)
    if abs(c) <= 1e-12:
        return "inconclusive"
    return "minimum" if c > 0 else "maximum"
'''),
]

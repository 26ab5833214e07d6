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
    e = np.exp(-np.asarray(z, dtype=float))
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
]

"""Answers a ps1_derivatives student might write."""

from grader.catalogue import Alternative, Mistake

SETUP = 'x = sp.symbols("x", real=True)'

MISTAKES = [
    Mistake("poly_derivative", "dropped-linear-term", "forgot the derivative of the x term", '''
def poly_derivative(x):
    return 9 * x**2 - 4 * x
'''),
    Mistake("poly_derivative", "power-not-lowered", "multiplied by the power but kept it", '''
def poly_derivative(x):
    return 9 * x**3 - 4 * x**2 + 1
'''),
    Mistake("poly_derivative", "constant-kept", "differentiated the constant -5 to -5", '''
def poly_derivative(x):
    return 9 * x**2 - 4 * x + 1 - 5
'''),
    Mistake("d_product", "product-rule-half", "kept only one term of the product rule", '''
d_product = 2 * x * sp.exp(x)
'''),
    Mistake("d_product", "product-of-derivatives", "(fg)' = f'g'", '''
d_product = 2 * x * sp.exp(x) * sp.exp(x)
'''),
    Mistake("d_product", "string-answer", "wrote the answer as text", '''
d_product = "2*x*exp(x) + x**2*exp(x)"
'''),
    Mistake("d_quotient", "quotient-sign", "f'g + fg' in the numerator", '''
d_quotient = (1 + sp.log(x)) / x**2
'''),
    Mistake("d_quotient", "denominator-not-squared", "g instead of g squared", '''
d_quotient = (1 - sp.log(x)) / x
'''),
    Mistake("d_quotient", "quotient-of-derivatives", "(f/g)' = f'/g'", '''
d_quotient = 1 / x
'''),
    Mistake("d_trig", "cos-derivative-sign", "(cos x)' = sin x", '''
d_trig = sp.cos(x)**2 + sp.sin(x)**2
'''),
    Mistake("d_trig", "product-of-derivatives", "(fg)' = f'g'", '''
d_trig = -sp.cos(x) * sp.sin(x)
'''),
    Mistake("d_trig", "degrees", "converted to degrees", '''
d_trig = sp.pi / 180 * (sp.cos(x)**2 - sp.sin(x)**2)
'''),
    Mistake("forward_difference", "central-for-forward", "computed the central difference", '''
def forward_difference(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / (2 * h)
'''),
    Mistake("forward_difference", "no-division", "forgot to divide by h", '''
def forward_difference(f, x, h=1e-5):
    return f(x + h) - f(x)
'''),
    Mistake("forward_difference", "backward-difference", "used x - h", '''
def forward_difference(f, x, h=1e-5):
    return (f(x) - f(x - h)) / h
'''),
    Mistake("central_difference", "missing-two", "divided by h instead of 2h", '''
def central_difference(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / h
'''),
    Mistake("central_difference", "forward-for-central", "computed the forward difference", '''
def central_difference(f, x, h=1e-5):
    return (f(x + h) - f(x)) / h
'''),
    Mistake("central_difference", "operator-precedence", "divided by 2 then multiplied by h", '''
def central_difference(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / 2 * h
'''),
    Mistake("step_errors", "signed-error", "kept the sign of the error", '''
def step_errors(f, df, x, hs):
    return np.array([central_difference(f, x, h) - df(x) for h in hs])
'''),
    Mistake("step_errors", "forward-errors", "measured the forward difference", '''
def step_errors(f, df, x, hs):
    return np.array([abs(forward_difference(f, x, h) - df(x)) for h in hs])
'''),
    Mistake("step_errors", "relative-error", "divided by the derivative", '''
def step_errors(f, df, x, hs):
    return np.array([abs(central_difference(f, x, h) - df(x)) / abs(df(x)) for h in hs])
'''),
    Mistake("best_step", "index-not-step", "returned the position of the best h", '''
def best_step(f, df, x, hs):
    return int(np.argmin(step_errors(f, df, x, hs)))
'''),
    Mistake("best_step", "largest-error", "took the maximum", '''
def best_step(f, df, x, hs):
    return hs[int(np.argmax(step_errors(f, df, x, hs)))]
'''),
    Mistake("best_step", "smallest-step", "assumed the smallest h is always best", '''
def best_step(f, df, x, hs):
    return min(hs)
'''),
    Mistake("sigmoid_prime", "sigmoid-not-derivative", "returned sigma itself", '''
def sigmoid_prime(z):
    return 1 / (1 + np.exp(-z))
'''),
    Mistake("sigmoid_prime", "missing-one-minus", "sigma squared", '''
def sigmoid_prime(z):
    s = 1 / (1 + np.exp(-z))
    return s * s
'''),
    Mistake("sigmoid_prime", "one-minus-sigma", "returned 1 - sigma", '''
def sigmoid_prime(z):
    return 1 - 1 / (1 + np.exp(-z))
'''),
    Mistake("tanh_prime", "missing-square", "1 - tanh", '''
def tanh_prime(z):
    return 1 - np.tanh(z)
'''),
    Mistake("tanh_prime", "sign", "tanh^2 - 1", '''
def tanh_prime(z):
    return np.tanh(z)**2 - 1
'''),
    Mistake("tanh_prime", "scalar-only", "math.tanh, which fails on arrays", '''
import math
def tanh_prime(z):
    return 1 - math.tanh(z)**2
'''),
    Mistake("relu_prime", "relu-prime-at-zero-one", "ReLU'(0) = 1", '''
def relu_prime(z):
    return np.where(np.asarray(z) >= 0, 1.0, 0.0)
'''),
    Mistake("relu_prime", "relu-not-derivative", "returned ReLU itself", '''
def relu_prime(z):
    return np.maximum(0, z)
'''),
    Mistake("relu_prime", "scalar-only", "an if statement, which fails on arrays", '''
def relu_prime(z):
    return 1.0 if z > 0 else 0.0
'''),
    Mistake("is_continuous_at", "value-ignored", "compared the one-sided limits only", '''
def is_continuous_at(expr, var, point):
    return bool(sp.limit(expr, var, point, dir="-") == sp.limit(expr, var, point, dir="+"))
'''),
    Mistake("is_continuous_at", "one-sided-limit-only", "sp.limit's default is the limit from the right only", '''
def is_continuous_at(expr, var, point):
    return bool(sp.limit(expr, var, point) == expr.subs(var, point))
'''),
    Mistake("is_continuous_at", "always-true", "returned True", '''
def is_continuous_at(expr, var, point):
    return True
'''),
]

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

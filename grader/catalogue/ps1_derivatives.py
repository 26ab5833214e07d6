"""Answers a ps1_derivatives student might write."""

from grader.catalogue import Mistake

SETUP = 'x = sp.symbols("x", real=True)'

MISTAKES = [
    Mistake("poly_derivative", "dropped-linear-term", 'the derivative of the x term is missing', '''
def poly_derivative(x):
    return $poly_dx2 $poly_dx1
'''),
    Mistake("poly_derivative", "power-not-lowered", 'each power was multiplied down but not lowered by one', '''
def poly_derivative(x):
    return $poly_dx3_unlowered $poly_dx2_unlowered $poly_dx0
'''),
    Mistake("poly_derivative", "constant-kept", 'the constant was kept; the derivative of a constant is 0', '''
def poly_derivative(x):
    return $poly_dx2 $poly_dx1 $poly_dx0 $poly_constant
'''),
    Mistake("d_product", "product-rule-half", 'only one of the two terms of the product rule is there', '''
d_product = $product_du_v
'''),
    Mistake("d_product", "product-of-derivatives", "this multiplies the two derivatives, but (fg)' is f'g + fg'", '''
d_product = $product_du_dv
'''),
    Mistake("d_product", "string-answer", 'the answer is written as text instead of a SymPy expression', '''
d_product = "$product_as_text"
'''),
    Mistake("d_quotient", "quotient-sign", "the numerator adds f'g and fg'; the quotient rule subtracts", '''
d_quotient = (1 + $quotient_n_log) / $quotient_x_n1
'''),
    Mistake("d_quotient", "denominator-not-squared", 'the denominator of the quotient rule is g squared', '''
d_quotient = (1 - $quotient_n_log) / x
'''),
    Mistake("d_quotient", "quotient-of-derivatives", "this divides the two derivatives, but the quotient rule is (f'g - fg')/g²", '''
d_quotient = 1 / $quotient_n_x_n
'''),
    Mistake("d_trig", "cos-derivative-sign", 'the derivative of cos x is -sin x, not sin x', '''
d_trig = $trig_cos_cos + $trig_sin_sin
'''),
    Mistake("d_trig", "product-of-derivatives", "this multiplies the two derivatives, but (fg)' is f'g + fg'", '''
d_trig = $trig_du_dv
'''),
    Mistake("d_trig", "degrees", "there is a degree conversion factor; SymPy's sin and cos work in radians", '''
d_trig = sp.pi / 180 * ($trig_cos_cos - $trig_sin_sin)
'''),
    Mistake("forward_difference", "central-for-forward", 'this is the central difference; the forward difference uses f(x+h) and f(x)', '''
def forward_difference(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / (2 * h)
'''),
    Mistake("forward_difference", "no-division", 'the difference is not divided by h', '''
def forward_difference(f, x, h=1e-5):
    return f(x + h) - f(x)
'''),
    Mistake("forward_difference", "backward-difference", 'this steps backwards to x - h; the forward difference steps to x + h', '''
def forward_difference(f, x, h=1e-5):
    return (f(x) - f(x - h)) / h
'''),
    Mistake("central_difference", "missing-two", 'the difference should be divided by 2h, not h', '''
def central_difference(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / h
'''),
    Mistake("central_difference", "forward-for-central", 'this is the forward difference; the central one uses f(x+h) and f(x-h)', '''
def central_difference(f, x, h=1e-5):
    return (f(x + h) - f(x)) / h
'''),
    Mistake("central_difference", "operator-precedence", '`/ 2 * h` divides by 2 and then multiplies by h; put 2 * h in parentheses', '''
def central_difference(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / 2 * h
'''),
    Mistake("step_errors", "signed-error", 'the errors keep their sign; the exercise asks for absolute errors', '''
def step_errors(f, df, x, hs):
    return np.array([central_difference(f, x, h) - df(x) for h in hs])
'''),
    Mistake("step_errors", "forward-errors", 'these are the errors of the forward difference, not the central one', '''
def step_errors(f, df, x, hs):
    return np.array([abs(forward_difference(f, x, h) - df(x)) for h in hs])
'''),
    Mistake("step_errors", "relative-error", 'the errors are divided by the derivative; the exercise asks for absolute errors', '''
def step_errors(f, df, x, hs):
    return np.array([abs(central_difference(f, x, h) - df(x)) / abs(df(x)) for h in hs])
'''),
    Mistake("best_step", "index-not-step", 'this returns the position of the best step, not the step size h itself', '''
def best_step(f, df, x, hs):
    return int(np.argmin(step_errors(f, df, x, hs)))
'''),
    Mistake("best_step", "largest-error", 'this picks the step with the largest error, not the smallest', '''
def best_step(f, df, x, hs):
    return hs[int(np.argmax(step_errors(f, df, x, hs)))]
'''),
    Mistake("best_step", "smallest-step", 'the smallest h is not always best: rounding error grows as h shrinks', '''
def best_step(f, df, x, hs):
    return min(hs)
'''),
    Mistake("sigmoid_prime", "sigmoid-not-derivative", 'this returns the sigmoid itself rather than its derivative', '''
def sigmoid_prime(z):
    return 1 / (1 + np.exp(-z))
'''),
    Mistake("sigmoid_prime", "missing-one-minus", 'this is sigma squared; the derivative is sigma times (1 - sigma)', '''
def sigmoid_prime(z):
    s = 1 / (1 + np.exp(-z))
    return s * s
'''),
    Mistake("sigmoid_prime", "one-minus-sigma", 'this returns 1 - sigma; the derivative is sigma times (1 - sigma)', '''
def sigmoid_prime(z):
    return 1 - 1 / (1 + np.exp(-z))
'''),
    Mistake("sigmoid_prime", "quotient-overflows", "exp(-z) / (1 + exp(-z))² is inf / inf = NaN for very negative z, where σ'(z) is 0 in float64: compute s = σ(z) once and return s * (1 - s)", '''
def sigmoid_prime(z):
    e = np.exp(-z)
    return e / (1 + e)**2
'''),
    Mistake("tanh_prime", "missing-square", 'tanh is not squared', '''
def tanh_prime(z):
    return 1 - np.tanh(z)
'''),
    Mistake("tanh_prime", "sign", 'the sign is reversed', '''
def tanh_prime(z):
    return np.tanh(z)**2 - 1
'''),
    Mistake("tanh_prime", "scalar-only", 'math.tanh works on one number only; use np.tanh so arrays work too', '''
import math
def tanh_prime(z):
    return 1 - math.tanh(z)**2
'''),
    Mistake("tanh_prime", "tanh-from-exponentials", "tanh written as (eᶻ - e⁻ᶻ) / (eᶻ + e⁻ᶻ) is inf / inf = NaN for |z| > 709, where 1 - tanh²(z) is 0: use np.tanh", '''
def tanh_prime(z):
    t = (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))
    return 1 - t**2
'''),
    Mistake("relu_prime", "relu-prime-at-zero-one", "at z = 0 this gives 1, but this course uses ReLU'(0) = 0", '''
def relu_prime(z):
    return np.where(np.asarray(z) >= 0, 1.0, 0.0)
''', credit=0.5),
    Mistake("relu_prime", "relu-not-derivative", 'this returns ReLU itself rather than its derivative', '''
def relu_prime(z):
    return np.maximum(0, z)
'''),
    Mistake("relu_prime", "scalar-only", 'an if statement works on one number only; use np.where so arrays work too', '''
def relu_prime(z):
    return 1.0 if z > 0 else 0.0
'''),
    Mistake("is_continuous_at", "value-ignored", 'only the one-sided limits are compared; the value at the point matters too', '''
def is_continuous_at(expr, var, point):
    return bool(sp.limit(expr, var, point, dir="-") == sp.limit(expr, var, point, dir="+"))
'''),
    Mistake("is_continuous_at", "one-sided-limit-only", 'sp.limit without dir= takes the limit from the right only', '''
def is_continuous_at(expr, var, point):
    return bool(sp.limit(expr, var, point) == expr.subs(var, point))
'''),
    Mistake("is_continuous_at", "always-true", 'the answer is True whatever the function', '''
def is_continuous_at(expr, var, point):
    return True
'''),
    Mistake("taylor_exp", "one-term-short", 'the sum stops one term early: n_terms terms are n = 0, 1, ..., n_terms - 1', '''
import math
def taylor_exp(x, n_terms=5):
    return sum(x**n / math.factorial(n) for n in range(n_terms - 1))
'''),
    Mistake("taylor_exp", "factorial-off-by-one", 'the n-th term is divided by (n+1)!; the Maclaurin coefficient of x^n is 1/n!', '''
import math
def taylor_exp(x, n_terms=5):
    return sum(x**n / math.factorial(n + 1) for n in range(n_terms))
'''),
    Mistake("taylor_exp", "constant-term-missing", 'the sum starts at n = 1, so the constant term 1 is missing', '''
import math
def taylor_exp(x, n_terms=5):
    return sum(x**n / math.factorial(n) for n in range(1, n_terms + 1))
'''),
    Mistake("taylor_exp", "exact-function", 'this is e^x itself; the exercise asks for the polynomial with n_terms terms, which differs from e^x far from 0', '''
def taylor_exp(x, n_terms=5):
    return np.exp(x)
'''),
    Mistake("taylor_sin", "no-alternating-sign", 'the signs do not alternate: every term of the series of sin x after x is (-1)^n times the last', '''
import math
def taylor_sin(x, n_terms=5):
    return sum(x**(2 * n + 1) / math.factorial(2 * n + 1) for n in range(n_terms))
'''),
    Mistake("taylor_sin", "even-powers", 'these are the even powers x^(2n)/(2n)!, the series of cos x; sin x has the odd powers x^(2n+1)/(2n+1)!', '''
import math
def taylor_sin(x, n_terms=5):
    return sum((-1)**n * x**(2 * n) / math.factorial(2 * n) for n in range(n_terms))
'''),
    Mistake("taylor_sin", "factorial-of-n", 'the term x^(2n+1) is divided by n!; it should be divided by (2n+1)!', '''
import math
def taylor_sin(x, n_terms=5):
    return sum((-1)**n * x**(2 * n + 1) / math.factorial(n) for n in range(n_terms))
'''),
    Mistake("taylor_sin", "exact-function", 'this is sin x itself; the exercise asks for the polynomial with n_terms terms, which differs from sin x far from 0', '''
def taylor_sin(x, n_terms=5):
    return np.sin(x)
'''),
    Mistake("taylor_polynomial", "order-off-by-one", "sp.series(expr, var, a, n) stops before the (var - a)^n term: for terms up to the power `order`, n is order + 1", '''
def taylor_polynomial(expr, var, a, order):
    return sp.series(expr, var, a, order).removeO()
'''),
    Mistake("taylor_polynomial", "kept-order-term", 'the result of sp.series still ends in an O() term; the exercise asks for the polynomial alone (.removeO())', '''
def taylor_polynomial(expr, var, a, order):
    return sp.series(expr, var, a, order + 1)
'''),
    Mistake("taylor_polynomial", "missing-factorial", 'the k-th derivative is not divided by k!', '''
def taylor_polynomial(expr, var, a, order):
    return sum(sp.diff(expr, var, k).subs(var, a) * (var - a)**k for k in range(order + 1))
'''),
    Mistake("taylor_polynomial", "unshifted-powers", 'the powers are of var instead of (var - a): about a point a other than 0 the polynomial is in powers of (var - a)', '''
def taylor_polynomial(expr, var, a, order):
    return sum(sp.diff(expr, var, k).subs(var, a) / sp.factorial(k) * var**k for k in range(order + 1))
'''),
    Mistake("second_difference", "h-not-squared", 'the difference is divided by h; the second difference is divided by h squared', '''
def second_difference(f, x, h=1e-4):
    return (f(x + h) - 2 * f(x) + f(x - h)) / h
'''),
    Mistake("second_difference", "nested-central-differences", 'this is the central difference of central differences, (f(x+2h) - 2f(x) + f(x-2h)) / (4h²): its step is 2h, not h', '''
def second_difference(f, x, h=1e-4):
    slope = lambda t: (f(t + h) - f(t - h)) / (2 * h)
    return (slope(x + h) - slope(x - h)) / (2 * h)
'''),
    Mistake("second_difference", "one-sided", 'this one-sided difference uses f(x), f(x+h), f(x+2h); the second difference asked for is centred at x: f(x+h), f(x), f(x-h)', '''
def second_difference(f, x, h=1e-4):
    return (f(x + 2 * h) - 2 * f(x + h) + f(x)) / h**2
'''),
    Mistake("second_difference", "extra-half", 'the difference is divided by 2h²; the second difference is divided by h² (the 2 belongs to the first derivative\'s central difference)', '''
def second_difference(f, x, h=1e-4):
    return (f(x + h) - 2 * f(x) + f(x - h)) / (2 * h**2)
'''),
    Mistake("classify_critical_point", "no-critical-check", "f'(point) is never checked: where the slope is not 0 the point is not critical, whatever f'' is", '''
def classify_critical_point(f_expr, var, point):
    curvature = sp.diff(f_expr, var, 2).subs(var, point)
    if curvature > 0:
        return "minimum"
    if curvature < 0:
        return "maximum"
    return "inconclusive"
'''),
    Mistake("classify_critical_point", "signs-swapped", "minimum and maximum are swapped: f'' > 0 means the graph bends up, a minimum", '''
def classify_critical_point(f_expr, var, point):
    if sp.diff(f_expr, var).subs(var, point) != 0:
        return "not critical"
    curvature = sp.diff(f_expr, var, 2).subs(var, point)
    if curvature > 0:
        return "maximum"
    if curvature < 0:
        return "minimum"
    return "inconclusive"
'''),
    Mistake("classify_critical_point", "zero-curvature-decides", "f'' = 0 is taken as a minimum; there the second-derivative test says nothing (x³ has no extremum at 0, -x⁴ a maximum)", '''
def classify_critical_point(f_expr, var, point):
    if sp.diff(f_expr, var).subs(var, point) != 0:
        return "not critical"
    if sp.diff(f_expr, var, 2).subs(var, point) >= 0:
        return "minimum"
    return "maximum"
'''),
    Mistake("classify_critical_point", "solved-for-critical-points", "the point is looked up among the critical points sp.solve finds, but for a periodic f sp.solve reports those of one period only: test f'(point) = 0 at the point itself", '''
def classify_critical_point(f_expr, var, point):
    slope = sp.diff(f_expr, var)
    if not any(sp.simplify(root - point) == 0 for root in sp.solve(slope, var)):
        return "not critical"
    curvature = sp.diff(f_expr, var, 2).subs(var, point)
    if curvature > 0:
        return "minimum"
    if curvature < 0:
        return "maximum"
    return "inconclusive"
'''),
    Mistake("classify_critical_point", "first-derivative-as-curvature", "the curvature is taken from f' instead of f'' (sp.diff(f_expr, var, 2) is the second derivative)", '''
def classify_critical_point(f_expr, var, point):
    slope = sp.diff(f_expr, var).subs(var, point)
    if slope != 0:
        return "not critical"
    curvature = sp.diff(f_expr, var).subs(var, point)
    if curvature > 0:
        return "minimum"
    if curvature < 0:
        return "maximum"
    return "inconclusive"
'''),
]

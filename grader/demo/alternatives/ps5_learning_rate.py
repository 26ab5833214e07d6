"""Correct answers to ps5_learning_rate in unexpected forms: the demo's and the tests' students."""

from grader.demo.alternatives import Alternative

ALTERNATIVES = [
    Alternative("run_gd_1d", "list-of-float64", '''
def run_gd_1d(f_grad, x0, lr, steps):
    x = np.float64(x0)
    history = [x]
    for _ in range(steps):
        x -= lr * f_grad(x)
        history.append(x)
    return np.array(history, dtype=np.float64)
'''),
    Alternative("run_gd_1d", "zeros-float-cast", '''
def run_gd_1d(f_grad, x0, lr, steps):
    xs = np.zeros(steps + 1)
    xs[0] = float(x0)
    with np.errstate(over="ignore", invalid="ignore"):
        for i in range(1, steps + 1):
            xs[i] = xs[i - 1] + (-lr) * f_grad(xs[i - 1])
    return xs
'''),
    Alternative("outcome", "python-loop", '''
import math
def outcome(xs, tol=1e-6):
    for v in xs:
        if not math.isfinite(v) or abs(v) > 1e6:
            return "diverged"
    return "converged" if abs(xs[-1] - xs[-2]) < tol else "slow"
'''),
    Alternative("outcome", "max-abs", '''
def outcome(xs, tol=1e-6):
    xs = np.array(xs, dtype=float)
    ok = np.isfinite(xs).all() and np.max(np.abs(xs)) <= 1e6
    if not ok:
        return "diverged"
    last_step = np.abs(np.diff(xs))[-1]
    return "converged" if last_step < tol else "slow"
'''),
    Alternative("quartic_study", "three-calls", '''
quartic_study = None
grad = lambda t: 4 * t**3 - 9 * t**2
with np.errstate(all="ignore"):
    run_small = run_gd_1d(grad, 4, 0.001, 100)
    run_medium = run_gd_1d(grad, 4, 0.01, 100)
    run_large = run_gd_1d(grad, 4, 0.1, 100)
quartic_study = {0.001: outcome(run_small), 0.01: outcome(run_medium), 0.1: outcome(run_large)}
'''),
    Alternative("quartic_study", "sympy-derivative", '''
quartic_study = None
f_quartic = x**4 - 3 * x**3 + 2
grad = sp.lambdify(x, sp.diff(f_quartic, x), "numpy")
with np.errstate(all="ignore"):
    quartic_study = {lr: outcome(run_gd_1d(grad, 4.0, lr, 100)) for lr in np.array([0.001, 0.01, 0.1])}
'''),
    Alternative("critical_lr", "poly-leading-coefficient", '''
def critical_lr(f_expr, var):
    a = sp.Poly(sp.expand(f_expr), var).LC()
    return 1 / a
'''),
    Alternative("critical_lr", "float-result", '''
def critical_lr(f_expr, var):
    curvature = sp.diff(f_expr, var, var)
    return float(2 / curvature)
'''),
    Alternative("critical_lr", "expand-coeff", '''
def critical_lr(f_expr, var):
    return 2 / (2 * sp.expand(f_expr).coeff(var, 2))
'''),
    Alternative("max_stable_lr_mse", "closed-form-eigenvalue", '''
import math
def max_stable_lr_mse(X):
    N = len(X)
    p, q, s = 2 * sum(v * v for v in X) / N, 2 * sum(X) / N, 2.0
    lam_max = (p + s) / 2 + math.sqrt(((p - s) / 2) ** 2 + q * q)
    return 2 / lam_max
'''),
    Alternative("max_stable_lr_mse", "design-matrix-norm", '''
def max_stable_lr_mse(X):
    A = np.column_stack([X, np.ones_like(X)])
    lam_max = 2 / len(X) * np.linalg.norm(A, 2) ** 2
    return 2 / lam_max
'''),
    Alternative("max_stable_lr_mse", "general-eigvals", '''
def max_stable_lr_mse(X):
    Xc = np.array(X, dtype=float)
    H = np.empty((2, 2))
    H[0, 0] = 2 * np.mean(Xc**2)
    H[0, 1] = H[1, 0] = 2 * np.mean(Xc)
    H[1, 1] = 2
    return float(2 / np.linalg.eigvals(H).real.max())
'''),
    Alternative("steps_to_tolerance", "while-loop", '''
def steps_to_tolerance(lr, tol=1e-6):
    x, n = 0.0, 0
    while abs(x - 3) >= tol or x != x:
        if n == 10000:
            return -1
        x -= lr * (2 * x - 6)
        n += 1
    return n
'''),
    Alternative("steps_to_tolerance", "closed-form", '''
import math
def steps_to_tolerance(lr, tol=1e-6):
    q = abs(1 - 2 * lr)
    if q == 0:
        return 1
    if q >= 1:
        return -1
    n = math.floor(math.log(tol / 3) / math.log(q)) + 1
    return n if n <= 10000 else -1
'''),
    Alternative("steps_to_tolerance", "via-run_gd_1d", '''
def steps_to_tolerance(lr, tol=1e-6):
    with np.errstate(all="ignore"):
        xs = run_gd_1d(lambda t: 2 * (t - 3), 0.0, lr, 10000)
        close = np.flatnonzero(np.abs(xs - 3) < tol)
    return int(close[0]) if close.size else -1
'''),
    Alternative("best_lr", "min-with-key", '''
best_lr = None
best_lr = min(np.linspace(0.05, 0.95, 19), key=steps_to_tolerance)
'''),
    Alternative("best_lr", "explicit-loop", '''
best_lr = None
fewest = None
for lr in np.linspace(0.05, 0.95, 19):
    n = steps_to_tolerance(lr)
    if n >= 0 and (fewest is None or n < fewest):
        fewest, best_lr = n, lr
'''),
]

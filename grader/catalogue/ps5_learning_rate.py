"""Answers a ps5_learning_rate student might write."""

from grader.catalogue import Alternative, Mistake

SETUP = 'x = sp.symbols("x", real=True)'

MISTAKES = [
    Mistake("run_gd_1d", "missing-start", "the start x0 is missing from the returned iterates", '''
def run_gd_1d(f_grad, x0, lr, steps):
    xs = []
    x = np.float64(x0)
    for _ in range(steps):
        x = x - lr * f_grad(x)
        xs.append(x)
    return np.array(xs)
'''),
    Mistake("run_gd_1d", "extra-step", "the loop makes one update too many", '''
def run_gd_1d(f_grad, x0, lr, steps):
    x = np.float64(x0)
    xs = [x]
    for _ in range(steps + 1):
        x = x - lr * f_grad(x)
        xs.append(x)
    return np.array(xs)
'''),
    Mistake("run_gd_1d", "integer-history", "the iterates are stored in an integer array when x0 is an integer, so every update is rounded", '''
def run_gd_1d(f_grad, x0, lr, steps):
    xs = np.full(steps + 1, x0)
    for n in range(steps):
        xs[n + 1] = xs[n] - lr * f_grad(xs[n])
    return xs
'''),
    Mistake("run_gd_1d", "stops-at-overflow", "the run stops early when it blows up, so fewer than steps + 1 iterates are returned", '''
def run_gd_1d(f_grad, x0, lr, steps):
    xs = [np.float64(x0)]
    for _ in range(steps):
        x = xs[-1] - lr * f_grad(xs[-1])
        xs.append(x)
        if not np.isfinite(x):
            break
    return np.array(xs)
'''),
    Mistake("outcome", "nan-not-diverged", "only abs(x) > 1e6 is tested, and that comparison is False for nan", '''
def outcome(xs, tol=1e-6):
    xs = np.asarray(xs, dtype=float)
    if np.any(np.abs(xs) > 1e6):
        return "diverged"
    if abs(xs[-1] - xs[-2]) < tol:
        return "converged"
    return "slow"
'''),
    Mistake("outcome", "converged-checked-first", "convergence is tested before divergence", '''
def outcome(xs, tol=1e-6):
    xs = np.asarray(xs, dtype=float)
    if abs(xs[-1] - xs[-2]) < tol:
        return "converged"
    if not np.all(np.isfinite(xs)) or np.any(np.abs(xs) > 1e6):
        return "diverged"
    return "slow"
'''),
    Mistake("outcome", "no-abs", "large negative iterates are not recognised (the absolute value is missing)", '''
def outcome(xs, tol=1e-6):
    xs = np.asarray(xs, dtype=float)
    if not np.all(np.isfinite(xs)) or np.any(xs > 1e6):
        return "diverged"
    if abs(xs[-1] - xs[-2]) < tol:
        return "converged"
    return "slow"
'''),
    Mistake("outcome", "tolerance-ignored", "the tolerance is hard-coded instead of taken from the tol argument", '''
def outcome(xs, tol=1e-6):
    xs = np.asarray(xs, dtype=float)
    if not np.all(np.isfinite(xs)) or np.any(np.abs(xs) > 1e6):
        return "diverged"
    if abs(xs[-1] - xs[-2]) < 1e-6:
        return "converged"
    return "slow"
'''),
    Mistake("outcome", "last-iterate-only", "only the last iterate is checked for divergence", '''
def outcome(xs, tol=1e-6):
    last = xs[-1]
    if not np.isfinite(last) or abs(last) > 1e6:
        return "diverged"
    if abs(xs[-1] - xs[-2]) < tol:
        return "converged"
    return "slow"
'''),
    Mistake("quartic_study", "derivative-coefficient", "these are the outcomes of a derivative whose 3x³ term has the wrong coefficient", '''
quartic_study = None
def quartic_grad(t):
    return 4 * t**3 - 3 * t**2

quartic_study = {}
with np.errstate(all="ignore"):
    for lr in (0.001, 0.01, 0.1):
        quartic_study[lr] = outcome(run_gd_1d(quartic_grad, 4.0, lr, 100))
'''),
    Mistake("quartic_study", "power-not-lowered", "these are the outcomes of a derivative whose exponents were not lowered (power rule)", '''
quartic_study = None
def quartic_grad(t):
    return 4 * t**4 - 9 * t**3

quartic_study = {}
with np.errstate(all="ignore"):
    for lr in (0.001, 0.01, 0.1):
        quartic_study[lr] = outcome(run_gd_1d(quartic_grad, 4.0, lr, 100))
'''),
    Mistake("quartic_study", "string-keys", "the keys are strings such as '0.001' instead of numbers", '''
quartic_study = None
def quartic_grad(t):
    return 4 * t**3 - 9 * t**2

quartic_study = {}
with np.errstate(all="ignore"):
    for lr in ("0.001", "0.01", "0.1"):
        quartic_study[lr] = outcome(run_gd_1d(quartic_grad, 4.0, float(lr), 100))
'''),
    Mistake("quartic_study", "guessed", "the outcomes look guessed rather than computed with run_gd_1d and outcome", '''
quartic_study = {0.001: "converged", 0.01: "converged", 0.1: "diverged"}
'''),
    Mistake("quartic_study", "list-not-dict", "the outcomes are stored in a list instead of a dict keyed by learning rate", '''
quartic_study = None
def quartic_grad(t):
    return 4 * t**3 - 9 * t**2

with np.errstate(all="ignore"):
    quartic_study = [outcome(run_gd_1d(quartic_grad, 4.0, lr, 100)) for lr in (0.001, 0.01, 0.1)]
'''),
    Mistake("critical_lr", "one-step-rate", "this is the rate that reaches the minimum in one step, not the critical rate", '''
def critical_lr(f_expr, var):
    return 1 / sp.diff(f_expr, var, 2)
'''),
    Mistake("critical_lr", "leading-coefficient", "the coefficient of the squared term was used in place of the second derivative", '''
def critical_lr(f_expr, var):
    a = sp.Poly(f_expr, var).LC()
    return 2 / a
'''),
    Mistake("critical_lr", "coeff-without-expand", "expr.coeff(var, 2) finds no squared term in a quadratic that is not multiplied out", '''
def critical_lr(f_expr, var):
    a = f_expr.coeff(var, 2)
    return float(2 / (2 * a))
'''),
    Mistake("critical_lr", "pure-square-assumed", "the curvature was read off f(1), which only works for f = a·x² without other terms", '''
def critical_lr(f_expr, var):
    a = f_expr.subs(var, 1)
    return 2 / (2 * a)
'''),
    Mistake("critical_lr", "ignores-var", "the derivative is taken with respect to x instead of var", '''
def critical_lr(f_expr, var):
    return float(2 / sp.diff(f_expr, x, 2))
'''),
    Mistake("max_stable_lr_mse", "no-two-over-n", "the factor 2/N in front of the Hessian is missing", '''
def max_stable_lr_mse(X):
    H = np.array([[np.sum(X**2), np.sum(X)], [np.sum(X), len(X)]])
    return 2 / np.max(np.linalg.eigvalsh(H))
'''),
    Mistake("max_stable_lr_mse", "missing-two", "the 2 in the numerator of the stability limit is missing", '''
def max_stable_lr_mse(X):
    N = len(X)
    H = 2 / N * np.array([[np.sum(X**2), np.sum(X)], [np.sum(X), N]])
    return 1 / np.max(np.linalg.eigvalsh(H))
'''),
    Mistake("max_stable_lr_mse", "smallest-eigenvalue", "the smallest eigenvalue was used (eigvalsh sorts them in increasing order)", '''
def max_stable_lr_mse(X):
    N = len(X)
    H = 2 / N * np.array([[np.sum(X**2), np.sum(X)], [np.sum(X), N]])
    return 2 / np.linalg.eigvalsh(H)[0]
'''),
    Mistake("max_stable_lr_mse", "diagonal-only", "only the diagonal entries of the Hessian were used, not its eigenvalues", '''
def max_stable_lr_mse(X):
    return 2 / max(2 * np.mean(X**2), 2.0)
'''),
    Mistake("max_stable_lr_mse", "centred-in-place", "the data X is changed in place", '''
def max_stable_lr_mse(X):
    N = len(X)
    m = X.mean()
    X -= m
    H = 2 / N * np.array([[np.sum((X + m)**2), np.sum(X + m)], [np.sum(X + m), N]])
    return 2 / np.max(np.linalg.eigvalsh(H))
'''),
    Mistake("steps_to_tolerance", "counts-start", "the start x0 is counted as a step", '''
def steps_to_tolerance(lr, tol=1e-6):
    x = 0.0
    count = 1
    for _ in range(10000):
        x = x - lr * 2 * (x - 3)
        count += 1
        if abs(x - 3) < tol:
            return count
    return -1
'''),
    Mistake("steps_to_tolerance", "no-minus-one", "the step budget is returned instead of -1 when the tolerance is never reached", '''
def steps_to_tolerance(lr, tol=1e-6):
    x = 0.0
    n = 0
    while n < 10000:
        x = x - lr * 2 * (x - 3)
        n += 1
        if abs(x - 3) < tol:
            break
    return n
'''),
    Mistake("steps_to_tolerance", "step-size-criterion", "the loop stops when a step is small, not when x is close to 3", '''
def steps_to_tolerance(lr, tol=1e-6):
    x = 0.0
    for n in range(1, 10001):
        new = x - lr * 2 * (x - 3)
        if abs(new - x) < tol:
            return n
        x = new
    return -1
'''),
    Mistake("steps_to_tolerance", "budget-too-small", "the loop allows only 1,000 steps instead of 10,000", '''
def steps_to_tolerance(lr, tol=1e-6):
    x = 0.0
    for n in range(1, 1001):
        x = x - lr * 2 * (x - 3)
        if abs(x - 3) < tol:
            return n
    return -1
'''),
    Mistake("best_lr", "index-not-rate", "this is the position of the best rate in the list, not the rate itself", '''
best_lr = None
candidates = np.linspace(0.05, 0.95, 19)
best_lr = int(np.argmin([steps_to_tolerance(lr) for lr in candidates]))
'''),
    Mistake("best_lr", "count-not-rate", "this is the smallest number of steps, not the learning rate that needs it", '''
best_lr = None
candidates = np.linspace(0.05, 0.95, 19)
best_lr = min(steps_to_tolerance(lr) for lr in candidates)
'''),
    Mistake("best_lr", "largest-rate", "the largest rate was taken to be the fastest without counting its steps", '''
best_lr = None
candidates = np.linspace(0.05, 0.95, 19)
best_lr = candidates[-1]
'''),
    Mistake("best_lr", "slowest-rate", "this is the rate that needs the most steps, not the fewest", '''
best_lr = None
candidates = np.linspace(0.05, 0.95, 19)
best_lr = candidates[np.argmax([steps_to_tolerance(lr) for lr in candidates])]
'''),
]

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

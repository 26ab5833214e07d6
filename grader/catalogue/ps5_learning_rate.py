"""Answers a ps5_learning_rate student might write."""

from grader.catalogue import Mistake

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
    Mistake("outcome", "bound-inclusive", "an iterate of exactly ±1e6 is taken as diverged; the rule is abs > 1e6", '''
def outcome(xs, tol=1e-6):
    xs = np.asarray(xs, dtype=float)
    if not np.all(np.isfinite(xs)) or np.any(np.abs(xs) >= 1e6):
        return "diverged"
    if abs(xs[-1] - xs[-2]) < tol:
        return "converged"
    return "slow"
'''),
    Mistake("outcome", "tolerance-inclusive", "a last step of exactly tol is taken as converged; the rule is a step smaller than tol", '''
def outcome(xs, tol=1e-6):
    xs = np.asarray(xs, dtype=float)
    if not np.all(np.isfinite(xs)) or np.any(np.abs(xs) > 1e6):
        return "diverged"
    if abs(xs[-1] - xs[-2]) <= tol:
        return "converged"
    return "slow"
'''),
    Mistake("quartic_study", "derivative-coefficient", "these are the outcomes of a derivative whose 3x³ term has the wrong coefficient", '''
quartic_study = None
def quartic_grad(t):
    return $quartic_grad_coefficient

quartic_study = {}
with np.errstate(all="ignore"):
    for lr in (0.001, 0.01, 0.1):
        quartic_study[lr] = outcome(run_gd_1d(quartic_grad, $quartic_x0, lr, 100))
'''),
    Mistake("quartic_study", "power-not-lowered", "these are the outcomes of a derivative whose exponents were not lowered (power rule)", '''
quartic_study = None
def quartic_grad(t):
    return $quartic_grad_unlowered

quartic_study = {}
with np.errstate(all="ignore"):
    for lr in (0.001, 0.01, 0.1):
        quartic_study[lr] = outcome(run_gd_1d(quartic_grad, $quartic_x0, lr, 100))
'''),
    Mistake("quartic_study", "string-keys", "the keys are strings such as '0.001' instead of numbers", '''
quartic_study = None
def quartic_grad(t):
    return $quartic_grad

quartic_study = {}
with np.errstate(all="ignore"):
    for lr in ("0.001", "0.01", "0.1"):
        quartic_study[lr] = outcome(run_gd_1d(quartic_grad, $quartic_x0, float(lr), 100))
'''),
    Mistake("quartic_study", "guessed", "the outcomes look guessed rather than computed with run_gd_1d and outcome", '''
quartic_study = {0.001: "converged", 0.01: "converged", 0.1: "diverged"}
'''),
    Mistake("quartic_study", "list-not-dict", "the outcomes are stored in a list instead of a dict keyed by learning rate", '''
quartic_study = None
def quartic_grad(t):
    return $quartic_grad

with np.errstate(all="ignore"):
    quartic_study = [outcome(run_gd_1d(quartic_grad, $quartic_x0, lr, 100)) for lr in (0.001, 0.01, 0.1)]
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
    x = $quadratic_x0
    count = 1
    for _ in range(10000):
        x = x - lr * $quadratic_curvature * (x - $quadratic_minimum)
        count += 1
        if abs(x - $quadratic_minimum) < tol:
            return count
    return -1
'''),
    Mistake("steps_to_tolerance", "no-minus-one", "the step budget is returned instead of -1 when the tolerance is never reached", '''
def steps_to_tolerance(lr, tol=1e-6):
    x = $quadratic_x0
    n = 0
    while n < 10000:
        x = x - lr * $quadratic_curvature * (x - $quadratic_minimum)
        n += 1
        if abs(x - $quadratic_minimum) < tol:
            break
    return n
'''),
    Mistake("steps_to_tolerance", "step-size-criterion", "the loop stops when a step is small, not when x is close to the minimum", '''
def steps_to_tolerance(lr, tol=1e-6):
    x = $quadratic_x0
    for n in range(1, 10001):
        new = x - lr * $quadratic_curvature * (x - $quadratic_minimum)
        if abs(new - x) < tol:
            return n
        x = new
    return -1
'''),
    Mistake("steps_to_tolerance", "budget-too-small", "the loop allows only 1,000 steps instead of 10,000", '''
def steps_to_tolerance(lr, tol=1e-6):
    x = $quadratic_x0
    for n in range(1, 1001):
        x = x - lr * $quadratic_curvature * (x - $quadratic_minimum)
        if abs(x - $quadratic_minimum) < tol:
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

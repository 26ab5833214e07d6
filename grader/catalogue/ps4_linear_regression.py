"""Answers a ps4_linear_regression student might write."""

from grader.catalogue import Alternative, Mistake

# The notebook's locked data cell (np.random.seed(42); randn draws), without
# reseeding the kernel's global generator.
SETUP = '''
_rng = np.random.RandomState(42)
X = _rng.randn(100)
y = 2 * X + 1 + 0.1 * _rng.randn(100)
'''

MISTAKES = [
    Mistake("predict", "swapped-w-b",
            "the roles of w and b are swapped: b is used as the slope and w as the intercept", '''
def predict(X, w, b):
    return b * X + w
'''),
    Mistake("predict", "missing-intercept",
            "the bias b is left out", '''
def predict(X, w, b):
    return w * X
'''),
    Mistake("predict", "in-place",
            "the input array X is changed in place", '''
def predict(X, w, b):
    X *= w
    X += b
    return X
'''),
    Mistake("predict", "bias-inside",
            "b is added inside the product, so it gets multiplied by w too", '''
def predict(X, w, b):
    return w * (X + b)
'''),
    Mistake("mse_loss", "no-square",
            "the residuals are averaged without squaring them, so positive and negative errors cancel", '''
def mse_loss(X, y, w, b):
    return np.mean(y - predict(X, w, b))
'''),
    Mistake("mse_loss", "sum-not-mean",
            "the squared residuals are added up but not divided by N", '''
def mse_loss(X, y, w, b):
    return np.sum((y - predict(X, w, b))**2)
'''),
    Mistake("mse_loss", "root-mean-square",
            "a square root is taken at the end: that is the RMSE, not the MSE", '''
def mse_loss(X, y, w, b):
    return np.sqrt(np.mean((y - predict(X, w, b))**2))
'''),
    Mistake("mse_loss", "half-mse",
            "the mean is halved (the 1/(2N) convention of some textbooks), but this course's MSE has no 1/2", '''
def mse_loss(X, y, w, b):
    return np.mean((y - predict(X, w, b))**2) / 2
'''),
    Mistake("mse_loss", "absolute-error",
            "the absolute values of the residuals are averaged instead of their squares", '''
def mse_loss(X, y, w, b):
    return np.mean(np.abs(y - predict(X, w, b)))
'''),
    Mistake("mse_gradient", "sign-error",
            "the minus sign from the inner derivative of the residual y - (wx + b) is missing", '''
def mse_gradient(X, y, w, b):
    r = y - predict(X, w, b)
    return 2 * np.mean(X * r), 2 * np.mean(r)
'''),
    Mistake("mse_gradient", "dropped-two",
            "the factor 2 from the derivative of the square is missing", '''
def mse_gradient(X, y, w, b):
    r = y - predict(X, w, b)
    return -np.mean(X * r), -np.mean(r)
'''),
    Mistake("mse_gradient", "sum-not-mean",
            "the 1/N of the mean is missing, so the gradient grows with the number of points", '''
def mse_gradient(X, y, w, b):
    r = y - predict(X, w, b)
    return -2 * np.sum(X * r), -2 * np.sum(r)
'''),
    Mistake("mse_gradient", "missing-x-factor",
            "dL/dw is missing the inner derivative x_i, so it comes out equal to dL/db", '''
def mse_gradient(X, y, w, b):
    r = y - predict(X, w, b)
    return -2 * np.mean(r), -2 * np.mean(r)
'''),
    Mistake("mse_gradient", "swapped-order",
            "the two partial derivatives are returned in the wrong order", '''
def mse_gradient(X, y, w, b):
    r = y - predict(X, w, b)
    return -2 * np.mean(r), -2 * np.mean(X * r)
'''),
    Mistake("mse_gradient", "finite-differences",
            "the gradient is taken by finite differences of mse_loss instead of the formulas derived in section 4", '''
def mse_gradient(X, y, w, b):
    h = 1e-5
    dw = (mse_loss(X, y, w + h, b) - mse_loss(X, y, w - h, b)) / (2 * h)
    db = (mse_loss(X, y, w, b + h) - mse_loss(X, y, w, b - h)) / (2 * h)
    return dw, db
'''),
    Mistake("gradient_descent", "modifies-theta0",
            "the caller's theta0 is updated in place instead of a copy of it", '''
def gradient_descent(grad_fn, theta0, lr=0.1, steps=50):
    theta = theta0
    history = [theta.copy()]
    for _ in range(steps):
        theta -= lr * grad_fn(theta)
        history.append(theta.copy())
    return theta, history
'''),
    Mistake("gradient_descent", "history-aliasing",
            "the history holds the same array object again and again, so an in-place update changes every entry", '''
def gradient_descent(grad_fn, theta0, lr=0.1, steps=50):
    theta = theta0.copy()
    history = [theta]
    for _ in range(steps):
        theta -= lr * grad_fn(theta)
        history.append(theta)
    return theta, history
'''),
    Mistake("gradient_descent", "history-without-theta0",
            "the history leaves out the starting point theta0", '''
def gradient_descent(grad_fn, theta0, lr=0.1, steps=50):
    theta = np.array(theta0, dtype=float)
    history = []
    for _ in range(steps):
        theta = theta - lr * grad_fn(theta)
        history.append(theta)
    return theta, history
'''),
    Mistake("gradient_descent", "gradient-ascent",
            "the gradient is added instead of subtracted, which walks uphill", '''
def gradient_descent(grad_fn, theta0, lr=0.1, steps=50):
    theta = np.array(theta0, dtype=float)
    history = [theta]
    for _ in range(steps):
        theta = theta + lr * grad_fn(theta)
        history.append(theta)
    return theta, history
'''),
    Mistake("gradient_descent", "one-step-short",
            "the loop makes one update too few", '''
def gradient_descent(grad_fn, theta0, lr=0.1, steps=50):
    theta = np.array(theta0, dtype=float)
    history = [theta]
    for _ in range(steps - 1):
        theta = theta - lr * grad_fn(theta)
        history.append(theta)
    return theta, history
'''),
    Mistake("fit_linear_regression", "loss-after-update",
            "each loss is recorded after its update instead of before it", '''
def fit_linear_regression(X, y, lr=0.05, steps=200):
    w, b, losses = 0.0, 0.0, []
    for _ in range(steps):
        dw, db = mse_gradient(X, y, w, b)
        w, b = w - lr * dw, b - lr * db
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses
'''),
    Mistake("fit_linear_regression", "extra-final-loss",
            "the loss after the last update is included too, giving steps + 1 losses", '''
def fit_linear_regression(X, y, lr=0.05, steps=200):
    grad = lambda t: np.array(mse_gradient(X, y, t[0], t[1]))
    theta, history = gradient_descent(grad, np.zeros(2), lr, steps)
    return theta[0], theta[1], [mse_loss(X, y, t[0], t[1]) for t in history]
'''),
    Mistake("fit_linear_regression", "defaults-not-passed",
            "lr and steps are not passed on to gradient_descent, so its own defaults are used", '''
def fit_linear_regression(X, y, lr=0.05, steps=200):
    grad = lambda t: np.array(mse_gradient(X, y, t[0], t[1]))
    theta, history = gradient_descent(grad, np.zeros(2))
    return theta[0], theta[1], [mse_loss(X, y, t[0], t[1]) for t in history[:-1]]
'''),
    Mistake("fit_linear_regression", "global-data",
            "the gradient is computed on the notebook's global X and y instead of the arguments", '''
def loss_gradient(theta):
    return np.array(mse_gradient(X, y, theta[0], theta[1]))

def fit_linear_regression(X, y, lr=0.05, steps=200):
    theta, history = gradient_descent(loss_gradient, np.zeros(2), lr, steps)
    return theta[0], theta[1], [mse_loss(X, y, t[0], t[1]) for t in history[:-1]]
'''),
    Mistake("fit_linear_regression", "gradient-ascent",
            "the gradient is added to w and b instead of subtracted", '''
def fit_linear_regression(X, y, lr=0.05, steps=200):
    w, b, losses = 0.0, 0.0, []
    for _ in range(steps):
        losses.append(mse_loss(X, y, w, b))
        dw, db = mse_gradient(X, y, w, b)
        w, b = w + lr * dw, b + lr * db
    return w, b, losses
'''),
    Mistake("fit_with_numerical_gradient", "used-analytic-gradient",
            "the gradient comes from mse_gradient instead of finite differences of mse_loss", '''
def fit_with_numerical_gradient(X, y, lr=0.05, steps=200):
    grad = lambda t: np.array(mse_gradient(X, y, t[0], t[1]))
    theta, _ = gradient_descent(grad, np.zeros(2), lr, steps)
    return theta[0], theta[1]
'''),
    Mistake("fit_with_numerical_gradient", "divided-by-h",
            "the central difference is divided by h instead of 2h", '''
def fit_with_numerical_gradient(X, y, lr=0.05, steps=200):
    h = 1e-5
    w = b = 0.0
    for _ in range(steps):
        dw = (mse_loss(X, y, w + h, b) - mse_loss(X, y, w - h, b)) / h
        db = (mse_loss(X, y, w, b + h) - mse_loss(X, y, w, b - h)) / h
        w, b = w - lr * dw, b - lr * db
    return w, b
'''),
    Mistake("fit_with_numerical_gradient", "perturbed-both",
            "w and b are moved together in one difference quotient instead of one at a time", '''
def fit_with_numerical_gradient(X, y, lr=0.05, steps=200):
    h = 1e-5
    w = b = 0.0
    for _ in range(steps):
        d = (mse_loss(X, y, w + h, b + h) - mse_loss(X, y, w - h, b - h)) / (2 * h)
        w, b = w - lr * d, b - lr * d
    return w, b
'''),
    Mistake("fit_with_numerical_gradient", "difference-reversed",
            "the difference quotient is taken the wrong way round, so the gradient has the wrong sign", '''
def fit_with_numerical_gradient(X, y, lr=0.05, steps=200):
    h = 1e-5
    w = b = 0.0
    for _ in range(steps):
        dw = (mse_loss(X, y, w - h, b) - mse_loss(X, y, w + h, b)) / (2 * h)
        db = (mse_loss(X, y, w, b - h) - mse_loss(X, y, w, b + h)) / (2 * h)
        w, b = w - lr * dw, b - lr * db
    return w, b
'''),
    Mistake("closed_form_fit", "polyfit-order-swapped",
            "np.polyfit's coefficients are read in the wrong order (it lists the highest power first)", '''
def closed_form_fit(X, y):
    b, w = np.polyfit(X, y, 1)
    return w, b
'''),
    Mistake("closed_form_fit", "no-intercept-column",
            "the least-squares problem has no column of ones, so the line is forced through the origin", '''
def closed_form_fit(X, y):
    w = np.linalg.lstsq(X[:, None], y, rcond=None)[0][0]
    return w, 0.0
'''),
    Mistake("closed_form_fit", "ddof-mismatch",
            "np.cov divides by N - 1 but np.var by N, so the slope is off by a factor N / (N - 1)", '''
def closed_form_fit(X, y):
    w = np.cov(X, y)[0, 1] / np.var(X)
    return w, np.mean(y) - w * np.mean(X)
'''),
    Mistake("closed_form_fit", "intercept-mean-y",
            "the intercept is taken to be the mean of y, which is right only when the mean of x is 0", '''
def closed_form_fit(X, y):
    xc, yc = X - X.mean(), y - y.mean()
    w = np.sum(xc * yc) / np.sum(xc**2)
    return w, np.mean(y)
'''),
]

ALTERNATIVES = [
    Alternative("predict", "numpy-ufuncs", '''
def predict(X, w, b):
    return np.add(np.multiply(X, w), b)
'''),
    Alternative("predict", "copy-then-in-place", '''
def predict(X, w, b):
    out = np.array(X, dtype=float)
    out *= w
    out += b
    return float(out) if out.ndim == 0 else out
'''),
    Alternative("mse_loss", "loop", '''
def mse_loss(X, y, w, b):
    total = 0.0
    for xi, yi in zip(X, y):
        total += (yi - (w * xi + b))**2
    return total / len(X)
'''),
    Alternative("mse_loss", "dot-product", '''
def mse_loss(X, y, w, b):
    r = y - w * X - b
    return float(r @ r) / r.size
'''),
    Alternative("mse_gradient", "array-return", '''
def mse_gradient(X, y, w, b):
    r = y - predict(X, w, b)
    return -2 / len(X) * np.array([np.sum(X * r), np.sum(r)])
'''),
    Alternative("mse_gradient", "loop-list", '''
def mse_gradient(X, y, w, b):
    n = len(X)
    dw = db = 0.0
    for xi, yi in zip(X, y):
        r = yi - (w * xi + b)
        dw += -2 * xi * r / n
        db += -2 * r / n
    return [dw, db]
'''),
    Alternative("mse_gradient", "design-matrix", '''
def mse_gradient(X, y, w, b):
    A = np.column_stack([X, np.ones_like(X)])
    r = y - A @ np.array([w, b])
    g = -2 / len(y) * (A.T @ r)
    return g[0], g[1]
'''),
    Alternative("gradient_descent", "history-as-array", '''
def gradient_descent(grad_fn, theta0, lr=0.1, steps=50):
    history = np.zeros((steps + 1, len(theta0)))
    history[0] = theta0
    for k in range(steps):
        history[k + 1] = history[k] - lr * grad_fn(history[k].copy())
    return history[-1].copy(), history
'''),
    Alternative("gradient_descent", "in-place-on-copy", '''
def gradient_descent(grad_fn, theta0, lr=0.1, steps=50):
    theta = np.copy(theta0).astype(float)
    history = [theta.copy()]
    for _ in range(steps):
        step = lr * np.asarray(grad_fn(theta))
        theta -= step
        history.append(theta.copy())
    return theta, history
'''),
    Alternative("gradient_descent", "history-of-lists", '''
def gradient_descent(grad_fn, theta0, lr=0.1, steps=50):
    theta = [float(t) for t in theta0]
    history = [list(theta)]
    for _ in range(steps):
        g = grad_fn(np.array(theta))
        theta = [t - lr * gi for t, gi in zip(theta, g)]
        history.append(list(theta))
    return np.array(theta), history
'''),
    Alternative("fit_linear_regression", "explicit-loop", '''
def fit_linear_regression(X, y, lr=0.05, steps=200):
    w, b = 0.0, 0.0
    losses = np.empty(steps)
    for i in range(steps):
        losses[i] = mse_loss(X, y, w, b)
        dw, db = mse_gradient(X, y, w, b)
        w -= lr * dw
        b -= lr * db
    return w, b, losses
'''),
    Alternative("fit_linear_regression", "history-array-losses", '''
def fit_linear_regression(X, y, lr=0.05, steps=200):
    def grad(theta):
        dw, db = mse_gradient(X, y, *theta)
        return np.array([dw, db])
    theta, history = gradient_descent(grad, np.array([0.0, 0.0]), lr=lr, steps=steps)
    history = np.array(history)
    losses = np.array([np.mean((y - (w * X + b))**2) for w, b in history[:steps]])
    return float(theta[0]), float(theta[1]), losses
'''),
    Alternative("fit_with_numerical_gradient", "coordinate-loop", '''
def numerical_gradient_of(f, theta, h=1e-5):
    g = np.zeros_like(theta)
    for i in range(len(theta)):
        e = np.zeros_like(theta)
        e[i] = h
        g[i] = (f(theta + e) - f(theta - e)) / (2 * h)
    return g

def fit_with_numerical_gradient(X, y, lr=0.05, steps=200):
    loss = lambda t: mse_loss(X, y, t[0], t[1])
    theta = np.zeros(2)
    for _ in range(steps):
        theta = theta - lr * numerical_gradient_of(loss, theta)
    return theta[0], theta[1]
'''),
    Alternative("fit_with_numerical_gradient", "inline-loss-small-h", '''
def fit_with_numerical_gradient(X, y, lr=0.05, steps=200):
    h = 1e-7
    L = lambda w, b: np.mean((y - w * X - b)**2)
    w = b = 0.0
    for _ in range(steps):
        dw = (L(w + h, b) - L(w - h, b)) / (2 * h)
        db = (L(w, b + h) - L(w, b - h)) / (2 * h)
        w, b = w - lr * dw, b - lr * db
    return np.array([w, b])
'''),
    Alternative("closed_form_fit", "polyfit", '''
def closed_form_fit(X, y):
    w, b = np.polyfit(X, y, 1)
    return w, b
'''),
    Alternative("closed_form_fit", "normal-equations", '''
def closed_form_fit(X, y):
    A = np.column_stack([X, np.ones(len(X))])
    return tuple(np.linalg.solve(A.T @ A, A.T @ y))
'''),
    Alternative("closed_form_fit", "covariance-over-variance", '''
def closed_form_fit(X, y):
    w = np.cov(X, y, bias=True)[0, 1] / np.var(X)
    return [w, y.mean() - w * X.mean()]
'''),
    Alternative("closed_form_fit", "sums-formula", '''
def closed_form_fit(X, y):
    n = len(X)
    sx, sy, sxx, sxy = sum(X), sum(y), sum(X * X), sum(X * y)
    w = (n * sxy - sx * sy) / (n * sxx - sx**2)
    b = (sy - w * sx) / n
    return w, b
'''),
]

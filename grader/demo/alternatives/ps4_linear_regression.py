"""Correct answers to ps4_linear_regression in unexpected forms: the demo's and the tests' students."""

from grader.demo.alternatives import Alternative

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
    Alternative("mse_gradient_vec", "einsum", '''
def mse_gradient_vec(X, y, theta):
    return 2 / len(y) * np.einsum("ij,i->j", X, X @ theta - y)
'''),
    Alternative("mse_gradient_vec", "normal-form", '''
def mse_gradient_vec(X, y, theta):
    N = X.shape[0]
    return (2 / N) * (X.T @ X @ theta - X.T @ y)
'''),
    Alternative("mse_gradient_vec", "row-loop", '''
def mse_gradient_vec(X, y, theta):
    total = np.zeros(X.shape[1])
    for row, target in zip(X, y):
        total += 2 * (row @ theta - target) * row
    return total / len(y)
'''),
    Alternative("standardize", "keepdims-ravel", '''
def standardize(X):
    mu = np.mean(X, axis=0, keepdims=True)
    sigma = np.sqrt(np.mean((X - mu)**2, axis=0, keepdims=True))
    return (X - mu) / sigma, mu.ravel(), sigma.ravel()
'''),
    Alternative("standardize", "column-loop", '''
import math
def standardize(X):
    N, p = X.shape
    Z = np.empty((N, p))
    mu, sigma = np.empty(p), np.empty(p)
    for j in range(p):
        column = [float(v) for v in X[:, j]]
        mu[j] = sum(column) / N
        sigma[j] = math.sqrt(sum((v - mu[j])**2 for v in column) / N)
        Z[:, j] = [(v - mu[j]) / sigma[j] for v in column]
    return [Z, mu, sigma]
'''),
    Alternative("fit_multivariate", "via-gradient_descent", '''
def fit_multivariate(X, y, lr=0.1, steps=500):
    A = np.hstack([np.ones((X.shape[0], 1)), X])
    theta, history = gradient_descent(lambda t: mse_gradient_vec(A, y, t), np.zeros(A.shape[1]), lr=lr, steps=steps)
    return theta, np.array([np.mean((A @ t - y)**2) for t in history[:-1]])
'''),
    Alternative("fit_multivariate", "own-gradient", '''
def fit_multivariate(X, y, lr=0.1, steps=500):
    N = len(y)
    A = np.concatenate([np.ones((N, 1)), X], axis=1)
    theta = np.zeros(A.shape[1])
    losses = np.empty(steps)
    for i in range(steps):
        r = A @ theta - y
        losses[i] = r @ r / N
        theta -= lr * (2 / N) * (A.T @ r)
    return theta, losses
'''),
]

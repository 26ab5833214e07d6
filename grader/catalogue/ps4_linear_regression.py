"""Answers a ps4_linear_regression student might write."""

from grader.catalogue import Mistake

# The notebook's locked data cell, without reseeding the kernel's global generator: the
# data of the notebook's `variant` (a mistake such as global-data fits the student's own
# data), or variant 0's where the namespace has none.
SETUP = '''
from grader.variants import variant_0 as _variant_0
from grader.variants.variant import Variant as _Variant
_variant = globals().get("variant")
X, y = (_variant if isinstance(_variant, _Variant) else _variant_0("ps4_linear_regression")).data()
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
''', credit=0.5),
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
    Mistake("gradient_descent", "stops-at-overflow",
            "the descent stops once theta is no longer finite, so a diverging run has fewer than steps + 1 "
            "iterates; the exercise asks for every step, inf and nan included", '''
def gradient_descent(grad_fn, theta0, lr=0.1, steps=50):
    theta = np.array(theta0, dtype=float)
    history = [theta]
    for _ in range(steps):
        theta = theta - lr * grad_fn(theta)
        if not np.all(np.isfinite(theta)):
            break
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
''', credit=0.5),
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
    Mistake("fit_linear_regression", "stops-at-overflow",
            "the descent stops once the loss is no longer finite, so a diverging run returns fewer than steps "
            "losses; the exercise asks for all of them, inf and nan included", '''
def fit_linear_regression(X, y, lr=0.05, steps=200):
    w, b, losses = 0.0, 0.0, []
    for _ in range(steps):
        loss = mse_loss(X, y, w, b)
        if not np.isfinite(loss):
            break
        losses.append(loss)
        dw, db = mse_gradient(X, y, w, b)
        w, b = w - lr * dw, b - lr * db
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
    Mistake("mse_gradient_vec", "dropped-two",
            "the factor 2 from differentiating the square is missing: this is (1/N) Xᵀ(Xθ − y)", '''
def mse_gradient_vec(X, y, theta):
    return X.T @ (X @ theta - y) / len(y)
'''),
    Mistake("mse_gradient_vec", "sign-error",
            "the residual is y − Xθ instead of Xθ − y, so the gradient points uphill", '''
def mse_gradient_vec(X, y, theta):
    return 2 / len(y) * X.T @ (y - X @ theta)
'''),
    Mistake("mse_gradient_vec", "sum-not-mean",
            "the division by N is missing: this is the gradient of the sum of squares, not of their mean", '''
def mse_gradient_vec(X, y, theta):
    return 2 * X.T @ (X @ theta - y)
'''),
    Mistake("mse_gradient_vec", "divided-by-features",
            "the sum is divided by the number of features p (X.shape[1]) instead of the number of examples N (X.shape[0])", '''
def mse_gradient_vec(X, y, theta):
    return 2 / X.shape[1] * X.T @ (X @ theta - y)
'''),
    Mistake("standardize", "sample-std",
            "the sample standard deviation (ddof=1, dividing by N − 1) is used instead of the population one (dividing by N)", '''
def standardize(X):
    mu = X.mean(axis=0)
    sigma = X.std(axis=0, ddof=1)
    return (X - mu) / sigma, mu, sigma
'''),
    Mistake("standardize", "no-axis",
            "the mean and standard deviation are taken over the whole array instead of down each column (axis=0)", '''
def standardize(X):
    mu = np.mean(X)
    sigma = np.std(X)
    return (X - mu) / sigma, mu, sigma
'''),
    Mistake("standardize", "in-place",
            "the input array X is changed in place (X -= mu)", '''
def standardize(X):
    mu = X.mean(axis=0)
    sigma = X.std(axis=0)
    X -= mu
    X /= sigma
    return X, mu, sigma
'''),
    Mistake("standardize", "not-centred",
            "the columns are divided by their standard deviation but the mean is not subtracted first", '''
def standardize(X):
    mu = X.mean(axis=0)
    sigma = X.std(axis=0)
    return X / sigma, mu, sigma
'''),
    Mistake("standardize", "divided-by-variance",
            "the columns are divided by their variance instead of their standard deviation", '''
def standardize(X):
    mu = X.mean(axis=0)
    sigma = X.var(axis=0)
    return (X - mu) / sigma, mu, sigma
'''),
    Mistake("fit_multivariate", "no-intercept-column",
            "the column of ones is missing, so there is no intercept and theta has p entries instead of p + 1", '''
def fit_multivariate(X, y, lr=0.1, steps=500):
    theta = np.zeros(X.shape[1])
    losses = []
    for _ in range(steps):
        losses.append(np.mean((X @ theta - y)**2))
        theta = theta - lr * mse_gradient_vec(X, y, theta)
    return theta, losses
'''),
    Mistake("fit_multivariate", "intercept-last",
            "the column of ones is put last, so the intercept is theta[-1] instead of theta[0]", '''
def fit_multivariate(X, y, lr=0.1, steps=500):
    A = np.column_stack([X, np.ones(len(X))])
    theta = np.zeros(A.shape[1])
    losses = []
    for _ in range(steps):
        losses.append(np.mean((A @ theta - y)**2))
        theta = theta - lr * mse_gradient_vec(A, y, theta)
    return theta, losses
'''),
    Mistake("fit_multivariate", "loss-after-update",
            "each loss is recorded after its update instead of before it", '''
def fit_multivariate(X, y, lr=0.1, steps=500):
    A = np.column_stack([np.ones(len(X)), X])
    theta = np.zeros(A.shape[1])
    losses = []
    for _ in range(steps):
        theta = theta - lr * mse_gradient_vec(A, y, theta)
        losses.append(np.mean((A @ theta - y)**2))
    return theta, losses
''', credit=0.5),
    Mistake("fit_multivariate", "extra-final-loss",
            "the loss after the last update is included too, giving steps + 1 losses", '''
def fit_multivariate(X, y, lr=0.1, steps=500):
    A = np.column_stack([np.ones(len(X)), X])
    theta = np.zeros(A.shape[1])
    losses = [np.mean((A @ theta - y)**2)]
    for _ in range(steps):
        theta = theta - lr * mse_gradient_vec(A, y, theta)
        losses.append(np.mean((A @ theta - y)**2))
    return theta, losses
'''),
    Mistake("fit_multivariate", "stops-at-overflow",
            "the descent stops once the loss is no longer finite, so a diverging run returns fewer than steps "
            "losses; the exercise asks for all of them, inf and nan included", '''
def fit_multivariate(X, y, lr=0.1, steps=500):
    A = np.column_stack([np.ones(len(X)), X])
    theta = np.zeros(A.shape[1])
    losses = []
    for _ in range(steps):
        loss = np.mean((A @ theta - y)**2)
        if not np.isfinite(loss):
            break
        losses.append(loss)
        theta = theta - lr * mse_gradient_vec(A, y, theta)
    return theta, losses
'''),
]

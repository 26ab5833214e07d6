"""Correct answers to ps2_partials in unexpected forms: the demo's and the tests' students."""

from grader.demo.alternatives import Alternative

ALTERNATIVES = [
    Alternative("df_dx", "factored", '''
def df_dx(x, y):
    return y * (3 * x**2 * y + 2)
'''),
    Alternative("df_dx", "math-and-loop", '''
import math
def df_dx(x, y):
    if isinstance(x, float):
        return 3 * math.pow(x, 2) * y * y + 2 * y
    return np.array([3 * a * a * b * b + 2 * b for a, b in zip(x, y)])
'''),
    # By hand, as the notebook asks (forbid=BY_HAND): no sp.diff, jacobian or lambdify of a derivative.
    Alternative("df_dy", "numpy-powers", '''
def df_dy(x, y):
    return 2 * np.power(x, 3) * y + 2 * x - 3 * np.square(y)
'''),
    Alternative("df_dy", "factored", '''
def df_dy(x, y):
    return 2 * x * (x**2 * y + 1) - 3 * y**2
'''),
    Alternative("grad_xyz", "sympy-add-list", '''
grad_xyz = [sp.Add(y, z), sp.Add(z, x), sp.Add(x, y)]
'''),
    Alternative("grad_xyz", "tuple-own-symbols", '''
a, b, c = sp.symbols("x y z")
grad_xyz = (b + c, c + a, a + b)
'''),
    Alternative("grad_xyz", "unsimplified", '''
grad_xyz = [sp.expand((y + z) ** 2) / (y + z), 2 * (x + z) / 2, sp.factor(x + y)]
'''),
    Alternative("grad_xyz", "sympy-matrix", '''
grad_xyz = sp.Matrix([z + y, z + x, y + x])
'''),
    Alternative("grad_sin_cos", "tuple-unpacked", '''
def grad_sin_cos(theta):
    x, y = theta
    return (np.cos(x), -np.sin(y))
'''),
    Alternative("grad_sin_cos", "math-list", '''
import math
def grad_sin_cos(theta):
    return [math.cos(theta[0]), -math.sin(theta[1])]
'''),
    Alternative("grad_sin_cos", "shifted-cosine", '''
def grad_sin_cos(theta):
    return np.array([np.sin(theta[0] + np.pi / 2), np.cos(theta[1] + np.pi / 2)])
'''),
    Alternative("steepest_descent_direction", "sqrt-sum", '''
def steepest_descent_direction(grad):
    length = np.sqrt(np.sum(grad * grad))
    if length > 0:
        return -grad / length
    return 0.0 * grad
'''),
    Alternative("steepest_descent_direction", "np-where-guard", '''
def steepest_descent_direction(grad):
    norm = np.linalg.norm(grad)
    return np.where(norm > 0, -grad / norm, 0.0)
'''),
    Alternative("steepest_descent_direction", "np-divide-where", '''
def steepest_descent_direction(grad):
    norm = np.linalg.norm(grad)
    return np.divide(-grad, norm, out=np.zeros_like(grad), where=norm > 0)
'''),
    Alternative("numerical_gradient", "shift-and-restore", '''
def numerical_gradient(f, theta, eps=1e-5):
    grad = np.zeros(theta.shape)
    for i in range(theta.size):
        old = theta[i]
        theta[i] = old + eps
        f_plus = f(theta)
        theta[i] = old - eps
        f_minus = f(theta)
        theta[i] = old
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad
'''),
    Alternative("numerical_gradient", "eye-comprehension", '''
def numerical_gradient(f, theta, eps=1e-5):
    n = len(theta)
    return np.array([(f(theta + eps * e) - f(theta - eps * e)) / (2 * eps) for e in np.eye(n)])
'''),
    Alternative("numerical_gradient", "copies", '''
def numerical_gradient(f, theta, eps=1e-5):
    grad = []
    for i in range(len(theta)):
        plus = theta.copy()
        minus = theta.copy()
        plus[i] += eps
        minus[i] -= eps
        grad.append((f(plus) - f(minus)) / 2 / eps)
    return np.array(grad, dtype=float)
'''),
    Alternative("gradient_check", "shift-and-restore", '''
def gradient_check(f, grad_f, theta, eps=1e-5):
    analytic = grad_f(theta)
    worst = 0.0
    for i in range(len(theta)):
        old = theta[i]
        theta[i] = old + eps
        f_plus = f(theta)
        theta[i] = old - eps
        f_minus = f(theta)
        theta[i] = old
        a, n = analytic[i], (f_plus - f_minus) / (2 * eps)
        if a != 0 or n != 0:
            worst = max(worst, abs(a - n) / max(abs(a), abs(n)))
    return worst
'''),
    Alternative("gradient_check", "np-divide-where", '''
def gradient_check(f, grad_f, theta, eps=1e-5):
    a = np.asarray(grad_f(theta), dtype=float)
    n = numerical_gradient(f, theta, eps=eps)
    denominator = np.maximum(np.abs(a), np.abs(n))
    ratios = np.divide(np.abs(a - n), denominator, out=np.zeros_like(denominator), where=denominator != 0)
    return ratios.max().item()
'''),
    Alternative("gradient_check", "nan-to-zero", '''
def gradient_check(f, grad_f, theta, eps=1e-5):
    with np.errstate(invalid="ignore"):
        a = np.array(grad_f(theta), dtype=float)
        n = np.array([(f(theta + eps * e) - f(theta - eps * e)) / (2 * eps) for e in np.eye(len(theta))])
        r = np.abs(a - n) / np.maximum(np.abs(a), np.abs(n))
    return float(np.nan_to_num(r, nan=0.0).max())
'''),
    Alternative("hessian_fd", "gradient-of-gradient", '''
def hessian_fd(f, theta, eps=1e-4):
    n = len(theta)
    H = np.zeros((n, n))
    for j in range(n):
        e = np.zeros(n)
        e[j] = eps
        H[:, j] = (numerical_gradient(f, theta + e) - numerical_gradient(f, theta - e)) / (2 * eps)
    return (H + H.T) / 2
'''),
    Alternative("hessian_fd", "three-point-diagonal", '''
def hessian_fd(f, theta, eps=1e-4):
    n = len(theta)
    H = np.zeros((n, n))
    f0 = f(theta)
    for i in range(n):
        ei = np.zeros(n); ei[i] = eps
        H[i, i] = (f(theta + ei) - 2 * f0 + f(theta - ei)) / eps**2
        for j in range(i + 1, n):
            ej = np.zeros(n); ej[j] = eps
            H[i, j] = H[j, i] = (f(theta + ei + ej) - f(theta + ei - ej)
                                 - f(theta - ei + ej) + f(theta - ei - ej)) / (4 * eps**2)
    return H
'''),
    Alternative("hessian_fd", "list-of-rows", '''
def hessian_fd(f, theta, eps=1e-4):
    n = len(theta)
    def shifted(i, si, j, sj):
        t = np.array(theta, dtype=float)
        t[i] += si * eps
        t[j] += sj * eps
        return f(t)
    return np.array([[(shifted(i, 1, j, 1) - shifted(i, 1, j, -1) - shifted(i, -1, j, 1) + shifted(i, -1, j, -1))
                      / (4 * eps * eps) for j in range(n)] for i in range(n)])
'''),
]

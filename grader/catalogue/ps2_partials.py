"""Answers a ps2_partials student might write."""

from grader.catalogue import Mistake

SETUP = 'x, y, z = sp.symbols("x y z", real=True)'

MISTAKES = [
    # The exercises below depend on the student's numbers (grader/variants/ps2_partials.py): their code is
    # a template written out per variant, and their descriptions name no coefficient.
    # df_dx: f(x, y) = a x^m y² + b xy + c y³ (variant 0: x³y² + 2xy − y³)
    Mistake("df_dx", "dropped-y-factor", 'the constant factor y of the xy term was dropped', '''
def df_dx(x, y):
    return $dx_first $dx_second_without_y
'''),
    Mistake("df_dx", "y-term-not-constant", 'the y³ term contains no x, so it should not contribute to ∂f/∂x', '''
def df_dx(x, y):
    return $dx_first $dx_second $dy_third
'''),
    Mistake("df_dx", "power-not-lowered", 'the power of x was multiplied down but not lowered by one', '''
def df_dx(x, y):
    return $dx_first_power_kept $dx_second
'''),
    Mistake("df_dx", "wrong-variable", 'this is the partial derivative with respect to y, not x', '''
def df_dx(x, y):
    return $dy_first $dy_second $dy_third
'''),
    # df_dy
    Mistake("df_dy", "cube-sign", 'the minus sign of the y³ term was lost', '''
def df_dy(x, y):
    return $dy_first $dy_second $dy_third_sign_lost
'''),
    Mistake("df_dy", "dropped-x-term", 'the xy term depends on y too, but it was treated as a constant', '''
def df_dy(x, y):
    return $dy_first $dy_third
'''),
    Mistake("df_dy", "missing-two", 'the factor 2 from differentiating y² is missing', '''
def df_dy(x, y):
    return $dy_first_without_two $dy_second $dy_third
'''),
    Mistake("df_dy", "differentiated-x-too", 'the power of x was differentiated as well, but for ∂/∂y it is a constant factor', '''
def df_dy(x, y):
    return $dy_first_x_differentiated $dy_second $dy_third
'''),
    # grad_xyz: f = p xy + q yz + r zx (variant 0: xy + yz + zx)
    Mistake("grad_xyz", "reversed-order", 'the partial derivatives are listed in the order (z, y, x) instead of (x, y, z)', '''
grad_xyz = [$gz, $gy, $gx]
'''),
    Mistake("grad_xyz", "dropped-zx-term", 'the term zx was forgotten, though it contains x and z too', '''
grad_xyz = [$gx_without_zx, $gy, $gz_without_zx]
'''),
    Mistake("grad_xyz", "string-list", 'the components are written as text instead of SymPy expressions', '''
grad_xyz = ["$gx", "$gy", "$gz"]
'''),
    Mistake("grad_xyz", "summed-components", 'the three partial derivatives were added into one expression instead of listed', '''
grad_xyz = ($gx) + ($gy) + ($gz)
'''),
    # grad_sin_cos: f = u sin x + v cos y (variant 0: sin x + cos y)
    Mistake("grad_sin_cos", "cos-derivative-sign", 'the derivative of cos y is -sin y, not sin y', '''
def grad_sin_cos(theta):
    return np.array([${sin_factor}np.cos(theta[0]), ${cos_factor}np.sin(theta[1])])
'''),
    Mistake("grad_sin_cos", "function-values", 'these are the values of the sine and cosine terms, not their derivatives', '''
def grad_sin_cos(theta):
    return np.array([${sin_factor}np.sin(theta[0]), ${cos_factor}np.cos(theta[1])])
'''),
    Mistake("grad_sin_cos", "variables-swapped", 'each partial derivative is evaluated at the other variable', '''
def grad_sin_cos(theta):
    x, y = theta
    return np.array([${sin_factor}np.cos(y), ${minus_cos_factor}np.sin(x)])
'''),
    Mistake("grad_sin_cos", "summed-gradient", 'the two partial derivatives were added into one number instead of returned as a vector', '''
def grad_sin_cos(theta):
    return ${sin_factor}np.cos(theta[0]) - ${cos_factor}np.sin(theta[1])
'''),
    # steepest_descent_direction
    Mistake("steepest_descent_direction", "missing-minus", 'this is the direction of steepest ascent; descent goes the opposite way', '''
def steepest_descent_direction(grad):
    norm = np.linalg.norm(grad)
    if norm == 0:
        return np.zeros_like(grad)
    return grad / norm
'''),
    Mistake("steepest_descent_direction", "not-normalised", 'the vector is not divided by its length, so it is not a unit vector', '''
def steepest_descent_direction(grad):
    return -grad
'''),
    Mistake("steepest_descent_direction", "nan-at-zero", 'the zero gradient is divided by its zero length, which gives NaN', '''
def steepest_descent_direction(grad):
    return -grad / np.linalg.norm(grad)
''', credit=0.5),
    Mistake("steepest_descent_direction", "squared-norm", 'the vector is divided by its squared length instead of its length', '''
def steepest_descent_direction(grad):
    norm2 = np.sum(grad**2)
    if norm2 == 0:
        return np.zeros_like(grad)
    return -grad / norm2
'''),
    Mistake("steepest_descent_direction", "in-place", "the caller's array `grad` is changed in place", '''
def steepest_descent_direction(grad):
    norm = np.linalg.norm(grad)
    if norm > 0:
        grad /= -norm
    return grad
'''),
    # numerical_gradient
    Mistake("numerical_gradient", "forward-difference", 'this is the forward difference; the central difference steps both ways, to θ + εeᵢ and θ - εeᵢ', '''
def numerical_gradient(f, theta, eps=1e-5):
    grad = np.zeros(len(theta))
    for i in range(len(theta)):
        step = np.zeros(len(theta))
        step[i] = eps
        grad[i] = (f(theta + step) - f(theta)) / eps
    return grad
'''),
    Mistake("numerical_gradient", "missing-two", 'the difference should be divided by 2·eps, not eps', '''
def numerical_gradient(f, theta, eps=1e-5):
    grad = np.zeros(len(theta))
    for i in range(len(theta)):
        step = np.zeros(len(theta))
        step[i] = eps
        grad[i] = (f(theta + step) - f(theta - step)) / eps
    return grad
'''),
    Mistake("numerical_gradient", "not-restored", '`theta` is shifted in place and not put back', '''
def numerical_gradient(f, theta, eps=1e-5):
    grad = np.zeros_like(theta)
    for i in range(len(theta)):
        theta[i] += eps
        f_plus = f(theta)
        theta[i] -= 2 * eps
        f_minus = f(theta)
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad
'''),
    Mistake("numerical_gradient", "eps-ignored", 'the step is hard-coded instead of taken from the `eps` argument', '''
def numerical_gradient(f, theta, eps=1e-5):
    h = 1e-5
    grad = np.zeros(len(theta))
    for i in range(len(theta)):
        step = np.zeros(len(theta))
        step[i] = h
        grad[i] = (f(theta + step) - f(theta - step)) / (2 * h)
    return grad
'''),
    Mistake("numerical_gradient", "all-coordinates-shifted", 'every coordinate is moved at once, but a partial derivative moves one coordinate at a time', '''
def numerical_gradient(f, theta, eps=1e-5):
    slope = (f(theta + eps) - f(theta - eps)) / (2 * eps)
    return np.full(len(theta), slope)
'''),
    # gradient_check
    Mistake("gradient_check", "both-zero-nan", 'an entry where both gradients are 0 gives 0/0 = NaN; it should count as 0', '''
def gradient_check(f, grad_f, theta, eps=1e-5):
    analytic = grad_f(theta)
    numeric = numerical_gradient(f, theta, eps)
    return np.max(np.abs(analytic - numeric) / np.maximum(np.abs(analytic), np.abs(numeric)))
'''),
    Mistake("gradient_check", "one-sided-difference", 'the numerical gradient is a forward difference; the check compares with the central difference, stepping to θ + εeᵢ and θ - εeᵢ', '''
def gradient_check(f, grad_f, theta, eps=1e-5):
    analytic = np.asarray(grad_f(theta), dtype=float)
    numeric = np.zeros(len(theta))
    for i in range(len(theta)):
        step = np.zeros(len(theta))
        step[i] = eps
        numeric[i] = (f(theta + step) - f(theta)) / eps
    scale = np.maximum(np.abs(analytic), np.abs(numeric))
    errors = np.zeros(len(theta))
    errors[scale > 0] = np.abs(analytic - numeric)[scale > 0] / scale[scale > 0]
    return float(np.max(errors))
'''),
    Mistake("gradient_check", "mean-not-max", 'this is the average relative error over the entries; the check reports the worst entry, the largest', '''
def gradient_check(f, grad_f, theta, eps=1e-5):
    analytic = np.asarray(grad_f(theta), dtype=float)
    numeric = numerical_gradient(f, theta, eps)
    scale = np.maximum(np.abs(analytic), np.abs(numeric))
    errors = np.zeros(len(theta))
    errors[scale > 0] = np.abs(analytic - numeric)[scale > 0] / scale[scale > 0]
    return float(np.mean(errors))
'''),
    Mistake("gradient_check", "sum-denominator", 'the difference is divided by |a| + |n|; the check divides by the larger of the two, max(|a|, |n|)', '''
def gradient_check(f, grad_f, theta, eps=1e-5):
    analytic = np.asarray(grad_f(theta), dtype=float)
    numeric = numerical_gradient(f, theta, eps)
    total = np.abs(analytic) + np.abs(numeric)
    errors = np.zeros(len(theta))
    errors[total > 0] = np.abs(analytic - numeric)[total > 0] / total[total > 0]
    return float(np.max(errors))
'''),
    Mistake("gradient_check", "divided-by-analytic", 'the difference is divided by |a| alone, which blows up where the analytic gradient is 0; divide by max(|a|, |n|)', '''
def gradient_check(f, grad_f, theta, eps=1e-5):
    analytic = np.asarray(grad_f(theta), dtype=float)
    numeric = numerical_gradient(f, theta, eps)
    worst = 0.0
    for a, n in zip(analytic, numeric):
        if a == 0 and n == 0:
            continue
        worst = max(worst, abs(a - n) / abs(a))
    return float(worst)
'''),
    Mistake("gradient_check", "theta-modified", "`theta` is shifted in place for the differences and not put back", '''
def gradient_check(f, grad_f, theta, eps=1e-5):
    analytic = np.asarray(grad_f(theta), dtype=float)
    worst = 0.0
    for i in range(len(theta)):
        theta[i] += eps
        f_plus = f(theta)
        theta[i] -= 2 * eps
        f_minus = f(theta)
        numeric = (f_plus - f_minus) / (2 * eps)
        scale = max(abs(analytic[i]), abs(numeric))
        if scale > 0:
            worst = max(worst, abs(analytic[i] - numeric) / scale)
    return float(worst)
'''),
    # hessian_fd
    Mistake("hessian_fd", "missing-four", 'the four-point difference should be divided by 4·eps², not eps²', '''
def hessian_fd(f, theta, eps=1e-4):
    n = len(theta)
    E = np.eye(n) * eps
    H = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            H[i, j] = (f(theta + E[i] + E[j]) - f(theta + E[i] - E[j])
                       - f(theta - E[i] + E[j]) + f(theta - E[i] - E[j])) / eps**2
    return H
'''),
    Mistake("hessian_fd", "diagonal-only", 'only the diagonal entries are computed; the mixed partials off the diagonal are missing', '''
def hessian_fd(f, theta, eps=1e-4):
    n = len(theta)
    H = np.zeros((n, n))
    for i in range(n):
        e = np.zeros(n)
        e[i] = eps
        H[i, i] = (f(theta + e) - 2 * f(theta) + f(theta - e)) / eps**2
    return H
'''),
    Mistake("hessian_fd", "not-restored", '`theta` is shifted in place and not restored correctly', '''
def hessian_fd(f, theta, eps=1e-4):
    n = len(theta)
    H = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            theta[i] += eps; theta[j] += eps; fpp = f(theta)
            theta[j] -= 2 * eps; fpm = f(theta)
            theta[i] -= 2 * eps; fmm = f(theta)
            theta[j] += 2 * eps; fmp = f(theta)
            H[i, j] = (fpp - fpm - fmp + fmm) / (4 * eps**2)
    return H
'''),
    Mistake("hessian_fd", "flattened", 'the n² entries are returned as a flat vector instead of an n×n array', '''
def hessian_fd(f, theta, eps=1e-4):
    n = len(theta)
    E = np.eye(n) * eps
    return np.array([(f(theta + E[i] + E[j]) - f(theta + E[i] - E[j])
                      - f(theta - E[i] + E[j]) + f(theta - E[i] - E[j])) / (4 * eps**2)
                     for i in range(n) for j in range(n)])
'''),
    Mistake("hessian_fd", "gradient-difference-missing-two", 'the difference of the two numerical gradients should be divided by 2·eps, not eps', '''
def hessian_fd(f, theta, eps=1e-4):
    n = len(theta)

    def gradient(t, h=1e-5):
        g = np.zeros(n)
        for i in range(n):
            step = np.zeros(n)
            step[i] = h
            g[i] = (f(t + step) - f(t - step)) / (2 * h)
        return g

    H = np.zeros((n, n))
    for j in range(n):
        e = np.zeros(n)
        e[j] = eps
        H[:, j] = (gradient(theta + e) - gradient(theta - e)) / eps
    return H
'''),
]

"""Answers a ps3_chain_rule student might write."""

from grader.catalogue import Mistake

SETUP = 'x = sp.symbols("x", real=True)'

MISTAKES = [
    # --- d_exp_square: d/dx exp(x^2) = 2x exp(x^2)
    Mistake("d_exp_square", "missing-inner-derivative", "the result is not multiplied by the derivative of the inner function x²", '''
def d_exp_square(x):
    return np.exp(x**2)
'''),
    Mistake("d_exp_square", "derivative-inside", "the inner derivative was put inside the exponential instead of multiplying it", '''
def d_exp_square(x):
    return np.exp(2 * x)
'''),
    Mistake("d_exp_square", "power-rule-on-exp", "the power rule was used on e^(x²), but an exponential is not a power of x", '''
def d_exp_square(x):
    return x**2 * np.exp(x**2 - 1)
'''),
    Mistake("d_exp_square", "scalar-only", "math.exp takes only single numbers, so arrays fail: use np.exp", '''
import math
def d_exp_square(x):
    return 2 * x * math.exp(x**2)
'''),
    # --- d_sin_square: d/dx sin(x^2) = 2x cos(x^2)
    Mistake("d_sin_square", "missing-inner-derivative", "the result is not multiplied by the derivative of the inner function x²", '''
def d_sin_square(x):
    return np.cos(x**2)
'''),
    Mistake("d_sin_square", "sin-squared-confusion", "this is the derivative of sin²(x), the square of a sine, not of sin(x²)", '''
def d_sin_square(x):
    return 2 * np.sin(x) * np.cos(x)
'''),
    Mistake("d_sin_square", "derivative-inside", "the inner derivative was put inside the cosine instead of multiplying it", '''
def d_sin_square(x):
    return 2 * x * np.cos(2 * x)
'''),
    Mistake("d_sin_square", "cos-sign", "the derivative of sin has no minus sign (it is cos that gets one)", '''
def d_sin_square(x):
    return -2 * x * np.cos(x**2)
'''),
    # --- d_linear_power: d/dx (3x + 1)^4 = 12 (3x + 1)^3
    Mistake("d_linear_power", "missing-inner-factor", "the result is not multiplied by the derivative of the inner function 3x + 1", '''
def d_linear_power(x):
    return 4 * (3 * x + 1)**3
'''),
    Mistake("d_linear_power", "power-not-lowered", "the exponent was brought down but not lowered by one", '''
def d_linear_power(x):
    return 12 * (3 * x + 1)**4
'''),
    Mistake("d_linear_power", "inner-factor-added", "the inner derivative was added instead of multiplied", '''
def d_linear_power(x):
    return 4 * (3 * x + 1)**3 + 3
'''),
    # --- d_exp_sin: d/dx exp(sin(x^2 + 1)) = exp(sin(u)) cos(u) 2x, u = x^2 + 1
    Mistake("d_exp_sin", "missing-innermost", "the derivative of the innermost function x² + 1 is missing", '''
def d_exp_sin(x):
    return np.exp(np.sin(x**2 + 1)) * np.cos(x**2 + 1)
'''),
    Mistake("d_exp_sin", "missing-middle", "the derivative of the middle layer, the sine, is missing", '''
def d_exp_sin(x):
    return np.exp(np.sin(x**2 + 1)) * 2 * x
'''),
    Mistake("d_exp_sin", "dropped-outer", "the derivative of the outer exponential was dropped, but e^v does not differentiate to 1", '''
def d_exp_sin(x):
    return np.cos(x**2 + 1) * 2 * x
'''),
    Mistake("d_exp_sin", "wrong-evaluation-point", "the cosine is evaluated at x, but each local derivative belongs at its own layer's input", '''
def d_exp_sin(x):
    return np.exp(np.sin(x**2 + 1)) * np.cos(x) * 2 * x
'''),
    # --- graph_backward: (2(xy + 1) y, 2(xy + 1) x)
    Mistake("graph_backward", "swapped-local-derivatives", "the local derivatives ∂a/∂x and ∂a/∂y are swapped", '''
def graph_backward(x, y):
    b = x * y + 1
    return 2 * b * x, 2 * b * y
'''),
    Mistake("graph_backward", "missing-two", "∂L/∂b is missing the factor 2 from the square", '''
def graph_backward(x, y):
    b = x * y + 1
    return b * y, b * x
'''),
    Mistake("graph_backward", "used-a-not-b", "∂L/∂b uses a where it needs b = a + 1", '''
def graph_backward(x, y):
    a = x * y
    return 2 * a * y, 2 * a * x
'''),
    Mistake("graph_backward", "local-only", "only the local derivatives of a = x·y are returned, without the upstream gradient", '''
def graph_backward(x, y):
    return y, x
'''),
    # --- relu_neuron_grads
    Mistake("relu_neuron_grads", "missing-relu-derivative", "the ReLU's derivative is missing, so a neuron with z ≤ 0 still gets a gradient", '''
def relu_neuron_grads(x, w, b, y_true):
    z = np.dot(w, x) + b
    dL_dz = 2 * (max(z, 0.0) - y_true)
    return dL_dz * x, dL_dz
'''),
    Mistake("relu_neuron_grads", "relu-prime-at-zero-one", "ReLU'(0) was taken as 1, but this course uses ReLU'(0) = 0", '''
def relu_neuron_grads(x, w, b, y_true):
    z = np.dot(w, x) + b
    dL_dz = 2 * (max(z, 0.0) - y_true) * (1.0 if z >= 0 else 0.0)
    return dL_dz * x, dL_dz
''', credit=0.5),
    Mistake("relu_neuron_grads", "missing-two", "∂L/∂a is missing the factor 2 from the square", '''
def relu_neuron_grads(x, w, b, y_true):
    z = np.dot(w, x) + b
    dL_dz = (max(z, 0.0) - y_true) * (1.0 if z > 0 else 0.0)
    return dL_dz * x, dL_dz
'''),
    Mistake("relu_neuron_grads", "missing-input-factor", "∂L/∂w is missing the local derivative ∂z/∂w", '''
def relu_neuron_grads(x, w, b, y_true):
    z = np.dot(w, x) + b
    dL_dz = 2 * (max(z, 0.0) - y_true) * (1.0 if z > 0 else 0.0)
    return dL_dz * np.ones_like(np.asarray(w, dtype=float)), dL_dz
'''),
    Mistake("relu_neuron_grads", "elementwise-not-dot", "w * x is an elementwise product, but z needs the dot product of w and x", '''
def relu_neuron_grads(x, w, b, y_true):
    z = w * x + b
    dL_dz = 2 * (np.maximum(z, 0.0) - y_true) * np.where(z > 0, 1.0, 0.0)
    return dL_dz * x, dL_dz
'''),
    Mistake("relu_neuron_grads", "matmul-on-floats", "the @ operator fails on plain Python floats: np.dot works for numbers and arrays", '''
def relu_neuron_grads(x, w, b, y_true):
    z = w @ x + b
    dL_dz = 2 * (max(z, 0.0) - y_true) * (1.0 if z > 0 else 0.0)
    return dL_dz * x, dL_dz
'''),
    # --- sigmoid_bce_grads
    Mistake("sigmoid_bce_grads", "sign-flipped", "∂L/∂z has the wrong sign", '''
def sigmoid_bce_grads(x, w, b, y_true):
    a = 1 / (1 + np.exp(-(np.dot(w, x) + b)))
    return (y_true - a) * x, y_true - a
'''),
    Mistake("sigmoid_bce_grads", "extra-sigmoid-prime", "σ'(z) is multiplied in a second time, after it has already cancelled", '''
def sigmoid_bce_grads(x, w, b, y_true):
    a = 1 / (1 + np.exp(-(np.dot(w, x) + b)))
    dL_dz = (a - y_true) * a * (1 - a)
    return dL_dz * x, dL_dz
'''),
    Mistake("sigmoid_bce_grads", "missing-input-factor", "∂L/∂w is missing the local derivative ∂z/∂w", '''
def sigmoid_bce_grads(x, w, b, y_true):
    a = 1 / (1 + np.exp(-(np.dot(w, x) + b)))
    return (a - y_true) * np.ones_like(np.asarray(w, dtype=float)), a - y_true
'''),
    Mistake("sigmoid_bce_grads", "bias-omitted", "the bias b is left out of z", '''
def sigmoid_bce_grads(x, w, b, y_true):
    a = 1 / (1 + np.exp(-np.dot(w, x)))
    return (a - y_true) * x, a - y_true
'''),
    Mistake("sigmoid_bce_grads", "elementwise-not-dot", "w * x is an elementwise product, but z needs the dot product of w and x", '''
def sigmoid_bce_grads(x, w, b, y_true):
    a = 1 / (1 + np.exp(-(w * x + b)))
    return (a - y_true) * x, a - y_true
'''),
    # --- two_layer_grads
    Mistake("two_layer_grads", "missing-sigmoid-prime", "the sigmoid's derivative is missing on the way down from a1 to z1", '''
def two_layer_grads(x, y_true, W1, W2):
    a1 = 1 / (1 + np.exp(-(W1 @ x)))
    err = np.dot(W2, a1) - y_true
    return np.outer(err * W2, x), err * a1
'''),
    Mistake("two_layer_grads", "transposed-dW1", "∂L/∂W1 is transposed: the factors of the outer product are in the wrong order", '''
def two_layer_grads(x, y_true, W1, W2):
    a1 = 1 / (1 + np.exp(-(W1 @ x)))
    err = np.dot(W2, a1) - y_true
    return np.outer(x, err * W2 * a1 * (1 - a1)), err * a1
'''),
    Mistake("two_layer_grads", "z-instead-of-a", "∂L/∂W2 uses the pre-activation z1 where it needs the activation a1", '''
def two_layer_grads(x, y_true, W1, W2):
    z1 = W1 @ x
    a1 = 1 / (1 + np.exp(-z1))
    err = np.dot(W2, a1) - y_true
    return np.outer(err * W2 * a1 * (1 - a1), x), err * z1
'''),
    Mistake("two_layer_grads", "half-ignored", "the ½ in the loss was ignored, so ∂L/∂ŷ carries an extra factor 2", '''
def two_layer_grads(x, y_true, W1, W2):
    a1 = 1 / (1 + np.exp(-(W1 @ x)))
    err = 2 * (np.dot(W2, a1) - y_true)
    return np.outer(err * W2 * a1 * (1 - a1), x), err * a1
'''),
    Mistake("two_layer_grads", "sigmoid-prime-of-a", "σ' is evaluated at a1 instead of at z1", '''
def two_layer_grads(x, y_true, W1, W2):
    a1 = 1 / (1 + np.exp(-(W1 @ x)))
    err = np.dot(W2, a1) - y_true
    s = 1 / (1 + np.exp(-a1))
    return np.outer(err * W2 * s * (1 - s), x), err * a1
'''),
    Mistake("two_layer_grads", "in-place-update", "W2 is changed in place while the gradient is computed", '''
def two_layer_grads(x, y_true, W1, W2):
    a1 = 1 / (1 + np.exp(-(W1 @ x)))
    err = np.dot(W2, a1) - y_true
    dL_dW2 = err * a1
    W2 *= err * a1 * (1 - a1)
    return np.outer(W2, x), dL_dW2
'''),
]

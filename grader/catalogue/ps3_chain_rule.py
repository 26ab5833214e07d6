"""Answers a ps3_chain_rule student might write."""

from grader.catalogue import Mistake

SETUP = 'x = sp.symbols("x", real=True)'

# The Value class as a student writes it, before the one change each mistake below makes.
_VALUE = '''
class Value:
    def __init__(self, data, _children=()):
        self.data = float(data)
        self.grad = 0.0
        self._children = _children
        self._backward = lambda: None

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other))
        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other))
        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __pow__(self, k):
        out = Value(self.data ** k, (self,))
        def _backward():
            self.grad += k * self.data ** (k - 1) * out.grad
        out._backward = _backward
        return out

    def exp(self):
        out = Value(math.exp(self.data), (self,))
        def _backward():
            self.grad += out.data * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        out = Value(math.tanh(self.data), (self,))
        def _backward():
            self.grad += (1 - out.data**2) * out.grad
        out._backward = _backward
        return out

    def relu(self):
        out = Value(max(self.data, 0.0), (self,))
        def _backward():
            self.grad += (1.0 if self.data > 0 else 0.0) * out.grad
        out._backward = _backward
        return out

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-other)

    def __rsub__(self, other):
        return (-self) + other

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def backward(self):
        order, seen = [], set()
        def visit(node):
            if node not in seen:
                seen.add(node)
                for child in node._children:
                    visit(child)
                order.append(node)
        visit(self)
        self.grad = 1.0
        for node in reversed(order):
            node._backward()
'''


def _value_with(correct: str, mistaken: str) -> str:
    """The Value class with `correct` (which must be in it) replaced by `mistaken`."""
    if correct not in _VALUE:
        raise ValueError(f"{correct!r} is not in the Value class")
    return "import math\n" + _VALUE.replace(correct, mistaken)


MISTAKES = [
    # Sections 1 to 3 are templates (grader.variants.ps3_chain_rule): variant 0 is shown.
    # --- d_exp_square: d/dx exp(x^2) = 2x exp(x^2)
    Mistake("d_exp_square", "missing-inner-derivative", "the result is not multiplied by the derivative of the inner function, the exponent", '''
def d_exp_square(x):
    return np.exp($exp_u)
'''),
    Mistake("d_exp_square", "derivative-inside", "the inner derivative was put inside the exponential instead of multiplying it", '''
def d_exp_square(x):
    return np.exp($exp_2a * x)
'''),
    Mistake("d_exp_square", "power-rule-on-exp", "the power rule was used on the exponential, but an exponential is not a power of x", '''
def d_exp_square(x):
    return $exp_u * np.exp($exp_u - 1)
'''),
    Mistake("d_exp_square", "scalar-only", "math.exp takes only single numbers, so arrays fail: use np.exp", '''
import math
def d_exp_square(x):
    return $exp_2a * x * math.exp($exp_u)
'''),
    # --- d_sin_square: d/dx sin(x^2) = 2x cos(x^2)
    Mistake("d_sin_square", "missing-inner-derivative", "the result is not multiplied by the derivative of the inner function, the argument of the sine", '''
def d_sin_square(x):
    return np.cos($sin_u)
'''),
    Mistake("d_sin_square", "sin-squared-confusion", "this is the derivative of sin²(x), the square of a sine, not of the sine of a square", '''
def d_sin_square(x):
    return 2 * np.sin(x) * np.cos(x)
'''),
    Mistake("d_sin_square", "derivative-inside", "the inner derivative was put inside the cosine instead of multiplying it", '''
def d_sin_square(x):
    return $sin_2b * x * np.cos($sin_2b * x)
'''),
    Mistake("d_sin_square", "cos-sign", "the derivative of sin has no minus sign (it is cos that gets one)", '''
def d_sin_square(x):
    return $sin_neg2b * x * np.cos($sin_u)
'''),
    # --- d_linear_power: d/dx (3x + 1)^4 = 12 (3x + 1)^3
    Mistake("d_linear_power", "missing-inner-factor", "the result is not multiplied by the derivative of the inner linear function", '''
def d_linear_power(x):
    return $pow_n * ($pow_inner)**$pow_n1
'''),
    Mistake("d_linear_power", "power-not-lowered", "the exponent was brought down but not lowered by one", '''
def d_linear_power(x):
    return $pow_np * ($pow_inner)**$pow_n
'''),
    Mistake("d_linear_power", "inner-factor-added", "the inner derivative was added instead of multiplied", '''
def d_linear_power(x):
    return $pow_n * ($pow_inner)**$pow_n1 $pow_plus_p
'''),
    # --- d_exp_sin: d/dx exp(sin(x^2 + 1)) = exp(sin(u)) cos(u) 2x, u = x^2 + 1
    Mistake("d_exp_sin", "missing-innermost", "the derivative of the innermost function, the argument of the sine, is missing", '''
def d_exp_sin(x):
    return np.exp(np.sin($es_u)) * np.cos($es_u)
'''),
    Mistake("d_exp_sin", "missing-middle", "the derivative of the middle layer, the sine, is missing", '''
def d_exp_sin(x):
    return np.exp(np.sin($es_u)) * $es_2c * x
'''),
    Mistake("d_exp_sin", "dropped-outer", "the derivative of the outer exponential was dropped, but e^v does not differentiate to 1", '''
def d_exp_sin(x):
    return np.cos($es_u) * $es_2c * x
'''),
    Mistake("d_exp_sin", "wrong-evaluation-point", "the cosine is evaluated at x, but each local derivative belongs at its own layer's input", '''
def d_exp_sin(x):
    return np.exp(np.sin($es_u)) * np.cos(x) * $es_2c * x
'''),
    # --- graph_backward: (2(xy + 1) y, 2(xy + 1) x)
    Mistake("graph_backward", "swapped-local-derivatives", "the local derivatives ∂a/∂x and ∂a/∂y are swapped", '''
def graph_backward(x, y):
    b = $graph_b_xy
    return $graph_2s * b * x, $graph_2s * b * y
'''),
    Mistake("graph_backward", "missing-two", "∂L/∂b is missing the factor 2 from the square", '''
def graph_backward(x, y):
    b = $graph_b_xy
    return $graph_sb * y, $graph_sb * x
'''),
    Mistake("graph_backward", "used-a-not-b", "∂L/∂b uses a where it needs b = a + 1", '''
def graph_backward(x, y):
    a = x * y
    return $graph_2s * a * y, $graph_2s * a * x
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
    Mistake("two_layer_grads", "sigmoid-overflows", "the sigmoid is written exp(z) / (1 + exp(z)), which is "
            "inf / inf = NaN once z > 709, where 1 / (1 + exp(-z)) is exactly 1", '''
def two_layer_grads(x, y_true, W1, W2):
    z1 = W1 @ x
    a1 = np.exp(z1) / (1 + np.exp(z1))
    err = np.dot(W2, a1) - y_true
    return np.outer(err * W2 * a1 * (1 - a1), x), err * a1
'''),
    # --- Value: a reverse-mode autodiff engine
    Mistake("Value", "grad-overwritten", "each backward step sets a child's .grad instead of adding to it, so a "
            "value used more than once keeps only the last contribution: gradients must add up (+=)",
            _value_with("grad += ", "grad = ")),
    Mistake("Value", "no-topological-order", "backward calls each node's _backward as soon as it reaches it, by "
            "recursion, so a node used more than once passes its gradient on before it is complete (and more than "
            "once): walk the nodes in reverse topological order, each once", _value_with('''
    def backward(self):
        order, seen = [], set()
        def visit(node):
            if node not in seen:
                seen.add(node)
                for child in node._children:
                    visit(child)
                order.append(node)
        visit(self)
        self.grad = 1.0
        for node in reversed(order):
            node._backward()
''', '''
    def backward(self):
        self.grad = 1.0
        def propagate(node):
            node._backward()
            for child in node._children:
                propagate(child)
        propagate(self)
''')),
    Mistake("Value", "tanh-prime-of-input", "the local derivative of tanh is 1 - tanh(a)², the output squared, "
            "not 1 - a²", _value_with("(1 - out.data**2)", "(1 - self.data**2)")),
    Mistake("Value", "relu-prime-at-zero-one", "ReLU'(0) was taken as 1, but this course uses ReLU'(0) = 0",
            _value_with("1.0 if self.data > 0 else 0.0", "1.0 if self.data >= 0 else 0.0"), credit=0.5),
    Mistake("Value", "power-not-lowered", "the local derivative of a ** k is k·a^(k-1): the exponent was brought "
            "down but not lowered by one", _value_with("k * self.data ** (k - 1)", "k * self.data ** k")),
    Mistake("Value", "pow-divides-by-base", "the local derivative of a ** k was written k·(a ** k)/a, which divides "
            "by zero at a = 0, where k·a^(k-1) is simply 0 (for k >= 1)",
            _value_with("k * self.data ** (k - 1)", "k * out.data / self.data")),
    Mistake("Value", "tanh-prime-by-cosh", "the local derivative of tanh was written 1/cosh(a)², and math.cosh "
            "overflows for |a| > 710, where 1 - t² of the output t is simply 0",
            _value_with("(1 - out.data**2)", "(1 / math.cosh(self.data)**2)")),
    Mistake("Value", "rsub-reversed", "c - a with a number c on the left calls __rsub__, which must compute c - a, "
            "not a - c", _value_with("(-self) + other", "self - other")),
]

"""Correct answers to ps3_chain_rule in unexpected forms: the demo's and the tests' students."""

from grader.demo.alternatives import Alternative

ALTERNATIVES = [
    Alternative("d_exp_square", "chain-helpers", '''
def outer_derivative(u):
    return np.exp(u)

def d_exp_square(x):
    u = x * x
    return outer_derivative(u) * 2 * x
'''),
    Alternative("d_exp_square", "asarray-and-back", '''
def d_exp_square(x):
    x = np.asarray(x, dtype=float)
    out = 2.0 * x * np.exp(np.square(x))
    return float(out) if out.ndim == 0 else out
'''),
    Alternative("d_sin_square", "product-order", '''
def d_sin_square(x):
    return np.cos(x * x) * (2 * x)
'''),
    Alternative("d_linear_power", "expanded", '''
def d_linear_power(x):
    # (3x + 1)^4 expanded: 81x^4 + 108x^3 + 54x^2 + 12x + 1
    return 324 * x**3 + 324 * x**2 + 108 * x + 12
'''),
    Alternative("d_linear_power", "outer-times-inner", '''
def d_linear_power(x):
    u = 3 * x + 1
    return 4 * u**3 * 3
'''),
    Alternative("d_exp_sin", "one-line", '''
def d_exp_sin(x):
    return 2 * x * np.cos(x**2 + 1) * np.exp(np.sin(x**2 + 1))
'''),
    Alternative("d_exp_sin", "local-derivatives", '''
def d_exp_sin(x):
    u = x**2 + 1
    v = np.sin(u)
    dy_dv, dv_du, du_dx = np.exp(v), np.cos(u), 2 * x
    return dy_dv * dv_du * du_dx
'''),
    Alternative("graph_backward", "closed-form-list", '''
def graph_backward(x, y):
    return [2 * (x * y + 1) * y, 2 * (x * y + 1) * x]
'''),
    Alternative("graph_backward", "with-loss-node", '''
def graph_backward(x, y):
    a = x * y
    b = a + 1
    L = b ** 2
    dL_dL = 1.0
    dL_db = dL_dL * 2 * b
    dL_da = dL_db
    dL_dx = dL_da * y
    dL_dy = dL_da * x
    return (dL_dx, dL_dy)
'''),
    Alternative("relu_neuron_grads", "np-where-heaviside", '''
def relu_neuron_grads(x, w, b, y_true):
    z = np.dot(w, x) + b
    dL_dz = 2 * (np.maximum(z, 0) - y_true) * np.heaviside(z, 0.0)
    return dL_dz * np.asarray(x, dtype=float), float(dL_dz)
'''),
    Alternative("relu_neuron_grads", "early-return-when-dead", '''
def relu_neuron_grads(x, w, b, y_true):
    x_arr = np.array(x, dtype=float)
    z = float(np.sum(np.array(w, dtype=float) * x_arr)) + b
    if z <= 0:
        return 0 * x_arr if x_arr.ndim else 0.0, 0.0
    dL_dz = 2 * (z - y_true)
    return (dL_dz * x_arr if x_arr.ndim else dL_dz * float(x)), dL_dz
'''),
    Alternative("relu_neuron_grads", "loop-over-inputs", '''
def relu_neuron_grads(x, w, b, y_true):
    if np.ndim(w) == 0:
        xs, ws = [x], [w]
    else:
        xs, ws = list(x), list(w)
    z = b
    for xi, wi in zip(xs, ws):
        z += wi * xi
    relu_prime = 1.0 if z > 0 else 0.0
    dL_dz = 2 * (max(z, 0.0) - y_true) * relu_prime
    grads = [dL_dz * xi for xi in xs]
    return (grads[0] if np.ndim(w) == 0 else np.array(grads)), dL_dz
'''),
    Alternative("sigmoid_bce_grads", "unsimplified-chain", '''
def sigmoid_bce_grads(x, w, b, y_true):
    z = np.dot(w, x) + b
    a = 1 / (1 + np.exp(-z))
    dL_da = -y_true / a + (1 - y_true) / (1 - a)
    da_dz = a * (1 - a)
    dL_dz = dL_da * da_dz
    return dL_dz * x, dL_dz
'''),
    Alternative("sigmoid_bce_grads", "tanh-sigmoid", '''
def sigmoid(z):
    return 0.5 * (1 + np.tanh(z / 2))

def sigmoid_bce_grads(x, w, b, y_true):
    err = sigmoid(np.dot(w, x) + b) - y_true
    return np.multiply(err, x), err
'''),
    Alternative("two_layer_grads", "explicit-loops", '''
def two_layer_grads(x, y_true, W1, W2):
    h, n = W1.shape
    a1 = np.zeros(h)
    for i in range(h):
        z = 0.0
        for j in range(n):
            z += W1[i, j] * x[j]
        a1[i] = 1 / (1 + np.exp(-z))
    y_hat = sum(W2[i] * a1[i] for i in range(h))
    err = y_hat - y_true
    dW1 = np.zeros((h, n))
    dW2 = np.zeros(h)
    for i in range(h):
        dW2[i] = err * a1[i]
        dz = err * W2[i] * a1[i] * (1 - a1[i])
        for j in range(n):
            dW1[i, j] = dz * x[j]
    return dW1, dW2
'''),
    Alternative("two_layer_grads", "broadcasting-list", '''
def sigmoid(z):
    return 1 / (1 + np.exp(-z))

def two_layer_grads(x, y_true, W1, W2):
    z1 = W1.dot(x)
    a1 = sigmoid(z1)
    delta = (W2 @ a1 - y_true) * W2 * sigmoid(z1) * (1 - sigmoid(z1))
    return [delta[:, None] * x[None, :], (W2 @ a1 - y_true) * a1]
'''),
    Alternative("Value", "edges-and-kahn", '''
import math

class Value:
    """Each node keeps (input, local derivative) pairs; backward counts uses instead of searching depth first."""

    def __init__(self, data, edges=()):
        self.data, self.grad, self.edges = float(data), 0.0, list(edges)

    def _node(self, other):
        return other if isinstance(other, Value) else Value(other)

    def __add__(self, other):
        other = self._node(other)
        return Value(self.data + other.data, [(self, 1.0), (other, 1.0)])

    __radd__ = __add__

    def __mul__(self, other):
        other = self._node(other)
        return Value(self.data * other.data, [(self, other.data), (other, self.data)])

    __rmul__ = __mul__

    def __neg__(self):
        return Value(-self.data, [(self, -1.0)])

    def __sub__(self, other):
        other = self._node(other)
        return Value(self.data - other.data, [(self, 1.0), (other, -1.0)])

    def __rsub__(self, other):
        return self._node(other) - self

    def __pow__(self, k):
        return Value(self.data ** k, [(self, k * self.data ** (k - 1))])

    def exp(self):
        e = math.exp(self.data)
        return Value(e, [(self, e)])

    def tanh(self):
        t = math.tanh(self.data)
        return Value(t, [(self, 1 - t * t)])

    def relu(self):
        return Value(max(0.0, self.data), [(self, float(self.data > 0))])

    def backward(self):
        users = {}
        stack, seen = [self], {id(self)}
        while stack:
            node = stack.pop()
            for child, _ in node.edges:
                users[id(child)] = users.get(id(child), 0) + 1
                if id(child) not in seen:
                    seen.add(id(child))
                    stack.append(child)
        self.grad = 1.0
        ready = [self]
        while ready:
            node = ready.pop()
            for child, local in node.edges:
                child.grad += local * node.grad
                users[id(child)] -= 1
                if users[id(child)] == 0:
                    ready.append(child)
'''),
    Alternative("Value", "numpy-and-explicit-stack", '''
class Value:
    def __init__(self, data, children=(), backward=None):
        self.data = float(data)
        self.grad = 0.0
        self.children = children
        self.push = backward or (lambda g: ())

    @staticmethod
    def lift(v):
        return v if isinstance(v, Value) else Value(v)

    def __add__(self, other):
        other = Value.lift(other)
        return Value(self.data + other.data, (self, other), lambda g: (g, g))

    def __radd__(self, other):
        return Value.lift(other) + self

    def __mul__(self, other):
        other = Value.lift(other)
        return Value(self.data * other.data, (self, other), lambda g: (g * other.data, g * self.data))

    def __rmul__(self, other):
        return Value.lift(other) * self

    def __neg__(self):
        return Value(-self.data, (self,), lambda g: (-g,))

    def __sub__(self, other):
        return self + (-Value.lift(other))

    def __rsub__(self, other):
        return Value.lift(other) + (-self)

    def __pow__(self, k):
        return Value(np.power(self.data, k), (self,), lambda g: (g * k * np.power(self.data, k - 1),))

    def exp(self):
        e = np.exp(self.data)
        return Value(e, (self,), lambda g: (g * e,))

    def tanh(self):
        t = np.tanh(self.data)
        return Value(t, (self,), lambda g: (g * (1.0 - t**2),))

    def relu(self):
        slope = np.heaviside(self.data, 0.0)
        return Value(self.data * slope, (self,), lambda g: (g * slope,))

    def backward(self):
        order, placed, stack = [], set(), [(self, False)]
        while stack:
            node, children_done = stack.pop()
            if children_done:
                order.append(node)
            elif id(node) not in placed:
                placed.add(id(node))
                stack.append((node, True))
                stack.extend((child, False) for child in node.children)
        self.grad = 1.0
        for node in reversed(order):
            for child, g in zip(node.children, node.push(node.grad)):
                child.grad += g
'''),
]

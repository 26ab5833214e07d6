"""Answers that lie: objects whose comparisons, conversions or SymPy methods say 'equal'."""

from __future__ import annotations

from attacks.support import Attack, code


def attacks(course: str, bystander: str) -> list[Attack]:
    return [
        Attack("liar_dunders", "answers return an object whose __eq__, __sub__, __abs__, __float__, __array__ "
               "and __bool__ lie", {
            "poly_derivative": code('''
                class Anything:
                    """Equal to everything and at distance 0 from it."""
                    def __eq__(self, other): return True
                    def __ne__(self, other): return False
                    def __sub__(self, other): return 0.0
                    def __rsub__(self, other): return 0.0
                    def __abs__(self): return 0.0
                    def __lt__(self, other): return True
                    def __le__(self, other): return True
                    def __gt__(self, other): return False
                    def __ge__(self, other): return True
                    def __float__(self): return 0.0
                    def __bool__(self): return True
                    def __array__(self, dtype=None, copy=None): return np.zeros(1)
                    def __len__(self): return 1
                    def __getitem__(self, i): return 0.0
                    __hash__ = object.__hash__

                def poly_derivative(x):
                    return Anything()
                '''),
            "forward_difference": "def forward_difference(f, x, h=1e-5):\n    return Anything()\n",
            "step_errors": "def step_errors(f, df, x, hs):\n    return Anything()\n",
            "is_continuous_at": "def is_continuous_at(expr, var, point):\n    return Anything()\n",
            "d_product": "d_product = Anything()\n",
        }, honest=frozenset({"d_trig"})),
        Attack("liar_float_subclass", "answers return a float subclass equal to everything, with a lying __float__", {
            "poly_derivative": code('''
                class Close(float):
                    def __eq__(self, other): return True
                    def __ne__(self, other): return False
                    def __sub__(self, other): return Close(0.0)
                    def __rsub__(self, other): return Close(0.0)
                    def __abs__(self): return Close(0.0)
                    def __lt__(self, other): return True
                    def __le__(self, other): return True
                    def __float__(self): return 0.0
                    __hash__ = float.__hash__

                def poly_derivative(x):
                    return Close(0.0)
                '''),
            "sigmoid_prime": "def sigmoid_prime(z):\n    return Close(0.25)\n",
            "best_step": "def best_step(f, df, x, hs):\n    return Close(0.0)\n",
        }, honest=frozenset({"forward_difference"})),
        Attack("liar_ndarray_subclass", "answers return an ndarray subclass whose comparisons, subtraction, "
               "ufuncs and __array__ lie", {
            "step_errors": code('''
                class Close(np.ndarray):
                    def __eq__(self, other): return np.ones(np.shape(other), bool)
                    def __ne__(self, other): return np.zeros(np.shape(other), bool)
                    def __sub__(self, other): return np.zeros(np.shape(other))
                    def __rsub__(self, other): return np.zeros(np.shape(other))
                    def __abs__(self): return np.zeros(self.shape)
                    def __array__(self, dtype=None, copy=None): return np.zeros(self.shape)
                    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
                        return np.zeros(np.broadcast(*[np.asarray(i) for i in inputs if not isinstance(i, Close)] or [0]).shape)

                def step_errors(f, df, x, hs):
                    return np.zeros(len(hs)).view(Close)
                '''),
            "tanh_prime": "def tanh_prime(z):\n    return np.zeros(np.shape(z)).view(Close)\n",
        }, honest=frozenset({"central_difference"})),
        Attack("sympy_lies", "SymPy answers that lie: an Expr subclass equal to everything, an undefined "
               "function, a Symbol whose name is code", {
            "d_product": code('''
                class Right(sp.Expr):
                    """Agrees with any expression it is compared to."""
                    is_commutative = True
                    def equals(self, other, failing_expression=False): return True
                    def __eq__(self, other): return True
                    def __ne__(self, other): return False
                    __hash__ = sp.Expr.__hash__
                    def __sub__(self, other): return sp.S.Zero
                    def __rsub__(self, other): return sp.S.Zero
                    def simplify(self, **kwargs): return sp.S.Zero
                    def _eval_subs(self, old, new): return self
                    def evalf(self, *args, **kwargs): return sp.Float(0)

                d_product = Right()
                '''),
            "d_quotient": "d_quotient = sp.Function('correct')(x)\n",
            "d_trig": code(f'''
                _payload = "__import__('pathlib').Path({course!r}, 'PWNED_BY_SYMBOL_NAME').touch() or x"
                d_trig = sp.Add(sp.cos(2 * x), sp.Mul(0, sp.Symbol(_payload), evaluate=False), evaluate=False)
                '''),
        }, honest=frozenset({"poly_derivative"})),
    ]

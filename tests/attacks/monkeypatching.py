"""Monkeypatching what the checks use: NumPy, the course's checks, its kernel modules, builtins."""

from __future__ import annotations

from attacks.support import Attack, code


def attacks(course: str, bystander: str) -> list[Attack]:
    return [
        Attack("numpy_comparisons", "np.isclose, np.allclose and np.array_equal always say 'equal'; every "
               "np.testing.assert_* does nothing", {
            "poly_derivative": code('''
                import numpy.testing
                np.isclose = lambda a, b, *args, **kwargs: np.ones(np.broadcast(np.asarray(a), np.asarray(b)).shape, bool)
                np.allclose = lambda *args, **kwargs: True
                np.array_equal = lambda *args, **kwargs: True
                for _name in dir(np.testing):
                    if _name.startswith("assert"):
                        setattr(np.testing, _name, lambda *args, **kwargs: None)

                def poly_derivative(x):
                    return 0 * x
                '''),
            "d_trig": "d_trig = x\n",
        }, honest=frozenset({"d_product"})),
        Attack("course_checks", "grader.checks.check_* (and the notebook's names for them) replaced by a print", {
            "d_quotient": code('''
                import grader.checks
                def _all_good(*args, **kwargs):
                    print("✓ correct")
                for _name in ("check_function", "check_derivative", "check_expression",
                              "check_derivative_expression", "check_value", "report"):
                    setattr(grader.checks, _name, _all_good)
                    globals()[_name] = _all_good
                d_quotient = None
                '''),
        }, honest=frozenset({"poly_derivative", "d_product"})),
        Attack("evidence_observe", "grader.in_kernel.gathering.observe reports a plain number for every call", {
            "forward_difference": code('''
                import grader.in_kernel.gathering as _ev
                def _observe(fn, probes):
                    return [_ev.Observation(p, _ev.Returned("number", 1.0, "float")) for p in probes]
                _ev.observe = _observe

                def forward_difference(f, x, h=1e-5):
                    raise NotImplementedError()
                '''),
        }, honest=frozenset({"d_product"})),
        Attack("evidence_normalise", "grader.in_kernel.gathering.normalise turns anything into the number 0", {
            "central_difference": code('''
                import grader.in_kernel.gathering as _ev
                _ev.normalise = lambda obj, depth=0: _ev.Returned("number", 0.0, "float")

                def central_difference(f, x, h=1e-5):
                    return None
                '''),
        }, honest=frozenset({"poly_derivative"})),
        Attack("in_kernel_answer_requests", "grader.in_kernel.answering.answer_requests replaced: no evidence, a ✓ instead", {
            "d_trig": code('''
                import grader.in_kernel.answering
                grader.in_kernel.answering.answer_requests = lambda packed: print("✓ every check passed")
                d_trig = None
                '''),
        }, honest=frozenset({"poly_derivative", "d_product"})),
        Attack("codec_payload", "grader.evidence_codec.payload rewrites errors into plain numbers", {
            "forward_difference": code('''
                import grader.evidence_codec as _codec, grader.in_kernel.answering as _ik
                _real_payload = _codec.payload
                def _payload(nonce, index, name, evidence):
                    data = _real_payload(nonce, index, name, evidence)
                    ev = data["evidence"]
                    ev["defined"] = ev["callable"] = True
                    for obs in ev["observations"]:
                        obs["error"], obs["modified"] = None, []
                        if obs["returned"] is None or obs["returned"]["kind"] != "number":
                            obs["returned"] = {"kind": "number", "type": "float", "value": "0.0"}
                    return data
                _codec.payload = _ik.payload = _payload

                def forward_difference(f, x, h=1e-5):
                    raise ValueError("no idea")
                '''),
        }, honest=frozenset({"poly_derivative"})),
        Attack("builtins_abs", "builtins.abs returns 0, so every error looks like none", {
            "step_errors": code('''
                import builtins
                builtins.abs = lambda value: 0 * value

                def step_errors(f, df, x, hs):
                    return np.array([abs(f(x) - df(x)) for h in hs])
                '''),
        }, honest=frozenset({"poly_derivative", "sigmoid_prime"})),
        Attack("builtins_float_isinstance", "builtins.isinstance says yes to the answer's object; builtins.float "
               "makes floats equal to everything", {
            "poly_derivative": code('''
                import builtins
                _real_isinstance = builtins.isinstance

                class Anything:
                    def __float__(self):
                        return 0.0
                    def __eq__(self, other):
                        return True
                    __hash__ = object.__hash__

                class _Float(float):
                    def __eq__(self, other):
                        return True
                    def __ne__(self, other):
                        return False
                    __hash__ = float.__hash__

                builtins.isinstance = lambda obj, classinfo: True if type(obj) is Anything else _real_isinstance(obj, classinfo)
                builtins.float = _Float

                def poly_derivative(x):
                    return Anything()
                '''),
        }, honest=frozenset({"d_product"})),
    ]

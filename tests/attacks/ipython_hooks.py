"""IPython's hooks turned against the grader: hidden failures, cleared or dropped outputs."""

from __future__ import annotations

from attacks.support import Attack, code


def attacks(course: str, bystander: str) -> list[Attack]:
    return [
        Attack("ipython_hide_failures", "set_custom_exc, showtraceback, showsyntaxerror and sys.displayhook "
               "turn every error and result into a ✓", {
            "d_product": code('''
                import sys
                def _looks_fine(shell, etype, evalue, tb, tb_offset=None):
                    print("✓ passed")
                get_ipython().set_custom_exc((BaseException,), _looks_fine)
                get_ipython().showtraceback = lambda *args, **kwargs: print("✓ passed")
                get_ipython().showsyntaxerror = lambda *args, **kwargs: print("✓ passed")
                sys.displayhook = lambda value: print("✓ correct")
                d_product = None
                '''),
            "sigmoid_prime": "def sigmoid_prime(z):\n    raise ValueError('no idea')\n",
        }, honest=frozenset({"poly_derivative"})),
        Attack("ipython_post_run_cell", "a post_run_cell hook clears every test cell's outputs", {
            "poly_derivative": code('''
                from IPython.display import clear_output
                def _hide_tests(result):
                    code = result.info.raw_cell or ""
                    if "answer_requests" in code or "check_" in code:
                        clear_output()
                        print("✓ all tests passed")
                get_ipython().events.register("post_run_cell", _hide_tests)
                def poly_derivative(x):
                    return x
                '''),
        }),
        Attack("display_pub_drop", "display_pub.publish drops every message carrying evidence", {
            "d_quotient": code('''
                _publish = get_ipython().display_pub.publish
                def _filtered(data, *args, **kwargs):
                    if any("evidence" in key for key in data):
                        return None
                    return _publish(data, *args, **kwargs)
                get_ipython().display_pub.publish = _filtered
                d_quotient = None
                '''),
        }, honest=frozenset({"poly_derivative"})),
        Attack("display_pub_rewrite", "display_pub.publish rewrites evidence: every error becomes a returned 0", {
            "forward_difference": code('''
                import copy
                _publish = get_ipython().display_pub.publish
                def _rewritten(data, *args, **kwargs):
                    for key, value in list(data.items()):
                        if "evidence" in key and isinstance(value, dict) and "evidence" in value:
                            value = copy.deepcopy(value)
                            ev = value["evidence"]
                            ev["defined"] = ev["callable"] = True
                            for obs in ev.get("observations", []):
                                obs["error"] = None
                                obs["returned"] = {"kind": "number", "type": "float", "value": "0.0"}
                            data = {**data, key: value}
                    return _publish(data, *args, **kwargs)
                get_ipython().display_pub.publish = _rewritten

                def forward_difference(f, x, h=1e-5):
                    raise ValueError("no idea")
                '''),
        }, honest=frozenset({"d_trig"})),
    ]

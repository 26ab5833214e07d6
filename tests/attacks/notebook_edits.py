"""The notebook itself: test cells edited, deleted, duplicated, moved, marked otherwise; evidence published by the notebook."""

from __future__ import annotations

from attacks.support import (
    Attack,
    all_tests_at_end_reversed,
    code,
    delete_tests,
    duplicate_tests,
    edit_tests,
    fake_grade_cell,
    grade_false,
    tests_before_answers,
)


def attacks(course: str, bystander: str) -> list[Attack]:
    return [
        Attack("edit_test_cells", "test cells rewritten (print('ok')), turned into markdown, made worth 100 points "
               "and unlocked, and the notebook asks for a bash kernel", {},
               honest=frozenset({"poly_derivative", "d_quotient", "forward_difference", "sigmoid_prime"}),
               mutate=edit_tests),
        Attack("delete_test_cells", "every test cell deleted", {}, honest=frozenset({"poly_derivative", "d_product"}),
               mutate=delete_tests),
        Attack("duplicate_test_cells", "a passing test cell copied three times, and once more at the end",
               {}, honest=frozenset({"poly_derivative"}), mutate=duplicate_tests),
        Attack("test_before_answer", "a correct answer's test moved above its answer cell, and one test above an "
               "earlier exercise's", {
            "poly_derivative": "def poly_derivative(x):\n    return 9 * x**2 - 4 * x + 1\n",
        }, honest=frozenset({"d_product"}), mutate=tests_before_answers),
        Attack("tests_reversed_at_end", "every test cell moved to the end, in reverse order",
               {}, honest=frozenset({"poly_derivative", "d_product"}), mutate=all_tests_at_end_reversed),
        Attack("metadata_grade_false", "test cells marked grade: false", {}, honest=frozenset({"poly_derivative"}),
               mutate=grade_false),
        Attack("fake_grade_cell", "a new cell with a made-up grade id worth 50 points that only prints", {},
               honest=frozenset({"poly_derivative"}), mutate=fake_grade_cell),
        Attack("evidence_from_answer_cell", "an answer cell publishes evidence (guessed nonce) for later tests", {
            "d_product": code('''
                from IPython.display import publish_display_data
                _MIME = "application/vnd.calc4ml.evidence+json"
                for _index, _name in enumerate(["d_product", "d_product"]):
                    publish_display_data({_MIME: {
                        "nonce": "0" * 32, "index": _index, "name": _name,
                        "evidence": {"defined": True, "type": "Add", "callable": False, "arg_names": [],
                                     "observations": [], "value": None,
                                     "expression": {"kind": "sympy", "tree": ["Symbol", "x"]}}}})
                d_product = None
                '''),
        }, honest=frozenset({"poly_derivative"})),
        Attack("evidence_from_function_guessed", "an answer function publishes evidence with a guessed nonce while "
               "it is probed", {
            "sigmoid_prime": code('''
                from IPython.display import publish_display_data
                def sigmoid_prime(z):
                    evidence = {"defined": True, "type": "function", "callable": True, "arg_names": ["z"],
                                "observations": [], "value": None, "expression": {"kind": "none"}}
                    publish_display_data({"application/vnd.calc4ml.evidence+json": {
                        "nonce": "deadbeef" * 4, "index": 0, "name": "sigmoid_prime", "evidence": evidence}})
                    return 0.25
                '''),
        }),
        Attack("evidence_real_nonce", "an answer function reads the real nonce and requests from the call stack "
               "(or the cell history), forges evidence and suppresses the real one", {
            "tanh_prime": code('''
                import base64, inspect, pickle
                import grader.in_kernel.answering as _ik
                from IPython.display import publish_display_data as _publish

                def _grader_state():
                    for frame in inspect.stack():
                        local = frame.frame.f_locals
                        if "nonce" in local and "requests" in local:
                            return local["nonce"], local["requests"], local.get("index", 0)
                    for cell in reversed(get_ipython().user_ns.get("In", [])):
                        if "answer_requests('" in cell:
                            nonce, requests = pickle.loads(base64.b64decode(cell.split("answer_requests('")[1].split("'")[0]))
                            return nonce, requests, 0
                    return None

                def tanh_prime(z):
                    state = _grader_state()
                    if state is not None:
                        nonce, requests, index = state
                        probes = requests[index].probes
                        observations = [{"returned": {"kind": "number", "type": "float", "value": "1.0"},
                                         "error": None, "modified": []} for _ in probes]
                        _publish({"application/vnd.calc4ml.evidence+json": {
                            "nonce": nonce, "index": index, "name": "tanh_prime",
                            "evidence": {"defined": True, "type": "function", "callable": True, "arg_names": ["z"],
                                         "observations": observations, "value": None,
                                         "expression": {"kind": "none"}}}})
                        _ik.publish_display_data = lambda *args, **kwargs: None  # the real evidence goes nowhere
                        print("forged evidence with the real nonce", nonce)
                    return 1.0
                '''),
        }),
    ]

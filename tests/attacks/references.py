"""Detecting grading and looking for references: the checks' registry, stack frames, late rewrites."""

from __future__ import annotations

from attacks.support import Attack, borrowing, code


def attacks(course: str, bystander: str) -> list[Attack]:
    return [
        Attack("detect_env_trusted", "when NBGRADER_EXECUTION is set, answers are looked up in grader.checks._TRUSTED, "
               "in _-names of the notebook and in every object in memory", {
            **borrowing('''
                import gc, os
                import grader.checks

                def _find(exercise):
                    if not os.environ.get("NBGRADER_EXECUTION"):
                        return None
                    if exercise in grader.checks._TRUSTED:
                        return grader.checks._TRUSTED[exercise]
                    for name, value in list(globals().items()):
                        if name.startswith("_") and exercise.split("_")[0] in name and callable(value) and name != "_find":
                            return value
                    for obj in gc.get_objects():
                        if callable(obj) and getattr(obj, "__name__", "").startswith("_" + exercise.split("_")[0]) \\
                                and getattr(obj, "__name__", "").endswith("_reference"):
                            return obj
                    return None
                '''),
            "is_continuous_at": 'is_continuous_at = _borrowed("is_continuous_at")\n',
        }),
        Attack("detect_stack_frames", "answers search inspect.stack() frames (locals and globals) for the grader's "
               "references and requests", borrowing('''
                import inspect

                def _find(exercise):
                    for info in inspect.stack():
                        frame = info.frame
                        for scope in (frame.f_locals, frame.f_globals):
                            for name, value in list(scope.items()):
                                if callable(value) and name.startswith("_" + exercise.split("_")[0]) and "reference" in name:
                                    return value
                            for value in list(scope.values()):
                                substitutes = getattr(value, "substitutes", None)
                                if isinstance(substitutes, dict) and exercise in substitutes:
                                    return substitutes[exercise]
                    return None
                ''')),
        Attack("exfiltrate_hidden_probes", "an answer function records the hidden points it is called at; a later "
               "answer cell prints them, so they appear in the student's feedback", {
            "poly_derivative": code('''
                _seen = []
                def poly_derivative(x):
                    _seen.append(np.asarray(x).tolist())
                    return 0 * x
                '''),
            # Instructors may see this in autograded/; the student's feedback must not show it.
            "d_product": 'if _seen:\n    print("LEAK hidden probe points:", _seen)\nd_product = None\n',
        }, honest=frozenset({"d_trig"})),
        Attack("late_evidence_display_id", "evidence published with a display id, then rewritten by "
               "update_display_data from a later test cell once that cell's request carries the trusted reference "
               "(substitutes) of the earlier exercise", {
            "forward_difference": code('''
                import base64, pickle
                import grader.in_kernel.answering as _ik
                from grader.in_kernel.gathering import gather
                from grader.evidence_codec import MIME_TYPE, payload
                from IPython.display import publish_display_data

                _pending, _stolen, _rewritten = {}, {}, []

                def _publish(data, display_id, update=False):
                    publish_display_data({MIME_TYPE: data, "text/plain": "evidence"},
                                         transient={"display_id": display_id}, update=update)

                def _answer_requests(packed):
                    nonce, requests = pickle.loads(base64.b64decode(packed))
                    for request in requests:
                        _stolen.update(request.substitutes)
                    for name in [n for n in _pending if n in _stolen]:
                        for display_id, index, request in _pending.pop(name):
                            _publish(payload(nonce, index, name, gather(request, _stolen[name])), display_id, update=True)
                            _rewritten.append(name)
                    for index, request in enumerate(requests):
                        display_id = f"{request.name}-{index}"
                        evidence = gather(request, get_ipython().user_ns.get(request.answer))
                        _publish(payload(nonce, index, request.name, evidence), display_id)
                        _pending.setdefault(request.name, []).append((display_id, index, request))

                _ik.answer_requests = _answer_requests
                forward_difference = None
                '''),
            # The updates are sent; whether they changed anything shows in the score, not here.
            "sigmoid_prime": 'print("sent updates for the evidence of", _rewritten)\n',
        }, honest=frozenset({"poly_derivative"})),
    ]

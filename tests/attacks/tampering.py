"""Tampering with the grading code in the kernel: named in the flags, never a point gained.

The grader judges out of the kernel's reach, so these lose at most the points of
what they broke; the instructor must still be told what happened, to tell
sabotage from a crash.
"""

from __future__ import annotations

from attacks.support import Attack, code


def attacks(course: str, bystander: str) -> list[Attack]:
    return [
        Attack("tamper_builtins_and_numpy", "builtins.abs returns 0 and np.isclose says yes", {
            "forward_difference": code('''
                import builtins
                builtins.abs = lambda value: 0
                np.isclose = lambda *args, **kwargs: True
                forward_difference = None
                '''),
        }, honest=frozenset({"poly_derivative", "d_product"}), flagged="altered by the submission: builtins.abs"),
        Attack("tamper_kernel_module", "grader.in_kernel.gathering.normalise makes every return value 0.25", {
            "sigmoid_prime": code('''
                import grader.in_kernel.gathering as _gathering
                from grader.evidence import Returned
                _gathering.normalise = lambda obj, depth=0: Returned("number", 0.25, "float")
                def sigmoid_prime(z):
                    return z
                '''),
        }, honest=frozenset({"poly_derivative"}), flagged="grader.in_kernel.gathering.normalise"),
        Attack("tamper_forged_path", "answer_requests replaced by code that publishes evidence of its own making "
               "(every call returned 0.25), without the grading code's report", {
            "sigmoid_prime": code('''
                import base64, pickle
                import grader.in_kernel.answering as _answering
                from grader.evidence_codec import MIME_TYPE, encode_evidence
                from grader.evidence import Evidence, Observation, Returned
                from IPython.display import publish_display_data

                def _forge(packed):
                    nonce, requests = pickle.loads(base64.b64decode(packed))
                    for index, request in enumerate(requests):
                        made = Evidence(True, "function", True, ("z",), tuple(
                            Observation(p, Returned("number", 0.25, "float")) for p in request.probes))
                        publish_display_data({MIME_TYPE: {"nonce": nonce, "index": index, "name": request.name,
                                                          "evidence": encode_evidence(made)}})

                _answering.answer_requests = _forge
                def sigmoid_prime(z):
                    return 0.25
                '''),
        }, honest=frozenset({"poly_derivative"}), flagged="did not come through the course's code path"),
    ]

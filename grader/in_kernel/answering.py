"""What a test cell runs in the grading kernel: answer the grader's requests, send the evidence back.

During autograde the grader replaces each test cell's code with one call to
`answer_requests`. The requests (probe arguments, trusted stand-ins for other
exercises) come pickled from the grader; the evidence goes back as display data
of its own MIME type, which `grader.nbgrader_plugins.judge_evidence` reads and
judges outside this kernel. Nothing here decides a grade.
"""

from __future__ import annotations

import base64
import gc
import pickle

from IPython import get_ipython
from IPython.display import publish_display_data

from grader.evidence_codec import MIME_TYPE, payload
from grader.in_kernel import integrity
from grader.in_kernel.gathering import gather, quiet


def answer_requests(packed: str) -> None:
    nonce, requests = pickle.loads(base64.b64decode(packed))  # the grader's own bytes, not the student's
    namespace = get_ipython().user_ns
    try:
        for index, request in enumerate(requests):
            with quiet():
                evidence = gather(request, namespace.get(request.answer))
                data = payload(nonce, index, request.name, evidence, integrity.altered())
            publish_display_data({MIME_TYPE: data, "text/plain": f"evidence for {request.name}"})
    finally:
        # Nothing of this cell's requests outlives it: a list the student's code took hold of is
        # emptied, and what only cycles kept alive is freed before the next cell runs.
        requests.clear()
        del requests
        gc.collect()

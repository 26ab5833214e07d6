"""What a test cell runs in the grading kernel: answer the grader's requests, send the evidence back.

During autograde the grader replaces each test cell's code with one call to
`answer_requests`. The requests (probe arguments, trusted stand-ins for other
exercises) come pickled from the grader; the evidence goes back as display data
of its own MIME type, which `grader.nbgrader_plugins.judge_evidence` reads and
judges outside this kernel. Nothing here decides a grade.
"""

from __future__ import annotations

import base64
import pickle

from IPython import get_ipython
from IPython.display import publish_display_data

from grader.in_kernel.gathering import gather, quiet
from grader.evidence_codec import MIME_TYPE, payload


def answer_requests(packed: str) -> None:
    nonce, requests = pickle.loads(base64.b64decode(packed))  # the grader's own bytes, not the student's
    namespace = get_ipython().user_ns
    for index, request in enumerate(requests):
        with quiet():
            data = payload(nonce, index, request.name, gather(request, namespace.get(request.answer)))
        publish_display_data({MIME_TYPE: data, "text/plain": f"evidence for {request.name}"})

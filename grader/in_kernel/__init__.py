"""The trust boundary: what runs inside the student's kernel during autograde, and nothing else.

The kernel runs the student's cells and, in place of each test cell, one call
to `answering.answer_requests`; that calls the student's answers at the
grader's probe points (`gathering`) and publishes the evidence in the wire
format of `grader.evidence_codec`. Nothing here decides a grade, holds a
reference or sees a hidden test: the student's code can replace any of it, and
the grader (`grader.nbgrader_plugins.judge_evidence`) trusts none of what comes
back until it has decoded and judged it in its own process.
"""

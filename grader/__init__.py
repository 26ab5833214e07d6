"""The calculus-for-machine-learning course's grader.

- `grader.checks`: what notebook test cells call.
- `grader.evidence`: what the grader asks of an answer and what comes back, as plain data.
- `grader.in_kernel`: the trust boundary, what runs in the student's kernel: calling student code
  at probe points (the only place that does) and sending the evidence back.
- `grader.judging`: pure comparison of evidence with references, and the messages.
- `grader.references`: SymPy and finite-difference references.
- `grader.nbgrader_plugins`: the course's extensions of nbgrader.
- `grader.cli`: the instructor's command line (`python -m grader`).
"""

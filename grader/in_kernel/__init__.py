"""The trust boundary: what runs inside the student's kernel during autograde, and nothing else.

The kernel runs the student's cells and, in place of each test cell, one call
to `answering.answer_requests`; that calls the student's answers at the
grader's probe points (`gathering`) and publishes the evidence in the wire
format of `grader.evidence_codec`, with what `integrity` found altered of the
grading code. Nothing here decides a grade, holds a reference or sees a hidden
test: the student's code can replace any of it, and the grader
(`grader.nbgrader_plugins.judge_evidence`) trusts none of what comes back until
it has decoded and judged it in its own process.

Why nothing in the kernel can answer an exercise before that exercise's
evidence is in. What could answer one is a stand-in (a trusted version of an
exercise, lent so that one wrong answer costs one exercise), a reference, an
expected value or a hidden probe point. Each place the student's code can reach
is closed by design:

- The kernel's folder. nbgrader writes the sanitized notebook, test cells
  restored from the gradebook, into the folder the kernel runs in;
  `WithholdTests` leaves placeholders there, so no test source is in a file the
  kernel can open. The sandbox shows the kernel that folder and no other of the
  course (not source/, the gradebook or other students'), and a submission's
  links and special files never reach it (`grader.submission_screening`).
- What arrives while a cell runs. The grader runs the test code in its own
  process (`grader.grading_plan`); references and expected values stay there
  with the judges. Each test cell's code becomes its own payload: the requests
  of that cell only (probe arguments, which carry no attribute, closure or
  default holding a reference), sent when nbclient runs that cell, never before.
  A later cell's payload is not in the notebook, the file, or the kernel.
- Stand-ins. A request carries stand-ins only for exercises whose test cells
  came before it in the submission, whoever asked for them (`trust`, or a test's
  own `substitutes`): their evidence has been published, and a finished cell's
  outputs cannot be changed. They are in the notebook's namespace only while the
  answer is called (`gathering.substituted`), and the request list is emptied
  and collected when the cell ends (`answering`). Student code that keeps one
  (from `globals()`, `gc`, the stack, a closure) holds the trusted version of an
  exercise already graded: it cannot change that grade, and any exercise that
  builds on it may legitimately call that exercise anyway.
- This package's own state. Nothing here holds a request, a stand-in or a
  reference between cells: module globals are code and the integrity snapshot
  (which names, not values, of the grading code).

So whatever the student's code finds in memory, on disk or on the stack while
cell k runs is what cells 1..k asked of it and lent to it; tests/attacks/
stand_ins.py searches each of these places and finds nothing that scores.
"""

"""The instructor's test cells, run in the grader's own process to plan what to ask the kernel.

During autograde the student's kernel never sees a hidden test, a reference or
an expected value. Instead the grader runs each test cell's code itself (the
instructor's code, as stored in the gradebook) with every student answer
replaced by a `StudentAnswer` placeholder. Each check then records, through
`Planner`, the `Request` the kernel must answer and the judge that will score
the evidence. The kernel's test cell becomes a call to
`grader.in_kernel.answer_requests` with the packed requests (`kernel_source`).
"""

from __future__ import annotations

import base64
import functools
from dataclasses import dataclass, field, replace
from typing import Callable

import cloudpickle

from grader import checks
from grader.evidence import Request, quiet

PLAN_MODULE = "__calc4ml_plan__"  # not importable: cloudpickle ships what it defines by value


class CourseBug(Exception):
    """A test cell the grader cannot plan: the course must be fixed, not the student's answer."""


class StudentAnswer:
    """Stands for a student's answer while the grader plans; it can only be handed to a check."""

    def __init__(self, name: str):
        self.name = name

    def _misuse(self, *args, **kwargs):
        raise CourseBug(f"a test uses the student's `{self.name}` directly; tests may only pass "
                        "student answers to the course's checks, which run them in the student's kernel")

    __call__ = __getattr__ = __getitem__ = __iter__ = __len__ = __bool__ = __float__ = __int__ = _misuse
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = __array__ = _misuse


@dataclass
class PlannedCheck:
    request: Request
    judge: checks.Judge
    namespace: dict  # where catalogued mistakes run: the setup's names and the trusted stand-ins


@dataclass
class PlannedCell:
    grade_id: str
    checks: list[PlannedCheck] = field(default_factory=list)
    error: str | None = None  # why the cell could not be planned (a course bug)


class Planner:
    """The check session of the grader's process: records requests instead of running them."""

    def __init__(self, namespace: dict):
        self.namespace = namespace
        self.trusted: dict[str, Callable] = {}
        self.planned: list[PlannedCheck] = []

    def trust(self, implementations: dict[str, Callable]) -> None:
        self.trusted.update(implementations)

    def substitutes_for(self, name: str) -> dict[str, Callable]:
        return {}  # lent once every cell is planned (`_lend`): it depends on the submission's order

    def submit(self, request: Request, answer, judge: checks.Judge) -> None:
        if not isinstance(answer, StudentAnswer):
            raise CourseBug(f"the check of `{request.name}` is given a value the test computed, not a student's "
                            "answer; the grader cannot ask the student's kernel for it")
        self.planned.append(PlannedCheck(replace(request, answer=answer.name), judge, dict(self.namespace)))


def plan_notebook(cells: list[tuple[str, str, str]], answer_names: list[str]) -> dict[str, PlannedCell]:
    """Plan the test cells of one notebook.

    `cells` are (role, grade_id, source) in the submission's order, role "setup"
    for the instructor's locked code cells and "test" for test cells; sources
    come from the gradebook, never from the submission.
    """
    plans, trusted = _plan(tuple(map(tuple, cells)), tuple(answer_names))
    # Each submission gets its own copies to lend to; the judges are pure and shared.
    plans = {grade_id: PlannedCell(grade_id, [PlannedCheck(c.request, c.judge, dict(c.namespace)) for c in plan.checks],
                                   plan.error)
             for grade_id, plan in plans.items()}
    _lend(plans, [grade_id for role, grade_id, _ in cells if role == "test"], trusted)
    return plans


# The same cells plan the same way for every student of a class: the references
# are worked out once per grading process, not once per submission.
@functools.lru_cache(maxsize=16)
def _plan(cells: tuple[tuple[str, str, str], ...], answer_names: tuple[str, ...]):
    namespace = {"__name__": PLAN_MODULE, **{name: StudentAnswer(name) for name in answer_names}}
    planner = Planner(namespace)
    plans: dict[str, PlannedCell] = {}
    previous = checks.use_session(planner)
    try:
        for role, grade_id, source in cells:
            if role == "setup":
                _run(source, grade_id, namespace)
        # A test may use what an earlier test's hidden code defined, and a
        # submission may have moved its test cells: one that meets an undefined
        # name is planned again once the others are.
        pending = [(grade_id, source) for role, grade_id, source in cells if role == "test"]
        while pending:
            waiting = []
            for grade_id, source in pending:
                planner.planned = []
                plans[grade_id] = PlannedCell(grade_id)
                try:
                    _run(source, grade_id, namespace)
                except NameError as exc:
                    waiting.append((grade_id, source))
                    plans[grade_id].error = f"NameError: {exc}"
                except Exception as exc:  # the instructor's test code, failing in the grader
                    plans[grade_id].error = f"{type(exc).__name__}: {exc}"
                else:
                    plans[grade_id].checks = planner.planned
            if len(waiting) == len(pending):
                break
            pending = waiting
    finally:
        checks.use_session(previous)
    return plans, planner.trusted


def _lend(plans: dict[str, PlannedCell], order: list[str], trusted: dict[str, Callable]) -> None:
    """Give each request the trusted versions of the exercises checked before it in the submission.

    Only those: the kernel has already given their evidence. An answer lent its
    own reference, or one it could keep for later, could pass it off as its own.
    """
    checked: set[str] = set()
    for grade_id in order:
        for check in plans[grade_id].checks:
            name = check.request.name
            lent = {k: v for k, v in trusted.items() if k in checked and k != name}
            check.request = replace(check.request, substitutes={**lent, **check.request.substitutes})
            check.namespace.update(lent)
        checked.update(check.request.name for check in plans[grade_id].checks)


def _run(source: str, grade_id: str, namespace: dict) -> None:
    with quiet():
        exec(compile(source, f"<{grade_id}>", "exec"), namespace)


def kernel_source(grade_id: str, nonce: str, plan: PlannedCell) -> str:
    """The code the kernel runs in place of a test cell: answer the packed requests."""
    packed = base64.b64encode(cloudpickle.dumps((nonce, [c.request for c in plan.checks]))).decode()
    return (f"# {grade_id}: the grader's requests; the answers are judged outside this kernel\n"
            f"__import__('grader.in_kernel', fromlist=['*']).answer_requests('{packed}')\n")
